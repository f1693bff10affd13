/**
 * What every browser test asks of its session: nothing leaves this machine. A request to anywhere
 * but loopback (or a data:/blob: URL) is refused and handed to `utenfor`, so the test can fail on it.
 */
import type { BrowserContext } from 'playwright-core';

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
