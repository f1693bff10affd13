/**
 * The simulator's ground truth (sim/fasit.ts) on cases worked out by hand from docs/domain.md: the
 * payment rule's own example, a late and an incomplete melding, the kommune's silence, the
 * daylight-saving night, and the readmission link.
 */
import { DateTime } from 'luxon';
import { fasitFor, reinnleggelser, standardFrister } from '../../sim/fasit';
import type { SimForlop, SimHendelse } from '../../sim/modell';
import type { HendelseType } from '../../workflows/hendelser';

const t = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Oslo' }).toMillis();
const KOMPLETT = {
  problemstillingerVedInnleggelseAvklart: true,
  ovrigeProblemstillingerAvklart: true,
  uavklarteProblemstillingerAngitt: true,
  funksjonsnivaaVurdert: true,
};
const SYK = { rolle: 'sykehus' as const, org: 'HSYK-MO' };
const KOM = { rolle: 'kommune' as const, org: '1833' };

function forlop(
  nokkel: string,
  innlagt: string,
  hendelser: Array<[HendelseType, string, Record<string, unknown>?]>,
  pasient = nokkel,
): { f: SimForlop; sendt: SimHendelse[] } {
  const hs: SimHendelse[] = [['INNLAGT', innlagt] as [HendelseType, string], ...hendelser].map(([type, iso, data], i) => ({
    nokkel: `${nokkel}:${i}`,
    type,
    tidspunkt: t(iso),
    registrert: t(iso),
    av: type === 'KOMMUNESVAR' || type === 'TILBUD_KLART' || type === 'OPPFOLGING_STARTET' ? KOM : SYK,
    data: data ?? {},
  }));
  const f: SimForlop = {
    nokkel,
    pasient,
    fnr: '',
    fodt: '1940-01-01',
    kommune: '1833',
    sykehus: 'HSYK-MO',
    avdeling: 'Medisinsk avdeling',
    innlagt: t(innlagt),
    antattBehov: true,
    kartleggingGitt: false,
    inkludertAvKriterier: false,
    hendelser: hs,
    modell: { behov: null, meldt: null, klar: null, utskrevet: null, destinasjon: null, dod: false, avbrutt: false, reinnleggelseEtter: null },
  };
  return { f, sendt: hs };
}

const konfig = standardFrister();
const typer = (x: { avvik: { type: string }[] }) => x.avvik.map((a) => a.type);

test("docs/domain.md's example: meldt on D, the kommune says no, klart on D+3: three overliggerdøgn (D, D+1, D+2)", () => {
  const { f, sendt } = forlop('A', '2026-03-02T08:00', [
    ['INNLEGGELSESMELDING_SENDT', '2026-03-02T10:00'],
    ['UTSKRIVNINGSKLAR', '2026-03-05T11:00', { vurdertTidspunkt: '2026-03-05T10:00:00+01:00', vurdering: KOMPLETT }],
    ['KOMMUNESVAR', '2026-03-05T12:00', { kanTaImot: false, forventetKlarDato: '2026-03-08' }],
    ['TILBUD_KLART', '2026-03-08T09:00', { tilbud: 'korttidsopphold' }],
    ['EPIKRISE_SENDT', '2026-03-08T13:00'],
    ['UTSKREVET', '2026-03-08T13:00', { destinasjon: 'korttidsopphold' }],
  ]);
  const x = fasitFor(f, sendt, konfig, t('2026-04-30T12:00'), null);
  expect(x.dager).toEqual([
    { dato: '2026-03-05', betalbar: true, omstridt: false },
    { dato: '2026-03-06', betalbar: true, omstridt: false },
    { dato: '2026-03-07', betalbar: true, omstridt: false },
  ]);
  expect(x.avvik).toEqual([]);
  expect(x.status).toBe('avsluttet');
});

