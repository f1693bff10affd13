/**
 * The configuration activity of a forløp started without it (release 0.1.0): the same query the
 * API runs at POST /forlop (db/konfigurasjon.ts).
 */
import { hentForlopskonfigurasjon } from '../db/konfigurasjon';
import type { Pool } from '../db/pool';
import type { Forlopskonfigurasjon } from '../workflows/types';

export { flettFrister, STANDARD_FRISTER } from '../db/konfigurasjon';

export function hentKonfigurasjon(pool: Pool, kommune: string, samhandlingOrg: string): Promise<Forlopskonfigurasjon> {
  return hentForlopskonfigurasjon(pool, kommune, samhandlingOrg);
}
