import { randomUUID } from 'node:crypto';
import { feltFeil } from '../../api/problem';
import { MODULER } from '../../api/moduler';
import { lagOpenApiDokument } from '../../api/openapi';
import { AvvikListeQuery } from '../../api/schemas/avvik';
import { hendelseInput } from '../../api/handlinger/forlop';
import { KOMPLETT_KARTLEGGING } from '../helpers/kartlegging';

const SYKEHUS = { rolle: 'sykehus' as const, org: 'HSYK-MO' };
/** The type's own fields as the workflow gets them. */
const hendelseData = (b: Parameters<typeof hendelseInput>[0]) => hendelseInput(b, SYKEHUS).data;
import { ForlopListeQuery, HENDELSE_SKJEMA, HendelseBody, OpprettForlopBody } from '../../api/schemas';
// The hendelse types a client may send: the catalogue's (api/schemas.ts builds one schema for each).
import { API_HENDELSE_TYPER, HENDELSE_TYPER } from '../../workflows/hendelser';

const forMinutter = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const omMinutter = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** The bad fields of a rejected body, by name. */
function feil(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, v: unknown): string[] {
  const r = schema.safeParse(v) as { success: boolean; error?: import('zod').ZodError };
  if (r.success) return [];
  return feltFeil(r.error!).map((f) => f.felt);
}

const vurdering = {
  problemstillingerVedInnleggelseAvklart: true,
  ovrigeProblemstillingerAvklart: true,
  uavklarteProblemstillingerAngitt: true,
  funksjonsnivaaVurdert: false,
};

/** A valid body of each type (tidspunkt 10 minutes ago). */
const GYLDIG: Record<(typeof API_HENDELSE_TYPER)[number], Record<string, unknown>> = {
  INNLEGGELSESMELDING_SENDT: { antattForlop: 'Hoftebrudd, operasjon', forventetUtskrivningsdato: '2026-03-06' },
  STATUSENDRING: { beskrivelse: 'Forverret, overført intensiv' },
  KARTLEGGING_INKLUSJON: { inkludert: false, grunn: 'Pasienten ønsker ikke kartlegging' },
  KARTLEGGING_STARTET: {},
  KARTLEGGING_FULLFORT: {
    resultat: { funksjon: 'Går med rullator', mestring: 'Klarer seg delvis', behov: ['hjemmesykepleie'], anbefaling: 'Hjem' },
  },
  UTSKRIVNINGSKLAR: { vurdertTidspunkt: forMinutter(20), vurdering },
  UTSKRIVNINGSKLAR_AVMELDT: { arsak: 'Ny infeksjon' },
  // A date after the answer (tidspunkt 10 minutes ago): one before its day is refused (below).
  KOMMUNESVAR: { kanTaImot: false, forventetKlarDato: '2099-03-08' },
  TILBUD_KLART: { tilbud: 'korttidsopphold' },
  EPIKRISE_SENDT: {},
  UTSKREVET: { destinasjon: 'hjem_med_tjenester' },
  INFORMASJON_GITT: {},
  OPPFOLGING_STARTET: { beskrivelse: 'Første besøk' },
  DOD: {},
  FORLOP_AVBRUTT: { arsak: 'Registrert på feil pasient' },
};

