/**
 * A DPoP proof (RFC 9449 section 4.3) checked against the request and the access token it
 * accompanies: typ dpop+jwt, an asymmetric alg, a public jwk in the header whose signature holds,
 * htm and htu this request's, iat within the window, a jti, ath the token's hash and the key's
 * thumbprint the token's cnf.jkt. Whether the jti was used before is the replay store's question
 * (db/dpop.ts); this module answers the jti and until when it must be remembered.
 */
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';

/** What the API accepts for proofs: what HelseID's clients use. */
export const DPOP_ALGORITMER = ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'RS384', 'PS384', 'RS512', 'PS512'];

export class DpopFeil extends Error {
  constructor(
    readonly kode: 'invalid_token' | 'invalid_dpop_proof',
    melding: string,
  ) {
    super(melding);
    this.name = 'DpopFeil';
  }
}

export interface DpopKrav {
  /** The request's method. */
  htm: string;
  /** The request's URL as the client addressed it, without query or fragment. */
  htu: string;
  /** The access token the proof accompanies. */
  token: string;
  /** The token's cnf.jkt. */
  jkt: string;
  /** Seconds either side of now a proof's iat may be. */
  vinduS: number;
  naa?: () => number;
}

/** The htu a proof must carry for this URL: scheme, host and path, no query or fragment (RFC 9449 4.3). */
export function normaliserHtu(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.href;
}

/** Checks the proof; answers its jti and the moment after which a replay would be refused for its iat anyway. */
export async function verifiserDpopBevis(bevis: string, krav: DpopKrav): Promise<{ jti: string; huskTil: Date }> {
  const avvis = (melding: string): never => {
    throw new DpopFeil('invalid_dpop_proof', melding);
  };
  let header;
  try {
    header = decodeProtectedHeader(bevis);
  } catch {
    return avvis('DPoP-beviset er ikke en JWT');
  }
  if (header.typ !== 'dpop+jwt') avvis('DPoP-beviset må ha typ dpop+jwt');
  if (typeof header.alg !== 'string' || !DPOP_ALGORITMER.includes(header.alg)) avvis('DPoP-beviset må signeres med en asymmetrisk algoritme');
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object') return avvis('DPoP-beviset mangler jwk');
  if ('d' in jwk || 'p' in jwk || 'k' in jwk) avvis('jwk i DPoP-beviset må være en offentlig nøkkel');
  let payload;
  try {
    ({ payload } = await jwtVerify(bevis, await importJWK(jwk, header.alg), { typ: 'dpop+jwt', algorithms: DPOP_ALGORITMER }));
  } catch {
    return avvis('Signaturen på DPoP-beviset holder ikke');
  }
  if (payload.htm !== krav.htm) avvis(`DPoP-beviset gjelder ${String(payload.htm)}, ikke ${krav.htm}`);
  let htu: string | undefined;
  try {
    htu = typeof payload.htu === 'string' ? normaliserHtu(payload.htu) : undefined;
  } catch {
    /* not a URL */
  }
  if (htu !== normaliserHtu(krav.htu)) avvis('DPoP-beviset gjelder en annen adresse');
  const naa = Math.floor((krav.naa ?? Date.now)() / 1000);
  if (typeof payload.iat !== 'number' || Math.abs(naa - payload.iat) > krav.vinduS) avvis('DPoP-beviset er for gammelt eller fra fremtiden (iat)');
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 200) avvis('DPoP-beviset mangler jti');
  const ath = createHash('sha256').update(krav.token).digest('base64url');
  if (payload.ath !== ath) avvis('DPoP-beviset gjelder et annet token (ath)');
  if ((await calculateJwkThumbprint(jwk)) !== krav.jkt) avvis('DPoP-beviset er signert med en annen nøkkel enn tokenet er bundet til');
  return { jti: payload.jti as string, huskTil: new Date(((payload.iat as number) + krav.vinduS) * 1000) };
}
