/**
 * The frister as the parties see them: the ward (sykehus), the kommune, the kartleggingsteam
 * and the samhandlingsavdeling check when each frist is due, whether it was met, broken or
 * lapsed, when they are reminded and when it escalates. Europe/Oslo throughout, including the
 * daylight-saving changes (2025-03-30, 2025-10-26, 2026-03-29, 2026-10-25), midnight and the
 * year end.
 */
import { DateTime } from 'luxon';
import {
  beregnFrister,
  dagensSlutt,
  dato,
  datoSlutt,
  fristKonfigurasjon,
  kalenderdager,
  klokkeslettPaDato,
  nesteKlokkeslett,
  pluss,
  tid,
  type ForlopFakta,
} from '../../workflows/frister';
import type { Destinasjon, FristId, FristInstans, FristKonfigurasjon, FristStatus, Vurdering } from '../../workflows/types';
import { forlop, JA, KOMPLETT, KONFIG, melding, nei, STANDARD, til, UFULLSTENDIG, type Kort } from '../helpers/fakta';

// ---------------------------------------------------------------- helpers

/** An instant as Oslo wall-clock ISO (with its offset), so both the instant and the local time are compared. */
function oslo(iso: string | null | undefined): string | null {
  if (iso === null || iso === undefined) return null;
  const d = DateTime.fromISO(iso, { setZone: true });
  if (!d.isValid) throw new Error(`not an ISO instant: ${iso}`);
  return d.setZone('Europe/Oslo').toISO();
}
const msOf = (iso: string): number => DateTime.fromISO(iso, { setZone: true }).toMillis();
const TIME = 3_600_000;
/** Test-side arithmetic (independent of the module): `iso` moved by elapsed hours, in Oslo. */
const flytt = (iso: string, timer: number): string =>
  DateTime.fromISO(iso, { setZone: true }).plus({ milliseconds: timer * TIME }).setZone('Europe/Oslo').toISO()!;

/** The frister at `naa`, under the standard configuration or with `overstyr` as a kommune's override. */
function alle(fakta: ForlopFakta, naa: string, overstyr?: Partial<FristKonfigurasjon>): FristInstans[] {
  return beregnFrister(fakta, overstyr ? fristKonfigurasjon(STANDARD, overstyr) : KONFIG, naa);
}
function finn(frister: FristInstans[], idEllerNokkel: string): FristInstans {
  const f = frister.filter((x) => x.nokkel === idEllerNokkel || x.id === idEllerNokkel);
  if (f.length !== 1) throw new Error(`expected one frist ${idEllerNokkel}, got ${f.length}: ${frister.map((x) => x.nokkel).join(', ')}`);
  return f[0];
}
const ider = (frister: FristInstans[]): FristId[] => frister.map((f) => f.id);

interface Forventet {
  status: FristStatus;
  frist?: string | null;
  start?: string;
  oppfyltTidspunkt?: string | null;
  bruttTidspunkt?: string | null;
  paminnelser?: string[];
  eskalering?: string | null;
}
function sjekk(f: FristInstans, e: Forventet): void {
  expect(f.status).toBe(e.status);
  if ('frist' in e) expect(oslo(f.frist)).toBe(oslo(e.frist));
  if ('start' in e) expect(oslo(f.start)).toBe(oslo(e.start));
  if ('oppfyltTidspunkt' in e) expect(oslo(f.oppfyltTidspunkt)).toBe(oslo(e.oppfyltTidspunkt));
  if ('bruttTidspunkt' in e) expect(oslo(f.bruttTidspunkt)).toBe(oslo(e.bruttTidspunkt));
  if ('eskalering' in e) expect(oslo(f.eskalering)).toBe(oslo(e.eskalering));
  if (e.paminnelser) expect(f.paminnelser.map(oslo)).toEqual(e.paminnelser.map(oslo));
  if (f.status === 'brutt') expect(f.grunn).toEqual(expect.any(String));
}

// ---------------------------------------------------------------- time helpers

