/**
 * Shared by the frister unit tests (test/unit/frister.test.ts and one file per rule in
 * test/unit/frister/): the frister at an instant, one frist by id or nøkkel, and the check of a
 * frist against what a party expects, compared as Oslo wall-clock instants.
 */
import { DateTime } from 'luxon';
import { beregnFrister, fristKonfigurasjon, type ForlopFakta } from '../../workflows/frister';
import type { FristId, FristInstans, FristKonfigurasjon, FristStatus } from '../../workflows/types';
import { KONFIG, STANDARD } from './fakta';

/** An instant as Oslo wall-clock ISO (with its offset), so both the instant and the local time are compared. */
export function oslo(iso: string | null | undefined): string | null {
  if (iso === null || iso === undefined) return null;
  const d = DateTime.fromISO(iso, { setZone: true });
  if (!d.isValid) throw new Error(`not an ISO instant: ${iso}`);
  return d.setZone('Europe/Oslo').toISO();
}
export const msOf = (iso: string): number => DateTime.fromISO(iso, { setZone: true }).toMillis();
export const TIME = 3_600_000;
/** Test-side arithmetic (independent of the module): `iso` moved by elapsed hours, in Oslo. */
export const flytt = (iso: string, timer: number): string =>
  DateTime.fromISO(iso, { setZone: true })
    .plus({ milliseconds: timer * TIME })
    .setZone('Europe/Oslo')
    .toISO()!;

/** The frister at `naa`, under the standard configuration or with `overstyr` as a kommune's override. */
export function alle(fakta: ForlopFakta, naa: string, overstyr?: Partial<FristKonfigurasjon>): FristInstans[] {
  return beregnFrister(fakta, overstyr ? fristKonfigurasjon(STANDARD, overstyr) : KONFIG, naa);
}
export function finn(frister: FristInstans[], idEllerNokkel: string): FristInstans {
  const f = frister.filter((x) => x.nokkel === idEllerNokkel || x.id === idEllerNokkel);
  if (f.length !== 1) throw new Error(`expected one frist ${idEllerNokkel}, got ${f.length}: ${frister.map((x) => x.nokkel).join(', ')}`);
  return f[0];
}
export const ider = (frister: FristInstans[]): FristId[] => frister.map((f) => f.id);

export interface Forventet {
  status: FristStatus;
  frist?: string | null;
  start?: string;
  oppfyltTidspunkt?: string | null;
  bruttTidspunkt?: string | null;
  paminnelser?: string[];
  eskalering?: string | null;
}
export function sjekk(f: FristInstans, e: Forventet): void {
  expect(f.status).toBe(e.status);
  if ('frist' in e) expect(oslo(f.frist)).toBe(oslo(e.frist));
  if ('start' in e) expect(oslo(f.start)).toBe(oslo(e.start));
  if ('oppfyltTidspunkt' in e) expect(oslo(f.oppfyltTidspunkt)).toBe(oslo(e.oppfyltTidspunkt));
  if ('bruttTidspunkt' in e) expect(oslo(f.bruttTidspunkt)).toBe(oslo(e.bruttTidspunkt));
  if ('eskalering' in e) expect(oslo(f.eskalering)).toBe(oslo(e.eskalering));
  if (e.paminnelser) expect(f.paminnelser.map(oslo)).toEqual(e.paminnelser.map(oslo));
  if (f.status === 'brutt') expect(f.grunn).toEqual(expect.any(String));
}
