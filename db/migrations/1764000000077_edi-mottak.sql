-- Up Migration

-- Every message the EDI poller took from Norsk helsenett's message server, keyed by the server's
-- message id: each step (fetched, applied, receipted, marked read) is written once, so a poller
-- that crashes anywhere picks up where it was and applies and receipts a message once.
CREATE TABLE edi_mottak (
  melding_id text PRIMARY KEY,
  -- The server's sender (its HER-id), as the message's metadata names it.
  avsender_her_id bigint,
  hentet timestamptz NOT NULL DEFAULT now(),
  -- The business document as received, encrypted (it may name the patient).
  dokument_kryptert text NOT NULL,
  -- What it was: a PLO message, a Dialogmelding answering one of our varsler, or neither.
  art text CHECK (art IN ('plo', 'dialogmelding', 'ukjent')),
  msg_id text,
  -- The receipt the engine answers with: Ok or Rejected with kodeverk 8221 errors.
  kvittering_status text CHECK (kvittering_status IN ('Ok', 'Rejected')),
  kvittering_feil jsonb NOT NULL DEFAULT '[]'::jsonb,
  anvendt timestamptz,
  -- The AppRec as posted to the server (its id there), and when the message was marked read.
  kvittering_id text,
  kvittert timestamptz,
  lest timestamptz
);

-- A kommune's Dialogmelding answering a varsel the engine sent (ConversationRef to the varsel's
-- MsgId): shown on the forløp's timeline for the ward. The text is the kommune's free text about
-- the patient: encrypted as the patient's name is.
CREATE TABLE forlop_dialogmelding (
  id uuid PRIMARY KEY,
  forlop_id uuid NOT NULL REFERENCES forlop(id),
  -- The varsel it answers (its id was the outgoing Dialogmelding's MsgId).
  varsel_id uuid NOT NULL REFERENCES varsel(id),
  avsender_her text NOT NULL,
  avsender_org text NOT NULL,
  msg_id text NOT NULL,
  sendt timestamptz,
  mottatt timestamptz NOT NULL DEFAULT now(),
  innhold_kryptert text NOT NULL,
  UNIQUE (avsender_her, msg_id)
);
CREATE INDEX forlop_dialogmelding_forlop ON forlop_dialogmelding (forlop_id, mottatt);

-- Down Migration
DROP TABLE forlop_dialogmelding;
DROP TABLE edi_mottak;
