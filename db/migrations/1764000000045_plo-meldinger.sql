-- Up Migration

-- The patient's name (PLO messages always carry it; POST /forlop may): encrypted like the
-- fødselsnummer (AES-256-GCM, db/pasient.ts), never in plain text anywhere.
ALTER TABLE pasient ADD COLUMN navn_kryptert text;

-- The address table: HER-ids (Adresseregisteret) → the engine's org codes (a sykehus id, a
-- kommunenummer, HSYK for the helseforetak, MOTOR for the engine itself). Seeded for the
-- region from db/seed/helgeland.json (missing rows only); an admin edits it.
CREATE TABLE adresse (
  her_id text PRIMARY KEY CHECK (her_id ~ '^[0-9]{1,12}$'),
  org text NOT NULL,
  navn text NOT NULL,
  orgnr text CHECK (orgnr ~ '^[0-9]{9}$'),
  oppdatert timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX adresse_org ON adresse (org);

-- Every PLO message received, keyed by its sender (the institution's HER-id) and MsgId: the
-- same message again is answered with the stored receipt and changes nothing. The row is
-- written before the message is applied (status 'mottatt') and completed with its receipt
-- after; a repeat of a message whose answer was lost applies it again (every effect is
-- idempotent by name-based ids) and gets the same receipt (its id and time are this row's).
CREATE TABLE plo_melding (
  avsender_her text NOT NULL,
  msg_id text NOT NULL,
  type text NOT NULL,
  versjon text,
  forsendelsesstatus text,
  ref_to_parent text,
  avsender_her_ider text[] NOT NULL,
  mottaker_her_ider text[] NOT NULL,
  avsender_org text,
  mottaker_org text,
  sykehus text,
  kommune text,
  gen_date timestamptz,
  mottatt timestamptz NOT NULL DEFAULT now(),
  -- The message as received, encrypted (it names the patient).
  melding_kryptert text NOT NULL,
  pasient_id uuid REFERENCES pasient(id),
  status text NOT NULL DEFAULT 'mottatt' CHECK (status IN ('mottatt', 'ok', 'avvist')),
  -- OK and applied to a forløp, or OK and recorded only (merknad says why).
  anvendt boolean,
  merknad text,
  feil jsonb NOT NULL DEFAULT '[]'::jsonb,
  forlop_id uuid REFERENCES forlop(id),
  hendelse_ider uuid[] NOT NULL DEFAULT '{}',
  kansellert_av text,
  kvittering text,
  kvittert timestamptz,
  PRIMARY KEY (avsender_her, msg_id)
);
CREATE INDEX plo_melding_mottatt ON plo_melding (mottatt DESC, avsender_her, msg_id);
CREATE INDEX plo_melding_forlop ON plo_melding (forlop_id) WHERE forlop_id IS NOT NULL;

-- Down Migration
DROP TABLE plo_melding;
DROP TABLE adresse;
ALTER TABLE pasient DROP COLUMN navn_kryptert;
