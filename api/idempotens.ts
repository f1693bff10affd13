/**
 * Idempotency-Key for the POSTs that create something (a forløp, a hand-reported avvik): the
 * same key and body answer what the first request made; the same key with another body is 422.
 * The stored hash is keyed (HMAC), not plain: a body can hold a fødselsnummer, whose small value
 * space a plain hash would not protect.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { kravIdempotens } from '../db/idempotens';
import { avledNokkel } from '../db/pasient';
import type { ApiDeps } from './deps';
import { problemer } from './problem';

extendZodWithOpenApi(z);

export const IdempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ description: 'Gjør et nytt forsøk trygt: samme nøkkel og samme kropp gir samme svar; annen kropp gir 422' }),
});

function kanonisk(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(kanonisk).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${kanonisk(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** What the request creates, and under which name its keys are kept apart. */
export type Ressurs = 'forlop' | 'avvik';

/**
 * The id for (org, resource, Idempotency-Key): a new one the first time; the stored one for a
 * retry with the same body; 422 for the same key with another body. Without a key, a new id.
 */
export async function idempotentId(deps: ApiDeps, org: string, ressurs: Ressurs, nokkel: string | undefined, body: unknown): Promise<string> {
  if (!nokkel) return randomUUID();
  const hash = createHmac('sha256', avledNokkel(deps.nokler.pasientNokkel, 'idempotens')).update(kanonisk(body)).digest('hex');
  // A forløp's keys are stored as given (release 0.1.0 on); another resource's under its name.
  const lagret = ressurs === 'forlop' ? nokkel : `${ressurs}:${nokkel}`;
  const u = await kravIdempotens(deps.pool, org, lagret, hash, randomUUID());
  if ('konflikt' in u) throw problemer.idempotensKonflikt();
  if (u.ny && lagret === deps.config.testkrok.holdEtterIdempotensnokkel) {
    // Test-only (config testkrok): the key is stored and nothing is started; the test kills this process now.
    deps.logger.warn('testkrok: request held after its Idempotency-Key was stored (TEST_HOLD_ETTER_IDEMPOTENSNOKKEL)');
    await new Promise<never>(() => undefined);
  }
  return u.forlopId;
}
