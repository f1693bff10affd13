/**
 * What every frist shares: the Oslo time helpers, a forløp registered in error, the merged
 * configuration (each rule's own cases are in test/unit/frister/<ID>.test.ts). The ward
 * (sykehus), the kommune, the kartleggingsteam and the samhandlingsavdeling check when each
 * frist is due, whether it was met, broken or lapsed, when they are reminded and when it escalates. Europe/Oslo throughout, including the
 * daylight-saving changes (2025-03-30, 2025-10-26, 2026-03-29, 2026-10-25), midnight and the
 * year end.
 */
import { DateTime } from 'luxon';
import { dagensSlutt, dato, datoSlutt, fristKonfigurasjon, kalenderdager, klokkeslettPaDato, nesteKlokkeslett, pluss, tid } from '../../workflows/frister';
import type { FristKonfigurasjon } from '../../workflows/types';
import { forlop, melding, nei, STANDARD } from '../helpers/fakta';
import { alle, ider, msOf, oslo, TIME } from '../helpers/frister';

// ---------------------------------------------------------------- time helpers

describe('time helpers (Europe/Oslo)', () => {
  test('kalenderdager counts Europe/Oslo dates (the reinnleggelse gap)', () => {
    expect(kalenderdager('2025-03-29T23:30:00Z', '2025-03-30T22:30:00Z')).toBe(1); // 00:30 → 00:30 next day
    expect(kalenderdager('2025-10-25T22:30:00Z', '2025-10-26T23:30:00Z')).toBe(1); // 25-hour day
    expect(kalenderdager('2025-01-01T22:59:00Z', '2025-01-01T23:01:00Z')).toBe(1); // across midnight
  });

  test("the remembered Oslo offset equals luxon's own for every quarter hour of March and October 2025–2027", () => {
    // tid() caches the offset per UTC hour; this is the check that Oslo only changes offset on the hour.
    const avvik: string[] = [];
    for (const ar of [2025, 2026, 2027]) {
      for (const maned of ['03', '10']) {
        const fra = Date.parse(`${ar}-${maned}-01T00:00:00Z`);
        for (let t = fra; t < fra + 31 * 86_400_000; t += 15 * 60_000) {
          const iso = new Date(t).toISOString();
          if (tid(iso).offset !== DateTime.fromMillis(t, { zone: 'Europe/Oslo' }).offset) avvik.push(iso);
        }
      }
    }
    expect(avvik).toEqual([]);
  });

  test.each([
    ['00:30 Oslo is the next day although still the previous day in UTC', '2026-01-15T23:30:00Z', '2026-01-16'],
    ['year end: 00:30 Oslo on 1 January', '2025-12-31T23:30:00Z', '2026-01-01'],
    ['last second of 31 December Oslo', '2025-12-31T22:59:59Z', '2025-12-31'],
    ['spring change 2026: 00:30 CET', '2026-03-28T23:30:00Z', '2026-03-29'],
    ['spring change 2026: 23:59:59 CEST', '2026-03-29T21:59:59Z', '2026-03-29'],
    ['spring change 2026: midnight after the 23 h day', '2026-03-29T22:00:00Z', '2026-03-30'],
    ['autumn change 2026: the second 02:30 (CET)', '2026-10-25T01:30:00Z', '2026-10-25'],
    ['autumn change 2026: 23:59:59 CET', '2026-10-25T22:59:59Z', '2026-10-25'],
    ['autumn change 2026: midnight after the 25 h day', '2026-10-25T23:00:00Z', '2026-10-26'],
    ['spring change 2025', '2025-03-29T23:00:00Z', '2025-03-30'],
    ['autumn change 2025', '2025-10-26T22:59:00Z', '2025-10-26'],
    ['midnight belongs to the new day', '2026-01-16T00:00:00+01:00', '2026-01-16'],
  ])('dato: %s', (_navn, iso, forventet) => {
    expect(dato(iso)).toBe(forventet);
  });

  test.each([
    ['ordinary winter day (24 h)', '2026-01-15T12:00:00+01:00', '2026-01-16T00:00:00.000+01:00', 24],
    ['spring change 2026 (23 h day)', '2026-03-29T12:00:00+02:00', '2026-03-30T00:00:00.000+02:00', 23],
    ['spring change 2026, instant before the change', '2026-03-29T01:30:00+01:00', '2026-03-30T00:00:00.000+02:00', 23],
    ['autumn change 2026 (25 h day)', '2026-10-25T12:00:00+01:00', '2026-10-26T00:00:00.000+01:00', 25],
    ['autumn change 2026, the first 02:30 (CEST)', '2026-10-25T02:30:00+02:00', '2026-10-26T00:00:00.000+01:00', 25],
    ['spring change 2025 (23 h day)', '2025-03-30T08:00:00+02:00', '2025-03-31T00:00:00.000+02:00', 23],
    ['autumn change 2025 (25 h day)', '2025-10-26T08:00:00+01:00', '2025-10-27T00:00:00.000+01:00', 25],
    ['23:59 on 31 December ends at midnight on 1 January', '2025-12-31T23:59:00+01:00', '2026-01-01T00:00:00.000+01:00', 24],
    ['midnight itself starts a day that ends the next midnight', '2026-01-16T00:00:00+01:00', '2026-01-17T00:00:00.000+01:00', 24],
    ['given in UTC, 00:30 Oslo', '2026-01-15T23:30:00Z', '2026-01-17T00:00:00.000+01:00', 24],
  ])('dagensSlutt: %s', (_navn, iso, forventet, timer) => {
    const slutt = dagensSlutt(iso);
    expect(oslo(slutt)).toBe(forventet);
    // The calendar day's length in elapsed hours.
    const dagStart = DateTime.fromISO(iso, { setZone: true }).setZone('Europe/Oslo').startOf('day');
    expect((msOf(slutt) - dagStart.toMillis()) / TIME).toBe(timer);
  });

  test.each([
    ['2026-01-15', '2026-01-16T00:00:00.000+01:00'],
    ['2026-03-28', '2026-03-29T00:00:00.000+01:00'],
    ['2026-03-29', '2026-03-30T00:00:00.000+02:00'],
    ['2026-10-24', '2026-10-25T00:00:00.000+02:00'],
    ['2026-10-25', '2026-10-26T00:00:00.000+01:00'],
    ['2025-03-30', '2025-03-31T00:00:00.000+02:00'],
    ['2025-10-26', '2025-10-27T00:00:00.000+01:00'],
    ['2025-12-31', '2026-01-01T00:00:00.000+01:00'],
  ])('datoSlutt(%s) is the first instant of the next Oslo day', (d, forventet) => {
    expect(oslo(datoSlutt(d))).toBe(forventet);
  });

  test.each([
    ['24 h elapsed over the spring change is 11:00 CEST', '2026-03-28T10:00:00+01:00', 'PT24H', '2026-03-29T11:00:00.000+02:00'],
    ['P1D over the spring change keeps the wall clock', '2026-03-28T10:00:00+01:00', 'P1D', '2026-03-29T10:00:00.000+02:00'],
    ['24 h elapsed over the autumn change is 09:00 CET', '2026-10-24T10:00:00+02:00', 'PT24H', '2026-10-25T09:00:00.000+01:00'],
    ['P1D over the autumn change keeps the wall clock', '2026-10-24T10:00:00+02:00', 'P1D', '2026-10-25T10:00:00.000+01:00'],
    ['1 h across the missing hour', '2026-03-29T01:30:00+01:00', 'PT1H', '2026-03-29T03:30:00.000+02:00'],
    ['1 h across the repeated hour', '2026-10-25T02:30:00+02:00', 'PT1H', '2026-10-25T02:30:00.000+01:00'],
    ['4 h over the spring change 2025', '2025-03-29T23:00:00+01:00', 'PT4H', '2025-03-30T04:00:00.000+02:00'],
    ['4 h over the autumn change 2025', '2025-10-26T00:00:00+02:00', 'PT4H', '2025-10-26T03:00:00.000+01:00'],
    ['4 h across the year end', '2025-12-31T22:00:00+01:00', 'PT4H', '2026-01-01T02:00:00.000+01:00'],
    ['PT0S is the same instant', '2026-01-15T12:00:00+01:00', 'PT0S', '2026-01-15T12:00:00.000+01:00'],
    ['input in UTC', '2026-03-28T09:00:00Z', 'PT24H', '2026-03-29T11:00:00.000+02:00'],
  ])('pluss: %s', (_navn, iso, varighet, forventet) => {
    expect(oslo(pluss(iso, varighet))).toBe(forventet);
  });

  test('pluss PT24H is exactly 24 elapsed hours at both changes of 2025 and 2026', () => {
    for (const iso of ['2025-03-29T12:00:00+01:00', '2025-10-25T12:00:00+02:00', '2026-03-28T12:00:00+01:00', '2026-10-24T12:00:00+02:00']) {
      expect(msOf(pluss(iso, 'PT24H')) - msOf(iso)).toBe(24 * TIME);
    }
  });

  test.each([
    ['before the hour the same day', '2026-01-15T07:59:00+01:00', 8, '2026-01-15T08:00:00.000+01:00'],
    ['exactly at the hour gives the next day (strictly after)', '2026-01-15T08:00:00+01:00', 8, '2026-01-16T08:00:00.000+01:00'],
    ['after the hour gives the next day, into summer time', '2026-03-28T09:00:00+01:00', 8, '2026-03-29T08:00:00.000+02:00'],
    ['on the spring change day', '2026-03-29T07:59:00+02:00', 8, '2026-03-29T08:00:00.000+02:00'],
    ['into winter time', '2026-10-24T09:00:00+02:00', 8, '2026-10-25T08:00:00.000+01:00'],
    ['spring change 2025', '2025-03-29T09:00:00+01:00', 8, '2025-03-30T08:00:00.000+02:00'],
    ['autumn change 2025', '2025-10-25T09:00:00+02:00', 8, '2025-10-26T08:00:00.000+01:00'],
    ['across the year end', '2025-12-31T08:00:00+01:00', 8, '2026-01-01T08:00:00.000+01:00'],
    ['00:30 Oslo given in UTC (previous UTC day)', '2026-01-15T23:30:00Z', 8, '2026-01-16T08:00:00.000+01:00'],
    ['midnight hour at midnight gives the next midnight', '2026-01-16T00:00:00+01:00', 0, '2026-01-17T00:00:00.000+01:00'],
  ])('nesteKlokkeslett: %s', (_navn, iso, time, forventet) => {
    expect(oslo(nesteKlokkeslett(iso, time))).toBe(forventet);
  });

  test.each([
    ['2026-01-15', 8, '2026-01-15T08:00:00.000+01:00'],
    ['2026-03-28', 8, '2026-03-28T08:00:00.000+01:00'],
    ['2026-03-29', 8, '2026-03-29T08:00:00.000+02:00'],
    ['2026-10-25', 8, '2026-10-25T08:00:00.000+01:00'],
    ['2025-03-30', 8, '2025-03-30T08:00:00.000+02:00'],
    ['2025-10-26', 8, '2025-10-26T08:00:00.000+01:00'],
    ['2025-12-31', 8, '2025-12-31T08:00:00.000+01:00'],
    ['2026-01-01', 0, '2026-01-01T00:00:00.000+01:00'],
    // 02:00 does not exist on 2026-03-29: the hour "begins" at 03:00 CEST (01:00 UTC).
    ['2026-03-29', 2, '2026-03-29T03:00:00.000+02:00'],
  ])('klokkeslettPaDato(%s, %i)', (d, time, forventet) => {
    expect(oslo(klokkeslettPaDato(d, time))).toBe(forventet);
  });
});

