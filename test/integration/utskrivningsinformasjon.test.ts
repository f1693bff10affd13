/**
 * The patient's own sheet at discharge (GET /forlop/{id}/utskrivningsinformasjon) against the
 * real engine: who reads it (the ward and the oppholdskommune the same text; another kommune and
 * the kartleggingsteam find none; every read in the access log), and in a real browser (Debian's
 * Chromium, playwright-core, as web.test.ts) the ward printing it for a forløp with a kontakt, a
 * tilbud and the PLL status: Chromium's own print and the API's PDF both carry the kontakt's
 * telephone and the start day on one page (read back with pdf.js), axe finds no serious or
 * critical violation, and a forløp without kontakt shows no empty heading.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { DateTime } from 'luxon';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { webMappe } from '../../api/web';
import { dagIOrd } from '../../api/utskrivningsinformasjon/tekst';
import { finnChromium } from '../../scripts/chromium';
import { TIDSSONE } from '../../workflows/frister';
import { KOMPLETT_KARTLEGGING } from '../helpers/kartlegging';
import { lesPdf } from '../helpers/pdf';
import { forlopBody, HEMNES, KT_RANA, RANA, SAMHANDLING, startStack, SYKEHUS, testFnr, type Stack } from '../helpers/stack';
import type { Principal } from '../../workflows/types';
import { bareLokalt, venterPaSiden } from '../helpers/nettleser';

const SKJERMBILDER = path.resolve(__dirname, '..', '..', 'test-resultater', 'skjermbilder');
const KOMPLETT_VURDERING = {
  problemstillingerVedInnleggelseAvklart: true,
  ovrigeProblemstillingerAvklart: true,
  uavklarteProblemstillingerAngitt: true,
  funksjonsnivaaVurdert: true,
};
const KONTAKT = { enhet: 'Hjemmetjenesten Mo sentrum', telefon: '75 14 60 00' };

let s: Stack;
let browser: Browser;
const sidefeil: string[] = [];
const eksterne: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(webMappe(), 'index.html'))) {
    throw new Error(`The web interface is not built (${webMappe()} has no index.html): run \`npm run web:bygg\` (npm test does).`);
  }
  fs.mkdirSync(SKJERMBILDER, { recursive: true });
  [s, browser] = await Promise.all([
    startStack(),
    chromium.launch({ executablePath: finnChromium(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] }),
  ]);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await s?.stopp();
  expect(eksterne).toEqual([]);
  expect(sidefeil).toEqual([]);
});

const minutterSiden = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

async function hendelse(p: Principal, id: string, body: Record<string, unknown>): Promise<void> {
  const r = await s.kall(p, 'POST', `/api/v1/forlop/${id}/hendelser`, body);
  expect({ type: body.type, status: r.status, detail: r.body?.detail }).toEqual({ type: body.type, status: 200, detail: undefined });
}

interface Fixtur {
  id: string;
  fnr: string;
  /** The day the kommune's tilbud starts, in words (bokmål). */
  startdag: string | null;
}

/** A forløp at HSYK-MO for Rana, meldt utskrivningsklar; with `alt`, kartlagt, answered with a kontakt, its tilbud ready and the PLL updated. */
async function nyttForlop(alt: boolean): Promise<Fixtur> {
  const fnr = testFnr(1941);
  const r = await s.kall(
    SYKEHUS,
    'POST',
    '/api/v1/forlop',
    forlopBody({
      pasient: { fnr },
      innlagtTidspunkt: minutterSiden(600),
      kartlegging: { inkludert: alt },
    }),
  );
  expect(r.status).toBe(201);
  const id: string = r.body.id;
  if (alt) await hendelse(KT_RANA, id, { type: 'KARTLEGGING_FULLFORT', tidspunkt: minutterSiden(400), skjemaVersjon: '1', innhold: KOMPLETT_KARTLEGGING });
  await hendelse(SYKEHUS, id, { type: 'UTSKRIVNINGSKLAR', tidspunkt: minutterSiden(300), vurdertTidspunkt: minutterSiden(300), vurdering: KOMPLETT_VURDERING });
  if (!alt) return { id, fnr, startdag: null };
  await hendelse(RANA, id, {
    type: 'KOMMUNESVAR',
    tidspunkt: minutterSiden(290),
    kanTaImot: false,
    forventetKlarDato: DateTime.now().setZone(TIDSSONE).toISODate(),
    kontakt: KONTAKT,
  });
  const klart = minutterSiden(60);
  await hendelse(RANA, id, { type: 'TILBUD_KLART', tidspunkt: klart, tilbud: 'hjem_med_tjenester' });
  await hendelse(SYKEHUS, id, { type: 'EPIKRISE_SENDT', tidspunkt: minutterSiden(30), legemiddelliste: { status: 'pll_oppdatert' } });
  return { id, fnr, startdag: dagIOrd(DateTime.fromISO(klart), 'nb') };
}

