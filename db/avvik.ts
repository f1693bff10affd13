/**
 * Samhandlingsavvik for the API: reading them (one, or a keyset page of the caller's scope),
 * reporting one by hand, and moving one on (behandling). An avvik is never deleted; every
 * change appends an avvik_historikk row with who and when.
 *
 * Scope (who may see which avvik) is expressed once, in `avvikScopeSql`: samhandling sees
 * all; a sykehus, kartleggingsteam or kommune sees the avvik where its org is the
 * ansvarlig or the motpart. Anything else is simply not found.
 */
import { svarfristFor, type SvarStatus } from '../workflows/avvik-oppfolging';
import type { AvvikRegistrering } from '../workflows/avvik.definitions';
import { PART_ROLLER, type ForlopParter } from '../workflows/parter';
import type { AvvikStatus, Principal } from '../workflows/types';
import { flettFrister } from './konfigurasjon';
import { dagStart, lagCursor, lesCursor, scopeSql } from './les';
import { iTransaksjon, type Pool, type PoolClient } from './pool';

export { UgyldigCursor } from './les';

type Db = Pool | PoolClient;

/** Who did something: a principal, or the engine itself (rolle 'system'). */
export interface Aktor {
  rolle: string;
  org: string;
}

export interface AvvikHistorikkRad {
  tidspunkt: Date;
  av: Aktor;
  status: AvvikStatus;
  kommentar: string | null;
}

export interface AvvikRad {
  id: string;
  forlopId: string;
  type: string;
  ansvarlig: Aktor;
  motpart: Aktor;
  frist: Date | null;
  brutt: Date;
  tekst: string;
  status: AvvikStatus;
  historikk: AvvikHistorikkRad[];
  /** When the party must have answered (null only for a moment while a retried write completes). */
  svarfrist: Date | null;
  /** The first answer (a kommentar from the party, or a move to under_behandling, lukket, trukket). */
  besvart: Date | null;
  svarStatus: SvarStatus;
  kategori: string | null;
  hjemmel: string | null;
  strakstiltak: string | null;
  /** The forløp's oppholdskommune and sykehus (in lists). */
  oppholdskommune?: string;
  sykehus?: string;
  /**
   * The patient, encrypted, read only for a caller who may see the avvik's forløp (as GET
   * /forlop/{id}); null when it may not, absent when not read (writes, follow-up).
   */
  pasient?: { pasientId: string; fnrKryptert: string; navnKryptert: string | null } | null;
}

export interface AvvikFilter {
  type?: string;
  /** The responsible party's rolle. */
  ansvarlig?: string;
  oppholdskommune?: string;
  sykehus?: string;
  status?: AvvikStatus;
  /** Brutt from this date (inclusive), YYYY-MM-DD in Europe/Oslo. */
  fra?: string;
  /** Brutt up to and including this date, YYYY-MM-DD in Europe/Oslo. */
  til?: string;
  svarStatus?: SvarStatus;
  kategori?: string;
}

const svar = (s: SvarStatus) => `'${s}'`;

/**
 * The svarStatus rule, written once, as SQL on alias `a` at `naa` (an SQL time expression):
 * `besvart` once the party answered (a.besvart is set), else `lukket_uten_svar` when it is
 * lukket or trukket, else `forfalt` from the svarfrist on, else `venter`. The list, its filter
 * and the metrics read it at now(); its test at set moments.
 */
export function svarStatusSql(naa = 'now()'): string {
  return `CASE WHEN a.besvart IS NOT NULL THEN ${svar('besvart')}
  WHEN a.status IN ('lukket', 'trukket') THEN ${svar('lukket_uten_svar')}
  WHEN a.svarfrist IS NOT NULL AND a.svarfrist <= ${naa} THEN ${svar('forfalt')} ELSE ${svar('venter')} END`;
}
export const SVAR_STATUS_SQL = svarStatusSql();

/**
 * The SQL condition (on alias `a` for avvik) that limits rows to what `p` may see, pushing its
 * parameters onto `params`.
 */
export function avvikScopeSql(p: Principal, params: unknown[], alias = 'a'): string {
  if (p.rolle === 'samhandling') return 'TRUE';
  // The parties see avvik by party; samhandling all, others none.
  if ((PART_ROLLER as readonly string[]).includes(p.rolle) && p.org) {
    params.push(p.org);
    const n = params.length;
    return `(${alias}.ansvarlig_org = $${n} OR ${alias}.motpart_org = $${n})`;
  }
  return 'FALSE';
}

