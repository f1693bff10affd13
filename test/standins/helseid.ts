/**
 * A local HelseID for the tests, from HelseID's published contract: discovery, JWKS and a token
 * endpoint for the client credentials grant. It verifies the client assertion (private_key_jwt)
 * against the client's registered public key, verifies the DPoP proof, demands a nonce the first
 * time a client comes (as HelseID does), and issues DPoP-bound `at+jwt` access tokens with
 * `cnf.jkt`, the scope and the client's organisation claims. Never shipped.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { DpopAvvisning, verifiserBevis } from './dpop';

export const ORGNR_PARENT = 'helseid://claims/client/claims/orgnr_parent';
export const ORGNR_CHILD = 'helseid://claims/client/claims/orgnr_child';

export interface RegistrertKlient {
  klientId: string;
  /** The client's public key, as registered in HelseID Selvbetjening. */
  offentligJwk: JWK;
  /** The scopes the client may ask for. */
  scopes: string[];
  /** The resource each scope's tokens are for (its `aud`); default the scope's part before '/'. */
  audience?: string;
  orgnrParent?: string;
  orgnrChild?: string;
}

export interface TokenValg {
  scope: string;
  audience: string;
  /** The DPoP key's thumbprint; absent: an unbound (Bearer) token. */
  jkt?: string;
  orgnrParent?: string;
  orgnrChild?: string;
  /** Seconds from now; negative for an expired token. */
  levetid?: number;
  typ?: string;
  klientId?: string;
}

export interface HelseIdStandin {
  issuer: string;
  jwksUrl: string;
  registrer(k: RegistrertKlient): void;
  /** Issues a token directly (tests of the engine's API), signed with the stand-in's key. */
  utstedToken(v: TokenValg): Promise<string>;
  /** Token requests answered, and refused (with the error the client got). */
  tokenKall: Array<{ klientId?: string; status: number; feil?: string }>;
  stopp(): Promise<void>;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export async function startHelseIdStandin(): Promise<HelseIdStandin> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const offentlig = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const klienter = new Map<string, RegistrertKlient>();
  const brukteAssertionJti = new Set<string>();
  const brukteBevisJti = new Set<string>();
  /** The nonce each client must present; made at its first request, rotated never (enough for the tests). */
  const nonce = new Map<string, string>();
  const tokenKall: HelseIdStandin['tokenKall'] = [];

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  let issuer = '';

