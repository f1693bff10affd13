/**
 * The engine as a HelseID client: access tokens by the client credentials grant, the client
 * authenticated with `private_key_jwt` (an assertion signed with the engine's key: iss/sub the
 * client id, aud the issuer, a unique jti, a 60-second exp), every token bound to a DPoP key
 * (RFC 9449) and every call to a resource carrying a fresh proof (htm, htu, iat, jti, ath, and the
 * server's nonce when it asks for one). oauth4webapi does the protocol; this module keeps the
 * keys, caches the token until shortly before it expires and retries once on `use_dpop_nonce`.
 *
 * The private key comes from configuration (HELSEID_PRIVATE_KEY or HELSEID_PRIVATE_KEY_FIL, kept as
 * a Hemmelighet that prints as [skjult]) and is imported as a non-extractable CryptoKey: nothing here can print it. The DPoP key pair is
 * made per process (non-extractable too); its tokens live as long as the process.
 */
import * as oauth from 'oauth4webapi';
import { importJWK, importPKCS8, type CryptoKey, type JWK } from 'jose';

export interface HelseIdKonfig {
  /** HELSEID_ISSUER, e.g. https://helseid-sts.nhn.no */
  issuer: string;
  /** HELSEID_CLIENT_ID */
  klientId: string;
  /** The private key as given: a JWK (JSON) or a PKCS#8 PEM. */
  privatNokkel: string;
  /** HELSEID_SCOPE: the scopes asked for, space-separated. */
  scope: string;
}

/** The refusal of a resource or of HelseID itself: what it said, never the token. */
export class HelseIdFeil extends Error {
  constructor(
    melding: string,
    readonly status?: number,
    readonly feilkode?: string,
  ) {
    super(melding);
    this.name = 'HelseIdFeil';
  }
}

export interface ResursValg {
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HelseIdKlient {
  /** A DPoP-bound access token for the configured scope, from the cache while it has more than a minute left. */
  token(): Promise<string>;
  /**
   * A call to a resource server with the token and a fresh DPoP proof. A `use_dpop_nonce`
   * challenge is answered once with the server's nonce; an `invalid_token` once with a new token.
   * Any other challenge is a HelseIdFeil; every other response is returned as it is.
   */
  kall(metode: string, url: URL, valg?: ResursValg): Promise<Response>;
  /** The DPoP key's JWK thumbprint (what `cnf.jkt` of our tokens is). */
  dpopThumbprint(): Promise<string>;
}

/** Refresh this long before the token's expiry, so a call never goes out with one about to lapse. */
const FORNY_FOR_MS = 60_000;

/** Plain http is allowed for the loopback stand-ins in tests and development only. */
function lokal(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

const ALG_FOR_KURVE: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/** The signing key from its configured text (JWK or PEM); its alg from the JWK, else RS256/ES256 by type. */
export async function lesPrivatNokkel(tekst: string): Promise<oauth.PrivateKey> {
  const t = tekst.trim();
  if (t.startsWith('{')) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(t) as JWK;
    } catch {
      throw new Error('HELSEID_PRIVATE_KEY ser ut som JSON, men kan ikke leses som en JWK');
    }
    if (!jwk.d) throw new Error('HELSEID_PRIVATE_KEY er en offentlig nøkkel; klienten trenger den private (med «d»)');
    const alg = jwk.alg ?? (jwk.kty === 'EC' ? ALG_FOR_KURVE[jwk.crv ?? ''] : 'RS256');
    if (!alg) throw new Error(`HELSEID_PRIVATE_KEY: ukjent kurve ${String(jwk.crv)}`);
    const key = (await importJWK({ ...jwk, ext: false }, alg)) as CryptoKey;
    return { key, kid: jwk.kid };
  }
  if (t.includes('-----BEGIN PRIVATE KEY-----')) {
    // PKCS#8 says nothing of the algorithm: try RSA first (HelseID's usual), then P-256.
    for (const alg of ['RS256', 'ES256']) {
      try {
        return { key: (await importPKCS8(t, alg)) as CryptoKey };
      } catch {
        /* the next algorithm */
      }
    }
  }
  throw new Error('HELSEID_PRIVATE_KEY må være en privat JWK (JSON) eller en PKCS#8 PEM («BEGIN PRIVATE KEY»)');
}

