/**
 * A database of a test file's own on the run's PostgreSQL server, migrated and seeded: for a
 * test that counts what is in the database (reports, lists), so that other files running beside
 * it cannot change what it counts. `drop()` in the file's cleanup.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { lagTestDatabase } from '../../scripts/dev-services';

export type EgenDatabase = Awaited<ReturnType<typeof lagTestDatabase>>;

export async function lagEgenDatabase(): Promise<EgenDatabase> {
  const admin = process.env.TEST_ADMIN_DATABASE_URL;
  if (!admin) throw new Error('TEST_ADMIN_DATABASE_URL comes from test/global-setup.ts');
  const db = await lagTestDatabase(admin);
  try {
    // node-pg-migrate is an ES module jest cannot load: the migrations run as `npm run migrate` does.
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'db/migrate.ts'], {
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL: db.url },
    });
  } catch (e) {
    await db.drop().catch(() => undefined);
    const { stderr } = e as { stderr?: string };
    throw new Error(`migrating the test's own database failed: ${stderr || (e as Error).message}`, { cause: e });
  }
  return db;
}