// ---------------------------------------------------------------- FORLOP_AVBRUTT across all frister

describe('FORLOP_AVBRUTT (registered in error)', () => {
  test('every frist not met becomes bortfalt, without breach, reminder or escalation; met ones stay oppfylt', () => {
    const fakta = forlop(
      '2026-01-14T09:00:00+01:00',
      [
        ['INNLEGGELSESMELDING_SENDT', '2026-01-14T10:00:00+01:00'], // oppfylt
        ['UTSKRIVNINGSKLAR', '2026-01-16T09:00:00+01:00', melding('2026-01-15T10:00:00+01:00')], // late: brutt
        ['KOMMUNESVAR', '2026-01-16T10:00:00+01:00', nei('2026-01-18')], // oppfylt; TILBUD_KLART brutt by naa
        ['FORLOP_AVBRUTT', '2026-01-20T10:00:00+01:00', { arsak: 'feil pasient' }],
      ],
      { kartleggingInkludert: true }, // KARTLEGGING brutt
    );
    const f = alle(fakta, '2026-01-20T11:00:00+01:00');
    expect(ider(f).sort()).toEqual(['INNLEGGELSESMELDING', 'KARTLEGGING', 'KOMMUNESVAR', 'TILBUD_KLART', 'UTSKRIVNINGSKLAR_MELDING'].sort());
    for (const x of f) {
      if (x.id === 'INNLEGGELSESMELDING' || x.id === 'KOMMUNESVAR') {
        expect(x.status).toBe('oppfylt');
      } else {
        expect({ id: x.id, status: x.status, bruttTidspunkt: x.bruttTidspunkt, eskalering: x.eskalering, paminnelser: x.paminnelser }).toEqual({
          id: x.id,
          status: 'bortfalt',
          bruttTidspunkt: null,
          eskalering: null,
          paminnelser: [],
        });
      }
    }
  });

  test('a frist still running when the forløp is cancelled is bortfalt', () => {
    const fakta = forlop('2026-01-14T09:00:00+01:00', [['FORLOP_AVBRUTT', '2026-01-14T09:30:00+01:00', { arsak: 'feil' }]], {
      kartleggingInkludert: true,
    });
    const f = alle(fakta, '2026-01-14T09:30:00+01:00');
    expect(f.map((x) => [x.id, x.status])).toEqual([
      ['INNLEGGELSESMELDING', 'bortfalt'],
      ['KARTLEGGING', 'bortfalt'],
    ]);
  });
});

