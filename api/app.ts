/**
 * The Express application: operations endpoints, documentation, and the resource modules
 * (api/moduler.ts) under /api/v1 behind bearer authentication.
 *
 * Logging: one line per request with method, path (ids only, never the query string),
 * status and duration. Bodies, tokens and fødselsnummer are never logged.
 */
import type { Client } from '@temporalio/client';
import express, { type NextFunction, type Request, type Response } from 'express';
import pino, { type Logger } from 'pino';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { arbeiderRegister } from '../activities/metrikker';
import { registrerTilstandsmetrikker } from './metrikker';
import type { AppConfig } from '../config';
import type { Pool } from '../db/pool';
import { autentisering, lagVerifiserer } from './auth';
import { helseIdAutentisering } from './auth-helseid';
import { nhnKlarSjekk } from '../nhn/klar';
import { kunJson, metodeIkkeTillatt, metodeTabell, rateLimitPerKlient, requestId, sikkerhetshoder } from './herding';
import { API_PREFIKS, type ApiDeps, type Nokler } from './deps';
import { MODULER } from './moduler';
import { codecCors } from './routes/codec';
import { lagOpenApiDokument } from './openapi';
import { installerFeilmeldinger } from './feilmeldinger';
import { feilhandterer, Problem, problemer, sendProblem } from './problem';
import { innloggingRouter, webRouter } from './web';

export type { ApiDeps } from './deps';

export interface AppDeps {
  pool: Pool;
  client: Client;
  config: AppConfig;
  nokler: Nokler;
  /** Defaults to a pino logger at config.logLevel. */
  logger?: Logger;
}

const KLAR_TIDSAVBRUDD_MS = 2000;

function medTidsavbrudd<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, avvis) => {
      t = setTimeout(() => avvis(new Error(`tidsavbrudd etter ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

export function lagApp(deps: AppDeps): express.Express {
  // Every validation answers in bokmål (api/feilmeldinger.ts), whichever schema refused.
  installerFeilmeldinger();
  const logger = deps.logger ?? pino({ level: deps.config.logLevel, base: { tjeneste: 'api' } });
  const api: ApiDeps = { pool: deps.pool, client: deps.client, config: deps.config, nokler: deps.nokler, logger };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestId());
  app.use(sikkerhetshoder());
  app.use(codecCors(deps.config.temporalUiOrigin));

  // --- metrics and request log ---
  const register = new Registry();
  collectDefaultMetrics({ register });
  const varighet = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  // Forløp per status, frist breaches and avvik, read from PostgreSQL at scrape time.
  registrerTilstandsmetrikker(register, deps.pool);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const sek = Number(process.hrtime.bigint() - start) / 1e9;
      // The matched route pattern (ids stay out of the label). After an error the router has
      // already reset req.baseUrl, so the /api/v1 prefix is restored from the URL.
      const rute = req.route?.path ? String(req.route.path) : undefined;
      const route = rute
        ? req.originalUrl.startsWith(`${API_PREFIKS}/`) && !rute.startsWith(API_PREFIKS)
          ? `${API_PREFIKS}${rute}`
          : rute
        : res.statusCode === 404
          ? '(ukjent)'
          : '(ingen rute)';
      varighet.observe({ method: req.method, route, status: String(res.statusCode) }, sek);
      const linje = {
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Math.round(sek * 1000),
        rolle: res.locals.principal?.rolle,
        requestId: res.locals.requestId,
      };
      if (res.statusCode >= 500) logger.error(linje, 'http');
      else logger.info(linje, 'http');
    });
    next();
  });

  // --- operations ---
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const nhnKlar = nhnKlarSjekk(deps.config.nhn);
  app.get('/readyz', async (req, res) => {
    // Norsk helsenett is reported but never makes the engine unready (nhn/klar.ts).
    const nhnSvar = nhnKlar ? medTidsavbrudd(nhnKlar(), KLAR_TIDSAVBRUDD_MS).catch(() => 'utilgjengelig' as const) : undefined;
    const [pg, temporal] = await Promise.allSettled([
      medTidsavbrudd(deps.pool.query('SELECT 1'), KLAR_TIDSAVBRUDD_MS),
      medTidsavbrudd(
        deps.client.connection.withDeadline(Date.now() + KLAR_TIDSAVBRUDD_MS, () => deps.client.workflowService.getSystemInfo({})),
        KLAR_TIDSAVBRUDD_MS + 500,
      ),
    ]);
    const nhn = nhnSvar ? { nhn: await nhnSvar } : {};
    const tilstand = {
      postgres: pg.status === 'fulfilled' ? 'ok' : 'feil',
      temporal: temporal.status === 'fulfilled' ? 'ok' : 'feil',
    };
    if (pg.status === 'fulfilled' && temporal.status === 'fulfilled') {
      res.json({ status: 'klar', ...tilstand, ...nhn });
      return;
    }
    sendProblem(
      res,
      new Problem(
        503,
        'ikke-klar',
        `Ikke klar: ${Object.entries(tilstand)
          .filter(([, v]) => v !== 'ok')
          .map(([k]) => k)
          .join(' og ')} svarer ikke`,
        tilstand,
        { 'Retry-After': '5' },
      ),
      req,
    );
  });

  app.get('/metrics', async (_req, res) => {
    // With the worker in this process, its webhook delivery metrics too (activities/metrikker.ts).
    const arbeider = (await arbeiderRegister.getMetricsAsJSON()).some((m) => m.values.length > 0);
    const tekst = (await register.metrics()) + (arbeider ? `\n${await arbeiderRegister.metrics()}` : '');
    res.type(register.contentType).send(tekst);
  });

  let dokument: ReturnType<typeof lagOpenApiDokument> | undefined;
  const openapi = () => (dokument ??= lagOpenApiDokument(MODULER));
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi());
  });

  // A documented path asked with a method it does not have is 405 with Allow, before any
  // authentication: the open routes (sign-in) answer TRACE as every other route does, not 401.
  let metoder: ReturnType<typeof metodeTabell> | undefined;
  app.use(metodeIkkeTillatt(() => (metoder ??= metodeTabell(openapi().paths as Record<string, Record<string, unknown>>))));

  // --- the web interface and /docs (web/dist) and the interface's open sign-in endpoints ---
  app.use(webRouter(deps.config));
  app.use(API_PREFIKS, innloggingRouter({ pool: deps.pool, config: deps.config, jwtSecret: deps.nokler.jwtSecret }));

  // --- the API ---
  const v1 = express.Router();
  v1.use(kunJson(['/plo/meldinger']));
  // A JSON scalar parses, so the schema can say "must be an object" instead of "invalid JSON".
  v1.use(express.json({ limit: '256kb', strict: false }));
  v1.use(
    deps.config.auth.modus === 'helseid'
      ? helseIdAutentisering(deps.config.auth, deps.pool)
      : autentisering(lagVerifiserer(deps.config.auth, deps.nokler.jwtSecret)),
  );
  v1.use(rateLimitPerKlient({ perMinutt: deps.config.rateLimitPerMinutt }));
  for (const m of MODULER) v1.use(m.router(api));
  app.use(API_PREFIKS, v1);

  // --- unknown routes, and errors ---
  app.use((req, res) => {
    sendProblem(res, problemer.ikkeFunnet(`Ingen ressurs ${req.method} ${req.path}`), req);
  });
  app.use(feilhandterer(logger));

  return app;
}
