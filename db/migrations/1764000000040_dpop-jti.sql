-- Up Migration

-- Every DPoP proof's jti is accepted once (RFC 9449 section 11.1): a proof copied from a request
-- cannot be played again within its iat window. Keyed by the proof key's thumbprint, since jti is
-- unique per key; rows are kept until the window has passed and are then deleted.
CREATE TABLE dpop_jti (
  jkt TEXT NOT NULL,
  jti TEXT NOT NULL,
  utloper TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (jkt, jti)
);
CREATE INDEX dpop_jti_utloper ON dpop_jti (utloper);

-- Down Migration
DROP TABLE dpop_jti;
