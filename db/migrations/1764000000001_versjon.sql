-- Up Migration

-- The projection's version (ForlopProjeksjon.versjon): grows with every write of the forløp
-- workflow, so a delayed or retried older write never overwrites a newer one.
ALTER TABLE forlop ADD COLUMN versjon integer NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE forlop DROP COLUMN versjon;
