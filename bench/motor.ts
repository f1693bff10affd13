/**
 * The bench's shared machinery: logging and progress, cleanup on Ctrl-C, the context the phases
 * share, the engine as child processes, and one full forløp driven through the HTTP API.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@temporalio/client';
import { lastKonfig } from '../config';
import { type Pool } from '../db/pool';
import { ledigPort } from '../scripts/dev-services';
import type { Principal } from '../workflows/types';
import { ApiKlient, feilNokkel, KT_RANA, RANA, SYKEHUS, type Svar } from './api';
import { cpuMaler, motorEnv, startBarn, type Barn } from './prosesser';
import { iBaner, perSekund } from './statistikk';
import type { BenchValg } from './valg';

// ------------------------------------------------------------------------------------------
// Logging, progress, cleanup
// ------------------------------------------------------------------------------------------

export const T0 = performance.now();
export const logg = (m: string) => process.stdout.write(`[bench +${((performance.now() - T0) / 1000).toFixed(1)}s] ${m}\n`);

/** Prints `linje()` every 2 s until stopped (and once more at the end). */
export function fremdrift(linje: () => string): () => void {
  const t = setInterval(() => logg(`  … ${linje()}`), 2000);
  return () => {
    clearInterval(t);
    logg(`  ${linje()}`);
  };
}

/** Thrown where the bench stops after Ctrl-C / SIGTERM. */
export class Avbrutt extends Error {
  constructor() {
    super('avbrutt');
  }
}

/** Set by the first Ctrl-C / SIGTERM (`avbryt`): phases stop starting new work. */
export let AVBRUTT = false;
export function avbryt(): void {
  AVBRUTT = true;
}
export function sjekk(): void {
  if (AVBRUTT) throw new Avbrutt();
}

/** Things started, stopped in reverse order; each at most once (also when called from a signal). */
export class Rydder {
  private readonly steg: Array<{ navn: string; fn: () => Promise<unknown>; ferdig?: Promise<void> }> = [];
  private alle?: Promise<void>;

  /**
   * Registers `fn`; returns a function that runs it now (once). Once everything is being
   * stopped (Ctrl-C), something that finishes starting is stopped at once and the caller
   * gets `Avbrutt`.
   */
  legg(navn: string, fn: () => Promise<unknown>): () => Promise<void> {
    const s: { navn: string; fn: () => Promise<unknown>; ferdig?: Promise<void> } = { navn, fn };
    if (this.alle) {
      void this.kjor(s);
      throw new Avbrutt();
    }
    this.steg.push(s);
    return () => this.kjor(s);
  }

  private kjor(s: { navn: string; fn: () => Promise<unknown>; ferdig?: Promise<void> }): Promise<void> {
    s.ferdig ??= (async () => {
      try {
        await s.fn();
      } catch (e) {
        logg(`  ${s.navn} did not stop cleanly: ${(e as Error).message}`);
      }
    })();
    return s.ferdig;
  }

  alt(): Promise<void> {
    this.alle ??= (async () => {
      for (const s of [...this.steg].reverse()) {
        if (!s.ferdig) logg(`stopping ${s.navn} ...`);
        await this.kjor(s);
      }
    })();
    return this.alle;
  }
}

// ------------------------------------------------------------------------------------------
// The context the phases share
// ------------------------------------------------------------------------------------------

export interface Kontekst {
  valg: BenchValg;
  runId: string;
  tmp: string;
  loggDir: string;
  rydd: Rydder;
  temporalAddress: string;
  databaseUrl: string;
  pool: Pool;
  client: Client;
  jwtSecret: Buffer;
  pasientNokkel: Buffer;
  nesteFnr: () => string;
  /** The dev server's pid, for its CPU time. */
  temporalPid: number | undefined;
}

