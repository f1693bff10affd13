-- Up Migration

-- The forløp's overliggerdøgn live in overliggerdogn_dag (priced by the workflow); the JSON copy
-- on the forløp row was written and never read.
ALTER TABLE forlop DROP COLUMN overliggerdogn;

-- Down Migration
ALTER TABLE forlop ADD COLUMN overliggerdogn jsonb NOT NULL DEFAULT '[]'::jsonb;
