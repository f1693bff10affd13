/**
 * Runtime configuration from the environment, read once. Every setting has a development
 * default so `npm start` works on a fresh clone; production sets them explicitly.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { webhookPolicy, type WebhookPolicy } from '../activities/webhook-adresse';
import { Hemmelighet } from './hemmelighet';

export interface AppConfig {
  port: number;
  /** Unset: scripts/start.ts starts an embedded PostgreSQL and sets it. */
  databaseUrl: string | undefined;
  /** Unset: scripts/start.ts starts its own Temporal dev server and sets it. */
  temporalAddress: string | undefined;
  temporalNamespace: string;
  taskQueue: string;
  dataDir: string;
  /** 32+ byte secret (base64) for the fødselsnummer HMAC and encryption; development generates one under dataDir. */
  pasientNokkel: string | undefined;
  auth: {
    /**
     * 'dev': the service is its own issuer (HS256 secret under dataDir). 'oidc': verify against a JWKS.
     * 'helseid': HelseID access tokens bound to the caller's key (DPoP), api/auth-helseid.ts.
     */
    modus: 'dev' | 'oidc' | 'helseid';
    issuer: string;
    audience: string | undefined;
    jwksUrl: string | undefined;
    /** Claim names that carry rolle and org (HelseID mapping is configuration). */
    rolleClaim: string;
    orgClaim: string;
    /** The web interface's OIDC client (authorization code with PKCE, a public client); unset: paste a token. */
    webKlientId: string | undefined;
    /** Scopes the web interface asks the identity provider for. */
    webScope: string;
    /** AUTH_MODUS=helseid only. */
    helseid: {
      /** HELSEID_SCOPE_PREFIKS: the rolle is the scope `<prefix>:<rolle>`. */
      scopePrefiks: string;
      /** AUTH_OFFENTLIG_URL: the API's address as callers see it (behind a proxy), for the proofs' htu. */
      offentligUrl: string | undefined;
      /** HELSEID_DPOP_VINDU_S: seconds either side of now a proof's iat may be. */
      iatVinduS: number;
    };
  };
  /** Norsk helsenett's message server and the engine's HelseID client (nhn/); unset EDI_URL: not used. */
  nhn: {
    ediUrl: string | undefined;
    ediHerId: number | undefined;
    helseidIssuer: string | undefined;
    helseidKlientId: string | undefined;
    /** HELSEID_PRIVATE_KEY, or the file HELSEID_PRIVATE_KEY_FIL names: a private JWK or PKCS#8 PEM, shown as [skjult]. */
    helseidPrivatNokkel: Hemmelighet | undefined;
    /** The scope the message server asks for (HELSEID_SCOPE). */
    helseidScope: string;
    /** ISO 8601 duration: a sent Dialogmelding without a receipt this long is undelivered. */
    kvitteringFrist: string;
    /** EDI_HENT_INTERVALL, ISO 8601 duration: how long the poller sleeps after a round that found nothing. */
    hentIntervall: string;
    /** EDI_MAKS_FORSOK: failed applies (the message's own errors, not the surroundings') before a message is set aside. */
    maksForsok: number;
  };
  logLevel: string;
  /** The samhandlingsavdeling's org (a rolle samhandling token's org): escalations go there too. */
  samhandlingOrg: string;
  /** Where webhooks may point (activities/webhook-adresse.ts). */
  webhook: WebhookPolicy;
  /** Requests per authenticated client per minute (429 beyond); 0: no limit. */
  rateLimitPerMinutt: number;
  /** The Temporal web UI's origin, allowed by CORS to call the codec endpoint (api/routes/codec.ts). */
  temporalUiOrigin: string | undefined;
  /**
   * Hooks for the fault tests only, off unless their TEST_ variable is set and never read with
   * NODE_ENV=production (scripts/start.ts refuses to start with one set there).
   */
  testkrok: {
    /**
     * TEST_HOLD_ETTER_IDEMPOTENSNOKKEL: a POST whose Idempotency-Key is this one is held, for as
     * long as the process lives, right after the key is stored: test/integration/feil-api.test.ts
     * kills the API with that request surely in flight (api/idempotens.ts).
     */
    holdEtterIdempotensnokkel: string | undefined;
    /**
     * TEST_HOLD_ETTER_EDI_ANVENDT: the EDI poller's apply step for the message with this MsgId
     * holds, for as long as the process lives, once the message is applied and its receipt
     * stored but not posted: test/integration/edi-mottak.test.ts kills the worker in that gap.
     */
    holdEtterEdiAnvendt: string | undefined;
    /**
     * TEST_FEIL_VED_EDI_ANVEND: the EDI poller's apply of the message with this MsgId throws, as a
     * bug would, every time: test/integration/edi-mottak.test.ts sees it set aside.
     */
    feilVedEdiAnvend: string | undefined;
  };
}

