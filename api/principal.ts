/**
 * The authenticated caller of a request, `{ rolle, org }`, and role checks. Set by the
 * authentication middleware (api/auth.ts); kept apart from it so routers and unit tests do
 * not load jose.
 */
import type { RequestHandler, Response } from 'express';
import type { Principal, Rolle } from '../workflows/types';
import { problemer } from './problem';

export const ROLLER = ['sykehus', 'kartleggingsteam', 'kommune', 'samhandling', 'admin'] as const satisfies readonly Rolle[];

export const erRolle = (v: unknown): v is Rolle => typeof v === 'string' && (ROLLER as readonly string[]).includes(v);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by `autentisering` (api/auth.ts) for every request under /api/v1. */
      principal?: Principal;
    }
  }
}

/** The authenticated principal of this request (after `autentisering`). */
export function hentPrincipal(res: Response): Principal {
  const p = res.locals.principal;
  if (!p) throw problemer.ikkeAutentisert();
  return p;
}

/** Middleware: 403 unless the principal has one of `roller`. */
export function krevRolle(...roller: Rolle[]): RequestHandler {
  return (_req, res, next) => {
    const p = hentPrincipal(res);
    if (!roller.includes(p.rolle)) {
      next(problemer.forbudt(`Rollen ${p.rolle} har ikke tilgang; krever ${roller.join(' eller ')}`));
      return;
    }
    next();
  };
}
