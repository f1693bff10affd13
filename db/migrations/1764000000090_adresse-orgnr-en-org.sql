-- Up Migration

-- The address table is the one place an organisation number (HelseID's orgnr_child or
-- orgnr_parent) is mapped to the engine's org (api/auth-helseid.ts). An org has several HER-ids
-- and each may carry its orgnr, so the rule is "one orgnr, one org", not "one orgnr, one row":
-- an exclusion constraint (its gist index needs btree_gist, a trusted extension) refuses the
-- same orgnr on two different orgs. Rows without an orgnr never conflict.
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE adresse ADD CONSTRAINT adresse_orgnr_en_org EXCLUDE USING gist (orgnr WITH =, org WITH <>);

-- Down Migration
ALTER TABLE adresse DROP CONSTRAINT adresse_orgnr_en_org;
