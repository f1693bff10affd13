/**
 * The real stack for integration tests: a worker and the HTTP API in this process, against
 * the Temporal dev server and the PostgreSQL database the global setup started. Each test
 * file gets its own task queue, so files running side by side never take each other's tasks.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { lagApp } from '../../api/app';
import { loggTemporalTilFil, noterFnr, testLogger } from './logg';
import { settOppServer } from '../../api/herding';
import { utstedDevToken } from '../../api/auth';
import { lastKonfig, type AppConfig } from '../../config';
import { lagDataConverter } from '../../config/payload-codec';
import { lagPool, type Pool } from '../../db/pool';
import type { Principal, Rolle } from '../../workflows/types';
import { startWorker, type KjorendeWorker } from '../../scripts/worker';

export interface Stack {
  config: AppConfig;
  /** The key the API's client and the worker encrypt Temporal payloads with. */
  pasientNokkel: Buffer;
  /** The API's development-token signing secret (to make bad tokens with). */
  jwtSecret: Uint8Array;
  pool: Pool;
  client: Client;
  baseUrl: string;
  token(rolle: Rolle, org: string): Promise<string>;
  /** JSON request as the given principal; answers status and parsed body. */
  kall(p: Principal, metode: string, sti: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  startWorker(): Promise<void>;
  stoppWorker(): Promise<void>;
  /** How many times the running worker was replaced after it lost Temporal (scripts/worker.ts). */
  workerOmstarter(): number;
  stopp(): Promise<void>;
}

export interface StackValg {
  /** The payload and patient key; by default derived from the database, which every file of a run shares. */
  pasientNokkel?: Buffer;
  /** Environment for the API and worker configuration, over the test defaults. */
  env?: Record<string, string>;
  /** A Temporal of the test's own (a fault test stops it); default the run's (TEMPORAL_ADDRESS). */
  temporalAddress?: string;
  /** A database of the test's own (a fault test stops its server); default the run's (DATABASE_URL). */
  databaseUrl?: string;
  /** false: no worker in this process (the test runs workers as child processes). Default true. */
  worker?: boolean;
}

/** The tests' receivers listen on 127.0.0.1: webhooks may point there unless a test says otherwise. */
const TEST_ENV = { WEBHOOK_TILLAT_PRIVATE_ADRESSER: 'true', RATE_LIMIT_PER_MINUTT: '0' };

export async function startStack(valg: StackValg = {}): Promise<Stack> {
  loggTemporalTilFil();
  const address = valg.temporalAddress ?? process.env.TEMPORAL_ADDRESS;
  const databaseUrl = valg.databaseUrl ?? process.env.DATABASE_URL;
  if (!address || !databaseUrl) throw new Error('TEMPORAL_ADDRESS and DATABASE_URL come from test/global-setup.ts');
  const config: AppConfig = {
    ...lastKonfig({ ...process.env, ...TEST_ENV, ...valg.env, TEMPORAL_TASK_QUEUE: `test-${randomUUID()}` }),
    temporalAddress: address,
    databaseUrl,
  };
  // Every file in a run shares the test database, so they share the patient key too (else one file cannot read another's).
  const nokler = {
    pasientNokkel: valg.pasientNokkel ?? createHash('sha256').update(`pasientnokkel:${databaseUrl}`).digest(),
    jwtSecret: new Uint8Array(randomBytes(32)),
  };
  const pool = lagPool(databaseUrl, 10);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: config.temporalNamespace, dataConverter: lagDataConverter(nokler.pasientNokkel) });
  const workerConnection = await NativeConnection.connect({ address });

  let worker: KjorendeWorker | null = null;
  const app = lagApp({ pool, client, config, nokler, logger: testLogger() });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    settOppServer(s);
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const stack: Stack = {
    config,
    pasientNokkel: nokler.pasientNokkel,
    jwtSecret: nokler.jwtSecret,
    pool,
    client,
    baseUrl,
    token: (rolle, org) => utstedDevToken({ rolle, org }, nokler.jwtSecret, config.auth.issuer),
    async kall(p, metode, sti, body, headers = {}) {
      const res = await fetch(`${baseUrl}${sti}`, {
        method: metode,
        headers: {
          authorization: `Bearer ${await stack.token(p.rolle, p.org)}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep text */
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async startWorker() {
      if (!worker) worker = await startWorker({ connection: workerConnection, pool, config, client, pasientNokkel: nokler.pasientNokkel });
    },
    workerOmstarter: () => worker?.omstarter ?? 0,
    async stoppWorker() {
      const w = worker;
      worker = null;
      await w?.stop();
    },
    async stopp() {
      await stack.stoppWorker();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await connection.close();
      await workerConnection.close();
      await pool.end();
    },
  };
  if (valg.worker !== false) await stack.startWorker();
  return stack;
}

/** Polls until fn returns a value that is not undefined (for effects of timers). */
export async function venterPa<T>(fn: () => Promise<T | undefined>, timeoutMs = 30000, hvaVi = 'verdien'): Promise<T> {
  const slutt = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > slutt) throw new Error(`Ventet ${timeoutMs} ms på ${hvaVi}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const SYKEHUS: Principal = { rolle: 'sykehus', org: 'HSYK-MO' };
export const RANA: Principal = { rolle: 'kommune', org: '1833' };
export const HEMNES: Principal = { rolle: 'kommune', org: '1832' };
export const KT_RANA: Principal = { rolle: 'kartleggingsteam', org: 'KT-RANA' };
export const SAMHANDLING: Principal = { rolle: 'samhandling', org: 'HSYK' };

/**
 * The body of `POST /forlop`: a new patient admitted now at HSYK-MO for kommune 1833, kommunale
 * tjenester assumed, kartlegging not included; each test overrides what its case is about.
 */
export function forlopBody(overstyr: Record<string, unknown> = {}): Record<string, unknown> & { pasient: { fnr: string } } {
  return {
    pasient: { fnr: testFnr() },
    oppholdskommune: '1833',
    sykehus: 'HSYK-MO',
    avdeling: 'Medisinsk avdeling',
    innlagtTidspunkt: new Date().toISOString(),
    antattBehovKommunaleTjenester: true,
    kartlegging: { inkludert: false },
    ...overstyr,
  } as Record<string, unknown> & { pasient: { fnr: string } };
}

/** A valid test fødselsnummer (control digits computed), distinct per call; born in 1940–1989 or the year given (1900–1999). */
export function testFnr(fodselsar?: number): string {
  for (;;) {
    const dag = 1 + Math.floor(Math.random() * 28);
    const mnd = 1 + Math.floor(Math.random() * 12);
    const ar = fodselsar !== undefined ? fodselsar - 1900 : 40 + Math.floor(Math.random() * 50);
    const ind = 100 + Math.floor(Math.random() * 399);
    const d = `${String(dag).padStart(2, '0')}${String(mnd).padStart(2, '0')}${String(ar).padStart(2, '0')}${ind}`.split('').map(Number);
    const k1 = 11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * d[i], 0) % 11);
    const c1 = k1 === 11 ? 0 : k1;
    if (c1 === 10) continue;
    const d2 = [...d, c1];
    const k2 = 11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * d2[i], 0) % 11);
    const c2 = k2 === 11 ? 0 : k2;
    if (c2 === 10) continue;
    const fnr = [...d2, c2].join('');
    noterFnr(fnr);
    return fnr;
  }
}
