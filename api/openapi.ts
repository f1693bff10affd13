/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests
 * (each module registers its paths). GET /docs renders it in the browser (Swagger UI, bundled
 * into web/dist by `npm run web:bygg` and served by api/web.ts).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { ApiModul } from './deps';
import { TILGANG, type Rad } from './tilgang';
import { ProblemSchema } from './schemas';
import { webOpenApi } from './web';

export type OpenApiDokument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const tekst = (description: string) => ({ description, content: { 'text/plain': { schema: z.string() } } });

function driftsstier(registry: OpenAPIRegistry): void {
  const apen = { security: [], tags: ['drift'] };
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    ...apen,
    summary: 'Prosessen lever',
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: z.object({ status: z.string() }) } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    ...apen,
    summary: 'Temporal og PostgreSQL kan nås',
    responses: {
      200: {
        description: 'Klar',
        content: {
          'application/json': {
            schema: z.object({
              status: z.string(),
              postgres: z.string(),
              temporal: z.string(),
              nhn: z
                .enum(['ok', 'utilgjengelig', 'feilkonfigurert'])
                .optional()
                .openapi({ description: 'Norsk helsenett (HelseID og meldingstjeneren), når EDI_URL er satt; gjør aldri tjenesten ikke-klar' }),
            }),
          },
        },
      },
      503: { description: 'Ikke klar', content: { 'application/problem+json': { schema: ProblemSchema } } },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    ...apen,
    summary: 'Prometheus-metrikker',
    responses: { 200: tekst('Prometheus text format') },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    ...apen,
    summary: 'Dette dokumentet',
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: z.object({}).passthrough() } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    ...apen,
    summary: 'Lesbar dokumentasjon (HTML): dette dokumentet vist med Swagger UI',
    responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
  });
}

/** The whole document: every module's paths, the operational endpoints, bearer security. */
export function lagOpenApiDokument(moduler: readonly ApiModul[]): OpenApiDokument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'JWT med rolle (sykehus | kartleggingsteam | kommune | samhandling | admin) og org. Utvikling: `npm run token -- --rolle kommune --org 1833`.',
  });
  registry.register('Problem', ProblemSchema);
  for (const m of moduler) m.openapi(registry);
  driftsstier(registry);
  webOpenApi(registry);
  return medVeggenesSvar(
    nullbareReferanser(
      new OpenApiGeneratorV31(registry.definitions).generateDocument({
        openapi: '3.1.0',
        info: {
          title: 'Utskrivningsforløp',
          version: '1.0.0',
          description:
            'Utskrivningsforløp mellom Helgelandssykehuset og kommunene. Feil er application/problem+json (RFC 9457). Tider er ISO 8601 med tidssone; datoer YYYY-MM-DD (Europe/Oslo).',
        },
        security: [{ bearerAuth: [] }],
        tags: [...moduler.map((m) => ({ name: m.navn })), { name: 'innlogging' }, { name: 'drift' }],
      }),
    ),
  );
}

/**
 * zod-to-openapi writes a nullable reference as `allOf: [{$ref}, {type: ['object', 'null']}]`,
 * which no null fits (the reference must hold too): a client generated from the document would
 * refuse the API's null. Said as it is meant: the reference, or null.
 */
function nullbareReferanser<T>(v: T): T {
  if (Array.isArray(v)) return v.map(nullbareReferanser) as T;
  if (!v || typeof v !== 'object') return v;
  const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nullbareReferanser(x)])) as Record<string, unknown>;
  const allOf = o.allOf as Array<Record<string, unknown>> | undefined;
  if (Array.isArray(allOf) && allOf.length === 2 && typeof allOf[0].$ref === 'string' && Array.isArray(allOf[1].type) && allOf[1].type.includes('null')) {
    const { type: _type, ...resten } = allOf[1];
    const { allOf: _allOf, ...uten } = o;
    return { ...uten, ...resten, anyOf: [allOf[0], { type: 'null' }] } as T;
  }
  return o as T;
}

/**
 * The answers every operation can get from the API's walls, added where a module did not list
 * them: 403 where the authorization table (api/tilgang.ts) keeps a rolle out, 429 from the
 * rate limit, 415 for a body that is not JSON, 503 while PostgreSQL (or Temporal) is away. So the
 * document names every status the API gives.
 */
function medVeggenesSvar(doc: OpenApiDokument): OpenApiDokument {
  const problemSvar = (description: string) => ({
    description,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  });
  const paths = (doc.paths ?? {}) as Record<string, Record<string, { responses?: Record<string, unknown>; requestBody?: unknown }>>;
  for (const [sti, operasjoner] of Object.entries(paths)) {
    for (const [metode, op] of Object.entries(operasjoner)) {
      const rad: Rad | undefined = (TILGANG as Record<string, Rad>)[`${metode.toUpperCase()} ${sti}`];
      if (!rad || rad === 'apen' || !op.responses) continue;
      if (Object.values(rad).includes('nei')) op.responses['403'] ??= problemSvar('Rollen har ikke tilgang til denne ressursen');
      op.responses['429'] ??= problemSvar('For mange forespørsler fra klienten; prøv igjen etter Retry-After');
      if (op.requestBody) op.responses['415'] ??= problemSvar('Kroppen er ikke JSON');
      op.responses['503'] ??= problemSvar('Databasen eller arbeidsflytmotoren svarer ikke; prøv igjen etter Retry-After');
    }
  }
  return doc;
}
