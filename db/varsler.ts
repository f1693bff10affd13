/**
 * Varsler: recording them with the gap-free sequence per receiving org, and reading an org's
 * feed (GET /varsler).
 *
 * `leggTilVarsler` is the one way the API inserts varsler, through the same database function
 * as the forløp workflow's write (activities/lagre.ts), so the API (a hand-reported avvik) and
 * the workflow number one org's varsler in one sequence without gaps or duplicates.
 */
import type { NyttVarsel } from '../workflows/types';
import type { VarselRad } from '../activities/webhooks';
import type { Pool, PoolClient } from './pool';

type Db = Pool | PoolClient;

/**
 * The varsler, idempotent by id, numbered 1, 2, 3 … per receiving org without gaps (db function
 * legg_til_varsler, which `lagre` calls too). Must run inside the caller's transaction, ideally
 * as its last statement, so the counter rows are held briefly. Per org, in sorted order (two
 * transactions never wait on each other's counters in opposite order), the counter row is locked
 * first and only then are stored ids looked for; a rolled-back transaction gives its numbers back.
 *
 * Returns the sekvens of each varsel inserted now (id → sekvens); ids already stored are absent.
 */
export async function leggTilVarsler(c: PoolClient, varsler: readonly NyttVarsel[]): Promise<Map<string, number>> {
  const r = await c.query<{ id: string; sekvens: number | string }>('SELECT id, sekvens FROM legg_til_varsler($1::jsonb)', [JSON.stringify(varsler)]);
  return new Map(r.rows.map((rad) => [rad.id, Number(rad.sekvens)]));
}

/** A page of `org`'s feed: the varsler with sekvens > `etter`, in sekvens order, at most `limit`. */
export async function listVarsler(db: Db, org: string, etter: number, limit: number): Promise<VarselRad[]> {
  const n = Math.max(1, Math.min(limit, 1000));
  const r = await db.query<VarselRad>(
    `SELECT id, sekvens, type, forlop_id, frist, tekst, opprettet
       FROM varsel
      WHERE mottaker_org = $1 AND sekvens > $2
      ORDER BY sekvens
      LIMIT $3`,
    [org, etter, n],
  );
  return r.rows;
}