const AVVIK_KOLONNER = `a.id, a.forlop_id, a.type, a.ansvarlig_rolle, a.ansvarlig_org, a.motpart_rolle, a.motpart_org,
  a.frist, a.brutt, a.tekst, a.status, a.svarfrist, a.besvart, a.kategori, a.hjemmel, a.strakstiltak,
  ${SVAR_STATUS_SQL} AS svar_status`;

const HISTORIKK_JSON = `COALESCE((SELECT json_agg(json_build_object('tidspunkt', h.tidspunkt, 'rolle', h.av_rolle,
    'org', h.av_org, 'status', h.status, 'kommentar', h.kommentar) ORDER BY h.id)
    FROM avvik_historikk h WHERE h.avvik_id = a.id), '[]'::json) AS historikk_json`;

interface RaRad {
  id: string;
  forlop_id: string;
  type: string;
  ansvarlig_rolle: string;
  ansvarlig_org: string;
  motpart_rolle: string;
  motpart_org: string;
  frist: Date | null;
  brutt: Date;
  tekst: string;
  status: AvvikStatus;
  svarfrist: Date | null;
  besvart: Date | null;
  svar_status: SvarStatus;
  kategori: string | null;
  hjemmel: string | null;
  strakstiltak: string | null;
  oppholdskommune?: string;
  sykehus?: string;
  historikk_json?: { tidspunkt: string; rolle: string; org: string; status: AvvikStatus; kommentar: string | null }[];
  cursor_mikros?: string;
  pasient_id?: string | null;
  fnr_kryptert?: string | null;
  navn_kryptert?: string | null;
}

function tilAvvik(r: RaRad): AvvikRad {
  return {
    id: r.id,
    forlopId: r.forlop_id,
    type: r.type,
    ansvarlig: { rolle: r.ansvarlig_rolle, org: r.ansvarlig_org },
    motpart: { rolle: r.motpart_rolle, org: r.motpart_org },
    frist: r.frist,
    brutt: r.brutt,
    tekst: r.tekst,
    status: r.status,
    svarfrist: r.svarfrist,
    besvart: r.besvart,
    svarStatus: r.svar_status,
    kategori: r.kategori,
    hjemmel: r.hjemmel,
    strakstiltak: r.strakstiltak,
    ...(r.oppholdskommune !== undefined ? { oppholdskommune: r.oppholdskommune, sykehus: r.sykehus } : {}),
    ...(r.pasient_id !== undefined
      ? { pasient: r.pasient_id && r.fnr_kryptert ? { pasientId: r.pasient_id, fnrKryptert: r.fnr_kryptert, navnKryptert: r.navn_kryptert ?? null } : null }
      : {}),
    historikk: (r.historikk_json ?? []).map((h) => ({
      tidspunkt: new Date(h.tidspunkt),
      av: { rolle: h.rolle, org: h.org },
      status: h.status,
      kommentar: h.kommentar,
    })),
  };
}

/**
 * The forløp and the patient of the avvik (aliases `f`, `p`), and the patient's encrypted
 * identity only where `scope` may see the forløp (db/les.ts `scopeSql`, the rule of GET
 * /forlop/{id}): an avvik's party outside the forløp's scope sees the avvik, not the patient.
 */
function forlopOgPasientSql(scope: Principal, params: unknown[]): { kolonner: string; fra: string } {
  const synlig = scopeSql(scope, params, 'f');
  return {
    kolonner: `f.oppholdskommune, f.sykehus,
            CASE WHEN ${synlig} THEN p.id END AS pasient_id,
            CASE WHEN ${synlig} THEN p.fnr_kryptert END AS fnr_kryptert,
            CASE WHEN ${synlig} THEN p.navn_kryptert END AS navn_kryptert`,
    fra: 'avvik a JOIN forlop f ON f.id = a.forlop_id JOIN pasient p ON p.id = f.pasient_id',
  };
}

/**
 * One avvik with its history; with `scope`, one the principal may not see is null, as a missing
 * one is, and the patient is read where the principal may see the forløp.
 */
export async function hentAvvik(db: Db, id: string, scope?: Principal): Promise<AvvikRad | null> {
  const params: unknown[] = [id];
  if (!scope) {
    const r = await db.query<RaRad>(`SELECT ${AVVIK_KOLONNER}, ${HISTORIKK_JSON} FROM avvik a WHERE a.id = $1`, params);
    return r.rows[0] ? tilAvvik(r.rows[0]) : null;
  }
  const hvor = avvikScopeSql(scope, params);
  const fp = forlopOgPasientSql(scope, params);
  const r = await db.query<RaRad>(`SELECT ${AVVIK_KOLONNER}, ${HISTORIKK_JSON}, ${fp.kolonner} FROM ${fp.fra} WHERE a.id = $1 AND ${hvor}`, params);
  return r.rows[0] ? tilAvvik(r.rows[0]) : null;
}

