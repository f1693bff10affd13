/**
 * Property-based fuzzing from the OpenAPI document: for every documented API operation, as
 * every rolle, arbitrary bodies (valid-looking hendelser with hostile values, random JSON, and
 * strings with control characters and odd Unicode) and arbitrary query values. The engine must
 * never answer 5xx, every status must be one the document lists for the operation (or 405/413/431,
 * which come before any operation), every refusal must be problem+json, every answer must fit the
 * document's own schema for that operation and status (ajv), and a query value the API refuses
 * must be one the document's parameter schema refuses too. Seeded: a failure prints the seed and
 * the shrunk request to replay. A database of its own: the file writes configuration.
 */
import http from 'node:http';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { lagEgenDatabase, type EgenDatabase } from '../helpers/egen-database';
import { type Principal, type Rolle } from '../../workflows/types';
import { HENDELSE_TYPER } from '../../workflows/hendelser';
import { forlopBody, KT_RANA, RANA, SAMHANDLING, startStack, SYKEHUS, type Stack } from '../helpers/stack';

interface Svar {
  content?: Record<string, { schema?: unknown }>;
}
interface Parameter {
  name: string;
  in: string;
  schema?: unknown;
}
interface Dokument {
  paths: Record<string, Record<string, { responses: Record<string, Svar>; parameters?: Parameter[]; security?: unknown[] }>>;
  components: Record<string, unknown>;
}

let s: Stack;
let db: EgenDatabase | undefined;
let forlopId: string;
let dokument: Dokument;

beforeAll(async () => {
  db = await lagEgenDatabase();
  s = await startStack({ databaseUrl: db.url });
  const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ kartlegging: { inkludert: true } }));
  expect(r.status).toBe(201);
  forlopId = r.body.id;
  dokument = (await fetch(`${s.baseUrl}/openapi.json`).then((x) => x.json())) as Dokument;
}, 120_000);
afterAll(async () => {
  await s?.stopp();
  await db?.drop();
});

// --- the document's own schemas, as a client generated from it reads them ---

const ajv = new Ajv2020({ strict: false, allErrors: false, logger: false });
addFormats(ajv);
/** Query values arrive as text: a client's integer is written out, so the API's is read back. */
const ajvQuery = new Ajv2020({ strict: false, coerceTypes: true, logger: false });
addFormats(ajvQuery);
let dokumentLagtTil = false;

/** A schema of the document, its references pointing into the document (added once as "dok"). */
function kompiler(a: InstanceType<typeof Ajv2020>, schema: unknown): ValidateFunction {
  if (!dokumentLagtTil) {
    for (const x of [ajv, ajvQuery]) x.addSchema({ $id: 'dok', components: dokument.components });
    dokumentLagtTil = true;
  }
  return a.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"dok#/components/')));
}

const validatorer = new Map<string, ValidateFunction | null>();
const JSON_TYPER = /^application\/(problem\+)?json$/;

/**
 * Why an answer does not fit the document (null when it does): its content type must be one the
 * document gives for the operation and status, and a JSON body must fit that type's schema.
 * A status the document cannot list per operation (405, 413, 431) must be a Problem.
 */
function avvikFraDokumentet(metode: string, mal: string, r: { status: number; body: unknown; headers: Headers }): string | null {
  const op = dokument.paths[mal]?.[metode.toLowerCase()];
  const svar = op?.responses[String(r.status)];
  const type = (r.headers.get('content-type') ?? '').split(';')[0].trim();
  const innhold = svar ? svar.content : { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  if (!innhold) return r.body === null || r.body === '' ? null : `a body where the document gives none (${type})`;
  if (!innhold[type]) return `content type ${type || '(none)'}, the document gives ${Object.keys(innhold).join(', ')}`;
  if (!JSON_TYPER.test(type)) return null;
  const nokkel = `${metode} ${mal} ${r.status} ${type}`;
  if (!validatorer.has(nokkel)) validatorer.set(nokkel, innhold[type].schema ? kompiler(ajv, innhold[type].schema) : null);
  const v = validatorer.get(nokkel);
  if (!v || v(r.body)) return null;
  return `body does not fit the document: ${ajv.errorsText(v.errors, { dataVar: 'svar' })}`;
}

/** Whether the document's schema for a query parameter takes this value (as a client would send it). */
function dokumentetTar(metode: string, mal: string, navn: string, verdi: string): boolean {
  const p = dokument.paths[mal][metode.toLowerCase()].parameters?.find((x) => x.in === 'query' && x.name === navn);
  if (!p?.schema) return true;
  const nokkel = `q ${metode} ${mal} ${navn}`;
  // Coercion writes into the parent, so the value is validated inside one.
  if (!validatorer.has(nokkel)) validatorer.set(nokkel, kompiler(ajvQuery, { type: 'object', properties: { v: p.schema } }));
  return validatorer.get(nokkel)!({ v: verdi });
}

const PARTER: Record<Rolle, Principal> = {
  sykehus: SYKEHUS,
  kartleggingsteam: KT_RANA,
  kommune: RANA,
  samhandling: SAMHANDLING,
  admin: { rolle: 'admin', org: '' },
};

/**
 * Statuses a request can meet before any operation is chosen, so the document cannot list them
 * per operation: a method the path lacks (405), a body over the size limit (413), a request
 * line and headers over Node's limit (431, answered by the HTTP parser itself).
 */
const VEGGER = ['405', '413', '431'];

/** Strings that have broken engines: control characters, NUL, surrogates, huge and empty. */
const fiendtligTekst = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\u202e', '\u0007', '', ' ', '1900-01-01T00:00:00+01:00', '9999-12-31', '-1', 'null', '{}'),
  fc.string({ minLength: 4000, maxLength: 5000 }),
);
const fiendtligVerdi: fc.Arbitrary<unknown> = fc.oneof(
  fiendtligTekst,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fiendtligTekst, { maxLength: 3 }),
  fc.dictionary(fiendtligTekst, fiendtligTekst, { maxKeys: 3 }),
);