/** The environment of an engine child: the bench's Temporal, database, keys; nothing inherited that would point elsewhere. */
export function barnEnv(ctx: Kontekst, ekstra: Record<string, string>): NodeJS.ProcessEnv {
  return motorEnv({
    TEMPORAL_ADDRESS: ctx.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    DATABASE_URL: ctx.databaseUrl,
    AUTH_MODUS: 'dev',
    AUTH_DEV_SECRET: ctx.jwtSecret.toString('base64'),
    PASIENT_NOKKEL: ctx.pasientNokkel.toString('base64'),
    DATA_DIR: path.join(ctx.tmp, 'data'),
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // The frist phase's webhook receiver listens on 127.0.0.1.
    WEBHOOK_TILLAT_PRIVATE_ADRESSER: 'true',
    // The bench drives one principal far above any one ward's rate.
    RATE_LIMIT_PER_MINUTT: '0',
    ...ekstra,
  });
}

// ------------------------------------------------------------------------------------------
// The engine as child processes
// ------------------------------------------------------------------------------------------

export interface Motor {
  api: ApiKlient;
  apiProsess: Barn;
  workers: Barn[];
  taskQueue: string;
  /** Throws, naming it, when an engine process has exited (crashed, or was signalled from outside). */
  sjekkLevende(): void;
  stopp(): Promise<void>;
}

export const KLAR = /utskrivningsforløp is running/;

/** One API process (START_ROLLER=api) and `antallWorkers` worker processes (START_ROLLER=worker) on their own task queue. */
export async function startMotor(ctx: Kontekst, navn: string, antallWorkers: number, workerEnv: Record<string, string> = {}): Promise<Motor> {
  sjekk();
  const taskQueue = `bench-${navn}-${ctx.runId}`;
  const port = await ledigPort();
  logg(`starting the engine "${navn}": API + ${antallWorkers} worker process${antallWorkers > 1 ? 'es' : ''} (task queue ${taskQueue}) ...`);
  const barn: Barn[] = [];
  const stopp = ctx.rydd.legg(`engine "${navn}"`, async () => {
    // The API first (no new work), then the workers.
    await barn.find((b) => b.navn.endsWith('-api'))?.stopp();
    await Promise.all(barn.filter((b) => !b.navn.endsWith('-api')).map((b) => b.stopp()));
  });
  const apiEnv = barnEnv(ctx, { START_ROLLER: 'api', PORT: String(port), TEMPORAL_TASK_QUEUE: taskQueue });
  const apiProsess = startBarn({ navn: `${navn}-api`, skript: 'scripts/start.ts', env: apiEnv, loggFil: path.join(ctx.loggDir, `${navn}-api.log`) });
  barn.push(apiProsess);
  const workers: Barn[] = [];
  for (let i = 1; i <= antallWorkers; i++) {
    const w = startBarn({
      navn: `${navn}-worker${i}`,
      skript: 'scripts/start.ts',
      env: barnEnv(ctx, { ...workerEnv, START_ROLLER: 'worker', TEMPORAL_TASK_QUEUE: taskQueue }),
      loggFil: path.join(ctx.loggDir, `${navn}-worker${i}.log`),
    });
    barn.push(w);
    workers.push(w);
  }
  const t = performance.now();
  await Promise.all(barn.map((b) => b.venterPaLinje(KLAR, 240_000)));
  sjekk();
  logg(
    `  engine "${navn}" ready in ${((performance.now() - t) / 1000).toFixed(1)} s (API pid ${apiProsess.pid}, worker pid ${workers.map((w) => w.pid).join(', ')})`,
  );
  const issuer = lastKonfig(apiEnv).auth.issuer;
  return {
    api: new ApiKlient(`http://127.0.0.1:${port}`, new Uint8Array(ctx.jwtSecret), issuer),
    apiProsess,
    workers,
    taskQueue,
    sjekkLevende() {
      const dod = barn.find((b) => !b.lever());
      if (dod) throw new Error(`engine process ${dod.navn} (pid ${dod.pid}) exited during the run\n--- ${dod.navn} output ---\n${dod.hale()}`);
    },
    stopp,
  };
}

// ------------------------------------------------------------------------------------------
// One full forløp through the HTTP API
// ------------------------------------------------------------------------------------------

export const KOMPLETT_VURDERING = {
  problemstillingerVedInnleggelseAvklart: true,
  ovrigeProblemstillingerAvklart: true,
  uavklarteProblemstillingerAngitt: true,
  funksjonsnivaaVurdert: true,
};

export const iso = (ms: number) => new Date(ms).toISOString();
export const imorgen = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

