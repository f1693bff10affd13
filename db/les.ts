/**
 * Read queries for the API: forløp (one, or a page of the caller's scope), the read log,
 * and the reference data the API checks requests against.
 *
 * Scope (who may see which forløp) is expressed once, in `scopeSql`, and used by every read,
 * so a forløp outside the caller's scope is simply not found.
 */
import type pg from 'pg';
import type { AvvikStatus, Destinasjon, ForlopStatus, FristInstans, KartleggingStatus, Principal } from '../workflows/types';
import type { HendelseFelt, HendelseType } from '../workflows/hendelser';
import { datoStart } from '../workflows/frister';
import type { Pool, PoolClient } from './pool';

type Db = Pool | PoolClient;
type Sporbar = { query: pg.ClientBase['query'] };
const q = (db: Db): Sporbar => db as unknown as Sporbar;

export interface ForlopRad {
  id: string;
  pasientId: string;
  /** base64 iv|tag|ciphertext (db/pasient.ts); decrypted only when answering an authorised read. */
  fnrKryptert: string;
  /** The patient's name, encrypted (db/pasient.ts); null when no message or ward has given it. */
  navnKryptert: string | null;
  oppholdskommune: string;
  sykehus: string;
  avdeling: string;
  innlagtTidspunkt: Date;
  antattBehovKommunaleTjenester: boolean;
  kartleggingInkludert: boolean;
  kartleggingGrunn: string | null;
  kartleggingKriterierVersjon: number | null;
  status: ForlopStatus;
  kartleggingStatus: KartleggingStatus;
  frister: FristInstans[];
  sisteSekvens: number;
  utskrevetTidspunkt: Date | null;
  destinasjon: Destinasjon | null;
  kartleggingFullfortTidspunkt: Date | null;
  forsteUtskrivningsklarTidspunkt: Date | null;
  reinnleggelseAv: string | null;
  reinnleggelseDager: number | null;
  opprettet: Date;
  oppdatert: Date;
}

export interface HendelseRad {
  sekvens: number;
  hendelseId: string;
  type: HendelseType;
  tidspunkt: Date;
  registrert: Date;
  av: Principal;
  data: HendelseFelt;
  /** The PLO message it came by (its MsgId), when it did. */
  kilde: { type: 'PLO'; msgId: string } | null;
}

export interface AvvikKort {
  id: string;
  type: string;
  status: AvvikStatus;
}

/** A stored day after utskrivningsklar: an overliggerdøgn (priced, billable or not) or another day, with its reason. */
export interface OverliggerDagRad {
  dato: string; // YYYY-MM-DD
  belop: number;
  prisForelopig: boolean;
  betalingsvilkarOppfylt: boolean;
  omstridt: boolean;
  overliggerdogn: boolean;
  fakturerbar: boolean;
  grunn: string | null;
}

/** A forløp with what belongs to it, except its hendelser (lists). */
export interface ForlopMedAvvik extends ForlopRad {
  avvik: AvvikKort[];
  overliggerdogn: OverliggerDagRad[];
}

/** A forløp with everything the GET answer shows. */
export interface ForlopDetaljer extends ForlopMedAvvik {
  hendelser: HendelseRad[];
}

export interface ForlopFilter {
  status?: ForlopStatus;
  oppholdskommune?: string;
  sykehus?: string;
  /** Innlagt from this date (inclusive), YYYY-MM-DD in Europe/Oslo. */
  fra?: string;
  /** Innlagt up to and including this date, YYYY-MM-DD in Europe/Oslo. */
  til?: string;
}

export class UgyldigCursor extends Error {
  constructor() {
    super('Ugyldig cursor');
    this.name = 'UgyldigCursor';
  }
}

/**
 * The SQL condition (on alias `f` for forlop) that limits rows to what `p` may see, pushing
 * its parameters onto `params`:
 * kommune: its own oppholdskommune; sykehus: its own location; kartleggingsteam: forløp at the
 * team's sykehus where kartlegging is included; samhandling: all; admin: none.
 */
