/**
 * Varsler: recording them with the gap-free sequence per receiving org, and reading an org's
 * feed (GET /varsler).
 *
 * `leggTilVarsler` is the one way to insert varsler: the same algorithm as the forløp
 * workflow's write (activities/lagre.ts), so the API (a hand-reported avvik) and the
 * workflow number one org's varsler in one sequence without gaps or duplicates.
 */
import type { NyttVarsel } from '../workflows/types';
import type { VarselRad } from '../activities/webhooks';
import type { Pool, PoolClient } from './pool';

type Db = Pool | PoolClient;

/**
 * The varsler, idempotent by id, numbered 1, 2, 3 … per receiving org without gaps. Must run
 * inside the caller's transaction (`c` is a client with BEGIN issued), ideally as its last
 * statements, so the counter rows are held briefly.
 *
 * Per org (in sorted order, so two transactions never wait on each other's counters in
 * opposite order): lock the counter row first, THEN look for ids already stored. Under
 * READ COMMITTED the second statement sees everything committed before the lock was
 * granted, so a concurrent retry of the same change cannot consume a second number for a
 * varsel the first one stored. A rolled-back transaction gives its numbers back with the
 * counter row.
 *
 * Returns the sekvens of each varsel inserted now (id → sekvens); ids already stored are absent.
 */
export async function leggTilVarsler(c: PoolClient, varsler: readonly NyttVarsel[]): Promise<Map<string, number>> {
  const perOrg = new Map<string, NyttVarsel[]>();
  for (const v of varsler) {
    const liste = perOrg.get(v.mottakerOrg) ?? [];
    if (!liste.some((x) => x.id === v.id)) liste.push(v);
    perOrg.set(v.mottakerOrg, liste);
  }
  const lagt = new Map<string, number>();
  for (const org of [...perOrg.keys()].sort()) {
    const liste = perOrg.get(org)!;
    const las = await c.query<{ siste: number | string }>(
      `INSERT INTO varsel_teller (org, siste) VALUES ($1, 0)
       ON CONFLICT (org) DO UPDATE SET siste = varsel_teller.siste
       RETURNING siste`,
      [org],
    );
    const siste = Number(las.rows[0].siste);
    // Number the new ones in the order given; bump the counter by as many as were inserted.
    const r = await c.query<{ id: string; sekvens: number | string }>(
      `WITH ny AS (
         SELECT x.*, row_number() OVER (ORDER BY x.rekke) AS nr
           FROM jsonb_to_recordset($3::jsonb) AS x(rekke integer, id uuid, type text, forlop_id uuid, frist timestamptz, tekst text)
          WHERE NOT EXISTS (SELECT 1 FROM varsel v WHERE v.id = x.id)
       ), lagt AS (
         INSERT INTO varsel (id, mottaker_org, sekvens, type, forlop_id, frist, tekst)
         SELECT id, $1, $2::bigint + nr, type, forlop_id, frist, tekst FROM ny
         RETURNING id, sekvens
       ), teller AS (
         UPDATE varsel_teller SET siste = $2::bigint + (SELECT count(*) FROM lagt) WHERE org = $1
       )
       SELECT id, sekvens FROM lagt`,
      [
        org,
        siste,
        JSON.stringify(
          liste.map((v, i) => ({ rekke: i, id: v.id, type: v.type, forlop_id: v.forlopId, frist: v.frist, tekst: v.tekst })),
        ),
      ],
    );
    for (const rad of r.rows) lagt.set(rad.id, Number(rad.sekvens));
  }
  return lagt;
}

/** One varsel (see `leggTilVarsler`); its sekvens, or null when a varsel with its id was already stored. */
export async function leggTilVarsel(c: PoolClient, varsel: NyttVarsel): Promise<number | null> {
  return (await leggTilVarsler(c, [varsel])).get(varsel.id) ?? null;
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