/** One bad variant per type with an extra field: [body fields, the field that must be named]. */
const UGYLDIG: [string, Record<string, unknown>, string][] = [
  ['INNLEGGELSESMELDING_SENDT', { forventetUtskrivningsdato: '06.03.2026' }, 'forventetUtskrivningsdato'],
  ['STATUSENDRING', {}, 'beskrivelse'],
  ['STATUSENDRING', { beskrivelse: '   ' }, 'beskrivelse'],
  ['KARTLEGGING_FULLFORT', { resultat: { funksjon: 'x', mestring: 'y', behov: 'z', anbefaling: 'w' } }, 'resultat.behov'],
  ['KARTLEGGING_FULLFORT', {}, 'innhold'],
  ['KARTLEGGING_FULLFORT', { skjemaVersjon: '1', innhold: { ...KOMPLETT_KARTLEGGING, kognisjon: undefined } }, 'innhold.kognisjon'],
  [
    'KARTLEGGING_FULLFORT',
    { skjemaVersjon: '1', innhold: { ...KOMPLETT_KARTLEGGING, bolig: { ...KOMPLETT_KARTLEGGING.bolig, borAlene: 'ja' } } },
    'innhold.bolig.borAlene',
  ],
  ['KARTLEGGING_FULLFORT', { skjemaVersjon: '99', innhold: KOMPLETT_KARTLEGGING }, 'skjemaVersjon'],
  [
    'KARTLEGGING_FULLFORT',
    { skjemaVersjon: '1', innhold: KOMPLETT_KARTLEGGING, resultat: { funksjon: 'x', mestring: 'y', behov: [], anbefaling: 'w' } },
    'resultat',
  ],
  ['KARTLEGGING_INKLUSJON', { inkludert: true }, 'grunn'],
  ['KOMMUNESVAR', { kanTaImot: true, kontakt: { telefon: '12345678' } }, 'kontakt.enhet'],
  ['OPPFOLGING_STARTET', { brukersvar: { tilstrekkeligInformasjon: 'kanskje', vetHvemKontakte: 'ja' } }, 'brukersvar.tilstrekkeligInformasjon'],
  ['UTSKREVET', { destinasjon: 'hjem', legemiddelliste: { status: 'oppdatert' } }, 'legemiddelliste.status'],
  ['UTSKRIVNINGSKLAR', { vurdertTidspunkt: forMinutter(20), vurdering: { ...vurdering, funksjonsnivaaVurdert: 'ja' } }, 'vurdering.funksjonsnivaaVurdert'],
  ['UTSKRIVNINGSKLAR', { vurdering }, 'vurdertTidspunkt'],
  ['UTSKRIVNINGSKLAR', { vurdertTidspunkt: forMinutter(1), vurdering }, 'vurdertTidspunkt'], // after tidspunkt
  ['UTSKRIVNINGSKLAR_AVMELDT', {}, 'arsak'],
  ['KOMMUNESVAR', { kanTaImot: 'nei' }, 'kanTaImot'],
  ['KOMMUNESVAR', { kanTaImot: false }, 'forventetKlarDato'],
  ['TILBUD_KLART', { tilbud: 'sykehjem' }, 'tilbud'],
  ['UTSKREVET', { destinasjon: 'hytta' }, 'destinasjon'],
  ['UTSKREVET', {}, 'destinasjon'],
  ['FORLOP_AVBRUTT', {}, 'arsak'],
  ['EPIKRISE_SENDT', { destinasjon: 'hjem' }, 'destinasjon'], // a field of another type
  ['DOD', { ukjent: 1 }, 'ukjent'],
];