export function scopeSql(p: Principal, params: unknown[], alias = 'f'): string {
  switch (p.rolle) {
    case 'kommune':
      params.push(p.org);
      return `${alias}.oppholdskommune = $${params.length}`;
    case 'sykehus':
      params.push(p.org);
      return `${alias}.sykehus = $${params.length}`;
    case 'kartleggingsteam':
      params.push(p.org);
      return `(${alias}.kartlegging_inkludert AND ${alias}.sykehus IN (SELECT kt.sykehus FROM kartleggingsteam kt WHERE kt.id = $${params.length}))`;
    case 'samhandling':
      return 'TRUE';
    default:
      return 'FALSE';
  }
}

const FORLOP_KOLONNER = `
  f.id, f.pasient_id, p.fnr_kryptert, p.navn_kryptert, f.oppholdskommune, f.sykehus, f.avdeling, f.innlagt_tidspunkt,
  f.antatt_behov_kommunale_tjenester, f.kartlegging_inkludert, f.kartlegging_grunn, f.kartlegging_kriterier_versjon, f.status, f.kartlegging_status, f.frister,
  f.siste_sekvens, f.utskrevet_tidspunkt, f.destinasjon, f.kartlegging_fullfort_tidspunkt,
  f.forste_utskrivningsklar_tidspunkt, f.reinnleggelse_av, f.reinnleggelse_dager, f.opprettet, f.oppdatert`;

// Subqueries over the forløp's children, aggregated to JSON in the same statement (one snapshot).
const AVVIK_JSON = `COALESCE((SELECT json_agg(json_build_object('id', a.id, 'type', a.type, 'status', a.status)
    ORDER BY a.brutt, a.id) FROM avvik a WHERE a.forlop_id = f.id), '[]'::json) AS avvik_json`;
const DAGER_JSON = `COALESCE((SELECT json_agg(json_build_object('dato', o.dato, 'belop', o.belop,
    'prisForelopig', o.pris_forelopig, 'betalingsvilkarOppfylt', o.betalingsvilkar_oppfylt, 'omstridt', o.omstridt,
    'overliggerdogn', o.overliggerdogn, 'fakturerbar', o.fakturerbar, 'grunn', o.grunn)
    ORDER BY o.dato) FROM overliggerdogn_dag o WHERE o.forlop_id = f.id), '[]'::json) AS dager_json`;
const HENDELSER_JSON = `COALESCE((SELECT json_agg(json_build_object('sekvens', h.sekvens, 'hendelseId', h.hendelse_id,
    'type', h.type, 'tidspunkt', h.tidspunkt, 'registrert', h.registrert, 'avRolle', h.av_rolle, 'avOrg', h.av_org,
    'data', h.data, 'kilde', (SELECT json_build_object('type', 'PLO', 'msgId', m.msg_id) FROM plo_melding m
       WHERE m.forlop_id = f.id AND h.hendelse_id = ANY(m.hendelse_ider) AND m.status = 'ok' LIMIT 1))
    ORDER BY h.sekvens) FROM hendelse h WHERE h.forlop_id = f.id), '[]'::json) AS hendelser_json`;

interface RaRad {
  id: string;
  pasient_id: string;
  fnr_kryptert: string;
  navn_kryptert: string | null;
  oppholdskommune: string;
  sykehus: string;
  avdeling: string;
  innlagt_tidspunkt: Date;
  antatt_behov_kommunale_tjenester: boolean;
  kartlegging_inkludert: boolean;
  kartlegging_grunn: string | null;
  kartlegging_kriterier_versjon: number | null;
  status: ForlopStatus;
  kartlegging_status: KartleggingStatus;
  frister: FristInstans[] | null;
  siste_sekvens: number;
  utskrevet_tidspunkt: Date | null;
  destinasjon: Destinasjon | null;
  kartlegging_fullfort_tidspunkt: Date | null;
  forste_utskrivningsklar_tidspunkt: Date | null;
  reinnleggelse_av: string | null;
  reinnleggelse_dager: number | null;
  opprettet: Date;
  oppdatert: Date;
  avvik_json: AvvikKort[];
  dager_json: OverliggerDagRad[];
  hendelser_json?: {
    sekvens: number;
    hendelseId: string;
    type: HendelseType;
    tidspunkt: string;
    registrert: string;
    avRolle: Principal['rolle'];
    avOrg: string;
    data: HendelseFelt | null;
    kilde: { type: 'PLO'; msgId: string } | null;
  }[];
  cursor_mikros?: string;
}

