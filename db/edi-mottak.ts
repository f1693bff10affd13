/**
 * The EDI poller's record of each message taken from the message server (edi_mottak), and the
 * kommuner's Dialogmelding answers on a forløp's timeline (forlop_dialogmelding). Every write is
 * once: a step repeated after a crash finds its own row and changes nothing.
 */
import type pg from 'pg';
import type { Kvitteringsfeil } from '../plo/melding';
import type { Pool, PoolClient } from './pool';

type Db = Pool | PoolClient;
type Sporbar = { query: pg.ClientBase['query'] };
const q = (db: Db): Sporbar => db as unknown as Sporbar;

export type EdiArt = 'plo' | 'dialogmelding' | 'ukjent';
export type EdiKvitteringStatus = 'Ok' | 'Rejected';

export interface EdiMottakRad {
  meldingId: string;
  dokumentKryptert: string;
  avsenderHerId: number | null;
  art: EdiArt | null;
  msgId: string | null;
  kvitteringStatus: EdiKvitteringStatus | null;
  kvitteringFeil: Kvitteringsfeil[];
  kvittert: Date | null;
  lest: Date | null;
  /** Set aside after EDI_MAKS_FORSOK failed applies: not tried again until an admin says so. */
  feilet: Date | null;
}

export async function hentEdiMottak(db: Db, meldingId: string): Promise<EdiMottakRad | null> {
  const r = await q(db).query<{
    melding_id: string;
    dokument_kryptert: string;
    avsender_her_id: string | null;
    art: EdiArt | null;
    msg_id: string | null;
    kvittering_status: EdiKvitteringStatus | null;
    kvittering_feil: Kvitteringsfeil[];
    kvittert: Date | null;
    lest: Date | null;
    feilet: Date | null;
  }>('SELECT * FROM edi_mottak WHERE melding_id = $1', [meldingId]);
  const x = r.rows[0];
  return x
    ? {
        meldingId: x.melding_id,
        dokumentKryptert: x.dokument_kryptert,
        avsenderHerId: x.avsender_her_id === null ? null : Number(x.avsender_her_id),
        art: x.art,
        msgId: x.msg_id,
        kvitteringStatus: x.kvittering_status,
        kvitteringFeil: x.kvittering_feil ?? [],
        kvittert: x.kvittert,
        lest: x.lest,
        feilet: x.feilet,
      }
    : null;
}

/** Stores the fetched document once (a second fetch of the same message leaves the first). */
export async function lagreHentet(db: Db, meldingId: string, avsenderHerId: number | null, dokumentKryptert: string): Promise<void> {
  await q(db).query(`INSERT INTO edi_mottak (melding_id, avsender_her_id, dokument_kryptert) VALUES ($1, $2, $3) ON CONFLICT (melding_id) DO NOTHING`, [
    meldingId,
    avsenderHerId,
    dokumentKryptert,
  ]);
}

/** The receipt the message is answered with, written once; answers the one stored. */
export async function lagreUtfall(
  db: Db,
  meldingId: string,
  u: { art: EdiArt; msgId: string | null; status: EdiKvitteringStatus; feil: Kvitteringsfeil[] },
): Promise<{ status: EdiKvitteringStatus; feil: Kvitteringsfeil[] }> {
  await q(db).query(
    `UPDATE edi_mottak SET art = $2, msg_id = $3, kvittering_status = $4, kvittering_feil = $5, anvendt = now()
      WHERE melding_id = $1 AND kvittering_status IS NULL`,
    [meldingId, u.art, u.msgId, u.status, JSON.stringify(u.feil)],
  );
  const rad = await hentEdiMottak(db, meldingId);
  if (!rad?.kvitteringStatus) throw new Error('EDI-meldingens utfall ble verken lagret eller funnet');
  return { status: rad.kvitteringStatus, feil: rad.kvitteringFeil };
}

export async function merkKvittert(db: Db, meldingId: string, kvitteringId: string): Promise<void> {
  await q(db).query('UPDATE edi_mottak SET kvittering_id = $2, kvittert = now() WHERE melding_id = $1 AND kvittert IS NULL', [meldingId, kvitteringId]);
}

export async function merkLestLagret(db: Db, meldingId: string): Promise<void> {
  await q(db).query('UPDATE edi_mottak SET lest = now() WHERE melding_id = $1 AND lest IS NULL', [meldingId]);
}

// --- messages whose apply fails ---

/**
 * One failed apply of a message, counted; at `maks` the message is set aside. Answers the count
 * and whether it is now set aside. A message already applied is not counted (nothing to retry).
 */
