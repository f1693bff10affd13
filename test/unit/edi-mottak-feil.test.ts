/**
 * The EDI poller's two kinds of failure (nhn/mottak-feil.ts): the surroundings' (not counted
 * against the message) and the message's own (counted, then set aside); and the error text an
 * operator sees, without the values a message carries.
 */
import { Problem } from '../../api/problem';
import { lastKonfig } from '../../config';
import { EdiFeil } from '../../nhn/edi';
import { erForbigaende, feiltekst } from '../../nhn/mottak-feil';

const pgFeil = (code: string, message: string, constraint?: string) => Object.assign(new Error(message), { code, constraint });

test("the surroundings' failures are transient: the database or Temporal away, a timeout, a 5xx", () => {
  const forbigaende: Array<[string, unknown]> = [
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['connection ended', new Error('Connection terminated unexpectedly')],
    ['admin shutdown', pgFeil('57P01', 'terminating connection due to administrator command')],
    ['statement timeout', pgFeil('57014', 'canceling statement due to statement timeout')],
    ['serialization failure', pgFeil('40001', 'could not serialize access')],
    [
      'Temporal unavailable (gRPC 14), wrapped',
      Object.assign(new Error('Temporal svarer ikke'), { cause: Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }) }),
    ],
    ['a timeout', Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })],
    ['the API path answering 503', new Problem(503, 'utilgjengelig', 'Arbeidsflytmotoren svarer ikke')],
    ['a temporary EdiFeil', new EdiFeil('503 fra meldingstjeneren', 503, true)],
  ];
  for (const [hva, e] of forbigaende) expect([hva, erForbigaende(e)]).toEqual([hva, true]);
});

test("the message's own failures are permanent: a bug, a constraint, a value the database refuses, a 4xx", () => {
  const permanent: Array<[string, unknown]> = [
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'org')")],
    ['a unique violation', pgFeil('23505', 'duplicate key value violates unique constraint "plo_melding_pkey"', 'plo_melding_pkey')],
    ['a value out of range', pgFeil('22008', 'date/time field value out of range: "2026-13-45"')],
    ['a 409 from the API path', new Problem(409, 'ugyldig-overgang', 'Forløpet er avsluttet')],
    ['a string thrown', 'noe gikk galt'],
  ];
  for (const [hva, e] of permanent) expect([hva, erForbigaende(e)]).toEqual([hva, false]);
});

test('the error text keeps the kind, code and constraint, and takes out quoted values and long numbers', () => {
  const fnr = '13097248022';
  expect(feiltekst(pgFeil('23505', 'duplicate key value violates unique constraint "plo_melding_pkey"', 'plo_melding_pkey'))).toBe(
    'Error 23505 (plo_melding_pkey): duplicate key value violates unique constraint "…"',
  );
  const tekst = feiltekst(new Error(`ugyldig verdi for pasient ${fnr}: 'Kari Nordmann', «Hopen»`));
  expect(tekst).toBe("Error: ugyldig verdi for pasient …: '…', «…»");
  for (const ord of [fnr, 'Kari', 'Nordmann', 'Hopen']) expect(tekst).not.toContain(ord);
  expect(feiltekst(new Error('x'.repeat(1000))).length).toBe(300);
});

test('EDI_MAKS_FORSOK is 5 unless set; anything but a whole number from 1 stops the engine at start', () => {
  expect(lastKonfig({}).nhn.maksForsok).toBe(5);
  expect(lastKonfig({ EDI_MAKS_FORSOK: '3' }).nhn.maksForsok).toBe(3);
  for (const v of ['0', '-1', '2.5', 'fem']) expect(() => lastKonfig({ EDI_MAKS_FORSOK: v })).toThrow(/EDI_MAKS_FORSOK/);
});