function tilForlop(r: RaRad): ForlopMedAvvik {
  return {
    id: r.id,
    pasientId: r.pasient_id,
    fnrKryptert: r.fnr_kryptert,
    navnKryptert: r.navn_kryptert,
    oppholdskommune: r.oppholdskommune,
    sykehus: r.sykehus,
    avdeling: r.avdeling,
    innlagtTidspunkt: r.innlagt_tidspunkt,
    antattBehovKommunaleTjenester: r.antatt_behov_kommunale_tjenester,
    kartleggingInkludert: r.kartlegging_inkludert,
    kartleggingGrunn: r.kartlegging_grunn,
    kartleggingKriterierVersjon: r.kartlegging_kriterier_versjon,
    status: r.status,
    kartleggingStatus: r.kartlegging_status,
    frister: r.frister ?? [],
    sisteSekvens: r.siste_sekvens,
    utskrevetTidspunkt: r.utskrevet_tidspunkt,
    destinasjon: r.destinasjon,
    kartleggingFullfortTidspunkt: r.kartlegging_fullfort_tidspunkt,
    forsteUtskrivningsklarTidspunkt: r.forste_utskrivningsklar_tidspunkt,
    reinnleggelseAv: r.reinnleggelse_av,
    reinnleggelseDager: r.reinnleggelse_dager,
    opprettet: r.opprettet,
    oppdatert: r.oppdatert,
    avvik: r.avvik_json ?? [],
    overliggerdogn: (r.dager_json ?? []).map((d) => ({ ...d, belop: Number(d.belop) })),
  };
}

/**
 * One forløp with its hendelser (by sekvens), avvik and overliggerdøgn days, read in one
 * statement. With `scope`, a forløp the principal may not see is `null`, as a missing one is.
 * With `logg` (how it was read: 'les', 'hendelse', …) the read is recorded in the access log in
 * the same statement, when the forløp is found (see `loggLesing`).
 */
export async function hentForlop(db: Db, id: string, scope?: Principal, logg?: string): Promise<ForlopDetaljer | null> {
  const params: unknown[] = [id];
  const hvor = scope ? ` AND ${scopeSql(scope, params)}` : '';
  let lesing = '';
  if (logg !== undefined) {
    if (!scope) throw new Error('Et logget oppslag må ha et omfang (hvem som leste)');
    params.push(scope.rolle, scope.org, logg);
    const n = params.length;
    lesing = `WITH lesing AS (
       INSERT INTO lesing (rolle, org, forlop_id, handling)
       SELECT $${n - 2}, $${n - 1}, f.id, $${n} FROM forlop f WHERE f.id = $1${hvor}
     ) `;
  }
  const r = await q(db).query<RaRad>(
    `${lesing}SELECT ${FORLOP_KOLONNER}, ${AVVIK_JSON}, ${DAGER_JSON}, ${HENDELSER_JSON}
       FROM forlop f JOIN pasient p ON p.id = f.pasient_id
      WHERE f.id = $1${hvor}`,
    params,
  );
  if (r.rows.length === 0) return null;
  const rad = r.rows[0];
  return {
    ...tilForlop(rad),
    hendelser: (rad.hendelser_json ?? []).map((h) => ({
      sekvens: h.sekvens,
      hendelseId: h.hendelseId,
      type: h.type,
      tidspunkt: new Date(h.tidspunkt),
      registrert: new Date(h.registrert),
      av: { rolle: h.avRolle, org: h.avOrg },
      data: h.data ?? {},
      kilde: h.kilde ?? null,
    })),
  };
}