export async function lagHelseIdKlient(k: HelseIdKonfig, naa: () => number = Date.now): Promise<HelseIdKlient> {
  const issuer = new URL(k.issuer);
  const usikker = lokal(issuer);
  const valg = { [oauth.allowInsecureRequests]: usikker } as const;
  const nokkel = await lesPrivatNokkel(k.privatNokkel);
  const klient: oauth.Client = { client_id: k.klientId };
  const klientAuth = oauth.PrivateKeyJwt(nokkel);
  const dpopNokler = await oauth.generateKeyPair('ES256', { extractable: false });
  const dpop = oauth.DPoP(klient, dpopNokler);

  let server: oauth.AuthorizationServer | undefined;
  const hentServer = async (): Promise<oauth.AuthorizationServer> => {
    if (server) return server;
    const svar = await oauth.discoveryRequest(issuer, { ...valg, algorithm: 'oidc', signal: AbortSignal.timeout(10_000) });
    server = await oauth.processDiscoveryResponse(issuer, svar);
    return server;
  };

  const hentNyttToken = async (): Promise<{ token: string; utloper: number }> => {
    const as = await hentServer();
    const forsok = async () => {
      const svar = await oauth.clientCredentialsGrantRequest(
        as,
        klient,
        klientAuth,
        { scope: k.scope },
        {
          ...valg,
          DPoP: dpop,
          signal: AbortSignal.timeout(10_000),
        },
      );
      return oauth.processClientCredentialsResponse(as, klient, svar);
    };
    let svar: oauth.TokenEndpointResponse;
    try {
      try {
        svar = await forsok();
      } catch (e) {
        // The server's first answer may be "use this nonce" (HelseID does this): the handle has it now.
        if (!oauth.isDPoPNonceError(e)) throw e;
        svar = await forsok();
      }
    } catch (e) {
      if (e instanceof oauth.ResponseBodyError) {
        throw new HelseIdFeil(`HelseID avviste tokenforespørselen: ${e.error}${e.error_description ? ` (${e.error_description})` : ''}`, e.status, e.error);
      }
      throw e;
    }
    if (svar.token_type.toLowerCase() !== 'dpop') throw new HelseIdFeil(`HelseID utstedte et ${svar.token_type}-token, ikke et DPoP-bundet`);
    const levetid = (svar.expires_in ?? 300) * 1000;
    return { token: svar.access_token, utloper: naa() + levetid };
  };

  let gjeldende: { token: string; utloper: number } | undefined;
  let underveis: Promise<{ token: string; utloper: number }> | undefined;
  const token = async (): Promise<string> => {
    if (gjeldende && gjeldende.utloper - FORNY_FOR_MS > naa()) return gjeldende.token;
    // Calls that need a token at the same moment share one request.
    underveis ??= hentNyttToken().finally(() => {
      underveis = undefined;
    });
    gjeldende = await underveis;
    return gjeldende.token;
  };

  const kall = async (metode: string, url: URL, v: ResursValg = {}): Promise<Response> => {
    const send = async () =>
      oauth.protectedResourceRequest(await token(), metode, url, new Headers(v.headers), v.body ?? null, {
        [oauth.allowInsecureRequests]: lokal(url),
        DPoP: dpop,
        signal: v.signal,
      });
    let nonceForsok = 0;
    let nyttToken = false;
    for (;;) {
      try {
        return await send();
      } catch (e) {
        if (!(e instanceof oauth.WWWAuthenticateChallengeError)) throw e;
        if (oauth.isDPoPNonceError(e) && nonceForsok++ < 1) continue;
        const feil = e.cause.find((c) => c.parameters.error)?.parameters.error;
        if (feil === 'invalid_token' && !nyttToken) {
          nyttToken = true;
          gjeldende = undefined;
          continue;
        }
        throw new HelseIdFeil(`${url.host} avviste kallet: ${feil ?? 'uten feilkode'}`, e.status, feil);
      }
    }
  };

  return { token, kall, dpopThumbprint: () => dpop.calculateThumbprint() };
}
