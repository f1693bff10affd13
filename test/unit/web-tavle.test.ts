/**
 * The ward board's "what now" (web/src/tavle.ts): which frist a card shows, the most urgent first,
 * search by name or fødselsnummer, and the filters, at fixed moments.
 */
import { filtrer, fristNivaa, sorterEtterHast, TOMT_FILTER, treff, viktigsteFrist, type FristLik, type ForlopLik } from '../../web/src/tavle';

const NAA = Date.parse('2026-12-03T12:00:00Z');
const t = (timer: number) => new Date(NAA + timer * 3_600_000).toISOString();

function frist(id: string, ansvarlig: string, om: number | null, status = 'aktiv', ekstra: Partial<FristLik> = {}): FristLik {
  return { id, ansvarlig, status, start: t(-24), frist: om === null ? null : t(om), oppfyltTidspunkt: null, bruttTidspunkt: null, ...ekstra };
}

function forlop(fnr: string, frister: FristLik[], navn: [string, string] | null = null, ekstra: Partial<ForlopLik> = {}): ForlopLik & { id: string } {
  return {
    id: fnr,
    pasient: { fnr, navn: navn ? { fornavn: navn[0], etternavn: navn[1] } : null },
    oppholdskommune: '1833',
    status: 'innlagt',
    frister,
    ...ekstra,
  };
}

test('a card shows the reader’s own frist due first, a broken one before a running one; else anyone’s', () => {
  const kommunesvar = frist('KOMMUNESVAR', 'kommune', 3);
  const epikrise = frist('EPIKRISE', 'sykehus', 10);
  const innleggelse = frist('INNLEGGELSESMELDING', 'sykehus', -2, 'brutt', { bruttTidspunkt: t(-2) });
  expect(viktigsteFrist([kommunesvar, epikrise], 'sykehus')).toBe(epikrise);
  expect(viktigsteFrist([kommunesvar, epikrise], 'kommune')).toBe(kommunesvar);
  expect(viktigsteFrist([kommunesvar, epikrise, innleggelse], 'sykehus')).toBe(innleggelse);
  // The ward has none open: the kommune's is shown (what the patient waits for).
  expect(viktigsteFrist([kommunesvar], 'sykehus')).toBe(kommunesvar);
  // Done, or broken and done since (sent late): nothing to show.
  expect(
    viktigsteFrist([frist('EPIKRISE', 'sykehus', -5, 'oppfylt'), frist('INNLEGGELSESMELDING', 'sykehus', -9, 'brutt', { oppfyltTidspunkt: t(-1) })]),
  ).toBeNull();
  // A frist that is an event (no time) is shown only once broken.
  expect(viktigsteFrist([frist('KARTLEGGING', 'kartleggingsteam', null)])).toBeNull();
  const kartlegging = frist('KARTLEGGING', 'kartleggingsteam', null, 'brutt', { bruttTidspunkt: t(-1) });
  expect(viktigsteFrist([kartlegging])).toBe(kartlegging);
});

test('the most urgent first: broken longest ago, then the nearest, then none; ties by fødselsnummer', () => {
  const liste = [
    forlop('3', []),
    forlop('2', [frist('EPIKRISE', 'sykehus', 5)]),
    forlop('5', [frist('EPIKRISE', 'sykehus', 1)]),
    forlop('4', [frist('INNLEGGELSESMELDING', 'sykehus', -3, 'brutt', { bruttTidspunkt: t(-3) })]),
    forlop('1', []),
  ];
  expect(sorterEtterHast(liste, 'sykehus').map((f) => f.id)).toEqual(['4', '5', '2', '1', '3']);
});

test('search: digits in the fødselsnummer, words in the name in any order, case ignored', () => {
  const f = forlop('15035210072', [], ['Kari Anne', 'Nordmann']);
  expect(treff(f, '')).toBe(true);
  expect(treff(f, '150352')).toBe(true);
  expect(treff(f, '150 352 100')).toBe(true);
  expect(treff(f, '99')).toBe(false);
  expect(treff(f, 'nordmann kari')).toBe(true);
  expect(treff(f, 'NORD')).toBe(true);
  expect(treff(f, 'Ola')).toBe(false);
  expect(treff(forlop('15035210072', []), 'kari')).toBe(false);
});

test('filters: status, kommune, frist soon or broken (as the card shows it)', () => {
  const snart = forlop('1', [frist('EPIKRISE', 'sykehus', 0.5)]);
  const brutt = forlop('2', [frist('EPIKRISE', 'sykehus', -1)], null, { oppholdskommune: '1832' });
  const iRute = forlop('3', [frist('EPIKRISE', 'sykehus', 20)], null, { status: 'utskrevet' });
  const alle = [snart, brutt, iRute];
  expect(fristNivaa(snart.frister[0], NAA)).toBe('naer');
  expect(filtrer(alle, TOMT_FILTER, NAA, 'sykehus')).toEqual(alle);
  expect(filtrer(alle, { ...TOMT_FILTER, frist: 'snart' }, NAA, 'sykehus')).toEqual([snart, brutt]);
  expect(filtrer(alle, { ...TOMT_FILTER, frist: 'brutt' }, NAA, 'sykehus')).toEqual([brutt]);
  expect(filtrer(alle, { ...TOMT_FILTER, kommune: '1832' }, NAA, 'sykehus')).toEqual([brutt]);
  expect(filtrer(alle, { ...TOMT_FILTER, status: 'utskrevet' }, NAA, 'sykehus')).toEqual([iRute]);
  expect(filtrer(alle, { ...TOMT_FILTER, status: 'innlagt', sok: '2' }, NAA, 'sykehus')).toEqual([brutt]);
});