/** The few columns needed to decide on a hendelse, when the forløp is within `scope`; else null. */
export async function forlopIScope(
  db: Db,
  id: string,
  scope: Principal,
): Promise<{ id: string; status: ForlopStatus; sykehus: string; oppholdskommune: string } | null> {
  const params: unknown[] = [id];
  const hvor = scopeSql(scope, params);
  const r = await q(db).query<{ id: string; status: ForlopStatus; sykehus: string; oppholdskommune: string }>(
    `SELECT f.id, f.status, f.sykehus, f.oppholdskommune FROM forlop f WHERE f.id = $1 AND ${hvor}`,
    params,
  );
  return r.rows[0] ?? null;
}

/** Start of a calendar date (Europe/Oslo) `dager` days after `dato`, as an instant: the bounds of date filters. */
export function dagStart(dato: string, dager = 0): Date {
  const d = datoStart(dato);
  if (!d.isValid) throw new Error(`Ugyldig dato ${dato}`);
  return d.plus({ days: dager }).toJSDate();
}

/** Opaque cursor: base64url of [innlagt_tidspunkt in µs since the epoch, id]; µs so no row is skipped or repeated. */
export function lagCursor(mikros: string, id: string): string {
  return Buffer.from(JSON.stringify([mikros, id]), 'utf8').toString('base64url');
}

