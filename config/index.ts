/**
 * Runtime configuration from the environment, read once. Every setting has a development
 * default so `npm start` works on a fresh clone; production sets them explicitly.
 */
import path from 'node:path';
import { webhookPolicy, type WebhookPolicy } from '../activities/webhook-adresse';

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
    /** 'dev': the service is its own issuer (HS256 secret under dataDir). 'oidc': verify against a JWKS. */
    modus: 'dev' | 'oidc';
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
  };
}

/** The test-only variables of `testkrok`: scripts/start.ts refuses them in production. */
export const TESTKROK_VARIABLER = ['TEST_HOLD_ETTER_IDEMPOTENSNOKKEL'] as const;

export function lastKonfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    port: Number(env.PORT ?? 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'utskrivningsforlop',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    pasientNokkel: env.PASIENT_NOKKEL || undefined,
    auth: {
      modus: env.AUTH_MODUS === 'oidc' ? 'oidc' : 'dev',
      issuer: env.AUTH_ISSUER ?? 'urn:utskrivningsforlop:dev',
      audience: env.AUTH_AUDIENCE || undefined,
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      rolleClaim: env.AUTH_ROLLE_CLAIM ?? 'rolle',
      orgClaim: env.AUTH_ORG_CLAIM ?? 'org',
      webKlientId: env.AUTH_WEB_CLIENT_ID || undefined,
      webScope: env.AUTH_WEB_SCOPE ?? 'openid',
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    samhandlingOrg: env.SAMHANDLING_ORG || 'HSYK',
    webhook: webhookPolicy(env),
    rateLimitPerMinutt: Number(env.RATE_LIMIT_PER_MINUTT ?? 1200),
    temporalUiOrigin: env.TEMPORAL_UI_ORIGIN || undefined,
    testkrok: {
      holdEtterIdempotensnokkel: env.NODE_ENV === 'production' ? undefined : env.TEST_HOLD_ETTER_IDEMPOTENSNOKKEL || undefined,
    },
  };
}
