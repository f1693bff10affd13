/**
 * Overliggerdøgn as the kommune is invoiced and the samhandlingsavdeling audits them
 * (docs/domain.md, "Overliggerdøgn: the payment rule"): which Oslo calendar days count, whether the
 * payment conditions are met, whether they are disputed, and each day's price by its year.
 */
import { beregnFrister, type ForlopFakta } from '../../workflows/frister';
import { beregnOverliggerdogn, GRUNN, overliggerdager, overliggerdognTekst, prisOverliggerdogn } from '../../workflows/overliggerdogn';
import type { OverliggerDag } from '../../workflows/types';
import { forlop, JA, KLART, KONFIG, melding, nei, til, UFULLSTENDIG, type Kort } from '../helpers/fakta';

// ---------------------------------------------------------------- helpers

/** The national døgnpris by year, as docs/domain.md gives it. */
const DOGNPRIS = { '2020': 5036, '2021': 5167, '2022': 5306, '2023': 5508, '2024': 5745, '2025': 5981 };

/** What the workflow does: the frister at `naa`, then the days. */
function dager(fakta: ForlopFakta, naa: string): OverliggerDag[] {
  return overliggerdager(fakta, beregnFrister(fakta, KONFIG, naa), naa);
}
function faktura(fakta: ForlopFakta, naa: string, dognpris: Record<string, number> = DOGNPRIS) {
  return prisOverliggerdogn(dager(fakta, naa), dognpris);
}
const datoer = (d: OverliggerDag[]): string[] => d.map((x) => x.dato);

/** Admitted 2026-01-12 09:00, melding om innlagt pasient within the hour. */
const INN = '2026-01-12T09:00:00+01:00';
const INNMELDING: Kort = ['INNLEGGELSESMELDING_SENDT', '2026-01-12T10:00:00+01:00'];
/** Day D = 2026-01-15. */
const D = '2026-01-15T10:00:00+01:00';

// ---------------------------------------------------------------- the rule

