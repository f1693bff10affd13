/**
 * Phase `rapporter`: the reports over years of data. R forløp (full: 100 000) are generated in
 * PostgreSQL itself (generate_series) straight into the tables `lagre` writes — pasient,
 * forlop (the projection: status, frister, times, destination, reinnleggelse link), hendelse
 * (one row per hendelse with its data jsonb as the API takes it: kontakt, legemiddelliste,
 * brukersvar, the common tool's skjemaVersjon/innhold or the older resultat), overliggerdogn_dag
 * (priced at each day's year from the dognpris table) and avvik (+ its first history row), with
 * the triggers that keep rapport_fakta current firing as they do for lagre — so a load takes
 * seconds to minutes, not the hours the API would. Then each report of
 * db/rapporter.ts is timed as the API runs it (samhandling: all kommuner, access-log row
 * included) for the last whole year and for all years.
 *
 * The generated region: admissions spread evenly over 2021-01-01 .. 2025-12-31, the 18 kommuner
 * of the seed; every fifth forløp a new admission of the previous forløp's patient 0–39 days
 * after its discharge (so reinnleggelser within 2/3/5/30 days occur); 60 % meldt
 * utskrivningsklar, of those 30 % wait 1–6 days for the kommune (overliggerdøgn); 40 % included
 * in kartlegging; a few per cent late meldinger, missing epikriser, late oppfølging, avbrutt.
 */
import type { Pool } from '../db/pool';
import { indikatorer, overliggerdogn, overliggerdognDetaljer, type RapportFilter } from '../db/rapporter';
import type { Principal } from '../workflows/types';
import { logg, sjekk } from './motor';
import { fordeling, type Fordeling } from './statistikk';

export interface RapportResultat {
  forlop: number;
  hendelser: number;
  overliggerdognDager: number;
  avvik: number;
  /** Seconds to generate and ANALYZE the data. */
  loadSeconds: number;
  /** PostgreSQL's database size after the load. */
  pgMB: number;
  year: string;
  allYears: { fra: string; til: string };
  runsPerReport: number;
  /** Per report and range: the distribution of `runsPerReport` timed runs after one untimed. */
  timingsMs: Record<string, Fordeling>;
  targetMs: number;
  /** Whether every report for the year of all kommuner met the target at p50. */
  yearUnderTargetAtP50: boolean;
}

const START = '2021-01-01';
const SLUTT = '2025-12-31';
const AR = '2025';
const MAL_MS = 1000;
const SAMHANDLING: Principal = { rolle: 'samhandling', org: 'HSYK' };

