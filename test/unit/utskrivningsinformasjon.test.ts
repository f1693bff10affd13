/**
 * The patient's sheet at discharge as words (api/utskrivningsinformasjon/): for every
 * combination of what the engine may know (kontakt or not, with or without telephone; tilbud or
 * not; each PLL status or none; kartlegging or not), in bokmål and nynorsk, the sheet says what
 * is known, leaves out what is not (no empty heading), uses no codes, and reads easily (LIX
 * under 40). Then the facts read from a stored forløp, and the HTML.
 */
import type { ForlopDetaljer, HendelseRad } from '../../db/les';
import { arkFakta } from '../../api/utskrivningsinformasjon/fakta';
import { arkHtml, ARK_CSP, ARK_STIL, ARK_STIL_KILDE } from '../../api/utskrivningsinformasjon/html';
import { lesbarhet, lix } from '../../api/utskrivningsinformasjon/lix';
import { arkTekster, lagArk, MALFORMER, type Ark, type ArkFakta, type Malform } from '../../api/utskrivningsinformasjon/tekst';
import { createHash } from 'node:crypto';
import { arkPdf } from '../../api/utskrivningsinformasjon/pdf';
import { lesPdf } from '../helpers/pdf';
import type { Kontakt, PllStatus } from '../../workflows/types';

const GRUNN: ArkFakta = {
  pasientNavn: null,
  utskrivning: null,
  tilbud: null,
  kommuneNavn: 'Rana',
  kontakt: null,
  oppfolgingSenest: null,
  legemiddelliste: null,
  viktigForDeg: null,
  sykehusNavn: 'Helgelandssykehuset Mo i Rana',
  avdeling: 'Medisinsk avdeling',
  avdelingTelefon: null,
};

const avsnitt = (a: Ark, id: string) => a.avsnitt.find((s) => s.id === id);
const tekstI = (a: Ark, id: string) =>
  avsnitt(a, id)
    ?.linjer.map((l) => l.tekst)
    .join(' ') ?? null;
const alt = (a: Ark) =>
  [a.tittel, ...a.innledning.map((l) => l.tekst), ...a.avsnitt.flatMap((s) => [s.overskrift, ...s.linjer.map((l) => l.tekst)])].join('\n');

describe('LIX', () => {
  test('words per sentence plus the per cent of words longer than six letters', () => {
    // 8 words, 2 sentences, 2 long words (sykehuset, fastlegen): 8/2 + 100*2/8 = 29.
    expect(lesbarhet(['Du reiser fra sykehuset.', 'Ring fastlegen din nå.'])).toEqual({ ord: 8, setninger: 2, langeOrd: 2, lix: 29 });
  });

  test('a heading without a stop is a sentence; a date and a clock time end none', () => {
    expect(lesbarhet(['Medisinene dine']).setninger).toBe(1);
    expect(lesbarhet(['Hjelpen starter tirsdag 1. desember 2026 klokken 10.15.']).setninger).toBe(1);
    expect(lesbarhet(['Er det fare for livet? Ring 113.']).setninger).toBe(2);
  });

  test('a telephone number is short words; long words count letters only', () => {
    expect(lesbarhet(['Ring 75 12 55 10.'])).toMatchObject({ ord: 5, langeOrd: 0 });
    expect(lesbarhet(['Legemiddellisten, oppdatert.'])).toMatchObject({ ord: 2, langeOrd: 2 });
    expect(lix([])).toBe(0);
  });

  test('long sentences of long words score high (the measure can fail a text)', () => {
    expect(
      lix(['Legemiddelgjennomgangen dokumenteres fortløpende i pasientjournalsystemet etter utskrivningsklarmeldingen av behandlende lege.']),
    ).toBeGreaterThan(60);
  });
});

// --- every combination ---

const KONTAKTER: Record<string, Kontakt | null> = {
  'no kontakt': null,
  'a kontakt without telephone': { enhet: 'Hjemmetjenesten Mo sentrum' },
  'a kontakt with telephone': { enhet: 'Hjemmetjenesten Mo sentrum', telefon: '75 14 60 00' },
};
const PLL: (PllStatus | null)[] = [null, 'pll_oppdatert', 'ikke_pll', 'ukjent'];
const VIKTIG = 'Å komme hjem til katten min';

