/**
 * Property-based fuzzing from the OpenAPI document: for every documented API operation, as
 * every rolle, arbitrary bodies (valid-looking hendelser with hostile values, random JSON, and
 * strings with control characters and odd Unicode) and arbitrary query values. The engine must
 * never answer 5xx, every status must be one the document lists for the operation (or 405/413/431,
 * which come before any operation), and every refusal must be problem+json. Seeded: a failure
 * prints the seed and the shrunk request to replay.
 */
import fc from 'fast-check';
import { type Principal, type Rolle } from '../../workflows/types';
import { HENDELSE_TYPER } from '../../workflows/hendelser';
import { forlopBody, KT_RANA, RANA, SAMHANDLING, startStack, SYKEHUS, type Stack } from '../helpers/stack';

let s: Stack;
let forlopId: string;
let dokument: { paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: Array<{ name: string; in: string }> }>> };

beforeAll(async () => {
  s = await startStack();
  const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ kartlegging: { inkludert: true } }));
  expect(r.status).toBe(201);
  forlopId = r.body.id;
  dokument = (await fetch(`${s.baseUrl}/openapi.json`).then((x) => x.json())) as typeof dokument;
});
afterAll(async () => {
  await s?.stopp();
});

const PARTER: Record<Rolle, Principal> = { sykehus: SYKEHUS, kartleggingsteam: KT_RANA, kommune: RANA, samhandling: SAMHANDLING, admin: { rolle: 'admin', org: '' } };

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
  'tidspunkt', 'beskrivelse', 'arsak', 'antattForlop', 'forventetUtskrivningsdato', 'vurdertTidspunkt', 'vurdering',
  'kanTaImot', 'forventetKlarDato', 'tilbud', 'destinasjon', 'resultat', 'hendelseId', 'pasient', 'oppholdskommune',
  'sykehus', 'avdeling', 'innlagtTidspunkt', 'antattBehovKommunaleTjenester', 'kartlegging', 'forlopId', 'ansvarlig',
  'status', 'kommentar', 'url', 'typer', 'belop', 'payloads',
];

/** A body: mostly an object with the API's own field names and hostile values, sometimes anything at all. */
const kropp = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constantFrom(...TYPER) }).chain((t) =>
    fc.dictionary(fc.constantFrom(...FELT), fiendtligVerdi, { maxKeys: 6 }).map((d) => ({ ...d, ...t, tidspunkt: d.tidspunkt ?? new Date().toISOString() })),
  ) },
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
    id: fc.oneof(fc.constant(forlopId), fc.uuid(), fiendtligTekst.filter((t) => t.length > 0)),
    body: kropp,
    query: fc.dictionary(fc.string({ maxLength: 12 }), fiendtligTekst, { maxKeys: 3 }),
    kjentQuery: fc.option(fiendtligTekst),
  });
  await fc.assert(
    fc.asyncProperty(arb, async ({ op, rolle, id, body, query, kjentQuery }) => {
      // (A lone surrogate cannot be percent-encoded; a client sends its UTF-8 replacement.)
      const sti = op.mal.replace(/\{[^}]+\}/g, encodeURIComponent(Buffer.from(id, 'utf8').toString('utf8')));
      const q = new URLSearchParams(query);
      if (kjentQuery !== null && op.query.length) q.set(op.query[0], kjentQuery);
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
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 600), seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
  );
}, 300_000);
