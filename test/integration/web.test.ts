/**
 * The web interface in a real browser (Debian's Chromium, driven by playwright-core) against the
 * real engine (test/helpers/stack.ts: the API with a worker, Temporal, PostgreSQL). Each party
 * signs in as a person would and does its main task end to end:
 *
 *   ward              starts a forløp and melds it utskrivningsklar
 *   kommune           answers "kan ikke" with an expected date and a kontakt
 *   kartleggingsteam  completes a structured kartlegging (draft saved as it types)
 *   samhandling       moves the avvik that broke to lukket, reads a chart and downloads its CSV
 *
 * On every page axe-core checks WCAG 2.1 A/AA (no serious or critical violation); every request
 * that would leave the machine fails the test, and so does a script error, a CSP refusal, a failed
 * request or an answer ≥ 400 the test did not provoke (a missing favicon among them).
 * Screenshots go to test-resultater/skjermbilder/ (git-ignored). Chromium is found (or installed)
 * by scripts/chromium.ts; the interface is built by `npm run web:bygg` (npm test runs it first).
 * The file has a database of its own: the chart and the CSV it compares with the API count Rana's
 * forløp, which other files running beside it would otherwise add to between the two readings.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { webMappe } from '../../api/web';
import { finnChromium } from '../../scripts/chromium';
import { lagEgenDatabase, type EgenDatabase } from '../helpers/egen-database';
import { KT_RANA, RANA, SAMHANDLING, startStack, SYKEHUS, testFnr, venterPa, type Stack } from '../helpers/stack';
import { bareLokalt } from '../helpers/nettleser';

const SKJERMBILDER = path.resolve(__dirname, '..', '..', 'test-resultater', 'skjermbilder');

let s: Stack;
let db: EgenDatabase;
let browser: Browser;
const eksterne: string[] = [];
const sidefeil: string[] = [];
/** Requests that failed and answers ≥ 400 no test provoked on purpose (the favicon's 404 was one). */
const mislykkede: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(webMappe(), 'index.html'))) {
    throw new Error(`The web interface is not built (${webMappe()} has no index.html): run \`npm run web:bygg\` (npm test does).`);
  }
  const executablePath = finnChromium();
  fs.mkdirSync(SKJERMBILDER, { recursive: true });
  [s, browser] = await Promise.all([
    lagEgenDatabase().then((d) => ((db = d), startStack({ databaseUrl: d.url }))),
    chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] }),
  ]);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await s?.stopp();
  await db?.drop();
});

/**
 * A fresh browser session (as a new person on a new machine), with every non-local request refused
 * and noted, and every failed request or answer ≥ 400 noted unless it is one of `forventet`
 * ("409 POST /api/v1/forlop/{id}/hendelser": the refusals the test provokes and reads on the page).
 */
async function nyOkt(forventet: RegExp[] = []): Promise<{ kontekst: BrowserContext; side: Page }> {
  const kontekst = await browser.newContext({
    locale: 'nb-NO',
    timezoneId: 'Europe/Oslo',
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
  });
  await bareLokalt(kontekst, (url) => eksterne.push(url));
  const hva = (url: string) => {
    const u = new URL(url);
    return u.protocol === 'data:' || u.protocol === 'blob:' ? u.protocol : u.pathname;
  };
  kontekst.on('requestfailed', (r) => {
    if (!eksterne.includes(r.url())) mislykkede.push(`${r.method()} ${hva(r.url())}: ${r.failure()?.errorText}`);
  });
  kontekst.on('response', (r) => {
    const svar = `${r.status()} ${r.request().method()} ${hva(r.url())}`;
    if (r.status() >= 400 && !forventet.some((f) => f.test(svar))) mislykkede.push(svar);
  });
  const side = await kontekst.newPage();
  side.on('pageerror', (e) => sidefeil.push(`pageerror: ${e.message}`));
  side.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) sidefeil.push(`CSP: ${m.text()}`);
  });
  return { kontekst, side };
}

