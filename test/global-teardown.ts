/** Jest global teardown: stops what test/global-setup.ts started, in reverse order, and drops the test database. */
import fs from 'node:fs/promises';
import { MILJO_NOKKEL, type TestMiljo } from './global-setup';
import { skannHemmeligheter, skannLogger } from './helpers/logg';

export default async function globalTeardown(): Promise<void> {
  const miljo = (globalThis as Record<string, unknown>)[MILJO_NOKKEL] as TestMiljo | undefined;
  if (!miljo) return;
  const t0 = Date.now();
  for (const s of [...miljo.stopp].reverse()) {
    try {
      await s.fn();
    } catch (e) {
      process.stderr.write(`[global-teardown] ${s.navn}: ${(e as Error).message}\n`);
    }
  }
  miljo.stopp = [];
  process.stderr.write(`[global-teardown] stopped test services in ${Date.now() - t0} ms\n`);
  if (miljo.loggMappe) {
    const s = skannLogger(miljo.loggMappe);
    process.stderr.write(
      `[global-teardown] scanned ${s.linjer} log lines in ${s.filer} files for the ${s.fnr} test patients' fødselsnummer and ${s.navn} name parts: ${s.funn.length ? `${s.funn.length} FOUND` : 'none found'}\n`,
    );
    const h = skannHemmeligheter(miljo.loggMappe);
    process.stderr.write(
      `[global-teardown] and for the ${h.hemmeligheter} private keys the tests made: ${h.funn.length ? `${h.funn.length} FOUND` : 'none found'}\n`,
    );
    if (!process.env.TEST_BEHOLD_LOGG) await fs.rm(miljo.loggMappe, { recursive: true, force: true });
    if (s.funn.length) {
      throw new Error(
        `A fødselsnummer or name stood in the logs: ${s.funn
          .slice(0, 5)
          .map(([, fil]) => fil)
          .join(', ')}`,
      );
    }
    if (h.funn.length) throw new Error(`A private key stood in the logs: ${h.funn.slice(0, 5).join(', ')}`);
  }
}
