-- Up Migration

-- The avdelinger of each sykehus with their telephone (reference data, db/seed/helgeland.json):
-- the patient's sheet at discharge (GET /forlop/{id}/utskrivningsinformasjon) tells whom to
-- call with a question. A forløp names its avdeling in free text; the sheet finds it here by
-- name, ignoring case, and says nothing of a telephone it does not find.
CREATE TABLE avdeling (
  sykehus text NOT NULL REFERENCES sykehus(id),
  navn text NOT NULL,
  telefon text NOT NULL,
  PRIMARY KEY (sykehus, navn)
);
CREATE UNIQUE INDEX avdeling_navn ON avdeling (sykehus, lower(navn));

-- Down Migration
DROP TABLE avdeling;