describe('HendelseBody', () => {
  test('has one schema per hendelse type except INNLAGT', () => {
    expect([...API_HENDELSE_TYPER].sort()).toEqual(HENDELSE_TYPER.filter((t) => t !== 'INNLAGT').sort());
    expect(Object.keys(HENDELSE_SKJEMA).sort()).toEqual([...API_HENDELSE_TYPER].sort());
    for (const t of API_HENDELSE_TYPER) {
      expect(HendelseBody.safeParse({ type: t, tidspunkt: forMinutter(10), ...GYLDIG[t] }).success).toBe(true);
    }
  });

  test.each(Object.entries(GYLDIG))('%s accepts its fields, with and without hendelseId', (type, felt) => {
    const id = randomUUID();
    const r = HendelseBody.safeParse({ type, tidspunkt: forMinutter(10), hendelseId: id, ...felt });
    expect(r.success).toBe(true);
    if (r.success) {
      expect(r.data.hendelseId).toBe(id);
      expect(hendelseData(r.data)).toEqual(type === 'STATUSENDRING' ? { beskrivelse: 'Forverret, overført intensiv' } : felt);
    }
  });

  test.each(UGYLDIG)('%s rejects %j naming %s', (type, felt, navn) => {
    expect(feil(HendelseBody, { type, tidspunkt: forMinutter(10), ...felt })).toContain(navn);
  });

  test('INNLAGT and unknown types are rejected on type', () => {
    expect(feil(HendelseBody, { type: 'INNLAGT', tidspunkt: forMinutter(1) })).toEqual(['type']);
    expect(feil(HendelseBody, { type: 'TULL', tidspunkt: forMinutter(1) })).toEqual(['type']);
    expect(feil(HendelseBody, { tidspunkt: forMinutter(1) })).toEqual(['type']);
  });

  test('tidspunkt: ISO 8601 with offset, at most 5 minutes ahead; the past is fine', () => {
    const med = (tidspunkt: unknown) => feil(HendelseBody, { type: 'EPIKRISE_SENDT', tidspunkt });
    expect(med(forMinutter(60 * 24 * 30))).toEqual([]);
    expect(med(omMinutter(4))).toEqual([]);
    expect(med('2026-03-02T08:15:00+01:00')).toEqual([]);
    expect(med(omMinutter(6))).toEqual(['tidspunkt']);
    expect(med(omMinutter(60 * 24))).toEqual(['tidspunkt']);
    expect(med('2026-03-02T08:15:00')).toEqual(['tidspunkt']); // no offset
    expect(med('2026-03-02')).toEqual(['tidspunkt']);
    expect(med('i går')).toEqual(['tidspunkt']);
    expect(med(undefined)).toEqual(['tidspunkt']);
  });

  test('hendelseId must be a UUID', () => {
    expect(feil(HendelseBody, { type: 'DOD', tidspunkt: forMinutter(1), hendelseId: 'abc' })).toEqual(['hendelseId']);
  });

  test('several bad fields are each named', () => {
    const f = feil(HendelseBody, { type: 'KOMMUNESVAR', tidspunkt: 'i går', kanTaImot: 'kanskje' });
    expect(f).toEqual(expect.arrayContaining(['tidspunkt', 'kanTaImot']));
  });

  test('a KOMMUNESVAR yes carries no forventetKlarDato to the workflow', () => {
    const r = HendelseBody.parse({ type: 'KOMMUNESVAR', tidspunkt: forMinutter(1), kanTaImot: true, forventetKlarDato: '2026-03-08' });
    expect(hendelseData(r)).toEqual({ kanTaImot: true });
  });
});

describe('OpprettForlopBody', () => {
  const gyldig = {
    pasient: { fnr: '01017012343' },
    oppholdskommune: '1833',
    sykehus: 'HSYK-MO',
    avdeling: 'Medisinsk avdeling',
    innlagtTidspunkt: '2026-03-02T08:15:00+01:00',
    antattBehovKommunaleTjenester: true,
    kartlegging: { inkludert: true },
  };

  test('accepts a valid admission (D-nummer too), with or without the ward inclusion', () => {
    expect(OpprettForlopBody.safeParse(gyldig).success).toBe(true);
    expect(OpprettForlopBody.safeParse({ ...gyldig, kartlegging: {} }).success).toBe(true);
    const { kartlegging: _k, ...utenKartlegging } = gyldig;
    expect(OpprettForlopBody.safeParse(utenKartlegging).success).toBe(true);
    expect(OpprettForlopBody.safeParse({ ...gyldig, pasient: { fnr: '41017012337' } }).success).toBe(true);
  });

  test('names each bad field and never echoes the fødselsnummer', () => {
    const r = OpprettForlopBody.safeParse({
      ...gyldig,
      pasient: { fnr: '01017012344' },
      oppholdskommune: '183',
      innlagtTidspunkt: omMinutter(30),
      kartlegging: { inkludert: 'ja' },
      antattBehovKommunaleTjenester: 'ja',
    });
    expect(r.success).toBe(false);
    const f = feltFeil(r.error!);
    expect(f.map((e) => e.felt)).toEqual(
      expect.arrayContaining(['pasient.fnr', 'oppholdskommune', 'innlagtTidspunkt', 'kartlegging.inkludert', 'antattBehovKommunaleTjenester']),
    );
    expect(JSON.stringify(f)).not.toContain('01017012344');
  });

  test('unknown fields are named (nothing extra about the patient is taken in)', () => {
    expect(feil(OpprettForlopBody, { ...gyldig, pasient: { fnr: '01017012343', navn: 'Ola' } })).toEqual(['pasient.navn']);
  });
});