/** axe-core on the page as it is: no serious or critical WCAG 2.1 A/AA violation. */
async function sjekkTilgjengelighet(side: Page, hva: string): Promise<void> {
  const r = await new AxeBuilder({ page: side }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const alvorlige = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ side: hva, regel: v.id, alvor: v.impact, hva: v.help, hvor: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  expect(alvorlige).toEqual([]);
}

/**
 * Opens the interface, and asks for the icon the page names (else /favicon.ico) as a person's
 * browser does: headless Chromium asks for none, so a missing icon would pass unseen.
 */
async function aapne(side: Page): Promise<void> {
  await side.goto(`${s.baseUrl}/`);
  const ikon = await side.evaluate<string>(`document.querySelector('link[rel~="icon"]')?.href ?? new URL('/favicon.ico', location.href).href`);
  const r = await side.request.get(ikon);
  const type = r.headers()['content-type'] ?? '';
  if (!r.ok() || !type.startsWith('image/')) mislykkede.push(`${r.status()} GET ${new URL(ikon).pathname} (sidens ikon, ${type})`);
}

async function skjermbilde(side: Page, navn: string): Promise<void> {
  await side.screenshot({ path: path.join(SKJERMBILDER, `${navn}.png`), fullPage: true });
}

async function loggInn(side: Page, rolle: string, org: string | null): Promise<void> {
  await aapne(side);
  await side.getByRole('heading', { name: 'Logg inn' }).waitFor();
  await side.getByRole('radio', { name: rolle }).check();
  if (org) await side.getByLabel('Organisasjon', { exact: true }).selectOption(org);
  await side.getByRole('button', { name: 'Logg inn', exact: true }).click();
  await side.getByRole('button', { name: 'Logg ut' }).waitFor();
}

const fnr = testFnr(1948);
/** The forløp the ward starts; the later tests work on it. */
let forlopId = '';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('the sign-in page: bokmål, accessible, and the token kept out of the address', async () => {
  const { kontekst, side } = await nyOkt();
  await aapne(side);
  await side.getByRole('heading', { name: 'Logg inn' }).waitFor();
  expect(await side.getAttribute('html', 'lang')).toBe('nb');
  await sjekkTilgjengelighet(side, 'innlogging');
  await skjermbilde(side, '0-innlogging');
  // With the keyboard alone: the rolle (arrow keys in the radio group), the organisation, sign in.
  await side.keyboard.press('Tab');
  await side.keyboard.press('ArrowDown');
  expect(await side.getByRole('radio', { name: 'Kommune' }).isChecked()).toBe(true);
  await side.keyboard.press('Tab');
  expect(await side.evaluate('document.activeElement?.getAttribute("name")')).toBe('org');
  await side.keyboard.press('Tab');
  await side.keyboard.press('Enter');
  await side.getByRole('button', { name: 'Logg ut' }).waitFor();
  await side.getByText('Kommune: Bindal (1811)').waitFor();
  expect(side.url()).not.toMatch(/token|eyJ/);
  expect(await side.evaluate('JSON.stringify(localStorage)')).toBe('{}');
  await kontekst.close();
});

test('ward: starts a forløp and melds it utskrivningsklar; the frister count down', async () => {
  const { kontekst, side } = await nyOkt([/^400 POST \/api\/v1\/forlop$/]);
  await loggInn(side, 'Sykehusavdeling', 'HSYK-MO');
  await side.getByRole('heading', { name: 'Avdelingstavle' }).waitFor();
  await sjekkTilgjengelighet(side, 'avdelingstavle');

  await side.getByText('Nytt forløp (innleggelse)').click();
  const ny = side.getByRole('form', { name: 'Nytt forløp' });
  // A mistyped fødselsnummer (a control digit wrong): the API's 400, in words, naming the field.
  const feil = `${fnr.slice(0, 10)}${(Number(fnr[10]) + 1) % 10}`;
  await ny.getByLabel('Fødselsnummer eller D-nummer').fill(feil);
  await ny.getByLabel('Oppholdskommune', { exact: true }).selectOption('1833');
  await ny.getByLabel('Avdeling', { exact: true }).fill('Medisinsk avdeling');
  await ny.getByLabel('Kartlegging (Trygt hjem)').selectOption('ja');
  await ny.getByRole('button', { name: 'Start forløp' }).click();
  await ny.getByRole('alert').filter({ hasText: 'pasient.fnr: må være et gyldig fødselsnummer' }).waitFor();
  await sjekkTilgjengelighet(side, 'nytt forløp med feil');
  await ny.getByLabel('Fødselsnummer eller D-nummer').fill(fnr);
  await ny.getByRole('button', { name: 'Start forløp' }).click();

  const detalj = side.getByRole('region', { name: 'Valgt forløp' });
  await detalj.getByRole('heading', { name: /· Innlagt$/ }).waitFor();
  const liste = await s.kall(SYKEHUS, 'GET', '/api/v1/forlop?status=innlagt&limit=200');
  forlopId = liste.body.data.find((f: { pasient: { fnr: string } }) => f.pasient.fnr === fnr).id;
  expect(forlopId).toMatch(UUID);
  // A live countdown on the melding om innlagt pasient (24 h).
  const nedtelling = detalj.locator('[data-frist="INNLEGGELSESMELDING"] .frist-nedtelling');
  const for_ = await nedtelling.textContent();
  // Waited for, not a fixed pause: a busy machine paints the next second late.
  for (const slutt = Date.now() + 30_000; (await nedtelling.textContent()) === for_ && Date.now() < slutt;) await side.waitForTimeout(200);
  expect(await nedtelling.textContent()).not.toBe(for_);
  expect(for_).toMatch(/igjen$/);

  await detalj.getByRole('button', { name: 'Meldt utskrivningsklar' }).click();
  const skjema = detalj.getByRole('form', { name: 'Meldt utskrivningsklar' });
  for (const punkt of ['a)', 'b)', 'c)', 'd)']) await skjema.getByRole('checkbox', { name: new RegExp(`^${punkt.replace(')', '\\)')}`) }).check();
  await sjekkTilgjengelighet(side, 'hendelsesskjema');
  await skjema.getByRole('button', { name: 'Registrer: Meldt utskrivningsklar' }).click();
  await detalj.getByText('Registrert: Meldt utskrivningsklar. Status nå: Meldt utskrivningsklar.').waitFor();
  // The kommune's answer is now due (4 h), and kartlegging broke: it was not done before the melding.
  await detalj.locator('[data-frist="KOMMUNESVAR"] .frist-nedtelling', { hasText: /igjen$/ }).waitFor();
  await detalj.locator('[data-frist="KARTLEGGING"].frist-brutt').waitFor();
  await skjermbilde(side, '1-avdeling-meldt-utskrivningsklar');

  const f = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${forlopId}`);
  expect(f.body.status).toBe('utskrivningsklar');
  expect(f.body.hendelser.map((h: { type: string }) => h.type)).toEqual(['INNLAGT', 'UTSKRIVNINGSKLAR']);
  expect(f.body.hendelser[1].vurdering).toEqual({
    problemstillingerVedInnleggelseAvklart: true,
    ovrigeProblemstillingerAvklart: true,
    uavklarteProblemstillingerAngitt: true,
    funksjonsnivaaVurdert: true,
  });
  await kontekst.close();
});

test('ward: a form a colleague overtook is refused in words (409), and what is offered follows the forløp', async () => {
  const annen = testFnr(1951);
  const start = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', {
    pasient: { fnr: annen },
    oppholdskommune: '1832',
    sykehus: 'HSYK-MO',
    avdeling: 'Kirurgisk avdeling',
    innlagtTidspunkt: new Date(Date.now() - 3_600_000).toISOString(),
    antattBehovKommunaleTjenester: true,
    kartlegging: { inkludert: false },
  });
  expect(start.status).toBe(201);
  const { kontekst, side } = await nyOkt([new RegExp(`^409 POST /api/v1/forlop/${start.body.id}/hendelser$`)]);
  await loggInn(side, 'Sykehusavdeling', 'HSYK-MO');
  await side
    .getByRole('region', { name: /^Innlagt/ })
    .getByRole('button', { name: new RegExp(`Pasient ${annen}`) })
    .click();
  const detalj = side.getByRole('region', { name: 'Valgt forløp' });
  const tilbudt = detalj.getByRole('group', { name: 'Hendelser du kan registrere nå' });
  await tilbudt.getByRole('button', { name: 'Meldt utskrivningsklar', exact: true }).click();
  const skjema = detalj.getByRole('form', { name: 'Meldt utskrivningsklar' });
  for (const punkt of ['a', 'b', 'c', 'd']) await skjema.getByRole('checkbox', { name: new RegExp(`^${punkt}\\)`) }).check();

  // Meanwhile a colleague melds the patient from another machine.
  const naa = new Date().toISOString();
  const kollega = await s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${start.body.id}/hendelser`, {
    type: 'UTSKRIVNINGSKLAR',
    tidspunkt: naa,
    vurdertTidspunkt: naa,
    vurdering: {
      problemstillingerVedInnleggelseAvklart: true,
      ovrigeProblemstillingerAvklart: true,
      uavklarteProblemstillingerAngitt: true,
      funksjonsnivaaVurdert: true,
    },
  });
  expect(kollega.status).toBe(200);

  await skjema.getByRole('button', { name: 'Registrer: Meldt utskrivningsklar' }).click();
  const varsel = skjema.getByRole('alert');
  await varsel.filter({ hasText: 'Forløpet har status «utskrivningsklar»' }).waitFor();
  await varsel.filter({ hasText: 'Det som kan registreres nå:' }).waitFor();
  // The offer is read again: a second complete melding is not among it now.
  await detalj.getByRole('heading', { name: /· Meldt utskrivningsklar$/ }).waitFor();
  await tilbudt.getByRole('button', { name: 'Utskrivningsklar avmeldt', exact: true }).waitFor();
  expect(await tilbudt.getByRole('button', { name: 'Meldt utskrivningsklar', exact: true }).count()).toBe(0);
  await sjekkTilgjengelighet(side, '409 i ord');
  await skjermbilde(side, '1b-avdeling-409');
  await kontekst.close();
});

