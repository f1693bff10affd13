-- Up Migration

-- Reference data (seeded from db/seed/helgeland.json at start; a deployment elsewhere replaces it).
CREATE TABLE sykehus (
  id text PRIMARY KEY,
  navn text NOT NULL,
  kartleggingsteam text
);

CREATE TABLE kartleggingsteam (
  id text PRIMARY KEY,
  navn text NOT NULL,
  vertskommune text NOT NULL,
  sykehus text NOT NULL REFERENCES sykehus(id)
);

CREATE TABLE kommune (
  nummer text PRIMARY KEY,
  navn text NOT NULL,
  sykehus text REFERENCES sykehus(id),
  -- Overrides of the frist defaults from the kommune's samarbeidsavtale (FristKonfigurasjon, partial).
  frister jsonb NOT NULL DEFAULT '{}'::jsonb,
  oppdatert timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dognpris (
  ar integer PRIMARY KEY,
  belop integer NOT NULL CHECK (belop > 0)
);

-- The patient, stored once. Looked up by a keyed hash (HMAC-SHA256) of the fødselsnummer;
-- the number itself only encrypted (AES-256-GCM). Neither leaves this table.
CREATE TABLE pasient (
  id uuid PRIMARY KEY,
  fnr_hmac bytea NOT NULL UNIQUE,
  fnr_kryptert text NOT NULL,
  opprettet timestamptz NOT NULL DEFAULT now()
);

-- Current state of each forløp: the projection the workflow writes.
CREATE TABLE forlop (
  id uuid PRIMARY KEY,
  pasient_id uuid NOT NULL REFERENCES pasient(id),
  oppholdskommune text NOT NULL,
  sykehus text NOT NULL,
  avdeling text NOT NULL,
  innlagt_tidspunkt timestamptz NOT NULL,
  antatt_behov_kommunale_tjenester boolean NOT NULL,
  kartlegging_inkludert boolean NOT NULL,
  status text NOT NULL,
  kartlegging_status text NOT NULL,
  frister jsonb NOT NULL DEFAULT '[]'::jsonb,
  overliggerdogn jsonb NOT NULL DEFAULT '[]'::jsonb,
  siste_sekvens integer NOT NULL DEFAULT 0,
  utskrevet_tidspunkt timestamptz,
  destinasjon text,
  kartlegging_fullfort_tidspunkt timestamptz,
  forste_utskrivningsklar_tidspunkt timestamptz,
  reinnleggelse_av uuid REFERENCES forlop(id),
  reinnleggelse_dager integer,
  opprettet timestamptz NOT NULL DEFAULT now(),
  oppdatert timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forlop_kommune_innlagt ON forlop (oppholdskommune, innlagt_tidspunkt, id);
CREATE INDEX forlop_sykehus_innlagt ON forlop (sykehus, innlagt_tidspunkt, id);
CREATE INDEX forlop_innlagt ON forlop (innlagt_tidspunkt, id);
CREATE INDEX forlop_pasient_utskrevet ON forlop (pasient_id, utskrevet_tidspunkt);

-- Append-only log of hendelser: who, when it happened, when it was registered.
CREATE TABLE hendelse (
  forlop_id uuid NOT NULL REFERENCES forlop(id),
  sekvens integer NOT NULL,
  hendelse_id uuid NOT NULL,
  type text NOT NULL,
  tidspunkt timestamptz NOT NULL,
  registrert timestamptz NOT NULL,
  av_rolle text NOT NULL,
  av_org text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (forlop_id, sekvens),
  UNIQUE (forlop_id, hendelse_id)
);

-- Overliggerdøgn per day, priced at that day's year (rewritten by the projection).
CREATE TABLE overliggerdogn_dag (
  forlop_id uuid NOT NULL REFERENCES forlop(id),
  dato date NOT NULL,
  oppholdskommune text NOT NULL,
  belop integer NOT NULL,
  pris_forelopig boolean NOT NULL DEFAULT false,
  betalingsvilkar_oppfylt boolean NOT NULL,
  omstridt boolean NOT NULL,
  PRIMARY KEY (forlop_id, dato)
);
CREATE INDEX overliggerdogn_dag_kommune_dato ON overliggerdogn_dag (oppholdskommune, dato);

-- Samhandlingsavvik: never deleted; one per breached frist instance (forlop_id, nokkel).
CREATE TABLE avvik (
  id uuid PRIMARY KEY,
  forlop_id uuid NOT NULL REFERENCES forlop(id),
  nokkel text NOT NULL,
  type text NOT NULL,
  ansvarlig_rolle text NOT NULL,
  ansvarlig_org text NOT NULL,
  motpart_rolle text NOT NULL,
  motpart_org text NOT NULL,
  frist timestamptz,
  brutt timestamptz NOT NULL,
  tekst text NOT NULL,
  status text NOT NULL DEFAULT 'åpen',
  opprettet timestamptz NOT NULL DEFAULT now(),
  UNIQUE (forlop_id, nokkel)
);
CREATE INDEX avvik_brutt ON avvik (brutt, id);
CREATE INDEX avvik_forlop ON avvik (forlop_id);

CREATE TABLE avvik_historikk (
  id bigserial PRIMARY KEY,
  avvik_id uuid NOT NULL REFERENCES avvik(id),
  tidspunkt timestamptz NOT NULL DEFAULT now(),
  av_rolle text NOT NULL,
  av_org text NOT NULL,
  status text NOT NULL,
  kommentar text
);
CREATE INDEX avvik_historikk_avvik ON avvik_historikk (avvik_id, id);

-- Varsler: a gap-free sequence per receiving org (the counter row is locked in the same transaction).
CREATE TABLE varsel_teller (
  org text PRIMARY KEY,
  siste bigint NOT NULL
);

CREATE TABLE varsel (
  id uuid PRIMARY KEY,
  mottaker_org text NOT NULL,
  sekvens bigint NOT NULL,
  type text NOT NULL,
  forlop_id uuid NOT NULL REFERENCES forlop(id),
  frist timestamptz,
  tekst text NOT NULL,
  opprettet timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mottaker_org, sekvens)
);

CREATE TABLE webhook (
  id uuid PRIMARY KEY,
  org text NOT NULL,
  url text NOT NULL,
  typer text[],
  secret text NOT NULL,
  opprettet timestamptz NOT NULL DEFAULT now(),
  slettet timestamptz
);
CREATE INDEX webhook_org ON webhook (org) WHERE slettet IS NULL;

CREATE TABLE webhook_forsok (
  id bigserial PRIMARY KEY,
  webhook_id uuid NOT NULL REFERENCES webhook(id),
  varsel_id uuid NOT NULL REFERENCES varsel(id),
  forsok integer NOT NULL,
  tidspunkt timestamptz NOT NULL DEFAULT now(),
  http_status integer,
  feil text,
  levert boolean NOT NULL
);
CREATE INDEX webhook_forsok_varsel ON webhook_forsok (varsel_id, webhook_id);

-- POST /forlop with Idempotency-Key: the first answer is returned for a retry.
CREATE TABLE idempotens (
  org text NOT NULL,
  nokkel text NOT NULL,
  body_hash text NOT NULL,
  forlop_id uuid NOT NULL,
  opprettet timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org, nokkel)
);

-- Every read of a patient's forløp: who, when, which.
CREATE TABLE lesing (
  id bigserial PRIMARY KEY,
  tidspunkt timestamptz NOT NULL DEFAULT now(),
  rolle text NOT NULL,
  org text NOT NULL,
  forlop_id uuid NOT NULL,
  handling text NOT NULL
);
CREATE INDEX lesing_forlop ON lesing (forlop_id, tidspunkt);

-- Down Migration
DROP TABLE lesing, idempotens, webhook_forsok, webhook, varsel, varsel_teller, avvik_historikk, avvik,
  overliggerdogn_dag, hendelse, forlop, pasient, dognpris, kommune, kartleggingsteam, sykehus;