const KOMBINASJONER = MALFORMER.flatMap((m) =>
  Object.keys(KONTAKTER).flatMap((k) =>
    [false, true].flatMap((tilbud) => PLL.flatMap((pll) => [false, true].map((kartlegging) => [m, k, tilbud, pll, kartlegging] as const))),
  ),
);

const DAG: Record<Malform, string> = { nb: 'tirsdag 1. desember 2026', nn: 'tysdag 1. desember 2026' };
const PLL_TEKST: Record<Malform, Record<PllStatus, string>> = {
  nb: {
    pll_oppdatert: 'Legemiddellisten din er oppdatert i Pasientens legemiddelliste.',
    ikke_pll: 'Legemiddellisten din er ikke oppdatert i Pasientens legemiddelliste. Be fastlegen se på medisinene dine snart.',
    ukjent: 'Vi vet ikke om legemiddellisten din er oppdatert. Be fastlegen se på medisinene dine snart.',
  },
  nn: {
    pll_oppdatert: 'Legemiddellista di er oppdatert i Pasientens legemiddelliste.',
    ikke_pll: 'Legemiddellista di er ikkje oppdatert i Pasientens legemiddelliste. Be fastlegen sjå på medisinane dine snart.',
    ukjent: 'Vi veit ikkje om legemiddellista di er oppdatert. Be fastlegen sjå på medisinane dine snart.',
  },
};

test.each(KOMBINASJONER)('%s, %s, tilbud %s, PLL %s, kartlegging %s', (m, kontaktNavn, tilbud, pll, kartlegging) => {
  const kontakt = KONTAKTER[kontaktNavn];
  const a = lagArk(
    {
      ...GRUNN,
      kontakt,
      tilbud: tilbud ? { tilbud: 'hjem_med_tjenester', fra: '2026-12-01' } : null,
      legemiddelliste: pll,
      viktigForDeg: kartlegging ? VIKTIG : null,
      avdelingTelefon: '75 12 55 10',
    },
    m,
  );
  expect(a.malform).toBe(m);

  // The kommune: its kontakt as given, the start day in words; nothing when it said neither.
  const kommunen = tekstI(a, 'kommunen');
  if (!kontakt && !tilbud) expect(kommunen).toBeNull();
  if (kontakt) expect(kommunen).toContain('Hjemmetjenesten Mo sentrum');
  if (kontakt?.telefon) expect(kommunen).toContain('Ring Hjemmetjenesten Mo sentrum på telefon 75 14 60 00.');
  if (kontakt && !kontakt.telefon) expect(kommunen).not.toMatch(/telefon/);
  if (tilbud) expect(kommunen).toContain(m === 'nb' ? `Hjelpen hjemme starter ${DAG.nb}.` : `Hjelpa heime startar ${DAG.nn}.`);
  else expect(alt(a)).not.toContain('desember');
  if (kommunen) expect(avsnitt(a, 'kommunen')?.overskrift).toBe(m === 'nb' ? 'Hjelp fra Rana kommune' : 'Hjelp frå Rana kommune');

  // The medicine list in words, or no such section.
  if (pll) expect(tekstI(a, 'medisiner')).toContain(PLL_TEKST[m][pll]);
  else expect(avsnitt(a, 'medisiner')).toBeUndefined();

  // The patient's own words, as said.
  if (kartlegging) {
    expect(avsnitt(a, 'viktig')).toEqual({
      id: 'viktig',
      overskrift: 'Dette er viktig for deg',
      linjer: [
        { tekst: m === 'nb' ? 'Dette sa du da vi snakket med deg:' : 'Dette sa du då vi snakka med deg:', art: 'tekst' },
        { tekst: VIKTIG, art: 'sitat' },
      ],
    });
  } else expect(avsnitt(a, 'viktig')).toBeUndefined();

  // Always: whom to call when it gets worse, and the ward.
  expect(tekstI(a, 'verre')).toContain('116 117');
  expect(tekstI(a, 'verre')).toContain('113');
  expect(tekstI(a, 'verre')).toContain('fastlegen');
  expect(tekstI(a, 'sykehuset')).toContain('Medisinsk avdeling');
  expect(tekstI(a, 'sykehuset')).toContain('telefon 75 12 55 10');

  // No empty heading, no code, no abbreviation; easy to read.
  for (const s of a.avsnitt) expect(s.linjer.length).toBeGreaterThan(0);
  expect(alt(a)).not.toMatch(/_|\b[A-ZÆØÅ]{2,}\b|\b(ca|evt|f\.eks|bl\.a|tlf|nr)\b\.?/);
  expect(lix(arkTekster(a))).toBeLessThan(40);
});

