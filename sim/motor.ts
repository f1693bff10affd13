/**
 * The engine the simulator drives: its own (a Temporal dev server, a database of its own on the
 * local PostgreSQL or an embedded one, and the engine's API and worker as child processes, as
 * bench/ runs them), or a running one (`--url`).
 *
 * Its own engine keeps its state in a folder (data/sim/<run>/: the Temporal history file, the
 * keys, an embedded PostgreSQL if one was needed) and a database named after the run, so a run
 * stopped with Ctrl-C goes on where it was with the same engine behind it.
 */
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { utstedDevToken } from '../api/auth';
import { lastKonfig } from '../config';
import { lastNokler } from '../config/nokler';
import { migrer } from '../db/migrate';
import { motorEnv, startBarn, type Barn } from '../bench/prosesser';
import { ledigPort, postgresSvarer, redigerUrl, startEmbeddedPostgres, startTemporalDevServer } from '../scripts/dev-services';
import { finnTemporalCli } from '../scripts/temporal-cli';
import type { Part } from './modell';

export type Tokenkilde = (p: Part) => Promise<string>;

export interface Motor {
  url: string;
  token: Tokenkilde;
  /** The database is the simulator's own: the reports hold only its forløp. */
  egenDatabase: boolean;
  beskrivelse: string;
  /** Throws when an engine process of its own has died. */
  sjekk(): void;
  stopp(): Promise<void>;
}

/** What a run's own engine needs again to be resumed. */
export interface EgenMotorTilstand {
  mappe: string;
  databaseNavn: string;
  /** base64 */
  pasientNokkel: string;
  jwtSecret: string;
}

const ISSUER = 'urn:utskrivningsforlop:sim';

/** Tokens signed with a dev secret and issuer (utstedDevToken), one per party, remade before they expire. */
export function devTokens(secret: Uint8Array, issuer: string): Tokenkilde {
  const cache = new Map<string, { token: Promise<string>; til: number }>();
  return (p) => {
    const k = `${p.rolle}:${p.org}`;
    const c = cache.get(k);
    if (c && c.til > Date.now()) return c.token;
    const token = utstedDevToken({ rolle: p.rolle, org: p.org }, secret, issuer, 2);
    cache.set(k, { token, til: Date.now() + 90 * 60_000 });
    return token;
  };
}

/**
 * A running engine at `url`. Tokens: a JSON file `{ "rolle:org": "<token>", … }` (`--tokens`), or,
 * for a development engine on this machine, signed like `npm run token` does (DATA_DIR's secret).
 */
