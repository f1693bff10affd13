-- Up Migration

-- Avvik followed up (docs/api.md "Avvik: answering and following up"):
--   svarfrist          when the party it concerns must have answered: registration (opprettet)
--                      plus avvikSvarfrist of the forløp's kommune configuration, computed by the
--                      pure rule in workflows/avvik-oppfolging.ts when the avvik is stored
--   svar_paminnelse    when the reminder (PAMINNELSE) is due: svarfrist minus
--                      avvikSvarfristPaminnelseFor; null when that is not after registration
--   besvart            the first answer: a kommentar from the responsible party, or a move to
--                      under_behandling, lukket or trukket (kept by the trigger below, so every
--                      writer of avvik_historikk, the forløp's lagre_endring too, counts)
--   paminnelse_sendt,
--   eskalert           when the avvik's follow-up workflow (workflows/avvik.workflow.ts) stored
--                      its PAMINNELSE / ESKALERING varsler (deterministic ids: never twice)
--   kategori, hjemmel,
--   strakstiltak       a hand-reported avvik's category, legal/contractual basis and immediate
--                      measures, as the region's avvik guideline asks (null for the engine's own)
ALTER TABLE avvik
  ADD COLUMN svarfrist timestamptz,
  ADD COLUMN svar_paminnelse timestamptz,
  ADD COLUMN besvart timestamptz,
  ADD COLUMN paminnelse_sendt timestamptz,
  ADD COLUMN eskalert timestamptz,
  ADD COLUMN kategori text,
  ADD COLUMN hjemmel text,
  ADD COLUMN strakstiltak text;

CREATE FUNCTION avvik_besvart() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE avvik a SET besvart = now()
   WHERE a.id = NEW.avvik_id AND a.besvart IS NULL
     AND (NEW.status IN ('under_behandling', 'lukket', 'trukket')
          OR (NEW.kommentar IS NOT NULL AND NEW.av_org = a.ansvarlig_org AND NEW.av_rolle = a.ansvarlig_rolle));
  RETURN NULL;
END;
$$;
CREATE TRIGGER avvik_besvart AFTER INSERT ON avvik_historikk
  FOR EACH ROW EXECUTE FUNCTION avvik_besvart();

-- Avvik registered before this release: the regional default (4 weeks, calendar time in
-- Europe/Oslo) from their registration, and their first answer from their history. They have
-- no follow-up workflow: their svarStatus is shown, no reminder is sent for them.
UPDATE avvik SET svarfrist = (opprettet AT TIME ZONE 'Europe/Oslo' + interval '28 days') AT TIME ZONE 'Europe/Oslo'
 WHERE svarfrist IS NULL;
UPDATE avvik a SET besvart = h.forste
  FROM (SELECT h.avvik_id, min(h.tidspunkt) AS forste
          FROM avvik_historikk h JOIN avvik x ON x.id = h.avvik_id
         WHERE h.status IN ('under_behandling', 'lukket', 'trukket')
            OR (h.kommentar IS NOT NULL AND h.av_org = x.ansvarlig_org AND h.av_rolle = x.ansvarlig_rolle)
         GROUP BY h.avvik_id) h
 WHERE a.id = h.avvik_id AND a.besvart IS NULL;

CREATE INDEX avvik_svarfrist_ubesvart ON avvik (svarfrist) WHERE besvart IS NULL;

-- Down Migration
DROP INDEX avvik_svarfrist_ubesvart;
DROP TRIGGER avvik_besvart ON avvik_historikk;
DROP FUNCTION avvik_besvart();
ALTER TABLE avvik
  DROP COLUMN svarfrist, DROP COLUMN svar_paminnelse, DROP COLUMN besvart, DROP COLUMN paminnelse_sendt,
  DROP COLUMN eskalert, DROP COLUMN kategori, DROP COLUMN hjemmel, DROP COLUMN strakstiltak;