describe('time helpers (Europe/Oslo)', () => {
  test('kalenderdager counts Europe/Oslo dates (the reinnleggelse gap)', () => {
    expect(kalenderdager('2025-03-29T23:30:00Z', '2025-03-30T22:30:00Z')).toBe(1); // 00:30 → 00:30 next day
    expect(kalenderdager('2025-10-25T22:30:00Z', '2025-10-26T23:30:00Z')).toBe(1); // 25-hour day
    expect(kalenderdager('2025-01-01T22:59:00Z', '2025-01-01T23:01:00Z')).toBe(1); // across midnight
  });

  test('the remembered Oslo offset equals luxon\'s own for every quarter hour of March and October 2025–2027', () => {
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

// ---------------------------------------------------------------- INNLEGGELSESMELDING

describe('INNLEGGELSESMELDING (sykehus, +24 h elapsed from innleggelse)', () => {
  test.each([
    {
      navn: 'ordinary day: due 24 h later, reminder 2 h before',
      innlagt: '2026-01-14T09:00:00+01:00',
      frist: '2026-01-15T09:00:00.000+01:00',
      paminnelse: '2026-01-15T07:00:00.000+01:00',
    },
    {
      navn: 'over the spring change 2026: due at 11:00 CEST (wall clock one hour later)',
      innlagt: '2026-03-28T10:00:00+01:00',
      frist: '2026-03-29T11:00:00.000+02:00',
      paminnelse: '2026-03-29T09:00:00.000+02:00',
    },
    {
      navn: 'over the autumn change 2026: due at 09:00 CET (wall clock one hour earlier)',
      innlagt: '2026-10-24T10:00:00+02:00',
      frist: '2026-10-25T09:00:00.000+01:00',
      paminnelse: '2026-10-25T07:00:00.000+01:00',
    },
    {
      navn: 'over the spring change 2025',
      innlagt: '2025-03-29T20:00:00+01:00',
      frist: '2025-03-30T21:00:00.000+02:00',
      paminnelse: '2025-03-30T19:00:00.000+02:00',
    },
    {
      navn: 'over the autumn change 2025',
      innlagt: '2025-10-25T20:00:00+02:00',
      frist: '2025-10-26T19:00:00.000+01:00',
      paminnelse: '2025-10-26T17:00:00.000+01:00',
    },
    {
      navn: 'across the year end',
      innlagt: '2025-12-31T23:30:00+01:00',
      frist: '2026-01-01T23:30:00.000+01:00',
      paminnelse: '2026-01-01T21:30:00.000+01:00',
    },
    {
      navn: 'admitted at midnight',
      innlagt: '2026-01-15T00:00:00+01:00',
      frist: '2026-01-16T00:00:00.000+01:00',
      paminnelse: '2026-01-15T22:00:00.000+01:00',
    },
    {
      navn: 'admission given in UTC',
      innlagt: '2026-03-28T09:00:00Z',
      frist: '2026-03-29T11:00:00.000+02:00',
      paminnelse: '2026-03-29T09:00:00.000+02:00',
    },
  ])('$navn', ({ innlagt, frist, paminnelse }) => {
    const f = finn(alle(forlop(innlagt, []), innlagt), 'INNLEGGELSESMELDING');
    sjekk(f, {
      status: 'aktiv',
      start: innlagt,
      frist,
      paminnelser: [paminnelse],
      eskalering: null,
      bruttTidspunkt: null,
      oppfyltTidspunkt: null,
    });
    expect(f.ansvarlig).toBe('sykehus');
    expect(f.art).toBe('elapsed');
    expect(msOf(f.frist!) - msOf(innlagt)).toBe(24 * TIME);
  });

  const V = '2026-03-28T10:00:00+01:00'; // due 2026-03-29T11:00+02:00
  const VF = '2026-03-29T11:00:00+02:00';
  const H = '2026-10-24T10:00:00+02:00'; // due 2026-10-25T09:00+01:00
  const HF = '2026-10-25T09:00:00+01:00';

  test.each<{ navn: string; innlagt: string; steg: Kort[]; naa: string; e: Forventet }>([
    {
      navn: 'melding at 10:30 CEST after a 10:00 CET admission is only 23.5 h: oppfylt',
      innlagt: V,
      steg: [['INNLEGGELSESMELDING_SENDT', '2026-03-29T10:30:00+02:00']],
      naa: '2026-03-29T12:00:00+02:00',
      e: { status: 'oppfylt', frist: VF, oppfyltTidspunkt: '2026-03-29T10:30:00+02:00', bruttTidspunkt: null, eskalering: null, paminnelser: [] },
    },
    {
      navn: 'melding exactly at the due instant: oppfylt',
      innlagt: V,
      steg: [['INNLEGGELSESMELDING_SENDT', VF]],
      naa: '2026-03-29T12:00:00+02:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: VF },
    },
    {
      navn: 'melding one minute late: brutt, breach at the due instant, no escalation (the deed is done)',
      innlagt: V,
      steg: [['INNLEGGELSESMELDING_SENDT', '2026-03-29T11:01:00+02:00']],
      naa: '2026-03-29T12:00:00+02:00',
      e: { status: 'brutt', bruttTidspunkt: VF, oppfyltTidspunkt: '2026-03-29T11:01:00+02:00', eskalering: null },
    },
    {
      navn: 'no melding one second before due: aktiv',
      innlagt: V,
      steg: [],
      naa: '2026-03-29T10:59:59+02:00',
      e: { status: 'aktiv', bruttTidspunkt: null },
    },
    {
      navn: 'no melding when naa reaches due: brutt, escalates 24 h later',
      innlagt: V,
      steg: [],
      naa: VF,
      e: { status: 'brutt', bruttTidspunkt: VF, paminnelser: [], eskalering: '2026-03-30T11:00:00+02:00' },
    },
    {
      navn: 'autumn change: melding at 09:30 CET (before 10:00 on the wall clock) is 24.5 h: brutt',
      innlagt: H,
      steg: [['INNLEGGELSESMELDING_SENDT', '2026-10-25T09:30:00+01:00']],
      naa: '2026-10-25T10:00:00+01:00',
      e: { status: 'brutt', frist: HF, bruttTidspunkt: HF },
    },
    {
      navn: 'autumn change: melding at 08:59 CET: oppfylt',
      innlagt: H,
      steg: [['INNLEGGELSESMELDING_SENDT', '2026-10-25T08:59:00+01:00']],
      naa: '2026-10-25T10:00:00+01:00',
      e: { status: 'oppfylt', frist: HF },
    },
    {
      navn: 'melding registered after the due instant, later in sekvens, but sent in time: oppfylt',
      innlagt: V,
      steg: [
        ['STATUSENDRING', '2026-03-29T12:00:00+02:00', { beskrivelse: 'feber' }],
        ['INNLEGGELSESMELDING_SENDT', '2026-03-29T09:00:00+02:00', {}, '2026-03-29T13:00:00+02:00'],
      ],
      naa: '2026-03-29T13:00:00+02:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-03-29T09:00:00+02:00', eskalering: null },
    },
    {
      navn: 'a late re-notification first in sekvens, the in-time melding registered after it: oppfylt by the earliest',
      innlagt: V,
      steg: [
        ['INNLEGGELSESMELDING_SENDT', '2026-03-29T15:00:00+02:00'],
        ['INNLEGGELSESMELDING_SENDT', '2026-03-29T08:00:00+02:00', {}, '2026-03-29T16:00:00+02:00'],
      ],
      naa: '2026-03-29T16:00:00+02:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-03-29T08:00:00+02:00' },
    },
    {
      navn: 'patient discharged before due without melding: bortfalt',
      innlagt: V,
      steg: [['UTSKREVET', '2026-03-29T06:00:00+02:00', til('hjem')]],
      naa: '2026-03-29T12:00:00+02:00',
      e: { status: 'bortfalt', bruttTidspunkt: null, eskalering: null, paminnelser: [] },
    },
    {
      navn: 'patient died before due: bortfalt',
      innlagt: V,
      steg: [['DOD', '2026-03-28T22:00:00+01:00']],
      naa: '2026-03-30T12:00:00+02:00',
      e: { status: 'bortfalt' },
    },
    {
      navn: 'discharged after due without melding: brutt',
      innlagt: V,
      steg: [['UTSKREVET', '2026-03-29T12:00:00+02:00', til('hjem')]],
      naa: '2026-03-29T12:00:00+02:00',
      e: { status: 'brutt', bruttTidspunkt: VF },
    },
    {
      navn: 'forløp cancelled after the breach: bortfalt, no escalation',
      innlagt: V,
      steg: [['FORLOP_AVBRUTT', '2026-03-29T12:00:00+02:00', { arsak: 'feilregistrert' }]],
      naa: '2026-03-30T12:00:00+02:00',
      e: { status: 'bortfalt', bruttTidspunkt: null, eskalering: null, paminnelser: [] },
    },
    {
      navn: 'forløp cancelled before due: bortfalt',
      innlagt: V,
      steg: [['FORLOP_AVBRUTT', '2026-03-28T11:00:00+01:00', { arsak: 'feilregistrert' }]],
      naa: '2026-03-28T12:00:00+01:00',
      e: { status: 'bortfalt', paminnelser: [] },
    },
  ])('$navn', ({ innlagt, steg, naa, e }) => {
    sjekk(finn(alle(forlop(innlagt, steg), naa), 'INNLEGGELSESMELDING'), e);
  });

  test('no INNLEGGELSESMELDING frist when kommunale tjenester are not assumed needed', () => {
    const f = alle(forlop(V, [], { antattBehovKommunaleTjenester: false }), '2026-03-30T12:00:00+02:00');
    expect(ider(f)).not.toContain('INNLEGGELSESMELDING');
  });

  test('a configured reminder and a configured frist are used', () => {
    const overstyr = { innleggelsesmelding: 'PT12H', innleggelsesmeldingPaminnelseFor: 'PT30M' };
    sjekk(finn(alle(forlop(V, []), V, overstyr), 'INNLEGGELSESMELDING'), {
      status: 'aktiv',
      frist: '2026-03-28T22:00:00+01:00',
      paminnelser: ['2026-03-28T21:30:00+01:00'],
    });
  });
});

// ---------------------------------------------------------------- KARTLEGGING

describe('KARTLEGGING (kartleggingsteam, before the first melding om utskrivningsklar)', () => {
  const INN = '2026-03-20T09:00:00+01:00';
  const UK = '2026-03-27T10:00:00+01:00';
  const inkl = { kartleggingInkludert: true };

  test.each<{ navn: string; steg: Kort[]; naa: string; konfig?: Partial<FristKonfigurasjon>; e: Forventet }>([
    {
      navn: 'nothing done yet, no expected date: aktiv, no due instant, no reminder',
      steg: [],
      naa: '2026-03-21T09:00:00+01:00',
      e: { status: 'aktiv', frist: null, paminnelser: [], eskalering: null },
    },
    {
      navn: 'reminder at the start of the day before forventet utskrivning (2026-03-30 → 2026-03-29 00:00 CET)',
      steg: [['INNLEGGELSESMELDING_SENDT', '2026-03-20T12:00:00+01:00', { forventetUtskrivningsdato: '2026-03-30' }]],
      naa: '2026-03-21T09:00:00+01:00',
      e: { status: 'aktiv', frist: null, paminnelser: ['2026-03-29T00:00:00.000+01:00'] },
    },
    {
      navn: 'reminder before an expected date just after the autumn change (2026-10-26 → 2026-10-25 00:00 CEST)',
      steg: [['INNLEGGELSESMELDING_SENDT', '2026-03-20T12:00:00+01:00', { forventetUtskrivningsdato: '2026-10-26' }]],
      naa: '2026-03-21T09:00:00+01:00',
      e: { status: 'aktiv', paminnelser: ['2026-10-25T00:00:00.000+02:00'] },
    },
    {
      navn: 'reminder across the year end (2027-01-01 → 2026-12-31 00:00)',
      steg: [['INNLEGGELSESMELDING_SENDT', '2026-03-20T12:00:00+01:00', { forventetUtskrivningsdato: '2027-01-01' }]],
      naa: '2026-03-21T09:00:00+01:00',
      e: { status: 'aktiv', paminnelser: ['2026-12-31T00:00:00.000+01:00'] },
    },
    {
      navn: 'configured P2D: start of two days before',
      steg: [['INNLEGGELSESMELDING_SENDT', '2026-03-20T12:00:00+01:00', { forventetUtskrivningsdato: '2026-03-30' }]],
      naa: '2026-03-21T09:00:00+01:00',
      konfig: { kartleggingPaminnelseFor: 'P2D' },
      e: { status: 'aktiv', paminnelser: ['2026-03-28T00:00:00.000+01:00'] },
    },
    {
      navn: 'the latest melding om innlagt pasient gives the expected date',
      steg: [
        ['INNLEGGELSESMELDING_SENDT', '2026-03-20T12:00:00+01:00', { forventetUtskrivningsdato: '2026-03-30' }],
        ['STATUSENDRING', '2026-03-22T12:00:00+01:00', { beskrivelse: 'forverring' }],
        ['INNLEGGELSESMELDING_SENDT', '2026-03-22T13:00:00+01:00', { forventetUtskrivningsdato: '2026-04-02' }],
      ],
      naa: '2026-03-22T14:00:00+01:00',
      e: { status: 'aktiv', paminnelser: ['2026-04-01T00:00:00.000+02:00'] },
    },
    {
      navn: 'no reminder when it would fall before the admission',
      steg: [['INNLEGGELSESMELDING_SENDT', '2026-03-20T12:00:00+01:00', { forventetUtskrivningsdato: '2026-03-20' }]],
      naa: '2026-03-20T13:00:00+01:00',
      e: { status: 'aktiv', paminnelser: [] },
    },
    {
      navn: 'completed before any melding: oppfylt',
      steg: [['KARTLEGGING_FULLFORT', '2026-03-25T10:00:00+01:00']],
      naa: '2026-03-25T11:00:00+01:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-03-25T10:00:00+01:00', paminnelser: [], eskalering: null },
    },
    {
      navn: 'completed at the very instant of the melding: oppfylt, due = the melding',
      steg: [
        ['KARTLEGGING_STARTET', '2026-03-25T10:00:00+01:00'],
        ['KARTLEGGING_FULLFORT', UK],
        ['UTSKRIVNINGSKLAR', UK, melding()],
      ],
      naa: '2026-03-27T11:00:00+01:00',
      e: { status: 'oppfylt', frist: UK, oppfyltTidspunkt: UK, bruttTidspunkt: null },
    },
    {
      navn: 'completed one minute after the melding: brutt at the melding, no escalation (done)',
      steg: [
        ['KARTLEGGING_STARTET', '2026-03-25T10:00:00+01:00'],
        ['UTSKRIVNINGSKLAR', UK, melding()],
        ['KARTLEGGING_FULLFORT', '2026-03-27T10:01:00+01:00'],
      ],
      naa: '2026-03-27T11:00:00+01:00',
      e: { status: 'brutt', frist: UK, bruttTidspunkt: UK, eskalering: null },
    },
    {
      navn: 'completion registered after the melding but done before it: oppfylt',
      steg: [
        ['KARTLEGGING_STARTET', '2026-03-25T10:00:00+01:00'],
        ['UTSKRIVNINGSKLAR', UK, melding()],
        ['KARTLEGGING_FULLFORT', '2026-03-26T15:00:00+01:00', {}, '2026-03-27T12:00:00+01:00'],
      ],
      naa: '2026-03-27T12:00:00+01:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-03-26T15:00:00+01:00' },
    },
    {
      navn: 'meldt utskrivningsklar with kartlegging only started: brutt, escalates 24 h after the melding',
      steg: [
        ['KARTLEGGING_STARTET', '2026-03-25T10:00:00+01:00'],
        ['UTSKRIVNINGSKLAR', UK, melding()],
      ],
      naa: '2026-03-27T11:00:00+01:00',
      e: { status: 'brutt', frist: UK, bruttTidspunkt: UK, oppfyltTidspunkt: null, eskalering: '2026-03-28T10:00:00+01:00' },
    },
    {
      navn: 'judged against the FIRST melding, even if completed before a later one',
      steg: [
        ['UTSKRIVNINGSKLAR', UK, melding()],
        ['UTSKRIVNINGSKLAR_AVMELDT', '2026-03-28T10:00:00+01:00', { arsak: 'forverring' }],
        ['KARTLEGGING_FULLFORT', '2026-03-29T10:00:00+02:00'],
        ['UTSKRIVNINGSKLAR', '2026-03-30T10:00:00+02:00', melding()],
      ],
      naa: '2026-03-30T11:00:00+02:00',
      e: { status: 'brutt', frist: UK },
    },
    {
      navn: 'discharged without melding and without kartlegging: bortfalt',
      steg: [['UTSKREVET', '2026-03-22T10:00:00+01:00', til('hjem')]],
      naa: '2026-03-22T11:00:00+01:00',
      e: { status: 'bortfalt', eskalering: null, paminnelser: [] },
    },
    {
      navn: 'forløp cancelled after the breach: bortfalt',
      steg: [
        ['UTSKRIVNINGSKLAR', UK, melding()],
        ['FORLOP_AVBRUTT', '2026-03-27T12:00:00+01:00', { arsak: 'feilregistrert' }],
      ],
      naa: '2026-03-27T13:00:00+01:00',
      e: { status: 'bortfalt', eskalering: null, bruttTidspunkt: null },
    },
  ])('$navn', ({ steg, naa, konfig, e }) => {
    const f = finn(alle(forlop(INN, steg, inkl), naa, konfig), 'KARTLEGGING');
    sjekk(f, e);
    expect(f.ansvarlig).toBe('kartleggingsteam');
  });

  test('no KARTLEGGING frist when the patient is not included', () => {
    const f = alle(forlop(INN, [['UTSKRIVNINGSKLAR', UK, melding()]]), '2026-03-27T11:00:00+01:00');
    expect(ider(f)).not.toContain('KARTLEGGING');
  });
});

