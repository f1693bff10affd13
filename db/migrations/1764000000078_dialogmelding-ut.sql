-- Up Migration

-- Every varsel sent to a kommune's EPJ as a Dialogmelding (nhn/dialogmelding.ts), one row per
-- varsel: the document as made once (a retried send posts these very bytes, with this MsgId),
-- the message server's id for it, and the receiver's receipt. The kommune's answer refers to
-- msg_id by ConversationRef (the inbound poller reads this table to find the varsel and forløp).
-- The document holds only what the varsel row holds (its text, the forløp id, the frist): no
-- patient identifier or name.
CREATE TABLE dialogmelding_ut (
  varsel_id uuid PRIMARY KEY REFERENCES varsel(id),
  msg_id text NOT NULL UNIQUE,
  forlop_id uuid NOT NULL REFERENCES forlop(id),
  kommune text NOT NULL,
  avsender_her text NOT NULL,
  mottaker_her text NOT NULL,
  dokument text NOT NULL,
  opprettet timestamptz NOT NULL DEFAULT now(),
  -- The message server's id (POST /Messages); null until sent.
  melding_id text,
  sendt timestamptz,
  -- sendt: waiting for the receipt; levert: Ok receipt; avvist: Rejected receipt (or the server
  -- refused the message); ikke_kvittert: no receipt within EDI_KVITTERING_FRIST.
  status text NOT NULL DEFAULT 'laget' CHECK (status IN ('laget', 'sendt', 'levert', 'avvist', 'ikke_kvittert')),
  kvittering_status text,
  kvittering_kode text,
  kvittering_beskrivelse text,
  avgjort timestamptz
);
CREATE INDEX dialogmelding_ut_forlop ON dialogmelding_ut (forlop_id);
CREATE INDEX dialogmelding_ut_ikke_levert ON dialogmelding_ut (avgjort DESC) WHERE status IN ('avvist', 'ikke_kvittert');

-- Down Migration
DROP TABLE dialogmelding_ut;