/**
 * A page of the avvik `scope` may see, newest first: ordered by (brutt, id) descending, so ties
 * in brutt keep one order, after `cursor` (an opaque cursor as GET /forlop's: brutt in µs and
 * id; the next page starts strictly below it, so paging has no gap and no double). `nesteCursor`
 * is null on the last page. Each row has the patient where `scope` may see the forløp. Throws
 * `UgyldigCursor`.
 */
export async function listAvvik(
  db: Db,
  filter: AvvikFilter,
  scope: Principal,
  cursor: string | undefined,
  limit: number,
): Promise<{ rader: AvvikRad[]; nesteCursor: string | null }> {
  const params: unknown[] = [];
  const vilkar: string[] = [avvikScopeSql(scope, params)];
  const lik = (kolonne: string, verdi: unknown) => {
    params.push(verdi);
    vilkar.push(`${kolonne} = $${params.length}`);
  };
  if (filter.type) lik('a.type', filter.type);
  if (filter.ansvarlig) lik('a.ansvarlig_rolle', filter.ansvarlig);
  if (filter.status) lik('a.status', filter.status);
  if (filter.oppholdskommune) lik('f.oppholdskommune', filter.oppholdskommune);
  if (filter.sykehus) lik('f.sykehus', filter.sykehus);
  if (filter.kategori) lik('a.kategori', filter.kategori);
  if (filter.svarStatus) lik(`(${SVAR_STATUS_SQL})`, filter.svarStatus);
  if (filter.fra) {
    params.push(dagStart(filter.fra));
    vilkar.push(`a.brutt >= $${params.length}`);
  }
  if (filter.til) {
    params.push(dagStart(filter.til, 1));
    vilkar.push(`a.brutt < $${params.length}`);
  }
  if (cursor) {
    const c = lesCursor(cursor);
    params.push(c.mikros, c.id);
    vilkar.push(`(a.brutt, a.id) < (timestamptz 'epoch' + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::uuid)`);
  }
  const fp = forlopOgPasientSql(scope, params);
  const n = Math.max(1, Math.min(limit, 1000));
  params.push(n + 1);
  const r = await db.query<RaRad>(
    `SELECT ${AVVIK_KOLONNER}, ${HISTORIKK_JSON}, ${fp.kolonner},
            ((extract(epoch FROM a.brutt) * 1000000)::numeric(20,0))::text AS cursor_mikros
       FROM ${fp.fra}
      WHERE ${vilkar.join(' AND ')}
      ORDER BY a.brutt DESC, a.id DESC
      LIMIT $${params.length}`,
    params,
  );
  const rader = r.rows.slice(0, n);
  const siste = rader[rader.length - 1];
  const nesteCursor = r.rows.length > n && siste ? lagCursor(siste.cursor_mikros ?? '0', siste.id) : null;
  return { rader: rader.map(tilAvvik), nesteCursor };
}

/** Every avvik `listAvvik` finds from the cursor on (not one page), in its order, at most `maks`. */
export async function alleAvvik(db: Db, filter: AvvikFilter, scope: Principal, cursor: string | undefined, maks: number): Promise<AvvikRad[]> {
  const rader: AvvikRad[] = [];
  do {
    const s = await listAvvik(db, filter, scope, cursor, 1000);
    rader.push(...s.rader);
    cursor = s.nesteCursor ?? undefined;
  } while (cursor && rader.length < maks);
  return rader.slice(0, maks);
}

/**
 * A hand-reported avvik and its first history row ('åpen', by the reporter, with the text as
 * its comment, as the engine's own avvik have), idempotent by (forløp, nøkkel): a retried
 * registration stores nothing twice. Run in the caller's transaction.
 */
export async function opprettAvvik(c: PoolClient, a: AvvikRegistrering['avvik'], av: Aktor): Promise<void> {
  await c.query(
    `WITH ny AS (
       INSERT INTO avvik (id, forlop_id, nokkel, type, ansvarlig_rolle, ansvarlig_org, motpart_rolle, motpart_org,
                          frist, brutt, tekst, status, kategori, hjemmel, strakstiltak)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'åpen', $14, $15, $16)
       ON CONFLICT (forlop_id, nokkel) DO NOTHING
       RETURNING id, brutt
     )
     INSERT INTO avvik_historikk (avvik_id, tidspunkt, av_rolle, av_org, status, kommentar)
     SELECT id, brutt, $12, $13, 'åpen', $11 FROM ny`,
    [
      a.id,
      a.forlopId,
      a.nokkel,
      a.type,
      a.ansvarlig.rolle,
      a.ansvarlig.org,
      a.motpart.rolle,
      a.motpart.org,
      a.frist,
      a.brutt,
      a.tekst,
      av.rolle,
      av.org,
      a.kategori,
      a.hjemmel,
      a.strakstiltak,
    ],
  );
}

