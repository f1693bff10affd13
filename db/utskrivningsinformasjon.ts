/**
 * The reference data the patient's sheet names (api/utskrivningsinformasjon/): the sykehus's
 * and the oppholdskommune's names and the ward's telephone, in one read. The avdeling is the
 * forløp's free text, found in the reference data by name, ignoring case and outer spaces.
 */
import type { Pool, PoolClient } from './pool';

export interface ArkReferanseRad {
  sykehusNavn: string;
  kommuneNavn: string;
  avdelingTelefon: string | null;
}

export async function hentArkReferanse(db: Pool | PoolClient, sykehus: string, oppholdskommune: string, avdeling: string): Promise<ArkReferanseRad> {
  const r = await db.query<ArkReferanseRad>(
    `SELECT s.navn AS "sykehusNavn", k.navn AS "kommuneNavn",
            (SELECT a.telefon FROM avdeling a WHERE a.sykehus = s.id AND lower(a.navn) = lower(btrim($3))) AS "avdelingTelefon"
       FROM sykehus s, kommune k WHERE s.id = $1 AND k.nummer = $2`,
    [sykehus, oppholdskommune, avdeling],
  );
  const rad = r.rows[0];
  if (!rad) throw new Error(`Referansedata mangler for sykehus ${sykehus} eller kommune ${oppholdskommune}`);
  return rad;
}
