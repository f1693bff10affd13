/**
 * Encrypts every Temporal payload (workflow inputs, Update arguments, activity inputs and
 * results) with AES-256-GCM before it leaves this process, so the workflow history holds no
 * health information in plain text. The API's client and the worker use the same codec; the
 * key is derived from the pasient key, so one secret protects both stores.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const ALGORITME = 'aes-256-gcm';

const payloadNokkel = (k: Buffer) => Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), 'temporal-payload', 32));
const payloadNokkelId = (k: Buffer) => Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), 'temporal-payload-id', 6)).toString('hex');

/**
 * Encrypts with the current key; decrypts with the key each payload names (the current one or
 * one it replaced), so keys rotate without losing a history written before.
 */
export class KrypteringsCodec implements PayloadCodec {
  private readonly nokkel: Buffer;
  /** Names the key in each payload, so a later key rotation can tell old payloads from new. */
  readonly nokkelId: string;
  private readonly nokler: Map<string, Buffer>;

  constructor(pasientNokkel: Buffer, tidligere: readonly Buffer[] = []) {
    this.nokkel = payloadNokkel(pasientNokkel);
    this.nokkelId = payloadNokkelId(pasientNokkel);
    this.nokler = new Map([...tidligere, pasientNokkel].map((k) => [payloadNokkelId(k), payloadNokkel(k)]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv(ALGORITME, this.nokkel, iv);
      const klar = temporal.api.common.v1.Payload.encode(p).finish();
      const data = Buffer.concat([iv, cipher.update(klar), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCODING), 'encryption-key-id': Buffer.from(this.nokkelId) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (Buffer.from(p.metadata?.encoding ?? []).toString() !== ENCODING || !p.data) return p;
      const id = p.metadata?.['encryption-key-id'] ? Buffer.from(p.metadata['encryption-key-id']).toString() : this.nokkelId;
      const nokkel = this.nokler.get(id);
      if (!nokkel) throw new Error(`Temporal-payload kryptert med en ukjent nøkkel (${id}); legg den til i PASIENT_NOKLER_TIDLIGERE`);
      const data = Buffer.from(p.data);
      const decipher = createDecipheriv(ALGORITME, nokkel, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const klar = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(klar) as Payload;
    });
  }
}

export function lagDataConverter(pasientNokkel: Buffer, tidligere: readonly Buffer[] = []): DataConverter {
  return { payloadCodecs: [new KrypteringsCodec(pasientNokkel, tidligere)] };
}
