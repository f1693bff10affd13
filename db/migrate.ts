/**
 * Brings a database up to date: the SQL migrations in db/migrations (node-pg-migrate,
 * table `pgmigrations`), then the reference data from db/seed/helgeland.json.
 *
 * Safe to run from several processes at once (API and worker starting together, parallel
 * test setups): node-pg-migrate waits on its advisory lock, and the seed runs in one
 * transaction under its own advisory lock, inserting or updating only what differs.
 *
 * Seed rules: sykehus (with their avdelingers' telephones), kartleggingsteam and the kommune names/catchment follow the seed
 * file; a kommune's `frister` overrides (set by an admin) are never touched; døgnpris rows
 * are inserted for missing years only, so an admin's correction is never overwritten; the same for
 * the address table's rows (HER-ids).
 *
 * Usable as a script: `tsx db/migrate.ts` migrates DATABASE_URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { seedKriterier } from './kartlegging';
import type { RunnerOption, runner as RunnerFn } from 'node-pg-migrate/dist/bundle/index';

export type Logg = (msg: string) => void;

/** Seed file layout (db/seed/helgeland.json). */
export interface Seed {
  sykehus: Array<{ id: string; navn: string; kartleggingsteam: string | null; avdelinger?: Array<{ navn: string; telefon: string }> }>;
  kartleggingsteam: Array<{ id: string; navn: string; vertskommune: string; sykehus: string }>;
  kommuner: Array<{ nummer: string; navn: string; sykehus: string | null }>;
  dognpris: Record<string, number>;
  /** The address table (HER-ids → org codes): rows missing are inserted, an admin's edits are kept. */
  adresser?: Array<{ herId: string; org: string; navn: string; orgnr?: string }>;
}

/** Any random but fixed number: serialises concurrent seed runs on one database. */
const SEED_LAS = 7_241_865_325_823_965;

/** db/<navn>, found next to this file (tsx) or in the repository when running from dist/db. */
function dbSti(navn: string): string {
  const kandidater = [path.join(__dirname, navn)];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    kandidater.push(path.join(dir, 'db', navn));
    if (path.dirname(dir) === dir) break;
  }
  const funnet = kandidater.find((k) => fs.existsSync(k));
  if (!funnet) throw new Error(`db/${navn} not found (looked from ${__dirname})`);
  return funnet;
}

export function migrasjonsMappe(): string {
  return dbSti('migrations');
}

export function lesSeed(fil = path.join(dbSti('seed'), 'helgeland.json')): Seed {
  return JSON.parse(fs.readFileSync(fil, 'utf8')) as Seed;
}

/** node-pg-migrate v9 is an ES module; `require` of it works on Node >= 20.19. */
function lastRunner(): typeof RunnerFn {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node-pg-migrate') as { runner: typeof RunnerFn }).runner;
}

export async function migrer(databaseUrl: string, logg?: Logg): Promise<void> {
  const l: Logg = logg ?? (() => undefined);
  const runner = lastRunner();
  const options: RunnerOption = {
    databaseUrl,
    dir: migrasjonsMappe(),
    migrationsTable: 'pgmigrations',
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    // A second process waits for the first instead of failing ("Another migration is already running").
    advisoryLockMode: 'wait',
    logger: { info: (m) => l(`[migrate] ${m}`), warn: (m) => l(`[migrate] ${m}`), error: (m) => l(`[migrate] ${m}`) },
  };
  const kjort = await runner(options);
  l(kjort.length ? `Migrations applied: ${kjort.map((m) => m.name).join(', ')}` : 'Database schema is up to date');
  await seed(databaseUrl, lesSeed(), l);
}

/** Upserts the reference data; returns how many rows were inserted or changed. */
export async function seed(databaseUrl: string, data: Seed, logg: Logg = () => undefined): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  let endret = 0;
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [SEED_LAS]);
    for (const s of data.sykehus) {
      const r = await c.query(
        `INSERT INTO sykehus (id, navn, kartleggingsteam) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET navn = EXCLUDED.navn, kartleggingsteam = EXCLUDED.kartleggingsteam
         WHERE (sykehus.navn, sykehus.kartleggingsteam) IS DISTINCT FROM (EXCLUDED.navn, EXCLUDED.kartleggingsteam)`,
        [s.id, s.navn, s.kartleggingsteam ?? null],
      );
      endret += r.rowCount ?? 0;
      for (const a of s.avdelinger ?? []) {
        const ra = await c.query(
          `INSERT INTO avdeling (sykehus, navn, telefon) VALUES ($1, $2, $3)
           ON CONFLICT (sykehus, navn) DO UPDATE SET telefon = EXCLUDED.telefon WHERE avdeling.telefon IS DISTINCT FROM EXCLUDED.telefon`,
          [s.id, a.navn, a.telefon],
        );
        endret += ra.rowCount ?? 0;
      }
    }
    for (const t of data.kartleggingsteam) {
      const r = await c.query(
        `INSERT INTO kartleggingsteam (id, navn, vertskommune, sykehus) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET navn = EXCLUDED.navn, vertskommune = EXCLUDED.vertskommune, sykehus = EXCLUDED.sykehus
         WHERE (kartleggingsteam.navn, kartleggingsteam.vertskommune, kartleggingsteam.sykehus)
               IS DISTINCT FROM (EXCLUDED.navn, EXCLUDED.vertskommune, EXCLUDED.sykehus)`,
        [t.id, t.navn, t.vertskommune, t.sykehus],
      );
      endret += r.rowCount ?? 0;
    }
    for (const k of data.kommuner) {
      // `frister` (the samarbeidsavtale's overrides) is left as the admin set it.
      const r = await c.query(
        `INSERT INTO kommune (nummer, navn, sykehus) VALUES ($1, $2, $3)
         ON CONFLICT (nummer) DO UPDATE SET navn = EXCLUDED.navn, sykehus = EXCLUDED.sykehus
         WHERE (kommune.navn, kommune.sykehus) IS DISTINCT FROM (EXCLUDED.navn, EXCLUDED.sykehus)`,
        [k.nummer, k.navn, k.sykehus ?? null],
      );
      endret += r.rowCount ?? 0;
    }
    for (const [ar, belop] of Object.entries(data.dognpris)) {
      const r = await c.query('INSERT INTO dognpris (ar, belop) VALUES ($1, $2) ON CONFLICT (ar) DO NOTHING', [Number(ar), belop]);
      endret += r.rowCount ?? 0;
    }
    for (const a of data.adresser ?? []) {
      const r = await c.query('INSERT INTO adresse (her_id, org, navn, orgnr) VALUES ($1, $2, $3, $4) ON CONFLICT (her_id) DO NOTHING', [
        a.herId,
        a.org,
        a.navn,
        a.orgnr ?? null,
      ]);
      endret += r.rowCount ?? 0;
    }
    // The kartlegging inclusion criteria: version 1 from config/kartlegging.default.json, once.
    endret += await seedKriterier(c);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
  logg(endret ? `Reference data seeded (${endret} rows inserted or updated)` : 'Reference data is up to date');
  return endret;
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is not set\n');
    process.exit(1);
  }
  migrer(url, (m) => process.stdout.write(`${m}\n`)).catch((e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}
