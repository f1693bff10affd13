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
(NavngittKlient.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
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

/** Node's socket errors that mean the server cannot be reached (or the connection to it broke). */
const NETTVERKSFEIL = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * True when an error says PostgreSQL is away, not that the statement was wrong: a refused or
 * broken connection, SQLSTATE class 08 (connection exception), 57P01–57P03 (shut down, crashed,
 * starting up: "cannot connect now") and 53300 (too many connections). A retry later can
 * succeed; the API answers 503 with Retry-After for it (api/problem.ts).
 */
export function erForbindelsesfeil(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const kode = (e as { code?: unknown }).code;
  if (typeof kode === 'string' && (NETTVERKSFEIL.has(kode) || /^08/.test(kode) || /^57P0[123]$/.test(kode) || kode === '53300')) return true;
  // node-postgres' own words for a connection that ended under a query or was never usable.
  const melding = (e as { message?: unknown }).message;
  if (typeof melding === 'string' && /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(melding))
    return true;
  // Several addresses tried (Node's happy eyeballs): an AggregateError of socket errors.
  const alle = (e as { errors?: unknown }).errors;
  return Array.isArray(alle) && alle.length > 0 && alle.every(erForbindelsesfeil);
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
