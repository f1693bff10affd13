/** A verified token is taken at its word until it expires (at most five minutes), a refused one never. */
import { SignJWT } from 'jose';
import { medHukommelse, type Verifiserer } from '../../api/auth';
import type { Principal } from '../../workflows/types';

const SYKEHUS: Principal = { rolle: 'sykehus', org: 'HSYK-MO' };
const NAA = Date.parse('2026-03-02T08:00:00Z');

async function token(utloperOmSek: number): Promise<string> {
  return new SignJWT({ rolle: 'sykehus', org: 'HSYK-MO' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(Math.floor(NAA / 1000) + utloperOmSek)
    .sign(new Uint8Array(32));
}

function teller(svar: () => Principal): { verifiser: Verifiserer; kall: () => number } {
  let n = 0;
  return {
    verifiser: async () => {
      n += 1;
      return svar();
    },
    kall: () => n,
  };
}

test('the same token is verified once while it is valid, and again after it expires', async () => {
  let klokke = NAA;
  const t = teller(() => SYKEHUS);
  const v = medHukommelse(t.verifiser, () => klokke);
  const tok = await token(120);
  expect(await v(tok)).toEqual(SYKEHUS);
  expect(await v(tok)).toEqual(SYKEHUS);
  expect(t.kall()).toBe(1);
  klokke = NAA + 121_000;
  await v(tok);
  expect(t.kall()).toBe(2);
});

test('a long-lived token is verified again after five minutes', async () => {
  let klokke = NAA;
  const t = teller(() => SYKEHUS);
  const v = medHukommelse(t.verifiser, () => klokke);
  const tok = await token(3600);
  await v(tok);
  klokke = NAA + 4 * 60_000;
  await v(tok);
  expect(t.kall()).toBe(1);
  klokke = NAA + 5 * 60_000 + 1;
  await v(tok);
  expect(t.kall()).toBe(2);
});

test('a refused token is never remembered', async () => {
  const t = teller(() => {
    throw new Error('Ugyldig token');
  });
  const v = medHukommelse(t.verifiser, () => NAA);
  const tok = await token(120);
  await expect(v(tok)).rejects.toThrow('Ugyldig token');
  await expect(v(tok)).rejects.toThrow('Ugyldig token');
  expect(t.kall()).toBe(2);
});
