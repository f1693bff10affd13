/**
 * The API as the interface calls it: openapi-fetch typed by the types generated from the served
 * OpenAPI document (web/src/generert/api.d.ts, made by scripts/bygg-web.ts), so a call that no
 * longer fits the contract fails the build. The token lives in sessionStorage (never in a URL);
 * a refusal becomes an `ApiFeil` whose text says in words what the API said.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './generert/api';
import { hendelseNavn } from './tekster';

export type Skjema = components['schemas'];
export type Forlop = Skjema['Forlop'];
export type ForlopSammendrag = Skjema['ForlopSammendrag'];
export type Frist = Skjema['Frist'];
export type HendelseBody = Skjema['Hendelse'];
export type HendelseType = HendelseBody['type'];
export type Avvik = Skjema['Avvik'];
export type Varsel = Skjema['Varsel'];
export type Innlogging = Skjema['Innlogging'];
export type Rolle = Skjema['UtviklingstokenBody']['rolle'];
export type ForlopStatus = Forlop['status'];

export interface Okt {
  token: string;
  rolle: Rolle;
  org: string;
  utloper: string | null;
}

const OKT_NOKKEL = 'utskrivningsforlop.okt';

export function hentOkt(): Okt | null {
  try {
    const s = sessionStorage.getItem(OKT_NOKKEL);
    if (!s) return null;
    const o = JSON.parse(s) as Okt;
    if (o.utloper && Date.parse(o.utloper) <= Date.now()) {
      sessionStorage.removeItem(OKT_NOKKEL);
      return null;
    }
    return o;
  } catch {
    return null;
  }
}

export function lagreOkt(o: Okt | null): void {
  if (o) sessionStorage.setItem(OKT_NOKKEL, JSON.stringify(o));
  else sessionStorage.removeItem(OKT_NOKKEL);
}

/** Called when the API says the token is no longer valid (401). */
let vedUtlogging: (grunn: string) => void = () => undefined;
export function nårUtlogget(fn: (grunn: string) => void): void {
  vedUtlogging = fn;
}

const medToken: Middleware = {
  onRequest({ request }) {
    const o = hentOkt();
    if (o) request.headers.set('authorization', `Bearer ${o.token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && hentOkt()) vedUtlogging('Innloggingen er utløpt eller ikke lenger gyldig. Logg inn på nytt.');
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(medToken);

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Array<{ felt: string; melding: string }>;
  tillatte?: string[];
  forlopStatus?: string;
}

/** An answer the API refused, with its problem+json, told in words. */
export class ApiFeil extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problemTekst(status, problem));
  }
}

const STATUS_TEKST: Record<number, string> = {
  400: 'Noen felt er ikke gyldige',
  401: 'Du er ikke innlogget',
  403: 'Rollen din har ikke lov til dette',
  404: 'Finnes ikke (eller er utenfor det du har tilgang til)',
  409: 'Forløpets tilstand tillater ikke dette nå',
  422: 'Hendelsen stemmer ikke med forløpet',
  429: 'For mange forespørsler; vent litt og prøv igjen',
  503: 'Tjenesten svarer ikke akkurat nå; prøv igjen om litt',
};

/** The problem in words: what went wrong, each bad field, and for a 409 what the forløp allows now. */
export function problemTekst(status: number, p: Problem): string {
  const deler = [p.detail || p.title || STATUS_TEKST[status] || `Feil fra tjenesten (${status})`];
  if (p.errors?.length) deler.push(p.errors.map((e) => `${e.felt}: ${e.melding}`).join('; '));
  if (status === 409 && Array.isArray(p.tillatte)) {
    deler.push(
      p.tillatte.length ? `Det som kan registreres nå: ${p.tillatte.map((t) => hendelseNavn(t)).join(', ')}.` : 'Forløpet tar ikke imot flere hendelser.',
    );
  }
  return deler.join(' — ');
}

/** The data of an answer, or an ApiFeil. */
export function krev<T>(svar: { data?: T; error?: unknown; response: Response }): T {
  if (svar.error !== undefined || !svar.response.ok) {
    throw new ApiFeil(svar.response.status, (svar.error ?? {}) as Problem);
  }
  return svar.data as T;
}

/** Like `krev`, for an operation that also answers CSV: the JSON. */
export function krevJson<T>(svar: { data?: T; error?: unknown; response: Response }): Exclude<T, string> {
  const data = krev(svar);
  if (typeof data === 'string') throw new ApiFeil(svar.response.status, { detail: 'Svaret var ikke JSON' });
  return data as Exclude<T, string>;
}

export function feilTekst(e: unknown): string {
  if (e instanceof ApiFeil) return e.message;
  if (e instanceof TypeError) return 'Får ikke kontakt med tjenesten. Sjekk nettverket og prøv igjen.';
  return e instanceof Error ? e.message : String(e);
}

/**
 * A CSV answer (Accept: text/csv) saved as a file: the same query as the JSON, so the file is what
 * the screen shows.
 */
export async function lastNedCsv(
  sti: keyof paths & `/api/v1/${'avvik' | 'rapporter/indikatorer' | 'rapporter/overliggerdogn'}`,
  query: Record<string, string | undefined>,
  filnavn: string,
): Promise<void> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, v);
  const o = hentOkt();
  const svar = await fetch(`${sti}?${q}`, {
    headers: { accept: 'text/csv', ...(o ? { authorization: `Bearer ${o.token}` } : {}) },
  });
  if (!svar.ok) {
    let p: Problem = {};
    try {
      p = (await svar.json()) as Problem;
    } catch {
      /* not JSON */
    }
    throw new ApiFeil(svar.status, p);
  }
  const blob = await svar.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filnavn;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A client id for a hendelse, so a retry after a lost answer is recorded once. */
export const nyHendelseId = (): string => crypto.randomUUID();