export async function koblingTil(url: string, tokenFil?: string): Promise<Motor> {
  let token: Tokenkilde;
  if (tokenFil) {
    const tabell = JSON.parse(await fsp.readFile(tokenFil, 'utf8')) as Record<string, string>;
    token = async (p) => {
      const t = tabell[`${p.rolle}:${p.org}`] ?? (p.rolle === 'admin' ? (tabell['admin:'] ?? tabell.admin) : undefined);
      if (!t) throw new Error(`--tokens ${tokenFil} har ikke token for ${p.rolle}:${p.org}`);
      return t;
    };
  } else {
    const config = lastKonfig();
    if (config.auth.modus !== 'dev') throw new Error('--url uten --tokens forutsetter AUTH_MODUS=dev (tokens som npm run token lager)');
    const nokler = await lastNokler(config);
    token = devTokens(nokler.jwtSecret, config.auth.issuer);
  }
  return { url: url.replace(/\/$/, ''), token, egenDatabase: false, beskrivelse: `engine at ${url}`, sjekk: () => undefined, stopp: async () => undefined };
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Removes a run's own engine that will not be resumed (`--ny`): its database and its folder. */
export async function slettEgenMotor(t: EgenMotorTilstand): Promise<void> {
  const adminUrl = process.env.SIM_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresSvarer(adminUrl)) await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${t.databaseNavn} WITH (FORCE)`)).catch(() => undefined);
  await fsp.rm(t.mappe, { recursive: true, force: true });
}

/**
 * Starts (or, with `tidligere`, restarts) the simulator's own engine: Temporal dev server with
 * its history in the run's folder, a database of its own, the API and one worker.
 */
export async function egenMotor(
  mappeRot: string,
  runId: string,
  tidligere: EgenMotorTilstand | null,
  logg: (m: string) => void,
): Promise<{ motor: Motor; tilstand: EgenMotorTilstand; slett(): Promise<void> }> {
  const t: EgenMotorTilstand = tidligere ?? {
    mappe: path.join(mappeRot, runId),
    databaseNavn: `utskr_sim_${runId.replace(/[^a-z0-9]/g, '')}`,
    pasientNokkel: randomBytes(32).toString('base64'),
    jwtSecret: randomBytes(32).toString('base64'),
  };
  await fsp.mkdir(t.mappe, { recursive: true, mode: 0o755 });
  await fsp.chmod(t.mappe, 0o755);
  const stopp: Array<() => Promise<void>> = [];
  const stoppAlt = async () => {
    for (const s of stopp.splice(0).reverse()) await s().catch((e) => logg(`  stopping: ${(e as Error).message}`));
  };
  try {
    const cli = await finnTemporalCli({ logg });
    const [temporal, db] = await Promise.all([
      startTemporalDevServer({ cliPath: cli, headless: true, dataFile: path.join(t.mappe, 'temporal.db'), logg }),
      (async () => {
        let adminUrl = process.env.SIM_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
        let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
        if (!(await postgresSvarer(adminUrl))) {
          logg(`PostgreSQL at ${redigerUrl(adminUrl)} does not answer: an embedded PostgreSQL in ${t.mappe}/pg ...`);
          embedded = await startEmbeddedPostgres(path.join(t.mappe, 'pg'), { logg });
          adminUrl = embedded.adminUrl;
        }
        const finnes = await admin(adminUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [t.databaseNavn])).rowCount);
        if (!finnes) await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${t.databaseNavn}`));
        const url = new URL(adminUrl);
        url.pathname = `/${t.databaseNavn}`;
        await migrer(url.toString());
        return { url: url.toString(), adminUrl, embedded };
      })(),
    ]);
    stopp.push(() => temporal.stop());
    if (db.embedded) stopp.push(() => db.embedded!.stop());

    const port = await ledigPort();
    const env = motorEnv({
      TEMPORAL_ADDRESS: temporal.address,
      DATABASE_URL: db.url,
      AUTH_MODUS: 'dev',
      AUTH_ISSUER: ISSUER,
      AUTH_DEV_SECRET: t.jwtSecret,
      PASIENT_NOKKEL: t.pasientNokkel,
      DATA_DIR: t.mappe,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      // Wards, teams and kommuner all at once, far above any one party's real rate.
      RATE_LIMIT_PER_MINUTT: '0',
      TEMPORAL_TASK_QUEUE: 'sim',
    });
    const loggFil = (navn: string) => path.join(t.mappe, `${navn}.log`);
    const barn: Barn[] = [
      startBarn({ navn: 'sim-api', skript: 'scripts/start.ts', env: { ...env, START_ROLLER: 'api', PORT: String(port) }, loggFil: loggFil('api') }),
      startBarn({ navn: 'sim-worker', skript: 'scripts/start.ts', env: { ...env, START_ROLLER: 'worker' }, loggFil: loggFil('worker') }),
    ];
    stopp.push(async () => {
      await barn[0].stopp();
      await barn[1].stopp();
    });
    logg(`starting the engine (API + worker, Temporal ${temporal.address}, database ${t.databaseNavn}) ...`);
    await Promise.all(barn.map((b) => b.venterPaLinje(/utskrivningsforløp is running/, 240_000)));
    const motor: Motor = {
      url: `http://127.0.0.1:${port}`,
      token: devTokens(Buffer.from(t.jwtSecret, 'base64'), ISSUER),
      egenDatabase: true,
      beskrivelse: `own engine (Temporal dev server, database ${t.databaseNavn}${db.embedded ? ', embedded PostgreSQL' : ''})`,
      sjekk() {
        const dod = barn.find((b) => !b.lever());
        if (dod) throw new Error(`engine process ${dod.navn} exited\n${dod.hale()}`);
      },
      stopp: stoppAlt,
    };
    return {
      motor,
      tilstand: t,
      async slett() {
        await stoppAlt();
        if (!db.embedded) await admin(db.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${t.databaseNavn} WITH (FORCE)`)).catch(() => undefined);
        await fsp.rm(t.mappe, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await stoppAlt();
    throw e;
  }
}
