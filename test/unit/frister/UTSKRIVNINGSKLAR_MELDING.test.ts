/**
 * The UTSKRIVNINGSKLAR_MELDING frist (workflows/frister/UTSKRIVNINGSKLAR_MELDING.ts) as its
 * parties check it: the ward sends the melding the same Oslo calendar day as the vurdering, with
 * points a–d. Europe/Oslo throughout, including the daylight-saving changes, midnight and the year
 * end.
 */
import type { Vurdering } from '../../../workflows/types';
import { forlop, KOMPLETT, melding, UFULLSTENDIG } from '../../helpers/fakta';
import { alle, finn, sjekk, type Forventet } from '../../helpers/frister';

describe('UTSKRIVNINGSKLAR_MELDING (sykehus, same Oslo calendar day as the vurdering, points a–d)', () => {
  test.each<{ navn: string; innlagt: string; vurdert: string | undefined; sendt: string; e: Forventet }>([
    {
      navn: 'sent the same afternoon: oppfylt, due at midnight',
      innlagt: '2026-01-10T09:00:00+01:00',
      vurdert: '2026-01-15T10:00:00+01:00',
      sendt: '2026-01-15T14:00:00+01:00',
      e: {
        status: 'oppfylt',
        start: '2026-01-15T10:00:00+01:00',
        frist: '2026-01-16T00:00:00+01:00',
        oppfyltTidspunkt: '2026-01-15T14:00:00+01:00',
        bruttTidspunkt: null,
      },
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
    const fakta = forlop('2026-01-10T09:00:00+01:00', [['UTSKRIVNINGSKLAR', '2026-01-15T23:30:00Z', melding('2026-01-15T15:00:00Z')]]);
    expect(finn(alle(fakta, '2026-01-16T01:00:00+01:00'), 'UTSKRIVNINGSKLAR_MELDING').grunn).toContain('(15. januar 2026)');
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
    const fakta = forlop('2026-01-10T09:00:00+01:00', [['UTSKRIVNINGSKLAR', sendt, melding('2026-01-15T10:00:00+01:00', { ...KOMPLETT, [punkt]: false })]]);
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
