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
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { webMappe } from '../../api/web';
import { finnChromium } from '../../scripts/chromium';
import { lagEgenDatabase, type EgenDatabase } from '../helpers/egen-database';
import { forlopBody, KT_RANA, RANA, SAMHANDLING, startStack, SYKEHUS, testFnr, venterPa, type Stack } from '../helpers/stack';
import { noterNavn } from '../helpers/logg';
import { bareLokalt, venterPaSiden } from '../helpers/nettleser';

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
async function nyOkt(forventet: RegExp[] = [], viewport = { width: 1400, height: 1000 }): Promise<{ kontekst: BrowserContext; side: Page }> {
  const kontekst = await browser.newContext({
    locale: 'nb-NO',
    timezoneId: 'Europe/Oslo',
    viewport,
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

/**
 * The form's message for a field, as a person and a screen reader meet it: the text just under its
 * label, the control marked invalid and described by it; null when the field shows none.
 */
async function feltFeil(felt: Locator): Promise<string | null> {
  const id = await felt.getAttribute('id');
  // A string, run in the page (the tests are type-checked without the DOM's types).
  return felt.page().evaluate<string | null>(`(() => {
    const el = document.getElementById(${JSON.stringify(id)});
    const etikett = document.querySelector('label[for="' + el.id + '"]');
    const feil = document.getElementById(el.id + '-feil');
    const tekst = feil && feil.classList.contains('feiltekst') ? feil.textContent : null;
    if (!tekst) return el.getAttribute('aria-invalid') === 'true' ? '(merket ugyldig uten tekst)' : null;
    const etter = (a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    if (!etter(etikett, feil) || !etter(feil, el)) return '(teksten «' + tekst + '» står ikke ved etiketten)';
    const beskrevet = (el.getAttribute('aria-describedby') || '').split(' ').includes(feil.id);
    return el.getAttribute('aria-invalid') === 'true' && beskrevet ? tekst : '(teksten «' + tekst + '» er ikke knyttet til feltet)';
  })()`);
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
  // The API's words at the field's label, the field marked invalid and described by them.
  const fnrFelt = ny.getByLabel('Fødselsnummer eller D-nummer');
  await ny.locator('[aria-invalid="true"]').waitFor();
  expect(await feltFeil(fnrFelt)).toMatch(/^må være et gyldig fødselsnummer/);
  await sjekkTilgjengelighet(side, 'nytt forløp med feil');
  await fnrFelt.fill(fnr);
  expect(await feltFeil(fnrFelt)).toBeNull();
  await ny.getByRole('button', { name: 'Start forløp' }).click();

  // The new forløp opens at its own address.
  const detalj = side.getByRole('article');
  await detalj.getByRole('heading', { name: /· Innlagt$/ }).waitFor();
  const liste = await s.kall(SYKEHUS, 'GET', '/api/v1/forlop?status=innlagt&limit=200');
  forlopId = liste.body.data.find((f: { pasient: { fnr: string } }) => f.pasient.fnr === fnr).id;
  expect(forlopId).toMatch(UUID);
  expect(new URL(side.url()).pathname).toBe(`/forlop/${forlopId}`);
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
    .getByRole('link', { name: new RegExp(annen) })
    .click();
  const detalj = side.getByRole('article');
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

  const venter = side.getByRole('region', { name: /Venter på vårt svar/ });
  await venter.getByRole('link', { name: new RegExp(fnr) }).click();
  const detalj = side.getByRole('article');
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
  await rad.getByRole('link', { name: /^Kartlegg/ }).click();

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
  // No draft save crossing the completion says it failed (it was waited for, and a late refusal is no news).
  await side.getByRole('heading', { name: /, fullført$/ }).waitFor();
  expect(await side.getByText('Utkastet ble ikke lagret').count()).toBe(0);
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

// --- each user's main task on a 1024 × 768 hospital tablet ---

const NETTBRETT = { width: 1024, height: 768 };

/** A patient with a name (noted for the log scan), admitted at HSYK-MO for Rana `timerSiden` hours ago. */
async function innlagtMedNavn(etternavn: string, overstyr: Record<string, unknown> = {}, timerSiden = 1): Promise<{ id: string; fnr: string; navn: string }> {
  const fnr = testFnr();
  const navn = { fornavn: 'Solveig', etternavn };
  noterNavn(navn.fornavn, navn.etternavn);
  const r = await s.kall(
    SYKEHUS,
    'POST',
    '/api/v1/forlop',
    forlopBody({ pasient: { fnr, navn }, innlagtTidspunkt: new Date(Date.now() - timerSiden * 3_600_000).toISOString(), ...overstyr }),
  );
  expect(r.status).toBe(201);
  return { id: r.body.id, fnr, navn: `${navn.fornavn} ${navn.etternavn}` };
}

/** The heading that has focus, and whether it is in view (its top inside the window). */
async function fokusertOverskrift(side: Page): Promise<{ tekst: string; iSyne: boolean }> {
  await venterPaSiden(side, `/^H[12]$/.test(document.activeElement?.tagName ?? '')`);
  return side.evaluate<{ tekst: string; iSyne: boolean }>(`(() => {
    const h = document.activeElement;
    const r = h.getBoundingClientRect();
    return { tekst: h.textContent ?? '', iSyne: r.top >= -1 && r.bottom <= innerHeight + 1 };
  })()`);
}

test('ward nurse (1024×768): finds a patient by search, opens the forløp at its address in view and focused; a refused field is told at its label and cleared on change; back returns to the board where it was', async () => {
  const slekt = `Tavlesen${Date.now() % 100_000}`;
  const maal = await innlagtMedNavn(slekt, {}, 10);
  // Enough patients that the board is longer than the screen; an earlier admission's melding is due first.
  const andre = await Promise.all(Array.from({ length: 10 }, (_, i) => innlagtMedNavn(`Fyllestad${i}`, {}, 1)));
  const { kontekst, side } = await nyOkt([new RegExp(`^400 POST /api/v1/forlop/${maal.id}/hendelser$`)], NETTBRETT);
  await loggInn(side, 'Sykehusavdeling', 'HSYK-MO');
  await side.getByRole('heading', { name: 'Avdelingstavle' }).waitFor();
  const innlagt = side.getByRole('region', { name: /^Innlagt/ });
  await innlagt.locator(`[data-forlop="${andre[9].id}"]`).waitFor();

  // The five statuses side by side within the width, nothing to scroll sideways.
  const kolonner = await side.evaluate<Array<{ top: number; hoyre: number }>>(
    `[...document.querySelectorAll('.tavle > .kolonne')].map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, hoyre: r.right }))`,
  );
  expect(kolonner).toHaveLength(5);
  expect(new Set(kolonner.map((k) => Math.round(k.top))).size).toBe(1);
  expect(Math.max(...kolonner.map((k) => k.hoyre))).toBeLessThanOrEqual(NETTBRETT.width);
  expect(await side.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(NETTBRETT.width);
  // Within a column the frist due first comes first: admitted ten hours ago, its melding is due before the others'.
  const rekkefolge = await side.evaluate<string[]>(
    `[...document.querySelectorAll('.kolonne[aria-labelledby="kol-innlagt"] .kort')].map((e) => e.getAttribute('data-forlop'))`,
  );
  expect(rekkefolge.indexOf(maal.id)).toBeLessThan(rekkefolge.indexOf(andre[0].id));
  await sjekkTilgjengelighet(side, 'avdelingstavle på nettbrett');
  await skjermbilde(side, '6-tavle-nettbrett');

  // Search by name: only that patient; by fødselsnummer: the same.
  const sok = side.getByRole('searchbox', { name: 'Søk på navn eller fødselsnummer' });
  await sok.fill(slekt.toLowerCase());
  await side.getByText(/^Viser 1 av \d+ forløp\.$/).waitFor();
  await sok.fill(maal.fnr);
  await side.getByText(/^Viser 1 av \d+ forløp\.$/).waitFor();
  await side
    .locator('.tavle')
    .getByRole('link', { name: new RegExp(maal.navn) })
    .click();

  // At its own address, in view, focus on its heading, the patient named.
  await side.waitForURL(`**/forlop/${maal.id}`);
  const overskrift = await fokusertOverskrift(side);
  expect(overskrift.tekst).toContain(maal.navn);
  expect(overskrift.tekst).toContain(maal.fnr);
  expect(overskrift.iSyne).toBe(true);
  const detalj = side.getByRole('article');

  // A melding assessed tomorrow: the API refuses the field, said at its label; changing the field clears it.
  await detalj.getByRole('button', { name: 'Meldt utskrivningsklar', exact: true }).click();
  const skjema = detalj.getByRole('form', { name: 'Meldt utskrivningsklar' });
  // Only point a): asked first, told what is missing and what it means; nothing is sent until confirmed.
  await skjema.getByRole('checkbox', { name: /^a\)/ }).check();
  await skjema.getByRole('button', { name: 'Registrer: Meldt utskrivningsklar' }).click();
  const sporsmal = skjema.getByRole('alert').filter({ hasText: 'Meldingen mangler 3 punkter i vurderingen' });
  await sporsmal.waitFor();
  for (const punkt of ['b', 'c', 'd']) await sporsmal.getByText(new RegExp(`^${punkt}\\)`)).waitFor();
  await sporsmal.getByText(/ikke en gyldig melding om utskrivningsklar pasient/).waitFor();
  await sjekkTilgjengelighet(side, 'ufullstendig melding');
  expect((await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${maal.id}`)).body.hendelser).toHaveLength(1);
  await sporsmal.getByRole('button', { name: 'Gå tilbake og fyll ut' }).click();
  for (const punkt of ['b', 'c', 'd']) await skjema.getByRole('checkbox', { name: new RegExp(`^${punkt}\\)`) }).check();
  const vurdert = skjema.getByLabel('Vurdert utskrivningsklar (norsk tid)');
  const imorgen = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await vurdert.fill(`${imorgen}T12:00`);
  await skjema.getByRole('button', { name: 'Registrer: Meldt utskrivningsklar' }).click();
  await skjema.locator('[aria-invalid="true"]').waitFor();
  expect(await feltFeil(vurdert)).toBe('kan ikke være mer enn 5 minutter frem i tid');
  await sjekkTilgjengelighet(side, 'hendelse med feil på nettbrett');
  await vurdert.fill('');
  expect(await feltFeil(vurdert)).toBeNull();
  await skjema.getByRole('button', { name: 'Registrer: Meldt utskrivningsklar' }).click();
  await detalj.getByText('Registrert: Meldt utskrivningsklar. Status nå: Meldt utskrivningsklar.').waitFor();

  // The board behind has been read again: the card is under its new status.
  await side.locator(`.kolonne[aria-labelledby="kol-utskrivningsklar"] [data-forlop="${maal.id}"]`).waitFor({ state: 'attached' });

  // Back: the board as it was (the search kept), the patient's card focused.
  await side.goBack();
  await side.getByRole('heading', { name: 'Avdelingstavle' }).waitFor();
  expect(await sok.inputValue()).toBe(maal.fnr);
  await venterPaSiden(side, `document.activeElement?.getAttribute('href') === '/forlop/${maal.id}'`);

  // Further down the board: back returns to the same position.
  await side.getByRole('button', { name: 'Nullstill' }).click();
  const nederst = innlagt.locator(`[data-forlop="${andre[9].id}"] a`);
  await nederst.scrollIntoViewIfNeeded();
  const rulling = await side.evaluate<number>('scrollY');
  expect(rulling).toBeGreaterThan(0);
  await nederst.click();
  await side.waitForURL(`**/forlop/${andre[9].id}`);
  expect((await fokusertOverskrift(side)).iSyne).toBe(true);
  await side.goBack();
  await side.getByRole('heading', { name: 'Avdelingstavle' }).waitFor();
  await venterPaSiden(side, `Math.abs(scrollY - ${rulling}) <= 1`);
  expect(await side.evaluate<string>(`document.activeElement?.getAttribute('href')`)).toBe(`/forlop/${andre[9].id}`);
  await kontekst.close();
});

test('kommune saksbehandler (1024×768): the inbox split into waiting for our answer and answered, with our own frist; answers one and it moves to answered', async () => {
  const p = await innlagtMedNavn(`Innboksen${Date.now() % 100_000}`, {}, 3);
  const naa = new Date().toISOString();
  const meldt = await s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${p.id}/hendelser`, {
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
  expect(meldt.status).toBe(200);
  const { kontekst, side } = await nyOkt([], NETTBRETT);
  await loggInn(side, 'Kommune', '1833');
  const venter = side.getByRole('region', { name: /^Venter på vårt svar/ });
  const besvart = side.getByRole('region', { name: /^Besvart, venter på tilbud eller utskrivning/ });
  const kort = venter.locator(`[data-forlop="${p.id}"]`);
  await kort.waitFor();
  // The card counts down the kommune's own frist: its answer.
  await kort.locator('[data-frist="KOMMUNESVAR"]').waitFor();
  await besvart.waitFor();
  // The varsel about the patient links to the forløp.
  await side.locator(`.varsel a[href="/forlop/${p.id}"]`).first().waitFor();
  await sjekkTilgjengelighet(side, 'innboks på nettbrett');
  await skjermbilde(side, '7-innboks-nettbrett');

  await kort.getByRole('link').click();
  await side.waitForURL(`**/forlop/${p.id}`);
  expect((await fokusertOverskrift(side)).tekst).toContain(p.navn);
  const detalj = side.getByRole('article');
  await detalj.getByRole('button', { name: 'Kommunens svar' }).click();
  const skjema = detalj.getByRole('form', { name: 'Kommunens svar' });
  // Sent without the answer: the question says so itself, in words, not a browser bubble.
  await skjema.getByRole('button', { name: 'Registrer: Kommunens svar' }).click();
  const sporsmal = skjema.getByRole('group', { name: /Kan kommunen ta imot pasienten\?/ });
  await sporsmal.getByText('Velg et av alternativene.').waitFor();
  expect(await sporsmal.getAttribute('aria-invalid')).toBe('true');
  await sjekkTilgjengelighet(side, 'kommunens svar uten valg');
  await skjema.getByRole('radio', { name: 'Ja, kan ta imot' }).check();
  expect(await sporsmal.getByText('Velg et av alternativene.').count()).toBe(0);
  await skjema.getByRole('button', { name: 'Registrer: Kommunens svar' }).click();
  await detalj.getByText('Registrert: Kommunens svar. Status nå: Klar for utskrivning.').waitFor();

  await detalj.getByRole('button', { name: /Tilbake til innboksen/ }).click();
  await side.getByRole('heading', { name: 'Innboks' }).waitFor();
  await besvart.locator(`[data-forlop="${p.id}"]`).waitFor();
  expect(await venter.locator(`[data-forlop="${p.id}"]`).count()).toBe(0);
  await kontekst.close();
});

test('kartleggingsteam (1024×768): the worklist names the patient and links to the forløp; a kartlegging opened by its address, saved', async () => {
  const p = await innlagtMedNavn(`Listhaug${Date.now() % 100_000}`, { kartlegging: { inkludert: true } }, 2);
  const { kontekst, side } = await nyOkt([], NETTBRETT);
  await loggInn(side, 'Kartleggingsteam', 'KT-RANA');
  const rad = side.locator(`tr[data-forlop="${p.id}"]`);
  await rad.waitFor();
  const hvem = rad.getByRole('rowheader');
  expect(await hvem.textContent()).toContain(p.navn);
  expect(await hvem.textContent()).toContain(p.fnr);
  expect(await hvem.getByRole('link', { name: p.navn, exact: true }).getAttribute('href')).toBe(`/forlop/${p.id}`);
  await sjekkTilgjengelighet(side, 'arbeidsliste på nettbrett');

  // By its address, as from a bookmark or a link in a message: the engine serves the interface there.
  await side.goto(`${s.baseUrl}/kartlegging/${p.id}`);
  const overskrift = await fokusertOverskrift(side);
  expect(overskrift.tekst).toContain(p.navn);
  expect(overskrift.iSyne).toBe(true);
  const skjema = side.getByRole('form', { name: 'Kartleggingsskjema' });
  const forste = skjema.locator('select').first();
  await forste.selectOption((await forste.locator('option:not([value=""])').first().getAttribute('value'))!);
  await side.getByText(/^Utkast lagret kl\./).waitFor();
  const utkast = await s.kall(KT_RANA, 'GET', `/api/v1/forlop/${p.id}/kartlegging`);
  expect(Object.keys(utkast.body.utkast?.innhold ?? {})).toHaveLength(1);
  await sjekkTilgjengelighet(side, 'kartlegging på nettbrett');
  await skjermbilde(side, '8-kartlegging-nettbrett');

  // The forløp from the worklist: its own address.
  await side.getByRole('button', { name: /Tilbake til arbeidslisten/ }).click();
  await side.getByRole('heading', { name: 'Arbeidsliste' }).waitFor();
  await rad.getByRole('link', { name: p.navn, exact: true }).click();
  await side.waitForURL(`**/forlop/${p.id}`);
  expect((await fokusertOverskrift(side)).tekst).toContain(p.navn);
  await sjekkTilgjengelighet(side, 'forløp for kartleggingsteamet');
  await kontekst.close();
});

test('nothing left the machine, and no script error or CSP refusal on any page', () => {
  expect(eksterne).toEqual([]);
  expect(sidefeil).toEqual([]);
});

test('no request failed and no answer ≥ 400 on any page, but the refusals the tests provoked', () => {
  expect(mislykkede).toEqual([]);
});
