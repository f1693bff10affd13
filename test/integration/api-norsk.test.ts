/**
 * Every operation of the served OpenAPI document refuses broken input in bokmål: a broken body
 * (missing fields, every field of the wrong type with an unknown one beside them, a bare
 * string), broken query parameters and broken path parameters, each sent by a rolle the access
 * table lets in. Each answer must be a 4xx application/problem+json with no zod default in
 * English. The operations are read from /openapi.json, so a new one is covered without editing
 * this file.
 */
import { TILGANG, type Rad } from '../../api/tilgang';
import type { Principal, Rolle } from '../../workflows/types';
import { forlopBody, KT_RANA, RANA, SAMHANDLING, startStack, SYKEHUS, type Stack } from '../helpers/stack';

let s: Stack;
let forlopId: string;

beforeAll(async () => {
  s = await startStack();
  const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody());
  expect(r.status).toBe(201);
  forlopId = r.body.id;
});
afterAll(async () => {
  await s?.stopp();
});

const PRINCIPAL: Record<Rolle, Principal> = {
  sykehus: SYKEHUS,
  kartleggingsteam: KT_RANA,
  kommune: RANA,
  samhandling: SAMHANDLING,
  admin: { rolle: 'admin', org: '' },
};

/** zod's English defaults and its type names, which no answer may carry. */
const ENGELSK =
  /Invalid|[Ee]xpected|[Rr]eceived|Required|Unrecognized|Too (small|big)|must (be|have|contain)|\b(string|undefined|nan)\b|invalid_type|too_small/;

type Skjema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Skjema>;
  required?: string[];
  oneOf?: Skjema[];
  anyOf?: Skjema[];
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Skjema;
  example?: unknown;
}
interface Operasjon {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Skjema }> };
}
interface Dokument {
  paths: Record<string, Record<string, Operasjon>>;
  components: { schemas: Record<string, Skjema> };
}

let dok: Dokument;
beforeAll(async () => {
  dok = (await (await fetch(`${s.baseUrl}/openapi.json`)).json()) as Dokument;
});

const los = (sk: Skjema | undefined): Skjema => (sk?.$ref ? los(dok.components.schemas[sk.$ref.split('/').pop()!]) : (sk ?? {}));
const typer = (sk: Skjema): string[] => (Array.isArray(sk.type) ? sk.type : sk.type ? [sk.type] : []);

/** A value of the wrong type for the schema. */
function feilVerdi(sk: Skjema): unknown {
  const t = typer(los(sk));
  if (t.includes('string')) return 12345;
  if (t.includes('integer') || t.includes('number')) return 'mange';
  if (t.includes('boolean')) return 'kanskje';
  if (t.includes('array')) return 'ikke en liste';
  if (t.includes('object')) return 'ikke et objekt';
  return { ikke: 'dette' };
}

/** A query value the parameter cannot take: a word for a number, a date or an id; an unknown value for a choice. */
function feilQuery(p: Parameter): string {
  const sk = los(p.schema);
  if (sk.enum) return 'finnes_ikke';
  if (typer(sk).some((t) => t === 'integer' || t === 'number')) return 'mange';
  if (typer(sk).includes('boolean')) return 'kanskje';
  return '!ugyldig verdi!';
}

/** A path value the route may find: the fixture forløp for an id, the parameter's example, else the caller's org. */
function stiVerdi(p: Parameter, av: Principal): string {
  const sk = los(p.schema);
  if (sk.format === 'uuid') return forlopId;
  const eksempel = p.example ?? (sk as { example?: unknown }).example;
  return encodeURIComponent(String(eksempel ?? av.org));
}

const METODER = ['get', 'put', 'post', 'delete', 'patch'];

