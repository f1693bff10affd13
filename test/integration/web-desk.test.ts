/**
 * The samhandlingsavdeling's desk in a real browser at 1024×768 (a hospital tablet) against the real
 * engine, as web.test.ts drives it (Chromium by playwright-core, axe-core on every view, nothing
 * leaving the machine): the avvik newest first and paged on with "Vis flere", one avvik opened at
 * its own address (in view, its heading focused, the patient named), only the moves the API allows
 * offered to each party, nothing covering the list's links and buttons, and the indicators' charts
 * with one colour per kommune and "ingen data" told from 0 %; a hendelse that came by a PLO message
 * marked so on the timeline, the kommune's Dialogmelding answer on the forløp, and the varsler not
 * delivered to the kommune's EPJ on their own page, each with its reason and its deliveries.
 *
 * The file has a database of its own, so its counts and its order are its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DateTime } from 'luxon';
import pino from 'pino';
import { webMappe } from '../../api/web';
import { avgjor, behold, merkSendt } from '../../db/dialogmelding-ut';
import { iTransaksjon } from '../../db/pool';
import { leggTilVarsler } from '../../db/varsler';
import { anvendDokument } from '../../nhn/mottak';
import { finnChromium } from '../../scripts/chromium';
import type { Principal } from '../../workflows/types';
import { lagEgenDatabase, type EgenDatabase } from '../helpers/egen-database';
import { noterNavn, testLogger } from '../helpers/logg';
import { bareLokalt, venterPaSiden } from '../helpers/nettleser';
import { lagDialogSvar, ploXml } from '../helpers/plo';
import { forlopBody, RANA, SAMHANDLING, startStack, SYKEHUS, testFnr, type Stack } from '../helpers/stack';

const SKJERMBILDER = path.resolve(__dirname, '..', '..', 'test-resultater', 'skjermbilder');
/** The kommuner of the fixture: Rana and Sømna, Bindal and Hemnes once shared a colour. */
const KOMMUNER = ['1833', '1812', '1811', '1832', '1834', '1824'];
/** Older avvik than one page (50) holds, so the list has a second page. */
const ELDRE = 53;

let s: Stack;
let db: EgenDatabase;
let browser: Browser;
const eksterne: string[] = [];
const sidefeil: string[] = [];
/** The forløp of the fixture by kommune, and Rana's patient. */
const forlop: Record<string, string> = {};
const pasient = { fnr: testFnr(), navn: { fornavn: 'Solveig', etternavn: 'Deskmo' } };
/** The newest avvik: reported by the ward against Rana, after all the others. */
let nyeste: { id: string; forlopId: string };

beforeAll(async () => {
  if (!fs.existsSync(path.join(webMappe(), 'index.html'))) throw new Error(`The web interface is not built: run \`npm run web:bygg\`.`);
  fs.mkdirSync(SKJERMBILDER, { recursive: true });
  [s, browser] = await Promise.all([
    lagEgenDatabase().then((d) => ((db = d), startStack({ databaseUrl: d.url }))),
    chromium.launch({ executablePath: finnChromium(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] }),
  ]);

  // One forløp per kommune this month (the indicators' series); Rana's names its patient.
  for (const k of KOMMUNER) {
    const body = forlopBody({ oppholdskommune: k, ...(k === '1833' ? { pasient } : {}) });
    const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', body);
    expect(r.status).toBe(201);
    forlop[k] = r.body.id;
  }
  // Older avvik, stored as the engine stores its own (one a day back), so the desk has more than a page.
  const naa = Date.now();
  for (let i = 0; i < ELDRE; i++) {
    const id = randomUUID();
    const brutt = new Date(naa - (i + 1) * 3_600_000);
    await s.pool.query(
      `INSERT INTO avvik (id, forlop_id, nokkel, type, ansvarlig_rolle, ansvarlig_org, motpart_rolle, motpart_org, frist, brutt, tekst, svarfrist)
       VALUES ($1, $2, $3, 'INNLEGGELSESMELDING', 'sykehus', 'HSYK-MO', 'kommune', $4, $5, $5, 'Melding om innlagt pasient kom ikke innen fristen', $5::timestamptz + interval '28 days')`,
      [id, forlop[KOMMUNER[i % KOMMUNER.length]], `ELDRE:${id}`, KOMMUNER[i % KOMMUNER.length], brutt],
    );
  }
  // The newest: reported by hand now, through the API.
  const a = await s.kall(SYKEHUS, 'POST', '/api/v1/avvik', { forlopId: forlop['1833'], beskrivelse: 'Kommunen svarte ikke på telefon', ansvarlig: 'kommune' });
  expect(a.status).toBe(201);
  nyeste = { id: a.body.id, forlopId: forlop['1833'] };
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await s?.stopp();
  await db?.drop();
});

