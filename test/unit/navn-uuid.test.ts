/** Name-based UUIDs (version 5) computed in the workflow sandbox: the standard's, and Node's SHA-1. */
import { createHash } from 'node:crypto';
import { NAVNEROM, navnUuid } from '../../workflows/navn-uuid';

function nodeV5(navn: string, navnerom: string): string {
  const h = createHash('sha1')
    .update(Buffer.from(navnerom.replace(/-/g, ''), 'hex'))
    .update(navn, 'utf8')
    .digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

test('the RFC example: www.example.com in the DNS namespace', () => {
  expect(navnUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
});

test('as Node computes it, for names of every length around the block size and beyond ASCII', () => {
  for (let n = 0; n < 200; n++) {
    const navn = `varsel/${'æøå😀'.repeat(n % 5)}${'x'.repeat(n)}`;
    expect(navnUuid(navn)).toBe(nodeV5(navn, NAVNEROM));
  }
});

test('a UUID of version 5, the same for the same name, another for another', () => {
  const a = navnUuid('varsel/forlop-1/hendelse:h-1/INNLEGGELSESMELDING/1833');
  expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(navnUuid('varsel/forlop-1/hendelse:h-1/INNLEGGELSESMELDING/1833')).toBe(a);
  expect(navnUuid('varsel/forlop-1/hendelse:h-1/INNLEGGELSESMELDING/1832')).not.toBe(a);
});
