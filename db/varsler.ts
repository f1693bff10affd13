/**
 * Varsler: recording them with the gap-free sequence per receiving org, and reading an org's
 * feed (GET /varsler).
 *
 * `leggTilVarsler` is the one way the API inserts varsler, through the same database function
 * as the forløp workflow's write (activities/lagre.ts), so the API (a hand-reported avvik) and
 * the workflow number one org's varsler in one sequence without gaps or duplicates.
 */
import type { NyttVarsel, Principal } from '../workflows/types';
import type { VarselRad } from '../activities/webhooks';
import { scopeSql } from './les';
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

/** A varsel of the feed with its patient, still encrypted: null where the reader may not see the forløp. */
export interface VarselMedPasientRad extends VarselRad {
  fnr_kryptert: string | null;
  navn_kryptert: string | null;
}

/**
 * A page of `p.org`'s feed: the varsler with sekvens > `etter`, in sekvens order, at most `limit`,
 * each with its patient (encrypted) when `p` may see that forløp (db/les.ts scopeSql, as the
 * forløp itself). Every forløp whose patient is named is logged as read ('varsler'), in the same
 * statement, as a read of the forløp is.
 */
export async function listVarsler(db: Db, p: Principal, etter: number, limit: number): Promise<VarselMedPasientRad[]> {
  const n = Math.max(1, Math.min(limit, 1000));
  const params: unknown[] = [p.org, etter, n];
  const scope = scopeSql(p, params, 'f');
  params.push(p.rolle);
  const rolle = params.length;
  const r = await db.query<VarselMedPasientRad>(
    `WITH v AS (
       SELECT v.id, v.sekvens, v.type, v.forlop_id, v.frist, v.tekst, v.opprettet,
              CASE WHEN ${scope} THEN pa.fnr_kryptert END AS fnr_kryptert,
              CASE WHEN ${scope} THEN pa.navn_kryptert END AS navn_kryptert
         FROM varsel v
         LEFT JOIN forlop f ON f.id = v.forlop_id
         LEFT JOIN pasient pa ON pa.id = f.pasient_id
        WHERE v.mottaker_org = $1 AND v.sekvens > $2
        ORDER BY v.sekvens
        LIMIT $3),
     lesing AS (
       INSERT INTO lesing (rolle, org, forlop_id, handling)
       SELECT $${rolle}, $1, x.forlop_id, 'varsler' FROM (SELECT DISTINCT forlop_id FROM v WHERE fnr_kryptert IS NOT NULL) x)
     SELECT * FROM v ORDER BY sekvens`,
    params,
  );
  return r.rows;
}
