/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests
 * (each module registers its paths), and a small self-contained HTML rendering of it for
 * GET /docs (no CDN, no external assets).
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
    summary: 'Lesbar dokumentasjon (HTML)',
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
    description:
      'JWT med rolle (sykehus | kartleggingsteam | kommune | samhandling | admin) og org. Utvikling: `npm run token -- --rolle kommune --org 1833`.',
  });
  registry.register('Problem', ProblemSchema);
  for (const m of moduler) m.openapi(registry);
  driftsstier(registry);
  webOpenApi(registry);
  return medVeggenesSvar(new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Utskrivningsforløp',
      version: '1.0.0',
      description:
        'Utskrivningsforløp mellom Helgelandssykehuset og kommunene. Feil er application/problem+json (RFC 9457). Tider er ISO 8601 med tidssone; datoer YYYY-MM-DD (Europe/Oslo).',
    },
    security: [{ bearerAuth: [] }],
    tags: [...moduler.map((m) => ({ name: m.navn })), { name: 'innlogging' }, { name: 'drift' }],
  }));
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

// --- HTML ---

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

type Json = Record<string, unknown>;

/** A schema as indented JSON with `$ref`s turned into links to the schema section. */
function skjemaHtml(schema: unknown): string {
  const s = esc(JSON.stringify(schema, null, 2));
  return `<pre>${s.replace(/&quot;#\/components\/schemas\/([A-Za-z0-9_.-]+)&quot;/g, '&quot;<a href="#schema-$1">#/components/schemas/$1</a>&quot;')}</pre>`;
}

function innholdHtml(content: unknown): string {
  if (!content || typeof content !== 'object') return '';
  return Object.entries(content as Json)
    .map(([type, media]) => `<div><code>${esc(type)}</code>${skjemaHtml((media as Json)?.schema ?? {})}</div>`)
    .join('');
}

/** GET /docs: paths, methods, summaries, parameters, bodies, answers and schemas as plain HTML. */
export function docsHtml(doc: OpenApiDokument): string {
  const d = doc as unknown as Json;
  const info = (d.info ?? {}) as Json;
  const paths = (d.paths ?? {}) as Record<string, Record<string, Json>>;
  const schemas = (((d.components ?? {}) as Json).schemas ?? {}) as Json;
  const ops: string[] = [];
  const toc: string[] = [];
  for (const [sti, metoder] of Object.entries(paths)) {
    for (const [metode, op] of Object.entries(metoder)) {
      const anker = `op-${metode}-${sti.replace(/[^A-Za-z0-9]+/g, '-')}`;
      toc.push(`<li><a href="#${anker}"><b>${esc(metode.toUpperCase())}</b> ${esc(sti)}</a> ${esc(op.summary ?? '')}</li>`);
      const params = ((op.parameters ?? []) as Json[])
        .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'ja' : ''}</td><td>${esc(((p.schema as Json)?.description as string) ?? p.description ?? '')}</td><td><code>${esc(JSON.stringify(p.schema ?? {}))}</code></td></tr>`)
        .join('');
      const body = op.requestBody as Json | undefined;
      const svar = Object.entries((op.responses ?? {}) as Record<string, Json>)
        .map(([kode, r]) => `<details><summary><b>${esc(kode)}</b> ${esc(r.description ?? '')}</summary>${innholdHtml(r.content)}</details>`)
        .join('');
      ops.push(`<section id="${anker}"><h3><span class="m ${esc(metode)}">${esc(metode.toUpperCase())}</span> ${esc(sti)}</h3>
<p><b>${esc(op.summary ?? '')}</b></p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params ? `<h4>Parametre</h4><table><tr><th>navn</th><th>i</th><th>påkrevd</th><th>beskrivelse</th><th>skjema</th></tr>${params}</table>` : ''}
${body ? `<h4>Kropp</h4>${innholdHtml(body.content)}` : ''}
<h4>Svar</h4>${svar}</section>`);
    }
  }
  const skjemaer = Object.entries(schemas)
    .map(([navn, s]) => `<section id="schema-${esc(navn)}"><h3>${esc(navn)}</h3>${skjemaHtml(s)}</section>`)
    .join('');
  return `<!doctype html>
<html lang="no"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title ?? 'API')} – API</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
pre{background:#f5f5f5;padding:.6em;overflow:auto;font-size:.85em}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
section{border-top:1px solid #ddd;padding-top:.5em}.m{display:inline-block;min-width:4em;padding:.1em .4em;color:#fff;border-radius:3px;font-size:.8em}
.get{background:#2b6cb0}.post{background:#2f855a}.delete{background:#c53030}.put,.patch{background:#b7791f}
</style></head><body>
<h1>${esc(info.title ?? 'API')} <small>${esc(info.version ?? '')}</small></h1>
<p>${esc(info.description ?? '')}</p><p>Maskinlesbart: <a href="/openapi.json">/openapi.json</a></p>
<h2>Endepunkter</h2><ul>${toc.join('')}</ul>${ops.join('\n')}
<h2>Skjemaer</h2>${skjemaer}
</body></html>`;
}
