-- Up Migration

-- Kartlegging (Trygt hjem): why a patient is (not) included and which criteria decided.
ALTER TABLE forlop ADD COLUMN kartlegging_grunn text;
ALTER TABLE forlop ADD COLUMN kartlegging_kriterier_versjon integer;

-- The inclusion criteria, versioned: a change is a new row and applies to forløp started after it.
CREATE TABLE kartlegging_kriterier (
  versjon integer PRIMARY KEY,
  kriterier jsonb NOT NULL,
  opprettet timestamptz NOT NULL DEFAULT now(),
  av_rolle text NOT NULL,
  av_org text NOT NULL
);

-- The team's drafts of the structured kartlegging, every save kept (who, when, which model version).
CREATE TABLE kartlegging_utkast (
  forlop_id uuid NOT NULL REFERENCES forlop(id),
  versjon integer NOT NULL,
  skjema_versjon text NOT NULL,
  innhold jsonb NOT NULL,
  av_rolle text NOT NULL,
  av_org text NOT NULL,
  lagret timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (forlop_id, versjon)
);

-- The inclusion as it stands: a KARTLEGGING_INKLUSJON hendelse (recorded by lagre_endring, in
-- sekvens order, once) moves it, in the same statement; the team's scope and worklist read it.
CREATE FUNCTION kartlegging_inklusjon_projeksjon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE forlop
     SET kartlegging_inkludert = (NEW.data->>'inkludert')::boolean,
         kartlegging_grunn = NEW.data->>'grunn'
   WHERE id = NEW.forlop_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER kartlegging_inklusjon_projeksjon AFTER INSERT ON hendelse
  FOR EACH ROW WHEN (NEW.type = 'KARTLEGGING_INKLUSJON') EXECUTE FUNCTION kartlegging_inklusjon_projeksjon();

-- The worklist: included patients at one sykehus whose kartlegging is not done.
CREATE INDEX forlop_arbeidsliste ON forlop (sykehus, innlagt_tidspunkt)
  WHERE kartlegging_inkludert AND kartlegging_status IN ('ikke_startet', 'pagar');

-- Down Migration
DROP INDEX forlop_arbeidsliste;
DROP TRIGGER kartlegging_inklusjon_projeksjon ON hendelse;
DROP FUNCTION kartlegging_inklusjon_projeksjon();
DROP TABLE kartlegging_utkast;
DROP TABLE kartlegging_kriterier;
ALTER TABLE forlop DROP COLUMN kartlegging_kriterier_versjon;
ALTER TABLE forlop DROP COLUMN kartlegging_grunn;
