-- Up Migration

-- A message whose apply fails for a reason of its own (a bug, a constraint: not the database or
-- Temporal being away, which is not counted) is tried EDI_MAKS_FORSOK times, then set aside:
-- `feilet` set, left unread on the server and not receipted, and the poller goes on with the
-- others. An admin lists them (GET /api/v1/edi/mottak/feilet) and sends one back to be tried
-- again (POST …/{meldingId}/prov-igjen). The error text is the error's kind and message with
-- quoted values and long numbers taken out (nhn/mottak-feil.ts): no patient data.
ALTER TABLE edi_mottak
  ADD COLUMN forsok integer NOT NULL DEFAULT 0,
  ADD COLUMN siste_feil text,
  ADD COLUMN siste_feil_tid timestamptz,
  ADD COLUMN feilet timestamptz;
CREATE INDEX edi_mottak_feilet ON edi_mottak (feilet) WHERE feilet IS NOT NULL;

-- Down Migration
DROP INDEX edi_mottak_feilet;
ALTER TABLE edi_mottak DROP COLUMN feilet, DROP COLUMN siste_feil_tid, DROP COLUMN siste_feil, DROP COLUMN forsok;
