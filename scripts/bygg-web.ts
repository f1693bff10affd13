/**
 * Builds the web interface (web/) into web/dist, which the API serves at / (api/web.ts):
 *
 *   1. web/src/generert/api.d.ts: TypeScript types generated (openapi-typescript) from the
 *      OpenAPI document the API serves, made by the same function (lagOpenApiDokument), so the
 *      interface is type-checked against the contract as it is now;
 *      and web/src/generert/hendelser.ts: each hendelse type's words (the hendelse catalogue,
 *      workflows/hendelser/), so the forms and code tables name a type as the engine does;
 *   2. `tsc -p web` type-checks the interface: a moved contract breaks the build here, not in
 *      front of a nurse;
 *   3. Vite bundles it, and the API documentation page /docs (Swagger UI over /openapi.json),
 *      into web/dist (no CDN; everything under web/dist/assets).
 *
 * Steps 2–3 are skipped when nothing they read changed since the last build (a hash of the
 * inputs, the generated types included, in web/dist/.bygg). `npm start`, `npm test` and
 * `.ci/run` run it; `--tving` builds anyway.
 *
 *   npm run web:bygg [-- --tving]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MODULER } from '../api/moduler';
import { lagOpenApiDokument } from '../api/openapi';
import { HENDELSE_TYPER, oppforing } from '../workflows/hendelser';

const ROT = path.resolve(__dirname, '..');
const WEB = path.join(ROT, 'web');
const DIST = path.join(WEB, 'dist');
const GENERERT = path.join(WEB, 'src', 'generert', 'api.d.ts');
const GENERERT_HENDELSER = path.join(WEB, 'src', 'generert', 'hendelser.ts');
const HASH_FIL = path.join(DIST, '.bygg');
const BIN = path.join(ROT, 'node_modules', '.bin');

const logg = (m: string) => process.stderr.write(`[web:bygg] ${m}\n`);

function filer(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filer(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** Everything the type check and the bundle read, the generated types included. */
function inndataHash(): string {
  const h = createHash('sha256');
  const inn = [
    ...filer(path.join(WEB, 'src')),
    ...filer(path.join(WEB, 'offentlig')),
    path.join(WEB, 'index.html'),
    path.join(WEB, 'docs.html'),
    path.join(WEB, 'vite.config.mts'),
    path.join(WEB, 'tsconfig.json'),
    path.join(ROT, 'package-lock.json'),
  ];
  for (const f of inn) {
    h.update(path.relative(ROT, f)).update('\0');
    if (fs.existsSync(f)) h.update(fs.readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

/** Writes the file only when its content changes (keeps the hash and editors calm). */
function skrivHvisEndret(fil: string, innhold: string): boolean {
  if (fs.existsSync(fil) && fs.readFileSync(fil, 'utf8') === innhold) return false;
  fs.mkdirSync(path.dirname(fil), { recursive: true });
  fs.writeFileSync(fil, innhold);
  return true;
}

/**
 * zod-to-openapi writes a nullable or described reference as `allOf: [{$ref}, {type: [object, null]}]`
 * (or `allOf: [{$ref}, {description}]`), which openapi-typescript turns into an intersection no
 * value fits. For the types only, say what it means: the reference, or null.
 */
function utenAllOfOmReferanser(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(utenAllOfOmReferanser);
  if (!v || typeof v !== 'object') return v;
  const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, utenAllOfOmReferanser(x)])) as Record<string, unknown>;
  const allOf = o.allOf as Array<Record<string, unknown>> | undefined;
  if (Array.isArray(allOf) && allOf.length === 2 && typeof allOf[0].$ref === 'string' && !('$ref' in allOf[1])) {
    const { type, ...resten } = allOf[1];
    const { allOf: _, ...uten } = o;
    const nullbar = Array.isArray(type) && type.includes('null');
    return nullbar ? { ...uten, ...resten, anyOf: [allOf[0], { type: 'null' }] } : { ...uten, ...resten, $ref: allOf[0].$ref };
  }
  return o;
}

async function genererTyper(): Promise<void> {
  const dokument = utenAllOfOmReferanser(lagOpenApiDokument(MODULER));
  // openapi-typescript is ESM-only.
  const { default: openapiTS, astToString } = (await import('openapi-typescript')) as typeof import('openapi-typescript');
  const ast = await openapiTS(dokument as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true });
  const tekst = `/* Generert av scripts/bygg-web.ts fra API-ets OpenAPI-dokument (lagOpenApiDokument). Ikke rediger. */\n${astToString(ast)}`;
  if (skrivHvisEndret(GENERERT, tekst)) logg(`wrote ${path.relative(ROT, GENERERT)} from the OpenAPI document`);
}

/** The catalogue's words per hendelse type, typed by the contract (a type it lacks fails the web build). */
function genererHendelser(): void {
  const ord = Object.fromEntries(HENDELSE_TYPER.map((t) => [t, { navn: oppforing(t).ord.navn, beskrivelse: oppforing(t).ord.beskrivelse }]));
  const tekst =
    `/* Generert av scripts/bygg-web.ts fra hendelsekatalogen (workflows/hendelser/). Ikke rediger. */\n` +
    `import type { components } from './api';\n\n` +
    `/** Each hendelse type's name and description, in bokmål. */\n` +
    `export const HENDELSE_ORD: Record<components['schemas']['HendelseRegistrert']['type'], { navn: string; beskrivelse: string }> = ${JSON.stringify(ord, null, 2)};\n`;
  if (skrivHvisEndret(GENERERT_HENDELSER, tekst)) logg(`wrote ${path.relative(ROT, GENERERT_HENDELSER)} from the hendelse catalogue`);
}

function kjor(bin: string, args: string[], cwd = ROT): void {
  const r = spawnSync(path.join(BIN, bin), args, { cwd, stdio: 'inherit', env: process.env });
  if (r.error) throw new Error(`${bin}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (exit ${r.status})`);
}

async function main(): Promise<void> {
  const tving = process.argv.includes('--tving');
  const t0 = Date.now();
  await genererTyper();
  genererHendelser();
  const hash = inndataHash();
  const forrige = fs.existsSync(HASH_FIL) ? fs.readFileSync(HASH_FIL, 'utf8').trim() : '';
  if (!tving && forrige === hash && fs.existsSync(path.join(DIST, 'index.html'))) {
    logg('web/dist is up to date');
    return;
  }
  logg('type-checking web/ against the generated API types ...');
  kjor('tsc', ['-p', path.join('web', 'tsconfig.json')]);
  logg('bundling with Vite ...');
  kjor('vite', ['build', '--logLevel', 'warn', 'web']);
  fs.writeFileSync(HASH_FIL, `${hash}\n`);
  logg(`built web/dist in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  logg(`failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
