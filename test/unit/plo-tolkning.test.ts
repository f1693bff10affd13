/**
 * What a PLO message means for the forløp (plo/tolkning.ts): parties from the address table,
 * matching by admission, docs/api.md's table, times given as a day, and kansellering. Pure.
 */
import { lesPloMelding } from '../../plo/les';
import type { PloMelding } from '../../plo/melding';
import { destinasjonFra, finnForlop, finnParter, tolk, type Adresse, type ApentForlop, type Parter } from '../../plo/tolkning';
import { ploXml, type TestMelding } from '../helpers/plo';

const FNR = '01017012343';
const ADRESSER = new Map<string, Adresse>(
  [
    { herId: '8100000', org: 'HSYK', navn: 'Helgelandssykehuset HF' },
    { herId: '8101001', org: 'HSYK-MO', navn: 'Mo i Rana, Medisinsk avdeling' },
    { herId: '918330', org: '1833', navn: 'Rana kommune' },
    { herId: '918331', org: '1833', navn: 'Rana kommune, Saksbehandler PLO' },
    { herId: '8199999', org: 'MOTOR', navn: 'Motoren' },
  ].map((a) => [a.herId, a]),
);
const SYKEHUS = new Set(['HSYK-MO']);
const KOMMUNER = new Set(['1833']);

function lest(o: Partial<TestMelding> & Pick<TestMelding, 'type' | 'hendelser'>): PloMelding {
  const r = lesPloMelding(ploXml({ genDate: '2026-03-04T10:00:00', avsender: ['8100000', '8101001'], mottaker: ['918330', '918331'], fnr: FNR, ...o }).xml);
  if (!r.ok) throw new Error(JSON.stringify(r.feil));
  return r.melding;
}
const parter = (m: PloMelding): Parter => finnParter(m, ADRESSER, SYKEHUS, KOMMUNER);
const HK1 = { kode: 1, tid: '2026-03-02T08:15:00' };
const apent = (o: Partial<ApentForlop> = {}): ApentForlop => ({ id: 'f-1', status: 'innlagt', innlagtTidspunkt: '2026-03-02T07:15:00.000Z', ...o });

test('the parties: the deepest HER-id the table knows, the sykehus and the kommune on either side', () => {
  const m = lest({ type: 'LOG_INNLAGT', hendelser: [HK1] });
  expect(parter(m)).toEqual({
    avsenderHer: '8100000',
    avsender: { org: 'HSYK-MO', rolle: 'sykehus' },
    mottaker: ADRESSER.get('918331'),
    sykehus: 'HSYK-MO',
    kommune: '1833',
  });
  const fraKommunen = lest({ type: 'LOG_DOD', avsender: ['918330'], mottaker: ['8100000', '8101001'], hendelser: [{ kode: 13, tid: '2026-03-04' }] });
  expect(parter(fraKommunen)).toMatchObject({ avsender: { org: '1833', rolle: 'kommune' }, sykehus: 'HSYK-MO', kommune: '1833' });
  // The helseforetak alone is no location: no sending sykehus.
  expect(parter(lest({ type: 'LOG_INNLAGT', avsender: ['8100000'], hendelser: [HK1] })).avsender).toBeNull();
});

test('LOG_INNLAGT without a forløp starts one at Hendelsekode 1; the melding at GenDate', () => {
  const m = lest({ type: 'LOG_INNLAGT', hendelser: [HK1] });
  const plan = tolk(m, parter(m), [], null);
  if (plan.art !== 'anvend' || !plan.start || !plan.hendelse) throw new Error(plan.art);
  expect(plan.start).toEqual({
    forlopId: plan.forlopId,
    sykehus: 'HSYK-MO',
    oppholdskommune: '1833',
    avdeling: 'Medisinsk avdeling',
    innlagtTidspunkt: '2026-03-02T08:15:00+01:00',
    antattBehovKommunaleTjenester: true,
  });
  expect(plan.hendelse).toMatchObject({ type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: '2026-03-04T10:00:00+01:00' });
  // Named by the message: the same message gives the same ids, another message others.
  expect(tolk(m, parter(m), [], null)).toEqual(plan);
  const annen = lest({ type: 'LOG_INNLAGT', hendelser: [HK1] });
  expect((tolk(annen, parter(annen), [], null) as { forlopId: string }).forlopId).not.toBe(plan.forlopId);
});

test('matching: the admission of Hendelsekode 1, else the stay still in hospital, else (without it) the latest open', () => {
  const m = lest({ type: 'LOG_INNLAGT', hendelser: [HK1] });
  const riktig = apent({ id: 'riktig' });
  const utskrevet = apent({ id: 'utskrevet', status: 'utskrevet', innlagtTidspunkt: '2026-02-01T08:00:00.000Z' });
  expect(finnForlop(m, [utskrevet, riktig])?.id).toBe('riktig');
  const korrigert = apent({ id: 'korrigert', innlagtTidspunkt: '2026-03-02T06:00:00.000Z' });
  expect(finnForlop(m, [utskrevet, korrigert])?.id).toBe('korrigert');
  // A patient discharged earlier and admitted again is a new stay.
  expect(finnForlop(m, [utskrevet])).toBeNull();
  const dod = lest({ type: 'LOG_DOD', hendelser: [{ kode: 13, tid: '2026-03-04' }] });
  expect(finnForlop(dod, [utskrevet, korrigert])?.id).toBe('korrigert');
});

