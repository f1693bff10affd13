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

export class KrypteringsCodec implements PayloadCodec {
  private readonly nokkel: Buffer;
  /** Names the key in each payload, so a later key rotation can tell old payloads from new. */
  readonly nokkelId: string;

  constructor(pasientNokkel: Buffer) {
    this.nokkel = Buffer.from(hkdfSync('sha256', pasientNokkel, Buffer.alloc(0), 'temporal-payload', 32));
    this.nokkelId = Buffer.from(hkdfSync('sha256', pasientNokkel, Buffer.alloc(0), 'temporal-payload-id', 6)).toString('hex');
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
      const data = Buffer.from(p.data);
      const decipher = createDecipheriv(ALGORITME, this.nokkel, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const klar = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(klar) as Payload;
    });
  }
}

export function lagDataConverter(pasientNokkel: Buffer): DataConverter {
  return { payloadCodecs: [new KrypteringsCodec(pasientNokkel)] };
}
