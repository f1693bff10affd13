/**
 * The web interface (web/, built by `npm run web:bygg` into web/dist) as the API process serves
 * it, and the two open endpoints it signs in with:
 *
 *   GET  /                                   the application (index.html), with its own CSP
 *   GET  /forlop/{id}, /avvik/{id}, …        the same page at the interface's own addresses
 *                                            (WEB_STIER), so a link or bookmark opens there
 *   GET  /docs                               the API documentation (docs.html: Swagger UI over
 *                                            /openapi.json), under the same CSP
 *   GET  /assets/*                           their scripts and styles (hashed names, cached for good)
 *   GET  /favicon.svg, /favicon.ico          the icon (web/offentlig/favicon.svg), linked by the pages and
 *                                            where a browser asks when a page links none
 *   GET  /api/v1/innlogging                  how to sign in here: dev tokens or OIDC, and the parties
 *   POST /api/v1/innlogging/utviklingstoken  a development token, as `npm run token` prints one
 *                                            (only with AUTH_MODUS=dev and NODE_ENV not production)
 *
 * The interface holds no rule of its own: it asks the API, with the same tokens as every client.
 * Its Content-Security-Policy lets in only its own scripts and styles (no inline script, no eval)
 * and connections to this origin (and to the identity provider's, for OIDC).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../config';
import type { Pool } from '../db/pool';
import { ROLLER } from './principal';
import { utstedDevToken } from './auth';
import { API_PREFIKS } from './deps';
import { kunJson } from './herding';
import { ARK_STIL_KILDE } from './utskrivningsinformasjon/html';
import { problemer, valider } from './problem';
import { jsonInnhold as json, problemSvar as problem, Tidspunkt } from './schemas';

/** The built interface: <repo>/web/dist (from api/ in the sources, or dist/api/ in the image). */
export function webMappe(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'web', 'dist');
    const opp = path.dirname(dir);
    if (opp === dir) return path.resolve(__dirname, '..', 'web', 'dist');
    dir = opp;
  }
}

