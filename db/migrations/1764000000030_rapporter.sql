-- Up Migration

-- The reports (db/rapporter.ts) read the engine's own tables; these indexes let a year of all
-- kommuner be answered without scanning every forløp ever stored.

-- Forløp by utskrivning (the utskrivning indicators) and by completed kartlegging.
CREATE INDEX forlop_utskrevet ON forlop (utskrevet_tidspunkt) WHERE utskrevet_tidspunkt IS NOT NULL;
CREATE INDEX forlop_kartlagt ON forlop (kartlegging_fullfort_tidspunkt) WHERE kartlegging_fullfort_tidspunkt IS NOT NULL;
-- The same patient's next admission after an utskrivning (reinnleggelse within 2/3/5/30 days).
CREATE INDEX forlop_pasient_innlagt ON forlop (pasient_id, innlagt_tidspunkt);
-- Overliggerdøgn of all kommuner by date (the per-kommune index leads with the kommune).
CREATE INDEX overliggerdogn_dag_dato ON overliggerdogn_dag (dato);

-- A report read is logged in the access log like every read of patient data: one row per read
-- with the report and its parameters in `handling` and no single forløp (forlop_id NULL); a day
-- list (overliggerdøgn with detaljer) also logs one row per forløp it names.
ALTER TABLE lesing ALTER COLUMN forlop_id DROP NOT NULL;

-- Down Migration
ALTER TABLE lesing ALTER COLUMN forlop_id SET NOT NULL;
DROP INDEX overliggerdogn_dag_dato;
DROP INDEX forlop_pasient_innlagt;
DROP INDEX forlop_kartlagt;
DROP INDEX forlop_utskrevet;