export function nyttForlop(fnr: string, oppholdskommune: string, innlagt: string, kartlegging: boolean) {
  return {
    pasient: { fnr },
    oppholdskommune,
    sykehus: 'HSYK-MO',
    avdeling: 'Medisinsk avdeling',
    innlagtTidspunkt: innlagt,
    antattBehovKommunaleTjenester: true,
    kartlegging: { inkludert: kartlegging },
  };
}

/** The 9 hendelser after INNLAGT, in order, times a few hours back so no frist is ever overdue. */
export function hendelserFor(base: number): Array<[Principal, Record<string, unknown>, string]> {
  const siden = (min: number) => iso(base - min * 60_000);
  return [
    [SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: siden(170), antattForlop: 'Fall, hoftebrudd', forventetUtskrivningsdato: imorgen() }, 'innlagt'],
    [KT_RANA, { type: 'KARTLEGGING_STARTET', tidspunkt: siden(160) }, 'innlagt'],
    [
      KT_RANA,
      {
        type: 'KARTLEGGING_FULLFORT',
        tidspunkt: siden(150),
        resultat: { funksjon: 'Går med rullator', mestring: 'Trenger hjelp til stell', behov: ['hjemmesykepleie'], anbefaling: 'Hjem med tjenester' },
      },
      'innlagt',
    ],
    [SYKEHUS, { type: 'UTSKRIVNINGSKLAR', tidspunkt: siden(120), vurdertTidspunkt: siden(120), vurdering: KOMPLETT_VURDERING }, 'utskrivningsklar'],
    [RANA, { type: 'KOMMUNESVAR', tidspunkt: siden(110), kanTaImot: false, forventetKlarDato: imorgen() }, 'venter_pa_kommune'],
    [RANA, { type: 'TILBUD_KLART', tidspunkt: siden(90), tilbud: 'hjem_med_tjenester' }, 'klar_for_utskrivning'],
    [SYKEHUS, { type: 'EPIKRISE_SENDT', tidspunkt: siden(60) }, 'klar_for_utskrivning'],
    [SYKEHUS, { type: 'UTSKREVET', tidspunkt: siden(60), destinasjon: 'hjem' }, 'utskrevet'],
    [RANA, { type: 'OPPFOLGING_STARTET', tidspunkt: siden(30), beskrivelse: 'Første besøk av hjemmetjenesten' }, 'avsluttet'],
  ];
}

export interface Tellere {
  startet: number;
  fullfort: number;
  feilet: number;
  /** Answered 2xx with the expected status (POST /forlop included: it carries INNLAGT). */
  hendelserOk: number;
  feil: Record<string, number>;
  /** Ids of the completed forløp. */
  ider: string[];
}

export const nyeTellere = (): Tellere => ({ startet: 0, fullfort: 0, feilet: 0, hendelserOk: 0, feil: {}, ider: [] });

export function tellFeil(t: Tellere, hva: string, s: Svar, forventet?: string): void {
  const k = `${hva}: ${feilNokkel(s, forventet)}`;
  t.feil[k] = (t.feil[k] ?? 0) + 1;
}

/** POST /forlop (INNLAGT), then the hendelser of a full forløp; counts into `t`. */
export async function fulltForlop(ctx: Kontekst, api: ApiKlient, t: Tellere): Promise<void> {
  t.startet += 1;
  const base = Date.now();
  const r = await api.kall(SYKEHUS, 'POST', '/api/v1/forlop', nyttForlop(ctx.nesteFnr(), '1833', iso(base - 180 * 60_000), true));
  if (r.status !== 201 || r.body?.status !== 'innlagt') {
    t.feilet += 1;
    tellFeil(t, 'INNLAGT', r, 'innlagt');
    return;
  }
  t.hendelserOk += 1;
  const id = r.body.id as string;
  for (const [hvem, h, forventet] of hendelserFor(base)) {
    if (AVBRUTT) return;
    const s = await api.kall(hvem, 'POST', `/api/v1/forlop/${id}/hendelser`, h);
    if (s.status !== 200 || s.body?.status !== forventet) {
      t.feilet += 1;
      tellFeil(t, String(h.type), s, forventet);
      return;
    }
    t.hendelserOk += 1;
  }
  t.fullfort += 1;
  t.ider.push(id);
}