// ---------------------------------------------------------------- UTSKRIVNINGSKLAR_MELDING

describe('UTSKRIVNINGSKLAR_MELDING (sykehus, same Oslo calendar day as the vurdering, points a–d)', () => {
  test.each<{ navn: string; innlagt: string; vurdert: string | undefined; sendt: string; e: Forventet }>([
    {
      navn: 'sent the same afternoon: oppfylt, due at midnight',
      innlagt: '2026-01-10T09:00:00+01:00',
      vurdert: '2026-01-15T10:00:00+01:00',
      sendt: '2026-01-15T14:00:00+01:00',
      e: { status: 'oppfylt', start: '2026-01-15T10:00:00+01:00', frist: '2026-01-16T00:00:00+01:00', oppfyltTidspunkt: '2026-01-15T14:00:00+01:00', bruttTidspunkt: null },
    },
    {
      navn: 'without vurdertTidspunkt the melding time is the vurdering',
      innlagt: '2026-01-10T09:00:00+01:00',
      vurdert: undefined,
      sendt: '2026-01-15T14:00:00+01:00',
      e: { status: 'oppfylt', frist: '2026-01-16T00:00:00+01:00' },
    },
    {
      navn: 'spring change 2026 (23 h day): vurdert 01:30 CET, sent 23:59 CEST: oppfylt',
      innlagt: '2026-03-25T09:00:00+01:00',
      vurdert: '2026-03-29T01:30:00+01:00',
      sendt: '2026-03-29T23:59:00+02:00',
      e: { status: 'oppfylt', frist: '2026-03-30T00:00:00+02:00' },
    },
    {
      navn: 'spring change 2026: sent at 00:00 CEST next day: brutt at midnight',
      innlagt: '2026-03-25T09:00:00+01:00',
      vurdert: '2026-03-29T01:30:00+01:00',
      sendt: '2026-03-30T00:00:00+02:00',
      e: { status: 'brutt', frist: '2026-03-30T00:00:00+02:00', bruttTidspunkt: '2026-03-30T00:00:00+02:00', eskalering: null },
    },
    {
      navn: 'autumn change 2026 (25 h day): vurdert at the first 02:30, sent 23:30 CET: oppfylt',
      innlagt: '2026-10-20T09:00:00+02:00',
      vurdert: '2026-10-25T02:30:00+02:00',
      sendt: '2026-10-25T23:30:00+01:00',
      e: { status: 'oppfylt', frist: '2026-10-26T00:00:00+01:00' },
    },
    {
      navn: 'autumn change 2026: sent 00:10 CET next day (23:10 UTC, still 25 Oct in UTC): brutt',
      innlagt: '2026-10-20T09:00:00+02:00',
      vurdert: '2026-10-25T10:00:00+01:00',
      sendt: '2026-10-25T23:10:00Z',
      e: { status: 'brutt', frist: '2026-10-26T00:00:00+01:00' },
    },
    {
      navn: 'spring change 2025: oppfylt late that evening',
      innlagt: '2025-03-25T09:00:00+01:00',
      vurdert: '2025-03-30T09:00:00+02:00',
      sendt: '2025-03-30T23:00:00+02:00',
      e: { status: 'oppfylt', frist: '2025-03-31T00:00:00+02:00' },
    },
    {
      navn: 'autumn change 2025: oppfylt late that evening',
      innlagt: '2025-10-20T09:00:00+02:00',
      vurdert: '2025-10-26T09:00:00+01:00',
      sendt: '2025-10-26T23:00:00+01:00',
      e: { status: 'oppfylt', frist: '2025-10-27T00:00:00+01:00' },
    },
    {
      navn: 'vurdert 23:59 on 31 December, sent 23:59:30: oppfylt, due 2026-01-01 00:00',
      innlagt: '2025-12-28T09:00:00+01:00',
      vurdert: '2025-12-31T23:59:00+01:00',
      sendt: '2025-12-31T23:59:30+01:00',
      e: { status: 'oppfylt', frist: '2026-01-01T00:00:00+01:00' },
    },
    {
      navn: 'vurdert 23:59 on 31 December, sent at 00:00 on 1 January: brutt',
      innlagt: '2025-12-28T09:00:00+01:00',
      vurdert: '2025-12-31T23:59:00+01:00',
      sendt: '2026-01-01T00:00:00+01:00',
      e: { status: 'brutt', frist: '2026-01-01T00:00:00+01:00', bruttTidspunkt: '2026-01-01T00:00:00+01:00' },
    },
    {
      navn: 'sent 00:30 Oslo next day (still the previous day in UTC): brutt',
      innlagt: '2026-01-10T09:00:00+01:00',
      vurdert: '2026-01-15T15:00:00Z',
      sendt: '2026-01-15T23:30:00Z',
      e: { status: 'brutt', frist: '2026-01-16T00:00:00+01:00', oppfyltTidspunkt: '2026-01-16T00:30:00+01:00' },
    },
    {
      navn: 'vurdert 00:30 Oslo (previous day in UTC), sent that Oslo evening: oppfylt',
      innlagt: '2026-01-10T09:00:00+01:00',
      vurdert: '2026-01-15T23:30:00Z',
      sendt: '2026-01-16T20:00:00+01:00',
      e: { status: 'oppfylt', frist: '2026-01-17T00:00:00+01:00' },
    },
  ])('$navn', ({ innlagt, vurdert, sendt, e }) => {
    const fakta = forlop(innlagt, [
      ['INNLEGGELSESMELDING_SENDT', innlagt],
      ['UTSKRIVNINGSKLAR', sendt, melding(vurdert)],
    ]);
    const f = finn(alle(fakta, sendt), 'UTSKRIVNINGSKLAR_MELDING:3');
    sjekk(f, e);
    expect(f.ansvarlig).toBe('sykehus');
    expect(f.art).toBe('calendar');
  });

  test('the grunn of a late melding names the Oslo vurderingsdag', () => {
    const fakta = forlop('2026-01-10T09:00:00+01:00', [
      ['UTSKRIVNINGSKLAR', '2026-01-15T23:30:00Z', melding('2026-01-15T15:00:00Z')],
    ]);
    expect(finn(alle(fakta, '2026-01-16T01:00:00+01:00'), 'UTSKRIVNINGSKLAR_MELDING').grunn).toContain('2026-01-15');
  });

  test('a melding registered the next day but sent the same day is oppfylt', () => {
    const fakta = forlop('2026-01-10T09:00:00+01:00', [
      ['UTSKRIVNINGSKLAR', '2026-01-15T16:00:00+01:00', melding('2026-01-15T10:00:00+01:00'), '2026-01-16T09:00:00+01:00'],
    ]);
    sjekk(finn(alle(fakta, '2026-01-16T09:00:00+01:00'), 'UTSKRIVNINGSKLAR_MELDING'), { status: 'oppfylt' });
  });

  const PUNKTER: (keyof Vurdering)[] = [
    'problemstillingerVedInnleggelseAvklart',
    'ovrigeProblemstillingerAvklart',
    'uavklarteProblemstillingerAngitt',
    'funksjonsnivaaVurdert',
  ];
  test.each(PUNKTER)('a melding without point %s is not valid: brutt at once, escalates 24 h later', (punkt) => {
    const sendt = '2026-01-15T14:00:00+01:00';
    const fakta = forlop('2026-01-10T09:00:00+01:00', [
      ['UTSKRIVNINGSKLAR', sendt, melding('2026-01-15T10:00:00+01:00', { ...KOMPLETT, [punkt]: false })],
    ]);
    const f = finn(alle(fakta, sendt), 'UTSKRIVNINGSKLAR_MELDING');
    sjekk(f, { status: 'brutt', oppfyltTidspunkt: null, bruttTidspunkt: sendt, eskalering: '2026-01-16T14:00:00+01:00' });
    expect(f.grunn).toMatch(/a–d/);
  });

  test('a melding without any vurdering is not valid', () => {
    const sendt = '2026-01-15T14:00:00+01:00';
    const fakta = forlop('2026-01-10T09:00:00+01:00', [['UTSKRIVNINGSKLAR', sendt, { vurdertTidspunkt: sendt }]]);
    sjekk(finn(alle(fakta, sendt), 'UTSKRIVNINGSKLAR_MELDING'), { status: 'brutt', oppfyltTidspunkt: null });
  });

  test('an incomplete melding followed by a complete one: the first stays brutt but stops escalating, the second is oppfylt', () => {
    const fakta = forlop('2026-01-10T09:00:00+01:00', [
      ['UTSKRIVNINGSKLAR', '2026-01-15T14:00:00+01:00', melding('2026-01-15T10:00:00+01:00', UFULLSTENDIG)],
      ['UTSKRIVNINGSKLAR', '2026-01-15T16:00:00+01:00', melding('2026-01-15T10:00:00+01:00')],
    ]);
    const f = alle(fakta, '2026-01-15T17:00:00+01:00');
    sjekk(finn(f, 'UTSKRIVNINGSKLAR_MELDING:2'), { status: 'brutt', eskalering: null });
    sjekk(finn(f, 'UTSKRIVNINGSKLAR_MELDING:3'), { status: 'oppfylt', oppfyltTidspunkt: '2026-01-15T16:00:00+01:00' });
  });

  test('forløp cancelled: a late melding becomes bortfalt, a met one stays oppfylt', () => {
    const fakta = forlop('2026-01-10T09:00:00+01:00', [
      ['UTSKRIVNINGSKLAR', '2026-01-16T09:00:00+01:00', melding('2026-01-15T10:00:00+01:00')],
      ['UTSKRIVNINGSKLAR_AVMELDT', '2026-01-16T12:00:00+01:00', { arsak: 'forverring' }],
      ['UTSKRIVNINGSKLAR', '2026-01-18T09:00:00+01:00', melding('2026-01-18T08:00:00+01:00')],
      ['FORLOP_AVBRUTT', '2026-01-18T12:00:00+01:00', { arsak: 'feilregistrert' }],
    ]);
    const f = alle(fakta, '2026-01-18T13:00:00+01:00');
    sjekk(finn(f, 'UTSKRIVNINGSKLAR_MELDING:2'), { status: 'bortfalt', bruttTidspunkt: null, eskalering: null });
    sjekk(finn(f, 'UTSKRIVNINGSKLAR_MELDING:4'), { status: 'oppfylt' });
  });
});

