-- Up Migration

-- The access log is append-only: who read which patient's forløp stays as it was written.
CREATE FUNCTION lesing_kun_tillegg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'tilgangsloggen (lesing) kan bare utvides, ikke endres eller slettes';
END;
$$;
CREATE TRIGGER lesing_kun_tillegg BEFORE UPDATE OR DELETE OR TRUNCATE ON lesing
  FOR EACH STATEMENT EXECUTE FUNCTION lesing_kun_tillegg();
CREATE INDEX lesing_tidspunkt ON lesing (tidspunkt, id);
CREATE INDEX lesing_org ON lesing (org, tidspunkt);

-- Down Migration
DROP INDEX lesing_org;
DROP INDEX lesing_tidspunkt;
DROP TRIGGER lesing_kun_tillegg ON lesing;
DROP FUNCTION lesing_kun_tillegg();
