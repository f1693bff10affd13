import { randomBytes } from 'node:crypto';
import { dekrypterFnr, fnrGyldig, fnrHmac, krypterFnr, nokkelId } from '../../db/pasient';

/** Computes both control digits for 9 digits (an independent implementation of the mod-11 rule); null when impossible. */
function medKontrollsifre(ni: string): string | null {
  const d = ni.split('').map(Number);
  const k1 = 11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * d[i], 0) % 11);
  const c1 = k1 === 11 ? 0 : k1;
  if (c1 === 10) return null;
  const d2 = [...d, c1];
  const k2 = 11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * d2[i], 0) % 11);
  const c2 = k2 === 11 ? 0 : k2;
  if (c2 === 10) return null;
  return [...d2, c2].join('');
}

describe('fnrGyldig', () => {
  test.each([
    ['01017012343', 'fødselsnummer 1970'],
    ['15058500450', 'fødselsnummer 1985'],
    ['31129900183', 'siste dag i 1999'],
    ['29020051386', '29. februar 2000 (skuddår, individnummer 500–999)'],
    ['41017012337', 'D-nummer (dag + 40)'],
    ['71017012430', 'D-nummer, dag 31'],
    ['01507012384', 'H-nummer (måned + 40)'],
    ['01857012379', 'syntetisk testnummer (måned + 80)'],
  ])('accepts %s (%s)', (fnr) => {
    expect(fnrGyldig(fnr)).toBe(true);
  });

  test.each([
    ['01017012344', 'feil andre kontrollsiffer'],
    ['01017012353', 'feil første kontrollsiffer'],
    ['01017012345', 'eksempelet i docs/api.md har ikke gyldige kontrollsifre'],
    ['29020012380', '29. februar 1900 (ikke skuddår)'],
    ['30027812364', '30. februar'],
    ['32017812342', 'dag 32'],
    ['01137012371', 'måned 13'],
    ['0101701234', 'ti siffer'],
    ['010170123430', 'tolv siffer'],
    ['0101701234a', 'ikke bare siffer'],
    [' 01017012343', 'mellomrom'],
    ['', 'tom'],
  ])('rejects %s (%s)', (fnr) => {
    expect(fnrGyldig(fnr)).toBe(false);
  });

  test('every number with correct control digits and a real date is accepted; any changed digit is rejected', () => {
    let testet = 0;
    for (let i = 0; testet < 300; i++) {
      const dag = 1 + (i % 28);
      const mnd = 1 + (i % 12);
      const ar = (i * 7) % 100;
      const ind = (i * 37) % 500; // 1900s
      const fnr = medKontrollsifre(
        `${String(dag).padStart(2, '0')}${String(mnd).padStart(2, '0')}${String(ar).padStart(2, '0')}${String(ind).padStart(3, '0')}`,
      );
      if (!fnr) continue;
      testet++;
      expect(fnrGyldig(fnr)).toBe(true);
      // Changing the last control digit always breaks it.
      const feil = fnr.slice(0, 10) + String((Number(fnr[10]) + 1) % 10);
      expect(fnrGyldig(feil)).toBe(false);
    }
  });

  test('a number whose control digit would be 10 never validates', () => {
    // 010170124 gives a first control digit of 10 (remainder 1).
    const ni = '010170124';
    const d = ni.split('').map(Number);
    const rest = [3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * d[i], 0) % 11;
    if (rest === 1) {
      for (let a = 0; a <= 9; a++) for (let b = 0; b <= 9; b++) expect(fnrGyldig(`${ni}${a}${b}`)).toBe(false);
    } else {
      expect(medKontrollsifre(ni)).not.toBeNull();
    }
  });
});

describe('encryption and HMAC', () => {
  const key = randomBytes(32);

  test('encrypt/decrypt round trip; random IV so the same number encrypts differently', () => {
    const a = krypterFnr('01017012343', key);
    const b = krypterFnr('01017012343', key);
    expect(a).not.toBe(b);
    expect(a).not.toContain('01017012343');
    expect(dekrypterFnr(a, key)).toBe('01017012343');
    expect(dekrypterFnr(b, key)).toBe('01017012343');
    // <key id>.<base64 of iv(12) | tag(16) | ciphertext(11)>
    const [id, b64] = a.split('.');
    expect(id).toBe(nokkelId(key));
    expect(Buffer.from(b64, 'base64')).toHaveLength(12 + 16 + 11);
  });

  test('decryption fails with another key or a tampered text', () => {
    const c = krypterFnr('41017012337', key);
    expect(() => dekrypterFnr(c, randomBytes(32))).toThrow();
    const [id, b64] = c.split('.');
    const b = Buffer.from(b64, 'base64');
    b[b.length - 1] ^= 1;
    expect(() => dekrypterFnr(`${id}.${b.toString('base64')}`, key)).toThrow();
    expect(() => dekrypterFnr('kort', key)).toThrow();
  });

  test('HMAC is stable for one key, differs per key and per number, and is not the encryption key', () => {
    const h1 = fnrHmac('01017012343', key);
    expect(h1).toHaveLength(32);
    expect(fnrHmac('01017012343', key).equals(h1)).toBe(true);
    expect(fnrHmac('01017012343', Buffer.from(key)).equals(h1)).toBe(true); // same bytes, other Buffer object
    expect(fnrHmac('01017012343', randomBytes(32)).equals(h1)).toBe(false);
    expect(fnrHmac('15058500450', key).equals(h1)).toBe(false);
    // Not a plain HMAC with the raw key: the key is derived for this purpose.
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    expect(createHmac('sha256', key).update('01017012343').digest().equals(h1)).toBe(false);
  });

  test('a too short key is refused', () => {
    expect(() => fnrHmac('01017012343', randomBytes(8))).toThrow();
  });
});
