/**
 * `npm start`: everything in one process on a fresh clone.
 *
 *   - Temporal: TEMPORAL_ADDRESS set → that cluster; otherwise its own dev server
 *     (`temporal server start-dev`, history in <DATA_DIR>/temporal.db, web UI on 8233 unless busy).
 *   - PostgreSQL: DATABASE_URL set → that database; otherwise an embedded PostgreSQL with its
 *     data in <DATA_DIR>/pg.
 *   - Migrations and reference data (db/migrate.ts), then the worker and the HTTP API.
 *
 * START_ROLLER=api,worker (default both) selects what this process runs, so docker-compose
 * can run the API and the worker as separate services from one image.
 * Ctrl-C / SIGTERM stops everything in reverse order and exits 0; a second Ctrl-C exits at once.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { lastKonfig, TESTKROK_VARIABLER, type AppConfig } from '../config';
import { lastNokler } from '../config/nokler';
import { lagDataConverter } from '../config/payload-codec';
import { migrer } from '../db/migrate';
import { lagPool } from '../db/pool';
import { portErLedig, redigerUrl, startEmbeddedPostgres, startTemporalDevServer } from './dev-services';

class Avbrutt extends Error {}
/** A setting is missing or wrong: the message says what to do, a stack trace would only distract. */
class KonfigFeil extends Error {}

export type Rolle = 'api' | 'worker';

export function lesRoller(verdi: string | undefined): Set<Rolle> {
  const deler = (verdi ?? 'api,worker')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const ukjente = deler.filter((d) => d !== 'api' && d !== 'worker');
  if (ukjente.length || deler.length === 0) {
    throw new KonfigFeil(`START_ROLLER=${verdi}: expected a comma-separated list of api and worker (default: api,worker)`);
  }
  return new Set(deler as Rolle[]);
}

interface Steg {
  navn: string;
  stopp: () => Promise<void>;
}

const logg = (m: string) => process.stdout.write(`[start] ${m}\n`);

