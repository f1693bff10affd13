/**
 * The KOMMUNESVAR frist (workflows/frister/KOMMUNESVAR.ts) as its parties check it: the kommune
 * answers each melding within the configured elapsed time. Europe/Oslo throughout, including the
 * daylight-saving changes, midnight and the year end.
 */
import type { FristKonfigurasjon } from '../../../workflows/types';
import { forlop, JA, melding, nei, til, type Kort } from '../../helpers/fakta';
import { alle, finn, flytt, msOf, sjekk, TIME, type Forventet } from '../../helpers/frister';

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
    {
      navn: 'answered no at 13:00: oppfylt',
      steg: [['KOMMUNESVAR', '2026-01-15T13:00:00+01:00', nei('2026-01-20')]],
      naa: '2026-01-15T13:00:00+01:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-01-15T13:00:00+01:00', paminnelser: [] },
    },
    { navn: 'answered yes at the due instant: oppfylt', steg: [['KOMMUNESVAR', F, JA]], naa: F, e: { status: 'oppfylt' } },
    {
      navn: 'reported tilbud klart straight away: counts as the answer',
      steg: [['TILBUD_KLART', '2026-01-15T12:00:00+01:00', { tilbud: 'korttidsopphold' }]],
      naa: '2026-01-15T12:00:00+01:00',
      e: { status: 'oppfylt' },
    },
    {
      navn: 'answered one minute late: brutt at the due instant, no escalation',
      steg: [['KOMMUNESVAR', '2026-01-15T14:01:00+01:00', nei('2026-01-20')]],
      naa: '2026-01-15T14:01:00+01:00',
      e: { status: 'brutt', bruttTidspunkt: F, eskalering: null },
    },
    { navn: 'no answer one second before due: aktiv', steg: [], naa: '2026-01-15T13:59:59+01:00', e: { status: 'aktiv', frist: F } },
    {
      navn: 'no answer at due: brutt, escalates 24 h later',
      steg: [],
      naa: F,
      e: { status: 'brutt', bruttTidspunkt: F, eskalering: '2026-01-16T14:00:00+01:00', paminnelser: [] },
    },
    {
      navn: 'answer given by phone at 12:00 and registered at 16:00, after other hendelser: oppfylt',
      steg: [
        ['STATUSENDRING', '2026-01-15T15:00:00+01:00', { beskrivelse: 'stabil' }],
        ['KOMMUNESVAR', '2026-01-15T12:00:00+01:00', nei('2026-01-20'), '2026-01-15T16:00:00+01:00'],
      ],
      naa: '2026-01-15T16:00:00+01:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-01-15T12:00:00+01:00', eskalering: null },
    },
    {
      navn: 'avmelding before due without answer: bortfalt',
      steg: [['UTSKRIVNINGSKLAR_AVMELDT', '2026-01-15T12:00:00+01:00', { arsak: 'forverring' }]],
      naa: '2026-01-15T16:00:00+01:00',
      e: { status: 'bortfalt', eskalering: null },
    },
    {
      navn: 'avmelding after due without answer: brutt',
      steg: [['UTSKRIVNINGSKLAR_AVMELDT', '2026-01-15T15:00:00+01:00', { arsak: 'forverring' }]],
      naa: '2026-01-15T16:00:00+01:00',
      e: { status: 'brutt', bruttTidspunkt: F },
    },
    {
      navn: 'transferred to another hospital before due: bortfalt',
      steg: [['UTSKREVET', '2026-01-15T11:00:00+01:00', til('annet_sykehus')]],
      naa: '2026-01-15T16:00:00+01:00',
      e: { status: 'bortfalt' },
    },
    {
      navn: "discharged (the EPJ's melding om utskrevet pasient) before due without answer: bortfalt",
      steg: [['UTSKREVET', '2026-01-15T12:00:00+01:00', { ...til('hjem'), meldtAvEpj: true }]],
      naa: '2026-01-15T16:00:00+01:00',
      e: { status: 'bortfalt', eskalering: null, bruttTidspunkt: null },
    },
    {
      navn: "discharged (the EPJ's melding om utskrevet pasient) after due without answer: stays brutt",
      steg: [['UTSKREVET', '2026-01-15T15:00:00+01:00', { ...til('korttidsopphold'), meldtAvEpj: true }]],
      naa: '2026-01-15T16:00:00+01:00',
      e: { status: 'brutt', bruttTidspunkt: F },
    },
    {
      navn: 'forløp cancelled after the breach: bortfalt',
      steg: [['FORLOP_AVBRUTT', '2026-01-15T16:00:00+01:00', { arsak: 'feil' }]],
      naa: '2026-01-15T17:00:00+01:00',
      e: { status: 'bortfalt', eskalering: null, bruttTidspunkt: null },
    },
    {
      navn: 'kommune override PT2H: due 12:00, reminder 11:00',
      steg: [],
      naa: M,
      konfig: { kommunesvar: 'PT2H' },
      e: { status: 'aktiv', frist: '2026-01-15T12:00:00+01:00', paminnelser: ['2026-01-15T11:00:00+01:00'] },
    },
    {
      navn: 'kommune override PT2H: an answer at 13:00 is late',
      steg: [['KOMMUNESVAR', '2026-01-15T13:00:00+01:00', JA]],
      naa: '2026-01-15T13:00:00+01:00',
      konfig: { kommunesvar: 'PT2H' },
      e: { status: 'brutt', bruttTidspunkt: '2026-01-15T12:00:00+01:00' },
    },
    {
      navn: 'kommune override of the reminder PT30M',
      steg: [],
      naa: M,
      konfig: { kommunesvarPaminnelseFor: 'PT30M' },
      e: { status: 'aktiv', paminnelser: ['2026-01-15T13:30:00+01:00'] },
    },
    {
      navn: 'kommune override of the escalation PT8H',
      steg: [],
      naa: '2026-01-15T15:00:00+01:00',
      konfig: { eskalering: 'PT8H' },
      e: { status: 'brutt', eskalering: '2026-01-15T22:00:00+01:00' },
    },
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
