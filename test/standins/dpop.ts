/**
 * The stand-ins' own reading of RFC 9449 (DPoP) and RFC 9068 (JWT access tokens), written from
 * the RFCs and HelseID's published rules, apart from the engine's code so that a test proves the
 * engine's side of the contract rather than agreeing with itself. Also the test's own proof maker,
 * for requests the engine would never make (a replayed proof, one for another URL).
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

export const b64urlSha256 = (s: string): string => createHash('sha256').update(s).digest('base64url');

/** How far a proof's iat may be from now, both ways. */
export const IAT_VINDU_S = 60;

/** A refusal as RFC 9449 section 7.1 spells it. */
export class DpopAvvisning extends Error {
  constructor(
    readonly feil: 'invalid_token' | 'invalid_dpop_proof' | 'use_dpop_nonce' | 'invalid_request',
    melding: string,
  ) {
    super(melding);
  }
  get wwwAuthenticate(): string {
    return `DPoP error="${this.feil}", error_description="${this.message.replace(/"/g, "'")}", algs="ES256 RS256 PS256"`;
  }
}

export interface BevisKrav {
  htm: string;
  htu: string;
  /** The access token the proof must name (resource calls); absent at the token endpoint. */
  token?: string;
  /** The nonce the server last gave out; undefined: none demanded. */
  nonce?: string;
  /** Proof jti already seen (replays are refused); the jti is added when the proof is accepted. */
  brukteJti: Set<string>;
}

/** Verifies a DPoP proof and answers its key's JWK thumbprint. */
export async function verifiserBevis(bevis: string | undefined, krav: BevisKrav): Promise<string> {
  if (!bevis) throw new DpopAvvisning('invalid_dpop_proof', 'DPoP-bevis mangler');
  let header;
  try {
    header = decodeProtectedHeader(bevis);
  } catch {
    throw new DpopAvvisning('invalid_dpop_proof', 'DPoP-beviset er ikke en JWS');
  }
  if (header.typ !== 'dpop+jwt') throw new DpopAvvisning('invalid_dpop_proof', 'typ er ikke dpop+jwt');
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof header.alg !== 'string' || header.alg.startsWith('HS') || header.alg === 'none') {
    throw new DpopAvvisning('invalid_dpop_proof', 'beviset mangler en offentlig jwk eller har en symmetrisk alg');
  }
  if ('d' in jwk) throw new DpopAvvisning('invalid_dpop_proof', 'jwk i beviset inneholder en privat nøkkel');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(bevis, await importJWK(jwk, header.alg), { typ: 'dpop+jwt' }));
  } catch {
    throw new DpopAvvisning('invalid_dpop_proof', 'signaturen på beviset holder ikke');
  }
  if (payload.htm !== krav.htm) throw new DpopAvvisning('invalid_dpop_proof', `htm er ${String(payload.htm)}, ikke ${krav.htm}`);
  if (payload.htu !== krav.htu) throw new DpopAvvisning('invalid_dpop_proof', `htu er ${String(payload.htu)}, ikke ${krav.htu}`);
  const naa = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== 'number' || Math.abs(naa - payload.iat) > IAT_VINDU_S) {
    throw new DpopAvvisning('invalid_dpop_proof', 'iat er utenfor vinduet');
  }
  if (typeof payload.jti !== 'string' || payload.jti.length < 8) throw new DpopAvvisning('invalid_dpop_proof', 'jti mangler');
  if (krav.token !== undefined && payload.ath !== b64urlSha256(krav.token)) {
    throw new DpopAvvisning('invalid_dpop_proof', 'ath er ikke tokenets hash');
  }
  if (krav.nonce !== undefined && payload.nonce !== krav.nonce) {
    throw new DpopAvvisning('use_dpop_nonce', 'bruk serverens nonce');
  }
  if (krav.brukteJti.has(payload.jti)) throw new DpopAvvisning('invalid_dpop_proof', 'jti er brukt før');
  krav.brukteJti.add(payload.jti);
  return calculateJwkThumbprint(jwk);
}

/** A key pair for the test's own DPoP proofs. */
export interface TestNokkel {
  privat: CryptoKey;
  jwk: JWK;
  jkt: string;
}

export async function lagTestNokkel(alg = 'ES256'): Promise<TestNokkel> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  const jwk = await exportJWK(publicKey);
  return { privat: privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) };
}

/** A DPoP proof as a client makes it; every field may be overridden to make a bad one. */
export async function lagBevis(
  nokkel: TestNokkel,
  p: { htm: string; htu: string; token?: string; jti?: string; iat?: number; nonce?: string; typ?: string },
): Promise<string> {
  return new SignJWT({
    htm: p.htm,
    htu: p.htu,
    ...(p.token ? { ath: b64urlSha256(p.token) } : {}),
    ...(p.nonce ? { nonce: p.nonce } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: p.typ ?? 'dpop+jwt', jwk: nokkel.jwk })
    .setJti(p.jti ?? randomUUID())
    .setIssuedAt(p.iat ?? Math.floor(Date.now() / 1000))
    .sign(nokkel.privat);
}
