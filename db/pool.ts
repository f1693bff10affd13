/** The PostgreSQL pool. Timestamps come back as Date; `date` columns as plain YYYY-MM-DD strings. */
import { createHash } from 'node:crypto';
import pg from 'pg';

// 1082 = date: keep calendar dates as strings, never shift them through a JS Date in local time.
pg.types.setTypeParser(1082, (v: string) => v);
// 20 = int8 (bigint): sekvens values fit comfortably in a JS number.
pg.types.setTypeParser(20, (v: string) => Number(v));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

const statementNavn = new Map<string, string>();
function navnFor(tekst: string): string {
  let n = statementNavn.get(tekst);
  if (n === undefined) {
    n = `s${createHash('sha256').update(tekst).digest('base64url').slice(0, 22)}`;
    statementNavn.set(tekst, n);
  }
  return n;
}

/**
 * A client that names every parameterised statement by its text, so PostgreSQL parses and
 * plans each once per connection instead of at every hendelse. The set of texts is fixed by
 * the code, so the prepared statements per connection stay few.
 */
class NavngittKlient extends pg.Client {}
const vanligQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(NavngittKlient.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const [tekst, verdier] = args;
  if (typeof tekst === 'string' && Array.isArray(verdier)) args[0] = { name: navnFor(tekst), text: tekst };
  return vanligQuery.apply(this, args);
};

export function lagPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, Client: NavngittKlient });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs fn in one transaction; rolls back on any error. */
export async function iTransaksjon<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const r = await fn(c);
    await c.query('COMMIT');
    return r;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
