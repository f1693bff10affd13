/**
 * Bearer-token authentication: a JWT becomes the principal `{ rolle, org }`.
 *
 * - `dev`: the service is its own issuer; HS256 with the secret from config/nokler.ts
 *   (`npm run token -- --rolle kommune --org 1833` prints a token).
 * - `oidc`: tokens from the region's identity provider (HelseID), verified against its JWKS,
 *   with issuer and audience checked. Which claims carry rolle and org is configuration.
 *
 * A missing or invalid token answers 401 problem+json; the token itself is never logged.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { AppConfig } from '../config';
import type { Principal } from '../workflows/types';
import { erRolle } from './principal';
import { Problem, problemer } from './problem';

// The principal helpers live in ./principal (no jose, so modules and unit tests load without it).
export { erRolle, hentPrincipal, krevRolle, ROLLER } from './principal';

/** Verifies a bearer token and returns its principal; throws a 401 `Problem` when it is not valid. */
export type Verifiserer = (token: string) => Promise<Principal>;

const DEV_ROLLE_CLAIM = 'rolle';
const DEV_ORG_CLAIM = 'org';

function claim(payload: JWTPayload, navn: string): unknown {
  if (navn in payload) return payload[navn];
  // Dotted path for nested claims (e.g. "helseid.rolle"), when no flat claim has the name.
  let v: unknown = payload;
  for (const del of navn.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[del];
  }
  return v;
}

/** The principal from the claims; rolle must be one of ROLLER, org a non-empty string (admin may have none). */
export function principalFraClaims(payload: JWTPayload, rolleClaim: string, orgClaim: string): Principal {
  let rolle = claim(payload, rolleClaim);
  if (Array.isArray(rolle)) rolle = rolle.find(erRolle);
  if (!erRolle(rolle)) throw problemer.ikkeAutentisert('Tokenet har ingen gyldig rolle');
  const org = claim(payload, orgClaim);
  if (rolle === 'admin' && (org === undefined || org === null || org === '')) return { rolle, org: '' };
  if (typeof org !== 'string' || org.length === 0 || org.length > 100) {
    throw problemer.ikkeAutentisert('Tokenet har ingen gyldig org');
  }
  return { rolle, org };
}

function ugyldig(e: unknown): Problem {
  if (e instanceof Problem) return e;
  if (e instanceof joseErrors.JWTExpired) return problemer.ikkeAutentisert('Tokenet er utløpt');
  return problemer.ikkeAutentisert('Ugyldig token');
}

/** The verifier for `config.auth.modus`. In 'oidc' mode jwksUrl, issuer and audience are required. */
/** How long a verified token is taken at its word before it is verified again (a key rotation then bites). */
const HUSK_MS = 5 * 60_000;
const HUSK_ANTALL = 10_000;

/**
 * Remembers tokens verified before, until they expire (at most HUSK_MS): a system sends the same
 * token with every request, and verifying its signature is most of the API's own cost per request.
 * Only verified tokens are remembered; a refused one is checked again each time.
 */
export function medHukommelse(verifiser: Verifiserer, naa: () => number = Date.now): Verifiserer {
  const kjente = new Map<string, { principal: Principal; gyldigTil: number }>();
  return async (token) => {
    const kjent = kjente.get(token);
    if (kjent && kjent.gyldigTil > naa()) return kjent.principal;
    const principal = await verifiser(token);
    const exp = decodeJwt(token).exp;
    const gyldigTil = Math.min(naa() + HUSK_MS, typeof exp === 'number' ? exp * 1000 : 0);
    if (kjente.size >= HUSK_ANTALL) kjente.clear();
    if (gyldigTil > naa()) kjente.set(token, { principal, gyldigTil });
    return principal;
  };
}

export function lagVerifiserer(auth: AppConfig['auth'], jwtSecret: Uint8Array): Verifiserer {
  return medHukommelse(lagSignaturVerifiserer(auth, jwtSecret));
}

function lagSignaturVerifiserer(auth: AppConfig['auth'], jwtSecret: Uint8Array): Verifiserer {
  if (auth.modus === 'oidc') {
    if (!auth.jwksUrl) throw new Error('AUTH_JWKS_URL må være satt når AUTH_MODUS=oidc');
    if (!auth.audience) throw new Error('AUTH_AUDIENCE må være satt når AUTH_MODUS=oidc');
    const jwks = createRemoteJWKSet(new URL(auth.jwksUrl));
    const audience = auth.audience;
    return async (token) => {
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: auth.issuer,
          audience,
          clockTolerance: 30,
        });
        return principalFraClaims(payload, auth.rolleClaim, auth.orgClaim);
      } catch (e) {
        throw ugyldig(e);
      }
    };
  }
  if (!jwtSecret || jwtSecret.length < 16) throw new Error('JWT-hemmeligheten må være minst 16 byte (32 anbefales)');
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwtSecret, {
        issuer: auth.issuer,
        algorithms: ['HS256'],
        clockTolerance: 30,
      });
      // Our own tokens carry 'rolle'/'org'; a configured mapping is honoured when present.
      const rolleClaim = claim(payload, auth.rolleClaim) !== undefined ? auth.rolleClaim : DEV_ROLLE_CLAIM;
      const orgClaim = claim(payload, auth.orgClaim) !== undefined ? auth.orgClaim : DEV_ORG_CLAIM;
      return principalFraClaims(payload, rolleClaim, orgClaim);
    } catch (e) {
      throw ugyldig(e);
    }
  };
}

/** Express middleware: `Authorization: Bearer <jwt>` → `res.locals.principal`, else 401. */
export function autentisering(verifiser: Verifiserer): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const h = req.get('authorization');
    const m = h ? /^Bearer\s+([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*)\s*$/i.exec(h) : null;
    if (!m) {
      next(problemer.ikkeAutentisert(h ? 'Authorization må være «Bearer <token>»' : 'Mangler Authorization-header'));
      return;
    }
    try {
      res.locals.principal = await verifiser(m[1]);
      next();
    } catch (e) {
      next(ugyldig(e));
    }
  };
}

/** A development token for `p`, signed HS256 by this service (issuer `issuer`), valid `gyldigTimer` hours. */
export async function utstedDevToken(p: Principal, jwtSecret: Uint8Array, issuer: string, gyldigTimer = 12): Promise<string> {
  if (!erRolle(p.rolle)) throw new Error(`Ukjent rolle ${String(p.rolle)}`);
  return new SignJWT({ [DEV_ROLLE_CLAIM]: p.rolle, [DEV_ORG_CLAIM]: p.org })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject(`${p.rolle}:${p.org}`)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${Math.max(1, Math.round(gyldigTimer * 3600))}s`)
    .sign(jwtSecret);
}
