/**
 * Name-based UUIDs (RFC 9562 version 5: SHA-1 of a namespace and a name), for the ids of what a
 * forløp produces: the same effect of the same forløp always gets the same id, whenever and
 * however often it is computed. A change whose write reached PostgreSQL but whose workflow task
 * was lost (a worker or the Temporal server gone mid-task) is computed again later, perhaps at
 * another instant with more falling due before it: its varsler still get their first ids, and
 * the write (idempotent by id) adds no second one.
 *
 * Pure: no I/O, no randomness, no Node module (it runs in the workflow sandbox too).
 */

/** This engine's namespace for its name-based ids (itself a random UUID, fixed forever). */
export const NAVNEROM = '5b0f1f62-3c2a-4a7e-9d53-6f2f4b8e2c71';

export function navnUuid(navn: string, navnerom: string = NAVNEROM): string {
  const ns = navnerom.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(ns)) throw new Error(`not a UUID: ${navnerom}`);
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 2) bytes.push(parseInt(ns.slice(i, i + 2), 16));
  bytes.push(...utf8(navn));
  const h = sha1(bytes);
  h[6] = (h[6] & 0x0f) | 0x50; // version 5
  h[8] = (h[8] & 0x3f) | 0x80; // variant RFC 9562
  const hex = h
    .slice(0, 16)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function utf8(s: string): number[] {
  const ut: number[] = [];
  for (const tegn of s) {
    const c = tegn.codePointAt(0)!;
    if (c < 0x80) ut.push(c);
    else if (c < 0x800) ut.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) ut.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else ut.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return ut;
}

/** SHA-1 (FIPS 180-4) of a byte array: its 20 bytes. */
function sha1(melding: number[]): number[] {
  const m = [...melding, 0x80];
  while (m.length % 64 !== 56) m.push(0);
  const bits = melding.length * 8;
  for (let i = 7; i >= 0; i--) m.push(i >= 4 ? Math.floor(bits / 2 ** (8 * i)) & 0xff : (bits >>> (8 * i)) & 0xff);
  let [h0, h1, h2, h3, h4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Array<number>(80);
  const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  for (let blokk = 0; blokk < m.length; blokk += 64) {
    for (let i = 0; i < 16; i++) {
      const j = blokk + i * 4;
      w[i] = (m[j] << 24) | (m[j + 1] << 16) | (m[j + 2] << 8) | m[j + 3];
    }
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let [a, b, c, d, e] = [h0, h1, h2, h3, h4];
    for (let i = 0; i < 80; i++) {
      const [f, k] =
        i < 20
          ? [(b & c) | (~b & d), 0x5a827999]
          : i < 40
            ? [b ^ c ^ d, 0x6ed9eba1]
            : i < 60
              ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
              : [b ^ c ^ d, 0xca62c1d6];
      const t = (rotl(a, 5) + f + e + k + w[i]) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  return [h0, h1, h2, h3, h4].flatMap((x) => [(x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff]);
}