/**
 * Sets the svarfrist (and its reminder) of the forløp's avvik with these nøkler that have none
 * yet: registration (the row's `opprettet`) plus the kommune's avvikSvarfrist as configured now
 * (the pure rule `svarfristFor`). Returns the ids of all of them, set now or before, so a
 * retried write starts every follow-up workflow a crash may have lost. Run in the transaction
 * that stored them.
 */
export async function settSvarfrister(c: Db, forlopId: string, nokler: readonly string[]): Promise<string[]> {
  return settSvarfristerFor(c, [{ forlopId, nokler }]);
}

/** `settSvarfrister` for a set of forløp (the PLO archive import's batch), in the same statements. */
export async function settSvarfristerFor(c: Db, forlop: readonly { forlopId: string; nokler: readonly string[] }[]): Promise<string[]> {
  const par = forlop.flatMap((f) => f.nokler.map((n) => [f.forlopId, n] as const));
  if (par.length === 0) return [];
  const { rows } = await c.query<{ id: string; opprettet: Date; har_svarfrist: boolean; frister: unknown }>(
    `SELECT a.id, a.opprettet, a.svarfrist IS NOT NULL AS har_svarfrist, k.frister
       FROM unnest($1::uuid[], $2::text[]) AS x(forlop_id, nokkel)
       JOIN avvik a ON a.forlop_id = x.forlop_id AND a.nokkel = x.nokkel
       JOIN forlop f ON f.id = a.forlop_id LEFT JOIN kommune k ON k.nummer = f.oppholdskommune
      ORDER BY a.id`,
    [par.map((p) => p[0]), par.map((p) => p[1])],
  );
  const nye = rows.filter((r) => !r.har_svarfrist);
  if (nye.length > 0) {
    const frister = nye.map((r) => svarfristFor(r.opprettet.toISOString(), flettFrister(r.frister)));
    await c.query(
      `UPDATE avvik a SET svarfrist = x.svarfrist, svar_paminnelse = x.paminnelse
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS x(id, svarfrist, paminnelse)
        WHERE a.id = x.id AND a.svarfrist IS NULL`,
      [nye.map((r) => r.id), frister.map((f) => f.svarfrist), frister.map((f) => f.paminnelse)],
    );
  }
  return rows.map((r) => r.id);
}

/** What the follow-up workflow reads of its avvik. */
export interface OppfolgingRad {
  id: string;
  forlopId: string;
  type: string;
  ansvarligRolle: string;
  ansvarligOrg: string;
  svarfrist: Date;
  paminnelse: Date | null;
  /** Answered, closed or withdrawn: nothing more to send. */
  besvart: boolean;
  paminnelseSendt: boolean;
  eskalert: boolean;
}

/** The avvik's follow-up facts (with `las`, its row locked FOR UPDATE); null when missing or without svarfrist. */
export async function hentOppfolgingRad(db: Db, avvikId: string, las = false): Promise<OppfolgingRad | null> {
  const { rows } = await db.query<{
    id: string;
    forlop_id: string;
    type: string;
    ansvarlig_rolle: string;
    ansvarlig_org: string;
    svarfrist: Date | null;
    svar_paminnelse: Date | null;
    besvart: boolean;
    paminnelse_sendt: boolean;
    eskalert: boolean;
  }>(
    `SELECT id, forlop_id, type, ansvarlig_rolle, ansvarlig_org, svarfrist, svar_paminnelse,
            (besvart IS NOT NULL OR status IN ('lukket', 'trukket')) AS besvart,
            paminnelse_sendt IS NOT NULL AS paminnelse_sendt, eskalert IS NOT NULL AS eskalert
       FROM avvik WHERE id = $1${las ? ' FOR UPDATE' : ''}`,
    [avvikId],
  );
  const r = rows[0];
  if (!r || !r.svarfrist) return null;
  return {
    id: r.id,
    forlopId: r.forlop_id,
    type: r.type,
    ansvarligRolle: r.ansvarlig_rolle,
    ansvarligOrg: r.ansvarlig_org,
    svarfrist: r.svarfrist,
    paminnelse: r.svar_paminnelse,
    besvart: r.besvart,
    paminnelseSendt: r.paminnelse_sendt,
    eskalert: r.eskalert,
  };
}

