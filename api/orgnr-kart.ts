/**
 * HelseID's organisation numbers → the engine's orgs, read from the address table (its one
 * source, db/plo.ts) and kept per process for 30 s, so a token check is no query. A PUT to the
 * address table forgets it at once in the process that served it; other API processes see the
 * change within the 30 s.
 */
import { hentOrgnrKart } from '../db/plo';
import type { Pool } from '../db/pool';

const HUSK_MS = 30_000;

const hurtig = new WeakMap<Pool, { kart: Promise<ReadonlyMap<string, string>>; tid: number }>();

export function orgnrKart(pool: Pool, naa: () => number = Date.now): Promise<ReadonlyMap<string, string>> {
  const h = hurtig.get(pool);
  if (h && naa() - h.tid < HUSK_MS) return h.kart;
  const kart = hentOrgnrKart(pool);
  hurtig.set(pool, { kart, tid: naa() });
  // A failed read is not kept: the next token asks again.
  kart.catch(() => {
    if (hurtig.get(pool)?.kart === kart) hurtig.delete(pool);
  });
  return kart;
}

/** After a change to the address table. */
export function glemOrgnrKart(pool: Pool): void {
  hurtig.delete(pool);
}
