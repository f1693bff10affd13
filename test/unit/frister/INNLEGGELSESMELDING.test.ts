/**
 * The INNLEGGELSESMELDING frist (workflows/frister/INNLEGGELSESMELDING.ts) as its parties check
 * it: the ward tells the kommune of the admission within the configured elapsed time. Europe/Oslo
 * throughout, including the daylight-saving changes, midnight and the year end.
 */
import { forlop, til, type Kort } from '../../helpers/fakta';
import { alle, finn, ider, msOf, sjekk, TIME, type Forventet } from '../../helpers/frister';

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
