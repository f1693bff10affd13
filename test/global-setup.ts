/**
 * Jest global setup: one Temporal dev server and one fresh, migrated PostgreSQL database for
 * the whole run, handed to the test workers through process.env:
 *   TEMPORAL_ADDRESS  host:port of the dev server (in memory, headless)
 *   DATABASE_URL      a new database `utskr_test_…` on TEST_DATABASE_URL's server
 *                     (default postgres://postgres@127.0.0.1:5432/postgres); when that server
 *                     does not answer, an embedded PostgreSQL under a temp directory.
 * Set TEST_TEMPORAL_ADDRESS to use a running Temporal instead of starting one.
 * test/global-teardown.ts stops and drops all of it (state kept on globalThis).
 */
import fs from 'node:fs/promises';
import { lagTempDir, lagTestDatabase, postgresSvarer, redigerUrl, startEmbeddedPostgres, startTemporalDevServer } from '../scripts/dev-services';
import { migrer } from '../db/migrate';

export interface TestMiljo {
  stopp: Array<{ navn: string; fn: () => Promise<void> }>;
  /** Where the run's logs and noted fødselsnummer are (test/helpers/logg.ts). */
  loggMappe?: string;
}

export const MILJO_NOKKEL = '__utskrivningsforlopTestMiljo';

const t0 = Date.now();
const logg = (m: string) => process.stderr.write(`[global-setup +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}\n`);

export default async function globalSetup(): Promise<void> {
  const miljo: TestMiljo = { stopp: [] };
  (globalThis as Record<string, unknown>)[MILJO_NOKKEL] = miljo;
  process.stderr.write('\n');
  try {
    // The run's logs, scanned for the test patients' fødselsnummer by the teardown (test/helpers/logg.ts).
    const loggMappe = await lagTempDir('utskr-test-logg-');
    process.env.TEST_LOGG_MAPPE = loggMappe;
    miljo.loggMappe = loggMappe;
    await Promise.all([temporal(miljo), database(miljo)]);
    logg(`ready: TEMPORAL_ADDRESS=${process.env.TEMPORAL_ADDRESS} DATABASE_URL=${redigerUrl(process.env.DATABASE_URL!)}`);
  } catch (e) {
    logg(`failed: ${(e as Error).message}`);
    for (const s of [...miljo.stopp].reverse()) await s.fn().catch(() => undefined);
    miljo.stopp = [];
    throw e;
  }
}

async function temporal(miljo: TestMiljo): Promise<void> {
  const ekstern = process.env.TEST_TEMPORAL_ADDRESS;
  if (ekstern) {
    process.env.TEMPORAL_ADDRESS = ekstern;
    logg(`using Temporal at ${ekstern} (TEST_TEMPORAL_ADDRESS)`);
    return;
  }
  const server = await startTemporalDevServer({ headless: true, logg });
  miljo.stopp.push({ navn: 'Temporal dev server', fn: () => server.stop() });
  process.env.TEMPORAL_ADDRESS = server.address;
}

async function database(miljo: TestMiljo): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresSvarer(adminUrl)) {
    logg(`PostgreSQL at ${redigerUrl(adminUrl)} answers`);
  } else {
    logg(`PostgreSQL at ${redigerUrl(adminUrl)} does not answer: starting an embedded PostgreSQL instead ...`);
    const dir = await lagTempDir('utskr-test-pg-');
    miljo.stopp.push({ navn: 'temp dir', fn: () => fs.rm(dir, { recursive: true, force: true }) });
    const pg = await startEmbeddedPostgres(`${dir}/pg`, { logg });
    miljo.stopp.push({ navn: 'embedded PostgreSQL', fn: () => pg.stop() });
    adminUrl = pg.adminUrl;
  }
  const db = await lagTestDatabase(adminUrl);
  miljo.stopp.push({ navn: `database ${db.name}`, fn: () => db.drop() });
  logg(`created database ${db.name}; migrating ...`);
  await migrer(db.url);
  process.env.DATABASE_URL = db.url;
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
}
