/**
 * The avvik follow-up rules (workflows/avvik-oppfolging.ts): the svarfrist and its reminder in
 * calendar time at the daylight-saving changes and the year end, and the steps of the follow-up
 * workflow (the svarStatus rule is SQL, tested in test/integration/avvik-oppfolging.test.ts).
 * The CSV helper (api/csv.ts) as a spreadsheet would read it.
 */
import { DateTime } from 'luxon';
import { csvVerdi, lagCsv } from '../../api/csv';
import { nesteSteg, svarfristFor, type AvvikOppfolgingTilstand } from '../../workflows/avvik-oppfolging';
import standard from '../../config/frister.default.json';

const REGIONALT = { avvikSvarfrist: 'P28D', avvikSvarfristPaminnelseFor: 'P7D' };
const timer = (fra: string, til: string) => (Date.parse(til) - Date.parse(fra)) / 3_600_000;

describe('svarfristFor', () => {
  test('the default configuration is 4 weeks with a reminder one week before', () => {
    expect(standard).toMatchObject(REGIONALT);
  });

  test('4 weeks over the spring change end at the same Oslo clock time: one hour fewer elapsed', () => {
    const registrert = '2026-03-10T10:00:00+01:00';
    const s = svarfristFor(registrert, REGIONALT);
    expect(s.svarfrist).toBe('2026-04-07T10:00:00.000+02:00');
    expect(timer(registrert, s.svarfrist)).toBe(28 * 24 - 1);
    expect(s.paminnelse).toBe('2026-03-31T10:00:00.000+02:00');
  });

  test('4 weeks over the autumn change: one hour more elapsed, same clock time', () => {
    const registrert = '2026-10-10T10:00:00+02:00';
    const s = svarfristFor(registrert, REGIONALT);
    expect(s.svarfrist).toBe('2026-11-07T10:00:00.000+01:00');
    expect(timer(registrert, s.svarfrist)).toBe(28 * 24 + 1);
    // The reminder a calendar week before, after the change.
    expect(s.paminnelse).toBe('2026-10-31T10:00:00.000+01:00');
  });

  test('a svarfrist falling in the hour the spring change skips moves to the first instant after it', () => {
    const s = svarfristFor('2026-03-01T02:30:00+01:00', REGIONALT);
    expect(s.svarfrist).toBe('2026-03-29T03:30:00.000+02:00');
  });

  test('over the year end: into the next year on the same clock time', () => {
    const s = svarfristFor('2026-12-20T15:30:00+01:00', REGIONALT);
    expect(s.svarfrist).toBe('2027-01-17T15:30:00.000+01:00');
    expect(s.paminnelse).toBe('2027-01-10T15:30:00.000+01:00');
  });

  test('a registration given in UTC is answered on the Oslo clock', () => {
    const s = svarfristFor('2026-12-31T23:30:00Z', { avvikSvarfrist: 'P1D', avvikSvarfristPaminnelseFor: 'PT1H' });
    // 00:30 on 1 January in Oslo, plus one calendar day.
    expect(s.svarfrist).toBe('2027-01-02T00:30:00.000+01:00');
    expect(s.paminnelse).toBe('2027-01-01T23:30:00.000+01:00');
  });

  test('hours are elapsed time: PT24H over the spring change ends at 13:00', () => {
    const s = svarfristFor('2026-03-28T12:00:00+01:00', { avvikSvarfrist: 'PT24H', avvikSvarfristPaminnelseFor: 'PT2H' });
    expect(s.svarfrist).toBe('2026-03-29T13:00:00.000+02:00');
    expect(s.paminnelse).toBe('2026-03-29T11:00:00.000+02:00');
  });

  test('a short configured svarfrist (seconds), as the integration test uses', () => {
    const s = svarfristFor('2026-12-02T08:00:00+01:00', { avvikSvarfrist: 'PT20S', avvikSvarfristPaminnelseFor: 'PT10S' });
    expect(s).toEqual({ svarfrist: '2026-12-02T08:00:20.000+01:00', paminnelse: '2026-12-02T08:00:10.000+01:00' });
  });

  test.each([
    ['a lead as long as the svarfrist', 'P1D', 'P1D'],
    ['a longer lead', 'P1D', 'P2D'],
    ['no lead', 'P1D', 'PT0S'],
  ])('no reminder with %s', (_hva, frist, for_) => {
    expect(svarfristFor('2026-06-01T09:00:00+02:00', { avvikSvarfrist: frist, avvikSvarfristPaminnelseFor: for_ }).paminnelse).toBeNull();
  });
});