async function nySide(): Promise<Page> {
  const kontekst = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo', viewport: { width: 1024, height: 768 }, acceptDownloads: true });
  await bareLokalt(kontekst, (url) => eksterne.push(url));
  const side = await kontekst.newPage();
  side.on('pageerror', (e) => sidefeil.push(`pageerror: ${e.message}`));
  side.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) sidefeil.push(`CSP: ${m.text()}`);
  });
  return side;
}

async function sjekkTilgjengelighet(side: Page, hva: string): Promise<void> {
  const r = await new AxeBuilder({ page: side }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const alvorlige = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ side: hva, regel: v.id, hva: v.help, hvor: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  expect(alvorlige).toEqual([]);
}

async function loggInn(side: Page, rolle: string, org: string): Promise<void> {
  await side.goto(`${s.baseUrl}/`);
  await side.getByRole('heading', { name: 'Logg inn' }).waitFor();
  await side.getByRole('radio', { name: rolle }).check();
  await side.getByLabel('Organisasjon', { exact: true }).selectOption(org);
  await side.getByRole('button', { name: 'Logg inn', exact: true }).click();
  await side.getByRole('button', { name: 'Logg ut' }).waitFor();
}

/** Every avvik the principal sees, in the API's order. */
async function apiOrden(p: Principal): Promise<string[]> {
  const ider: string[] = [];
  let cursor: string | null = null;
  do {
    const r: any = await s.kall(p, 'GET', `/api/v1/avvik?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ider.push(...r.body.data.map((a: { id: string }) => a.id));
    cursor = r.body.nesteCursor;
  } while (cursor);
  return ider;
}

/** True when the element is in the viewport and is what a pointer at its centre reaches (nothing lies over it). */
async function ikkeDekket(side: Page, selektor: string): Promise<{ selektor: string; synlig: boolean; overst: boolean }> {
  const el = side.locator(selektor).first();
  await el.scrollIntoViewIfNeeded();
  const boks = (await el.boundingBox())!;
  const vindu = side.viewportSize()!;
  const synlig = boks.x >= 0 && boks.y >= 0 && boks.x + boks.width <= vindu.width && boks.y + boks.height <= vindu.height;
  const overst = await el.evaluate((e) => {
    // The first line box (a link that wraps has a gap in the middle of its bounding box).
    const r = e.getClientRects()[0];
    const treff = e.ownerDocument.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return treff !== null && (treff === e || e.contains(treff));
  });
  return { selektor, synlig, overst };
}

test('the desk at 1024 px: newest first, paged on, an avvik opened at its address with the patient named, only allowed moves, nothing covered', async () => {
  const side = await nySide();
  await loggInn(side, 'Samhandlingsavdelingen', 'HSYK');
  await side.getByRole('heading', { name: 'Avvik', level: 1 }).waitFor();
  const rader = side.locator('table.avvik-liste tbody tr');
  await rader.first().waitFor();

  // Newest first, one page of 50, as the API orders them.
  const orden = await apiOrden(SAMHANDLING);
  expect(orden.length).toBe(ELDRE + 1);
  expect(orden[0]).toBe(nyeste.id);
  expect(await rader.count()).toBe(50);
  expect(await rader.evaluateAll((tr) => tr.map((t) => t.getAttribute('data-avvik')))).toEqual(orden.slice(0, 50));
  await side.getByText('De 50 nyeste avvikene; flere finnes').waitFor();
  // The newest names its patient (name and fødselsnummer) and links to the forløp; an older one too.
  const forste = rader.first();
  await forste.getByRole('link', { name: 'Solveig Deskmo' }).waitFor();
  expect(await forste.getByRole('link', { name: 'Solveig Deskmo' }).getAttribute('href')).toBe(`/forlop/${nyeste.forlopId}`);
  await forste.getByText(pasient.fnr).waitFor();
  await sjekkTilgjengelighet(side, 'avviksdesken');

  // Nothing covers the list's links and buttons at this width.
  const dekket = [];
  for (const sel of [
    'table.avvik-liste tbody tr:first-child td a',
    'table.avvik-liste tbody tr:nth-child(2) td a',
    'button:has-text("Filtrer")',
    'button:has-text("Last ned CSV")',
    'button:has-text("Vis flere")',
  ]) {
    dekket.push(await ikkeDekket(side, sel));
  }
  expect(dekket.filter((d) => !d.synlig || !d.overst)).toEqual([]);

  // Page on: the rest, each once, in the API's order; focus on the first new row.
  await side.getByRole('button', { name: /Vis flere/ }).click();
  await side.getByText(`${ELDRE + 1} avvik, nyeste først`).waitFor();
  expect(await rader.evaluateAll((tr) => tr.map((t) => t.getAttribute('data-avvik')))).toEqual(orden);
  expect(await side.evaluate<string | null>(`document.activeElement?.closest('tr')?.getAttribute('data-avvik') ?? null`)).toBe(orden[50]);
  expect(await side.getByRole('button', { name: /Vis flere/ }).count()).toBe(0);

  // Open the newest: its own address, in view, its heading focused, the patient named.
  await side.evaluate(`scrollTo(0, document.body.scrollHeight)`);
  await side.locator(`tr[data-avvik="${nyeste.id}"]`).getByRole('link', { name: 'Meldt for hånd' }).click();
  const detalj = side.getByRole('region', { name: 'Valgt avvik' });
  const tittel = detalj.getByRole('heading', { level: 1 });
  await tittel.waitFor();
  expect(new URL(side.url()).pathname).toBe(`/avvik/${nyeste.id}`);
  await venterPaSiden(side, `document.activeElement?.id === 'avvik-tittel'`);
  const boks = (await tittel.boundingBox())!;
  expect(boks.y).toBeGreaterThanOrEqual(0);
  expect(boks.y + boks.height).toBeLessThanOrEqual(768);
  await detalj.getByRole('link', { name: 'Solveig Deskmo' }).waitFor();
  await detalj.getByText(pasient.fnr).waitFor();
  // The list is not under it: its buttons are hidden while the avvik is open.
  expect(await side.getByRole('button', { name: 'Filtrer' }).isVisible()).toBe(false);
  // samhandling may make every move: a comment alone, or any other status.
  const tillatte = (await s.kall(SAMHANDLING, 'GET', `/api/v1/avvik/${nyeste.id}`)).body.tillatteHandlinger;
  expect(
    await detalj
      .getByLabel('Velg handling')
      .locator('option')
      .evaluateAll((o) => o.map((x) => (x as unknown as { value: string }).value)),
  ).toEqual(['', ...tillatte.status]);
  expect(tillatte.status).toEqual(['under_behandling', 'lukket', 'trukket']);
  await sjekkTilgjengelighet(side, 'ett avvik');
  await side.screenshot({ path: path.join(SKJERMBILDER, 'desk-1-avvik-1024.png'), fullPage: true });

  // Back: the list as it was, every page still there.
  await detalj.getByRole('button', { name: 'Tilbake til avvikene' }).click();
  await side.getByRole('heading', { name: 'Avvik', level: 1 }).waitFor();
  expect(await rader.count()).toBe(ELDRE + 1);
  await side.context().close();
});

test('each party is offered only the moves the API allows it: the kommune it concerns may take it under behandling, the reporting ward none', async () => {
  // Rana, the responsible party.
  const kommune = await nySide();
  await loggInn(kommune, 'Kommune', '1833');
  await kommune.goto(`${s.baseUrl}/avvik/${nyeste.id}`);
  const detalj = kommune.getByRole('region', { name: 'Valgt avvik' });
  await detalj.getByRole('heading', { level: 1 }).waitFor();
  const tillatte = (await s.kall(RANA, 'GET', `/api/v1/avvik/${nyeste.id}`)).body.tillatteHandlinger;
  expect(tillatte).toEqual({ status: ['under_behandling'], kommentar: true, kommentarPakrevd: [] });
  const valg = await detalj
    .getByLabel('Velg handling')
    .locator('option')
    .evaluateAll((o) => o.map((x) => [(x as unknown as { value: string }).value, x.textContent]));
  expect(valg).toEqual([
    ['', 'Bare kommentar (status åpen)'],
    ['under_behandling', 'Sett til under behandling'],
  ]);
  // Taking it under behandling: its answer; the desk says Besvart.
  await detalj.getByLabel('Velg handling').selectOption('under_behandling');
  await detalj.getByLabel('Kommentar').fill('Vi undersøker hvorfor telefonen ikke ble besvart.');
  await detalj.getByRole('button', { name: 'Lagre behandling' }).click();
  await detalj.getByText('Lagret. Avviket er nå under behandling.').waitFor();
  await detalj.getByText(/Besvart/).waitFor();
  // Now only a comment is left to it.
  expect(
    await detalj
      .getByLabel('Velg handling')
      .locator('option')
      .evaluateAll((o) => o.map((x) => (x as unknown as { value: string }).value)),
  ).toEqual(['']);
  await sjekkTilgjengelighet(kommune, 'avvik for kommunen');
  await kommune.context().close();

  // The ward that reported it (the motpart): nothing to do, and no form.
  const avdeling = await nySide();
  await loggInn(avdeling, 'Sykehusavdeling', 'HSYK-MO');
  await avdeling.goto(`${s.baseUrl}/avvik/${nyeste.id}`);
  const hos = avdeling.getByRole('region', { name: 'Valgt avvik' });
  await hos.getByRole('heading', { level: 1 }).waitFor();
  expect((await s.kall(SYKEHUS, 'GET', `/api/v1/avvik/${nyeste.id}`)).body.tillatteHandlinger).toEqual({ status: [], kommentar: false, kommentarPakrevd: [] });
  await hos.getByText('Du kan ikke behandle dette avviket nå.').waitFor();
  expect(await hos.getByRole('button', { name: 'Lagre behandling' }).count()).toBe(0);
  await avdeling.context().close();
});

test('the indicators at 1024 px: one colour per kommune in every chart, "ingen data" apart from 0 %, shares with their counts', async () => {
  const side = await nySide();
  await loggInn(side, 'Samhandlingsavdelingen', 'HSYK');
  await side.getByRole('link', { name: 'Indikatorer' }).click();
  await side.getByRole('heading', { name: 'Indikatorer' }).waitFor();
  const figurer = side.getByRole('figure');
  await figurer.first().locator('canvas').waitFor();
  await sjekkTilgjengelighet(side, 'indikatorer');

  // Every chart's series (its table's columns carry the chart's colours): none twice.
  const perFigur: Record<string, Record<string, string>> = {};
  for (let i = 0; i < (await figurer.count()); i++) {
    const figur = figurer.nth(i);
    const navn = (await figur.locator('figcaption').textContent())!;
    await figur.getByText('Tabell').click();
    const serier = await figur
      .locator('thead th')
      .evaluateAll((th) => th.filter((t) => t.querySelector('rect')).map((t) => [t.textContent!.trim(), t.querySelector('rect')!.getAttribute('fill')!]));
    const farger = serier.map(([, f]) => f.toLowerCase());
    expect({ navn, farger: new Set(farger).size }).toEqual({ navn, farger: farger.length });
    perFigur[navn] = Object.fromEntries(serier);
  }
  // The forløp chart has every kommune of the fixture, each in its own colour, among them the pairs that once shared one.
  const forlop = perFigur['Forløp per kommune og måned'];
  for (const par of [
    ['Rana (1833)', 'Sømna (1812)'],
    ['Bindal (1811)', 'Hemnes (1832)'],
  ]) {
    // Both drawn, each with a colour of its own (a hex fill from the palette, not missing or 'none').
    expect(forlop[par[0]]).toMatch(/^#[0-9a-f]{6}$/i);
    expect(forlop[par[1]]).toMatch(/^#[0-9a-f]{6}$/i);
    expect(forlop[par[0]]).not.toBe(forlop[par[1]]);
  }
  expect(new Set(Object.values(forlop)).size).toBe(KOMMUNER.length);

  // No kommune has a forløp included in kartlegging and meldt: its share is "ingen data", never 0 %.
  const kartlagt = side.getByRole('figure', { name: 'Andel kartlagt før utskrivningsklar' });
  const celler = await kartlagt.locator('tbody td').allTextContents();
  expect(celler.length).toBeGreaterThan(0);
  for (const c of celler) expect(c).toBe('ingen data (0 av 0)');
  await kartlagt.getByText('Ingen data i perioden.').waitFor();
  // The definition: the plain name with its code name beside it.
  await kartlagt.getByText('Definisjon').click();
  await kartlagt.getByText('Andel kartlagt før utskrivningsklar (andelKartlagtForUtskrivningsklar)').waitFor();
  await side.screenshot({ path: path.join(SKJERMBILDER, 'desk-2-indikatorer-1024.png'), fullPage: true });
  await side.context().close();
});

/** Local Norwegian time without offset, as an EPJ writes it, `minutter` ago. */
const lokal = (minutter: number): string => DateTime.now().setZone('Europe/Oslo').minus({ minutes: minutter }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
/** Rana's PLO service and the Mo i Rana medical ward in the seeded address table. */
const RANA_PLO: [string, string] = ['918330', '918331'];
const MO_MEDISINSK: [string, string] = ['8100000', '8101001'];

describe('PLO and the network', () => {
  const ploPasient = { fnr: testFnr(), fornavn: 'Ingeborg', etternavn: 'Plomo' };
  const svarTekst = 'Vi har plass på korttidsavdelingen fra fredag.\nRing vakttelefonen ved spørsmål.';
  let ploForlop: string;
  let ploMsgId: string;
  /** Two varsler to Rana about the PLO forløp: one Avvist by the EPJ, one never receipted. */
  const avvist = randomUUID();
  const ukvittert = randomUUID();

  beforeAll(async () => {
    noterNavn(ploPasient.fornavn, ploPasient.etternavn);
    // The ward's EPJ sends the melding om innlagt pasient as PLO: the engine starts the forløp from it.
    const { xml, msgId } = ploXml({
      type: 'LOG_INNLAGT',
      genDate: lokal(170),
      avsender: MO_MEDISINSK,
      mottaker: RANA_PLO,
      ...ploPasient,
      hendelser: [{ kode: 1, tid: lokal(180) }],
    });
    const r = await s.kall(SYKEHUS, 'POST', '/api/v1/plo/meldinger', xml, { 'content-type': 'application/xml' });
    expect(r.status).toBe(200);
    ploMsgId = msgId;
    ploForlop = (await s.pool.query<{ forlop_id: string }>('SELECT forlop_id FROM plo_melding WHERE msg_id = $1', [msgId])).rows[0].forlop_id;

    // Two varsler to Rana, sent to its EPJ as Dialogmelding, stored as the delivery stores them: one Avvist (E35), one not receipted in time.
    await iTransaksjon(s.pool, (c) =>
      leggTilVarsler(c, [
        { id: avvist, mottakerOrg: '1833', type: 'FRIST_BRUTT', forlopId: ploForlop, frist: null, tekst: 'Fristen for kommunens svar er brutt' },
        { id: ukvittert, mottakerOrg: '1833', type: 'PAMINNELSE', forlopId: ploForlop, frist: null, tekst: 'Påminnelse: svar på meldingen' },
      ]),
    );
    for (const id of [avvist, ukvittert]) {
      await behold(s.pool, {
        varselId: id,
        msgId: id,
        forlopId: ploForlop,
        kommune: '1833',
        avsenderHer: 8199999,
        mottakerHer: 918331,
        dokument: '<MsgHead/>',
      });
      await merkSendt(s.pool, id, randomUUID());
    }
    expect(await avgjor(s.pool, avvist, 'avvist', { status: 'Rejected', kode: 'E35', beskrivelse: 'Ukjent mottaker' })).toBe(true);
    expect(await avgjor(s.pool, ukvittert, 'ikke_kvittert', { status: null, kode: null, beskrivelse: null })).toBe(true);

    // Rana answers the first by Dialogmelding, as the EDI poller hands it on.
    const svar = lagDialogSvar({ refToParent: avvist, tekst: svarTekst, avsender: RANA_PLO, genDate: lokal(5), tema: 'Svar på varsel' });
    const deps = {
      pool: s.pool,
      client: s.client,
      config: s.config,
      nokler: { pasientNokkel: s.pasientNokkel, jwtSecret: s.jwtSecret },
      logger: testLogger() ?? pino({ level: 'silent' }),
    };
    expect(await anvendDokument(deps, svar.xml, null)).toMatchObject({ art: 'dialogmelding', status: 'Ok' });
  });

  test("the ward: a hendelse that came by PLO carries the badge and its MsgId; the kommune's Dialogmelding answer is shown; neither on a forløp without", async () => {
    const side = await nySide();
    await loggInn(side, 'Sykehusavdeling', 'HSYK-MO');
    await side.goto(`${s.baseUrl}/forlop/${ploForlop}`);
    await side.getByRole('heading', { level: 1, name: /Ingeborg Plomo/ }).waitFor();

    // The timeline: INNLAGT came by the PLO message, with its MsgId.
    const tidslinje = side.getByRole('list', { name: 'Hendelser i forløpet' });
    const forste = tidslinje.getByRole('listitem').first();
    await forste.getByText('PLO-melding', { exact: true }).waitFor();
    await forste.getByText(`MsgId ${ploMsgId}`).waitFor();
    expect(await forste.getByText('PLO-melding', { exact: true }).getAttribute('title')).toContain(ploMsgId);
    const api = (await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${ploForlop}`)).body;
    expect(await tidslinje.getByText('PLO-melding', { exact: true }).count()).toBe(api.hendelser.filter((h: any) => h.kilde?.type === 'PLO').length);

    // The kommune's answer: when, from whom, the text as written.
    const svar = side.getByRole('region', { name: 'Svar fra kommunen (Dialogmelding)' });
    const linje = svar.getByRole('listitem');
    expect(await linje.count()).toBe(1);
    await linje.getByText(/Rana \(1833\)/).waitFor();
    await linje
      .locator('.dm-hode')
      .getByText(/Svar på varsel/)
      .waitFor();
    expect(await linje.locator('time').getAttribute('datetime')).toBe(api.dialogmeldinger[0].sendt);
    expect(await linje.locator('.dm-tekst').innerText()).toBe(svarTekst);
    // …and which varsel it answers, in the varsel's own words.
    expect(await linje.locator('.dm-svar-pa').innerText()).toBe('Svar på varselet: «Fristen for kommunens svar er brutt»');
    await sjekkTilgjengelighet(side, 'forløp med PLO og svar');
    await side.screenshot({ path: path.join(SKJERMBILDER, 'desk-3-plo-forlop-1024.png'), fullPage: true });

    // A forløp started in the engine: no badge, no answers section.
    await side.goto(`${s.baseUrl}/forlop/${forlop['1833']}`);
    await side.getByRole('heading', { level: 1, name: /Solveig Deskmo/ }).waitFor();
    await side.getByRole('list', { name: 'Hendelser i forløpet' }).getByRole('listitem').first().waitFor();
    expect(await side.getByText('PLO-melding', { exact: true }).count()).toBe(0);
    expect(await side.getByRole('heading', { name: 'Svar fra kommunen (Dialogmelding)' }).count()).toBe(0);
    await side.context().close();
  });

  test('the samhandling desk at 1024 px: "Ikke levert til EPJ" from the nav, each varsel with its reason, its forløp and its deliveries; the header usable', async () => {
    const side = await nySide();
    await loggInn(side, 'Samhandlingsavdelingen', 'HSYK');
    // Every page of the nav, and signing out, within the window and not covered at 1024 px.
    const dekket = [];
    for (const navn of ['Avvik', 'Indikatorer', 'Forløp', 'PLO-meldinger', 'Ikke levert til EPJ']) {
      dekket.push(await ikkeDekket(side, `header nav a:text-is("${navn}")`));
    }
    dekket.push(await ikkeDekket(side, 'header button:has-text("Logg ut")'));
    expect(dekket.filter((d) => !d.synlig || !d.overst)).toEqual([]);

    await side.getByRole('navigation', { name: 'Sider' }).getByRole('link', { name: 'Ikke levert til EPJ' }).click();
    await side.getByRole('heading', { name: 'Ikke levert til EPJ', level: 1 }).waitFor();
    expect(new URL(side.url()).pathname).toBe('/ikke-levert');
    const rad = (id: string) => side.locator(`tr[data-varsel="${id}"]`);
    await rad(avvist).waitFor();
    // What the API lists, in its order (newest first).
    const liste = (await s.kall(SAMHANDLING, 'GET', '/api/v1/varsler/ikke-levert?limit=200')).body.data.map((v: any) => v.varselId);
    expect(await side.locator('tr[data-varsel]').evaluateAll((tr) => tr.map((t) => t.getAttribute('data-varsel')))).toEqual(liste);
    expect(liste).toEqual(expect.arrayContaining([avvist, ukvittert]));

    const a = rad(avvist);
    expect(await a.locator('td').allInnerTexts()).toEqual([
      expect.stringContaining('Frist brutt'),
      'Rana (1833)',
      expect.stringMatching(/\d/),
      'Avvist: E35 Ukjent mottaker',
      'Åpne forløpet',
      'Vis leveringer',
    ]);
    expect(await rad(ukvittert).locator('td.grunn').innerText()).toBe('Ingen kvittering innen fristen');
    expect(await a.getByRole('link', { name: /Åpne forløpet/ }).getAttribute('href')).toBe(`/forlop/${ploForlop}`);

    // The deliveries of the Avvist varsel: the Dialogmelding to the EPJ, Avvist with its code.
    await a.getByRole('button', { name: 'Vis leveringer' }).click();
    const panel = side.locator(`#leveringer-${avvist}`);
    const dm = panel.locator('tr[data-kanal="dialogmelding"]');
    await dm.waitFor();
    expect(await dm.locator('td').allInnerTexts()).toEqual([
      'Dialogmelding til EPJ',
      'Avvist',
      expect.stringMatching(/\d/),
      'til HER-id 918331 · Avvist: E35 Ukjent mottaker',
    ]);
    expect(await a.getByRole('button', { name: 'Skjul leveringer' }).getAttribute('aria-expanded')).toBe('true');
    await sjekkTilgjengelighet(side, 'ikke levert til EPJ');
    await side.screenshot({ path: path.join(SKJERMBILDER, 'desk-4-ikke-levert-1024.png'), fullPage: true });

    // Its forløp opens from the row.
    await a.getByRole('link', { name: /Åpne forløpet/ }).click();
    await side.getByRole('heading', { level: 1, name: /Ingeborg Plomo/ }).waitFor();
    expect(new URL(side.url()).pathname).toBe(`/forlop/${ploForlop}`);
    await side.context().close();
  });

  test('a kommune sees its own undelivered varsler, another kommune none of them', async () => {
    const rana = await nySide();
    await loggInn(rana, 'Kommune', '1833');
    await rana.getByRole('navigation', { name: 'Sider' }).getByRole('link', { name: 'Ikke levert til EPJ' }).click();
    await rana.getByRole('heading', { name: 'Ikke levert til EPJ', level: 1 }).waitFor();
    await rana.locator(`tr[data-varsel="${ukvittert}"] td.grunn`).getByText('Ingen kvittering innen fristen').waitFor();
    expect(await rana.locator(`tr[data-varsel="${avvist}"]`).count()).toBe(1);
    await sjekkTilgjengelighet(rana, 'ikke levert for kommunen');
    await rana.context().close();

    const somna = await nySide();
    await loggInn(somna, 'Kommune', '1812');
    await somna.goto(`${s.baseUrl}/ikke-levert`);
    await somna.getByText('Ingen varsler mangler levering.').waitFor();
    expect(await somna.locator('tr[data-varsel]').count()).toBe(0);
    await somna.context().close();
  });
});

test('nothing left the machine, and no script error or CSP refusal', () => {
  expect(eksterne).toEqual([]);
  expect(sidefeil).toEqual([]);
});