/** Generates `n` forløp with their hendelser, days and avvik in one transaction. */
export async function lastRapportdata(pool: Pool, n: number): Promise<void> {
  const c0 = await pool.connect();
  const c = {
    async query(sql: string, params?: unknown[]) {
      const t = performance.now();
      const r = await c0.query(sql, params);
      if (process.env.BENCH_RAPPORT_STEG) logg(`    ${sql.trim().split('\n')[0].slice(0, 60)}: ${Math.round(performance.now() - t)} ms`);
      return r;
    },
  };
  try {
    await c.query('BEGIN');
    await c.query(`SET LOCAL work_mem = '64MB'`);
    await c.query(
      `CREATE TEMP TABLE g ON COMMIT DROP AS
       WITH k AS (
         SELECT array_agg(nummer ORDER BY nummer) AS nr, array_agg(coalesce(sykehus, 'HSYK-MO') ORDER BY nummer) AS sh FROM kommune
       ), r AS (
         SELECT i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8,
                random() r9, random() r10, random() r11, random() r12,
                CASE WHEN i % 5 = 1 AND i > 1 THEN i - 1 ELSE i END AS pas,
                timestamptz '${START} 06:00+01' + (i - 1) * ((timestamptz '${SLUTT} 00:00+01' - timestamptz '${START} 00:00+01') / $1::int) AS innlagt0
           FROM generate_series(1, $1::int) i
       ), a AS (
         -- Stay and wait, and the discharge the admission at innlagt0 would have.
         SELECT r.*, (1 + floor(r1 * 6))::int AS dager_for_uk, r2 < 0.6 AS meldt, r2 < 0.6 AND r3 < 0.3 AS nei,
                (1 + floor(r4 * 6))::int AS vent
           FROM r
       ), b AS (
         SELECT a.*, a.innlagt0 + make_interval(days => dager_for_uk, hours => 2)
                     + CASE WHEN nei THEN make_interval(days => vent) ELSE interval '0' END + interval '2 hours' AS ut0
           FROM a
       ), c AS (
         SELECT b.*,
                CASE WHEN i % 5 = 1 AND i > 1 THEN lag(ut0) OVER (ORDER BY i) + make_interval(days => floor(r9 * 40)::int, hours => 3)
                     ELSE innlagt0 END AS innlagt
           FROM b
       )
       SELECT c.i, c.pas,
              md5('bench-rapport-forlop-' || c.i)::uuid AS id,
              md5('bench-rapport-pasient-' || c.pas)::uuid AS pasient_id,
              k.nr[1 + (c.pas * 7) % array_length(k.nr, 1)] AS kommune,
              k.sh[1 + (c.pas * 7) % array_length(k.nr, 1)] AS sykehus,
              c.innlagt,
              c.innlagt + make_interval(days => c.dager_for_uk, hours => 2) AS uk,
              c.meldt, c.nei, c.vent,
              c.innlagt + make_interval(days => c.dager_for_uk, hours => 2)
                + CASE WHEN c.nei THEN make_interval(days => c.vent) ELSE interval '0' END + interval '2 hours' AS ut,
              CASE WHEN c.r5 < 0.40 THEN 'hjem' WHEN c.r5 < 0.65 THEN 'hjem_med_tjenester' WHEN c.r5 < 0.80 THEN 'korttidsopphold'
                   WHEN c.r5 < 0.85 THEN 'langtidsopphold' WHEN c.r5 < 0.90 THEN 'annen_institusjon'
                   WHEN c.r5 < 0.95 THEN 'annet_sykehus' ELSE 'dod' END AS destinasjon,
              c.r6 < 0.4 AS inkludert,
              c.r6 < 0.4 AND c.r7 < 0.7 AS kartlagt,
              c.r8 < 0.5 AS felles,
              c.r7 > 0.96 AS sen_melding,
              c.r10 > 0.97 AS uten_epikrise,
              CASE WHEN c.r10 < 0.8 THEN 'i_tide' WHEN c.r10 < 0.9 THEN 'sent' ELSE 'ingen' END AS oppfolging,
              c.r11 < 0.5 AS kontakt,
              CASE WHEN c.r12 < 0.5 THEN 'pll_oppdatert' WHEN c.r12 < 0.8 THEN 'ikke_pll' WHEN c.r12 < 0.9 THEN 'ukjent' END AS pll,
              CASE WHEN c.r11 < 0.3 THEN 'ja' WHEN c.r11 < 0.4 THEN 'nei' WHEN c.r11 < 0.5 THEN 'vet_ikke' END AS svar,
              c.i % 97 = 0 AS avbrutt
         FROM c CROSS JOIN k`,
      [n],
    );
    await c.query('ANALYZE g');
    await c.query(
      `INSERT INTO pasient (id, fnr_hmac, fnr_kryptert)
       SELECT DISTINCT ON (pas) pasient_id, decode(md5('bench-rapport-fnr-' || pas), 'hex'), 'bench:ikke-et-fnr' FROM g ORDER BY pas
       ON CONFLICT DO NOTHING`,
    );
    // The hendelser, as the API takes them; sekvens in time order per forløp.
    await c.query(
      `CREATE TEMP TABLE h ON COMMIT DROP AS
       SELECT g.id AS forlop_id, x.ord, x.type, x.tidspunkt, x.rolle, x.org, x.data
         FROM g CROSS JOIN LATERAL (VALUES
           (1, 'INNLAGT', g.innlagt, 'sykehus', g.sykehus, '{}'::jsonb, true),
           (2, 'INNLEGGELSESMELDING_SENDT', g.innlagt + CASE WHEN g.sen_melding THEN interval '26 hours' ELSE interval '2 hours' END,
               'sykehus', g.sykehus, jsonb_build_object('antattForlop', 'Utredning', 'forventetUtskrivningsdato', to_char(g.uk, 'YYYY-MM-DD')), true),
           (3, 'KARTLEGGING_STARTET', g.uk - interval '5 hours', 'kartleggingsteam', 'KT-RANA', '{}'::jsonb, g.kartlagt),
           (4, 'KARTLEGGING_FULLFORT', g.uk - interval '1 hour', 'kartleggingsteam', 'KT-RANA',
               CASE WHEN g.felles THEN jsonb_build_object('skjemaVersjon', '1', 'innhold', jsonb_build_object(
                      'kognisjon', jsonb_build_object('svikt', 'lett'), 'ernaering', jsonb_build_object('risiko', 'noe'),
                      'anbefaling', jsonb_build_object('tekst', 'Hjem med hjemmesykepleie')))
                    ELSE jsonb_build_object('resultat', jsonb_build_object('funksjon', 'Rullator', 'mestring', 'God',
                      'behov', jsonb_build_array('hjemmesykepleie'), 'anbefaling', 'Hjem med tjenester')) END, g.kartlagt),
           (5, 'UTSKRIVNINGSKLAR', g.uk, 'sykehus', g.sykehus, jsonb_build_object('vurdertTidspunkt', g.uk, 'vurdering', jsonb_build_object(
               'problemstillingerVedInnleggelseAvklart', true, 'ovrigeProblemstillingerAvklart', true,
               'uavklarteProblemstillingerAngitt', true, 'funksjonsnivaaVurdert', true)), g.meldt),
           (6, 'KOMMUNESVAR', g.uk + interval '1 hour', 'kommune', g.kommune,
               jsonb_build_object('kanTaImot', NOT g.nei)
               || CASE WHEN g.nei THEN jsonb_build_object('forventetKlarDato', to_char(g.uk + make_interval(days => g.vent), 'YYYY-MM-DD')) ELSE '{}' END
               || CASE WHEN g.kontakt THEN jsonb_build_object('kontakt', jsonb_build_object('enhet', 'Hjemmetjenesten')) ELSE '{}' END, g.meldt),
           (7, 'TILBUD_KLART', g.uk + make_interval(days => g.vent), 'kommune', g.kommune, jsonb_build_object('tilbud', 'hjem_med_tjenester'), g.nei),
           (8, 'EPIKRISE_SENDT', g.ut - interval '1 hour', 'sykehus', g.sykehus,
               CASE WHEN g.pll IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('legemiddelliste', jsonb_build_object('status', g.pll)) END,
               NOT g.uten_epikrise),
           (9, 'UTSKREVET', g.ut, 'sykehus', g.sykehus, jsonb_build_object('destinasjon', g.destinasjon), true),
           (10, 'OPPFOLGING_STARTET', g.ut + CASE WHEN g.oppfolging = 'i_tide' THEN interval '4 hours' ELSE interval '30 hours' END, 'kommune', g.kommune,
               CASE WHEN g.svar IS NULL THEN '{}'::jsonb
                    ELSE jsonb_build_object('brukersvar', jsonb_build_object('tilstrekkeligInformasjon', g.svar, 'vetHvemKontakte', 'ja')) END,
               g.destinasjon IN ('hjem', 'hjem_med_tjenester') AND g.oppfolging <> 'ingen'),
           (11, 'FORLOP_AVBRUTT', g.ut + interval '5 hours', 'sykehus', g.sykehus, jsonb_build_object('arsak', 'Feilregistrert'), g.avbrutt)
         ) AS x(ord, type, tidspunkt, rolle, org, data, med)
        WHERE x.med`,
    );
    await c.query('ANALYZE h');
    // The forløp rows in two steps with ANALYZE between, so the facts triggers' per-patient
    // look-ups are planned on statistics (as in a database that has lived), not on an empty table.
    for (const [steg, vilkar] of [['første', 'g.i <= greatest(1000, $1::int / 50)'], ['resten', 'g.i > greatest(1000, $1::int / 50)']] as const) {
      await c.query(
      `INSERT INTO forlop (id, pasient_id, oppholdskommune, sykehus, avdeling, innlagt_tidspunkt, antatt_behov_kommunale_tjenester,
                           kartlegging_inkludert, status, kartlegging_status, frister, siste_sekvens, utskrevet_tidspunkt, destinasjon,
                           kartlegging_fullfort_tidspunkt, forste_utskrivningsklar_tidspunkt, versjon)
       SELECT g.id, g.pasient_id, g.kommune, g.sykehus, 'Medisinsk avdeling', g.innlagt, true, g.inkludert,
              CASE WHEN g.avbrutt THEN 'avbrutt' ELSE 'avsluttet' END,
              CASE WHEN NOT g.inkludert THEN 'ikke_inkludert' WHEN g.kartlagt THEN 'fullfort' ELSE 'ikke_startet' END,
              jsonb_build_array(
                jsonb_build_object('id', 'INNLEGGELSESMELDING', 'nokkel', 'INNLEGGELSESMELDING', 'ansvarlig', 'sykehus', 'art', 'elapsed',
                  'start', g.innlagt, 'frist', g.innlagt + interval '24 hours', 'status', CASE WHEN g.sen_melding THEN 'brutt' ELSE 'oppfylt' END,
                  'oppfyltTidspunkt', g.innlagt + interval '2 hours', 'bruttTidspunkt', NULL, 'paminnelser', '[]'::jsonb, 'eskalering', NULL),
                jsonb_build_object('id', 'EPIKRISE', 'nokkel', 'EPIKRISE', 'ansvarlig', 'sykehus', 'art', 'event', 'start', g.ut, 'frist', g.ut,
                  'status', CASE WHEN g.uten_epikrise THEN 'brutt' ELSE 'oppfylt' END, 'oppfyltTidspunkt', g.ut - interval '1 hour',
                  'bruttTidspunkt', NULL, 'paminnelser', '[]'::jsonb, 'eskalering', NULL))
              || CASE WHEN g.meldt THEN jsonb_build_array(
                jsonb_build_object('id', 'KOMMUNESVAR', 'nokkel', 'KOMMUNESVAR-5', 'ansvarlig', 'kommune', 'art', 'elapsed', 'start', g.uk,
                  'frist', g.uk + interval '4 hours', 'status', 'oppfylt', 'oppfyltTidspunkt', g.uk + interval '1 hour',
                  'bruttTidspunkt', NULL, 'paminnelser', '[]'::jsonb, 'eskalering', NULL)) ELSE '[]'::jsonb END
              || CASE WHEN g.destinasjon IN ('hjem', 'hjem_med_tjenester') THEN jsonb_build_array(
                jsonb_build_object('id', 'OPPFOLGING', 'nokkel', 'OPPFOLGING', 'ansvarlig', 'kommune', 'art', 'elapsed', 'start', g.ut,
                  'frist', g.ut + interval '24 hours', 'status', CASE WHEN g.oppfolging = 'i_tide' THEN 'oppfylt' ELSE 'brutt' END,
                  'oppfyltTidspunkt', NULL, 'bruttTidspunkt', NULL, 'paminnelser', '[]'::jsonb, 'eskalering', NULL)) ELSE '[]'::jsonb END,
              hn.n, g.ut, g.destinasjon,
              CASE WHEN g.kartlagt THEN g.uk - interval '1 hour' END,
              CASE WHEN g.meldt THEN g.uk END,
              hn.n
         FROM g JOIN (SELECT forlop_id, count(*)::int AS n FROM h GROUP BY 1) hn ON hn.forlop_id = g.id
        WHERE ${vilkar}`,
      [n],
      );
      if (steg === 'første') await c.query('ANALYZE rapport_fakta');
    }
    // The reinnleggelse link, as lagre makes it at the new admission (within 30 calendar days).
    await c.query(
      `UPDATE forlop f SET reinnleggelse_av = p.id,
              reinnleggelse_dager = (g.innlagt AT TIME ZONE 'Europe/Oslo')::date - (p.ut AT TIME ZONE 'Europe/Oslo')::date
         FROM g JOIN g p ON p.i = g.i - 1
        WHERE f.id = g.id AND g.i % 5 = 1 AND g.i > 1
          AND (g.innlagt AT TIME ZONE 'Europe/Oslo')::date - (p.ut AT TIME ZONE 'Europe/Oslo')::date <= 30`,
    );
    await c.query(
      `INSERT INTO hendelse (forlop_id, sekvens, hendelse_id, type, tidspunkt, registrert, av_rolle, av_org, data)
       SELECT forlop_id, row_number() OVER (PARTITION BY forlop_id ORDER BY tidspunkt, ord), md5(forlop_id::text || ord)::uuid,
              type, tidspunkt, tidspunkt, rolle, org, data
         FROM h`,
    );
    // The days the kommune waited: from the melding's date up to, not including, the day of "klart".
    await c.query(
      `INSERT INTO overliggerdogn_dag (forlop_id, dato, oppholdskommune, belop, pris_forelopig, betalingsvilkar_oppfylt, omstridt)
       SELECT g.id, d.dato, g.kommune,
              coalesce(p.belop, (SELECT belop FROM dognpris ORDER BY ar DESC LIMIT 1)), p.belop IS NULL,
              NOT g.sen_melding, g.uten_epikrise
         FROM g
         CROSS JOIN LATERAL generate_series((g.uk AT TIME ZONE 'Europe/Oslo')::date,
                                            (g.uk AT TIME ZONE 'Europe/Oslo')::date + g.vent - 1, interval '1 day') AS s(dag)
         CROSS JOIN LATERAL (SELECT s.dag::date AS dato) d
         LEFT JOIN dognpris p ON p.ar = extract(year FROM d.dato)::int
        WHERE g.nei AND NOT g.avbrutt`,
    );
    await c.query(
      `WITH ny AS (
         INSERT INTO avvik (id, forlop_id, nokkel, type, ansvarlig_rolle, ansvarlig_org, motpart_rolle, motpart_org, frist, brutt, tekst, status)
         SELECT md5(g.id::text || x.type)::uuid, g.id, x.type, x.type, x.rolle, x.org, x.motrolle, x.motorg, x.brutt, x.brutt,
                'Fristen ble ikke overholdt', 'åpen'
           FROM g CROSS JOIN LATERAL (VALUES
             ('INNLEGGELSESMELDING', 'sykehus', g.sykehus, 'kommune', g.kommune, g.innlagt + interval '24 hours', g.sen_melding),
             ('KARTLEGGING', 'kartleggingsteam', 'KT-RANA', 'sykehus', g.sykehus, g.uk, g.inkludert AND g.meldt AND NOT g.kartlagt),
             ('EPIKRISE', 'sykehus', g.sykehus, 'kommune', g.kommune, g.ut, g.uten_epikrise),
             ('OPPFOLGING', 'kommune', g.kommune, 'sykehus', g.sykehus, g.ut + interval '24 hours',
              g.destinasjon IN ('hjem', 'hjem_med_tjenester') AND g.oppfolging <> 'i_tide')
           ) AS x(type, rolle, org, motrolle, motorg, brutt, med)
          WHERE x.med AND NOT g.avbrutt
         RETURNING id
       )
       INSERT INTO avvik_historikk (avvik_id, av_rolle, av_org, status, kommentar)
       SELECT id, 'system', 'utskrivningsforlop', 'åpen', 'Fristen ble ikke overholdt' FROM ny`,
    );
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c0.release();
  }
  // As autovacuum leaves a long-lived database: the load's dead row versions (the facts rows are
  // written once per forløp insert and hendelse) cleared and the statistics fresh.
  await pool.query('VACUUM ANALYZE pasient, forlop, rapport_fakta, hendelse, overliggerdogn_dag, avvik');
}

