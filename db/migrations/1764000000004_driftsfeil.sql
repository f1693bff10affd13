-- Up Migration

-- A forløp whose timer-driven change PostgreSQL refused as data: the workflow kept its state from
-- before the change and set these, so operations can find it (GET /api/v1/drift/forlop).
ALTER TABLE forlop ADD COLUMN driftsfeil text, ADD COLUMN driftsfeil_tidspunkt timestamptz;
CREATE INDEX forlop_driftsfeil ON forlop (driftsfeil_tidspunkt) WHERE driftsfeil IS NOT NULL;

-- Down Migration
DROP INDEX forlop_driftsfeil;
ALTER TABLE forlop DROP COLUMN driftsfeil, DROP COLUMN driftsfeil_tidspunkt;