// ---------------------------------------------------------------- fristKonfigurasjon

describe('fristKonfigurasjon (defaults merged with a kommune’s samarbeidsavtale)', () => {
  test.each([null, undefined, {}])('no override (%p) gives the defaults', (o) => {
    expect(fristKonfigurasjon(STANDARD, o as Partial<FristKonfigurasjon> | null | undefined)).toEqual(STANDARD);
  });

  test('the default configuration is what docs/domain.md names', () => {
    expect(STANDARD).toMatchObject({
      innleggelsesmelding: 'PT24H',
      kommunesvar: 'PT4H',
      epikriseGrace: 'PT0S',
      oppfolging: 'PT24H',
      avvikSvarfrist: 'P28D',
      observasjonsvindu: 'P30D',
    });
  });

  test('valid overrides replace only their keys, and the defaults are not mutated', () => {
    const kopi = JSON.parse(JSON.stringify(STANDARD));
    const k = fristKonfigurasjon(STANDARD, { kommunesvar: 'PT2H', epikriseGrace: 'PT6H', dagligStatusKlokken: 7 });
    expect(k).toEqual({ ...STANDARD, kommunesvar: 'PT2H', epikriseGrace: 'PT6H', dagligStatusKlokken: 7 });
    expect(STANDARD).toEqual(kopi);
  });

  test.each([0, 23])('dagligStatusKlokken %i is accepted', (v) => {
    expect(fristKonfigurasjon(STANDARD, { dagligStatusKlokken: v }).dagligStatusKlokken).toBe(v);
  });

  test.each<[string, Record<string, unknown>]>([
    ['free text duration', { kommunesvar: '4 timer' }],
    ['empty string', { kommunesvar: '' }],
    ['a number where a duration is expected', { kommunesvar: 4 }],
    ['null', { kommunesvar: null }],
    ['dagligStatusKlokken 24', { dagligStatusKlokken: 24 }],
    ['dagligStatusKlokken -1', { dagligStatusKlokken: -1 }],
    ['dagligStatusKlokken 7.5', { dagligStatusKlokken: 7.5 }],
    ['dagligStatusKlokken as a string', { dagligStatusKlokken: '8' }],
    ['an unknown key', { kommunesvarFrist: 'PT2H', foo: 'PT1H' }],
  ])('ignores %s', (_navn, o) => {
    expect(fristKonfigurasjon(STANDARD, o as Partial<FristKonfigurasjon>)).toEqual(STANDARD);
  });

  test('ignores unknown keys that happen to be Object.prototype members (toString, constructor, hasOwnProperty)', () => {
    const o = JSON.parse('{"toString":"PT1H","constructor":"PT1H","hasOwnProperty":"PT1H","kommunesvar":"PT2H"}');
    const k = fristKonfigurasjon(STANDARD, o);
    expect(Object.keys(k).sort()).toEqual(Object.keys(STANDARD).sort());
    expect(k.kommunesvar).toBe('PT2H');
  });

  test.each([
    ['a negative duration "PT-4H" (due before the melding)', 'PT-4H'],
    ['a negative duration "-PT4H"', '-PT4H'],
    ['an empty duration "PT" (no component, not ISO 8601)', 'PT'],
    ['an empty duration "P" (no component, not ISO 8601)', 'P'],
  ])('ignores %s', (_navn, v) => {
    expect(fristKonfigurasjon(STANDARD, { kommunesvar: v }).kommunesvar).toBe('PT4H');
  });

  test("a frist must be longer than zero; a reminder lead time or grace may be zero (the API's rule too)", () => {
    expect(fristKonfigurasjon(STANDARD, { kommunesvar: 'PT0S' }).kommunesvar).toBe('PT4H');
    expect(fristKonfigurasjon(STANDARD, { observasjonsvindu: 'P0D' }).observasjonsvindu).toBe('P30D');
    expect(fristKonfigurasjon(STANDARD, { kommunesvarPaminnelseFor: 'PT0S' }).kommunesvarPaminnelseFor).toBe('PT0S');
    expect(fristKonfigurasjon(STANDARD, { epikriseGrace: 'PT6H' }).epikriseGrace).toBe('PT6H');
  });
});