export interface MotorResultat {
  workers: number;
  forlop: number;
  concurrency: number;
  completed: number;
  failed: number;
  hendelser: number;
  seconds: number;
  forlopPerSecond: number;
  hendelserPerSecond: number;
  /**
   * CPU time used during the run per process (ms): api, worker1.., temporal (the dev server),
   * driver (the bench itself). PostgreSQL is not included (a shared server, or one whose pid
   * the bench does not hold).
   */
  cpuMs: Record<string, number | null>;
  /** cpuMs divided by the hendelser answered: where a hendelse's cost goes. */
  cpuMsPerHendelse: Record<string, number | null>;
  errors: Record<string, number>;
}

/** Each figure of `cpu` divided by `antall`, to 0.01 ms. */
export function perEnhet(cpu: Record<string, number | null>, antall: number): Record<string, number | null> {
  return Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v === null || antall === 0 ? null : Math.round((v / antall) * 100) / 100]));
}

export async function kjorForlop(ctx: Kontekst, motor: Motor, n: number, c: number, navn: string): Promise<MotorResultat & { ider: string[] }> {
  const t = nyeTellere();
  const cpu = cpuMaler({
    api: motor.apiProsess.pid,
    ...Object.fromEntries(motor.workers.map((w, i) => [`worker${i + 1}`, w.pid])),
    temporal: ctx.temporalPid,
  });
  const start = performance.now();
  const stopp = fremdrift(
    () =>
      `${navn}: ${t.fullfort}/${n} forløp avsluttet, ${t.hendelserOk} hendelser, ${t.feilet} failed, ${perSekund(t.fullfort, performance.now() - start)} forløp/s`,
  );
  try {
    await iBaner(n, c, () => (AVBRUTT ? Promise.resolve() : fulltForlop(ctx, motor.api, t)));
  } finally {
    stopp();
  }
  const ms = performance.now() - start;
  const cpuMs = cpu.stopp();
  sjekk();
  motor.sjekkLevende();
  if (Object.keys(t.feil).length) logg(`  ${navn} errors: ${JSON.stringify(t.feil)}`);
  return {
    workers: 0,
    forlop: n,
    concurrency: c,
    completed: t.fullfort,
    failed: t.feilet,
    hendelser: t.hendelserOk,
    seconds: Math.round(ms) / 1000,
    forlopPerSecond: perSekund(t.fullfort, ms),
    hendelserPerSecond: perSekund(t.hendelserOk, ms),
    cpuMs,
    cpuMsPerHendelse: perEnhet(cpuMs, t.hendelserOk),
    errors: t.feil,
    ider: t.ider,
  };
}

/** Untimed forløp so the timed run meets a warm worker and API (bundle loaded, V8 context made, JIT done). */
export async function oppvarming(ctx: Kontekst, motor: Motor, navn: string): Promise<void> {
  const w = ctx.valg.warmup;
  if (w <= 0) return;
  logg(`  warm-up: ${w} forløp ...`);
  const r = await kjorForlop(ctx, motor, w, Math.min(ctx.valg.concurrency, w), `${navn} warm-up`);
  sjekk();
  if (r.completed !== w) throw new Error(`warm-up of "${navn}" failed: ${r.completed}/${w} completed; ${JSON.stringify(r.errors)}`);
}

/** A fresh baseline worker process on its own task queue, stopped by the bench's cleanup too; resolves once it polls. */
export async function startBaselineWorker(ctx: Kontekst, navn: string, taskQueue: string): Promise<{ worker: Barn; stopp: () => Promise<void> }> {
  const worker = startBarn({
    navn,
    skript: 'bench/baseline-worker.ts',
    env: { ...barnEnv(ctx, {}), BENCH_TASK_QUEUE: taskQueue },
    loggFil: path.join(ctx.loggDir, `${navn}.log`),
  });
  const stopp = ctx.rydd.legg(navn, () => worker.stopp());
  await worker.venterPaLinje(/baseline worker ready/, 240_000);
  return { worker, stopp };
}