// ---------------------------------------------------------------- KOMMUNESVAR

describe('KOMMUNESVAR (kommune, +4 h elapsed after the melding, configurable per kommune)', () => {
  test.each([
    ['ordinary day', '2026-01-15T10:00:00+01:00', '2026-01-15T14:00:00.000+01:00', '2026-01-15T13:00:00.000+01:00'],
    ['melding at midnight', '2026-01-16T00:00:00+01:00', '2026-01-16T04:00:00.000+01:00', '2026-01-16T03:00:00.000+01:00'],
    ['over the spring change 2026', '2026-03-29T00:30:00+01:00', '2026-03-29T05:30:00.000+02:00', '2026-03-29T04:30:00.000+02:00'],
    ['over the autumn change 2026', '2026-10-25T00:30:00+02:00', '2026-10-25T03:30:00.000+01:00', '2026-10-25T02:30:00.000+01:00'],
    ['over the spring change 2025', '2025-03-30T01:00:00+01:00', '2025-03-30T06:00:00.000+02:00', '2025-03-30T05:00:00.000+02:00'],
    ['over the autumn change 2025', '2025-10-26T01:00:00+02:00', '2025-10-26T04:00:00.000+01:00', '2025-10-26T03:00:00.000+01:00'],
    ['across the year end', '2025-12-31T22:00:00+01:00', '2026-01-01T02:00:00.000+01:00', '2026-01-01T01:00:00.000+01:00'],
  ])('%s: aktiv, due 4 h later, reminder 1 h before', (_navn, m, frist, paminnelse) => {
    const innlagt = flytt(m, -72);
    const fakta = forlop(innlagt, [
      ['INNLEGGELSESMELDING_SENDT', flytt(innlagt, 1)],
      ['UTSKRIVNINGSKLAR', m, melding(m)],
    ]);
    const f = finn(alle(fakta, m), 'KOMMUNESVAR:3');
    sjekk(f, { status: 'aktiv', start: m, frist, paminnelser: [paminnelse], eskalering: null });
    expect(msOf(f.frist!) - msOf(m)).toBe(4 * TIME);
    expect(f.ansvarlig).toBe('kommune');
  });

  const INN = '2026-01-14T09:00:00+01:00';
  const M = '2026-01-15T10:00:00+01:00';
  const F = '2026-01-15T14:00:00+01:00';
  const fram: Kort[] = [
    ['INNLEGGELSESMELDING_SENDT', '2026-01-14T10:00:00+01:00'],
    ['UTSKRIVNINGSKLAR', M, melding(M)],
  ];

  test.each<{ navn: string; steg: Kort[]; naa: string; konfig?: Partial<FristKonfigurasjon>; e: Forventet }>([
    { navn: 'answered no at 13:00: oppfylt', steg: [['KOMMUNESVAR', '2026-01-15T13:00:00+01:00', nei('2026-01-20')]], naa: '2026-01-15T13:00:00+01:00', e: { status: 'oppfylt', oppfyltTidspunkt: '2026-01-15T13:00:00+01:00', paminnelser: [] } },
    { navn: 'answered yes at the due instant: oppfylt', steg: [['KOMMUNESVAR', F, JA]], naa: F, e: { status: 'oppfylt' } },
    { navn: 'reported tilbud klart straight away: counts as the answer', steg: [['TILBUD_KLART', '2026-01-15T12:00:00+01:00', { tilbud: 'korttidsopphold' }]], naa: '2026-01-15T12:00:00+01:00', e: { status: 'oppfylt' } },
    { navn: 'answered one minute late: brutt at the due instant, no escalation', steg: [['KOMMUNESVAR', '2026-01-15T14:01:00+01:00', nei('2026-01-20')]], naa: '2026-01-15T14:01:00+01:00', e: { status: 'brutt', bruttTidspunkt: F, eskalering: null } },
    { navn: 'no answer one second before due: aktiv', steg: [], naa: '2026-01-15T13:59:59+01:00', e: { status: 'aktiv', frist: F } },
    { navn: 'no answer at due: brutt, escalates 24 h later', steg: [], naa: F, e: { status: 'brutt', bruttTidspunkt: F, eskalering: '2026-01-16T14:00:00+01:00', paminnelser: [] } },
    {
      navn: 'answer given by phone at 12:00 and registered at 16:00, after other hendelser: oppfylt',
      steg: [
        ['STATUSENDRING', '2026-01-15T15:00:00+01:00', { beskrivelse: 'stabil' }],
        ['KOMMUNESVAR', '2026-01-15T12:00:00+01:00', nei('2026-01-20'), '2026-01-15T16:00:00+01:00'],
      ],
      naa: '2026-01-15T16:00:00+01:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-01-15T12:00:00+01:00', eskalering: null },
    },
    { navn: 'avmelding before due without answer: bortfalt', steg: [['UTSKRIVNINGSKLAR_AVMELDT', '2026-01-15T12:00:00+01:00', { arsak: 'forverring' }]], naa: '2026-01-15T16:00:00+01:00', e: { status: 'bortfalt', eskalering: null } },
    { navn: 'avmelding after due without answer: brutt', steg: [['UTSKRIVNINGSKLAR_AVMELDT', '2026-01-15T15:00:00+01:00', { arsak: 'forverring' }]], naa: '2026-01-15T16:00:00+01:00', e: { status: 'brutt', bruttTidspunkt: F } },
    { navn: 'transferred to another hospital before due: bortfalt', steg: [['UTSKREVET', '2026-01-15T11:00:00+01:00', til('annet_sykehus')]], naa: '2026-01-15T16:00:00+01:00', e: { status: 'bortfalt' } },
    { navn: 'forløp cancelled after the breach: bortfalt', steg: [['FORLOP_AVBRUTT', '2026-01-15T16:00:00+01:00', { arsak: 'feil' }]], naa: '2026-01-15T17:00:00+01:00', e: { status: 'bortfalt', eskalering: null, bruttTidspunkt: null } },
    { navn: 'kommune override PT2H: due 12:00, reminder 11:00', steg: [], naa: M, konfig: { kommunesvar: 'PT2H' }, e: { status: 'aktiv', frist: '2026-01-15T12:00:00+01:00', paminnelser: ['2026-01-15T11:00:00+01:00'] } },
    { navn: 'kommune override PT2H: an answer at 13:00 is late', steg: [['KOMMUNESVAR', '2026-01-15T13:00:00+01:00', JA]], naa: '2026-01-15T13:00:00+01:00', konfig: { kommunesvar: 'PT2H' }, e: { status: 'brutt', bruttTidspunkt: '2026-01-15T12:00:00+01:00' } },
    { navn: 'kommune override of the reminder PT30M', steg: [], naa: M, konfig: { kommunesvarPaminnelseFor: 'PT30M' }, e: { status: 'aktiv', paminnelser: ['2026-01-15T13:30:00+01:00'] } },
    { navn: 'kommune override of the escalation PT8H', steg: [], naa: '2026-01-15T15:00:00+01:00', konfig: { eskalering: 'PT8H' }, e: { status: 'brutt', eskalering: '2026-01-15T22:00:00+01:00' } },
  ])('$navn', ({ steg, naa, konfig, e }) => {
    sjekk(finn(alle(forlop(INN, [...fram, ...steg]), naa, konfig), 'KOMMUNESVAR:3'), e);
  });

  test('each melding has its own KOMMUNESVAR frist', () => {
    const fakta = forlop(INN, [
      ...fram,
      ['KOMMUNESVAR', '2026-01-15T11:00:00+01:00', nei('2026-01-20')],
      ['UTSKRIVNINGSKLAR_AVMELDT', '2026-01-16T10:00:00+01:00', { arsak: 'forverring' }],
      ['UTSKRIVNINGSKLAR', '2026-01-18T10:00:00+01:00', melding('2026-01-18T09:00:00+01:00')],
    ]);
    const f = alle(fakta, '2026-01-18T15:00:00+01:00').filter((x) => x.id === 'KOMMUNESVAR');
    expect(f.map((x) => x.nokkel)).toEqual(['KOMMUNESVAR:3', 'KOMMUNESVAR:6']);
    sjekk(f[0], { status: 'oppfylt' });
    sjekk(f[1], { status: 'brutt', frist: '2026-01-18T14:00:00+01:00' });
  });
});

