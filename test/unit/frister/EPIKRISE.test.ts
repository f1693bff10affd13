/**
 * The EPIKRISE frist (workflows/frister/EPIKRISE.ts) as its parties check it: the ward sends the
 * epikrise at utskrivning (a configured grace). Europe/Oslo throughout, including the daylight-
 * saving changes, midnight and the year end.
 */
import type { Destinasjon, FristKonfigurasjon } from '../../../workflows/types';
import { forlop, JA, melding, til, type Kort } from '../../helpers/fakta';
import { alle, finn, ider, sjekk, type Forventet } from '../../helpers/frister';

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
    {
      navn: 'sent at the instant of utskrivning (registered after it): oppfylt',
      steg: [...fram(), ['EPIKRISE_SENDT', U, {}, '2026-01-20T12:05:00+01:00']],
      naa: '2026-01-20T12:05:00+01:00',
      e: { status: 'oppfylt', oppfyltTidspunkt: U },
    },
    {
      navn: 'grace 0, sent one minute after: brutt at utskrivning, no escalation',
      steg: [...fram(), ['EPIKRISE_SENDT', '2026-01-20T12:01:00+01:00']],
      naa: '2026-01-20T12:01:00+01:00',
      e: { status: 'brutt', bruttTidspunkt: U, eskalering: null },
    },
    {
      navn: 'grace 0, not sent: brutt at once, escalates 24 h later',
      steg: fram(),
      naa: U,
      e: { status: 'brutt', bruttTidspunkt: U, eskalering: '2026-01-21T12:00:00+01:00' },
    },
    {
      navn: 'grace PT2H, not yet sent after 1 h: aktiv',
      steg: fram(),
      naa: '2026-01-20T13:00:00+01:00',
      konfig: { epikriseGrace: 'PT2H' },
      e: { status: 'aktiv', frist: '2026-01-20T14:00:00+01:00' },
    },
    {
      navn: 'grace PT2H, sent after 90 min: oppfylt',
      steg: [...fram(), ['EPIKRISE_SENDT', '2026-01-20T13:30:00+01:00']],
      naa: '2026-01-20T13:30:00+01:00',
      konfig: { epikriseGrace: 'PT2H' },
      e: { status: 'oppfylt' },
    },
    {
      navn: 'grace PT2H, not sent: brutt at the end of the grace',
      steg: fram(),
      naa: '2026-01-20T14:00:00+01:00',
      konfig: { epikriseGrace: 'PT2H' },
      e: { status: 'brutt', bruttTidspunkt: '2026-01-20T14:00:00+01:00', eskalering: '2026-01-21T14:00:00+01:00' },
    },
    {
      navn: 'grace PT2H over the spring change: 01:30 CET + 2 h = 04:30 CEST',
      steg: fram('korttidsopphold', '2026-03-29T01:30:00+01:00'),
      naa: '2026-03-29T01:30:00+01:00',
      konfig: { epikriseGrace: 'PT2H' },
      e: { status: 'aktiv', frist: '2026-03-29T04:30:00+02:00' },
    },
    {
      navn: 'grace PT1H across the year end',
      steg: fram('korttidsopphold', '2025-12-31T23:30:00+01:00'),
      naa: '2025-12-31T23:30:00+01:00',
      konfig: { epikriseGrace: 'PT1H' },
      e: { status: 'aktiv', frist: '2026-01-01T00:30:00+01:00' },
    },
    {
      navn: 'grace PT2H, patient dies within it: bortfalt',
      steg: [...fram(), ['DOD', '2026-01-20T13:00:00+01:00']],
      naa: '2026-01-20T15:00:00+01:00',
      konfig: { epikriseGrace: 'PT2H' },
      e: { status: 'bortfalt' },
    },
    {
      navn: 'forløp cancelled after the breach: bortfalt',
      steg: [...fram(), ['FORLOP_AVBRUTT', '2026-01-20T13:00:00+01:00', { arsak: 'feil' }]],
      naa: '2026-01-20T15:00:00+01:00',
      e: { status: 'bortfalt', eskalering: null },
    },
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
