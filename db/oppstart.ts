/**
 * One open forløp per patient and sykehus: the claim a start makes before its workflow is started
 * (table forlop_oppstart, migration 088). Race-safe: the check and the claim run in one
 * transaction under an advisory lock on (patient, sykehus), so of two concurrent admissions of
 * the same patient one claims and the other is shown the first. The patient is its id (found by
 * the keyed hash of the fødselsnummer, db/pasient.ts), never the number.
 *
 * "Open" is a patient still in hospital (the machine's `pa_sykehus` states): a forløp that is
 * utskrevet and waits only for the epikrise or the kommune's oppfølging does not stop a new
 * admission, which is a reinnleggelse.
 */
import { PA_SYKEHUS_STATUSER } from '../workflows/forlop.machine';
import type { ForlopStatus } from '../workflows/types';
import { iTransaksjon, type Pool } from './pool';

/** How long a claim whose workflow never wrote its forløp (the start failed, the API died) holds. */
const KRAV_GYLDIG = '2 minutes';

export interface ApentForlop {
  id: string;
  /** Null while its workflow is being started (claimed, not yet written). */
  status: ForlopStatus | null;
  innlagtTidspunkt: Date | null;
}

/**
 * Claims the start of `forlopId` for the patient at the sykehus; or, when another forløp of the
 * patient is open there (or being started), that forløp and nothing claimed. The forløp itself
 * (a retried start) never stands in its own way.
 */
export async function kravOppstart(pool: Pool, pasientId: string, sykehus: string, forlopId: string): Promise<ApentForlop | null> {
  return iTransaksjon(pool, async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtextextended('forlop_oppstart:' || $1 || ':' || $2, 0))`, [pasientId, sykehus]);
    const apent = await c.query<{ id: string; status: ForlopStatus; innlagt_tidspunkt: Date }>(
      `SELECT id, status, innlagt_tidspunkt FROM forlop
        WHERE pasient_id = $1 AND sykehus = $2 AND status = ANY($3::text[]) AND id <> $4
        ORDER BY innlagt_tidspunkt DESC LIMIT 1`,
      [pasientId, sykehus, [...PA_SYKEHUS_STATUSER], forlopId],
    );
    if (apent.rows[0]) return { id: apent.rows[0].id, status: apent.rows[0].status, innlagtTidspunkt: apent.rows[0].innlagt_tidspunkt };
    // Another start claimed the pair and its workflow has not written the forløp yet.
    const krav = await c.query<{ forlop_id: string }>(
      `SELECT o.forlop_id FROM forlop_oppstart o
        WHERE o.pasient_id = $1 AND o.sykehus = $2 AND o.forlop_id <> $3 AND o.opprettet > now() - $4::interval
          AND NOT EXISTS (SELECT 1 FROM forlop f WHERE f.id = o.forlop_id)`,
      [pasientId, sykehus, forlopId, KRAV_GYLDIG],
    );
    if (krav.rows[0]) return { id: krav.rows[0].forlop_id, status: null, innlagtTidspunkt: null };
    await c.query(
      `INSERT INTO forlop_oppstart (pasient_id, sykehus, forlop_id) VALUES ($1, $2, $3)
       ON CONFLICT (pasient_id, sykehus) DO UPDATE SET forlop_id = EXCLUDED.forlop_id, opprettet = now()`,
      [pasientId, sykehus, forlopId],
    );
    return null;
  });
}

/** Gives up a claim whose start failed, so a new attempt is not refused for it. */
export async function slippOppstart(pool: Pool, pasientId: string, sykehus: string, forlopId: string): Promise<void> {
  await pool.query(
    `DELETE FROM forlop_oppstart o WHERE pasient_id = $1 AND sykehus = $2 AND forlop_id = $3 AND NOT EXISTS (SELECT 1 FROM forlop f WHERE f.id = o.forlop_id)`,
    [pasientId, sykehus, forlopId],
  );
}
