-- Up Migration

-- An avvik is besvart only when the party it is for answered (docs/api.md "Avvik: answering and
-- following up"): a kommentar from that party, or its own move to under_behandling. A move by the
-- samhandlingsavdeling (closing it, taking it under behandling) is not the party's answer; an
-- avvik lukket or trukket without one shows svarStatus lukket_uten_svar (db/avvik.ts), and its
-- follow-up ends all the same (it reads the status too).
CREATE OR REPLACE FUNCTION avvik_besvart() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE avvik a SET besvart = now()
   WHERE a.id = NEW.avvik_id AND a.besvart IS NULL
     AND NEW.av_org = a.ansvarlig_org AND NEW.av_rolle = a.ansvarlig_rolle
     AND (NEW.kommentar IS NOT NULL OR NEW.status = 'under_behandling');
  RETURN NULL;
END;
$$;

-- Avvik stored before: their first answer from the party, from their history, or none.
UPDATE avvik a SET besvart = h.forste
  FROM (SELECT x.id, min(h.tidspunkt) AS forste
          FROM avvik x LEFT JOIN avvik_historikk h
            ON h.avvik_id = x.id AND h.av_org = x.ansvarlig_org AND h.av_rolle = x.ansvarlig_rolle
           AND (h.kommentar IS NOT NULL OR h.status = 'under_behandling')
         GROUP BY x.id) h
 WHERE a.id = h.id AND a.besvart IS DISTINCT FROM h.forste;

-- Down Migration
CREATE OR REPLACE FUNCTION avvik_besvart() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE avvik a SET besvart = now()
   WHERE a.id = NEW.avvik_id AND a.besvart IS NULL
     AND (NEW.status IN ('under_behandling', 'lukket', 'trukket')
          OR (NEW.kommentar IS NOT NULL AND NEW.av_org = a.ansvarlig_org AND NEW.av_rolle = a.ansvarlig_rolle));
  RETURN NULL;
END;
$$;
