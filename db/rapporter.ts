/**
 * The reports (docs/api.md "Reports"), computed in PostgreSQL from the engine's own tables: the
 * per-forløp facts in rapport_fakta (migration 031: one narrow row per forløp kept current in the
 * same transaction as every write, by triggers on forlop — the projection lagre writes — and on
 * hendelse — the kontakt, legemiddelliste, brukersvar and common-tool facts of the hendelser'
 * data jsonb), overliggerdogn_dag (the priced days) and avvik. Nothing here replays a workflow.
 *
 * Every indicator is one (teller, nevner) pair counted per (periode, gruppe) in one statement;
 * a share is teller / nevner (null where nevner is 0), a count has no nevner. The words for each
 * are in api/rapporter/definisjoner.ts, so what is counted here and what an analyst
 * reads there must be changed together.
 *
 * Scope: the caller's rows only (db/les.ts `scopeSql` on the forløp), so a kommune asking for
 * another kommune gets no rows. Every read is written to the access log (lesing) in the same
 * statement as the report.
 */
import { REINNLEGGELSE_DAGER } from '../workflows/reinnleggelse';
import fs from 'node:fs';
import path from 'node:path';
import type { Principal } from '../workflows/types';
import { dagStart, scopeSql } from './les';
import type { Pool, PoolClient } from './pool';

type Db = Pool | PoolClient;

export const GRUPPERINGER = ['maned', 'ar', 'total'] as const;
export type Gruppering = (typeof GRUPPERINGER)[number];

export interface RapportFilter {
  /** YYYY-MM-DD, Europe/Oslo, inclusive. */
  fra: string;
  til: string;
  gruppering: Gruppering;
  oppholdskommune?: string;
  sykehus?: string;
}

/** How forløp are grouped: per oppholdskommune, or participating kommuner against the others. */
export type Gruppe = { art: 'kommune' } | { art: 'deltakere'; kommuner: readonly string[] };

/**
 * Every key of docs/api.md's table, in its order, and its kind, said once: a count (no denominator,
 * 0 where nothing was counted), a share (teller / nevner, null where the nevner is 0) or a mean
 * (null where there is nothing to average).
 */
const INDIKATOR_ART = {
  forlop: 'antall',
  meldtUtskrivningsklar: 'antall',
  overliggerdogn: 'antall',
  overliggerdognBelop: 'antall',
  liggetidUtskrivningsklarSnitt: 'snitt',
  andelKartlagtForUtskrivningsklar: 'andel',
  andelKartlagtFellesVerktoy: 'andel',
  andelAvtaltOppfolging: 'andel',
  andelUtskrevetHjem: 'andel',
  andelUtskrevetInstitusjon: 'andel',
  andelKorttidsopphold: 'andel',
  reinnleggelse2d: 'andel',
  reinnleggelse3d: 'andel',
  reinnleggelse5d: 'andel',
  reinnleggelse30d: 'andel',
  gjentatteReinnleggelser: 'antall',
  avvik: 'antall',
  andelPllOppdatert: 'andel',
  andelAnsvarAvklart: 'andel',
  andelTilstrekkeligInformasjon: 'andel',
  andelVetHvemKontakte: 'andel',
  andelSkriftligInformasjon: 'andel',
} as const satisfies Record<string, 'antall' | 'andel' | 'snitt'>;
export type IndikatorNokkel = keyof typeof INDIKATOR_ART;
export const INDIKATOR_NOKLER = Object.keys(INDIKATOR_ART) as IndikatorNokkel[];
export const ANTALL_NOKLER = INDIKATOR_NOKLER.filter((k) => INDIKATOR_ART[k] === 'antall');
/** The shares: each has a teller and a nevner (`tellerNevner`). */
export const ANDEL_NOKLER = INDIKATOR_NOKLER.filter((k) => INDIKATOR_ART[k] === 'andel');
export const SNITT_NOKLER = INDIKATOR_NOKLER.filter((k) => INDIKATOR_ART[k] === 'snitt');

