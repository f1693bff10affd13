/**
 * The API's one catalogue of validation messages in bokmål: a zod error map for every issue code,
 * installed once (`installerFeilmeldinger`, called where the API starts: api/app.ts) so no zod
 * default in English reaches a caller. A schema's own message (`{ error: '…' }`) still wins where a
 * rule needs its own words; those use the same wording as this catalogue.
 *
 * A message says what is wrong with the value in plain words, never the field's code name (the
 * problem body's `felt` names the field) nor zod's type names; a time in a message is Oslo time
 * as a person reads it ("3. desember 2026 kl. 10:00"), never a UTC ISO stamp.
 */
import { z } from 'zod';
import { tidTekst } from '../workflows/frister/tid';

/** How many allowed values a message lists before it only says the value is not one of them. */
const MAKS_VALG_I_TEKST = 15;

/** What a value is, in words ("tekst", "et tall"), for "…, ikke tekst". */
function hvaDetEr(v: unknown): string | null {
  if (v === undefined) return null;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'en liste';
  switch (typeof v) {
    case 'string':
      return 'tekst';
    case 'number':
      return Number.isNaN(v) ? 'NaN' : 'et tall';
    case 'boolean':
      return 'true eller false';
    case 'object':
      return 'et objekt';
    default:
      return null;
  }
}

const FORVENTET: Record<string, string> = {
  string: 'tekst',
  number: 'et tall',
  int: 'et heltall',
  bigint: 'et heltall',
  nan: 'et tall',
  boolean: 'true eller false (ja eller nei)',
  object: 'et objekt',
  record: 'et objekt',
  map: 'et objekt',
  array: 'en liste',
  tuple: 'en liste',
  set: 'en liste',
  date: 'en dato',
  file: 'en fil',
  null: 'null',
};

/** The string formats zod checks, in words with an example where it helps. */
const FORMAT: Record<string, string> = {
  uuid: 'en UUID, f.eks. 3f1c2d9e-6b1a-4c55-9f0e-2a7d9b8c1e42',
  uuidv4: 'en UUID, f.eks. 3f1c2d9e-6b1a-4c55-9f0e-2a7d9b8c1e42',
  uuidv6: 'en UUID',
  uuidv7: 'en UUID',
  guid: 'en UUID, f.eks. 3f1c2d9e-6b1a-4c55-9f0e-2a7d9b8c1e42',
  datetime: 'dato og klokkeslett med tidssone (ISO 8601), f.eks. 2026-03-02T08:15:00+01:00',
  date: 'en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2026-03-05',
  time: 'et klokkeslett på formen TT:MM, f.eks. 08:15',
  duration: 'en varighet i ISO 8601, f.eks. PT4H (fire timer) eller P28D (28 dager)',
  email: 'en e-postadresse',
  url: 'en nettadresse (URL), f.eks. https://eksempel.no/varsler',
  ipv4: 'en IPv4-adresse',
  ipv6: 'en IPv6-adresse',
  cidrv4: 'et IPv4-nett',
  cidrv6: 'et IPv6-nett',
  base64: 'base64-kodet',
  base64url: 'base64url-kodet',
  jwt: 'et JWT',
  e164: 'et telefonnummer med landkode, f.eks. +4775000000',
  emoji: 'en emoji',
};

const flertall = (n: number | bigint, en: string, flere: string): string => `${n} ${Number(n) === 1 ? en : flere}`;

/** A bound in words: a date's (zod gives it as epoch milliseconds) as Oslo time, anything else as written. */
function grense(v: unknown, origin?: string): string {
  if (v instanceof Date) return tidTekst(v.toISOString());
  return origin === 'date' ? tidTekst(new Date(Number(v)).toISOString()) : String(v);
}

const verdi = (v: unknown): string => (typeof v === 'string' ? `«${v}»` : String(v));

function forLiten(i: z.core.$ZodRawIssue<z.core.$ZodIssueTooSmall>): string {
  const n = i.minimum;
  switch (i.origin) {
    case 'string':
      if (i.exact) return `må være nøyaktig ${flertall(n, 'tegn', 'tegn')}`;
      return Number(n) <= 1 ? 'kan ikke være tom' : `må være minst ${flertall(n, 'tegn', 'tegn')}`;
    case 'array':
    case 'set':
      if (i.exact) return `må ha nøyaktig ${flertall(n, 'element', 'elementer')}`;
      return Number(n) <= 1 ? 'kan ikke være en tom liste' : `må ha minst ${flertall(n, 'element', 'elementer')}`;
    case 'date':
      return i.inclusive ? `kan ikke være før ${grense(n, 'date')}` : `må være etter ${grense(n, 'date')}`;
    case 'file':
      return `må være minst ${flertall(n, 'byte', 'byte')}`;
    default:
      return i.inclusive === false ? `må være større enn ${grense(n)}` : `må være minst ${grense(n)}`;
  }
}