describe('ForlopListeQuery', () => {
  test('defaults and bounds of limit; dates; status', () => {
    expect(ForlopListeQuery.parse({}).limit).toBe(50);
    expect(ForlopListeQuery.parse({ limit: '200' }).limit).toBe(200);
    expect(feil(ForlopListeQuery, { limit: '201' })).toEqual(['limit']);
    expect(feil(ForlopListeQuery, { limit: '0' })).toEqual(['limit']);
    expect(feil(ForlopListeQuery, { limit: 'mange' })).toEqual(['limit']);
    expect(feil(ForlopListeQuery, { status: 'ferdig' })).toEqual(['status']);
    expect(feil(ForlopListeQuery, { fra: '2026-03-10', til: '2026-03-01' })).toEqual(['til']);
    expect(feil(ForlopListeQuery, { fra: '2026-02-30' })).toEqual(['fra']);
    expect(ForlopListeQuery.parse({ status: 'innlagt', oppholdskommune: '1833', fra: '2026-03-01', til: '2026-03-31' })).toMatchObject({
      status: 'innlagt',
    });
  });
});

describe('OpenAPI', () => {
  const doc = lagOpenApiDokument(MODULER) as unknown as {
    openapi: string;
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    security: unknown;
  };

  test('is 3.1 with the forløp paths, bearer security and the schemas', () => {
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/forlop',
        '/api/v1/forlop/{id}',
        '/api/v1/forlop/{id}/hendelser',
        '/healthz',
        '/readyz',
        '/metrics',
        '/openapi.json',
        '/docs',
      ]),
    );
    expect(Object.keys(doc.paths['/api/v1/forlop'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths['/api/v1/forlop/{id}/hendelser'].post.responses).toHaveProperty('409');
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    for (const navn of ['Forlop', 'Hendelse', 'OpprettForlop', 'Problem', 'ForlopListe', ...API_HENDELSE_TYPER.map((t) => `Hendelse_${t}`)]) {
      expect(doc.components.schemas).toHaveProperty(navn);
    }
  });

  test('the Hendelse schema is a oneOf over every type with a discriminator on type', () => {
    const h = doc.components.schemas.Hendelse as { oneOf: unknown[]; discriminator?: { propertyName: string } };
    expect(h.oneOf).toHaveLength(API_HENDELSE_TYPER.length);
    expect(h.discriminator?.propertyName).toBe('type');
  });

  test("a recorded UTSKREVET shows meldtAvEpj (set by a PLO melding only); the ward's UTSKREVET body has no such field", () => {
    const vist = doc.components.schemas.HendelseRegistrert as { properties: Record<string, { description?: string }> };
    expect(vist.properties.meldtAvEpj?.description).toContain('PLO-melding om utskrevet pasient');
    const body = doc.components.schemas.Hendelse_UTSKREVET as { properties: Record<string, unknown> };
    expect(Object.keys(body.properties)).toContain('destinasjon');
    expect(Object.keys(body.properties)).not.toContain('meldtAvEpj');
  });
});

describe('date range filters', () => {
  test.each([
    ['GET /forlop', ForlopListeQuery],
    ['GET /avvik', AvvikListeQuery],
  ] as const)('%s: til before fra is refused naming til; the same day and the right order pass', (_navn, schema) => {
    const feil = schema.safeParse({ fra: '2026-03-10', til: '2026-03-09' });
    expect(feil.success).toBe(false);
    expect(feil.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['til', 'kan ikke være før fra-datoen']]);
    expect(schema.safeParse({ fra: '2026-03-10', til: '2026-03-10' }).success).toBe(true);
    expect(schema.safeParse({ fra: '2025-12-31', til: '2026-01-01' }).success).toBe(true);
  });
});
