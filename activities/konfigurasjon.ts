/**
 * The configuration a forløp runs with: the frist defaults (config/frister.default.json)
 * merged with the oppholdskommune's samarbeidsavtale overrides (kommune.frister), and the
 * døgnpris table by year. One query.
 */
import standard from '../config/frister.default.json';
import type { Pool } from '../db/pool';
import { fristKonfigurasjon } from '../workflows/frister';
import type { Dognpris, FristKonfigurasjon } from '../workflows/types';

export const STANDARD_FRISTER: FristKonfigurasjon = standard as FristKonfigurasjon;

/** The defaults with the kommune's valid overrides; the rule lives with the frister (one place). */
export function flettFrister(overstyring: unknown): FristKonfigurasjon {
  const gyldig = overstyring && typeof overstyring === 'object' && !Array.isArray(overstyring);
  return fristKonfigurasjon(STANDARD_FRISTER, gyldig ? (overstyring as Partial<FristKonfigurasjon>) : null);
}

export async function hentKonfigurasjon(
  pool: Pool,
  kommune: string,
): Promise<{ frister: FristKonfigurasjon; dognpris: Dognpris }> {
  const { rows } = await pool.query<{ frister: unknown; dognpris: Record<string, number | string> | null }>(
    `SELECT (SELECT k.frister FROM kommune k WHERE k.nummer = $1) AS frister,
            (SELECT json_object_agg(d.ar::text, d.belop ORDER BY d.ar) FROM dognpris d) AS dognpris`,
    [kommune],
  );
  const rad = rows[0];
  const dognpris: Dognpris = {};
  for (const [ar, belop] of Object.entries(rad?.dognpris ?? {})) dognpris[ar] = Number(belop);
  return { frister: flettFrister(rad?.frister), dognpris };
}
