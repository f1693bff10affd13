/**
 * What every router gets, and the shape of one API resource module.
 *
 * To add a resource (avvik, varsler, webhooks, rapporter, konfigurasjon): write
 * `api/routes/<navn>.ts` exporting an `ApiModul` (see `api/routes/forlop.ts`):
 *   - `router(deps)`: an express.Router with paths relative to /api/v1 (e.g. '/avvik/:id');
 *     it runs after authentication, so `hentPrincipal(res)` is the caller; validate with
 *     `valider(schema, req.body)`; throw `problemer.*` for errors;
 *   - `openapi(registry)`: `registry.registerPath(...)` for each path, with `API_PREFIKS` and the
 *     same zod schemas the router validates with (in api/schemas.ts or the module itself);
 * then add it to the list in `api/moduler.ts`. Nothing else needs to change.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Client } from '@temporalio/client';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import type { Pool } from '../db/pool';

export const API_PREFIKS = '/api/v1';

export interface Nokler {
  pasientNokkel: Buffer;
  /** Keys the current pasient key replaced: still read (config/nokler.ts). */
  tidligerePasientNokler?: readonly Buffer[];
  jwtSecret: Uint8Array;
}

/** The current pasient key first, then those it replaced: what decrypts a stored fødselsnummer. */
export const pasientNokler = (n: Nokler): readonly Buffer[] => [n.pasientNokkel, ...(n.tidligerePasientNokler ?? [])];

export interface ApiDeps {
  pool: Pool;
  client: Client;
  config: AppConfig;
  nokler: Nokler;
  logger: Logger;
}

export interface ApiModul {
  /** Short name, also the OpenAPI tag. */
  navn: string;
  router(deps: ApiDeps): Router;
  openapi(registry: OpenAPIRegistry): void;
}
