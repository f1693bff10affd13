/**
 * The KARTLEGGING frist (workflows/frister/KARTLEGGING.ts) as its parties check it: the
 * kartleggingsteam completes its kartlegging before the first melding om utskrivningsklar.
 * Europe/Oslo throughout, including the daylight-saving changes, midnight and the year end.
 */
import type { FristKonfigurasjon } from '../../../workflows/types';
import { forlop, melding, til, type Kort } from '../../helpers/fakta';
import { alle, finn, ider, sjekk, type Forventet } from '../../helpers/frister';

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