test('kommune: answers "kan ikke" with an expected date and a kontakt; sees the varsel and this month', async () => {
  expect(forlopId).toMatch(UUID);
  const { kontekst, side } = await nyOkt();
  await loggInn(side, 'Kommune', '1833');
  await side.getByRole('heading', { name: 'Innboks' }).waitFor();
  await side.getByRole('heading', { name: 'Overliggerdøgn denne måneden' }).waitFor();
  await side.locator('.varsel', { hasText: 'Utskrivningsklar pasient' }).first().waitFor();
  await sjekkTilgjengelighet(side, 'kommunens innboks');

  const venter = side.getByRole('region', { name: /Venter på svar fra kommunen/ });
  await venter.getByRole('button', { name: new RegExp(`Pasient ${fnr}`) }).click();
  const detalj = side.getByRole('region', { name: 'Valgt forløp' });
  await detalj.getByRole('button', { name: 'Kommunens svar' }).click();
  const skjema = detalj.getByRole('form', { name: 'Kommunens svar' });
  await skjema.getByRole('radio', { name: 'Nei, kan ikke ta imot ennå' }).check();
  const klar = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await skjema.getByLabel('Forventet klar dato').fill(klar);
  await skjema.getByLabel(/Kontakt: enhet/).fill('Hjemmetjenesten Mo sentrum');
  await sjekkTilgjengelighet(side, 'kommunens svar');
  await skjema.getByRole('button', { name: 'Registrer: Kommunens svar' }).click();
  await detalj.getByText('Registrert: Kommunens svar. Status nå: Venter på kommunen.').waitFor();
  await detalj.locator('[data-frist="TILBUD_KLART"]').waitFor();
  await skjermbilde(side, '2-kommune-kan-ikke');

  const f = await s.kall(RANA, 'GET', `/api/v1/forlop/${forlopId}`);
  expect(f.body.status).toBe('venter_pa_kommune');
  const svar = f.body.hendelser.find((h: { type: string }) => h.type === 'KOMMUNESVAR');
  expect(svar).toMatchObject({ kanTaImot: false, forventetKlarDato: klar, kontakt: { enhet: 'Hjemmetjenesten Mo sentrum' } });
  await kontekst.close();
});

