/**
 * An avvik followed up to its answer (docs/api.md "Avvik: answering and following up"), as pure
 * functions: the svarfrist rule and what the avvik's follow-up workflow does next. Nothing here
 * reads a clock or does I/O: the workflow passes its deterministic now, the activities the time
 * of registration, tests any instant.
 *
 *   svarfrist    registration + avvikSvarfrist (the kommune's configuration; regional default
 *                4 weeks). Durations as everywhere in the frist module (`pluss`): hours and
 *                smaller are elapsed time, days and weeks are calendar time in Europe/Oslo, so
 *                4 weeks end at the same clock time even across a daylight-saving change.
 *   paminnelse   svarfrist − avvikSvarfristPaminnelseFor (default 1 week), when that is after
 *                the registration (else none: the svarfrist is too close for a reminder).
 *   svarStatus   computed where it is read, in PostgreSQL: the rule is db/avvik.ts
 *                `svarStatusSql`, its statuses SVAR_STATUSER below. The party has answered
 *                (avvik.besvart, migration 081) on a kommentar from it or its own move to
 *                under_behandling; a move by samhandling is no answer from the party. The
 *                follow-up ends on an answer or when the avvik is lukket or trukket.
 */
import { minus, ms, pluss } from './frister';
import type { FristKonfigurasjon } from './types';

/** The categories of a hand-reported avvik (the region's avvik guideline). */
export const AVVIK_KATEGORIER = [
  'mangelfull_dokumentasjon',
  'manglende_informasjon',
  'manglende_eller_forsinket_melding',
  'legemidler',
  'hjelpemidler',
  'utskrevet_for_tidlig',
  'manglende_oppfolging',
  'annet',
] as const;
export type AvvikKategori = (typeof AVVIK_KATEGORIER)[number];

/**
 * `besvart`: the party the avvik is for answered; `lukket_uten_svar`: closed or withdrawn
 * without that answer (samhandling closing it is not the party's answer).
 */
export const SVAR_STATUSER = ['venter', 'besvart', 'forfalt', 'lukket_uten_svar'] as const;
export type SvarStatus = (typeof SVAR_STATUSER)[number];

export type SvarfristKonfigurasjon = Pick<FristKonfigurasjon, 'avvikSvarfrist' | 'avvikSvarfristPaminnelseFor'>;

export interface Svarfrist {
  /** ISO 8601 with the Europe/Oslo offset. */
  svarfrist: string;
  /** When the reminder is due; null when that would not be after the registration. */
  paminnelse: string | null;
}

/** The svarfrist and its reminder of an avvik registered at `registrert` (ISO 8601). */
export function svarfristFor(registrert: string, konfig: SvarfristKonfigurasjon): Svarfrist {
  const svarfrist = pluss(registrert, konfig.avvikSvarfrist);
  const paminnelse = minus(svarfrist, konfig.avvikSvarfristPaminnelseFor);
  const t = ms(paminnelse);
  return { svarfrist, paminnelse: t > ms(registrert) && t < ms(svarfrist) ? paminnelse : null };
}

/** What the follow-up workflow knows of its avvik, read from PostgreSQL. */
export interface AvvikOppfolgingTilstand {
  svarfrist: string;
  paminnelse: string | null;
  /** Answered (or closed or withdrawn): nothing more to send. */
  besvart: boolean;
  paminnelseSendt: boolean;
  eskalert: boolean;
}

export type OppfolgingVarsel = 'PAMINNELSE' | 'ESKALERING';

export type OppfolgingSteg = { art: 'ferdig' } | { art: 'send'; varsel: OppfolgingVarsel } | { art: 'vent'; til: string };

/**
 * The next step at `naa`: done once answered or escalated; the reminder when it is due (not
 * when the svarfrist has passed already, as after a long outage: then the escalation says it);
 * the escalation at the svarfrist; otherwise wait for whichever comes first.
 */
export function nesteSteg(t: AvvikOppfolgingTilstand, naa: string): OppfolgingSteg {
  if (t.besvart || t.eskalert) return { art: 'ferdig' };
  const na = ms(naa);
  if (na >= ms(t.svarfrist)) return { art: 'send', varsel: 'ESKALERING' };
  if (t.paminnelse !== null && !t.paminnelseSendt) {
    return na >= ms(t.paminnelse) ? { art: 'send', varsel: 'PAMINNELSE' } : { art: 'vent', til: t.paminnelse };
  }
  return { art: 'vent', til: t.svarfrist };
}
