/** Small helpers of the bench: percentiles, test fødselsnummer, pauses, a bounded pool of lanes. */

/** A distribution as results.json records it (English keys, like the rest of the file). */
export interface Fordeling {
  count: number;
  min: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Nearest-rank percentile (p in 0..100) of values sorted ascending; null for none. */
export function persentil(sortert: readonly number[], p: number): number | null {
  if (sortert.length === 0) return null;
  const rang = Math.ceil((p / 100) * sortert.length);
  return sortert[Math.min(sortert.length, Math.max(1, rang)) - 1];
}

const avrund = (v: number | null, d = 1): number | null => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);

/** min/p50/p95/p99/max/mean, rounded to 0.1 (ms). Nearest rank keeps p50 ≤ p95 ≤ p99 by construction. */
export function fordeling(verdier: readonly number[]): Fordeling {
  const s = [...verdier].sort((a, b) => a - b);
  return {
    count: s.length,
    min: avrund(s[0] ?? null),
    p50: avrund(persentil(s, 50)),
    p95: avrund(persentil(s, 95)),
    p99: avrund(persentil(s, 99)),
    max: avrund(s[s.length - 1] ?? null),
    mean: avrund(s.length ? s.reduce((a, b) => a + b, 0) / s.length : null),
  };
}

export const vent = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `arbeid(i)` for i in [0, n) on `bredde` lanes: each lane takes the next index when it is done. */
export async function iBaner(n: number, bredde: number, arbeid: (i: number) => Promise<void>): Promise<void> {
  let neste = 0;
  const baner = Array.from({ length: Math.max(1, Math.min(bredde, n)) }, async () => {
    for (;;) {
      const i = neste++;
      if (i >= n) return;
      await arbeid(i);
    }
  });
  await Promise.all(baner);
}

const V1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const V2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
function kontroll(d: number[], v: number[]): number {
  const k = 11 - (v.reduce((s, w, i) => s + w * d[i], 0) % 11);
  return k === 11 ? 0 : k;
}

/**
 * Distinct valid test fødselsnummer (the same rules as test/helpers/stack.ts `testFnr`, but
 * counted instead of random, so a bench of thousands never repeats a patient): dates 01–28
 * of 1940–1989, individnummer 100–498.
 */
export function lagFnrKilde(start = Math.floor(Math.random() * 1_000_000)): () => string {
  let k = start;
  return () => {
    for (;;) {
      const n = k++;
      const ind = 100 + (n % 399);
      const dag = 1 + (Math.floor(n / 399) % 28);
      const mnd = 1 + (Math.floor(n / (399 * 28)) % 12);
      const ar = 40 + (Math.floor(n / (399 * 28 * 12)) % 50);
      const d = `${String(dag).padStart(2, '0')}${String(mnd).padStart(2, '0')}${String(ar).padStart(2, '0')}${ind}`.split('').map(Number);
      const c1 = kontroll(d, V1);
      if (c1 === 10) continue;
      const c2 = kontroll([...d, c1], V2);
      if (c2 === 10) continue;
      return [...d, c1, c2].join('');
    }
  };
}

/** A rate with two decimals (per second). */
export function perSekund(antall: number, ms: number): number {
  return ms > 0 ? Math.round((antall / (ms / 1000)) * 100) / 100 : 0;
}
