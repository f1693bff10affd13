/**
 * What every browser test asks of its session: nothing leaves this machine. A request to anywhere
 * but loopback (or a data:/blob: URL) is refused and handed to `utenfor`, so the test can fail on it;
 * and a wait for the page that its CSP allows.
 */
import type { BrowserContext, Page } from 'playwright-core';

const LOKALE = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for a URL that stays on this machine. */
export function erLokal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'data:' || u.protocol === 'blob:' || LOKALE.has(u.hostname);
  } catch {
    return false;
  }
}

/** Refuses (and reports) every request of the session that would leave this machine. */
export async function bareLokalt(kontekst: BrowserContext, utenfor: (url: string) => void): Promise<void> {
  await kontekst.route('**/*', (route) => {
    const url = route.request().url();
    if (erLokal(url)) return route.continue();
    utenfor(url);
    return route.abort('blockedbyclient');
  });
}

/**
 * Waits until `uttrykk` (run in the page) is true, polled with evaluate. Not waitForFunction: it
 * evaluates its string with eval inside the page, which the interface's CSP (no 'unsafe-eval')
 * refuses once the first check is false, so it failed only on a slow machine.
 */
export async function venterPaSiden(side: Page, uttrykk: string): Promise<void> {
  for (const slutt = Date.now() + 30_000; ;) {
    if (await side.evaluate<boolean>(`Boolean(${uttrykk})`)) return;
    if (Date.now() > slutt) throw new Error(`ventet forgjeves på: ${uttrykk}`);
    await side.waitForTimeout(100);
  }
}