/** Every hendelse type the API takes (INNLAGT is POST /forlop). */
const TYPER = HENDELSE_TYPER.filter((t) => t !== 'INNLAGT');
const FELT = [
  'tidspunkt',
  'beskrivelse',
  'arsak',
  'antattForlop',
  'forventetUtskrivningsdato',
  'vurdertTidspunkt',
  'vurdering',
  'kanTaImot',
  'forventetKlarDato',
  'tilbud',
  'destinasjon',
  'resultat',
  'hendelseId',
  'pasient',
  'oppholdskommune',
  'sykehus',
  'avdeling',
  'innlagtTidspunkt',
  'antattBehovKommunaleTjenester',
  'kartlegging',
  'forlopId',
  'ansvarlig',
  'status',
  'kommentar',
  'url',
  'typer',
  'belop',
  'payloads',
];

/** A body: mostly an object with the API's own field names and hostile values, sometimes anything at all. */
const kropp = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ type: fc.constantFrom(...TYPER) })
      .chain((t) =>
        fc
          .dictionary(fc.constantFrom(...FELT), fiendtligVerdi, { maxKeys: 6 })
          .map((d) => ({ ...d, ...t, tidspunkt: d.tidspunkt ?? new Date().toISOString() })),
      ),
  },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...FELT), fiendtligVerdi, { maxKeys: 8 }) },
  { weight: 1, arbitrary: fiendtligVerdi },
);

interface Operasjon {
  metode: string;
  mal: string;
  statuser: string[];
  query: string[];
}

function operasjoner(): Operasjon[] {
  return Object.entries(dokument.paths)
    .filter(([sti]) => sti.startsWith('/api/v1/'))
    .flatMap(([mal, ops]) =>
      Object.entries(ops).map(([metode, op]) => ({
        metode: metode.toUpperCase(),
        mal,
        statuser: Object.keys(op.responses),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      })),
    );
}

test('no request from any rolle makes the API answer 5xx, an undocumented status, or a refusal that is not problem+json', async () => {
  const ops = operasjoner();
  expect(ops.length).toBeGreaterThan(15);
  const arb = fc.record({
    op: fc.constantFrom(...ops),
    rolle: fc.constantFrom(...(Object.keys(PARTER) as Rolle[])),
    // A path segment is never empty (an empty one names another route, the list).
    id: fc.oneof(
      fc.constant(forlopId),
      fc.uuid(),
      fiendtligTekst.filter((t) => t.length > 0),
    ),
    body: kropp,
    query: fc.dictionary(fc.string({ maxLength: 12 }), fiendtligTekst, { maxKeys: 3 }),
    kjentQuery: fc.option(fiendtligTekst),
    kjentIndeks: fc.nat(),
  });
  await fc.assert(
    fc.asyncProperty(arb, async ({ op, rolle, id, body, query, kjentQuery, kjentIndeks }) => {
      // (A lone surrogate cannot be percent-encoded; a client sends its UTF-8 replacement.)
      const sti = op.mal.replace(/\{[^}]+\}/g, encodeURIComponent(Buffer.from(id, 'utf8').toString('utf8')));
      const q = new URLSearchParams(query);
      const kjent = op.query.length ? op.query[kjentIndeks % op.query.length] : null;
      if (kjentQuery !== null && kjent) q.set(kjent, kjentQuery);
      const url = `${sti}${q.size ? `?${q}` : ''}`;
      const r = await s.kall(PARTER[rolle], op.metode, url, op.metode === 'GET' || op.metode === 'DELETE' ? undefined : JSON.stringify(body));
      const status = String(r.status);
      if (r.status >= 500) throw new Error(`${op.metode} ${url} as ${rolle} answered ${status}: ${JSON.stringify(r.body).slice(0, 300)}`);
      if (!op.statuser.includes(status) && !VEGGER.includes(status)) {
        throw new Error(`${op.metode} ${op.mal} as ${rolle} answered ${status}, not in ${op.statuser.join(',')}`);
      }
      if (r.status >= 400 && !/application\/problem\+json/.test(r.headers.get('content-type') ?? '')) {
        throw new Error(`${op.metode} ${op.mal} answered ${status} as ${r.headers.get('content-type')}`);
      }
      const avvik = avvikFraDokumentet(op.metode, op.mal, r);
      if (avvik) throw new Error(`${op.metode} ${url} as ${rolle} answered ${status}: ${avvik}`);
      // A query value the API refuses by name, the document must refuse too (an opaque cursor aside:
      // only the API can tell one it did not write).
      if (r.status === 400 && kjentQuery !== null && kjent && kjent !== 'cursor') {
        const felt = `query.${kjent}`;
        const navngitt = (r.body?.errors ?? []).some((e: { felt: string }) => e.felt === felt);
        const sendt = Buffer.from(q.get(kjent)!, 'utf8').toString('utf8');
        if (navngitt && dokumentetTar(op.metode, op.mal, kjent, sendt)) {
          throw new Error(`${op.metode} ${url} as ${rolle}: the API refuses ${felt}=${JSON.stringify(sendt)}, the document takes it`);
        }
      }
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 600), seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
  );
}, 300_000);

