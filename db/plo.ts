/**
 * PLO messages in PostgreSQL: the address table (HER-id → org), the log of received messages
 * with their receipts, and the look-ups the mapping needs (the patient's open forløp, the
 * message a kansellering names).
 */
import type pg from 'pg';
import type { Kvitteringsfeil } from '../plo/melding';
import type { Adresse, ApentForlop, Kansellert, Parter } from '../plo/tolkning';
import type { PloHode, PloMelding } from '../plo/melding';
import type { ForlopStatus, Principal } from '../workflows/types';
import type { Pool, PoolClient } from './pool';
import { scopeSql } from './les';

type Db = Pool | PoolClient;
type Sporbar = { query: pg.ClientBase['query'] };
const q = (db: Db): Sporbar => db as unknown as Sporbar;

// --- the address table ---

export interface AdresseRad extends Adresse {
  orgnr: string | null;
}

export async function hentAdresser(db: Db): Promise<AdresseRad[]> {
  const r = await q(db).query<{ her_id: string; org: string; navn: string; orgnr: string | null }>(
    'SELECT her_id, org, navn, orgnr FROM adresse ORDER BY org, her_id',
  );
  return r.rows.map((a) => ({ herId: a.her_id, org: a.org, navn: a.navn, orgnr: a.orgnr }));
}

/** Inserts or replaces one entry; true when it was new. */
export async function settAdresse(db: Db, a: AdresseRad): Promise<boolean> {
  const r = await q(db).query<{ ny: boolean }>(
    `INSERT INTO adresse (her_id, org, navn, orgnr) VALUES ($1, $2, $3, $4)
     ON CONFLICT (her_id) DO UPDATE SET org = EXCLUDED.org, navn = EXCLUDED.navn, orgnr = EXCLUDED.orgnr, oppdatert = now()
     RETURNING (xmax = 0) AS ny`,
    [a.herId, a.org, a.navn, a.orgnr],
  );
  return r.rows[0].ny;
}

/** Organisation number → org, from the address table: HelseID's orgnr claims are mapped through this only. */
export async function hentOrgnrKart(db: Db): Promise<Map<string, string>> {
  const r = await q(db).query<{ orgnr: string; org: string }>('SELECT DISTINCT orgnr, org FROM adresse WHERE orgnr IS NOT NULL');
  return new Map(r.rows.map((x) => [x.orgnr, x.org]));
}

/** Another org's entry that already carries this orgnr (an orgnr names one org), if any. */
export async function orgnrHosAnnenOrg(db: Db, orgnr: string, org: string): Promise<{ herId: string; org: string } | null> {
  const r = await q(db).query<{ her_id: string; org: string }>('SELECT her_id, org FROM adresse WHERE orgnr = $1 AND org <> $2 ORDER BY her_id LIMIT 1', [
    orgnr,
    org,
  ]);
  return r.rows[0] ? { herId: r.rows[0].her_id, org: r.rows[0].org } : null;
}

/** The sykehus ids and kommunenummer the engine knows: what an address may point to. */
export async function kjenteOrger(db: Db): Promise<{ sykehus: Set<string>; kommuner: Set<string> }> {
  const r = await q(db).query<{ art: string; id: string }>(`SELECT 'sykehus' AS art, id FROM sykehus UNION ALL SELECT 'kommune', nummer FROM kommune`);
  return {
    sykehus: new Set(r.rows.filter((x) => x.art === 'sykehus').map((x) => x.id)),
    kommuner: new Set(r.rows.filter((x) => x.art === 'kommune').map((x) => x.id)),
  };
}

// --- matching ---

/** The patient's forløp at the sykehus that are not closed. */
export async function apneForlop(db: Db, pasientId: string, sykehus: string | null): Promise<ApentForlop[]> {
  const r = await q(db).query<{ id: string; status: ForlopStatus; innlagt_tidspunkt: Date }>(
    `SELECT id, status, innlagt_tidspunkt FROM forlop
      WHERE pasient_id = $1 AND ($2::text IS NULL OR sykehus = $2) AND status NOT IN ('avsluttet', 'avbrutt')`,
    [pasientId, sykehus],
  );
  return r.rows.map((f) => ({ id: f.id, status: f.status, innlagtTidspunkt: f.innlagt_tidspunkt.toISOString() }));
}

// --- the message log ---

export interface PloMeldingRad {
  avsenderHer: string;
  msgId: string;
  type: string;
  versjon: string | null;
  forsendelsesstatus: string | null;
  refToParent: string | null;
  avsenderOrg: string | null;
  mottakerOrg: string | null;
  sykehus: string | null;
  kommune: string | null;
  genDate: Date | null;
  mottatt: Date;
  status: 'mottatt' | 'ok' | 'avvist';
  anvendt: boolean | null;
  merknad: string | null;
  feil: Kvitteringsfeil[];
  forlopId: string | null;
  hendelseIder: string[];
  kansellertAv: string | null;
  kvittering: string | null;
  /** Whether the forløp is in the reader's scope, and the row's cursor position (lists only). */
  forlopISynet?: boolean;
  mikros?: string;
}

