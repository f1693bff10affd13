/**
 * The payload codec as a service for the Temporal web UI (its "codec server"): an operator
 * signed in as admin sees a forløp's history decrypted in the UI, and only then. The UI posts
 * `{ payloads: [{ metadata, data }] }` (proto JSON: base64) to …/decode; the answer has the same
 * shape. The UI's origin is allowed by CORS when TEMPORAL_UI_ORIGIN names it.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Payload } from '@temporalio/common';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { KrypteringsCodec } from '../../config/payload-codec';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { hentPrincipal } from '../principal';
import { valider } from '../problem';
import { jsonInnhold as json, problemSvar as problem } from '../schemas';
import { tillat } from '../tilgang';

const Base64 = z
  .string()
  .max(4_000_000)
  .regex(/^[A-Za-z0-9+/=]*$/, { error: 'må være base64' });
const PayloadJson = z.object({ metadata: z.record(z.string(), Base64).optional(), data: Base64.optional() });
export const CodecBody = z.strictObject({ payloads: z.array(PayloadJson).max(1000) }).openapi('CodecPayloads', {
  description: 'Temporal-payloads som proto-JSON (metadata og data i base64), som Temporal-UI-ets codec-server sender',
});

const tilPayload = (p: z.infer<typeof PayloadJson>): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  ...(p.data !== undefined ? { data: Buffer.from(p.data, 'base64') } : {}),
});
const fraPayload = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  ...(p.data ? { data: Buffer.from(p.data).toString('base64') } : {}),
});

/** CORS for the Temporal UI's origin on the codec paths (the preflight carries no token). */
export function codecCors(origin: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!origin || !req.path.startsWith(`${API_PREFIKS}/codec/`)) return next();
    res.setHeader('Vary', 'Origin');
    if (req.get('origin') === origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}

export function codecRouter(deps: ApiDeps): Router {
  const codec = new KrypteringsCodec(deps.nokler.pasientNokkel, deps.nokler.tidligerePasientNokler ?? []);
  const r = Router();
  r.post('/codec/decode', tillat('POST /api/v1/codec/decode'), async (req, res) => {
    const body = valider(CodecBody, req.body);
    const payloads = await codec.decode(body.payloads.map(tilPayload));
    // Decrypted history is health information: who asked, not what, is logged.
    deps.logger.info({ rolle: hentPrincipal(res).rolle, antall: payloads.length, requestId: res.locals.requestId }, 'codec decode');
    res.json({ payloads: payloads.map(fraPayload) });
  });
  r.post('/codec/encode', tillat('POST /api/v1/codec/encode'), async (req, res) => {
    const body = valider(CodecBody, req.body);
    res.json({ payloads: (await codec.encode(body.payloads.map(tilPayload))).map(fraPayload) });
  });
  return r;
}

export function codecOpenApi(registry: OpenAPIRegistry): void {
  for (const hva of ['decode', 'encode'] as const) {
    registry.registerPath({
      method: 'post',
      path: `${API_PREFIKS}/codec/${hva}`,
      tags: ['drift'],
      summary: hva === 'decode' ? 'Dekrypter Temporal-payloads for Temporal-UI-et (admin)' : 'Krypter Temporal-payloads (admin)',
      description: 'Codec-server for Temporal-UI-et: sett UI-ets codec-endepunkt til `…/api/v1/codec` og send tokenet med.',
      request: { body: { required: true, content: json(CodecBody) } },
      responses: {
        200: { description: 'Payloadene', content: json(CodecBody) },
        400: problem('Ugyldig kropp'),
        401: problem('Mangler eller ugyldig token'),
        403: problem('Bare admin'),
      },
    });
  }
}

export const codecModul: ApiModul = { navn: 'codec', router: codecRouter, openapi: codecOpenApi };
