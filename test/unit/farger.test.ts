/**
 * The charts' palette (web/src/farger.ts): enough colours for every kommune on Helgeland, each
 * readable against white (WCAG 1.4.11, 3:1) and each far enough from every other (CIEDE2000) that
 * two series are told apart.
 */
import seed from '../../db/seed/helgeland.json';
import { FARGER } from '../../web/src/farger';

const kanal = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const luminans = (hex: string) => {
  const [r, g, b] = rgb(hex).map(kanal);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const kontrastMotHvit = (hex: string) => 1.05 / (luminans(hex) + 0.05);

function lab(hex: string): [number, number, number] {
  const [r, g, b] = rgb(hex).map(kanal);
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** CIEDE2000 colour difference (Sharma, Wu and Dalal 2005). */
function de2000(p: string, q: string): number {
  const [L1, a1, b1] = lab(p);
  const [L2, a2, b2] = lab(q);
  const rad = (d: number) => (d * Math.PI) / 180;
  const grad = (r: number) => ((r * 180) / Math.PI + 360) % 360;
  const Cb = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cb ** 7 / (Cb ** 7 + 25 ** 7)));
  const [a1p, a2p] = [(1 + G) * a1, (1 + G) * a2];
  const [C1p, C2p] = [Math.hypot(a1p, b1), Math.hypot(a2p, b2)];
  const [h1p, h2p] = [grad(Math.atan2(b1, a1p)), grad(Math.atan2(b2, a2p))];
  let dhp = h2p - h1p;
  if (C1p * C2p === 0) dhp = 0;
  else if (dhp > 180) dhp -= 360;
  else if (dhp < -180) dhp += 360;
  const dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin(rad(dhp / 2));
  const Lbp = (L1 + L2) / 2;
  const Cbp = (C1p + C2p) / 2;
  let hbp = h1p + h2p;
  if (C1p * C2p !== 0) hbp = Math.abs(h1p - h2p) <= 180 ? (h1p + h2p) / 2 : h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2;
  const T = 1 - 0.17 * Math.cos(rad(hbp - 30)) + 0.24 * Math.cos(rad(2 * hbp)) + 0.32 * Math.cos(rad(3 * hbp + 6)) - 0.2 * Math.cos(rad(4 * hbp - 63));
  const dth = 30 * Math.exp(-(((hbp - 275) / 25) ** 2));
  const RC = 2 * Math.sqrt(Cbp ** 7 / (Cbp ** 7 + 25 ** 7));
  const SL = 1 + (0.015 * (Lbp - 50) ** 2) / Math.sqrt(20 + (Lbp - 50) ** 2);
  const SC = 1 + 0.045 * Cbp;
  const SH = 1 + 0.015 * Cbp * T;
  const RT = -Math.sin(rad(2 * dth)) * RC;
  const [l, c, h] = [(L2 - L1) / SL, (C2p - C1p) / SC, dHp / SH];
  return Math.sqrt(l * l + c * c + h * h + RT * c * h);
}

test('one colour per kommune on Helgeland, none twice', () => {
  expect(seed.kommuner.length).toBe(18);
  expect(FARGER.length).toBeGreaterThanOrEqual(seed.kommuner.length);
  expect(new Set(FARGER.map((f) => f.toLowerCase())).size).toBe(FARGER.length);
});

test('each colour has at least 3:1 contrast against white', () => {
  for (const f of FARGER) expect({ f, ok: kontrastMotHvit(f) >= 3 }).toEqual({ f, ok: true });
  // The check itself: a light yellow fails it, black passes.
  expect(kontrastMotHvit('#ffeb3b')).toBeLessThan(3);
  expect(kontrastMotHvit('#000000')).toBeCloseTo(21, 5);
});

test('every two colours are apart (CIEDE2000 at least 8)', () => {
  for (let i = 0; i < FARGER.length; i++) {
    for (let j = i + 1; j < FARGER.length; j++) {
      const d = de2000(FARGER[i], FARGER[j]);
      expect({ par: [FARGER[i], FARGER[j]], nok: d >= 8 }).toEqual({ par: [FARGER[i], FARGER[j]], nok: true });
    }
  }
  expect(de2000('#1f5fa8', '#2060a8')).toBeLessThan(1);
});