/** Marks the follow-up varsel of that kind as stored (the first time only). */
export async function merkOppfolgingSendt(c: PoolClient, avvikId: string, art: 'PAMINNELSE' | 'ESKALERING'): Promise<void> {
  await c.query(
    art === 'PAMINNELSE'
      ? 'UPDATE avvik SET paminnelse_sendt = now() WHERE id = $1 AND paminnelse_sendt IS NULL'
      : 'UPDATE avvik SET eskalert = now() WHERE id = $1 AND eskalert IS NULL',
    [avvikId],
  );
}

/** The avvik's row locked for a change (FOR UPDATE), when within `scope`; else null. History not included. */
export async function lasAvvik(c: PoolClient, id: string, scope: Principal): Promise<AvvikRad | null> {
  const params: unknown[] = [id];
  const hvor = avvikScopeSql(scope, params);
  const r = await c.query<RaRad>(`SELECT ${AVVIK_KOLONNER} FROM avvik a WHERE a.id = $1 AND ${hvor} FOR UPDATE`, params);
  return r.rows[0] ? tilAvvik(r.rows[0]) : null;
}

/** Sets the status (it may be unchanged: a comment) and appends the history row, now, by `av`. */
export async function endreAvvik(c: PoolClient, id: string, status: AvvikStatus, av: Aktor, kommentar: string | null): Promise<void> {
  await c.query(
    `WITH oppdatert AS (UPDATE avvik SET status = $2 WHERE id = $1 RETURNING id)
     INSERT INTO avvik_historikk (avvik_id, av_rolle, av_org, status, kommentar)
     SELECT id, $3, $4, $2, $5 FROM oppdatert`,
    [id, status, av.rolle, av.org, kommentar],
  );
}

/**
 * The parties of a forløp an avvik can concern: its sykehus, its oppholdskommune, and the
 * kartleggingsteam at its sykehus when kartlegging is included (else null). Null when the
 * forløp does not exist.
 */
/** The forløp's parties (the hospital's kartleggingsteam as reference data has it), or null when there is no such forløp. */
export async function forlopParter(db: Db, forlopId: string): Promise<(ForlopParter & { kartleggingInkludert: boolean }) | null> {
  const r = await db.query<{ sykehus: string; oppholdskommune: string; kartleggingsteam: string | null; kartlegging_inkludert: boolean }>(
    `SELECT f.sykehus, f.oppholdskommune, s.kartleggingsteam, f.kartlegging_inkludert
       FROM forlop f LEFT JOIN sykehus s ON s.id = f.sykehus
      WHERE f.id = $1`,
    [forlopId],
  );
  const f = r.rows[0];
  return f
    ? { sykehus: f.sykehus, oppholdskommune: f.oppholdskommune, kartleggingsteam: f.kartleggingsteam, kartleggingInkludert: f.kartlegging_inkludert }
    : null;
}

/**
 * A behandling in one transaction: the avvik locked in `scope`, `kontroller` asked whether the
 * move (to `status`, or unchanged: a comment) is allowed (it throws when not), the change and its
 * history row written. The same status without a comment changes nothing (a repeated request is
 * harmless). Null when the avvik is not in scope; `nettoppBesvart` when this was its first answer
 * by the party or closed it (its follow-up workflow is told either way).
 */
export async function behandleAvvik(
  pool: Pool,
  id: string,
  av: Principal,
  endring: { status?: AvvikStatus; kommentar?: string },
  kontroller: (naa: AvvikRad, mal: AvvikStatus) => void,
): Promise<(AvvikRad & { nettoppBesvart: boolean }) | null> {
  return iTransaksjon(pool, async (c) => {
    const naa = await lasAvvik(c, id, av);
    if (!naa) return null;
    const mal = endring.status ?? naa.status;
    const kommentar = endring.kommentar ?? null;
    kontroller(naa, mal);
    if (mal !== naa.status || kommentar !== null) await endreAvvik(c, id, mal, av, kommentar);
    const etter = await hentAvvik(c, id, av);
    // The follow-up has news: the party's first answer, or the avvik closed or withdrawn.
    const avsluttet = (s: AvvikStatus) => s === 'lukket' || s === 'trukket';
    return etter && { ...etter, nettoppBesvart: (naa.besvart === null && etter.besvart !== null) || (!avsluttet(naa.status) && avsluttet(etter.status)) };
  });
}
