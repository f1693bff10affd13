-- Up Migration

-- The reports read rapport_fakta (migration 031), not the forløp rows: the forlop indexes added
-- for them in migration 030 would only cost every write of a forløp.
DROP INDEX forlop_utskrevet;
DROP INDEX forlop_kartlagt;
DROP INDEX forlop_pasient_innlagt;

-- Down Migration
CREATE INDEX forlop_pasient_innlagt ON forlop (pasient_id, innlagt_tidspunkt);
CREATE INDEX forlop_kartlagt ON forlop (kartlegging_fullfort_tidspunkt) WHERE kartlegging_fullfort_tidspunkt IS NOT NULL;
CREATE INDEX forlop_utskrevet ON forlop (utskrevet_tidspunkt) WHERE utskrevet_tidspunkt IS NOT NULL;
