/**
 * Kartlegging (Trygt hjem) as pure rules and schemas: the inclusion criteria, the inclusion as
 * hendelser change it, the KARTLEGGING frist following it, and the common structured model
 * checked through its served JSON Schema by a JSON Schema validator (ajv), not by zod.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { GJELDENDE_SKJEMA, jsonSchema, SKJEMA_VERSJONER } from '../../api/kartlegging-skjema';
import { HENDELSE_SKJEMA } from '../../api/schemas';
import { STANDARD_KRITERIER } from '../../db/kartlegging';
import { fodselsdato } from '../../db/pasient';
import { beregnFrister } from '../../workflows/frister';
import { alderPaa, gjeldendeInklusjon, vurderInklusjon, type InklusjonsGrunnlag } from '../../workflows/kartlegging';
import type { ForlopFakta } from '../../workflows/frister';
import { KOMPLETT_KARTLEGGING } from '../helpers/kartlegging';
import { forlop, KONFIG, melding, type Kort } from '../helpers/fakta';

const grunnlag = (over: Partial<InklusjonsGrunnlag> = {}): InklusjonsGrunnlag => ({
  oppholdskommune: '1833',
  innlagtDato: '2026-11-20',
  avdeling: 'Medisinsk avdeling',
  antattBehovKommunaleTjenester: true,
  alder: 78,
  harKartleggingsteam: true,
  ...over,
});

describe('the inclusion criteria (configuration version 1)', () => {
  test('a patient of 65+ from a participating kommune, assumed to need services, is included, saying why', () => {
    const v = vurderInklusjon(STANDARD_KRITERIER, 1, grunnlag());
    expect(v.inkludert).toBe(true);
    expect(v.grunn).toBe('Inkludert etter kriterier versjon 1: kommune 1833 deltar fra 2025-01-01, antatt behov for kommunale tjenester, 65 år eller eldre');
  });

  test.each([
    ['a kommune outside the project', { oppholdskommune: '1813' }, 'kommune 1813 deltar ikke i prosjektet'],
    ['a kommune before its start date', { innlagtDato: '2024-12-31' }, 'kommune 1833 deltar først fra 2025-01-01'],
    ['no assumed need for services', { antattBehovKommunaleTjenester: false }, 'pasienten antas ikke å trenge kommunale tjenester'],
    ['a younger patient', { alder: 64 }, 'pasienten er under 65 år'],
    ['a hospital without a team (Mosjøen)', { harKartleggingsteam: false }, 'sykehuset har ikke kartleggingsteam'],
  ])('%s is not included, with the reason', (_navn, over, grunn) => {
    const v = vurderInklusjon(STANDARD_KRITERIER, 1, grunnlag(over));
    expect(v).toEqual({ inkludert: false, grunn: `Ikke inkludert (kriterier versjon 1): ${grunn}` });
  });

  test('avdelinger, when listed, limit inclusion (case-insensitive)', () => {
    const k = { ...STANDARD_KRITERIER, pasientgrupper: { ...STANDARD_KRITERIER.pasientgrupper, avdelinger: ['Medisinsk avdeling'] } };
    expect(vurderInklusjon(k, 2, grunnlag({ avdeling: 'medisinsk avdeling' })).inkludert).toBe(true);
    expect(vurderInklusjon(k, 2, grunnlag({ avdeling: 'Kirurgisk avdeling' })).grunn).toContain('avdelingen er ikke med');
  });

  test('the age is read from the fødselsnummer (and D-nummer) and counted on the admission date', () => {
    expect(fodselsdato('15035210072')).toBe('1952-03-15');
    expect(alderPaa('1952-03-15', '2026-03-14')).toBe(73);
    expect(alderPaa('1952-03-15', '2026-03-15')).toBe(74);
    expect(fodselsdato('12345678901')).toBeNull();
  });
});

const T0 = '2026-11-20T09:00:00+01:00';
const kartleggingFrist = (f: ForlopFakta, naa: string) => beregnFrister(f, KONFIG, naa).find((x) => x.id === 'KARTLEGGING');
const inklusjon = (tidspunkt: string, inkludert: boolean, grunn: string): Kort => ['KARTLEGGING_INKLUSJON', tidspunkt, { inkludert, grunn }];

describe('inclusion during the stay, and the KARTLEGGING frist that follows it', () => {
  test('an excluded patient: the frist lapses (bortfalt), with the reason kept', () => {
    const f = forlop(T0, [inklusjon('2026-11-21T10:00:00+01:00', false, 'Ønsker ikke kartlegging')], { kartleggingInkludert: true });
    expect(gjeldendeInklusjon(f.start, f.hendelser)).toMatchObject({ inkludert: false, grunn: 'Ønsker ikke kartlegging' });
    expect(kartleggingFrist(f, '2026-11-22T10:00:00+01:00')?.status).toBe('bortfalt');
  });

  test('a patient included later gets the frist from that moment', () => {
    expect(kartleggingFrist(forlop(T0, []), T0)).toBeUndefined();
    const f = forlop(T0, [inklusjon('2026-11-22T10:00:00+01:00', true, 'Bor alene, usikker mestring')]);
    expect(gjeldendeInklusjon(f.start, f.hendelser)).toMatchObject({ inkludert: true, grunn: 'Bor alene, usikker mestring' });
    expect(kartleggingFrist(f, '2026-11-22T11:00:00+01:00')).toMatchObject({ status: 'aktiv', start: '2026-11-22T10:00:00+01:00' });
  });

  test('a breach before the exclusion stands, without escalation', () => {
    const f = forlop(T0, [['UTSKRIVNINGSKLAR', '2026-11-23T10:00:00+01:00', melding()], inklusjon('2026-11-23T12:00:00+01:00', false, 'For sent')], {
      kartleggingInkludert: true,
    });
    expect(kartleggingFrist(f, '2026-11-24T10:00:00+01:00')).toMatchObject({ status: 'brutt', eskalering: null });
  });
});

describe('the common structured kartlegging model, through its JSON Schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);

  test('the served schema names its version and is a JSON Schema 2020-12 document', () => {
    const s = jsonSchema(GJELDENDE_SKJEMA);
    expect(s.versjon).toBe(GJELDENDE_SKJEMA.versjon);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(ajv.validateSchema(s)).toBe(true);
  });

  test('a complete example kartlegging is valid against it; a wrong code and a missing section are not', () => {
    const valider = ajv.compile(jsonSchema(GJELDENDE_SKJEMA));
    expect(valider(KOMPLETT_KARTLEGGING)).toBe(true);
    expect(valider({ ...KOMPLETT_KARTLEGGING, kognisjon: { svikt: 'litt' } })).toBe(false);
    expect(valider.errors?.map((e) => e.instancePath)).toContain('/kognisjon/svikt');
    const { anbefaling: _a, ...utenAnbefaling } = KOMPLETT_KARTLEGGING;
    expect(valider(utenAnbefaling)).toBe(false);
  });

  test('every version stays readable, and a kartlegging made with it stays valid', () => {
    for (const v of SKJEMA_VERSJONER) {
      const egen = new Ajv2020({ strict: false });
      addFormats(egen);
      expect(egen.compile(jsonSchema(v))(KOMPLETT_KARTLEGGING)).toBe(v.versjon === '1');
    }
  });

  test('KARTLEGGING_FULLFORT takes the structured form or the older resultat', () => {
    const base = { type: 'KARTLEGGING_FULLFORT', tidspunkt: new Date(Date.now() - 60_000).toISOString() };
    expect(HENDELSE_SKJEMA.KARTLEGGING_FULLFORT.safeParse({ ...base, skjemaVersjon: '1', innhold: KOMPLETT_KARTLEGGING }).success).toBe(true);
    expect(HENDELSE_SKJEMA.KARTLEGGING_FULLFORT.safeParse({ ...base, resultat: { funksjon: 'a', mestring: 'b', behov: [], anbefaling: 'c' } }).success).toBe(
      true,
    );
  });
});
