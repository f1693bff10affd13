/**
 * Time on the Oslo clock, shared by every frist rule and the rest of the engine. Nothing here
 * reads a clock: callers pass the instants.
 *
 * Two kinds of time (docs/domain.md, "Time rules"):
 *  - elapsed: "PT24H", "+4 h" are exact durations (luxon adds hours as milliseconds);
 *  - calendar: "same day", a given date, "døgn" end at midnight in Europe/Oslo, so a day
 *    can be 23 or 25 hours long.
 */
import { DateTime, Duration, IANAZone } from 'luxon';

export const TIDSSONE = 'Europe/Oslo';

/**
 * Europe/Oslo with its UTC offset remembered per UTC hour. Luxon asks Intl for the offset of
 * every instant it touches, which made the frist computation most of a hendelse's CPU; the
 * offset can only change at a whole UTC hour (01:00 UTC at both daylight-saving changes), so
 * one lookup per hour is exact. Pure: the cache only remembers what Intl answered.
 */
class OsloSone extends IANAZone {
  private readonly perTime = new Map<number, number>();

  override offset(ts: number): number {
    const time = Math.floor(ts / 3_600_000);
    let o = this.perTime.get(time);
    if (o === undefined) {
      o = super.offset(ts);
      if (this.perTime.size > 50_000) this.perTime.clear(); // bounded: a few years of hours
      this.perTime.set(time, o);
    }
    return o;
  }
}

const OSLO = new OsloSone(TIDSSONE);

const varigheter = new Map<string, Duration>();
/** ISO 8601 durations come from a small configuration; parse each once. */
export function varighet(v: string): Duration {
  let d = varigheter.get(v);
  if (!d) {
    d = Duration.fromISO(v);
    if (varigheter.size > 1000) varigheter.clear();
    varigheter.set(v, d);
  }
  return d;
}

/** Epoch milliseconds of an ISO 8601 instant (with its offset, as the API stores them). */
export const ms = (iso: string): number => {
  const t = Date.parse(iso);
  // Date.parse reads every instant the API accepts; luxon stays the judge of anything unusual.
  return Number.isNaN(t) ? DateTime.fromISO(iso, { setZone: true }).toMillis() : t;
};

/** An instant (epoch ms) on the Oslo clock. */
export function iOslo(epochMs: number): DateTime {
  return DateTime.fromMillis(epochMs, { zone: OSLO });
}

export function tid(iso: string): DateTime {
  return iOslo(ms(iso));
}

/** The calendar date (Europe/Oslo) an instant falls on. */
export function dato(iso: string): string {
  return tid(iso).toISODate()!;
}

/** The first instant after the calendar day (Europe/Oslo) that `iso` falls on. */
export function dagensSlutt(iso: string): string {
  return tid(iso).startOf('day').plus({ days: 1 }).toISO()!;
}

/** The first instant after the given calendar date (Europe/Oslo). */
export function datoSlutt(isoDato: string): string {
  return DateTime.fromISO(isoDato, { zone: OSLO }).startOf('day').plus({ days: 1 }).toISO()!;
}

/** `iso` plus an ISO 8601 duration: hours and smaller are elapsed time, days and larger calendar. */
export function pluss(iso: string, v: string): string {
  return tid(iso).plus(varighet(v)).toISO()!;
}

export function minus(iso: string, v: string): string {
  return tid(iso).minus(varighet(v)).toISO()!;
}

/** The instant a given hour (Europe/Oslo) begins on a calendar date. */
export function klokkeslettPaDato(isoDato: string, time: number): string {
  return DateTime.fromISO(isoDato, { zone: OSLO }).set({ hour: time }).toISO()!;
}

/** The next instant at a given hour (Europe/Oslo) strictly after `iso`. */
export function nesteKlokkeslett(iso: string, time: number): string {
  const t = tid(iso);
  let kandidat = t.startOf('day').set({ hour: time });
  if (kandidat.toMillis() <= t.toMillis()) kandidat = t.startOf('day').plus({ days: 1 }).set({ hour: time });
  return kandidat.toISO()!;
}

/** Calendar days from one instant's Oslo date to another's (a 23- or 25-hour day counts as one). */
export function kalenderdager(fraIso: string, tilIso: string): number {
  return Math.round((Date.parse(dato(tilIso)) - Date.parse(dato(fraIso))) / 86_400_000);
}

/** A calendar date (Europe/Oslo) as a luxon DateTime at its start. */
export function datoStart(isoDato: string): DateTime {
  return DateTime.fromISO(isoDato, { zone: OSLO }).startOf('day');
}

/** A non-negative ISO 8601 duration with at least one number (luxon alone accepts "P", "PT" and negatives). */
export function gyldigVarighet(v: string): boolean {
  const d = Duration.fromISO(v);
  return d.isValid && /\d/.test(v) && d.toMillis() >= 0 && !v.includes('-');
}

const MANEDER = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'] as const;

/**
 * A calendar date as a person reads it ("2026-12-03" → "3. desember 2026"). The month names are
 * written here, as varighetTekst's words are, so they do not depend on the machine's ICU data.
 */
export function datoTekst(isoDato: string): string {
  const d = datoStart(isoDato);
  return `${d.day}. ${MANEDER[d.month - 1]} ${d.year}`;
}

/** An instant as a person in Norway reads it, on the Oslo clock ("2026-12-03T09:00:00Z" → "3. desember 2026 kl. 10:00"). */
export function tidTekst(iso: string): string {
  const t = tid(iso);
  return `${t.day}. ${MANEDER[t.month - 1]} ${t.year} kl. ${t.toFormat('HH:mm')}`;
}

const ENHETER = [
  ['years', 'år', 'år'],
  ['months', 'måned', 'måneder'],
  ['weeks', 'uke', 'uker'],
  ['days', 'dag', 'dager'],
  ['hours', 'time', 'timer'],
  ['minutes', 'minutt', 'minutter'],
  ['seconds', 'sekund', 'sekunder'],
] as const;

/**
 * A configured duration in bokmål words, for the texts a party reads ("PT24H" → "24 timer",
 * "P1DT2H" → "1 dag og 2 timer", "PT0S" → "0 timer"). Written here rather than by Intl, so the
 * words do not depend on the ICU data of the machine the workflow replays on.
 */
export function varighetTekst(v: string): string {
  const d = varighet(v);
  const deler = ENHETER.flatMap(([enhet, en, flere]) => {
    const n = d.get(enhet);
    return n === 0 ? [] : [`${n} ${n === 1 ? en : flere}`];
  });
  if (deler.length === 0) return '0 timer';
  return deler.length === 1 ? deler[0] : `${deler.slice(0, -1).join(', ')} og ${deler.at(-1)}`;
}
