/**
 * GET /docs in a real browser (Debian's Chromium, driven by playwright-core) against the engine's
 * own API: Swagger UI, bundled into web/dist by `npm run web:bygg`, renders every operation of
 * the OpenAPI document the engine serves at /openapi.json. Everything the page loads comes from
 * the engine itself: a request that would leave 127.0.0.1 fails the test, and so does a console
 * error, a CSP refusal, a script error or a failed request.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { webMappe } from '../../api/web';
import { finnChromium } from '../../scripts/chromium';
import { startStack, type Stack } from '../helpers/stack';
import { bareLokalt } from '../helpers/nettleser';

let s: Stack;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(path.join(webMappe(), 'docs.html'))) {
    throw new Error(`The docs page is not built (${webMappe()} has no docs.html): run \`npm run web:bygg\` (npm test does).`);
  }
  // Both started side by side; whichever started is kept for afterAll even when the other failed.
  const [stack, nettleser] = await Promise.allSettled([
    startStack({ worker: false }),
    chromium.launch({ executablePath: finnChromium(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] }),
  ]);
  if (stack.status === 'fulfilled') s = stack.value;
  if (nettleser.status === 'fulfilled') browser = nettleser.value;
  if (stack.status === 'rejected') throw stack.reason;
  if (nettleser.status === 'rejected') throw nettleser.reason;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await s?.stopp();
});

const METODER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

test('/docs renders every operation of /openapi.json, from the engine alone, with no error', async () => {
  const dokument = (await (await fetch(`${s.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const operasjoner = Object.entries(dokument.paths)
    .flatMap(([sti, ops]) =>
      Object.keys(ops)
        .filter((m) => METODER.includes(m))
        .map((m) => `${m.toUpperCase()} ${sti}`),
    )
    .sort();
  expect(operasjoner.length).toBeGreaterThan(30);

  const opprinnelse = new URL(s.baseUrl).origin;
  const feil: string[] = [];
  const forespurt: string[] = [];
  const kontekst = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo', viewport: { width: 1400, height: 1000 } });
  kontekst.on('request', (r) => forespurt.push(r.url()));
  await bareLokalt(kontekst, (url) => feil.push(`left 127.0.0.1: ${url}`));
  // A CSP refusal is also an event in the page; the init script runs outside the page's CSP.
  await kontekst.addInitScript(
    "window.cspBrudd = []; document.addEventListener('securitypolicyviolation', (e) => window.cspBrudd.push(e.violatedDirective + ' ' + e.blockedURI));",
  );
  const side = await kontekst.newPage();
  side.on('console', (m) => {
    if (m.type() === 'error') feil.push(`console: ${m.text()}`);
  });
  side.on('pageerror', (e) => feil.push(`pageerror: ${e.message}`));
  side.on('requestfailed', (r) => feil.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  side.on('response', (r) => {
    if (r.status() >= 400) feil.push(`${r.status()}: ${r.url()}`);
  });

  const svar = await side.goto(`${s.baseUrl}/docs`);
  expect(svar?.status()).toBe(200);
  // The page keeps the interface's policy: its own scripts only, no inline script, no eval.
  const csp = svar?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);

  // Every tag is open (docExpansion list): one summary line per operation, its method and path.
  await side.locator('.opblock-summary').first().waitFor();
  await side.waitForFunction(`document.querySelectorAll('.opblock-summary').length >= ${operasjoner.length}`);
  const vist = await side.$$eval('.opblock-summary', (linjer) =>
    linjer.map((l) => {
      const metode = l.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '';
      const sti = l.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
      return `${metode} ${sti}`;
    }),
  );
  expect([...new Set(vist)].sort()).toEqual(operasjoner);
  // The title and the description of the document, as the API states them.
  await side
    .getByRole('heading', { name: /Utskrivningsforløp/ })
    .first()
    .waitFor();

  // Open one operation: its parameters and answers render (the schema of 409 on hendelser).
  const hendelser = side.locator('.opblock', { has: side.locator('.opblock-summary-path[data-path="/api/v1/forlop/{id}/hendelser"]') });
  await hendelser.locator('.opblock-summary-control').first().click();
  await hendelser.locator('.responses-table').first().waitFor();
  await hendelser.locator('tr.response[data-code="409"]').waitFor();

  const cspBrudd = await side.evaluate('window.cspBrudd');
  expect(feil).toEqual([]);
  expect(cspBrudd).toEqual([]);
  expect(forespurt.filter((u) => !u.startsWith(`${opprinnelse}/`) && !u.startsWith('data:'))).toEqual([]);
  expect(forespurt).toContain(`${opprinnelse}/openapi.json`);
  await kontekst.close();
});
