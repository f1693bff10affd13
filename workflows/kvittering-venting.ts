/**
 * How long the Dialogmelding delivery waits between looks at the receipt: the first look soon
 * (a tenth of the frist, at most 30 s, at least 1 s), then twice as long each time, at most 15
 * minutes, and never past the frist. A four-hour frist is about twenty looks. Pure.
 */
const MAKS_MS = 15 * 60_000;

export function forsteVent(fristMs: number): number {
  return Math.max(1000, Math.min(30_000, Math.floor(fristMs / 10)));
}

export function nesteVent(forrigeMs: number): number {
  return Math.min(MAKS_MS, forrigeMs * 2);
}