/** The sheet as `p` gets it, in the format asked for. */
async function hentArk(p: Principal, id: string, accept: string, query = ''): Promise<{ status: number; type: string; kropp: Buffer }> {
  const r = await fetch(`${s.baseUrl}/api/v1/forlop/${id}/utskrivningsinformasjon${query}`, {
    headers: { authorization: `Bearer ${await s.token(p.rolle, p.org)}`, accept },
  });
  return { status: r.status, type: r.headers.get('content-type') ?? '', kropp: Buffer.from(await r.arrayBuffer()) };
}

let full: Fixtur;
let uten: Fixtur;
beforeAll(async () => {
  [full, uten] = await Promise.all([nyttForlop(true), nyttForlop(false)]);
});

test('only the ward records that the sheet was given', async () => {
  const r = await s.kall(RANA, 'POST', `/api/v1/forlop/${uten.id}/hendelser`, { type: 'INFORMASJON_GITT', tidspunkt: minutterSiden(1) });
  expect({ status: r.status, type: r.body?.type }).toEqual({ status: 403, type: expect.stringMatching(/forbudt$/) });
  const tillatte = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${uten.id}/tillatte-hendelser`);
  expect(tillatte.body.tillatte).toContain('INFORMASJON_GITT');
});

describe('who reads the sheet', () => {
  test('the ward and the oppholdskommune read the same text; another kommune and the kartleggingsteam find none; samhandling may not', async () => {
    const avdelingen = await hentArk(SYKEHUS, full.id, 'text/html');
    const kommunen = await hentArk(RANA, full.id, 'text/html');
    expect(avdelingen.status).toBe(200);
    expect(avdelingen.type).toMatch(/^text\/html/);
    expect(kommunen.status).toBe(200);
    expect(kommunen.kropp.toString('utf8')).toBe(avdelingen.kropp.toString('utf8'));
    const html = avdelingen.kropp.toString('utf8');
    expect(html).toContain('Ring Hjemmetjenesten Mo sentrum på telefon 75 14 60 00.');
    expect(html).toContain(`Hjelpen hjemme starter ${full.startdag}.`);
    expect(html).toContain('Legemiddellisten din er oppdatert i Pasientens legemiddelliste.');
    expect(html).toContain('Å kunne bo hjemme og gå tur med hunden');
    expect(html).toContain('Du lå på Medisinsk avdeling, Helgelandssykehuset Mo i Rana. Ring dit på telefon 75 12 55 10.');
    // No fødselsnummer on the sheet, and its patient data is not kept in caches.
    expect(html).not.toContain(full.fnr);

    for (const annen of [HEMNES, KT_RANA]) {
      const r = await s.kall(annen, 'GET', `/api/v1/forlop/${full.id}/utskrivningsinformasjon`);
      expect({ hvem: annen, status: r.status, type: r.body?.type }).toEqual({ hvem: annen, status: 404, type: expect.stringMatching(/ikke-funnet$/) });
    }
    expect((await s.kall(SAMHANDLING, 'GET', `/api/v1/forlop/${full.id}/utskrivningsinformasjon`)).status).toBe(403);
    expect((await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${randomUUID()}/utskrivningsinformasjon`)).status).toBe(404);
  });

  test('every read is in the access log, the refused ones not', async () => {
    const r = await s.kall(SAMHANDLING, 'GET', `/api/v1/tilgangslogg?forlopId=${full.id}&limit=500`);
    expect(r.status).toBe(200);
    const lesinger = r.body.data.filter((x: { handling: string }) => x.handling === 'utskrivningsinformasjon');
    expect(lesinger.map((x: { rolle: string; org: string }) => `${x.rolle}:${x.org}`).sort()).toEqual(['kommune:1833', 'sykehus:HSYK-MO']);
  });

  test('nynorsk when the patient asks; an unknown målform is refused in words and read by nobody', async () => {
    const nn = await hentArk(SYKEHUS, full.id, 'text/html', '?malform=nn');
    expect(nn.kropp.toString('utf8')).toMatch(/<html lang="nn">/);
    expect(nn.kropp.toString('utf8')).toContain('Legemiddellista di er oppdatert i Pasientens legemiddelliste.');
    expect((await hentArk(SYKEHUS, full.id, 'text/html', '?malform=nynorsk')).kropp.toString('utf8')).toBe(nn.kropp.toString('utf8'));
    const lesinger = async () =>
      (await s.kall(SAMHANDLING, 'GET', `/api/v1/tilgangslogg?forlopId=${full.id}&limit=500`)).body.data.filter(
        (x: { handling: string }) => x.handling === 'utskrivningsinformasjon',
      ).length;
    const for_ = await lesinger();
    const feil = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${full.id}/utskrivningsinformasjon?malform=svensk`);
    expect(feil.status).toBe(400);
    expect(feil.body.errors).toEqual([expect.objectContaining({ felt: expect.stringContaining('malform') })]);
    expect(await lesinger()).toBe(for_);
  });

  test('the PDF: one A4 page, its font embedded, its text the kontakt’s telephone and the start day', async () => {
    const pdf = await hentArk(SYKEHUS, full.id, 'application/pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.kropp.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raa = pdf.kropp.toString('latin1');
    expect(raa).toMatch(/\/FontFile2/); // TrueType embedded
    expect(raa).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    expect(raa).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const les = await lesPdf(pdf.kropp);
    expect(les.sider).toHaveLength(1);
    expect(les.tekst).toContain('Ring Hjemmetjenesten Mo sentrum på telefon 75 14 60 00.');
    expect(les.tekst).toContain(`Hjelpen hjemme starter ${full.startdag}.`);
    expect(les.tekst).toContain('Ring legevakten på 116 117');
  });
});

// --- in the browser ---

async function nyOkt(): Promise<{ kontekst: BrowserContext; side: Page }> {
  const kontekst = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo', viewport: { width: 1400, height: 1000 } });
  await bareLokalt(kontekst, (url) => eksterne.push(url));
  // A print dialog has no one to answer it here: the window notes that it was asked to print.
  await kontekst.addInitScript(`window.print = () => document.documentElement.setAttribute('data-skrevet-ut', 'ja');`);
  kontekst.on('page', (p) => {
    p.on('pageerror', (e) => sidefeil.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) sidefeil.push(`CSP: ${m.text()}`);
    });
  });
  return { kontekst, side: await kontekst.newPage() };
}

async function loggInn(side: Page, rolle: string, org: string): Promise<void> {
  await side.goto(`${s.baseUrl}/`);
  await side.getByRole('heading', { name: 'Logg inn' }).waitFor();
  await side.getByRole('radio', { name: rolle }).check();
  await side.getByLabel('Organisasjon', { exact: true }).selectOption(org);
  await side.getByRole('button', { name: 'Logg inn', exact: true }).click();
  await side.getByRole('button', { name: 'Logg ut' }).waitFor();
}

async function sjekkTilgjengelighet(side: Page, hva: string): Promise<void> {
  const r = await new AxeBuilder({ page: side }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const alvorlige = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ side: hva, regel: v.id, alvor: v.impact, hva: v.help, hvor: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  expect(alvorlige).toEqual([]);
}

/** Opens the forløp of `fnr` (its card links to it) and clicks the sheet's button: the window it opens, once the sheet is in it. */
async function apneArket(kontekst: BrowserContext, side: Page, fnr: string, knapp: string): Promise<Page> {
  await side
    .getByRole('link', { name: new RegExp(fnr) })
    .first()
    .click();
  const [vindu] = await Promise.all([kontekst.waitForEvent('page'), side.getByRole('button', { name: knapp }).click()]);
  await vindu.waitForURL(/^blob:/);
  await vindu.getByRole('heading', { level: 1 }).waitFor();
  return vindu;
}

/** Each section of the sheet has its heading and something under it. */
const tommeOverskrifter = (vindu: Page): Promise<string[]> =>
  vindu.evaluate(`[...document.querySelectorAll('h1, h2')]
    .filter((h) => !h.textContent.trim() || (h.tagName === 'H2' && !h.closest('section')?.querySelector('p')))
    .map((h) => h.outerHTML)`);
const skrevetUt = (vindu: Page): Promise<string | null> => vindu.evaluate(`document.documentElement.getAttribute('data-skrevet-ut')`);
const heleSiden = (vindu: Page): Promise<string> => vindu.evaluate('document.documentElement.outerHTML');

test('the ward prints the sheet: Chromium’s print and the PDF carry the kontakt’s telephone and the start day on one page', async () => {
  const { kontekst, side } = await nyOkt();
  await loggInn(side, 'Sykehusavdeling', 'HSYK-MO');
  const vindu = await apneArket(kontekst, side, full.fnr, 'Skriv ut informasjon til pasienten');

  await venterPaSiden(vindu, `document.documentElement.getAttribute('data-skrevet-ut') === 'ja'`);
  expect(await vindu.getByRole('heading', { level: 1 }).textContent()).toBe('Til deg som reiser fra sykehuset');
  await vindu.getByText('Ring Hjemmetjenesten Mo sentrum på telefon 75 14 60 00.').waitFor();
  // Its stylesheet applies (allowed by hash in the interface's policy, which the blob window keeps).
  expect(await vindu.evaluate(`getComputedStyle(document.querySelector('h2')).borderBottomStyle`)).toBe('solid');
  expect(await tommeOverskrifter(vindu)).toEqual([]);
  await sjekkTilgjengelighet(vindu, 'utskrivningsinformasjon');
  await vindu.screenshot({ path: path.join(SKJERMBILDER, 'utskrivningsinformasjon.png'), fullPage: true });

  // Chromium's own print of the page (its print stylesheet, A4).
  await vindu.emulateMedia({ media: 'print' });
  const utskrift = await vindu.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  const lest = await lesPdf(utskrift);
  expect(lest.sider).toHaveLength(1);
  expect(lest.tekst).toContain('75 14 60 00');
  expect(lest.tekst).toContain(`${full.startdag}`);

  // Given: the ward records it on the forløp.
  const detalj = side.locator('article.forlop-detalj');
  await detalj.getByRole('button', { name: 'Informasjon gitt til pasienten', exact: true }).click();
  await detalj.getByRole('form', { name: 'Informasjon gitt til pasienten' }).getByRole('button', { name: 'Registrer: Informasjon gitt til pasienten' }).click();
  await detalj.getByText('Registrert: Informasjon gitt til pasienten.').waitFor();
  const forlop = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${full.id}`);
  expect(forlop.body.hendelser.filter((h: { type: string }) => h.type === 'INFORMASJON_GITT')).toEqual([
    expect.objectContaining({ type: 'INFORMASJON_GITT', av: SYKEHUS }),
  ]);
  await kontekst.close();
});

test('a forløp without kontakt: no empty heading, only what is known; the kommune sees the same sheet', async () => {
  const html = (await hentArk(SYKEHUS, uten.id, 'text/html')).kropp.toString('utf8');
  expect(html).not.toMatch(/Hjelp fra Rana kommune|Medisinene dine|Dette er viktig for deg/);

  const { kontekst, side } = await nyOkt();
  await loggInn(side, 'Kommune', '1833');
  const vindu = await apneArket(kontekst, side, uten.fnr, 'Vis informasjonen til pasienten');
  // The kommune reads; it does not print.
  expect(await skrevetUt(vindu)).toBeNull();
  expect(await tommeOverskrifter(vindu)).toEqual([]);
  expect(await vindu.locator('h2').allTextContents()).toEqual(['Hvis du blir dårligere', 'Spørsmål til sykehuset']);
  // The very text the API gives the ward.
  const somAvdelingen = await kontekst.newPage();
  await somAvdelingen.setContent(html);
  expect(await heleSiden(vindu)).toBe(await heleSiden(somAvdelingen));
  await somAvdelingen.close();
  await sjekkTilgjengelighet(vindu, 'utskrivningsinformasjon uten kontakt');
  await kontekst.close();
});
