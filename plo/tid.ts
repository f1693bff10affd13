/**
 * A PLO message's times (`GenDate`, `TidspunktForHendelse`, `IssueDate`): usually local
 * Norwegian time without an offset, sometimes a date alone, now and then with an offset. Read
 * with luxon in Europe/Oslo, the daylight-saving changes included:
 *
 *   - a time in the spring gap (02:00–02:59 on the last Sunday of March does not exist) moves
 *     forward by the gap (02:30 is 03:30 summer time), as the clock on the wall does;
 *   - a time in the autumn's repeated hour (02:00–02:59 on the last Sunday of October happens
 *     twice) is its first occurrence, summer time, as java.time and Temporal's "compatible" read it;
 *   - a time with an offset or Z is that instant.
 *
 * Pure.
 */
import { DateTime } from 'luxon';
import { TIDSSONE } from '../workflows/frister';

export interface LokalTid {
  /** The instant, ISO 8601 with the Europe/Oslo offset. */
  iso: string;
  /** The value was a date alone (YYYY-MM-DD): `iso` is the start of that day. */
  datoAlene: boolean;
  /** The calendar date (Europe/Oslo). */
  dato: string;
}

const DATO = /^\d{4}-\d{2}-\d{2}$/;
const DATO_TID = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;
const MED_SONE = /(Z|[+-]\d{2}:\d{2})$/;

const iso = (d: DateTime): string => d.toISO({ suppressMilliseconds: true })!;

/** The value read as above, or null when it is no date or date-time (or no real one: 30 February). */
export function lesLokalTid(verdi: string | undefined): LokalTid | null {
  const v = verdi?.trim() ?? '';
  if (DATO.test(v)) {
    const d = DateTime.fromISO(v, { zone: TIDSSONE });
    return d.isValid ? { iso: iso(d), datoAlene: true, dato: d.toISODate()! } : null;
  }
  if (!DATO_TID.test(v)) return null;
  if (MED_SONE.test(v)) {
    const d = DateTime.fromISO(v, { setZone: true });
    return d.isValid ? { iso: iso(d.setZone(TIDSSONE)), datoAlene: false, dato: d.setZone(TIDSSONE).toISODate()! } : null;
  }
  let d = DateTime.fromISO(v, { zone: TIDSSONE });
  if (!d.isValid) return null;
  // luxon reads the repeated autumn hour as its second occurrence; the first is an hour earlier on the same wall clock.
  const forst = d.minus({ hours: 1 });
  if (forst.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") === d.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS")) d = forst;
  return { iso: iso(d), datoAlene: false, dato: d.toISODate()! };
}