/** The counts behind a share: the share is teller / nevner, none (null) when nevner is 0. */
export interface TellerNevner {
  teller: number;
  nevner: number;
}

export type Indikatorer = Record<IndikatorNokkel, number | null> & {
  avvikPerType: Record<string, number>;
  avvikPerAnsvarlig: Record<string, number>;
};

export interface IndikatorRad {
  periode: string;
  /** The oppholdskommune, or `deltakere` / `andre` when grouped so. */
  gruppe: string;
  indikatorer: Indikatorer;
  /** Each share's teller and nevner (0 and 0 where nothing was counted). */
  tellerNevner: Record<string, TellerNevner>;
}

/** Destinations: home, institution, and those left out of the utskrivninger (death, transfer). */
export const HJEM = ['hjem', 'hjem_med_tjenester'];
export const INSTITUSJON = ['korttidsopphold', 'langtidsopphold', 'annen_institusjon'];
export const UTENFOR_UTSKRIVNINGER = ['dod', 'annet_sykehus'];
/** The readmission indicators' windows (days); the last is the reinnleggelse itself. */
export const REINNLEGGELSE_VINDUER = [2, 3, 5, REINNLEGGELSE_DAGER] as const;

class Sql {
  readonly params: unknown[] = [];
  /** A parameter placeholder for `v`. */
  p(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
}

const oslo = (t: string) => `(${t} AT TIME ZONE 'Europe/Oslo')`;

function periodeAv(g: Gruppering, uttrykk: string, erDato = false): string {
  if (g === 'total') return `'total'::text`;
  const fmt = g === 'maned' ? 'YYYY-MM' : 'YYYY';
  return `to_char(${erDato ? uttrykk : oslo(uttrykk)}, '${fmt}')`;
}

/** The conditions every counted forløp meets: not registered in error, in the caller's scope, the filters. */
function forlopVilkar(s: Sql, p: Principal, f: RapportFilter, alias = 'f'): string {
  const v = [`${alias}.status <> 'avbrutt'`, scopeSql(p, s.params, alias)];
  if (f.oppholdskommune) v.push(`${alias}.oppholdskommune = ${s.p(f.oppholdskommune)}`);
  if (f.sykehus) v.push(`${alias}.sykehus = ${s.p(f.sykehus)}`);
  return v.join(' AND ');
}

function gruppeAv(s: Sql, g: Gruppe, alias = 'f'): string {
  if (g.art === 'kommune') return `${alias}.oppholdskommune`;
  return `CASE WHEN ${alias}.oppholdskommune = ANY(${s.p([...g.kommuner])}::text[]) THEN 'deltakere' ELSE 'andre' END`;
}

/**
 * The overliggerdøgn days in scope, as `d`: the days alone (they carry the forløp's
 * oppholdskommune, and a forløp registered in error has none left) unless a sykehus filter, or a
 * scope other than a kommune's or all, needs the forløp's facts.
 */
function dagUtvalg(s: Sql, p: Principal, f: RapportFilter): { kilde: string; vilkar: string } {
  if (f.sykehus || (p.rolle !== 'kommune' && p.rolle !== 'samhandling')) {
    return { kilde: 'overliggerdogn_dag d JOIN rapport_fakta f ON f.forlop_id = d.forlop_id', vilkar: forlopVilkar(s, p, f) };
  }
  const v = [scopeSql(p, s.params, 'd')];
  if (f.oppholdskommune) v.push(`d.oppholdskommune = ${s.p(f.oppholdskommune)}`);
  return { kilde: 'overliggerdogn_dag d', vilkar: v.join(' AND ') };
}

/** A CTE that writes the access-log row of this read (no single forløp: forlop_id NULL). */
function lesingCte(s: Sql, p: Principal, handling: string): string {
  return `lesing AS (INSERT INTO lesing (rolle, org, forlop_id, handling) VALUES (${s.p(p.rolle)}, ${s.p(p.org)}, NULL, ${s.p(handling)}))`;
}

/** The statement: every indicator as (periode, gruppe, nokkel, del, verdi) rows, verdi = teller / nevner or a count. */
function indikatorSql(p: Principal, f: RapportFilter, g: Gruppe, logg: string | null): { sql: string; params: unknown[] } {
  const s = new Sql();
  const fraTs = s.p(dagStart(f.fra));
  const tilTs = s.p(dagStart(f.til, 1));
  const fraDato = s.p(f.fra);
  const tilDato = s.p(f.til);
  const W = forlopVilkar(s, p, f);
  const G = gruppeAv(s, g);
  const GD = gruppeAv(s, g, 'd');
  const D = dagUtvalg(s, p, f);
  const per = (t: string, erDato = false) => periodeAv(f.gruppering, t, erDato);
  const liste = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
  const iPerioden = (t: string) => `${t} >= ${fraTs} AND ${t} < ${tilTs}`;
  const dager = (fra: string, til: string) => `(${oslo(til)}::date - ${oslo(fra)}::date)`;

  const cte = [
    ...(logg !== null ? [lesingCte(s, p, logg)] : []),
    // Admissions in the period: forløp, meldt utskrivningsklar, kartlagt before the melding, ansvar
    // avklart; and whether each is a reinnleggelse (REINNLEGGELSE_DAGER after the patient's latest utskrivning).
    `innlagt AS MATERIALIZED (
      SELECT ${per('f.innlagt_tidspunkt')} AS periode, ${G} AS gruppe, f.pasient_id, f.kartlegging_inkludert,
             f.forste_utskrivningsklar_tidspunkt, f.kartlegging_fullfort_tidspunkt, f.ansvar_avklart,
             ${dager('f.forrige_utskrevet_tidspunkt', 'f.innlagt_tidspunkt')} <= ${s.p(REINNLEGGELSE_DAGER)} AS reinnleggelse
        FROM rapport_fakta f
       WHERE ${W} AND ${iPerioden('f.innlagt_tidspunkt')})`,
    `inn AS (
      SELECT periode, gruppe,
             count(*) AS forlop,
             count(*) FILTER (WHERE forste_utskrivningsklar_tidspunkt IS NOT NULL) AS meldt,
             count(*) FILTER (WHERE kartlegging_inkludert AND forste_utskrivningsklar_tidspunkt IS NOT NULL) AS inkludert_meldt,
             count(*) FILTER (WHERE kartlegging_inkludert AND forste_utskrivningsklar_tidspunkt IS NOT NULL
                                AND kartlegging_fullfort_tidspunkt <= forste_utskrivningsklar_tidspunkt) AS kartlagt_for,
             count(*) FILTER (WHERE forste_utskrivningsklar_tidspunkt IS NOT NULL AND ansvar_avklart) AS ansvar_avklart
        FROM innlagt
       GROUP BY 1, 2)`,
    // Patients with two or more reinnleggelser (30 days) among the admissions in the period.
    `gjentatt AS (
      SELECT periode, gruppe, count(*) AS pasienter FROM (
        SELECT periode, gruppe, pasient_id FROM innlagt WHERE reinnleggelse GROUP BY 1, 2, 3 HAVING count(*) >= 2) x
       GROUP BY 1, 2)`,
    // Utskrivninger in the period (death and transfer left out).
    `ut AS (
      SELECT ${per('f.utskrevet_tidspunkt')} AS periode, ${G} AS gruppe,
             count(*) AS utskrivninger,
             avg(${dager('f.forste_utskrivningsklar_tidspunkt', 'f.utskrevet_tidspunkt')})
               FILTER (WHERE f.forste_utskrivningsklar_tidspunkt IS NOT NULL)::float8 AS liggetid,
             count(*) FILTER (WHERE f.destinasjon IN (${liste(HJEM)})) AS hjem,
             count(*) FILTER (WHERE f.destinasjon IN (${liste(HJEM)}) AND f.oppfolging_oppfylt) AS oppfolging,
             count(*) FILTER (WHERE f.destinasjon IN (${liste(INSTITUSJON)})) AS institusjon,
             count(*) FILTER (WHERE f.destinasjon = 'korttidsopphold') AS korttid,
             ${REINNLEGGELSE_VINDUER.map((n) => `count(*) FILTER (WHERE ${dager('f.utskrevet_tidspunkt', 'f.neste_innlagt_tidspunkt')} <= ${n}) AS r${n}`).join(',\n             ')},
             count(*) FILTER (WHERE f.pll_status = 'pll_oppdatert') AS pll,
             count(*) FILTER (WHERE f.pll_status IS NOT NULL) AS pll_status,
             count(*) FILTER (WHERE f.brukersvar_informasjon = 'ja') AS info_ja,
             count(*) FILTER (WHERE f.brukersvar_informasjon IN ('ja', 'nei', 'vet_ikke')) AS info_svar,
             count(*) FILTER (WHERE f.brukersvar_kontakte = 'ja') AS kontakte_ja,
             count(*) FILTER (WHERE f.brukersvar_kontakte IN ('ja', 'nei', 'vet_ikke')) AS kontakte_svar,
             count(*) FILTER (WHERE f.destinasjon IN (${liste(HJEM)}) AND f.informasjon_gitt) AS informasjon_gitt
        FROM rapport_fakta f
       WHERE ${W} AND ${iPerioden('f.utskrevet_tidspunkt')} AND f.destinasjon NOT IN (${liste(UTENFOR_UTSKRIVNINGER)})
       GROUP BY 1, 2)`,
    // Billable overliggerdøgn (payment conditions met, not disputed) whose date is in the period:
    // the days the workflow marked fakturerbar (workflows/overliggerdogn.ts), as the forløp shows them.
    `dogn AS (
      SELECT ${per('d.dato', true)} AS periode, ${GD} AS gruppe,
             count(*) FILTER (WHERE d.fakturerbar) AS dogn,
             coalesce(sum(d.belop) FILTER (WHERE d.fakturerbar), 0) AS belop
        FROM ${D.kilde}
       WHERE ${D.vilkar} AND d.overliggerdogn AND d.dato >= ${fraDato}::date AND d.dato <= ${tilDato}::date
       GROUP BY 1, 2)`,
    // Avvik whose breach (or hand report) lies in the period, not withdrawn.
    `avv AS (
      SELECT ${per('a.brutt')} AS periode, ${G} AS gruppe, a.type, a.ansvarlig_rolle, count(*) AS antall
        FROM avvik a JOIN rapport_fakta f ON f.forlop_id = a.forlop_id
       WHERE ${W} AND a.status <> 'trukket' AND ${iPerioden('a.brutt')}
       GROUP BY 1, 2, 3, 4)`,
    // Kartlegginger completed in the period, and how many with the common structured model.
    `kart AS (
      SELECT ${per('f.kartlegging_fullfort_tidspunkt')} AS periode, ${G} AS gruppe,
             count(*) AS fullfort, count(*) FILTER (WHERE f.kartlegging_felles) AS felles
        FROM rapport_fakta f
       WHERE ${W} AND ${iPerioden('f.kartlegging_fullfort_tidspunkt')}
       GROUP BY 1, 2)`,
  ];

  const rader = (kilde: string, verdier: Array<[string, string, string | null]>) =>
    `SELECT k.periode, k.gruppe, x.nokkel, NULL::text AS del, x.teller::float8 AS teller, x.nevner::float8 AS nevner
       FROM ${kilde} k CROSS JOIN LATERAL (VALUES ${verdier
         .map(([n, t, d]) => `('${n}', (${t})::float8, (${d ?? 'NULL'})::float8)`)
         .join(', ')}) AS x(nokkel, teller, nevner)`;

  const sql = `WITH ${cte.join(',\n')},
  alle AS (
    ${rader('inn', [
      ['forlop', 'k.forlop', null],
      ['meldtUtskrivningsklar', 'k.meldt', null],
      ['andelKartlagtForUtskrivningsklar', 'k.kartlagt_for', 'k.inkludert_meldt'],
      ['andelAnsvarAvklart', 'k.ansvar_avklart', 'k.meldt'],
    ])}
    UNION ALL
    ${rader('ut', [
      // The mean: teller is the mean itself, nevner the number of stays it is over.
      ['liggetidUtskrivningsklarSnitt', 'k.liggetid', null],
      ['andelAvtaltOppfolging', 'k.oppfolging', 'k.hjem'],
      ['andelUtskrevetHjem', 'k.hjem', 'k.utskrivninger'],
      ['andelUtskrevetInstitusjon', 'k.institusjon', 'k.utskrivninger'],
      ['andelKorttidsopphold', 'k.korttid', 'k.utskrivninger'],
      ...REINNLEGGELSE_VINDUER.map((n): [string, string, string] => [`reinnleggelse${n}d`, `k.r${n}`, 'k.utskrivninger']),
      ['andelPllOppdatert', 'k.pll', 'k.pll_status'],
      ['andelTilstrekkeligInformasjon', 'k.info_ja', 'k.info_svar'],
      ['andelVetHvemKontakte', 'k.kontakte_ja', 'k.kontakte_svar'],
      ['andelSkriftligInformasjon', 'k.informasjon_gitt', 'k.hjem'],
    ])}
    UNION ALL
    ${rader('gjentatt', [['gjentatteReinnleggelser', 'k.pasienter', null]])}
    UNION ALL
    ${rader('dogn', [
      ['overliggerdogn', 'k.dogn', null],
      ['overliggerdognBelop', 'k.belop', null],
    ])}
    UNION ALL
    ${rader('kart', [['andelKartlagtFellesVerktoy', 'k.felles', 'k.fullfort']])}
    UNION ALL
    SELECT periode, gruppe, 'avvik', NULL, sum(antall)::float8, NULL FROM avv GROUP BY 1, 2
    UNION ALL
    SELECT periode, gruppe, 'avvikPerType', type, sum(antall)::float8, NULL FROM avv GROUP BY 1, 2, 4
    UNION ALL
    SELECT periode, gruppe, 'avvikPerAnsvarlig', ansvarlig_rolle, sum(antall)::float8, NULL FROM avv GROUP BY 1, 2, 4
  )
  SELECT periode, gruppe, nokkel, del, teller, nevner,
         CASE WHEN nevner IS NULL THEN teller WHEN nevner = 0 THEN NULL ELSE teller / nevner END AS verdi
    FROM alle
   ORDER BY periode, gruppe, nokkel, del`;
  return { sql, params: s.params };
}

export function tommeIndikatorer(): Indikatorer {
  const ut = { avvikPerType: {}, avvikPerAnsvarlig: {} } as unknown as Indikatorer;
  for (const k of ANTALL_NOKLER) ut[k] = 0;
  for (const k of [...ANDEL_NOKLER, ...SNITT_NOKLER]) ut[k] = null;
  return ut;
}

/** Every share at 0 over 0: nothing counted. */
export function tommeTellerNevner(): Record<string, TellerNevner> {
  return Object.fromEntries(ANDEL_NOKLER.map((k) => [k, { teller: 0, nevner: 0 }]));
}

/**
 * The indicators per (periode, gruppe), ordered by periode then gruppe; only the combinations
 * where something was counted. `logg`: the access-log handling of this read (null: not logged,
 * for a second statement of the same read).
 */
export async function indikatorer(db: Db, p: Principal, f: RapportFilter, g: Gruppe, logg: string | null): Promise<IndikatorRad[]> {
  const s = indikatorSql(p, f, g, logg);
  const { rows } = await db.query<{
    periode: string;
    gruppe: string;
    nokkel: string;
    del: string | null;
    teller: number | null;
    nevner: number | null;
    verdi: number | null;
  }>(s.sql, s.params);
  const ut = new Map<string, IndikatorRad>();
  for (const r of rows) {
    const nokkel = `${r.periode}\u0000${r.gruppe}`;
    let rad = ut.get(nokkel);
    if (!rad) {
      rad = { periode: r.periode, gruppe: r.gruppe, indikatorer: tommeIndikatorer(), tellerNevner: tommeTellerNevner() };
      ut.set(nokkel, rad);
    }
    const ind = rad.indikatorer as unknown as Record<string, unknown>;
    if (r.nokkel === 'avvikPerType' || r.nokkel === 'avvikPerAnsvarlig') {
      (ind[r.nokkel] as Record<string, number>)[r.del ?? ''] = Number(r.verdi);
    } else {
      ind[r.nokkel] = r.verdi === null ? null : Number(r.verdi);
      if (r.nokkel in rad.tellerNevner) rad.tellerNevner[r.nokkel] = { teller: Number(r.teller ?? 0), nevner: Number(r.nevner ?? 0) };
    }
  }
  return [...ut.values()];
}

// --- overliggerdøgn: the invoice basis ---

export type DagStatus = 'betalbar' | 'ikke_betalbar' | 'omstridt';

export interface OverliggerdognRad {
  periode: string;
  oppholdskommune: string;
  dager: number;
  betalbareDager: number;
  betalbartBelop: number;
  ikkeBetalbareDager: number;
  ikkeBetalbartBelop: number;
  omstridteDager: number;
  omstridtBelop: number;
  forelopigPrisedeDager: number;
  forelopigPrisetBelop: number;
}

export interface OverliggerdognDetalj {
  forlopId: string;
  dato: string;
  oppholdskommune: string;
  sykehus: string;
  belop: number;
  status: DagStatus;
  prisForelopig: boolean;
}

// fakturerbar is the workflow's judgement (workflows/overliggerdogn.ts); the flags say which way a day is not.
const DAG_STATUS = `CASE WHEN d.fakturerbar THEN 'betalbar' WHEN NOT d.betalingsvilkar_oppfylt THEN 'ikke_betalbar' ELSE 'omstridt' END`;

/** The days per kommune and periode, each day in exactly one of betalbar / ikke_betalbar / omstridt. */
export async function overliggerdogn(db: Db, p: Principal, f: RapportFilter, logg: string): Promise<OverliggerdognRad[]> {
  const s = new Sql();
  const fra = s.p(f.fra);
  const til = s.p(f.til);
  const D = dagUtvalg(s, p, f);
  const { rows } = await db.query<OverliggerdognRad>(
    `WITH ${lesingCte(s, p, logg)},
     d AS (
       SELECT ${periodeAv(f.gruppering, 'd.dato', true)} AS periode, d.oppholdskommune, d.belop, d.pris_forelopig, ${DAG_STATUS} AS status
         FROM ${D.kilde}
        WHERE ${D.vilkar} AND d.overliggerdogn AND d.dato >= ${fra}::date AND d.dato <= ${til}::date)
     SELECT periode, oppholdskommune,
            count(*)::int AS "dager",
            count(*) FILTER (WHERE status = 'betalbar')::int AS "betalbareDager",
            coalesce(sum(belop) FILTER (WHERE status = 'betalbar'), 0)::float8 AS "betalbartBelop",
            count(*) FILTER (WHERE status = 'ikke_betalbar')::int AS "ikkeBetalbareDager",
            coalesce(sum(belop) FILTER (WHERE status = 'ikke_betalbar'), 0)::float8 AS "ikkeBetalbartBelop",
            count(*) FILTER (WHERE status = 'omstridt')::int AS "omstridteDager",
            coalesce(sum(belop) FILTER (WHERE status = 'omstridt'), 0)::float8 AS "omstridtBelop",
            count(*) FILTER (WHERE pris_forelopig)::int AS "forelopigPrisedeDager",
            coalesce(sum(belop) FILTER (WHERE pris_forelopig), 0)::float8 AS "forelopigPrisetBelop"
       FROM d GROUP BY 1, 2 ORDER BY 1, 2`,
    s.params,
  );
  return rows;
}

/**
 * The day list (forløp id, date, price, status; never a patient identifier), logging one access-log
 * row per forløp it names, in the same statement.
 */
export async function overliggerdognDetaljer(db: Db, p: Principal, f: RapportFilter, logg: string): Promise<OverliggerdognDetalj[]> {
  const s = new Sql();
  const fra = s.p(f.fra);
  const til = s.p(f.til);
  const W = forlopVilkar(s, p, f);
  const { rows } = await db.query<OverliggerdognDetalj>(
    `WITH d AS (
       SELECT d.forlop_id AS "forlopId", to_char(d.dato, 'YYYY-MM-DD') AS dato, f.oppholdskommune, f.sykehus,
              d.belop, ${DAG_STATUS} AS status, d.pris_forelopig AS "prisForelopig"
         FROM overliggerdogn_dag d JOIN rapport_fakta f ON f.forlop_id = d.forlop_id
        WHERE ${W} AND d.overliggerdogn AND d.dato >= ${fra}::date AND d.dato <= ${til}::date),
     lesing AS (
       INSERT INTO lesing (rolle, org, forlop_id, handling)
       SELECT ${s.p(p.rolle)}, ${s.p(p.org)}, x.id, ${s.p(logg)} FROM (SELECT DISTINCT "forlopId" AS id FROM d) x)
     SELECT * FROM d ORDER BY oppholdskommune, dato, "forlopId"`,
    s.params,
  );
  return rows;
}

/**
 * The kommuner taking part in the kartlegging (Trygt hjem): the latest version of the kartlegging
 * inclusion criteria (table kartlegging_kriterier, `kommuner`: numbers or `{ nummer, fra }`), else
 * the default criteria file (config/kartlegging.default.json) when none is stored, else (an engine
 * without kartlegging configuration) the kartleggingsteams' vertskommuner.
 */
export async function deltakendeKommuner(db: Db): Promise<{ kommuner: string[]; kilde: string }> {
  const fraListe = (v: unknown): string[] =>
    Array.isArray(v)
      ? [...new Set(v.map((k) => (typeof k === 'string' ? k : (k as { nummer?: unknown })?.nummer)).filter((k): k is string => typeof k === 'string'))].sort()
      : [];
  const t = await db.query<{ navn: string | null }>(`SELECT to_regclass('kartlegging_kriterier')::text AS navn`);
  if (t.rows[0]?.navn) {
    const r = await db.query<{ kommuner: unknown }>(`SELECT kriterier->'kommuner' AS kommuner FROM kartlegging_kriterier ORDER BY versjon DESC LIMIT 1`);
    if (r.rows.length > 0) return { kommuner: fraListe(r.rows[0].kommuner), kilde: 'kartleggingskriteriene (siste versjon)' };
    const fil = path.resolve(__dirname, '..', 'config', 'kartlegging.default.json');
    if (fs.existsSync(fil)) {
      return { kommuner: fraListe(JSON.parse(fs.readFileSync(fil, 'utf8')).kommuner), kilde: 'kartleggingskriteriene (standard)' };
    }
  }
  const r = await db.query<{ vertskommune: string }>('SELECT DISTINCT vertskommune FROM kartleggingsteam ORDER BY 1');
  return { kommuner: r.rows.map((x) => x.vertskommune), kilde: 'kartleggingsteamenes vertskommuner' };
}