describe('overliggerdager: which Oslo calendar days the kommune pays for', () => {
  test('meldt on D, kommune says no, klart on D+3: exactly D, D+1, D+2, priced at D’s year', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-18')],
      ['TILBUD_KLART', '2026-01-18T09:00:00+01:00', KLART],
    ]);
    const naa = '2026-01-18T12:00:00+01:00';
    const d = dager(fakta, naa);
    expect(d).toEqual([
      { dato: '2026-01-15', betalingsvilkarOppfylt: true, omstridt: false },
      { dato: '2026-01-16', betalingsvilkarOppfylt: true, omstridt: false },
      { dato: '2026-01-17', betalingsvilkarOppfylt: true, omstridt: false },
    ]);
    const p = prisOverliggerdogn(d, { ...DOGNPRIS, '2026': 6200 });
    expect(p).toMatchObject({ antall: 3, belop: 3 * 6200, betalingsvilkarOppfylt: true, omstridt: false });
    expect(p.dager.map((x) => [x.belop, x.prisForelopig])).toEqual([
      [6200, false],
      [6200, false],
      [6200, false],
    ]);
  });

  test('the count does not grow after klart (naa long after)', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-18')],
      ['TILBUD_KLART', '2026-01-18T09:00:00+01:00', KLART],
    ]);
    expect(datoer(dager(fakta, '2026-02-20T12:00:00+01:00'))).toEqual(['2026-01-15', '2026-01-16', '2026-01-17']);
  });

  test('kommune says yes at once: no overliggerdøgn', () => {
    const fakta = forlop(INN, [INNMELDING, ['UTSKRIVNINGSKLAR', D, melding()], ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', JA]]);
    expect(dager(fakta, '2026-01-17T12:00:00+01:00')).toEqual([]);
    expect(faktura(fakta, '2026-01-17T12:00:00+01:00')).toMatchObject({ antall: 0, belop: 0 });
  });

  test('kommune reports klart the same day without a no first: no overliggerdøgn', () => {
    const fakta = forlop(INN, [INNMELDING, ['UTSKRIVNINGSKLAR', D, melding()], ['TILBUD_KLART', '2026-01-15T15:00:00+01:00', KLART]]);
    expect(dager(fakta, '2026-01-17T12:00:00+01:00')).toEqual([]);
  });

  test('kommune says yes only the next day: D counts', () => {
    const fakta = forlop(INN, [INNMELDING, ['UTSKRIVNINGSKLAR', D, melding()], ['KOMMUNESVAR', '2026-01-16T08:00:00+01:00', JA]]);
    expect(datoer(dager(fakta, '2026-01-17T12:00:00+01:00'))).toEqual(['2026-01-15']);
  });

  test('unanswered melding counts as "kan ikke": days run until naa, today included', () => {
    const fakta = forlop(INN, [INNMELDING, ['UTSKRIVNINGSKLAR', D, melding()]]);
    expect(datoer(dager(fakta, '2026-01-15T10:30:00+01:00'))).toEqual(['2026-01-15']);
    expect(datoer(dager(fakta, '2026-01-17T08:00:00+01:00'))).toEqual(['2026-01-15', '2026-01-16', '2026-01-17']);
    expect(dager(fakta, '2026-01-17T08:00:00+01:00').every((x) => x.betalingsvilkarOppfylt)).toBe(true);
  });

  test('"today" is the Oslo day: 00:30 Oslo (still the previous day in UTC) already counts the new day', () => {
    const fakta = forlop(INN, [INNMELDING, ['UTSKRIVNINGSKLAR', D, melding()]]);
    expect(datoer(dager(fakta, '2026-01-16T23:30:00Z'))).toEqual(['2026-01-15', '2026-01-16', '2026-01-17']);
  });

  test('a melding at 00:30 Oslo (previous day in UTC) starts on the Oslo day', () => {
    const fakta = forlop(INN, [INNMELDING, ['UTSKRIVNINGSKLAR', '2026-01-14T23:30:00Z', melding()], ['TILBUD_KLART', '2026-01-16T09:00:00+01:00', KLART]]);
    expect(datoer(dager(fakta, '2026-01-16T12:00:00+01:00'))).toEqual(['2026-01-15']);
  });

  test('avmelding on D+1: one day (D); counting stops from the avmelding day', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-20')],
      ['UTSKRIVNINGSKLAR_AVMELDT', '2026-01-16T09:00:00+01:00', { arsak: 'forverring' }],
    ]);
    expect(datoer(dager(fakta, '2026-01-19T12:00:00+01:00'))).toEqual(['2026-01-15']);
  });

  test('a new melding after avmelding starts counting again from its day', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-20')],
      ['UTSKRIVNINGSKLAR_AVMELDT', '2026-01-16T09:00:00+01:00', { arsak: 'forverring' }],
      ['UTSKRIVNINGSKLAR', '2026-01-19T10:00:00+01:00', melding()],
      ['KOMMUNESVAR', '2026-01-19T11:00:00+01:00', nei('2026-01-22')],
      ['TILBUD_KLART', '2026-01-21T09:00:00+01:00', KLART],
    ]);
    expect(datoer(dager(fakta, '2026-01-21T12:00:00+01:00'))).toEqual(['2026-01-15', '2026-01-19', '2026-01-20']);
  });

  test('a late melding om utskrivningsklar: payment starts the day it arrived, not the day of the vurdering', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', '2026-01-16T09:00:00+01:00', melding('2026-01-15T10:00:00+01:00')],
      ['KOMMUNESVAR', '2026-01-16T10:00:00+01:00', nei('2026-01-18')],
      ['TILBUD_KLART', '2026-01-18T09:00:00+01:00', KLART],
    ]);
    const d = dager(fakta, '2026-01-18T12:00:00+01:00');
    expect(datoer(d)).toEqual(['2026-01-16', '2026-01-17']);
    expect(d.every((x) => x.betalingsvilkarOppfylt)).toBe(true);
  });

  test('discharged to another hospital while waiting: days stop at the discharge day', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-20')],
      ['UTSKREVET', '2026-01-17T09:00:00+01:00', til('annet_sykehus')],
      ['EPIKRISE_SENDT', '2026-01-17T08:00:00+01:00'],
    ]);
    expect(datoer(dager(fakta, '2026-01-25T12:00:00+01:00'))).toEqual(['2026-01-15', '2026-01-16']);
  });

  test("discharged while waiting, as the EPJ's melding om utskrevet pasient says: days stop at the discharge day", () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-20')],
      ['UTSKREVET', '2026-01-18T14:00:00+01:00', { ...til('hjem_med_tjenester'), meldtAvEpj: true }],
    ]);
    expect(datoer(dager(fakta, '2026-01-25T12:00:00+01:00'))).toEqual(['2026-01-15', '2026-01-16', '2026-01-17']);
  });

  test('death while waiting: days stop at the day of death', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-20')],
      ['DOD', '2026-01-18T03:00:00+01:00'],
    ]);
    expect(datoer(dager(fakta, '2026-01-25T12:00:00+01:00'))).toEqual(['2026-01-15', '2026-01-16', '2026-01-17']);
  });

  test('FORLOP_AVBRUTT: no days at all', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-20')],
      ['FORLOP_AVBRUTT', '2026-01-18T09:00:00+01:00', { arsak: 'feilregistrert' }],
    ]);
    expect(dager(fakta, '2026-01-18T12:00:00+01:00')).toEqual([]);
    expect(faktura(fakta, '2026-01-18T12:00:00+01:00')).toMatchObject({ antall: 0, belop: 0 });
  });

  test('no melding om utskrivningsklar: no days', () => {
    expect(dager(forlop(INN, [INNMELDING]), '2026-01-20T12:00:00+01:00')).toEqual([]);
  });
});