test('kartleggingsteam: completes a structured kartlegging from the served JSON Schema, drafts saved as it types', async () => {
  expect(forlopId).toMatch(UUID);
  const { kontekst, side } = await nyOkt();
  await loggInn(side, 'Kartleggingsteam', 'KT-RANA');
  await side.getByRole('heading', { name: 'Arbeidsliste' }).waitFor();
  const rad = side.locator(`tr[data-forlop="${forlopId}"]`);
  await rad.waitFor();
  await sjekkTilgjengelighet(side, 'arbeidsliste');
  await rad.getByRole('button', { name: 'Kartlegg' }).click();

  const skjema = side.getByRole('form', { name: 'Kartleggingsskjema' });
  await skjema.locator('fieldset.seksjon').first().waitFor();
  // Every coded choice: its first answer; every multiple choice: its first box; each required text.
  for (const valg of await skjema.locator('select').all()) {
    const forste = await valg.locator('option:not([value=""])').first().getAttribute('value');
    await valg.selectOption(forste!);
  }
  await side.getByText(/^Utkast lagret kl\./).waitFor();
  for (const gruppe of await skjema.locator('fieldset.flervalg').all()) await gruppe.getByRole('checkbox').first().check();
  for (const tekst of await skjema.locator('textarea').all()) {
    const id = await tekst.getAttribute('id');
    const etikett = await skjema.locator(`label[for="${id}"]`).textContent();
    if (!etikett?.includes('(valgfritt)')) await tekst.fill('Vil bo hjemme og klare seg selv med litt hjelp.');
  }
  await sjekkTilgjengelighet(side, 'kartleggingsskjema');
  // The draft is saved a moment after the last keystroke: the API has it, with who and when
  // (waited for, not a fixed pause: on a busy machine the save comes later).
  await side.getByText(/^Utkast lagret kl\./).waitFor();
  const utkast = await venterPa(
    async () => {
      const u = await s.kall(KT_RANA, 'GET', `/api/v1/forlop/${forlopId}/kartlegging`);
      return u.body.utkast?.innhold?.anbefaling?.tekst === 'Vil bo hjemme og klare seg selv med litt hjelp.' ? u : undefined;
    },
    30_000,
    'the draft with the last text saved',
  );
  expect(utkast.body.historikk.length).toBeGreaterThan(0);
  expect(utkast.body.utkast.innhold.anbefaling?.tekst).toBe('Vil bo hjemme og klare seg selv med litt hjelp.');

  await skjema.getByRole('button', { name: 'Fullfør kartleggingen' }).click();
  await side.getByText('Kartleggingen er fullført og sendt til kommunen og avdelingen.').waitFor();
  await skjermbilde(side, '3-kartlegging-fullfort');

  const k = await s.kall(RANA, 'GET', `/api/v1/forlop/${forlopId}/kartlegging`);
  expect(k.body.kartleggingStatus).toBe('fullfort');
  expect(k.body.fullfort).toMatchObject({ fellesVerktoy: true, skjemaVersjon: expect.any(String) });
  await kontekst.close();
});