function forStor(i: z.core.$ZodRawIssue<z.core.$ZodIssueTooBig>): string {
  const n = i.maximum;
  switch (i.origin) {
    case 'string':
      return i.exact ? `må være nøyaktig ${flertall(n, 'tegn', 'tegn')}` : `kan være høyst ${flertall(n, 'tegn', 'tegn')}`;
    case 'array':
    case 'set':
      return i.exact ? `må ha nøyaktig ${flertall(n, 'element', 'elementer')}` : `kan ha høyst ${flertall(n, 'element', 'elementer')}`;
    case 'date':
      return i.inclusive ? `kan ikke være etter ${grense(n, 'date')}` : `må være før ${grense(n, 'date')}`;
    case 'file':
      return `kan være høyst ${flertall(n, 'byte', 'byte')}`;
    default:
      return i.inclusive === false ? `må være mindre enn ${grense(n)}` : `kan være høyst ${grense(n)}`;
  }
}

function feilType(i: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidType>): string {
  if (i.input === undefined) return 'mangler: feltet må være med';
  const forventet = FORVENTET[i.expected];
  const fikk = hvaDetEr(i.input);
  if (!forventet) return 'har feil type';
  return fikk && fikk !== forventet ? `må være ${forventet}, ikke ${fikk}` : `må være ${forventet}`;
}

function feilFormat(i: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidStringFormat>): string {
  switch (i.format) {
    case 'starts_with':
      return `må begynne med «${(i as { prefix?: string }).prefix ?? ''}»`;
    case 'ends_with':
      return `må slutte med «${(i as { suffix?: string }).suffix ?? ''}»`;
    case 'includes':
      return `må inneholde «${(i as { includes?: string }).includes ?? ''}»`;
    case 'regex':
      return 'har ugyldig form';
    default:
      return FORMAT[i.format] ? `må være ${FORMAT[i.format]}` : 'har ugyldig form';
  }
}

function ugyldigVerdi(i: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidValue>): string {
  const v = i.values;
  if (v.length === 1) return `må være ${verdi(v[0])}`;
  if (v.length > MAKS_VALG_I_TEKST) return 'er ikke et av de tillatte valgene';
  return `må være ett av valgene ${v.slice(0, -1).map(verdi).join(', ')} eller ${verdi(v.at(-1))}`;
}

/** The catalogue: one bokmål text per zod issue code. */
export const feilkart: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return feilType(issue);
    case 'too_small':
      return forLiten(issue);
    case 'too_big':
      return forStor(issue);
    case 'invalid_format':
      return feilFormat(issue);
    case 'not_multiple_of':
      return `må gå opp i ${String(issue.divisor)}`;
    case 'invalid_value':
      return ugyldigVerdi(issue);
    case 'unrecognized_keys':
      return issue.keys.length === 1 ? `ukjent felt «${issue.keys[0]}»` : `ukjente felt: ${issue.keys.map((k) => `«${k}»`).join(', ')}`;
    case 'invalid_union': {
      const u = issue as { discriminator?: string; options?: unknown[] };
      if (u.discriminator) {
        const valg = (u.options ?? []).filter((o): o is string => typeof o === 'string');
        return valg.length > 0 && valg.length <= MAKS_VALG_I_TEKST
          ? `må være en av typene ${valg.slice(0, -1).join(', ')} eller ${valg.at(-1)}`
          : 'er ikke en kjent type';
      }
      return 'passer ikke med noen av formene feltet kan ha';
    }
    case 'invalid_key':
      return 'har en ugyldig nøkkel';
    case 'invalid_element':
      return 'har et ugyldig element';
    case 'custom':
      return 'er ugyldig';
    default:
      return 'er ugyldig';
  }
};

let installert = false;

/** Makes the catalogue zod's error map for the process (idempotent). */
export function installerFeilmeldinger(): void {
  if (installert) return;
  z.config({ customError: feilkart });
  installert = true;
}