describe('payment conditions and disputes', () => {
  test('melding om innlagt pasient 25 h after admission: the days are there but not billable, belop 0', () => {
    const fakta = forlop(INN, [
      ['INNLEGGELSESMELDING_SENDT', '2026-01-13T10:00:00+01:00'],
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-18')],
      ['TILBUD_KLART', '2026-01-18T09:00:00+01:00', KLART],
    ]);
    const naa = '2026-01-18T12:00:00+01:00';
    const d = dager(fakta, naa);
    expect(datoer(d)).toEqual(['2026-01-15', '2026-01-16', '2026-01-17']);
    expect(d.every((x) => x.betalingsvilkarOppfylt === false)).toBe(true);
    expect(faktura(fakta, naa, { ...DOGNPRIS, '2026': 6200 })).toMatchObject({ antall: 3, belop: 0, betalingsvilkarOppfylt: false });
  });

  test('melding om innlagt pasient exactly 24 h after admission: billable', () => {
    const fakta = forlop(INN, [
      ['INNLEGGELSESMELDING_SENDT', '2026-01-13T09:00:00+01:00'],
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['TILBUD_KLART', '2026-01-17T09:00:00+01:00', KLART],
    ]);
    expect(faktura(fakta, '2026-01-18T12:00:00+01:00', { '2026': 6200 })).toMatchObject({ antall: 2, belop: 12400, betalingsvilkarOppfylt: true });
  });

  test('no melding om innlagt pasient needed when kommunale tjenester were not assumed: billable', () => {
    const fakta = forlop(
      INN,
      [
        ['UTSKRIVNINGSKLAR', D, melding()],
        ['TILBUD_KLART', '2026-01-17T09:00:00+01:00', KLART],
      ],
      {
        antattBehovKommunaleTjenester: false,
      },
    );
    expect(faktura(fakta, '2026-01-18T12:00:00+01:00', { '2026': 6200 })).toMatchObject({ antall: 2, belop: 12400, betalingsvilkarOppfylt: true });
  });

  test('an incomplete melding is not billable until a complete one arrives', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding(undefined, UFULLSTENDIG)],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-20')],
      ['UTSKRIVNINGSKLAR', '2026-01-17T10:00:00+01:00', melding()],
      ['KOMMUNESVAR', '2026-01-17T11:00:00+01:00', nei('2026-01-20')],
      ['TILBUD_KLART', '2026-01-20T09:00:00+01:00', KLART],
    ]);
    const naa = '2026-01-20T12:00:00+01:00';
    expect(dager(fakta, naa).map((x) => [x.dato, x.betalingsvilkarOppfylt])).toEqual([
      ['2026-01-15', false],
      ['2026-01-16', false],
      ['2026-01-17', true],
      ['2026-01-18', true],
      ['2026-01-19', true],
    ]);
    expect(faktura(fakta, naa, { '2026': 6200 })).toMatchObject({ antall: 5, belop: 3 * 6200, betalingsvilkarOppfylt: false });
  });

  test('an incomplete melding never completed: nothing billable', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding(undefined, UFULLSTENDIG)],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-20')],
    ]);
    expect(faktura(fakta, '2026-01-17T12:00:00+01:00', { '2026': 6200 })).toMatchObject({ antall: 3, belop: 0, betalingsvilkarOppfylt: false });
  });

  test('incomplete and complete melding the same day: the whole period is billable', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding(undefined, UFULLSTENDIG)],
      ['UTSKRIVNINGSKLAR', '2026-01-15T14:00:00+01:00', melding()],
      ['TILBUD_KLART', '2026-01-17T09:00:00+01:00', KLART],
    ]);
    expect(dager(fakta, '2026-01-17T12:00:00+01:00')).toEqual([
      { dato: '2026-01-15', betalingsvilkarOppfylt: true, omstridt: false },
      { dato: '2026-01-16', betalingsvilkarOppfylt: true, omstridt: false },
    ]);
  });

  const venteOgUt = (epikrise: Kort[]): Kort[] => [
    INNMELDING,
    ['UTSKRIVNINGSKLAR', D, melding()],
    ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-18')],
    ['TILBUD_KLART', '2026-01-18T09:00:00+01:00', KLART],
    ...epikrise,
    ['UTSKREVET', '2026-01-18T12:00:00+01:00', til('korttidsopphold')],
  ];

  test('no epikrise at utskrivning: every day omstridt', () => {
    const fakta = forlop(INN, venteOgUt([]));
    const naa = '2026-01-18T13:00:00+01:00';
    const d = dager(fakta, naa);
    expect(datoer(d)).toEqual(['2026-01-15', '2026-01-16', '2026-01-17']);
    expect(d.every((x) => x.omstridt)).toBe(true);
    expect(faktura(fakta, naa).omstridt).toBe(true);
  });

  test('epikrise sent after utskrivning (grace 0): still omstridt', () => {
    const fakta = forlop(INN, [...venteOgUt([]), ['EPIKRISE_SENDT', '2026-01-18T15:00:00+01:00']]);
    expect(dager(fakta, '2026-01-18T16:00:00+01:00').every((x) => x.omstridt)).toBe(true);
  });

  test('epikrise sent at utskrivning: not omstridt', () => {
    const fakta = forlop(INN, venteOgUt([['EPIKRISE_SENDT', '2026-01-18T11:00:00+01:00']]));
    const naa = '2026-01-18T13:00:00+01:00';
    expect(dager(fakta, naa).some((x) => x.omstridt)).toBe(false);
    expect(faktura(fakta, naa).omstridt).toBe(false);
  });
});

