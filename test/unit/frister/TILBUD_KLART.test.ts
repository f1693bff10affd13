/**
 * The TILBUD_KLART frist (workflows/frister/TILBUD_KLART.ts) as its parties check it: the kommune
 * reports the tilbud klart by the end of the date it gave. Europe/Oslo throughout, including the
 * daylight-saving changes, midnight and the year end.
 */
import { DateTime } from 'luxon';
import type { ForlopFakta } from '../../../workflows/frister';
import { forlop, JA, melding, nei, til, type Kort } from '../../helpers/fakta';
import { alle, finn, flytt, ider, sjekk, type Forventet } from '../../helpers/frister';

describe('TILBUD_KLART (kommune, by the end of the date it gave)', () => {
  /** Meldt on `m`, the kommune says no at `n` expecting `klarDato`. KOMMUNESVAR is sekvens 4. */
  const venter = (m: string, n: string, klarDato: string | undefined, etter: Kort[] = []): ForlopFakta =>
    forlop(flytt(m, -72), [['INNLEGGELSESMELDING_SENDT', flytt(m, -71)], ['UTSKRIVNINGSKLAR', m, melding(m)], ['KOMMUNESVAR', n, nei(klarDato)], ...etter]);

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
    {
      navn: 'the date has passed: brutt, escalates at once (no avvik for this frist)',
      etter: [],
      naa: F,
      e: { status: 'brutt', bruttTidspunkt: F, eskalering: F },
    },
    {
      navn: 'reported klart 23:59 on the date: oppfylt',
      etter: [['TILBUD_KLART', '2026-03-29T23:59:00+02:00', { tilbud: 'korttidsopphold' }]],
      naa: '2026-03-30T08:00:00+02:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-03-29T23:59:00+02:00', eskalering: null },
    },
    {
      navn: 'reported klart 00:01 the day after: brutt, no escalation (done)',
      etter: [['TILBUD_KLART', '2026-03-30T00:01:00+02:00', { tilbud: 'korttidsopphold' }]],
      naa: '2026-03-30T08:00:00+02:00',
      e: { status: 'brutt', bruttTidspunkt: F, eskalering: null },
    },
    {
      navn: 'says yes after all on the date: oppfylt',
      etter: [['KOMMUNESVAR', '2026-03-29T15:00:00+02:00', JA]],
      naa: '2026-03-30T08:00:00+02:00',
      e: { status: 'oppfylt' },
    },
    {
      navn: 'klart registered after the date but reported on it: oppfylt',
      etter: [
        ['STATUSENDRING', '2026-03-30T09:00:00+02:00', { beskrivelse: 'venter' }],
        ['TILBUD_KLART', '2026-03-29T16:00:00+02:00', { tilbud: 'hjem_med_tjenester' }, '2026-03-30T10:00:00+02:00'],
      ],
      naa: '2026-03-30T10:00:00+02:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-03-29T16:00:00+02:00' },
    },
    {
      navn: 'avmelding before the date: bortfalt',
      etter: [['UTSKRIVNINGSKLAR_AVMELDT', '2026-03-28T10:00:00+01:00', { arsak: 'forverring' }]],
      naa: '2026-03-30T10:00:00+02:00',
      e: { status: 'bortfalt', eskalering: null },
    },
    {
      navn: 'transferred to another hospital before the date: bortfalt',
      etter: [['UTSKREVET', '2026-03-28T10:00:00+01:00', til('annet_sykehus')]],
      naa: '2026-03-30T10:00:00+02:00',
      e: { status: 'bortfalt' },
    },
    {
      navn: 'forløp cancelled after the date: bortfalt',
      etter: [['FORLOP_AVBRUTT', '2026-03-30T10:00:00+02:00', { arsak: 'feil' }]],
      naa: '2026-03-30T11:00:00+02:00',
      e: { status: 'bortfalt', eskalering: null, bruttTidspunkt: null },
    },
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