// ---------------------------------------------------------------- TILBUD_KLART

describe('TILBUD_KLART (kommune, by the end of the date it gave)', () => {
  /** Meldt on `m`, the kommune says no at `n` expecting `klarDato`. KOMMUNESVAR is sekvens 4. */
  const venter = (m: string, n: string, klarDato: string | undefined, etter: Kort[] = []): ForlopFakta =>
    forlop(flytt(m, -72), [
      ['INNLEGGELSESMELDING_SENDT', flytt(m, -71)],
      ['UTSKRIVNINGSKLAR', m, melding(m)],
      ['KOMMUNESVAR', n, nei(klarDato)],
      ...etter,
    ]);

  test.each([
    ['spring change 2026', '2026-03-29', '2026-03-30T00:00:00.000+02:00'],
    ['autumn change 2026', '2026-10-25', '2026-10-26T00:00:00.000+01:00'],
    ['spring change 2025', '2025-03-30', '2025-03-31T00:00:00.000+02:00'],
    ['autumn change 2025', '2025-10-26', '2025-10-27T00:00:00.000+01:00'],
    ['year end', '2025-12-31', '2026-01-01T00:00:00.000+01:00'],
    ['ordinary day', '2026-01-20', '2026-01-21T00:00:00.000+01:00'],
  ])('%s: due at the end of %s in Oslo', (_navn, klarDato, frist) => {
    const m = DateTime.fromISO(klarDato, { zone: 'Europe/Oslo' }).minus({ days: 2 }).set({ hour: 10 }).toISO()!;
    const n = flytt(m, 1);
    const f = finn(alle(venter(m, n, klarDato), n), 'TILBUD_KLART:4');
    sjekk(f, { status: 'aktiv', start: n, frist, eskalering: null });
    expect(f.ansvarlig).toBe('kommune');
  });

  const M = '2026-03-27T10:00:00+01:00';
  const N = '2026-03-27T11:00:00+01:00';
  const F = '2026-03-30T00:00:00+02:00'; // end of 2026-03-29 (a 23 h day)

  test.each<{ navn: string; etter: Kort[]; naa: string; e: Forventet }>([
    { navn: 'late on the expected date: aktiv', etter: [], naa: '2026-03-29T23:00:00+02:00', e: { status: 'aktiv', frist: F } },
    { navn: 'the date has passed: brutt, escalates at once (no avvik for this frist)', etter: [], naa: F, e: { status: 'brutt', bruttTidspunkt: F, eskalering: F } },
    { navn: 'reported klart 23:59 on the date: oppfylt', etter: [['TILBUD_KLART', '2026-03-29T23:59:00+02:00', { tilbud: 'korttidsopphold' }]], naa: '2026-03-30T08:00:00+02:00', e: { status: 'oppfylt', oppfyltTidspunkt: '2026-03-29T23:59:00+02:00', eskalering: null } },
    { navn: 'reported klart 00:01 the day after: brutt, no escalation (done)', etter: [['TILBUD_KLART', '2026-03-30T00:01:00+02:00', { tilbud: 'korttidsopphold' }]], naa: '2026-03-30T08:00:00+02:00', e: { status: 'brutt', bruttTidspunkt: F, eskalering: null } },
    { navn: 'says yes after all on the date: oppfylt', etter: [['KOMMUNESVAR', '2026-03-29T15:00:00+02:00', JA]], naa: '2026-03-30T08:00:00+02:00', e: { status: 'oppfylt' } },
    {
      navn: 'klart registered after the date but reported on it: oppfylt',
      etter: [
        ['STATUSENDRING', '2026-03-30T09:00:00+02:00', { beskrivelse: 'venter' }],
        ['TILBUD_KLART', '2026-03-29T16:00:00+02:00', { tilbud: 'hjem_med_tjenester' }, '2026-03-30T10:00:00+02:00'],
      ],
      naa: '2026-03-30T10:00:00+02:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-03-29T16:00:00+02:00' },
    },
    { navn: 'avmelding before the date: bortfalt', etter: [['UTSKRIVNINGSKLAR_AVMELDT', '2026-03-28T10:00:00+01:00', { arsak: 'forverring' }]], naa: '2026-03-30T10:00:00+02:00', e: { status: 'bortfalt', eskalering: null } },
    { navn: 'transferred to another hospital before the date: bortfalt', etter: [['UTSKREVET', '2026-03-28T10:00:00+01:00', til('annet_sykehus')]], naa: '2026-03-30T10:00:00+02:00', e: { status: 'bortfalt' } },
    { navn: 'forløp cancelled after the date: bortfalt', etter: [['FORLOP_AVBRUTT', '2026-03-30T10:00:00+02:00', { arsak: 'feil' }]], naa: '2026-03-30T11:00:00+02:00', e: { status: 'bortfalt', eskalering: null, bruttTidspunkt: null } },
  ])('$navn', ({ etter, naa, e }) => {
    sjekk(finn(alle(venter(M, N, '2026-03-29', etter), naa), 'TILBUD_KLART:4'), e);
  });

  test('no TILBUD_KLART frist when the kommune gave no expected date', () => {
    expect(ider(alle(venter(M, N, undefined), '2026-04-05T10:00:00+02:00'))).not.toContain('TILBUD_KLART');
  });

  test('a new "kan ikke" with a later date before the first date passes: the first lapses, the new one runs', () => {
    const fakta = venter(M, N, '2026-03-29', [['KOMMUNESVAR', '2026-03-28T12:00:00+01:00', nei('2026-04-02')]]);
    const f = alle(fakta, '2026-03-31T10:00:00+02:00');
    sjekk(finn(f, 'TILBUD_KLART:4'), { status: 'bortfalt', eskalering: null });
    sjekk(finn(f, 'TILBUD_KLART:5'), { status: 'aktiv', frist: '2026-04-03T00:00:00+02:00' });
  });

  test('the revised date is met: the superseded first date stays bortfalt, it does not turn brutt when klart arrives', () => {
    // Before klart the first is bortfalt (test above); klart on 31 March meets the revised date 2 April.
    const fakta = venter(M, N, '2026-03-29', [
      ['KOMMUNESVAR', '2026-03-28T12:00:00+01:00', nei('2026-04-02')],
      ['TILBUD_KLART', '2026-03-31T09:00:00+02:00', { tilbud: 'korttidsopphold' }],
    ]);
    const f = alle(fakta, '2026-03-31T10:00:00+02:00');
    sjekk(finn(f, 'TILBUD_KLART:5'), { status: 'oppfylt' });
    sjekk(finn(f, 'TILBUD_KLART:4'), { status: 'bortfalt', bruttTidspunkt: null });
  });
});