// --- the rest of what may be known ---

describe('the discharge, the first contact, the ward and the name', () => {
  test('the discharge day and where to, in both målformer', () => {
    const f: ArkFakta = { ...GRUNN, utskrivning: { dato: '2026-12-05', destinasjon: 'korttidsopphold' } };
    expect(tekstI(lagArk(f, 'nb'), 'reise')).toBe('Du reiser fra sykehuset lørdag 5. desember 2026. Du skal bo en kort tid på et sykehjem eller helsehus.');
    expect(tekstI(lagArk(f, 'nn'), 'reise')).toBe(
      'Du reiser frå sjukehuset laurdag 5. desember 2026. Du skal bu ei kort tid på ein sjukeheim eller eit helsehus.',
    );
  });

  test('before the discharge is registered, where to comes from the tilbud, and no day is given', () => {
    const a = lagArk({ ...GRUNN, tilbud: { tilbud: 'langtidsopphold', fra: '2026-12-07' } }, 'nb');
    expect(tekstI(a, 'reise')).toBe('Du skal bo fast på et sykehjem.');
    expect(tekstI(a, 'kommunen')).toBe('Plassen din er klar mandag 7. desember 2026.');
  });

  test('nothing known about the journey: no such section', () => {
    expect(avsnitt(lagArk(GRUNN, 'nb'), 'reise')).toBeUndefined();
    expect(avsnitt(lagArk({ ...GRUNN, tilbud: { tilbud: 'annet', fra: '2026-12-07' } }, 'nb'), 'reise')).toBeUndefined();
  });

  test('the oppfølging frist after a discharge home: when the kommune makes contact, in Oslo time', () => {
    const a = lagArk({ ...GRUNN, oppfolgingSenest: '2026-12-02T09:15:00Z' }, 'nn');
    expect(tekstI(a, 'kommunen')).toBe('Kommunen tek kontakt med deg før onsdag 2. desember 2026 klokka 10.15.');
    expect(lix(arkTekster(a))).toBeLessThan(40);
  });

  test('a ward whose telephone is not known: no such section; the rest stands', () => {
    const a = lagArk(GRUNN, 'nb');
    expect(avsnitt(a, 'sykehuset')).toBeUndefined();
    expect(a.avsnitt.map((s) => s.id)).toEqual(['verre']);
  });

  test('the name when the engine holds it, else none', () => {
    expect(lagArk({ ...GRUNN, pasientNavn: 'Kari Nordmann' }, 'nb').innledning[0].tekst).toBe('Navn: Kari Nordmann');
    expect(lagArk({ ...GRUNN, pasientNavn: 'Kari Nordmann' }, 'nn').innledning[0].tekst).toBe('Namn: Kari Nordmann');
    expect(alt(lagArk(GRUNN, 'nb'))).not.toMatch(/Navn/);
  });

  test('a blank kontakt or blank words of the patient are not known', () => {
    const a = lagArk({ ...GRUNN, kontakt: { enhet: '  ', telefon: ' ' }, viktigForDeg: ' \n ' }, 'nb');
    expect(a.avsnitt.map((s) => s.id)).toEqual(['verre']);
  });
});

// --- from the stored forløp ---

let sekvens = 0;
const hendelse = (type: HendelseRad['type'], tidspunkt: string, data: HendelseRad['data'] = {}): HendelseRad => ({
  sekvens: ++sekvens,
  hendelseId: `h${sekvens}`,
  type,
  tidspunkt: new Date(tidspunkt),
  registrert: new Date(tidspunkt),
  av: { rolle: 'sykehus', org: 'HSYK-MO' },
  data,
  kilde: null,
});