describe('nesteSteg', () => {
  const t = (o: Partial<AvvikOppfolgingTilstand> = {}): AvvikOppfolgingTilstand => ({
    svarfrist: '2026-06-29T09:00:00.000+02:00',
    paminnelse: '2026-06-22T09:00:00.000+02:00',
    besvart: false,
    paminnelseSendt: false,
    eskalert: false,
    ...o,
  });
  const pluss = (iso: string, ms: number) => DateTime.fromISO(iso).plus(ms).toISO()!;

  test('waits for the reminder, sends it when due, then waits for the svarfrist and escalates', () => {
    expect(nesteSteg(t(), '2026-06-01T12:00:00+02:00')).toEqual({ art: 'vent', til: '2026-06-22T09:00:00.000+02:00' });
    expect(nesteSteg(t(), '2026-06-22T09:00:00.000+02:00')).toEqual({ art: 'send', varsel: 'PAMINNELSE' });
    expect(nesteSteg(t({ paminnelseSendt: true }), pluss('2026-06-22T09:00:00.000+02:00', 5))).toEqual({
      art: 'vent',
      til: '2026-06-29T09:00:00.000+02:00',
    });
    expect(nesteSteg(t({ paminnelseSendt: true }), '2026-06-29T09:00:00.000+02:00')).toEqual({ art: 'send', varsel: 'ESKALERING' });
    expect(nesteSteg(t({ paminnelseSendt: true, eskalert: true }), '2026-07-01T09:00:00+02:00')).toEqual({ art: 'ferdig' });
  });

  test('answered: nothing more, before or after the svarfrist', () => {
    expect(nesteSteg(t({ besvart: true }), '2026-06-01T12:00:00+02:00')).toEqual({ art: 'ferdig' });
    expect(nesteSteg(t({ besvart: true }), '2026-07-01T12:00:00+02:00')).toEqual({ art: 'ferdig' });
  });

  test('woken after the svarfrist without a reminder (a long outage): the escalation only', () => {
    expect(nesteSteg(t(), '2026-06-30T12:00:00+02:00')).toEqual({ art: 'send', varsel: 'ESKALERING' });
  });

  test('no reminder configured: waits for the svarfrist', () => {
    expect(nesteSteg(t({ paminnelse: null }), '2026-06-01T12:00:00+02:00')).toEqual({ art: 'vent', til: '2026-06-29T09:00:00.000+02:00' });
  });
});

describe('CSV (api/csv.ts)', () => {
  test('BOM, one header row, ; separated, CRLF, quoted where needed, æøå kept', () => {
    const csv = lagCsv(
      [
        { key: 'navn', header: 'navn' },
        { key: 'tall', header: 'beløp' },
        { key: 'tom', header: 'tom' },
      ],
      [
        { navn: 'Rødøy; Træna', tall: 1234.5, tom: null },
        { navn: 'sa "nei"\nigjen', tall: 7, tom: undefined },
      ],
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('navn;beløp;tom\r\n"Rødøy; Træna";1234,5;\r\n"sa ""nei""\nigjen";7;\r\n');
  });

  test('a text a spreadsheet would run as a formula is neutralised; numbers and dates are not', () => {
    expect(csvVerdi('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(csvVerdi('-1+1')).toBe("'-1+1");
    expect(csvVerdi(-1.5)).toBe('-1,5');
    expect(csvVerdi(true)).toBe('ja');
    expect(csvVerdi(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01T00:30:00.000+01:00');
  });
});
