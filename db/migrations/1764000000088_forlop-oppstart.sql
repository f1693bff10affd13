-- Up Migration

-- One open forløp per patient and sykehus (api/handlinger/forlop.ts, db/oppstart.ts): a start
-- claims (patient, sykehus) here before its workflow is started, under a transaction-scoped
-- advisory lock on the pair, so two concurrent admissions of one patient start one forløp and the
-- other is answered 409. The claim names the forløp being started until its workflow has written
-- its row in `forlop`; from then on that row's status decides. The patient is its id, never the
-- fødselsnummer.
CREATE TABLE forlop_oppstart (
  pasient_id uuid NOT NULL REFERENCES pasient(id),
  sykehus text NOT NULL,
  forlop_id uuid NOT NULL,
  opprettet timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pasient_id, sykehus)
);

-- The look-up of a patient's forløp still in hospital at a sykehus.
CREATE INDEX forlop_pasient_sykehus ON forlop (pasient_id, sykehus);

-- Down Migration

DROP INDEX forlop_pasient_sykehus;
DROP TABLE forlop_oppstart;