function forlop(overstyr: Partial<ForlopDetaljer>): ForlopDetaljer {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    pasientId: 'p',
    navnKryptert: null,
    fnrKryptert: 'x',
    oppholdskommune: '1833',
    sykehus: 'HSYK-MO',
    avdeling: 'Medisinsk avdeling',
    innlagtTidspunkt: new Date('2026-11-23T08:15:00+01:00'),
    antattBehovKommunaleTjenester: true,
    kartleggingInkludert: true,
    kartleggingGrunn: null,
    kartleggingKriterierVersjon: null,
    status: 'innlagt',
    kartleggingStatus: 'fullfort',
    frister: [],
    sisteSekvens: 0,
    utskrevetTidspunkt: null,
    destinasjon: null,
    kartleggingFullfortTidspunkt: null,
    forsteUtskrivningsklarTidspunkt: null,
    reinnleggelseAv: null,
    reinnleggelseDager: null,
    opprettet: new Date(),
    oppdatert: new Date(),
    avvik: [],
    overliggerdogn: [],
    hendelser: [],
    ...overstyr,
  };
}

const REF = { sykehusNavn: 'Helgelandssykehuset Mo i Rana', kommuneNavn: 'Rana', avdelingTelefon: '75 12 55 10', pasientNavn: null };

test('the facts of a stored forløp: the latest kontakt named, the tilbud day, the PLL status, the patient’s words, the oppfølging frist', () => {
  const f = forlop({
    status: 'utskrevet',
    // 23:30 UTC is the next day in Oslo.
    utskrevetTidspunkt: new Date('2026-11-30T23:30:00Z'),
    destinasjon: 'hjem_med_tjenester',
    frister: [
      {
        nokkel: 'OPPFOLGING-9',
        id: 'OPPFOLGING',
        ansvarlig: 'kommune',
        art: 'elapsed',
        start: '2026-12-01T00:30:00+01:00',
        frist: '2026-12-02T00:30:00+01:00',
        status: 'aktiv',
        oppfyltTidspunkt: null,
        bruttTidspunkt: null,
        paminnelser: [],
        eskalering: null,
      },
    ],
    hendelser: [
      hendelse('KARTLEGGING_FULLFORT', '2026-11-24T10:00:00+01:00', {
        skjemaVersjon: '1',
        innhold: { pasientensMal: { hvaErViktigForDeg: 'Å gå tur med hunden' } },
      }),
      hendelse('KOMMUNESVAR', '2026-11-25T10:00:00+01:00', {
        kanTaImot: false,
        forventetKlarDato: '2026-11-30',
        kontakt: { enhet: 'Hjemmetjenesten Mo sentrum', telefon: '75 14 60 00' },
      }),
      hendelse('KOMMUNESVAR', '2026-11-26T10:00:00+01:00', { kanTaImot: false, forventetKlarDato: '2026-11-30' }),
      hendelse('TILBUD_KLART', '2026-11-29T23:10:00Z', { tilbud: 'hjem_med_tjenester' }),
      hendelse('UTSKREVET', '2026-11-30T23:30:00Z', { destinasjon: 'hjem_med_tjenester', legemiddelliste: { status: 'pll_oppdatert' } }),
    ],
  });
  expect(arkFakta(f, REF)).toEqual({
    pasientNavn: null,
    utskrivning: { dato: '2026-12-01', destinasjon: 'hjem_med_tjenester' },
    tilbud: { tilbud: 'hjem_med_tjenester', fra: '2026-11-30' },
    kommuneNavn: 'Rana',
    kontakt: { enhet: 'Hjemmetjenesten Mo sentrum', telefon: '75 14 60 00' },
    oppfolgingSenest: '2026-12-02T00:30:00+01:00',
    legemiddelliste: 'pll_oppdatert',
    viktigForDeg: 'Å gå tur med hunden',
    sykehusNavn: 'Helgelandssykehuset Mo i Rana',
    avdeling: 'Medisinsk avdeling',
    avdelingTelefon: '75 12 55 10',
  });
});