interface RaRad {
  avsender_her: string;
  msg_id: string;
  type: string;
  versjon: string | null;
  forsendelsesstatus: string | null;
  ref_to_parent: string | null;
  avsender_org: string | null;
  mottaker_org: string | null;
  sykehus: string | null;
  kommune: string | null;
  gen_date: Date | null;
  mottatt: Date;
  status: 'mottatt' | 'ok' | 'avvist';
  anvendt: boolean | null;
  merknad: string | null;
  feil: Kvitteringsfeil[];
  forlop_id: string | null;
  hendelse_ider: string[];
  kansellert_av: string | null;
  kvittering: string | null;
  i_synet?: boolean;
  mikros?: string;
}

const tilRad = (r: RaRad): PloMeldingRad => ({
  avsenderHer: r.avsender_her,
  msgId: r.msg_id,
  type: r.type,
  versjon: r.versjon,
  forsendelsesstatus: r.forsendelsesstatus,
  refToParent: r.ref_to_parent,
  avsenderOrg: r.avsender_org,
  mottakerOrg: r.mottaker_org,
  sykehus: r.sykehus,
  kommune: r.kommune,
  genDate: r.gen_date,
  mottatt: r.mottatt,
  status: r.status,
  anvendt: r.anvendt,
  merknad: r.merknad,
  feil: r.feil ?? [],
  forlopId: r.forlop_id,
  hendelseIder: r.hendelse_ider ?? [],
  kansellertAv: r.kansellert_av,
  kvittering: r.kvittering,
  ...(r.i_synet !== undefined ? { forlopISynet: r.i_synet, mikros: r.mikros } : {}),
});

export async function hentPloMelding(db: Db, avsenderHer: string, msgId: string): Promise<PloMeldingRad | null> {
  const r = await q(db).query<RaRad>('SELECT * FROM plo_melding WHERE avsender_her = $1 AND msg_id = $2', [avsenderHer, msgId]);
  return r.rows[0] ? tilRad(r.rows[0]) : null;
}

/** The message a kansellering names, as the mapping reads it. */
export async function hentKansellert(db: Db, avsenderHer: string, msgId: string): Promise<Kansellert | null> {
  const m = await hentPloMelding(db, avsenderHer, msgId);
  return m && { msgId: m.msgId, type: m.type, status: m.status, anvendt: m.anvendt, forlopId: m.forlopId, kansellertAv: m.kansellertAv };
}

export interface NyPloMelding {
  avsenderHer: string;
  msgId: string;
  type: string;
  versjon: string | null;
  forsendelsesstatus: string | null;
  refToParent: string | null;
  avsenderHerIder: string[];
  mottakerHerIder: string[];
  avsenderOrg: string | null;
  mottakerOrg: string | null;
  sykehus: string | null;
  kommune: string | null;
  genDate: string | null;
  meldingKryptert: string;
}

/**
 * What is stored of a message: its head, what was read of its document (null when unreadable) and
 * its parties. One mapping for the live path and the archive import, so both store a message alike.
 */
export function meldingFelter(
  hode: PloHode,
  melding: Pick<PloMelding, 'versjon' | 'forsendelsesstatus' | 'refToParent'> | null,
  parter: Parter,
): Omit<NyPloMelding, 'meldingKryptert'> {
  return {
    avsenderHer: parter.avsenderHer,
    msgId: hode.msgId,
    type: hode.type,
    versjon: melding?.versjon ?? null,
    forsendelsesstatus: melding?.forsendelsesstatus ?? null,
    refToParent: melding?.refToParent ?? null,
    avsenderHerIder: hode.avsender.herIder,
    mottakerHerIder: hode.mottaker.herIder,
    avsenderOrg: parter.avsender?.org ?? null,
    mottakerOrg: parter.mottaker?.org ?? null,
    sykehus: parter.sykehus,
    kommune: parter.kommune,
    genDate: hode.genDate,
  };
}

/**
 * Records a message as received (status 'mottatt'), once: a second call for the same sender and
 * MsgId leaves the first row as it is. Returns the row as stored (its `mottatt` names the receipt's time).
 */