export function lesCursor(cursor: string): { mikros: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      /^-?\d{1,19}$/.test(v[0]) &&
      typeof v[1] === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v[1])
    ) {
      return { mikros: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new UgyldigCursor();
}

/**
 * A page of the forløp `scope` may see, ordered by (innlagt_tidspunkt, id), oldest first,
 * after `cursor`. `nesteCursor` is null on the last page. Throws `UgyldigCursor`.
 */
export async function listForlop(
  db: Db,
  filter: ForlopFilter,
  scope: Principal,
  cursor: string | undefined,
  limit: number,
): Promise<{ rader: ForlopMedAvvik[]; nesteCursor: string | null }> {
  const params: unknown[] = [];
  const vilkar: string[] = [scopeSql(scope, params)];
  if (filter.status) {
    params.push(filter.status);
    vilkar.push(`f.status = $${params.length}`);
  }
  if (filter.oppholdskommune) {
    params.push(filter.oppholdskommune);
    vilkar.push(`f.oppholdskommune = $${params.length}`);
  }
  if (filter.sykehus) {
    params.push(filter.sykehus);
    vilkar.push(`f.sykehus = $${params.length}`);
  }
  if (filter.fra) {
    params.push(dagStart(filter.fra));
    vilkar.push(`f.innlagt_tidspunkt >= $${params.length}`);
  }
  if (filter.til) {
    params.push(dagStart(filter.til, 1));
    vilkar.push(`f.innlagt_tidspunkt < $${params.length}`);
  }
  if (cursor) {
    const c = lesCursor(cursor);
    params.push(c.mikros, c.id);
    vilkar.push(`(f.innlagt_tidspunkt, f.id) > (timestamptz 'epoch' + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::uuid)`);
  }
  const n = Math.max(1, Math.min(limit, 1000));
  params.push(n + 1);
  const r = await q(db).query<RaRad>(
    `SELECT ${FORLOP_KOLONNER}, ${AVVIK_JSON}, ${DAGER_JSON},
            ((extract(epoch FROM f.innlagt_tidspunkt) * 1000000)::numeric(20,0))::text AS cursor_mikros
       FROM forlop f JOIN pasient p ON p.id = f.pasient_id
      WHERE ${vilkar.join(' AND ')}
      ORDER BY f.innlagt_tidspunkt, f.id
      LIMIT $${params.length}`,
    params,
  );
  const rader = r.rows.slice(0, n);
  const siste = rader[rader.length - 1];
  const nesteCursor = r.rows.length > n && siste ? lagCursor(siste.cursor_mikros ?? '0', siste.id) : null;
  return { rader: rader.map(tilForlop), nesteCursor };
}

/**
 * Records that `principal` read the forløp(s): every read of a patient's forløp is logged
 * (who, when, which, how: e.g. 'les', 'liste', 'opprett', 'hendelse').
 */
export async function loggLesing(db: Db, principal: Principal, forlopId: string | string[], handling: string): Promise<void> {
  const ider = Array.isArray(forlopId) ? forlopId : [forlopId];
  if (ider.length === 0) return;
  await q(db).query(
    `INSERT INTO lesing (rolle, org, forlop_id, handling)
     SELECT $1, $2, unnest($3::uuid[]), $4`,
    [principal.rolle, principal.org, ider, handling],
  );
}

// --- reference data ---

export interface SykehusRad {
  id: string;
  navn: string;
  kartleggingsteam: string | null;
}

export async function hentSykehus(db: Db, id: string): Promise<SykehusRad | null> {
  const r = await q(db).query<SykehusRad>('SELECT id, navn, kartleggingsteam FROM sykehus WHERE id = $1', [id]);
  return r.rows[0] ?? null;
}

export interface KartleggingsteamRad {
  id: string;
  navn: string;
  vertskommune: string;
  sykehus: string;
}

export async function hentKartleggingsteam(db: Db, id: string): Promise<KartleggingsteamRad | null> {
  const r = await q(db).query<KartleggingsteamRad>('SELECT id, navn, vertskommune, sykehus FROM kartleggingsteam WHERE id = $1', [id]);
  return r.rows[0] ?? null;
}

export async function kommuneFinnes(db: Db, nummer: string): Promise<boolean> {
  const r = await q(db).query('SELECT 1 FROM kommune WHERE nummer = $1', [nummer]);
  return r.rows.length > 0;
}

/** The stored status of a forløp (any scope), or null when there is none. */
export async function lagretStatus(db: Db, forlopId: string): Promise<string | null> {
  const r = await db.query<{ status: string }>('SELECT status FROM forlop WHERE id = $1', [forlopId]);
  return r.rows[0]?.status ?? null;
}

export interface DriftsfeilRad {
  forlopId: string;
  status: ForlopStatus;
  sykehus: string;
  oppholdskommune: string;
  driftsfeil: string;
  driftsfeilTidspunkt: Date;
}

/** The forløp marked as needing attention by their workflow, newest first. */
export async function forlopMedDriftsfeil(db: Db, grense = 500): Promise<DriftsfeilRad[]> {
  const r = await q(db).query<DriftsfeilRad>(
    `SELECT id AS "forlopId", status, sykehus, oppholdskommune, driftsfeil, driftsfeil_tidspunkt AS "driftsfeilTidspunkt"
       FROM forlop WHERE driftsfeil IS NOT NULL ORDER BY driftsfeil_tidspunkt DESC LIMIT $1`,
    [grense],
  );
  return r.rows;
}

// --- the access log ---

export interface LesingRad {
  id: number;
  tidspunkt: Date;
  rolle: string;
  org: string;
  /** Null for a report read (db/rapporter.ts): `handling` names the report and its parameters. */
  forlopId: string | null;
  handling: string;
}

export interface LesingFilter {
  forlopId?: string;
  rolle?: string;
  org?: string;
  fra?: string; // YYYY-MM-DD, Europe/Oslo, inclusive
  til?: string;
}

/** A page of the access log, oldest first; `etter` is the last id of the page before. */
export async function listLesing(db: Db, filter: LesingFilter, etter: number, limit: number): Promise<LesingRad[]> {
  const params: unknown[] = [etter];
  const hvor = ['l.id > $1'];
  const lik = (kolonne: string, v: string | undefined) => {
    if (v === undefined) return;
    params.push(v);
    hvor.push(`${kolonne} = $${params.length}`);
  };
  lik('l.forlop_id', filter.forlopId);
  lik('l.rolle', filter.rolle);
  lik('l.org', filter.org);
  if (filter.fra) {
    params.push(dagStart(filter.fra));
    hvor.push(`l.tidspunkt >= $${params.length}`);
  }
  if (filter.til) {
    params.push(dagStart(filter.til, 1));
    hvor.push(`l.tidspunkt < $${params.length}`);
  }
  params.push(limit);
  const r = await q(db).query<LesingRad>(
    `SELECT l.id, l.tidspunkt, l.rolle, l.org, l.forlop_id AS "forlopId", l.handling
       FROM lesing l WHERE ${hvor.join(' AND ')} ORDER BY l.id LIMIT $${params.length}`,
    params,
  );
  return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
}
