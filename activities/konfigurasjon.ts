/**
 * The configuration a forløp runs with: the frist defaults (config/frister.default.json)
 * merged with the oppholdskommune's samarbeidsavtale overrides (kommune.frister), and the
 * døgnpris table by year. One query.
 */
import standard from '../config/frister.default.json';
import type { Pool } from '../db/pool';
import type { Dognpris, FristKonfigurasjon } from '../workflows/types';

export const STANDARD_FRISTER: FristKonfigurasjon = standard as FristKonfigurasjon;

/**
 * The defaults with each override that names a known setting with a value of the same kind
 * (an ISO duration string, or the number for `dagligStatusKlokken`). Anything else in the
 * kommune's row is ignored, so a malformed override cannot break the frist rules.
 */
export function flettFrister(overstyring: unknown): FristKonfigurasjon {
  const ut: FristKonfigurasjon = { ...STANDARD_FRISTER };
  if (!overstyring || typeof overstyring !== 'object' || Array.isArray(overstyring)) return ut;
  const maal = ut as unknown as Record<string, unknown>;
  for (const [nokkel, verdi] of Object.entries(overstyring as Record<string, unknown>)) {
    if (!Object.prototype.hasOwnProperty.call(STANDARD_FRISTER, nokkel)) continue;
    const standardVerdi = (STANDARD_FRISTER as unknown as Record<string, unknown>)[nokkel];
    if (typeof verdi !== typeof standardVerdi) continue;
    if (typeof verdi === 'number' && !Number.isFinite(verdi)) continue;
    if (typeof verdi === 'string' && !/^P/.test(verdi)) continue;
    maal[nokkel] = verdi;
  }
  return ut;
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