interface Sak {
  navn: string;
  metode: string;
  sti: string;
  av: Principal;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The broken requests for one operation. */
function saker(sti: string, metode: string, op: Operasjon): Sak[] {
  const rute = `${metode.toUpperCase()} ${sti}`;
  const rad = (TILGANG as Record<string, Rad>)[rute];
  if (rad === undefined) throw new Error(`${rute} has no row in api/tilgang.ts`);
  const rolle = rad === 'apen' ? 'samhandling' : (Object.keys(PRINCIPAL) as Rolle[]).find((r) => rad[r] !== 'nei');
  if (!rolle) throw new Error(`${rute}: no rolle may call it`);
  const av = PRINCIPAL[rolle];
  const params = op.parameters ?? [];
  const stiParams = params.filter((p) => p.in === 'path');
  const fyll = (verdi: (p: Parameter) => string) => stiParams.reduce((u, p) => u.replace(`{${p.name}}`, verdi(p)), sti);
  const gyldigSti = fyll((p) => stiVerdi(p, av));
  const ut: Sak[] = [];

  if (stiParams.length > 0) ut.push({ navn: 'path', metode, sti: fyll(() => encodeURIComponent('ikke gyldig æ')), av, body: op.requestBody ? {} : undefined });

  const query = params.filter((p) => p.in === 'query');
  if (query.length > 0) {
    const q = new URLSearchParams(query.map((p): [string, string] => [p.name, feilQuery(p)]));
    ut.push({ navn: 'query', metode, sti: `${gyldigSti}?${q}`, av });
  }

  const innhold = op.requestBody?.content ?? {};
  if (innhold['application/json']) {
    const sk = los(innhold['application/json'].schema);
    const felt = Object.fromEntries(Object.entries(sk.properties ?? {}).map(([k, v]) => [k, feilVerdi(v)]));
    // An empty body is broken only where a field is required (a PUT of optional overrides takes it, and would change them).
    if (sk.required?.length || sk.oneOf || sk.anyOf) ut.push({ navn: 'body {}', metode, sti: gyldigSti, av, body: {} });
    ut.push({ navn: 'body of wrong types', metode, sti: gyldigSti, av, body: { ...felt, type: 'FINNES_IKKE', ukjentFelt: true } });
    ut.push({ navn: 'body a bare string', metode, sti: gyldigSti, av, body: JSON.stringify('bare tekst') });
  } else if (Object.keys(innhold).length > 0) {
    const type = Object.keys(innhold)[0];
    ut.push({ navn: `body not ${type}`, metode, sti: gyldigSti, av, body: '<ikke ferdig', headers: { 'content-type': type } });
  }
  return ut;
}

test('every operation answers broken input with a 4xx problem in bokmål', async () => {
  const alle = Object.entries(dok.paths).flatMap(([sti, ops]) =>
    Object.entries(ops)
      .filter(([m]) => METODER.includes(m))
      .flatMap(([m, op]) => saker(sti, m, op)),
  );
  const operasjoner = new Set(alle.map((x) => `${x.metode} ${x.sti.split('?')[0]}`));
  // Every operation with something to break is exercised; the document has more than 30 of them.
  expect(operasjoner.size).toBeGreaterThan(25);

  const feil: string[] = [];
  for (const x of alle) {
    const r = await s.kall(x.av, x.metode.toUpperCase(), x.sti, x.body, x.headers);
    const hva = `${x.metode.toUpperCase()} ${x.sti} (${x.navn}, ${x.av.rolle})`;
    const tekst = JSON.stringify(r.body);
    if (r.status < 400 || r.status > 499) feil.push(`${hva}: ${r.status} ${tekst.slice(0, 300)}`);
    else if (!String(r.headers.get('content-type')).startsWith('application/problem+json')) feil.push(`${hva}: ${r.headers.get('content-type')}`);
    else if (ENGELSK.test(tekst)) feil.push(`${hva}: ${tekst.slice(0, 600)}`);
    else if (r.status === 400 && r.body.type.endsWith('/validering') && !(r.body.errors?.length > 0)) feil.push(`${hva}: a validation problem names no field`);
  }
  expect(feil).toEqual([]);
});