/** The test-only variables of `testkrok`: scripts/start.ts refuses them in production. */
export const TESTKROK_VARIABLER = ['TEST_HOLD_ETTER_IDEMPOTENSNOKKEL', 'TEST_HOLD_ETTER_EDI_ANVENDT', 'TEST_FEIL_VED_EDI_ANVEND'] as const;

export function lastKonfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  if (env.HELSEID_ORGNR !== undefined) {
    // Removed: the address table is the one mapping of organisation numbers. Refused, not ignored,
    // so an operator who kept it notices, rather than finding the tokens of every org refused.
    throw new Error(
      'HELSEID_ORGNR er fjernet: organisasjonsnumrene står nå i adressetabellen (PUT /api/v1/konfigurasjon/adresser/{herId} med «orgnr», som admin). ' +
        'Legg dem inn der og fjern variabelen.',
    );
  }
  return {
    port: Number(env.PORT ?? 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'utskrivningsforlop',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    pasientNokkel: env.PASIENT_NOKKEL || undefined,
    auth: {
      modus: env.AUTH_MODUS === 'oidc' || env.AUTH_MODUS === 'helseid' ? env.AUTH_MODUS : 'dev',
      issuer: (env.AUTH_MODUS === 'helseid' ? env.HELSEID_ISSUER || env.AUTH_ISSUER : env.AUTH_ISSUER) ?? 'urn:utskrivningsforlop:dev',
      audience: env.AUTH_AUDIENCE || undefined,
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      rolleClaim: env.AUTH_ROLLE_CLAIM ?? 'rolle',
      orgClaim: env.AUTH_ORG_CLAIM ?? 'org',
      webKlientId: env.AUTH_WEB_CLIENT_ID || undefined,
      webScope: env.AUTH_WEB_SCOPE ?? 'openid',
      helseid: {
        scopePrefiks: env.HELSEID_SCOPE_PREFIKS || 'utskrivningsforlop',
        offentligUrl: env.AUTH_OFFENTLIG_URL?.replace(/\/+$/, '') || undefined,
        iatVinduS: Number(env.HELSEID_DPOP_VINDU_S ?? 60),
      },
    },
    nhn: {
      ediUrl: env.EDI_URL || undefined,
      ediHerId: env.EDI_HER_ID ? Number(env.EDI_HER_ID) : undefined,
      helseidIssuer: env.HELSEID_ISSUER || undefined,
      helseidKlientId: env.HELSEID_CLIENT_ID || undefined,
      helseidPrivatNokkel: privatNokkel(env),
      helseidScope: env.HELSEID_SCOPE ?? '',
      kvitteringFrist: env.EDI_KVITTERING_FRIST || 'PT4H',
      hentIntervall: env.EDI_HENT_INTERVALL || 'PT30S',
      maksForsok: maksForsok(env.EDI_MAKS_FORSOK),
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    samhandlingOrg: env.SAMHANDLING_ORG || 'HSYK',
    webhook: webhookPolicy(env),
    rateLimitPerMinutt: Number(env.RATE_LIMIT_PER_MINUTT ?? 1200),
    temporalUiOrigin: env.TEMPORAL_UI_ORIGIN || undefined,
    testkrok: {
      holdEtterIdempotensnokkel: env.NODE_ENV === 'production' ? undefined : env.TEST_HOLD_ETTER_IDEMPOTENSNOKKEL || undefined,
      holdEtterEdiAnvendt: env.NODE_ENV === 'production' ? undefined : env.TEST_HOLD_ETTER_EDI_ANVENDT || undefined,
      feilVedEdiAnvend: env.NODE_ENV === 'production' ? undefined : env.TEST_FEIL_VED_EDI_ANVEND || undefined,
    },
  };
}

function maksForsok(tekst: string | undefined): number {
  if (!tekst) return 5;
  const n = Number(tekst);
  if (!Number.isInteger(n) || n < 1) throw new Error(`EDI_MAKS_FORSOK må være et helt tall fra 1, ikke «${tekst}»`);
  return n;
}

function privatNokkel(env: NodeJS.ProcessEnv): Hemmelighet | undefined {
  if (env.HELSEID_PRIVATE_KEY) return new Hemmelighet(env.HELSEID_PRIVATE_KEY);
  if (!env.HELSEID_PRIVATE_KEY_FIL) return undefined;
  try {
    return new Hemmelighet(readFileSync(env.HELSEID_PRIVATE_KEY_FIL, 'utf8'));
  } catch (e) {
    throw new Error(`HELSEID_PRIVATE_KEY_FIL kan ikke leses (${(e as NodeJS.ErrnoException).code ?? 'feil'})`, { cause: e });
  }
}