export async function registrerMottatt(db: Db, m: NyPloMelding): Promise<PloMeldingRad> {
  await q(db).query(
    `INSERT INTO plo_melding (avsender_her, msg_id, type, versjon, forsendelsesstatus, ref_to_parent, avsender_her_ider,
       mottaker_her_ider, avsender_org, mottaker_org, sykehus, kommune, gen_date, melding_kryptert)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (avsender_her, msg_id) DO NOTHING`,
    [
      m.avsenderHer,
      m.msgId,
      m.type,
      m.versjon,
      m.forsendelsesstatus,
      m.refToParent,
      m.avsenderHerIder,
      m.mottakerHerIder,
      m.avsenderOrg,
      m.mottakerOrg,
      m.sykehus,
      m.kommune,
      m.genDate,
      m.meldingKryptert,
    ],
  );
  const rad = await hentPloMelding(db, m.avsenderHer, m.msgId);
  if (!rad) throw new Error('PLO-meldingen ble verken registrert eller funnet');
  return rad;
}

/**
 * Marks the messages that kanselleringer cancelled (a mark stays once set: the first kansellering
 * cancelled it). Live ingestion and the archive import both mark through this.
 */
export async function merkKansellert(db: Db, merker: readonly { avsenderHer: string; msgId: string; kansellertAv: string }[]): Promise<void> {
  if (merker.length === 0) return;
  await q(db).query(
    `UPDATE plo_melding m SET kansellert_av = x."kansellertAv"
       FROM jsonb_to_recordset($1::jsonb) AS x("avsenderHer" text, "msgId" text, "kansellertAv" text)
      WHERE m.avsender_her = x."avsenderHer" AND m.msg_id = x."msgId" AND m.kansellert_av IS NULL`,
    [JSON.stringify(merker)],
  );
}

export interface PloUtfall {
  status: 'ok' | 'avvist';
  anvendt: boolean;
  merknad: string | null;
  feil: Kvitteringsfeil[];
  pasientId: string | null;
  forlopId: string | null;
  hendelseIder: string[];
  /** The MsgId this message cancelled (its row is marked in the same transaction). */
  kansellerer: string | null;
  kvittering: string;
}

/**
 * The message's outcome and receipt, written once, with the mark on the message it cancelled in
 * the same transaction. Returns the receipt as stored (the first one, when two answers raced).
 */
export async function fullfor(pool: Pool, avsenderHer: string, msgId: string, u: PloUtfall): Promise<string> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const r = await c.query(
      `UPDATE plo_melding SET status = $3, anvendt = $4, merknad = $5, feil = $6, pasient_id = $7, forlop_id = $8,
              hendelse_ider = $9, kvittering = $10, kvittert = now()
        WHERE avsender_her = $1 AND msg_id = $2 AND kvittering IS NULL`,
      [avsenderHer, msgId, u.status, u.anvendt, u.merknad, JSON.stringify(u.feil), u.pasientId, u.forlopId, u.hendelseIder, u.kvittering],
    );
    if ((r.rowCount ?? 0) > 0 && u.kansellerer) await merkKansellert(c, [{ avsenderHer, msgId: u.kansellerer, kansellertAv: msgId }]);
    const k = await c.query<{ kvittering: string }>('SELECT kvittering FROM plo_melding WHERE avsender_her = $1 AND msg_id = $2', [avsenderHer, msgId]);
    await c.query('COMMIT');
    return k.rows[0].kvittering;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/** The receipt time to the microsecond, for the cursor (a Date keeps milliseconds only). */
const MIKROS = '(EXTRACT(EPOCH FROM m.mottatt) * 1000000)::bigint';

export interface PloFilter {
  status?: 'ok' | 'avvist';
  type?: string;
  /** Received from this date (inclusive), YYYY-MM-DD in Europe/Oslo. */
  fra?: string;
  til?: string;
}

/**
 * The messages a principal may see, newest first: samhandling all; a sykehus or kommune those it
 * sent or that concern it (its sykehus, its kommune). Paged by (mottatt, sender, MsgId).
 */