test('a late innleggelsesmelding makes the stay not billable; a melding the day after the assessment and a silent kommune are avvik; the 23-hour day is one day', () => {
  // Summer time begins on 2026-03-29: that day has 23 hours and is still one overliggerdøgn.
  const { f, sendt } = forlop('B', '2026-03-25T08:00', [
    ['INNLEGGELSESMELDING_SENDT', '2026-03-26T09:00'], // 25 h: late
    ['UTSKRIVNINGSKLAR', '2026-03-28T09:30', { vurdertTidspunkt: '2026-03-27T13:00:00+01:00', vurdering: KOMPLETT }], // the next day
    ['TILBUD_KLART', '2026-03-30T15:00', { tilbud: 'hjem_med_tjenester' }], // no answer within 4 h
    ['UTSKREVET', '2026-03-31T10:00', { destinasjon: 'hjem_med_tjenester' }], // no epikrise
    ['OPPFOLGING_STARTET', '2026-03-31T18:00'],
  ]);
  const x = fasitFor(f, sendt, konfig, t('2026-04-10T12:00'), null);
  expect(typer(x)).toEqual(['EPIKRISE', 'INNLEGGELSESMELDING', 'KOMMUNESVAR', 'UTSKRIVNINGSKLAR_MELDING']);
  expect(x.dager).toEqual([
    { dato: '2026-03-28', betalbar: false, omstridt: true },
    { dato: '2026-03-29', betalbar: false, omstridt: true },
  ]);
  // The window after utskrivning is open (30 days), and the epikrise is still missing.
  expect(x.status).toBe('utskrevet');
  expect(fasitFor(f, sendt, konfig, t('2026-05-01T12:00'), null).status).toBe('avsluttet');
});

test('an incomplete melding: its days not billable until the complete one; it is still a melding the kommune must answer within 4 h', () => {
  const ufullstendig = { ...KOMPLETT, funksjonsnivaaVurdert: false };
  const { f, sendt } = forlop('C', '2026-05-04T08:00', [
    ['INNLEGGELSESMELDING_SENDT', '2026-05-04T09:00'],
    ['UTSKRIVNINGSKLAR', '2026-05-06T15:00', { vurdertTidspunkt: '2026-05-06T14:00:00+02:00', vurdering: ufullstendig }],
    ['UTSKRIVNINGSKLAR', '2026-05-07T09:00', { vurdertTidspunkt: '2026-05-06T14:00:00+02:00', vurdering: KOMPLETT }],
    ['KOMMUNESVAR', '2026-05-07T10:00', { kanTaImot: false, forventetKlarDato: '2026-05-09' }],
    ['KOMMUNESVAR', '2026-05-09T10:00', { kanTaImot: true }],
  ]);
  const x = fasitFor(f, sendt, konfig, t('2026-05-09T12:00'), null);
  // The first melding lacks a point; the second is sent the day after the assessment; the
  // kommune did not answer the first within 4 h (it ended at the second, 18 h later).
  expect(typer(x)).toEqual(['KOMMUNESVAR', 'UTSKRIVNINGSKLAR_MELDING', 'UTSKRIVNINGSKLAR_MELDING']);
  expect(x.dager).toEqual([
    { dato: '2026-05-06', betalbar: false, omstridt: false },
    { dato: '2026-05-07', betalbar: true, omstridt: false },
    { dato: '2026-05-08', betalbar: true, omstridt: false },
  ]);
  expect(x.status).toBe('klar_for_utskrivning');
});

test('reinnleggelse: the latest discharge of the same patient at most 30 calendar days before; never to a forløp registered in error', () => {
  const a = forlop('A', '2026-01-01T08:00', [['UTSKREVET', '2026-01-05T12:00', { destinasjon: 'hjem' }]], 'P');
  const b = forlop('B', '2026-02-04T08:00', [['UTSKREVET', '2026-02-06T12:00', { destinasjon: 'hjem' }]], 'P'); // 30 days after A
  const c = forlop('C', '2026-03-09T08:00', [], 'P'); // 31 days after B
  const d = forlop('D', '2026-02-07T08:00', [['FORLOP_AVBRUTT', '2026-02-07T09:00', { arsak: 'feil' }]], 'P');
  const e = forlop('E', '2026-02-08T08:00', [], 'P'); // after B (2 days); D does not count
  const r = reinnleggelser([a, b, c, d, e]);
  expect(Object.fromEntries(r)).toEqual({ A: null, B: 'A', C: null, D: null, E: 'B' });
});