describe('Oslo calendar days across daylight-saving changes and the year end', () => {
  test.each([
    ['spring weekend 2026 (23 h Sunday)', '2026-03-27T10:00:00+01:00', '2026-03-31T09:00:00+02:00', ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']],
    ['autumn weekend 2026 (25 h Sunday)', '2026-10-23T10:00:00+02:00', '2026-10-27T09:00:00+01:00', ['2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26']],
    ['spring weekend 2025', '2025-03-28T10:00:00+01:00', '2025-04-01T09:00:00+02:00', ['2025-03-28', '2025-03-29', '2025-03-30', '2025-03-31']],
    ['autumn weekend 2025', '2025-10-24T10:00:00+02:00', '2025-10-28T09:00:00+01:00', ['2025-10-24', '2025-10-25', '2025-10-26', '2025-10-27']],
    ['melding late in the evening, klart just after midnight', '2026-03-28T23:30:00+01:00', '2026-03-30T00:15:00+02:00', ['2026-03-28', '2026-03-29']],
  ])('%s: each calendar day once', (_navn, m, klart, forventet) => {
    const innlagt = m.slice(0, 8) + '01T09:00:00' + m.slice(19);
    const fakta = forlop(innlagt, [
      ['INNLEGGELSESMELDING_SENDT', innlagt.replace('T09:', 'T10:')],
      ['UTSKRIVNINGSKLAR', m, melding()],
      ['TILBUD_KLART', klart, KLART],
    ]);
    const d = dager(fakta, klart);
    expect(datoer(d)).toEqual(forventet);
    expect(d.every((x) => x.betalingsvilkarOppfylt)).toBe(true);
  });

  test('unanswered over the autumn change, naa late on the 25 h Sunday: the Sunday counts once, Monday not yet', () => {
    const fakta = forlop('2026-10-20T09:00:00+02:00', [
      ['INNLEGGELSESMELDING_SENDT', '2026-10-20T10:00:00+02:00'],
      ['UTSKRIVNINGSKLAR', '2026-10-24T10:00:00+02:00', melding()],
    ]);
    expect(datoer(dager(fakta, '2026-10-25T23:30:00+01:00'))).toEqual(['2026-10-24', '2026-10-25']);
    expect(datoer(dager(fakta, '2026-10-25T23:30:00Z'))).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
  });

  test('unanswered over the spring change, naa at 23:30 CEST on the 23 h Sunday (21:30 UTC): Sunday counted, Monday not', () => {
    const fakta = forlop('2026-03-20T09:00:00+01:00', [
      ['INNLEGGELSESMELDING_SENDT', '2026-03-20T10:00:00+01:00'],
      ['UTSKRIVNINGSKLAR', '2026-03-28T10:00:00+01:00', melding()],
    ]);
    expect(datoer(dager(fakta, '2026-03-29T21:30:00Z'))).toEqual(['2026-03-28', '2026-03-29']);
    expect(datoer(dager(fakta, '2026-03-29T22:00:00Z'))).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  test('days spanning 2024-12-30 .. 2025-01-02 are priced 5745, 5745, 5981, 5981', () => {
    const fakta = forlop('2024-12-27T09:00:00+01:00', [
      ['INNLEGGELSESMELDING_SENDT', '2024-12-27T10:00:00+01:00'],
      ['UTSKRIVNINGSKLAR', '2024-12-30T10:00:00+01:00', melding()],
      ['KOMMUNESVAR', '2024-12-30T11:00:00+01:00', nei('2025-01-03')],
      ['TILBUD_KLART', '2025-01-03T09:00:00+01:00', KLART],
    ]);
    const p = faktura(fakta, '2025-01-03T12:00:00+01:00');
    expect(p.dager.map((x) => [x.dato, x.belop, x.prisForelopig])).toEqual([
      ['2024-12-30', 5745, false],
      ['2024-12-31', 5745, false],
      ['2025-01-01', 5981, false],
      ['2025-01-02', 5981, false],
    ]);
    expect(p).toMatchObject({ antall: 4, belop: 2 * 5745 + 2 * 5981, betalingsvilkarOppfylt: true, omstridt: false });
  });
});

describe('prisOverliggerdogn: each day at its own year’s døgnpris', () => {
  const dag = (dato: string, betalingsvilkarOppfylt = true, omstridt = false): OverliggerDag => ({ dato, betalingsvilkarOppfylt, omstridt });

  test.each([
    ['2020-06-01', 5036],
    ['2021-06-01', 5167],
    ['2022-06-01', 5306],
    ['2023-06-01', 5508],
    ['2024-06-01', 5745],
    ['2025-06-01', 5981],
  ])('%s is priced %i (known, not provisional)', (d, pris) => {
    const p = prisOverliggerdogn([dag(d)], DOGNPRIS);
    expect(p.dager[0]).toMatchObject({ belop: pris, prisForelopig: false });
    expect(p.belop).toBe(pris);
  });

  test('a year without døgnpris (2026) uses the latest earlier one (2025) and is marked provisional', () => {
    const p = prisOverliggerdogn([dag('2025-12-31'), dag('2026-01-01'), dag('2026-01-02')], DOGNPRIS);
    expect(p.dager.map((x) => [x.dato, x.belop, x.prisForelopig])).toEqual([
      ['2025-12-31', 5981, false],
      ['2026-01-01', 5981, true],
      ['2026-01-02', 5981, true],
    ]);
    expect(p.belop).toBe(3 * 5981);
  });

  test('a gap year uses the latest earlier one, not a later one', () => {
    const p = prisOverliggerdogn([dag('2023-05-05')], { '2022': 5306, '2024': 5745 });
    expect(p.dager[0]).toMatchObject({ belop: 5306, prisForelopig: true });
  });

  test('the sum counts only the billable days; antall counts all', () => {
    const p = prisOverliggerdogn([dag('2025-03-01', false), dag('2025-03-02'), dag('2025-03-03')], DOGNPRIS);
    expect(p).toMatchObject({ antall: 3, fakturerbare: 2, belop: 2 * 5981, betalingsvilkarOppfylt: false, omstridt: false });
  });

  test('a disputed day is an overliggerdøgn but not billable: not in the sum', () => {
    const p = prisOverliggerdogn([dag('2025-03-01'), dag('2025-03-02', true, true)], DOGNPRIS);
    expect(p).toMatchObject({ antall: 2, fakturerbare: 1, belop: 5981 });
    expect(p.dager.map((d) => d.fakturerbar)).toEqual([true, false]);
  });

  test('one disputed day makes the stay omstridt', () => {
    expect(prisOverliggerdogn([dag('2025-03-01'), dag('2025-03-02', true, true)], DOGNPRIS).omstridt).toBe(true);
  });

  test('no days: nothing to pay, conditions not in question', () => {
    expect(prisOverliggerdogn([], DOGNPRIS)).toEqual({
      antall: 0,
      fakturerbare: 0,
      belop: 0,
      dager: [],
      ikkeOverliggerdogn: [],
      betalingsvilkarOppfylt: true,
      omstridt: false,
    });
  });
});

// ---------------------------------------------------------------- one source: every day after utskrivningsklar

describe('beregnOverliggerdogn: every day after utskrivningsklar, billable or not, and why', () => {
  /** What the workflow stores and the forløp, the reports and the varsel show. */
  const alt = (fakta: ForlopFakta, naa: string, dognpris: Record<string, number> = DOGNPRIS) =>
    beregnOverliggerdogn(fakta, beregnFrister(fakta, KONFIG, naa), naa, dognpris);
  const rad = (d: { dato: string; fakturerbar: boolean; belop: number; grunn?: string }) => [d.dato, d.fakturerbar, d.belop, d.grunn ?? null];

  test('all billable: each day at its price, no reason; the sum is the billable days', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-17')],
      ['TILBUD_KLART', '2026-01-17T09:00:00+01:00', KLART],
    ]);
    const o = alt(fakta, '2026-01-17T12:00:00+01:00', { ...DOGNPRIS, '2026': 6200 });
    expect(o.dager.map(rad)).toEqual([
      ['2026-01-15', true, 6200, null],
      ['2026-01-16', true, 6200, null],
    ]);
    expect(o).toMatchObject({ antall: 2, fakturerbare: 2, belop: 12400, ikkeOverliggerdogn: [] });
    expect(overliggerdognTekst(o)).toBe('2 overliggerdøgn, 12 400 kr');
  });

  test('melding om innlagt pasient too late: overliggerdøgn, none billable, "meldingen om innlagt pasient kom for sent"', () => {
    const fakta = forlop(INN, [
      ['INNLEGGELSESMELDING_SENDT', '2026-01-13T09:30:00+01:00'],
      ['UTSKRIVNINGSKLAR', D, melding()],
    ]);
    const o = alt(fakta, '2026-01-16T12:00:00+01:00');
    expect(o.dager.map(rad)).toEqual([
      ['2026-01-15', false, 5981, GRUNN.innleggelsesmeldingForSent],
      ['2026-01-16', false, 5981, GRUNN.innleggelsesmeldingForSent],
    ]);
    expect(GRUNN.innleggelsesmeldingForSent).toBe('meldingen om innlagt pasient kom for sent');
    expect(o).toMatchObject({ antall: 2, fakturerbare: 0, belop: 0 });
    expect(overliggerdognTekst(o)).toBe('2 overliggerdøgn, 0 fakturerbare: 0 kr. Ikke fakturerbare: 2 – meldingen om innlagt pasient kom for sent');
  });

  test('a melding without all of a–d is not valid until a complete one: "ikke gyldig melding (punkt a–d mangler)"', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding(D, UFULLSTENDIG)],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-20')],
      ['UTSKRIVNINGSKLAR', '2026-01-17T10:00:00+01:00', melding('2026-01-17T09:00:00+01:00')],
    ]);
    const o = alt(fakta, '2026-01-18T12:00:00+01:00');
    expect(o.dager.map(rad)).toEqual([
      ['2026-01-15', false, 5981, 'ikke gyldig melding (punkt a–d mangler)'],
      ['2026-01-16', false, 5981, 'ikke gyldig melding (punkt a–d mangler)'],
      ['2026-01-17', true, 5981, null],
      ['2026-01-18', true, 5981, null],
    ]);
    expect(o).toMatchObject({ antall: 4, fakturerbare: 2, belop: 2 * 5981 });
    expect(overliggerdognTekst(o)).toBe('4 overliggerdøgn, 2 fakturerbare: 11 962 kr. Ikke fakturerbare: 2 – ikke gyldig melding (punkt a–d mangler)');
  });

  test('no epikrise at utskrivning: the days are overliggerdøgn, disputed, not billed: "omstridt: epikrise mangler"', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-17')],
      ['TILBUD_KLART', '2026-01-17T09:00:00+01:00', KLART],
      ['UTSKREVET', '2026-01-17T12:00:00+01:00', til('korttidsopphold')],
    ]);
    const o = alt(fakta, '2026-01-17T13:00:00+01:00');
    expect(o.dager.map(rad)).toEqual([
      ['2026-01-15', false, 5981, 'omstridt: epikrise mangler'],
      ['2026-01-16', false, 5981, 'omstridt: epikrise mangler'],
    ]);
    expect(o).toMatchObject({ antall: 2, fakturerbare: 0, belop: 0, omstridt: true, betalingsvilkarOppfylt: true });
  });

  test('a late melding om utskrivningsklar: the days before it arrived are no overliggerdøgn, "meldingen om utskrivningsklar pasient kom for sent"', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', '2026-01-17T09:00:00+01:00', melding('2026-01-15T10:00:00+01:00')],
      ['KOMMUNESVAR', '2026-01-17T10:00:00+01:00', nei('2026-01-18')],
    ]);
    const o = alt(fakta, '2026-01-17T12:00:00+01:00');
    expect(o.ikkeOverliggerdogn).toEqual([
      { dato: '2026-01-15', grunn: GRUNN.meldingForSent },
      { dato: '2026-01-16', grunn: GRUNN.meldingForSent },
    ]);
    expect(GRUNN.meldingForSent).toBe('meldingen om utskrivningsklar pasient kom for sent');
    expect(o.dager.map(rad)).toEqual([['2026-01-17', true, 5981, null]]);
  });

  test('assessed 23:50, melding 00:10 the next Oslo day: the assessment day is no overliggerdøgn, the next is', () => {
    const fakta = forlop(INN, [INNMELDING, ['UTSKRIVNINGSKLAR', '2026-01-16T00:10:00+01:00', melding('2026-01-15T23:50:00+01:00')]]);
    const o = alt(fakta, '2026-01-16T08:00:00+01:00');
    expect(o.ikkeOverliggerdogn).toEqual([{ dato: '2026-01-15', grunn: GRUNN.meldingForSent }]);
    expect(o.dager.map((d) => d.dato)).toEqual(['2026-01-16']);
  });

  test('the kommune says yes at once and the patient leaves two days later: no overliggerdøgn, the days say "kommunen kunne ta imot"', () => {
    const steg: Kort[] = [INNMELDING, ['UTSKRIVNINGSKLAR', D, melding()], ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', JA]];
    // While the patient is still in hospital, the span is open: not listed (it would grow with the clock).
    expect(alt(forlop(INN, steg), '2026-01-16T12:00:00+01:00').ikkeOverliggerdogn).toEqual([]);
    const ut = forlop(INN, [...steg, ['EPIKRISE_SENDT', '2026-01-17T09:00:00+01:00'], ['UTSKREVET', '2026-01-17T10:00:00+01:00', til('hjem')]]);
    const o = alt(ut, '2026-01-17T12:00:00+01:00');
    expect(o).toMatchObject({ antall: 0, fakturerbare: 0, belop: 0, dager: [] });
    expect(o.ikkeOverliggerdogn).toEqual([
      { dato: '2026-01-15', grunn: 'kommunen kunne ta imot' },
      { dato: '2026-01-16', grunn: 'kommunen kunne ta imot' },
    ]);
    expect(overliggerdognTekst(o)).toBe('0 overliggerdøgn, 0 kr');
  });

  test('klart on D+2, utskrevet D+4: D and D+1 overliggerdøgn, D+2 and D+3 "kommunen kunne ta imot"', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', D, melding()],
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-17')],
      ['TILBUD_KLART', '2026-01-17T09:00:00+01:00', KLART],
      ['EPIKRISE_SENDT', '2026-01-19T09:00:00+01:00'],
      ['UTSKREVET', '2026-01-19T10:00:00+01:00', til('korttidsopphold')],
    ]);
    const o = alt(fakta, '2026-01-19T12:00:00+01:00');
    expect(o.dager.map((d) => d.dato)).toEqual(['2026-01-15', '2026-01-16']);
    expect(o.ikkeOverliggerdogn.map((d) => [d.dato, d.grunn])).toEqual([
      ['2026-01-17', GRUNN.kommunenKunneTaImot],
      ['2026-01-18', GRUNN.kommunenKunneTaImot],
    ]);
  });

  test('avbrutt: nothing at all', () => {
    const fakta = forlop(INN, [
      INNMELDING,
      ['UTSKRIVNINGSKLAR', '2026-01-16T09:00:00+01:00', melding('2026-01-15T10:00:00+01:00')],
      ['FORLOP_AVBRUTT', '2026-01-17T09:00:00+01:00', { arsak: 'Feil pasient' }],
    ]);
    expect(alt(fakta, '2026-01-17T12:00:00+01:00')).toMatchObject({ antall: 0, dager: [], ikkeOverliggerdogn: [] });
  });

  test('over the autumn change (25 h Sunday): every calendar day once, in one list or the other', () => {
    const fakta = forlop('2026-10-20T09:00:00+02:00', [
      ['INNLEGGELSESMELDING_SENDT', '2026-10-20T10:00:00+02:00'],
      ['UTSKRIVNINGSKLAR', '2026-10-24T10:00:00+02:00', melding('2026-10-23T15:00:00+02:00')],
      ['TILBUD_KLART', '2026-10-26T09:00:00+01:00', KLART],
      ['EPIKRISE_SENDT', '2026-10-27T09:00:00+01:00'],
      ['UTSKREVET', '2026-10-27T10:00:00+01:00', til('hjem')],
    ]);
    const o = alt(fakta, '2026-10-27T12:00:00+01:00', { ...DOGNPRIS, '2026': 6200 });
    expect(o.ikkeOverliggerdogn.map((d) => [d.dato, d.grunn])).toEqual([
      ['2026-10-23', GRUNN.meldingForSent],
      ['2026-10-26', GRUNN.kommunenKunneTaImot],
    ]);
    expect(o.dager.map(rad)).toEqual([
      ['2026-10-24', true, 6200, null],
      ['2026-10-25', true, 6200, null],
    ]);
  });

  test('over the year end, the late days of one stay: each billable day at its own year, the sum of both', () => {
    const fakta = forlop('2024-12-27T09:00:00+01:00', [
      ['INNLEGGELSESMELDING_SENDT', '2024-12-27T10:00:00+01:00'],
      ['UTSKRIVNINGSKLAR', '2024-12-31T08:00:00+01:00', melding('2024-12-30T14:00:00+01:00')],
      ['KOMMUNESVAR', '2024-12-31T09:00:00+01:00', nei('2025-01-02')],
      ['TILBUD_KLART', '2025-01-02T09:00:00+01:00', KLART],
    ]);
    const o = alt(fakta, '2025-01-02T12:00:00+01:00');
    expect(o.ikkeOverliggerdogn).toEqual([{ dato: '2024-12-30', grunn: GRUNN.meldingForSent }]);
    expect(o.dager.map(rad)).toEqual([
      ['2024-12-31', true, 5745, null],
      ['2025-01-01', true, 5981, null],
    ]);
    expect(o).toMatchObject({ antall: 2, fakturerbare: 2, belop: 5745 + 5981 });
    expect(overliggerdognTekst(o)).toBe('2 overliggerdøgn, 11 726 kr');
  });
});