export async function listPloMeldinger(
  db: Db,
  p: Principal,
  f: PloFilter,
  etter: { mikros: string; avsenderHer: string; msgId: string } | null,
  limit: number,
): Promise<PloMeldingRad[]> {
  const params: unknown[] = [];
  const hvor: string[] = ["m.status <> 'mottatt'"];
  if (p.rolle === 'sykehus') {
    params.push(p.org);
    hvor.push(`(m.avsender_org = $${params.length} OR m.sykehus = $${params.length})`);
  } else if (p.rolle === 'kommune') {
    params.push(p.org);
    hvor.push(`(m.avsender_org = $${params.length} OR m.kommune = $${params.length})`);
  } else if (p.rolle !== 'samhandling') {
    hvor.push('FALSE');
  }
  if (f.status) {
    params.push(f.status);
    hvor.push(`m.status = $${params.length}`);
  }
  if (f.type) {
    params.push(f.type);
    hvor.push(`m.type = $${params.length}`);
  }
  if (f.fra) {
    params.push(f.fra);
    hvor.push(`m.mottatt >= ($${params.length}::date)::timestamp AT TIME ZONE 'Europe/Oslo'`);
  }
  if (f.til) {
    params.push(f.til);
    hvor.push(`m.mottatt < (($${params.length}::date) + 1)::timestamp AT TIME ZONE 'Europe/Oslo'`);
  }
  if (etter) {
    params.push(etter.mikros, etter.avsenderHer, etter.msgId);
    const n = params.length;
    hvor.push(`(${MIKROS}, m.avsender_her, m.msg_id) < ($${n - 2}::bigint, $${n - 1}, $${n})`);
  }
  const synet = scopeSql(p, params, 'f');
  params.push(limit);
  const r = await q(db).query<RaRad>(
    `SELECT m.*, ${MIKROS}::text AS mikros, COALESCE((SELECT ${synet} FROM forlop f WHERE f.id = m.forlop_id), FALSE) AS i_synet
       FROM plo_melding m
      WHERE ${hvor.join(' AND ')}
      ORDER BY m.mottatt DESC, m.avsender_her DESC, m.msg_id DESC
      LIMIT $${params.length}`,
    params,
  );
  return r.rows.map(tilRad);
}

// --- the archive import (plo/import.ts) ---

/** The messages already applied and receipted, as `<avsenderHer> <msgId>`: what a rerun of an import skips. */
export async function kvitterteMeldinger(db: Db): Promise<Set<string>> {
  const r = await q(db).query<{ k: string }>(`SELECT avsender_her || ' ' || msg_id AS k FROM plo_melding WHERE kvittering IS NOT NULL`);
  return new Set(r.rows.map((x) => x.k));
}

/** One message of an archive with its outcome and receipt, as the import stores it. */
export interface HistoriskMelding extends NyPloMelding, PloUtfall {
  /** When it was sent (its GenDate): the time it was received, had the engine been there. */
  mottatt: string;
  kansellertAv: string | null;
}

/**
 * A batch of an archive's messages in one statement, each with its outcome and receipt (the
 * caller's transaction also holds their forløp). A message already stored is left as it is; a
 * cancelled message gets its mark where it has none, from its own row or, when it was stored
 * before (an earlier batch or run), from the kansellering's, in the same transaction as live.
 */
export async function lagreHistoriskeMeldinger(c: PoolClient, meldinger: readonly HistoriskMelding[]): Promise<void> {
  if (meldinger.length === 0) return;
  await q(c).query(
    `INSERT INTO plo_melding (avsender_her, msg_id, type, versjon, forsendelsesstatus, ref_to_parent, avsender_her_ider, mottaker_her_ider,
                              avsender_org, mottaker_org, sykehus, kommune, gen_date, mottatt, melding_kryptert, pasient_id, status, anvendt,
                              merknad, feil, forlop_id, hendelse_ider, kansellert_av, kvittering, kvittert)
     SELECT x."avsenderHer", x."msgId", x.type, x.versjon, x.forsendelsesstatus, x."refToParent",
            ARRAY(SELECT jsonb_array_elements_text(x."avsenderHerIder")), ARRAY(SELECT jsonb_array_elements_text(x."mottakerHerIder")),
            x."avsenderOrg", x."mottakerOrg", x.sykehus, x.kommune, x."genDate", x.mottatt, x."meldingKryptert", x."pasientId", x.status,
            x.anvendt, x.merknad, coalesce(x.feil, '[]'::jsonb), x."forlopId",
            ARRAY(SELECT jsonb_array_elements_text(x."hendelseIder"))::uuid[], x."kansellertAv", x.kvittering, now()
       FROM jsonb_to_recordset($1::jsonb) AS x("avsenderHer" text, "msgId" text, type text, versjon text, forsendelsesstatus text,
            "refToParent" text, "avsenderHerIder" jsonb, "mottakerHerIder" jsonb, "avsenderOrg" text, "mottakerOrg" text, sykehus text,
            kommune text, "genDate" timestamptz, mottatt timestamptz, "meldingKryptert" text, "pasientId" uuid, status text, anvendt boolean,
            merknad text, feil jsonb, "forlopId" uuid, "hendelseIder" jsonb, "kansellertAv" text, kvittering text)
     ON CONFLICT (avsender_her, msg_id) DO NOTHING`,
    [JSON.stringify(meldinger)],
  );
  await merkKansellert(
    c,
    meldinger.flatMap((m) => (m.kansellerer ? [{ avsenderHer: m.avsenderHer, msgId: m.kansellerer, kansellertAv: m.msgId }] : [])),
  );
}