// ---------------------------------------------------------------- EPIKRISE

describe('EPIKRISE (sykehus, at utskrivning, grace configurable)', () => {
  const INN = '2026-01-14T09:00:00+01:00';
  const U = '2026-01-20T12:00:00+01:00';
  const fram = (dest: Destinasjon = 'korttidsopphold', ut = U): Kort[] => [
    ['INNLEGGELSESMELDING_SENDT', '2026-01-14T10:00:00+01:00'],
    ['UTSKRIVNINGSKLAR', '2026-01-19T10:00:00+01:00', melding()],
    ['KOMMUNESVAR', '2026-01-19T11:00:00+01:00', JA],
    ['UTSKREVET', ut, til(dest)],
  ];

  test.each<{ navn: string; steg: Kort[]; naa: string; konfig?: Partial<FristKonfigurasjon>; e: Forventet }>([
    {
      navn: 'sent before utskrivning: oppfylt, due at utskrivning',
      steg: [['EPIKRISE_SENDT', '2026-01-20T11:00:00+01:00'], ...fram()],
      naa: U,
      e: { status: 'oppfylt', start: U, frist: U, oppfyltTidspunkt: '2026-01-20T11:00:00+01:00', eskalering: null },
    },
    { navn: 'sent at the instant of utskrivning (registered after it): oppfylt', steg: [...fram(), ['EPIKRISE_SENDT', U, {}, '2026-01-20T12:05:00+01:00']], naa: '2026-01-20T12:05:00+01:00', e: { status: 'oppfylt', oppfyltTidspunkt: U } },
    { navn: 'grace 0, sent one minute after: brutt at utskrivning, no escalation', steg: [...fram(), ['EPIKRISE_SENDT', '2026-01-20T12:01:00+01:00']], naa: '2026-01-20T12:01:00+01:00', e: { status: 'brutt', bruttTidspunkt: U, eskalering: null } },
    { navn: 'grace 0, not sent: brutt at once, escalates 24 h later', steg: fram(), naa: U, e: { status: 'brutt', bruttTidspunkt: U, eskalering: '2026-01-21T12:00:00+01:00' } },
    { navn: 'grace PT2H, not yet sent after 1 h: aktiv', steg: fram(), naa: '2026-01-20T13:00:00+01:00', konfig: { epikriseGrace: 'PT2H' }, e: { status: 'aktiv', frist: '2026-01-20T14:00:00+01:00' } },
    { navn: 'grace PT2H, sent after 90 min: oppfylt', steg: [...fram(), ['EPIKRISE_SENDT', '2026-01-20T13:30:00+01:00']], naa: '2026-01-20T13:30:00+01:00', konfig: { epikriseGrace: 'PT2H' }, e: { status: 'oppfylt' } },
    { navn: 'grace PT2H, not sent: brutt at the end of the grace', steg: fram(), naa: '2026-01-20T14:00:00+01:00', konfig: { epikriseGrace: 'PT2H' }, e: { status: 'brutt', bruttTidspunkt: '2026-01-20T14:00:00+01:00', eskalering: '2026-01-21T14:00:00+01:00' } },
    { navn: 'grace PT2H over the spring change: 01:30 CET + 2 h = 04:30 CEST', steg: fram('korttidsopphold', '2026-03-29T01:30:00+01:00'), naa: '2026-03-29T01:30:00+01:00', konfig: { epikriseGrace: 'PT2H' }, e: { status: 'aktiv', frist: '2026-03-29T04:30:00+02:00' } },
    { navn: 'grace PT1H across the year end', steg: fram('korttidsopphold', '2025-12-31T23:30:00+01:00'), naa: '2025-12-31T23:30:00+01:00', konfig: { epikriseGrace: 'PT1H' }, e: { status: 'aktiv', frist: '2026-01-01T00:30:00+01:00' } },
    { navn: 'grace PT2H, patient dies within it: bortfalt', steg: [...fram(), ['DOD', '2026-01-20T13:00:00+01:00']], naa: '2026-01-20T15:00:00+01:00', konfig: { epikriseGrace: 'PT2H' }, e: { status: 'bortfalt' } },
    { navn: 'forløp cancelled after the breach: bortfalt', steg: [...fram(), ['FORLOP_AVBRUTT', '2026-01-20T13:00:00+01:00', { arsak: 'feil' }]], naa: '2026-01-20T15:00:00+01:00', e: { status: 'bortfalt', eskalering: null } },
  ])('$navn', ({ steg, naa, konfig, e }) => {
    const f = finn(alle(forlop(INN, steg), naa, konfig), 'EPIKRISE');
    sjekk(f, e);
    expect(f.ansvarlig).toBe('sykehus');
  });

  test.each<Destinasjon>(['hjem', 'hjem_med_tjenester', 'korttidsopphold', 'langtidsopphold', 'annen_institusjon', 'annet_sykehus'])(
    'discharge to %s has an EPIKRISE frist',
    (dest) => {
      expect(ider(alle(forlop(INN, fram(dest)), U))).toContain('EPIKRISE');
    },
  );

  test('no EPIKRISE frist before utskrivning, nor for destinasjon dod', () => {
    expect(ider(alle(forlop(INN, fram().slice(0, 3)), U))).not.toContain('EPIKRISE');
    expect(ider(alle(forlop(INN, fram('dod')), U))).not.toContain('EPIKRISE');
  });
});

