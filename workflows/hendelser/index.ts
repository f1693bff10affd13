/**
 * The hendelse catalogue: every hendelse type, each declared once in its own file (see
 * definisjon.ts for what an entry holds). Its order is the order of HENDELSE_TYPER: the order the
 * API and the documents list them in. Adding a type: README, "Legge til en hendelse".
 */
import type { ZodRawShape } from 'zod';
import type { Principal, Rolle } from '../types';
import type { HendelseDefinisjon, VarselKontekst, VarselUtkast } from './definisjon';
import { DOD } from './DOD';
import { EPIKRISE_SENDT } from './EPIKRISE_SENDT';
import { FORLOP_AVBRUTT } from './FORLOP_AVBRUTT';
import { INFORMASJON_GITT } from './INFORMASJON_GITT';
import { INNLAGT } from './INNLAGT';
import { INNLEGGELSESMELDING_SENDT } from './INNLEGGELSESMELDING_SENDT';
import { KARTLEGGING_FULLFORT } from './KARTLEGGING_FULLFORT';
import { KARTLEGGING_INKLUSJON } from './KARTLEGGING_INKLUSJON';
import { KARTLEGGING_STARTET } from './KARTLEGGING_STARTET';
import { KOMMUNESVAR } from './KOMMUNESVAR';
import { OPPFOLGING_STARTET } from './OPPFOLGING_STARTET';
import { STATUSENDRING } from './STATUSENDRING';
import { TILBUD_KLART } from './TILBUD_KLART';
import { UTSKREVET } from './UTSKREVET';
import { UTSKRIVNINGSKLAR } from './UTSKRIVNINGSKLAR';
import { UTSKRIVNINGSKLAR_AVMELDT } from './UTSKRIVNINGSKLAR_AVMELDT';

export const HENDELSE_KATALOG = {
  INNLAGT,
  INNLEGGELSESMELDING_SENDT,
  STATUSENDRING,
  KARTLEGGING_INKLUSJON,
  KARTLEGGING_STARTET,
  KARTLEGGING_FULLFORT,
  UTSKRIVNINGSKLAR,
  UTSKRIVNINGSKLAR_AVMELDT,
  KOMMUNESVAR,
  TILBUD_KLART,
  EPIKRISE_SENDT,
  UTSKREVET,
  INFORMASJON_GITT,
  OPPFOLGING_STARTET,
  DOD,
  FORLOP_AVBRUTT,
} as const;
export type HendelseKatalog = typeof HENDELSE_KATALOG;

export type HendelseType = keyof HendelseKatalog;
export const HENDELSE_TYPER = Object.keys(HENDELSE_KATALOG) as HendelseType[];

/** Each entry's key is its type: the catalogue cannot file an entry under another name. */
HENDELSE_KATALOG satisfies { [T in HendelseType]: { type: T } };

/**
 * The type-specific fields of each hendelse, as the API accepted them (validated there against
 * the entry's schema). Free-text fields are kept as given; they are health information and travel
 * only through the (encrypted) Temporal payloads and PostgreSQL, never to logs.
 */
export type HendelseDataFor = { [T in HendelseType]: HendelseKatalog[T] extends HendelseDefinisjon<T, infer D, infer _F> ? D : never };

/** The entry of a type seen through one shape (for code generic over the type; each entry is one of these). */
export type Oppforing<T extends HendelseType> = HendelseDefinisjon<T, HendelseDataFor[T], ZodRawShape>;
export const oppforing = <T extends HendelseType>(type: T): Oppforing<T> => HENDELSE_KATALOG[type] as unknown as Oppforing<T>;

/** One hendelse's fields, of whichever type. */
export type HendelseData = HendelseDataFor[HendelseType];

type TilSnitt<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Every field any hendelse may carry, all optional: for stored rows read back without their type (views). */
export type HendelseFelt = Partial<TilSnitt<HendelseData>>;

interface HendelseFelles {
  hendelseId: string; // UUID, client's or the API's; the Update id too
  tidspunkt: string; // when it happened clinically, ISO 8601 with offset
  registrert: string; // when the API received it, ISO 8601
  av: Principal;
}

/** A hendelse as sent to the workflow (Update argument): one member per type, narrowed by `type`. */
export type HendelseInput = { [T in HendelseType]: HendelseFelles & { type: T; data: HendelseDataFor[T] } }[HendelseType];

/** A hendelse as recorded: the input plus its place in the forløp. */
export type Hendelse = { [T in HendelseType]: HendelseFelles & { type: T; data: HendelseDataFor[T]; sekvens: number } }[HendelseType];

/** The recorded hendelse of one type. */
export type HendelseAv<T extends HendelseType> = Extract<Hendelse, { type: T }>;

/** Who may send each hendelse (INNLAGT: POST /forlop). */
export const HENDELSE_ROLLE: Record<HendelseType, readonly Rolle[]> = perType((t) => HENDELSE_KATALOG[t].roller);

/** A table with one value per hendelse type, computed from its type. */
export function perType<V>(f: (t: HendelseType) => V): Record<HendelseType, V> {
  return Object.fromEntries(HENDELSE_TYPER.map((t) => [t, f(t)])) as Record<HendelseType, V>;
}

/**
 * The hendelse types sent to POST /forlop/{id}/hendelser: all but INNLAGT, which POST /forlop
 * sends (the one entry without a schema; the catalogue's unit test holds the two to each other).
 */
export type ApiHendelseType = Exclude<HendelseType, 'INNLAGT'>;
export const API_HENDELSE_TYPER = HENDELSE_TYPER.filter((t): t is ApiHendelseType => HENDELSE_KATALOG[t].skjema !== null);

/** The OpenAPI description of a type: what happened, who sends it, what the API adds. */
export function hendelseBeskrivelse(t: HendelseType): string {
  const e = oppforing(t);
  return `${e.ord.beskrivelse} (${e.roller.join(', ')})${e.ord.merknad ?? ''}`;
}

/** Every entry is one of the shape it is seen through: a wrong one fails the build here. */
HENDELSE_KATALOG satisfies { [T in HendelseType]: Oppforing<T> };

/** The varsler a recorded hendelse causes itself: its entry's. */
export function hendelsensVarsler(h: Hendelse, k: VarselKontekst): VarselUtkast[] {
  return oppforing(h.type).varsler(h, k);
}
