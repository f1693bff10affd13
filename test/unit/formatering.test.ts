/** Dates, times and amounts in the texts people read (workflows/formatering.ts): bokmål, Oslo time. */
import { datoTekst, heltall, kroner, tidspunktTekst } from '../../workflows/formatering';

test('kroner with a space between thousands', () => {
  expect(kroner(17943)).toBe('17 943 kr');
  expect(kroner(0)).toBe('0 kr');
  expect(kroner(5981)).toBe('5 981 kr');
  expect(kroner(1234567)).toBe('1 234 567 kr');
  expect(heltall(-1200)).toBe('-1 200');
});

test('an instant in Oslo time, whatever offset it was written with', () => {
  expect(tidspunktTekst('2026-12-03T13:00:00Z')).toBe('3. desember kl. 14:00');
  expect(tidspunktTekst('2026-12-03T14:00:00+01:00')).toBe('3. desember kl. 14:00');
  // Summer time: UTC+2.
  expect(tidspunktTekst('2026-06-30T22:30:00Z', true)).toBe('1. juli 2026 kl. 00:30');
  // The last hour of the year in UTC is already the new year in Oslo.
  expect(tidspunktTekst('2025-12-31T23:15:00Z', true)).toBe('1. januar 2026 kl. 00:15');
});

test('a date is an Oslo day, and the 25 h Sunday is one day', () => {
  expect(datoTekst('2026-10-25')).toBe('25. oktober');
  expect(datoTekst('2026-10-25', true)).toBe('25. oktober 2026');
  expect(datoTekst('2026-10-25T23:30:00Z')).toBe('26. oktober');
});

test('what is not a time is shown as given, never an exception in a varsel', () => {
  expect(tidspunktTekst('før utskrivning')).toBe('før utskrivning');
});
