/** POST /forlop's Idempotency-Key: (org, key) → the body's keyed hash and the forløp it started. */
import type { Pool } from './pool';

export type IdempotensUtfall = { forlopId: string; ny: boolean } | { konflikt: true };

/** Claims (org, key) for a new forløp id, or answers the stored one; a different body hash is a conflict. */
export async function kravIdempotens(pool: Pool, org: string, nokkel: string, hash: string, nyId: string): Promise<IdempotensUtfall> {
  const ny = await pool.query<{ forlop_id: string }>(
    `INSERT INTO idempotens (org, nokkel, body_hash, forlop_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (org, nokkel) DO NOTHING RETURNING forlop_id`,
    [org, nokkel, hash, nyId],
  );
  if (ny.rows.length > 0) return { forlopId: ny.rows[0].forlop_id, ny: true };
  const finnes = await pool.query<{ body_hash: string; forlop_id: string }>('SELECT body_hash, forlop_id FROM idempotens WHERE org = $1 AND nokkel = $2', [
    org,
    nokkel,
  ]);
  const rad = finnes.rows[0];
  if (!rad) throw new Error('Idempotensraden ble verken lagret eller funnet');
  return rad.body_hash === hash ? { forlopId: rad.forlop_id, ny: false } : { konflikt: true };
}
