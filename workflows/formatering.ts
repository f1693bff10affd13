/**
 * Dates, times and amounts in texts people read (varsler, the patient's sheet), in bokmål and
 * Europe/Oslo: "3. desember kl. 14:00", "17 943 kr". Pure and deterministic (no Intl, no clock),
 * so the workflow writes its varsel texts with it as the API and the activities do.
 */
import { DateTime } from 'luxon';
import { TIDSSONE } from './frister/tid';

export const MANEDER = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'] as const;

/** A whole number with a space between thousands: 17943 → "17 943"; -1200 → "-1 200". */
export function heltall(n: number): string {
  const r = Math.round(n);
  const siffer = String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return r < 0 ? `-${siffer}` : siffer;
}

/** Kroner as people write them: 17943 → "17 943 kr". */
export const kroner = (n: number): string => `${heltall(n)} kr`;

/** "3. desember" (with `medAar`: "3. desember 2026") of an Oslo date YYYY-MM-DD or an instant. */
export function datoTekst(isoDatoEllerTid: string, medAar = false): string {
  const t = iOslo(isoDatoEllerTid);
  if (!t) return isoDatoEllerTid;
  return `${t.day}. ${MANEDER[t.month - 1]}${medAar ? ` ${t.year}` : ''}`;
}

/** "3. desember kl. 14:00" (with `medAar`: "3. desember 2026 kl. 14:00"), in Oslo time. */
export function tidspunktTekst(iso: string, medAar = false): string {
  const t = iOslo(iso);
  return t ? `${datoTekst(iso, medAar)} kl. ${t.toFormat('HH:mm')}` : iso;
}

/** An ISO date (read as an Oslo day) or an instant with offset, in Oslo; null when not a time (a text then shows it as given, never fails). */
function iOslo(iso: string): DateTime | null {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? DateTime.fromISO(iso, { zone: TIDSSONE }) : DateTime.fromISO(iso, { setZone: true }).setZone(TIDSSONE);
  return t.isValid ? t : null;
}
