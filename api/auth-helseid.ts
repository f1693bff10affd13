/**
 * AUTH_MODUS=helseid: the API takes HelseID access tokens bound to the caller's key (DPoP),
 * `Authorization: DPoP <token>` with a `DPoP` proof header. The token is verified against the
 * issuer's JWKS (from its discovery document, or AUTH_JWKS_URL): signature, typ at+jwt, issuer,
 * audience, lifetime; the proof by api/dpop.ts; the proof's jti is claimed once in PostgreSQL.
 * The rolle is the token's one scope `<prefix>:<rolle>`; the org is the one the address table
 * gives the token's orgnr_child, else its orgnr_parent (api/orgnr-kart.ts). Refused: 401 with
 * `WWW-Authenticate: DPoP error="invalid_token"` or `"invalid_dpop_proof"`, nothing done; an
 * organisation the table does not know is such a refusal too (the token is not one for us).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { AppConfig } from '../config';
import { kravDpopJti } from '../db/dpop';
import type { Pool } from '../db/pool';
import type { Principal } from '../workflows/types';
import { DPOP_ALGORITMER, DpopFeil, verifiserDpopBevis } from './dpop';
import { orgnrKart } from './orgnr-kart';
import { erRolle } from './principal';
import { Problem, problemer } from './problem';

export const ORGNR_PARENT = 'helseid://claims/client/claims/orgnr_parent';
export const ORGNR_CHILD = 'helseid://claims/client/claims/orgnr_child';

type HelseIdAuth = AppConfig['auth'] & { modus: 'helseid' };

/** error_description is ASCII without quotes or backslashes (RFC 6750 3); the problem body has the bokmål as written. */
const ascii = (t: string): string =>
  t
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/å/g, 'aa')
    .replace(/Å/g, 'AA')
    .replace(/[«»"\\]/g, "'")
    .replace(/[^\x20-\x7e]/g, '');

const utfordring = (kode: string, beskrivelse: string): string =>
  `DPoP error="${kode}", error_description="${ascii(beskrivelse)}", algs="${DPOP_ALGORITMER.join(' ')}"`;

function avvist(kode: 'invalid_token' | 'invalid_dpop_proof', beskrivelse: string): Problem {
  return new Problem(401, 'ikke-autentisert', beskrivelse, {}, { 'WWW-Authenticate': utfordring(kode, beskrivelse) });
}

/**
 * The principal from a verified token's claims; a Problem when its scope or organisation is not
 * one of ours. An admin needs no mapped organisation: the admin is who puts the numbers in the
 * address table (the seed has none).
 */
export function principalFraHelseId(claims: JWTPayload, scopePrefiks: string, orgnrTilOrg: ReadonlyMap<string, string>): Principal {
  const scopes = Array.isArray(claims.scope) ? claims.scope.map(String) : String(claims.scope ?? '').split(' ');
  const roller = scopes
    .filter((s) => s.startsWith(`${scopePrefiks}:`))
    .map((s) => s.slice(scopePrefiks.length + 1))
    .filter(erRolle);
  if (roller.length !== 1) {
    const tekst = roller.length === 0 ? `Tokenet har ikke noe ${scopePrefiks}-scope` : 'Tokenet har mer enn én rolle i scope';
    throw new Problem(403, 'forbudt', tekst, {}, { 'WWW-Authenticate': utfordring('insufficient_scope', tekst) });
  }
  const rolle = roller[0];
  const orgnr = [claims[ORGNR_CHILD], claims[ORGNR_PARENT]].filter((v): v is string => typeof v === 'string' && v.length > 0);
  const org = orgnr.map((n) => orgnrTilOrg.get(n)).find((o) => o !== undefined);
  if (org !== undefined) return { rolle, org };
  if (rolle === 'admin') return { rolle, org: '' };
  throw avvist('invalid_token', orgnr.length ? 'Organisasjonen i tokenet er ikke registrert i motoren' : 'Tokenet har ingen organisasjon');
}

/** The issuer's JWKS, its address from the discovery document (once; again after a failure). */
function lagJwks(auth: HelseIdAuth): () => Promise<ReturnType<typeof createRemoteJWKSet>> {
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  return () => {
    jwks ??= (async () => {
      if (auth.jwksUrl) return createRemoteJWKSet(new URL(auth.jwksUrl));
      const svar = await fetch(`${auth.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
      if (!svar.ok) throw new Error(`discovery svarte ${svar.status}`);
      const { jwks_uri } = (await svar.json()) as { jwks_uri?: unknown };
      if (typeof jwks_uri !== 'string') throw new Error('discovery-dokumentet har ingen jwks_uri');
      return createRemoteJWKSet(new URL(jwks_uri));
    })().catch((e: unknown) => {
      jwks = undefined;
      throw e;
    });
    return jwks;
  };
}

export function helseIdAutentisering(auth: AppConfig['auth'], pool: Pool): RequestHandler {
  if (auth.modus !== 'helseid') throw new Error('helseIdAutentisering er for AUTH_MODUS=helseid');
  const a = auth as HelseIdAuth;
  if (!a.audience) throw new Error('AUTH_AUDIENCE må være satt når AUTH_MODUS=helseid');
  const audience = a.audience;
  const jwks = lagJwks(a);

  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const h = req.get('authorization') ?? '';
      const m = /^DPoP\s+([\w-]+\.[\w-]+\.[\w-]+)\s*$/i.exec(h);
      if (!m) {
        throw avvist(
          'invalid_token',
          /^Bearer\s/i.test(h) ? 'Tokenet må brukes med DPoP («Authorization: DPoP <token>» og et DPoP-bevis)' : 'Mangler Authorization: DPoP <token>',
        );
      }
      const token = m[1];
      const bevis = req.headers.dpop;
      if (typeof bevis !== 'string' || bevis.length === 0) throw avvist('invalid_dpop_proof', 'Mangler DPoP-bevis (nøyaktig én DPoP-header)');

      let sett: Awaited<ReturnType<ReturnType<typeof lagJwks>>>;
      try {
        sett = await jwks();
      } catch {
        throw problemer.utilgjengelig('HelseIDs nøkler kan ikke hentes nå; prøv igjen');
      }
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(token, sett, {
          issuer: a.issuer,
          audience,
          typ: 'at+jwt',
          clockTolerance: 30,
          requiredClaims: ['exp', 'iat'],
        }));
      } catch (e) {
        throw avvist('invalid_token', e instanceof joseErrors.JWTExpired ? 'Tokenet er utløpt' : 'Tokenet er ikke gyldig for denne tjenesten');
      }
      const jkt = (claims.cnf as { jkt?: unknown } | undefined)?.jkt;
      if (typeof jkt !== 'string') throw avvist('invalid_token', 'Tokenet er ikke bundet til en nøkkel (cnf.jkt mangler)');

      const htu = `${a.helseid.offentligUrl ?? `${req.protocol}://${req.get('host')}`}${req.originalUrl}`;
      const { jti, huskTil } = await verifiserDpopBevis(bevis, { htm: req.method, htu, token, jkt, vinduS: a.helseid.iatVinduS }).catch((e: unknown) => {
        throw e instanceof DpopFeil ? avvist(e.kode, e.message) : e;
      });
      const principal = principalFraHelseId(claims, a.helseid.scopePrefiks, await orgnrKart(pool));
      if (!(await kravDpopJti(pool, jkt, jti, huskTil))) throw avvist('invalid_dpop_proof', 'DPoP-beviset er brukt før (jti)');
      res.locals.principal = principal;
      next();
    } catch (e) {
      next(e);
    }
  };
}