test('no forløp and no Hendelsekode 1, or a death: recorded, of no use', () => {
  const dod = lest({ type: 'LOG_DOD', hendelser: [{ kode: 13, tid: '2026-03-04' }] });
  expect(tolk(dod, parter(dod), [], null)).toMatchObject({ art: 'ubrukt' });
  const ut = lest({ type: 'LOG_UTSKREVET', hendelser: [{ kode: 2, tid: '2026-03-04' }], utTil: '1' });
  expect(tolk(ut, parter(ut), [], null)).toMatchObject({ art: 'ubrukt' });
});

test('an unknown receiver: Avvist E21', () => {
  const m = lest({ type: 'LOG_INNLAGT', mottaker: ['999'], hendelser: [HK1] });
  expect(tolk(m, parter(m), [], null)).toMatchObject({ art: 'avvist', feil: [{ kode: 'E21' }] });
});

test('LOG_UTSKRIVNINGSKLAR: at GenDate, assessed at Hendelsekode 3, never after the melding nor before the admission', () => {
  const samme = lest({ type: 'LOG_UTSKRIVNINGSKLAR', hendelser: [HK1, { kode: 3, tid: '2026-03-04' }] });
  expect(tolk(samme, parter(samme), [apent()], null)).toMatchObject({
    art: 'anvend',
    forlopId: 'f-1',
    start: null,
    hendelse: { type: 'UTSKRIVNINGSKLAR', tidspunkt: '2026-03-04T10:00:00+01:00', data: { vurdertTidspunkt: '2026-03-04T10:00:00+01:00' } },
  });
  const dagenFor = lest({ type: 'LOG_UTSKRIVNINGSKLAR', hendelser: [HK1, { kode: 3, tid: '2026-03-03' }] });
  expect(tolk(dagenFor, parter(dagenFor), [apent()], null)).toMatchObject({ hendelse: { data: { vurdertTidspunkt: '2026-03-03T00:00:00+01:00' } } });
  const innleggelsesdagen = lest({ type: 'LOG_UTSKRIVNINGSKLAR', hendelser: [HK1, { kode: 3, tid: '2026-03-02' }] });
  expect(tolk(innleggelsesdagen, parter(innleggelsesdagen), [apent()], null)).toMatchObject({
    hendelse: { data: { vurdertTidspunkt: '2026-03-02T07:15:00.000Z' } },
  });
  const anslag = lest({ type: 'LOG_UTSKRIVNINGSKLAR', hendelser: [HK1, { kode: 3, tid: '2026-03-06', anslag: true }] });
  expect(tolk(anslag, parter(anslag), [apent()], null)).toMatchObject({ hendelse: { data: { vurdertTidspunkt: '2026-03-04T10:00:00+01:00' } } });
});

test.each([
  ['1', null, 'hjem_med_tjenester'],
  ['11', '1', 'korttidsopphold'],
  ['21', null, 'korttidsopphold'],
  ['3', null, 'annet_sykehus'],
  ['7', null, 'annet_sykehus'],
  ['10', null, 'annen_institusjon'],
  ['98', null, 'annen_institusjon'],
  ['1', '2', 'dod'],
])('UtTil %s, Uttilstand %s → %s', (utTil, uttilstand, destinasjon) => {
  expect(destinasjonFra(utTil, uttilstand)).toBe(destinasjon);
});

describe('kansellering', () => {
  const c = (type: string, ref = 'orig-1') =>
    lest({ type, status: 'C', refToParent: ref, hendelser: type === 'LOG_UTSKREVET' ? [{ kode: 2, tid: '2026-03-04' }] : [HK1], utTil: '1' });
  const original = (type: string, o = {}) => ({ msgId: 'orig-1', type, status: 'ok' as const, anvendt: true, forlopId: 'f-1', kansellertAv: null, ...o });

  test('of LOG_INNLAGT: FORLOP_AVBRUTT; of LOG_UTSKRIVNINGSKLAR: avmeldt', () => {
    const a = c('LOG_INNLAGT');
    expect(tolk(a, parter(a), [], original('LOG_INNLAGT'))).toMatchObject({
      art: 'anvend',
      forlopId: 'f-1',
      hendelse: { type: 'FORLOP_AVBRUTT' },
      kansellerer: 'orig-1',
    });
    const b = lest({ type: 'LOG_UTSKRIVNINGSKLAR', status: 'C', refToParent: 'orig-1', hendelser: [HK1, { kode: 3, tid: '2026-03-04' }] });
    expect(tolk(b, parter(b), [], original('LOG_UTSKRIVNINGSKLAR'))).toMatchObject({ hendelse: { type: 'UTSKRIVNINGSKLAR_AVMELDT' } });
  });

  test('unknown, of another type: E10; of a discharge: X99; already cancelled or of no effect: recorded', () => {
    const a = c('LOG_INNLAGT');
    expect(tolk(a, parter(a), [], null)).toMatchObject({ art: 'avvist', feil: [{ kode: 'E10' }] });
    expect(tolk(a, parter(a), [], original('LOG_DOD'))).toMatchObject({ art: 'avvist', feil: [{ kode: 'E10' }] });
    const u = c('LOG_UTSKREVET');
    expect(tolk(u, parter(u), [], original('LOG_UTSKREVET'))).toMatchObject({ art: 'avvist', feil: [{ kode: 'X99' }] });
    expect(tolk(a, parter(a), [], original('LOG_INNLAGT', { kansellertAv: 'c-0' }))).toMatchObject({ art: 'ubrukt' });
    expect(tolk(a, parter(a), [], original('LOG_INNLAGT', { status: 'avvist', anvendt: false, forlopId: null }))).toMatchObject({ art: 'ubrukt' });
  });
});