test('a forløp that knows nothing yet: only what the reference data says', () => {
  const f = forlop({
    hendelser: [
      hendelse('KARTLEGGING_FULLFORT', '2026-11-24T10:00:00+01:00', { resultat: { funksjon: 'god', mestring: 'god', behov: [], anbefaling: 'hjem' } }),
    ],
    // An oppfølging frist that is done says nothing ahead.
    frister: [
      {
        nokkel: 'O',
        id: 'OPPFOLGING',
        ansvarlig: 'kommune',
        art: 'elapsed',
        start: '2026-12-01T00:30:00+01:00',
        frist: '2026-12-02T00:30:00+01:00',
        status: 'oppfylt',
        oppfyltTidspunkt: '2026-12-01T12:00:00+01:00',
        bruttTidspunkt: null,
        paminnelser: [],
        eskalering: null,
      },
    ],
    destinasjon: 'hjem',
  });
  expect(arkFakta(f, { ...REF, avdelingTelefon: null })).toMatchObject({
    utskrivning: null,
    tilbud: null,
    kontakt: null,
    oppfolgingSenest: null,
    legemiddelliste: null,
    viktigForDeg: null,
    avdelingTelefon: null,
  });
});

// --- HTML ---

describe('HTML', () => {
  const a = lagArk(
    {
      ...GRUNN,
      kontakt: { enhet: 'Hjemmetjenesten <Mo> & "sentrum"', telefon: '75 14 60 00' },
      viktigForDeg: '<script>alert(1)</script>',
      avdelingTelefon: '75 12 55 10',
    },
    'nn',
  );
  const html = arkHtml(a);

  test('in the målform, each section a heading with its lines, the patient’s words quoted', () => {
    expect(html).toMatch(/<html lang="nn">/);
    expect(html).toContain('<h1>Til deg som reiser frå sjukehuset</h1>');
    expect(html).toContain('<h2 id="verre">Om du blir dårlegare</h2>');
    expect(html).toContain('<blockquote class="sitat">');
    expect(html.match(/<h2 /g)?.length).toBe(a.avsnitt.length);
  });

  test('text is escaped: free text never becomes markup', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Hjemmetjenesten &lt;Mo&gt; &amp; &quot;sentrum&quot;');
  });

  test('its one style is allowed by hash, and nothing else', () => {
    expect(html).toContain(`<style>${ARK_STIL}</style>`);
    expect(ARK_STIL_KILDE).toBe(`'sha256-${createHash('sha256').update(ARK_STIL).digest('base64')}'`);
    expect(ARK_CSP).toMatch(new RegExp(`^default-src 'none'; style-src ${ARK_STIL_KILDE.replace(/[+/]/g, '\\$&')};`));
    expect(ARK_STIL).toMatch(/@page \{ size: A4;/);
    expect(ARK_STIL).toMatch(/@media print/);
  });
});

// --- PDF ---

describe('PDF', () => {
  const alt_kjent = (viktig: string): ArkFakta => ({
    ...GRUNN,
    pasientNavn: 'Kari Nordmann',
    utskrivning: { dato: '2026-12-01', destinasjon: 'hjem_med_tjenester' },
    tilbud: { tilbud: 'hjem_med_tjenester', fra: '2026-12-01' },
    kontakt: { enhet: 'Hjemmetjenesten Mo sentrum', telefon: '75 14 60 00' },
    oppfolgingSenest: '2026-12-02T10:15:00+01:00',
    legemiddelliste: 'ikke_pll',
    viktigForDeg: viktig,
    avdelingTelefon: '75 12 55 10',
  });

  test('everything known, in nynorsk: one page, the sheet’s text as a reader gets it', async () => {
    const a = lagArk(alt_kjent(VIKTIG), 'nn');
    const les = await lesPdf(await arkPdf(a));
    expect(les.sider).toHaveLength(1);
    for (const t of arkTekster(a)) expect(les.tekst).toContain(t);
    expect(les.tekst).toContain(VIKTIG);
  });

  test('the longest answer the kartlegging takes (2000 characters) still fits one page, in smaller type', async () => {
    const lang = 'Jeg vil klare meg selv hjemme og gå tur med hunden hver dag. '.repeat(40).slice(0, 2000);
    const les = await lesPdf(await arkPdf(lagArk(alt_kjent(lang), 'nb')));
    expect(les.sider).toHaveLength(1);
    expect(les.tekst).toContain('Ring Hjemmetjenesten Mo sentrum på telefon 75 14 60 00.');
    expect(les.tekst).toContain('Er det fare for livet? Ring 113.');
  });
});