const opprinnelse = (url: string | undefined): string | null => {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/** The interface's Content-Security-Policy: its own files, this origin, and the identity provider for OIDC. */
export function webCsp(config: AppConfig): string {
  const idp = config.auth.modus === 'oidc' ? opprinnelse(config.auth.issuer) : null;
  const connect = ["'self'", ...(idp ? [idp] : [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    // The patient's sheet opens from a blob in a window of its own, which keeps this policy: its one style by hash.
    `style-src 'self' ${ARK_STIL_KILDE}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    `form-action 'self'${idp ? ` ${idp}` : ''}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The interface's own addresses (web/src/ruter.ts): index.html is served at each, and the
 * interface shows what the address names. Only these: anything else (/api/v1/…) stays the API's.
 */
export const WEB_STIER = ['/forlop', '/forlop/:id', '/avvik', '/avvik/:id', '/kartlegging/:id', '/indikatorer', '/plo', '/ikke-levert'] as const;

/** The icon's file in web/dist (Vite copies web/offentlig there). */
const IKON = 'favicon.svg';

const IKKE_BYGGET = `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Utskrivningsforløp</title></head>
<body><main><h1>Utskrivningsforløp</h1>
<p>Nettgrensesnittet er ikke bygget. Kjør <code>npm run web:bygg</code> (det gjør <code>npm start</code> og <code>npm test</code> selv), og last siden på nytt.</p>
<p>API-dokumentasjonen er på <a href="/docs">/docs</a>.</p></main></body></html>`;

const DOCS_IKKE_BYGGET = `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Utskrivningsforløp – API</title></head>
<body><main><h1>Utskrivningsforløp – API</h1>
<p>Dokumentasjonssiden er ikke bygget. Kjør <code>npm run web:bygg</code>, og last siden på nytt.</p>
<p>Det maskinlesbare dokumentet er på <a href="/openapi.json">/openapi.json</a>.</p></main></body></html>`;

/** GET /, GET /docs and /assets/*: the built pages, or a page that says how to build them. */
export function webRouter(config: AppConfig): Router {
  const r = Router();
  const mappe = webMappe();
  const csp = webCsp(config);
  r.use(
    '/assets',
    express.static(path.join(mappe, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      redirect: false,
      fallthrough: true,
    }),
  );
  // One icon at both names: an SVG under .ico is read by its content type, as browsers do.
  r.get(['/favicon.svg', '/favicon.ico'], (_req: Request, res: Response, next: NextFunction) => {
    res.sendFile(path.join(mappe, IKON), { maxAge: '1d', headers: { 'Content-Type': 'image/svg+xml' } }, (e) => {
      if (e && !res.headersSent) next(); // not built: the 404 of any unknown path
    });
  });
  const side = (fil: string, ikkeBygget: string) => (_req: Request, res: Response) => {
    let html: string;
    try {
      html = fs.readFileSync(path.join(mappe, fil), 'utf8');
    } catch {
      html = ikkeBygget;
    }
    res.type('html').set('Content-Security-Policy', csp).set('Cache-Control', 'no-cache').set('Referrer-Policy', 'no-referrer').send(html);
  };
  r.get(['/', ...WEB_STIER], side('index.html', IKKE_BYGGET));
  r.get('/docs', side('docs.html', DOCS_IKKE_BYGGET));
  return r;
}

// --- sign-in ---

const Part = z.object({ id: z.string(), navn: z.string() });

export const InnloggingSvar = z
  .object({
    modus: z.enum(['dev', 'oidc', 'helseid']).openapi({
      description:
        'dev: tjenesten utsteder tokener selv; oidc: identitetsleverandøren (HelseID); helseid: HelseID-tokener bundet med DPoP (for systemer; webgrensesnittet logger ikke inn)',
    }),
    utviklingstoken: z.boolean().openapi({ description: 'POST /innlogging/utviklingstoken svarer (AUTH_MODUS=dev og ikke produksjon)' }),
    oidc: z
      .object({ issuer: z.string(), klientId: z.string(), scope: z.string() })
      .nullable()
      .openapi({ description: 'Autorisasjonskode med PKCE mot denne utstederen; null når ingen webklient er satt opp (lim inn et token)' }),
    claims: z
      .object({ rolle: z.string(), org: z.string() })
      .openapi({ description: 'Hvilke claims i tokenet som bærer rolle og org (AUTH_ROLLE_CLAIM, AUTH_ORG_CLAIM)' }),
    parter: z.object({
      sykehus: z.array(Part.extend({ kartleggingsteam: z.string().nullable() })),
      kartleggingsteam: z.array(Part.extend({ sykehus: z.string() })),
      kommune: z.array(Part),
      samhandling: z.array(Part),
    }),
  })
  .openapi('Innlogging');
export type InnloggingSvar = z.infer<typeof InnloggingSvar>;

export const UtviklingstokenBody = z
  .strictObject({
    rolle: z.enum(ROLLER),
    org: z.string().max(100).optional().openapi({ description: 'Sykehus-id, team-id, kommunenummer eller samhandlingsavdelingens org; admin har ingen' }),
    timer: z.number().positive().max(24).optional().openapi({ description: 'Gyldighet i timer (standard 8)' }),
  })
  .openapi('UtviklingstokenBody');

export const UtviklingstokenSvar = z
  .object({
    token: z.string(),
    utloper: Tidspunkt,
    rolle: z.enum(ROLLER),
    org: z.string(),
  })
  .openapi('Utviklingstoken');

const devTokenTillatt = (config: AppConfig): boolean => config.auth.modus === 'dev' && process.env.NODE_ENV !== 'production';

async function parter(pool: Pool, config: AppConfig): Promise<InnloggingSvar['parter']> {
  const [sykehus, team, kommuner] = await Promise.all([
    pool.query<{ id: string; navn: string; kartleggingsteam: string | null }>('SELECT id, navn, kartleggingsteam FROM sykehus ORDER BY id'),
    pool.query<{ id: string; navn: string; sykehus: string }>('SELECT id, navn, sykehus FROM kartleggingsteam ORDER BY id'),
    pool.query<{ id: string; navn: string }>('SELECT nummer AS id, navn FROM kommune ORDER BY nummer'),
  ]);
  return {
    sykehus: sykehus.rows,
    kartleggingsteam: team.rows,
    kommune: kommuner.rows,
    samhandling: [{ id: config.samhandlingOrg, navn: 'Samhandlingsavdelingen' }],
  };
}

/** /api/v1/innlogging…: open (before authentication), for the interface's sign-in. */
export function innloggingRouter(deps: { pool: Pool; config: AppConfig; jwtSecret: Uint8Array }): Router {
  const { pool, config } = deps;
  const r = Router();
  r.get('/innlogging', async (_req, res) => {
    const svar: InnloggingSvar = {
      modus: config.auth.modus,
      utviklingstoken: devTokenTillatt(config),
      oidc:
        config.auth.modus === 'oidc' && config.auth.webKlientId
          ? { issuer: config.auth.issuer, klientId: config.auth.webKlientId, scope: config.auth.webScope }
          : null,
      claims: { rolle: config.auth.rolleClaim, org: config.auth.orgClaim },
      parter: await parter(pool, config),
    };
    res.set('Cache-Control', 'no-store').json(svar);
  });
  r.post('/innlogging/utviklingstoken', kunJson(), express.json({ limit: '4kb', strict: false }), async (req, res) => {
    if (!devTokenTillatt(config)) {
      throw problemer.forbudt('Utviklingstokener utstedes bare i utvikling (AUTH_MODUS=dev og NODE_ENV ikke production); logg inn hos identitetsleverandøren');
    }
    const body = valider(UtviklingstokenBody, req.body);
    const org = body.rolle === 'admin' ? '' : (body.org ?? '');
    if (body.rolle !== 'admin') {
      const kjente = (await parter(pool, config))[body.rolle].map((p) => p.id);
      if (!kjente.includes(org)) {
        throw problemer.validering([{ felt: 'org', melding: `ukjent ${body.rolle}: velg en av ${kjente.join(', ')}` }]);
      }
    }
    const timer = body.timer ?? 8;
    const token = await utstedDevToken({ rolle: body.rolle, org }, deps.jwtSecret, config.auth.issuer, timer);
    const svar: z.infer<typeof UtviklingstokenSvar> = {
      token,
      utloper: new Date(Date.now() + timer * 3_600_000).toISOString(),
      rolle: body.rolle,
      org,
    };
    res.set('Cache-Control', 'no-store').json(svar);
  });
  return r;
}

/** The interface's paths in the OpenAPI document (open: no token). */
export function webOpenApi(registry: OpenAPIRegistry): void {
  const apen = { security: [], tags: ['innlogging'] };
  registry.registerPath({
    method: 'get',
    path: '/',
    security: [],
    tags: ['drift'],
    summary: 'Nettgrensesnittet (bokmål) for alle roller',
    responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
  });
  for (const sti of ['/favicon.svg', '/favicon.ico']) {
    registry.registerPath({
      method: 'get',
      path: sti,
      security: [],
      tags: ['drift'],
      summary: 'Nettgrensesnittets ikon (SVG)',
      responses: {
        200: { description: 'Ikonet', content: { 'image/svg+xml': { schema: z.string() } } },
        404: problem('Nettgrensesnittet er ikke bygget'),
      },
    });
  }
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/innlogging`,
    ...apen,
    summary: 'Hvordan man logger inn her',
    description: 'Åpen: innloggingsmåten (utviklingstokener eller OIDC med PKCE mot utstederen) og partene man kan velge i utvikling.',
    responses: { 200: { description: 'Innlogging', content: json(InnloggingSvar) } },
  });
  registry.registerPath({
    method: 'post',
    path: `${API_PREFIKS}/innlogging/utviklingstoken`,
    ...apen,
    summary: 'Et utviklingstoken for en rolle og org (bare i utvikling)',
    description:
      'Som `npm run token`: tjenesten er sin egen utsteder. Svarer 403 med AUTH_MODUS=oidc eller NODE_ENV=production. Tokenet gis i kroppen, aldri i en URL.',
    request: { body: { required: true, content: json(UtviklingstokenBody) } },
    responses: {
      200: { description: 'Tokenet', content: json(UtviklingstokenSvar) },
      400: problem('Ugyldige felt (errors navngir hvert), eller en ukjent org'),
      403: problem('Ikke i utvikling'),
      415: problem('Kroppen er ikke JSON'),
    },
  });
}
