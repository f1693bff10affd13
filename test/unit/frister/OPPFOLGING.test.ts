/**
 * The OPPFOLGING frist (workflows/frister/OPPFOLGING.ts) as its parties check it: the kommune
 * documents its follow-up after a discharge home. Europe/Oslo throughout, including the daylight-
 * saving changes, midnight and the year end.
 */
import type { Destinasjon, FristKonfigurasjon } from '../../../workflows/types';
import { forlop, til, type Kort } from '../../helpers/fakta';
import { alle, finn, flytt, ider, sjekk, type Forventet } from '../../helpers/frister';

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
    {
      navn: 'home over the autumn change: aktiv, due 11:00 CET, reminder 2 h before',
      steg: fram(),
      naa: U,
      e: { status: 'aktiv', start: U, frist: F, paminnelser: ['2026-10-25T09:00:00+01:00'], eskalering: null },
    },
    {
      navn: 'hjem_med_tjenester over the spring change: due 13:00 CEST',
      steg: fram('hjem_med_tjenester', '2026-03-28T12:00:00+01:00'),
      naa: '2026-03-28T12:00:00+01:00',
      e: { status: 'aktiv', frist: '2026-03-29T13:00:00+02:00', paminnelser: ['2026-03-29T11:00:00+02:00'] },
    },
    {
      navn: 'home across the year end',
      steg: fram('hjem', '2025-12-31T18:00:00+01:00'),
      naa: '2025-12-31T18:00:00+01:00',
      e: { status: 'aktiv', frist: '2026-01-01T18:00:00+01:00' },
    },
    {
      navn: 'started at the due instant: oppfylt',
      steg: [...fram(), ['OPPFOLGING_STARTET', F, { beskrivelse: 'første besøk' }]],
      naa: F,
      e: { status: 'oppfylt', oppfyltTidspunkt: F, paminnelser: [] },
    },
    {
      navn: 'started one minute late: brutt',
      steg: [...fram(), ['OPPFOLGING_STARTET', '2026-10-25T11:01:00+01:00', { beskrivelse: 'besøk' }]],
      naa: '2026-10-25T11:01:00+01:00',
      e: { status: 'brutt', bruttTidspunkt: F, eskalering: null },
    },
    {
      navn: 'not documented at due: brutt, escalates 24 h later',
      steg: fram(),
      naa: F,
      e: { status: 'brutt', bruttTidspunkt: F, eskalering: '2026-10-26T11:00:00+01:00' },
    },
    {
      navn: 'documented late but the visit was in time: oppfylt',
      steg: [...fram(), ['OPPFOLGING_STARTET', '2026-10-24T18:00:00+02:00', { beskrivelse: 'besøk' }, '2026-10-26T09:00:00+01:00']],
      naa: '2026-10-26T09:00:00+01:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: '2026-10-24T18:00:00+02:00' },
    },
    {
      navn: 'patient dies at home before due: bortfalt',
      steg: [...fram(), ['DOD', '2026-10-24T20:00:00+02:00']],
      naa: '2026-10-26T09:00:00+01:00',
      e: { status: 'bortfalt', eskalering: null },
    },
    {
      navn: 'forløp cancelled: bortfalt',
      steg: [...fram(), ['FORLOP_AVBRUTT', '2026-10-26T09:00:00+01:00', { arsak: 'feil' }]],
      naa: '2026-10-26T10:00:00+01:00',
      e: { status: 'bortfalt', eskalering: null },
    },
    {
      navn: 'configured PT48H',
      steg: fram(),
      naa: U,
      konfig: { oppfolging: 'PT48H' },
      e: { status: 'aktiv', frist: '2026-10-26T11:00:00+01:00', paminnelser: ['2026-10-26T09:00:00+01:00'] },
    },
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