  const signer = (v: TokenValg, key: CryptoKey): Promise<string> => {
    const claims: JWTPayload = {
      client_id: v.klientId ?? 'test-klient',
      scope: v.scope,
      ...(v.jkt ? { cnf: { jkt: v.jkt } } : {}),
      ...(v.orgnrParent ? { [ORGNR_PARENT]: v.orgnrParent } : {}),
      ...(v.orgnrChild ? { [ORGNR_CHILD]: v.orgnrChild } : {}),
    };
    const naa = Math.floor(Date.now() / 1000);
    const levetid = v.levetid ?? 600;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: v.typ ?? 'at+jwt', kid })
      .setIssuer(issuer)
      .setAudience(v.audience)
      .setSubject(v.klientId ?? 'test-klient')
      .setJti(randomUUID())
      .setIssuedAt(levetid < 0 ? naa + levetid - 600 : naa)
      .setExpirationTime(naa + levetid)
      .sign(key);
  };

  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      jwks_uri: `${issuer}/.well-known/openid-configuration/jwks`,
      token_endpoint: `${issuer}/connect/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'PS256', 'ES256'],
      dpop_signing_alg_values_supported: ['RS256', 'PS256', 'ES256'],
      scopes_supported: [...new Set([...klienter.values()].flatMap((k) => k.scopes))],
    });
  });
  app.get('/.well-known/openid-configuration/jwks', (_req, res) => {
    res.json({ keys: [offentlig] });
  });

  app.post('/connect/token', async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const avvis = (status: number, error: string, beskrivelse: string, headere: Record<string, string> = {}) => {
      tokenKall.push({ klientId: body.client_id, status, feil: error });
      res.status(status).set(headere).set('cache-control', 'no-store').json({ error, error_description: beskrivelse });
    };
    if (body.grant_type !== 'client_credentials') return avvis(400, 'unsupported_grant_type', 'bare client_credentials');
    if (body.client_assertion_type !== ASSERTION_TYPE || !body.client_assertion) {
      return avvis(401, 'invalid_client', 'klienten må autentisere seg med private_key_jwt');
    }
    if ('client_secret' in body) return avvis(401, 'invalid_client', 'delte hemmeligheter brukes ikke');
    // The assertion names its client; its signature must be that client's registered key.
    let klient: RegistrertKlient | undefined;
    try {
      const [, del] = body.client_assertion.split('.');
      const iss = (JSON.parse(Buffer.from(del, 'base64url').toString('utf8')) as JWTPayload).iss;
      klient = typeof iss === 'string' ? klienter.get(iss) : undefined;
      if (!klient) return avvis(401, 'invalid_client', 'ukjent klient');
      const { payload } = await jwtVerify(body.client_assertion, await importJWK(klient.offentligJwk, klient.offentligJwk.alg ?? 'RS256'), {
        issuer: klient.klientId,
        subject: klient.klientId,
        audience: issuer,
        maxTokenAge: 120,
      });
      if (typeof payload.exp !== 'number' || payload.exp - Math.floor(Date.now() / 1000) > 120) {
        return avvis(401, 'invalid_client', 'klientpåstanden lever for lenge');
      }
      if (typeof payload.jti !== 'string' || brukteAssertionJti.has(payload.jti)) {
        return avvis(401, 'invalid_client', 'klientpåstandens jti mangler eller er brukt før');
      }
      brukteAssertionJti.add(payload.jti);
    } catch {
      return avvis(401, 'invalid_client', 'klientpåstanden holder ikke');
    }
    if (body.client_id !== undefined && body.client_id !== klient.klientId) return avvis(401, 'invalid_client', 'client_id er en annen enn påstandens');
    const scopes = (body.scope ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !klient.scopes.includes(s))) {
      return avvis(400, 'invalid_scope', 'klienten har ikke tilgang til scopet');
    }
    // A nonce the first time: the client must come back with it in its proof.
    const sinNonce = nonce.get(klient.klientId) ?? randomBytes(16).toString('base64url');
    nonce.set(klient.klientId, sinNonce);
    let jkt: string;
    try {
      jkt = await verifiserBevis(req.get('dpop'), {
        htm: 'POST',
        htu: `${issuer}/connect/token`,
        nonce: sinNonce,
        brukteJti: brukteBevisJti,
      });
    } catch (e) {
      if (e instanceof DpopAvvisning) {
        // The assertion was spent on a refused request; the client makes a new one for the retry.
        return avvis(400, e.feil === 'use_dpop_nonce' ? 'use_dpop_nonce' : 'invalid_dpop_proof', e.message, { 'DPoP-Nonce': sinNonce });
      }
      throw e;
    }
    const token = await signer(
      {
        scope: scopes.join(' '),
        audience: klient.audience ?? scopes[0].split('/')[0],
        jkt,
        orgnrParent: klient.orgnrParent,
        orgnrChild: klient.orgnrChild,
        klientId: klient.klientId,
      },
      privateKey,
    );
    tokenKall.push({ klientId: klient.klientId, status: 200 });
    res.set('cache-control', 'no-store').json({ access_token: token, token_type: 'DPoP', expires_in: 600, scope: scopes.join(' ') });
  });

  const server: Server = await new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/openid-configuration/jwks`,
    registrer: (k) => klienter.set(k.klientId, k),
    utstedToken: (v) => signer(v, privateKey),
    tokenKall,
    stopp: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
