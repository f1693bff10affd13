/** Synthetic fødselsnummer for the simulated patients (never a real person's). */
import type { Strom } from './tilfeldig';

const V1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const V2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
function kontroll(d: number[], v: number[]): number {
  const k = 11 - (v.reduce((s, w, i) => s + w * d[i], 0) % 11);
  return k === 11 ? 0 : k;
}

/**
 * A synthetic fødselsnummer (the month + 80, as the Tenor test numbers: never a real person's),
 * for a birth date, with both control digits; sometimes a D-nummer.
 */
export function lagFnr(fodt: string, s: Strom, brukt: Set<string>): string {
  const [ar, mnd, dag] = fodt.split('-').map(Number);
  for (;;) {
    const d = s.ja(0.3) ? dag + 40 : dag;
    const individ = ar >= 2000 ? s.heltall(500, 999) : s.heltall(0, 499);
    const siffer = `${String(d).padStart(2, '0')}${String(mnd + 80).padStart(2, '0')}${String(ar % 100).padStart(2, '0')}${String(individ).padStart(3, '0')}`
      .split('')
      .map(Number);
    const k1 = kontroll(siffer, V1);
    if (k1 === 10) continue;
    const k2 = kontroll([...siffer, k1], V2);
    if (k2 === 10) continue;
    const fnr = [...siffer, k1, k2].join('');
    if (brukt.has(fnr)) continue;
    brukt.add(fnr);
    return fnr;
  }
}