export async function registrerFeiletForsok(db: Db, meldingId: string, feiltekst: string, maks: number): Promise<{ forsok: number; feilet: boolean }> {
  const r = await q(db).query<{ forsok: number; feilet: boolean }>(
    `UPDATE edi_mottak SET forsok = forsok + 1, siste_feil = $2, siste_feil_tid = now(),
            feilet = CASE WHEN forsok + 1 >= $3 THEN coalesce(feilet, now()) ELSE feilet END
      WHERE melding_id = $1 AND kvittering_status IS NULL
      RETURNING forsok, feilet IS NOT NULL AS feilet`,
    [meldingId, feiltekst, maks],
  );
  return r.rows[0] ?? { forsok: 0, feilet: false };
}

/** Which of these server ids are set aside (the poller passes them by). */
export async function feiletBlant(db: Db, meldingIder: string[]): Promise<Set<string>> {
  if (meldingIder.length === 0) return new Set();
  const r = await q(db).query<{ melding_id: string }>('SELECT melding_id FROM edi_mottak WHERE melding_id = ANY($1) AND feilet IS NOT NULL', [meldingIder]);
  return new Set(r.rows.map((x) => x.melding_id));
}

export interface FeiletMelding {
  meldingId: string;
  forsok: number;
  sisteFeil: string | null;
  feilet: Date;
}

/** The messages set aside, the newest first (at most 500). */
export async function listFeilet(db: Db): Promise<FeiletMelding[]> {
  const r = await q(db).query<{ melding_id: string; forsok: number; siste_feil: string | null; feilet: Date }>(
    'SELECT melding_id, forsok, siste_feil, feilet FROM edi_mottak WHERE feilet IS NOT NULL ORDER BY feilet DESC, melding_id LIMIT 500',
  );
  return r.rows.map((x) => ({ meldingId: x.melding_id, forsok: x.forsok, sisteFeil: x.siste_feil, feilet: x.feilet }));
}

/** Sends a set-aside message back to the poller with its count at zero; false when none such is set aside. */
export async function provIgjen(db: Db, meldingId: string): Promise<boolean> {
  const r = await q(db).query('UPDATE edi_mottak SET forsok = 0, feilet = NULL WHERE melding_id = $1 AND feilet IS NOT NULL', [meldingId]);
  return (r.rowCount ?? 0) > 0;
}

// --- the kommuner's answers ---

/** The varsel an answer names (its id was our Dialogmelding's MsgId): its forløp and receiver. */
export async function hentVarselForSvar(db: Db, varselId: string): Promise<{ forlopId: string; mottakerOrg: string } | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(varselId)) return null;
  const r = await q(db).query<{ forlop_id: string; mottaker_org: string }>('SELECT forlop_id, mottaker_org FROM varsel WHERE id = $1', [varselId]);
  return r.rows[0] ? { forlopId: r.rows[0].forlop_id, mottakerOrg: r.rows[0].mottaker_org } : null;
}

export interface NyDialogmelding {
  id: string;
  forlopId: string;
  varselId: string;
  avsenderHer: string;
  avsenderOrg: string;
  msgId: string;
  sendt: string | null;
  innholdKryptert: string;
}

/** Attaches an answer to its forløp once per (sender, MsgId). */
export async function lagreDialogmelding(db: Db, d: NyDialogmelding): Promise<void> {
  await q(db).query(
    `INSERT INTO forlop_dialogmelding (id, forlop_id, varsel_id, avsender_her, avsender_org, msg_id, sendt, innhold_kryptert)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (avsender_her, msg_id) DO NOTHING`,
    [d.id, d.forlopId, d.varselId, d.avsenderHer, d.avsenderOrg, d.msgId, d.sendt, d.innholdKryptert],
  );
}

export interface DialogmeldingRad {
  id: string;
  varselId: string;
  /** The varsel's own text (no patient in it), so the reader sees what the kommune answers. */
  varselTekst: string | null;
  avsenderOrg: string;
  sendt: Date | null;
  mottatt: Date;
  innholdKryptert: string;
}

/** A forløp's answers in the order they came. */
export async function listDialogmeldinger(db: Db, forlopId: string): Promise<DialogmeldingRad[]> {
  const r = await q(db).query<{
    id: string;
    varsel_id: string;
    varsel_tekst: string | null;
    avsender_org: string;
    sendt: Date | null;
    mottatt: Date;
    innhold_kryptert: string;
  }>(
    `SELECT d.id, d.varsel_id, v.tekst AS varsel_tekst, d.avsender_org, d.sendt, d.mottatt, d.innhold_kryptert
       FROM forlop_dialogmelding d LEFT JOIN varsel v ON v.id = d.varsel_id
      WHERE d.forlop_id = $1 ORDER BY d.mottatt, d.id`,
    [forlopId],
  );
  return r.rows.map((x) => ({
    id: x.id,
    varselId: x.varsel_id,
    varselTekst: x.varsel_tekst,
    avsenderOrg: x.avsender_org,
    sendt: x.sendt,
    mottatt: x.mottatt,
    innholdKryptert: x.innhold_kryptert,
  }));
}