// ---------------------------------------------------------------- OPPFOLGING

describe('OPPFOLGING (kommune, +24 h after discharge home)', () => {
  const INN = '2026-10-20T09:00:00+02:00';
  const U = '2026-10-24T12:00:00+02:00';
  const F = '2026-10-25T11:00:00+01:00'; // 24 h elapsed over the autumn change
  const fram = (dest: Destinasjon = 'hjem', ut = U): Kort[] => [
    ['INNLEGGELSESMELDING_SENDT', '2026-10-20T10:00:00+02:00'],
    ['EPIKRISE_SENDT', flytt(ut, -1)],
    ['UTSKREVET', ut, til(dest)],
  ];

  test.each<{ navn: string; steg: Kort[]; naa: string; konfig?: Partial<FristKonfigurasjon>; e: Forventet }>([
    { navn: 'home over the autumn change: aktiv, due 11:00 CET, reminder 2 h before', steg: fram(), naa: U, e: { status: 'aktiv', start: U, frist: F, paminnelser: ['2026-10-25T09:00:00+01:00'], eskalering: null } },
    { navn: 'hjem_med_tjenester over the spring change: due 13:00 CEST', steg: fram('hjem_med_tjenester', '2026-03-28T12:00:00+01:00'), naa: '2026-03-28T12:00:00+01:00', e: { status: 'aktiv', frist: '2026-03-29T13:00:00+02:00', paminnelser: ['2026-03-29T11:00:00+02:00'] } },
    { navn: 'home across the year end', steg: fram('hjem', '2025-12-31T18:00:00+01:00'), naa: '2025-12-31T18:00:00+01:00', e: { status: 'aktiv', frist: '2026-01-01T18:00:00+01:00' } },
    { navn: 'started at the due instant: oppfylt', steg: [...fram(), ['OPPFOLGING_STARTET', F, { beskrivelse: 'første besøk' }]], naa: F, e: { status: 'oppfylt', oppfyltTidspunkt: F, paminnelser: [] } },
    { navn: 'started one minute late: brutt', steg: [...fram(), ['OPPFOLGING_STARTET', '2026-10-25T11:01:00+01:00', { beskrivelse: 'besøk' }]], naa: '2026-10-25T11:01:00+01:00', e: { status: 'brutt', bruttTidspunkt: F, eskalering: null } },
    { navn: 'not documented at due: brutt, escalates 24 h later', steg: fram(), naa: F, e: { status: 'brutt', bruttTidspunkt: F, eskalering: '2026-10-26T11:00:00+01:00' } },
    {
      navn: 'documented late but the visit was in time: oppfylt',
      steg: [...fram(), ['OPPFOLGING_STARTET', '2026-10-24T18:00:00+02:00', { beskrivelse: 'besøk' }, '2026-10-26T09:00:00+01:00']],
      naa: '2026-10-26T09:00:00+01:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-10-24T18:00:00+02:00' },
    },
    { navn: 'patient dies at home before due: bortfalt', steg: [...fram(), ['DOD', '2026-10-24T20:00:00+02:00']], naa: '2026-10-26T09:00:00+01:00', e: { status: 'bortfalt', eskalering: null } },
    { navn: 'forløp cancelled: bortfalt', steg: [...fram(), ['FORLOP_AVBRUTT', '2026-10-26T09:00:00+01:00', { arsak: 'feil' }]], naa: '2026-10-26T10:00:00+01:00', e: { status: 'bortfalt', eskalering: null } },
    { navn: 'configured PT48H', steg: fram(), naa: U, konfig: { oppfolging: 'PT48H' }, e: { status: 'aktiv', frist: '2026-10-26T11:00:00+01:00', paminnelser: ['2026-10-26T09:00:00+01:00'] } },
  ])('$navn', ({ steg, naa, konfig, e }) => {
    const f = finn(alle(forlop(INN, steg), naa, konfig), 'OPPFOLGING');
    sjekk(f, e);
    expect(f.ansvarlig).toBe('kommune');
  });

  test.each<Destinasjon>(['korttidsopphold', 'langtidsopphold', 'annen_institusjon', 'annet_sykehus', 'dod'])(
    'no OPPFOLGING frist after discharge to %s',
    (dest) => {
      expect(ider(alle(forlop(INN, fram(dest)), U))).not.toContain('OPPFOLGING');
    },
  );
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

  test('the default configuration is what domain.md names', () => {
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

  test('a frist must be longer than zero; a reminder lead time or grace may be zero (the API\'s rule too)', () => {
    expect(fristKonfigurasjon(STANDARD, { kommunesvar: 'PT0S' }).kommunesvar).toBe('PT4H');
    expect(fristKonfigurasjon(STANDARD, { observasjonsvindu: 'P0D' }).observasjonsvindu).toBe('P30D');
    expect(fristKonfigurasjon(STANDARD, { kommunesvarPaminnelseFor: 'PT0S' }).kommunesvarPaminnelseFor).toBe('PT0S');
    expect(fristKonfigurasjon(STANDARD, { epikriseGrace: 'PT6H' }).epikriseGrace).toBe('PT6H');
  });
});
