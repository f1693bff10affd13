/**
 * Keys rotate without losing old data: what was encrypted under key 1 is read after the switch
 * to key 2 (key 1 kept as a replaced key), new data is written under key 2 only, and a key that
 * is not configured is named in the error.
 */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { KrypteringsCodec } from '../../config/payload-codec';
import { tidligereNokler } from '../../config/nokler';
import { dekrypterFnr, krypterFnr, nokkelId } from '../../db/pasient';

const K1 = randomBytes(32);
const K2 = randomBytes(32);
const FNR = '15035210072';

test('a Temporal payload written under key 1 is read under key 2 with key 1 replaced; new ones carry key 2', async () => {
  const gammel = new KrypteringsCodec(K1);
  const ny = new KrypteringsCodec(K2, [K1]);
  const klar = defaultPayloadConverter.toPayload({ hendelse: 'STATUSENDRING', beskrivelse: 'Bedre i dag' });
  const [skrevetForRotasjon] = await gammel.encode([klar]);
  expect(Buffer.from(skrevetForRotasjon.metadata!['encryption-key-id']!).toString()).toBe(gammel.nokkelId);
  const [lest] = await ny.decode([skrevetForRotasjon]);
  expect(defaultPayloadConverter.fromPayload(lest)).toEqual({ hendelse: 'STATUSENDRING', beskrivelse: 'Bedre i dag' });
  const [skrevetEtter] = await ny.encode([klar]);
  expect(Buffer.from(skrevetEtter.metadata!['encryption-key-id']!).toString()).toBe(ny.nokkelId);
  expect(ny.nokkelId).not.toBe(gammel.nokkelId);
  // Without the replaced key, the old payload cannot be read, and the error says which key is missing.
  await expect(new KrypteringsCodec(K2).decode([skrevetForRotasjon])).rejects.toThrow(gammel.nokkelId);
});

test('a fødselsnummer encrypted under key 1 is read with key 2 current and key 1 replaced; also the format before key ids', () => {
  const skrevet = krypterFnr(FNR, K1);
  expect(dekrypterFnr(skrevet, [K2, K1])).toBe(FNR);
  expect(krypterFnr(FNR, K2).startsWith(`${nokkelId(K2)}.`)).toBe(true);
  const utenId = skrevet.slice(skrevet.indexOf('.') + 1);
  expect(dekrypterFnr(utenId, [K2, K1])).toBe(FNR);
  expect(() => dekrypterFnr(skrevet, [K2])).toThrow(nokkelId(K1));
});

test('PASIENT_NOKLER_TIDLIGERE: comma-separated base64 keys, each checked', () => {
  expect(tidligereNokler({})).toEqual([]);
  expect(tidligereNokler({ PASIENT_NOKLER_TIDLIGERE: `${K1.toString('base64')}, ${K2.toString('base64')}` })).toEqual([K1, K2]);
  expect(() => tidligereNokler({ PASIENT_NOKLER_TIDLIGERE: 'kort' })).toThrow(/PASIENT_NOKLER_TIDLIGERE\[0\]/);
});