test('the kartlegging criteria, seeded by the engine and changed by an admin, read as the document says (av.rolle system)', async () => {
  const admin: Principal = { rolle: 'admin', org: '' };
  const mal = '/api/v1/konfigurasjon/kartlegging';
  const les = await s.kall(admin, 'GET', mal);
  expect(les.status).toBe(200);
  expect(les.body.av).toEqual({ rolle: 'system', org: 'utskrivningsforlop' });
  expect(avvikFraDokumentet('GET', mal, les)).toBeNull();
  const endret = await s.kall(admin, 'PUT', mal, les.body.kriterier);
  expect(endret.status).toBe(200);
  expect(endret.body.tidligere.at(-1).av.rolle).toBe('system');
  expect(avvikFraDokumentet('PUT', mal, endret)).toBeNull();
});

test('every bounded query parameter: the value the API refuses, the document refuses too (limit=0, a sykehus that is no id)', async () => {
  const tilfeller: Array<[string, string, string]> = [
    ['/api/v1/forlop', 'limit', '0'],
    ['/api/v1/forlop', 'limit', '201'],
    ['/api/v1/forlop', 'sykehus', '-HSYK'],
    ['/api/v1/forlop', 'sykehus', ''],
    ['/api/v1/avvik', 'sykehus', 'HSYK MO'],
    ['/api/v1/varsler', 'limit', '1001'],
    ['/api/v1/varsler', 'etter', '-1'],
    ['/api/v1/kartleggingsteam/{id}/arbeidsliste', 'limit', '0'],
    ['/api/v1/rapporter/indikatorer', 'sykehus', '/'],
  ];
  for (const [mal, navn, verdi] of tilfeller) {
    const sti = mal.replace('{id}', 'KT-RANA');
    const r = await s.kall(SAMHANDLING, 'GET', `${sti}?${new URLSearchParams({ [navn]: verdi })}`);
    expect({ mal, navn, verdi, status: r.status, felt: (r.body.errors ?? []).map((e: { felt: string }) => e.felt) }).toMatchObject({
      status: 400,
      felt: expect.arrayContaining([`query.${navn}`]),
    });
    expect({ mal, navn, verdi, dokumentetTar: dokumentetTar('GET', mal, navn, verdi) }).toEqual({ mal, navn, verdi, dokumentetTar: false });
  }
  // …and what it takes, the document takes.
  expect(dokumentetTar('GET', '/api/v1/forlop', 'limit', '1')).toBe(true);
  expect(dokumentetTar('GET', '/api/v1/forlop', 'sykehus', 'HSYK-MO')).toBe(true);
  // A year outside the API's range for døgnpris is outside the document's.
  const ar = dokument.paths['/api/v1/konfigurasjon/dognpris/{ar}'].put.parameters!.find((p) => p.name === 'ar')!.schema;
  expect(ar).toMatchObject({ minimum: 2000, maximum: 2100 });
});

/** A raw request (fetch refuses TRACE), without a token as a client would send to an open route. */
function raa(metode: string, sti: string): Promise<{ status: number; type: string; allow: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${s.baseUrl}${sti}`, { method: metode }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), allow: String(res.headers.allow ?? '') }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('TRACE answers 405 with Allow on every documented path, the open sign-in routes too, token or not', async () => {
  const stier = Object.keys(dokument.paths).map((m) => m.replace(/\{[^}]+\}/g, forlopId));
  expect(stier).toEqual(expect.arrayContaining(['/api/v1/innlogging', '/api/v1/innlogging/utviklingstoken']));
  for (const sti of stier) {
    const r = await raa('TRACE', sti);
    expect({ sti, status: r.status, problem: /application\/problem\+json/.test(r.type), allow: r.allow.length > 0 }).toEqual({
      sti,
      status: 405,
      problem: true,
      allow: true,
    });
  }
});