test('samhandling: moves the broken kartlegging frist’s avvik to lukket; reads a chart and downloads its CSV', async () => {
  expect(forlopId).toMatch(UUID);
  const { kontekst, side } = await nyOkt();
  await loggInn(side, 'Samhandlingsavdelingen', 'HSYK');
  await side.getByRole('heading', { name: 'Avvik', exact: true }).waitFor();
  await sjekkTilgjengelighet(side, 'avviksdesk');

  await side.getByRole('form', { name: 'Filtre' }).getByLabel('Type', { exact: true }).selectOption('KARTLEGGING');
  await side.getByRole('button', { name: 'Filtrer' }).click();
  const rad = side.locator(`tr[data-forlop="${forlopId}"]`).first();
  await rad.getByRole('link', { name: 'Kartlegging før utskrivningsklar' }).click();
  const detalj = side.getByRole('region', { name: 'Valgt avvik' });
  await detalj.getByRole('heading', { name: /Kartlegging før utskrivningsklar/ }).waitFor();
  await detalj.getByLabel('Velg handling').selectOption('lukket');
  await detalj.getByLabel('Kommentar').fill('Gjennomgått med teamet; kartleggingen er fullført.');
  await sjekkTilgjengelighet(side, 'avvik med historikk');
  await detalj.getByRole('button', { name: 'Lagre behandling' }).click();
  await detalj.getByText('Lagret. Avviket er nå lukket.').waitFor();
  await detalj.getByRole('list', { name: 'Avvikets historikk' }).getByText('Gjennomgått med teamet').waitFor();
  await skjermbilde(side, '4-avvik-lukket');

  const avvik = await s.kall(SAMHANDLING, 'GET', `/api/v1/avvik?type=KARTLEGGING&limit=200`);
  const a = avvik.body.data.find((x: { forlopId: string }) => x.forlopId === forlopId);
  expect(a.status).toBe('lukket');
  expect(a.historikk.at(-1)).toMatchObject({ status: 'lukket', av: { rolle: 'samhandling', org: 'HSYK' } });

  // Indicators: the table behind "Forløp per kommune og måned" says what the API says for Rana this month.
  await side.getByRole('link', { name: 'Indikatorer' }).click();
  await side.getByRole('heading', { name: 'Indikatorer' }).waitFor();
  const figur = side.getByRole('figure', { name: 'Forløp per kommune og måned' });
  await figur.locator('canvas').waitFor();
  await sjekkTilgjengelighet(side, 'indikatorer');
  await figur.getByText('Tabell').click();
  const tabell = figur.getByRole('table');
  const kolonner = await tabell.locator('thead th').allTextContents();
  const rana = kolonner.indexOf('Rana (1833)');
  expect(rana).toBeGreaterThan(0);
  const sisteRad = tabell.locator('tbody tr').last();
  const vist = (await sisteRad.locator('th, td').nth(rana).textContent())?.trim();

  const fra = await side.getByRole('form', { name: 'Periode' }).getByLabel('Fra', { exact: true }).inputValue();
  const til = await side.getByRole('form', { name: 'Periode' }).getByLabel('Til', { exact: true }).inputValue();
  const r = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/indikatorer?fra=${fra}&til=${til}&gruppering=maned&oppholdskommune=1833`);
  const maned = r.body.data
    .map((d: { periode: string }) => d.periode)
    .sort()
    .at(-1);
  const forventet = r.body.data.find((d: { periode: string }) => d.periode === maned).indikatorer.forlop;
  expect(forventet).toBeGreaterThan(0);
  expect(vist).toBe(new Intl.NumberFormat('nb-NO').format(forventet));
  // Its definition, one click away, is the API's.
  await figur.getByText('Definisjon').click();
  await figur.getByText(r.body.definisjoner.forlop.slice(`${r.body.navn.forlop} (forlop): `.length)).waitFor();
  await skjermbilde(side, '5-indikatorer');

  const [nedlasting] = await Promise.all([side.waitForEvent('download'), side.getByRole('button', { name: 'Last ned indikatorer (CSV)' }).click()]);
  expect(nedlasting.suggestedFilename()).toMatch(/^indikatorer-.*\.csv$/);
  const fil = path.join(SKJERMBILDER, 'indikatorer.csv');
  await nedlasting.saveAs(fil);
  const csv = fs.readFileSync(fil, 'utf8').replace(/^\uFEFF/, '');
  const [hode, ...rader] = csv.trim().split(/\r?\n/);
  expect(hode.split(';')).toEqual(expect.arrayContaining(['Periode', 'Oppholdskommune', 'Forløp']));
  const kol = hode.split(';');
  const raden = rader.map((l) => l.split(';')).find((c) => c[kol.indexOf('Oppholdskommune')] === '1833' && c[kol.indexOf('Periode')] === maned);
  expect(raden?.[kol.indexOf('Forløp')]).toBe(String(forventet));
  await kontekst.close();
});

test('nothing left the machine, and no script error or CSP refusal on any page', () => {
  expect(eksterne).toEqual([]);
  expect(sidefeil).toEqual([]);
});

test('no request failed and no answer ≥ 400 on any page, but the refusals the tests provoked', () => {
  expect(mislykkede).toEqual([]);
});