async function main(): Promise<void> {
  const produksjon = process.env.NODE_ENV === 'production';
  const STOPP_SEKUNDER = Number(process.env.STOPP_SEKUNDER ?? 20);
  let config: AppConfig;
  try {
    config = lastKonfig();
  } catch (e) {
    // A setting the engine will not start with: its own words for the operator, not a stack trace.
    process.stderr.write(`[start] ${(e as Error).message}\n`);
    process.exit(1);
  }
  const steg: Steg[] = []; // started things, stopped in reverse order
  let startet = false;
  let avbrutt: NodeJS.Signals | null = null;
  let stopper = false;

  const stoppAlt = async (grunn: string, kode: number) => {
    if (stopper) return;
    stopper = true;
    logg(
      `${grunn}: stopping ${
        steg
          .map((s) => s.navn)
          .reverse()
          .join(', ') || '(nothing started yet)'
      } ...`,
    );
    for (const s of [...steg].reverse()) {
      try {
        // One Ctrl-C always stops: a step that will not finish (a worker whose write waits for a
        // database that is away) is left after STOPP_SEKUNDER, and the process exits all the same.
        let t: NodeJS.Timeout | undefined;
        await Promise.race([
          s.stopp(),
          new Promise((_, avvis) => {
            t = setTimeout(() => avvis(new Error(`gave up after ${STOPP_SEKUNDER} s`)), STOPP_SEKUNDER * 1000);
          }),
        ]).finally(() => clearTimeout(t));
        logg(`  stopped ${s.navn}`);
      } catch (e) {
        logg(`  ${s.navn} did not stop cleanly: ${(e as Error).message}`);
        kode = kode || 1;
      }
    }
    process.exit(kode);
  };
  // A Ctrl-C reaches this process more than once: from the terminal and forwarded by npm and tsx.
  // Only a repeat after a moment counts as "again": exit at once without waiting.
  let forsteSignal = 0;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopper || avbrutt) {
        if (Date.now() - forsteSignal < 1500) return;
        logg(`${sig} again: exiting without waiting`);
        process.exit(130);
      }
      forsteSignal = Date.now();
      if (!startet) {
        // Mid-startup: finish the current step, then stop what has started.
        avbrutt = sig;
        logg(`${sig}: stopping after the current step (again to exit at once) ...`);
        return;
      }
      void stoppAlt(sig, 0);
    });
  }
  const sjekk = () => {
    if (avbrutt) throw new Avbrutt(avbrutt);
  };

  try {
    const roller = lesRoller(process.env.START_ROLLER);
    const testkroker = TESTKROK_VARIABLER.filter((v) => process.env[v]);
    if (produksjon && testkroker.length) throw new KonfigFeil(`NODE_ENV=production with ${testkroker.join(', ')}: test-only hooks, never set in production.`);

    // --- PostgreSQL ---------------------------------------------------------------------
    let databaseUrl = config.databaseUrl;
    let pgEgen = false;
    if (!databaseUrl) {
      if (produksjon) throw new KonfigFeil('NODE_ENV=production needs DATABASE_URL (embedded PostgreSQL is for development only).');
      const db = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), { logg });
      steg.push({ navn: 'embedded PostgreSQL', stopp: () => db.stop() });
      databaseUrl = db.url;
      pgEgen = true;
    }
    sjekk();

    // --- Temporal -----------------------------------------------------------------------
    let temporalAddress = config.temporalAddress;
    let temporalUi: string | null = null;
    let temporalEgen = false;
    if (!temporalAddress) {
      if (produksjon) throw new KonfigFeil('NODE_ENV=production needs TEMPORAL_ADDRESS (the dev server is for development only).');
      const port = (await portErLedig(7233)) ? 7233 : undefined;
      const uiPort = (await portErLedig(8233)) ? 8233 : undefined;
      if (uiPort === undefined) logg('Port 8233 is busy: the Temporal web UI gets another port.');
      const server = await startTemporalDevServer({
        dataFile: path.join(config.dataDir, 'temporal.db'),
        port,
        uiPort,
        namespaces: [config.temporalNamespace],
        logg,
      });
      steg.push({ navn: 'Temporal dev server', stopp: () => server.stop() });
      temporalAddress = server.address;
      temporalUi = server.uiUrl;
      temporalEgen = true;
    }
    sjekk();
    config.temporalAddress = temporalAddress;
    config.databaseUrl = databaseUrl;

    // --- Schema and reference data ------------------------------------------------------
    await medForsok('PostgreSQL', () => migrer(databaseUrl, logg));
    sjekk();

    const pool = lagPool(databaseUrl);
    steg.push({ navn: 'database pool', stopp: () => pool.end() });
    const address = temporalAddress;
    const connection = await medForsok('Temporal', () => Connection.connect({ address }));
    steg.push({ navn: 'Temporal client', stopp: () => connection.close() });
    // The API's client and the worker encrypt Temporal payloads with the same key.
    const nokler = await lastNokler(config);
    const client = new Client({
      connection,
      namespace: config.temporalNamespace,
      dataConverter: lagDataConverter(nokler.pasientNokkel, nokler.tidligerePasientNokler),
    });
    sjekk();

    // --- Worker -------------------------------------------------------------------------
    if (roller.has('worker')) {
      const { NativeConnection: Native } = await import('@temporalio/worker');
      const nativeConnection: NativeConnection = await medForsok('Temporal (worker)', () => Native.connect({ address }));
      steg.push({ navn: 'worker connection', stopp: () => nativeConnection.close() });
      logg('Starting the worker (bundling the workflow code takes a few seconds) ...');
      const { startWorker } = await import('./worker');
      const worker: { stop(): Promise<void>; worker?: { getState(): string } } = await startWorker({
        connection: nativeConnection,
        pool,
        config,
        client,
        pasientNokkel: nokler.pasientNokkel,
        tidligerePasientNokler: nokler.tidligerePasientNokler,
      });
      steg.push({ navn: 'worker', stopp: () => worker.stop() });
      // A worker alone serves its own /metrics (webhook deliveries); with the API they are in the API's.
      if (process.env.WORKER_METRICS_PORT && !roller.has('api')) {
        const { serverArbeiderMetrikker } = await import('../activities/metrikker');
        const host = process.env.HOST || (produksjon ? '0.0.0.0' : '127.0.0.1');
        const m = await serverArbeiderMetrikker(Number(process.env.WORKER_METRICS_PORT), host);
        steg.push({ navn: 'worker metrics', stopp: () => m.stopp() });
        logg(`Worker metrics on http://${host}:${m.port}/metrics`);
      }
      // A worker that fails (lost its cluster for good, fatal error) takes the process down
      // with exit 1, so a supervisor (docker, systemd) restarts it instead of leaving an API without a worker.
      const vakt = setInterval(() => {
        const state = worker.worker?.getState();
        if (state === 'FAILED' && !stopper) {
          clearInterval(vakt);
          void stoppAlt('the worker failed', 1);
        }
      }, 2000);
      vakt.unref();
      sjekk();
    }

    // --- API ----------------------------------------------------------------------------
    let apiUrl: string | null = null;
    if (roller.has('api')) {
      const { lagApp } = await import('../api/app');
      const { settOppServer } = await import('../api/herding');
      const app = lagApp({ pool, client, config, nokler });
      const host = process.env.HOST || (produksjon ? '0.0.0.0' : '127.0.0.1');
      const server: Server = await new Promise((resolve, reject) => {
        const s = app.listen(config.port, host);
        settOppServer(s);
        s.once('listening', () => resolve(s));
        s.once('error', (e: NodeJS.ErrnoException) =>
          reject(e.code === 'EADDRINUSE' ? new Error(`Port ${config.port} on ${host} is already in use: stop the other process or set PORT.`) : e),
        );
      });
      steg.push({ navn: 'HTTP server', stopp: () => lukkServer(server) });
      const port = (server.address() as AddressInfo).port;
      apiUrl = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
    }
    sjekk();
    startet = true;

    // --- Banner -------------------------------------------------------------------------
    const linjer = ['', `utskrivningsforløp is running (${[...roller].join(' + ')}).`];
    if (apiUrl) {
      linjer.push(`  API            ${apiUrl}/api/v1`);
      linjer.push(`  API docs       ${apiUrl}/docs   (OpenAPI: ${apiUrl}/openapi.json)`);
    }
    linjer.push(
      temporalEgen
        ? `  Temporal UI    ${temporalUi ?? '(headless)'}   (dev server at ${temporalAddress}, namespace ${config.temporalNamespace})`
        : `  Temporal       ${temporalAddress}, namespace ${config.temporalNamespace} (external cluster; its web UI is wherever that cluster serves it)`,
    );
    linjer.push(`  Task queue     ${config.taskQueue}`);
    const data: string[] = [];
    if (temporalEgen) data.push(`Temporal history  ${path.join(config.dataDir, 'temporal.db')}`);
    data.push(pgEgen ? `PostgreSQL        ${path.join(config.dataDir, 'pg')}` : `PostgreSQL        ${redigerUrl(databaseUrl)}`);
    if (roller.has('api') && !produksjon && !(config.pasientNokkel && process.env.AUTH_DEV_SECRET)) {
      data.push(`dev keys          ${path.join(config.dataDir, 'nokler.json')}`);
    }
    linjer.push(`  Data           ${data.join('\n                 ')}`);
    if (apiUrl && config.auth.modus === 'dev') {
      linjer.push('  Token          npm run token -- --rolle kommune --org 1833');
      linjer.push('                 (roles: sykehus HSYK-MO, kartleggingsteam KT-RANA, kommune 1833, samhandling HSYK, admin)');
      linjer.push(`                 curl -H "Authorization: Bearer $(npm run -s token -- --rolle kommune --org 1833)" ${apiUrl}/api/v1/forlop`);
    }
    linjer.push('  Stop           Ctrl-C', '');
    process.stdout.write(`${linjer.join('\n')}\n`);
    // `npm start -- --demo`: a slice of a simulated year (sim/demo.ts) loaded into this engine.
    if (process.argv.includes('--demo') && apiUrl && config.auth.modus === 'dev') {
      const { lastDemo } = await import('../sim/demo');
      void lastDemo({ url: apiUrl, jwtSecret: nokler.jwtSecret, issuer: config.auth.issuer, logg }).catch((e: Error) => logg(`--demo failed: ${e.message}`));
    }
  } catch (e) {
    if (e instanceof Avbrutt) {
      await stoppAlt(e.message, 0);
      return;
    }
    const melding = e instanceof KonfigFeil ? e.message : ((e as Error).stack ?? String(e));
    process.stderr.write(`\n[start] failed: ${melding}\n\n`);
    await stoppAlt('startup failed', 1);
  }
}

/**
 * An external PostgreSQL or Temporal may still be starting (docker-compose, a restarted
 * cluster): retry for up to START_VENT_SEKUNDER (default 60) seconds before giving up.
 */
async function medForsok<T>(hva: string, fn: () => Promise<T>): Promise<T> {
  const frist = Date.now() + Number(process.env.START_VENT_SEKUNDER ?? 60) * 1000;
  for (let forsok = 1; ; forsok++) {
    try {
      return await fn();
    } catch (e) {
      const kode = (e as NodeJS.ErrnoException).code;
      const forbindelse =
        ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', '57P03'].includes(kode ?? '') ||
        /connect|unavailable|timed? ?out|starting up/i.test((e as Error).message);
      if (!forbindelse || Date.now() > frist) throw e;
      if (forsok === 1 || forsok % 10 === 0) logg(`${hva} is not reachable yet (${(e as Error).message}); retrying ...`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Stops accepting, lets running requests finish for a few seconds, then closes what is left. */
function lukkServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => server.closeAllConnections(), 5000);
    server.close((e) => {
      clearTimeout(timer);
      if (e) reject(e);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

if (require.main === module) {
  void main();
}
