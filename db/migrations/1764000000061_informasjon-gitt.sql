-- Up Migration

-- The indicator andelSkriftligInformasjon (db/rapporter.ts): whether the ward recorded that the
-- patient was given the sheet at discharge (hendelse INFORMASJON_GITT). Kept by the hendelse
-- trigger of migration 031, here with one column more; otherwise the same function.
ALTER TABLE rapport_fakta ADD COLUMN informasjon_gitt boolean NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION rapport_fakta_fra_hendelse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE rapport_fakta SET
    ansvar_avklart = ansvar_avklart
      OR (NEW.type = 'KOMMUNESVAR' AND coalesce(btrim(NEW.data->'kontakt'->>'enhet'), '') <> ''),
    pll_status = CASE WHEN NEW.type IN ('EPIKRISE_SENDT', 'UTSKREVET') AND NEW.data->'legemiddelliste'->>'status' IS NOT NULL
                      THEN NEW.data->'legemiddelliste'->>'status' ELSE pll_status END,
    brukersvar_informasjon = CASE WHEN NEW.type = 'OPPFOLGING_STARTET' AND NEW.data ? 'brukersvar'
                                  THEN NEW.data->'brukersvar'->>'tilstrekkeligInformasjon' ELSE brukersvar_informasjon END,
    brukersvar_kontakte = CASE WHEN NEW.type = 'OPPFOLGING_STARTET' AND NEW.data ? 'brukersvar'
                               THEN NEW.data->'brukersvar'->>'vetHvemKontakte' ELSE brukersvar_kontakte END,
    kartlegging_felles = CASE WHEN NEW.type = 'KARTLEGGING_FULLFORT' THEN NEW.data ? 'skjemaVersjon' ELSE kartlegging_felles END,
    informasjon_gitt = informasjon_gitt OR NEW.type = 'INFORMASJON_GITT'
   WHERE forlop_id = NEW.forlop_id;
  RETURN NULL;
END;
$$;
DROP TRIGGER rapport_fakta_fra_hendelse ON hendelse;
CREATE TRIGGER rapport_fakta_fra_hendelse AFTER INSERT ON hendelse
  FOR EACH ROW WHEN (NEW.type IN ('KOMMUNESVAR', 'EPIKRISE_SENDT', 'UTSKREVET', 'OPPFOLGING_STARTET', 'KARTLEGGING_FULLFORT', 'INFORMASJON_GITT'))
  EXECUTE FUNCTION rapport_fakta_fra_hendelse();

UPDATE rapport_fakta r SET informasjon_gitt = true
 WHERE EXISTS (SELECT 1 FROM hendelse h WHERE h.forlop_id = r.forlop_id AND h.type = 'INFORMASJON_GITT');

-- Down Migration
DROP TRIGGER rapport_fakta_fra_hendelse ON hendelse;
CREATE OR REPLACE FUNCTION rapport_fakta_fra_hendelse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE rapport_fakta SET
    ansvar_avklart = ansvar_avklart
      OR (NEW.type = 'KOMMUNESVAR' AND coalesce(btrim(NEW.data->'kontakt'->>'enhet'), '') <> ''),
    pll_status = CASE WHEN NEW.type IN ('EPIKRISE_SENDT', 'UTSKREVET') AND NEW.data->'legemiddelliste'->>'status' IS NOT NULL
                      THEN NEW.data->'legemiddelliste'->>'status' ELSE pll_status END,
    brukersvar_informasjon = CASE WHEN NEW.type = 'OPPFOLGING_STARTET' AND NEW.data ? 'brukersvar'
                                  THEN NEW.data->'brukersvar'->>'tilstrekkeligInformasjon' ELSE brukersvar_informasjon END,
    brukersvar_kontakte = CASE WHEN NEW.type = 'OPPFOLGING_STARTET' AND NEW.data ? 'brukersvar'
                               THEN NEW.data->'brukersvar'->>'vetHvemKontakte' ELSE brukersvar_kontakte END,
    kartlegging_felles = CASE WHEN NEW.type = 'KARTLEGGING_FULLFORT' THEN NEW.data ? 'skjemaVersjon' ELSE kartlegging_felles END
   WHERE forlop_id = NEW.forlop_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER rapport_fakta_fra_hendelse AFTER INSERT ON hendelse
  FOR EACH ROW WHEN (NEW.type IN ('KOMMUNESVAR', 'EPIKRISE_SENDT', 'UTSKREVET', 'OPPFOLGING_STARTET', 'KARTLEGGING_FULLFORT'))
  EXECUTE FUNCTION rapport_fakta_fra_hendelse();
ALTER TABLE rapport_fakta DROP COLUMN informasjon_gitt;
