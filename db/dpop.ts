/** The DPoP proof replay store (migration 040): each (key thumbprint, jti) is accepted once. */
import type { Pool } from './pool';

/** How often at most the expired rows are swept, from any one process. */
const FEIE_HVER_MS = 60_000;
let sistFeid = 0;

/**
 * Claims the proof's jti for its key until `utloper`; false when it was used before (a replay).
 * Rows past their time are deleted now and then on the way.
 */
export async function kravDpopJti(pool: Pool, jkt: string, jti: string, utloper: Date): Promise<boolean> {
  const r = await pool.query('INSERT INTO dpop_jti (jkt, jti, utloper) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [jkt, jti, utloper]);
  if (Date.now() - sistFeid > FEIE_HVER_MS) {
    sistFeid = Date.now();
    await pool.query('DELETE FROM dpop_jti WHERE utloper < now()');
  }
  return r.rowCount === 1;
}