async function tid(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return Math.round((performance.now() - t) * 10) / 10;
}

export async function rapporter(pool: Pool, n: number, runs = 5): Promise<RapportResultat> {
  logg(`phase rapporter: ${n} forløp generated in PostgreSQL (${START} .. ${SLUTT}), then each report ${runs}× for ${AR} and for all years, all kommuner`);
  const t0 = performance.now();
  await lastRapportdata(pool, n);
  const loadSeconds = Math.round((performance.now() - t0) / 100) / 10;
  const tell = async (tabell: string) => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${tabell}`)).rows[0].n);
  const [forlop, hendelser, dager, avvik] = [await tell('forlop'), await tell('hendelse'), await tell('overliggerdogn_dag'), await tell('avvik')];
  const pgMB = Math.round(Number((await pool.query<{ b: string }>('SELECT pg_database_size(current_database()) AS b')).rows[0].b) / 1048576);
  logg(`  loaded in ${loadSeconds} s: ${forlop} forløp, ${hendelser} hendelser, ${dager} overliggerdøgn, ${avvik} avvik; database ${pgMB} MB`);

  const ar: Omit<RapportFilter, 'gruppering'> = { fra: `${AR}-01-01`, til: `${AR}-12-31` };
  const alle: Omit<RapportFilter, 'gruppering'> = { fra: START, til: SLUTT };
  const grunnlag: Omit<RapportFilter, 'gruppering'> = { fra: `${Number(AR) - 1}-01-01`, til: `${Number(AR) - 1}-12-31` };
  const deltakere = { art: 'deltakere' as const, kommuner: ['1828', '1832', '1833', '1834', '1835', '1836', '1818', '1820', '1822', '1824', '1827'] };
  const maling: Record<string, () => Promise<unknown>> = {
    [`indikatorer ${AR} maned`]: () => indikatorer(pool, SAMHANDLING, { ...ar, gruppering: 'maned' }, { art: 'kommune' }, 'bench'),
    [`indikatorer ${AR} ar`]: () => indikatorer(pool, SAMHANDLING, { ...ar, gruppering: 'ar' }, { art: 'kommune' }, 'bench'),
    [`indikatorer ${AR} total`]: () => indikatorer(pool, SAMHANDLING, { ...ar, gruppering: 'total' }, { art: 'kommune' }, 'bench'),
    [`overliggerdogn ${AR} maned`]: () => overliggerdogn(pool, SAMHANDLING, { ...ar, gruppering: 'maned' }, 'bench'),
    [`overliggerdogn ${AR} detaljer`]: () => overliggerdognDetaljer(pool, SAMHANDLING, { ...ar, gruppering: 'maned' }, 'bench'),
    [`sammenligning ${AR} mot ${Number(AR) - 1}`]: async () => {
      await indikatorer(pool, SAMHANDLING, { ...ar, gruppering: 'total' }, deltakere, 'bench');
      await indikatorer(pool, SAMHANDLING, { ...grunnlag, gruppering: 'total' }, deltakere, null);
    },
    [`indikatorer alle ar maned`]: () => indikatorer(pool, SAMHANDLING, { ...alle, gruppering: 'maned' }, { art: 'kommune' }, 'bench'),
    [`indikatorer alle ar total`]: () => indikatorer(pool, SAMHANDLING, { ...alle, gruppering: 'total' }, { art: 'kommune' }, 'bench'),
    [`overliggerdogn alle ar maned`]: () => overliggerdogn(pool, SAMHANDLING, { ...alle, gruppering: 'maned' }, 'bench'),
    [`indikatorer ${AR} maned, one kommune`]: () =>
      indikatorer(pool, { rolle: 'kommune', org: '1833' }, { ...ar, gruppering: 'maned' }, { art: 'kommune' }, 'bench'),
  };
  const timingsMs: Record<string, Fordeling> = {};
  for (const [navn, f] of Object.entries(maling)) {
    sjekk();
    await f(); // untimed: plans and caches
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) ms.push(await tid(f));
    timingsMs[navn] = fordeling(ms);
    logg(`  ${navn}: p50 ${timingsMs[navn].p50} ms (min ${timingsMs[navn].min}, max ${timingsMs[navn].max})`);
  }
  const arsTall = Object.entries(timingsMs).filter(([k]) => k.includes(` ${AR} `) && !k.includes('one kommune'));
  return {
    forlop,
    hendelser,
    overliggerdognDager: dager,
    avvik,
    loadSeconds,
    pgMB,
    year: AR,
    allYears: { fra: START, til: SLUTT },
    runsPerReport: runs,
    timingsMs,
    targetMs: MAL_MS,
    yearUnderTargetAtP50: arsTall.every(([, d]) => (d.p50 ?? Infinity) < MAL_MS),
  };
}
