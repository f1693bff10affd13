/**
 * The engine as child processes, for the fault tests: an API or a worker is `scripts/start.ts`
 * with START_ROLLER, exactly as docker-compose runs them, so a test can SIGKILL one as a
 * process dies (bench/prosesser.ts does the spawning; each child is its own process group).
 *
 * Each child writes its output (the API's request log, the worker's Temporal SDK log) into the
 * run's log folder, which the global teardown scans for the test patients' fødselsnummer.
 * Also here: a client for such an API and the client's retry rule (503 and a dropped
 * connection are tried again, with the same hendelseId / Idempotency-Key).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { motorEnv, startBarn, type Barn } from '../../bench/prosesser';
import { utstedDevToken } from '../../api/auth';
import { lastKonfig } from '../../config';
import type { Principal } from '../../workflows/types';

export const KLAR = /utskrivningsforløp is running/;

export interface MotorProsessValg {
  /** For error messages and the log file's name. */
  navn: string;
  rolle: 'api' | 'worker';
  temporalAddress: string;
  databaseUrl: string;
  taskQueue: string;
  pasientNokkel: Buffer;
  /** The API's development-token secret (the test signs its tokens with it). */
  jwtSecret?: Uint8Array;
  /** The API's port (a restarted API takes its predecessor's). */
  port?: number;
  env?: Record<string, string>;
}

export type MotorProsess = Barn;

/**
 * A test file's way to start engine child processes: each gets the file's common settings (its
 * stack's task queue and key, the Temporal and PostgreSQL it uses) and is kept in `barn`, so the
 * file's cleanup kills them all.
 */
export function motorStarter(barn: MotorProsess[], felles: () => Omit<MotorProsessValg, 'navn' | 'rolle'>) {
  return async (navn: string, rolle: MotorProsessValg['rolle'], env?: Record<string, string>): Promise<MotorProsess> => {
    const b = await startMotorProsess({ navn, rolle, ...felles(), env });
    barn.push(b);
    return b;
  };
}

/** Starts `scripts/start.ts` as an API or a worker and resolves when it says it is running. */
export async function startMotorProsess(v: MotorProsessValg): Promise<MotorProsess> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), `feil-${v.navn}-`));
  const loggMappe = process.env.TEST_LOGG_MAPPE;
  const barn = startBarn({
    navn: v.navn,
    skript: 'scripts/start.ts',
    env: motorEnv({
      START_ROLLER: v.rolle,
      TEMPORAL_ADDRESS: v.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      DATABASE_URL: v.databaseUrl,
      TEMPORAL_TASK_QUEUE: v.taskQueue,
      PASIENT_NOKKEL: v.pasientNokkel.toString('base64'),
      AUTH_MODUS: 'dev',
      AUTH_DEV_SECRET: Buffer.from(v.jwtSecret ?? randomBytes(32)).toString('base64'),
      DATA_DIR: data,
      HOST: '127.0.0.1',
      ...(v.port !== undefined ? { PORT: String(v.port) } : {}),
      // The API's request log at info: one line per request, scanned like every other log.
      LOG_LEVEL: v.rolle === 'api' ? 'info' : 'warn',
      WEBHOOK_TILLAT_PRIVATE_ADRESSER: 'true',
      RATE_LIMIT_PER_MINUTT: '0',
      START_VENT_SEKUNDER: '120',
      ...v.env,
    }),
    loggFil: loggMappe ? path.join(loggMappe, `${v.navn}-${randomUUID().slice(0, 8)}.log`) : undefined,
  });
  try {
    await barn.venterPaLinje(KLAR, 120_000);
  } catch (e) {
    await barn.stopp(2000);
    throw e;
  } finally {
    // The data folder only holds what a started process would generate; nothing is generated with the keys given.
    setTimeout(() => fs.rmSync(data, { recursive: true, force: true }), 0).unref();
  }
  return barn;
}

/** SIGKILL to the child's whole process group, as when the machine loses it; resolves once it is gone. */
export async function drep(b: Barn): Promise<void> {
  try {
    process.kill(-b.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  const slutt = Date.now() + 10_000;
  while (b.lever()) {
    if (Date.now() > slutt) throw new Error(`${b.navn} (pid ${b.pid}) did not die of SIGKILL`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Svar {
  status: number;
  body: any;
  headers: Headers;
}

/** A JSON request as the given principal; throws when the connection fails or drops (no answer). */
export type Kall = (p: Principal, metode: string, sti: string, body?: unknown, headers?: Record<string, string>) => Promise<Svar>;

/** A client for an API at baseUrl whose development tokens are signed with jwtSecret. */
export function lagKall(baseUrl: string, jwtSecret: Uint8Array): Kall {
  const issuer = lastKonfig({ AUTH_MODUS: 'dev' }).auth.issuer;
  return async (p, metode, sti, body, headers = {}) => {
    const res = await fetch(`${baseUrl}${sti}`, {
      method: metode,
      headers: {
        authorization: `Bearer ${await utstedDevToken({ rolle: p.rolle, org: p.org }, jwtSecret, issuer)}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const tekst = await res.text();
    let parsed: unknown = tekst;
    try {
      parsed = tekst ? JSON.parse(tekst) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
}

/** What a client saw while it retried: every answer's status (0: no answer) and the 503s' Retry-After and content type. */
export interface Forsok {
  statuser: number[];
  utilgjengelig: Array<{ retryAfter: string | null; contentType: string | null; type: unknown }>;
}

export const nyeForsok = (): Forsok => ({ statuser: [], utilgjengelig: [] });

/**
 * A careful client: sends until the engine answers something other than 503, trying again
 * after a 503 or a dropped connection with the very same request (hendelseId in the body,
 * Idempotency-Key in the headers), as the API documentation tells clients to. `signal` stops
 * the retrying (a test's cleanup, so no client of a failed test goes on into the next file).
 */
export async function sendTilSvar(
  kall: Kall,
  p: Principal,
  metode: string,
  sti: string,
  body: unknown,
  opts: { headers?: Record<string, string>; forsok?: Forsok; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Svar> {
  const slutt = Date.now() + (opts.timeoutMs ?? 150_000);
  for (;;) {
    opts.signal?.throwIfAborted();
    try {
      const r = await kall(p, metode, sti, body, opts.headers);
      opts.forsok?.statuser.push(r.status);
      if (r.status !== 503) return r;
      opts.forsok?.utilgjengelig.push({
        retryAfter: r.headers.get('retry-after'),
        contentType: r.headers.get('content-type'),
        type: r.body?.type,
      });
    } catch {
      opts.forsok?.statuser.push(0); // no answer: the connection was refused or dropped
    }
    if (Date.now() > slutt) throw new Error(`no answer to ${metode} ${sti} within ${opts.timeoutMs ?? 150_000} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * What a test started that runs beside it (a batch of clients): `avbryt()` in the file's
 * cleanup stops their retrying and waits until every one has settled, so nothing a failed
 * test started runs on into the next test file of the same jest worker.
 */
export function nyBakgrunn() {
  const kontroller = new AbortController();
  const lopende: Array<Promise<unknown>> = [];
  return {
    signal: kontroller.signal,
    /** Keeps `p` to be waited for at cleanup; answers `p` itself. */
    folg<T>(p: Promise<T>): Promise<T> {
      lopende.push(p.catch(() => undefined));
      return p;
    },
    async avbryt(): Promise<void> {
      kontroller.abort(new Error('the test file is cleaning up'));
      await Promise.all(lopende);
    },
  };
}
