/** Jest global teardown: stops what test/global-setup.ts started, in reverse order, and drops the test database. */
import { MILJO_NOKKEL, type TestMiljo } from './global-setup';

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
}
