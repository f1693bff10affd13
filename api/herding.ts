/**
 * The API's outer walls, each a middleware or server hook: request ids, security headers
 * (helmet), a rate limit per client (express-rate-limit), 415 for a body that is not JSON, 405
 * with Allow for a method a path does not have, and problem+json for what Node's HTTP parser
 * refuses before Express sees it (431, 400). Nothing here logs a body, a query or a token.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { Problem, problemUri, PROBLEM_CONTENT_TYPE, PROBLEM_TYPER, sendProblem } from './problem';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The request's id: the caller's `x-request-id` when it is a sane token, else a new UUID. */
      requestId?: string;
    }
  }
}

const SANN_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Every answer carries `x-request-id`, and so does the request's log line and any problem body. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const gitt = req.get('x-request-id');
    const id = gitt && SANN_ID.test(gitt) ? gitt : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    next();
  };
}

/** Security headers. The API answers JSON; the pages (/ and /docs, api/web.ts) set their own Content-Security-Policy. */
export function sikkerhetshoder(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
}

export interface RateLimitValg {
  /** Requests per client per minute; 0 turns the limit off. */
  perMinutt: number;
}

/**
 * A limit per client: per authenticated principal (rolle and org) behind the authentication,
 * so one system's flood does not starve the others. 429 with Retry-After, as problem+json.
 */
export function rateLimitPerKlient(valg: RateLimitValg): RequestHandler {
  if (valg.perMinutt <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: valg.perMinutt,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => {
      const p = res.locals.principal;
      return p ? `${p.rolle}:${p.org}` : 'uautentisert';
    },
    handler: (req, res, _next, opts) => {
      const tilbakestilles = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const sek = tilbakestilles ? Math.max(1, Math.ceil((tilbakestilles.getTime() - Date.now()) / 1000)) : 60;
      sendProblem(
        res,
        new Problem(
          opts.statusCode,
          'for-mange',
          `Mer enn ${valg.perMinutt} forespørsler i minuttet; prøv igjen om ${sek} s`,
          {},
          {
            'Retry-After': String(sek),
          },
        ),
        req,
      );
    },
  });
}

/**
 * 415 for a request that has a body which is not JSON (a request without a body passes); the paths
 * in `ogsaXml` (PLO messages) take XML too, parsed by their own router behind authentication.
 */
export function kunJson(ogsaXml: readonly string[] = []): RequestHandler {
  return (req, _res, next) => {
    if (ogsaXml.includes(req.path) && req.is(['application/xml', 'text/xml'])) {
      next();
      return;
    }
    // `req.is` is null without a body, false for a body of another type; an empty body is no type at all.
    if (req.get('content-length') !== '0' && req.is(['application/json', 'application/*+json']) === false) {
      next(new Problem(415, 'ikke-stottet-medietype', 'Kroppen må være JSON (Content-Type: application/json)'));
      return;
    }
    next();
  };
}

/** The methods of each documented path, as a matcher (paths from the OpenAPI document, so one source). */
export function metodeTabell(stier: Record<string, Record<string, unknown>>): (sti: string) => string[] | null {
  const tabell = Object.entries(stier).map(([mal, operasjoner]) => ({
    re: new RegExp(`^${mal.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    metoder: Object.keys(operasjoner)
      .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
      .map((m) => m.toUpperCase()),
  }));
  return (sti) => {
    const treff = tabell.filter((t) => t.re.test(sti)).flatMap((t) => t.metoder);
    if (treff.length === 0) return null;
    const metoder = new Set(treff);
    if (metoder.has('GET')) metoder.add('HEAD');
    return [...metoder].sort();
  };
}

/** Before the routes and authentication: a documented path asked with a method it does not have is 405 with Allow. */
export function metodeIkkeTillatt(metoder: () => (sti: string) => string[] | null): RequestHandler {
  return (req, _res, next) => {
    const tillatte = metoder()(req.path);
    if (tillatte && !tillatte.includes(req.method)) {
      next(new Problem(405, 'metode-ikke-tillatt', `${req.method} er ikke tillatt for ${req.path}`, {}, { Allow: tillatte.join(', ') }));
      return;
    }
    next();
  };
}

/**
 * The API's HTTP server as every caller gets it: what the parser refuses answered as problem+json,
 * and idle keep-alive connections held longer than a client's (Node's 5 s is shorter than many
 * clients' and proxies': a client sending on a socket the server is closing gets ECONNRESET,
 * which a loaded machine makes likely).
 */
export function settOppServer(server: Server): void {
  problemForKlientfeil(server);
  server.keepAliveTimeout = 65_000;
  // Node requires headersTimeout above keepAliveTimeout, or a slow request's headers race the idle close.
  server.headersTimeout = 66_000;
}

/**
 * What Node's HTTP parser refuses never reaches Express: answer it as problem+json too, then
 * close the connection (the parser cannot read on from a broken request).
 */
function problemForKlientfeil(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const [status, type, detail] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? ([431, 'for-store-hoder', 'Forespørselens hoder er for store'] as const)
        : ([400, 'ugyldig-foresporsel', 'Forespørselen kunne ikke leses som HTTP'] as const);
    const body = JSON.stringify({ type: problemUri(type), title: PROBLEM_TYPER[type], status, detail });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
