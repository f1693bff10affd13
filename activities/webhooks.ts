/**
 * Webhook delivery of varsler, signed as the Standard Webhooks specification says
 * (https://www.standardwebhooks.com, symmetric scheme):
 *
 *   webhook-id:        the varsel id (the same for every attempt and every endpoint: the consumer's idempotency key)
 *   webhook-timestamp: unix seconds of this attempt
 *   webhook-signature: `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)),
 *                      key = the base64-decoded bytes after the secret's `whsec_` prefix
 *
 * The body is built from the varsel row alone, so every attempt (and every endpoint) gets
 * byte-identical content: the same varsel id is never delivered as two different varsler.
 * One activity execution is one attempt; Temporal retries it (workflows/levering.workflow.ts).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { fetch as undiciFetch, type Agent } from 'undici';
import type { Pool } from '../db/pool';
import { SperretAdresse, sjekkWebhookUrl, webhookAgent, webhookPolicy, type WebhookPolicy } from './webhook-adresse';
import { iOslo } from '../workflows/frister';
import type { VarselType } from '../workflows/types';
import { registrerLevering } from './metrikker';

export const SECRET_PREFIKS = 'whsec_';
/** Per attempt; the activity's startToCloseTimeout (30 s) leaves room for recording it. */
export const LEVERING_TIDSAVBRUDD_MS = 10_000;
/** ApplicationFailure type when the endpoint answered 410 Gone: it wants no more deliveries (not retried). */
export const WEBHOOK_BORTE = 'WebhookBorte';
/** ApplicationFailure type of a delivery to an address the webhook policy forbids: never retried. */
export const WEBHOOK_SPERRET = 'WebhookSperret';

/** What a delivery needs of HTTP: a POST with a timeout, no redirects followed. */
export type Henter = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; redirect: 'manual'; signal: AbortSignal },
) => Promise<{ status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

const agenter = new Map<string, Agent>();
/** The delivering fetch: through an agent that refuses, at connection time, an address the policy forbids. */
function henterFor(policy: WebhookPolicy): Henter {
  const k = JSON.stringify(policy);
  let agent = agenter.get(k);
  if (!agent) {
    agent = webhookAgent(policy, LEVERING_TIDSAVBRUDD_MS);
    agenter.set(k, agent);
  }
  const a = agent;
  return (url, init) => undiciFetch(url, { ...init, dispatcher: a });
}

/** A varsel as GET /varsler shows it and as a webhook receives it. */
export interface VarselJson {
  id: string;
  sekvens: number;
  type: VarselType;
  forlopId: string;
  frist: string | null;
  tekst: string;
  opprettet: string;
}

/** The columns of a `varsel` row that the JSON form needs. */
export interface VarselRad {
  id: string;
  sekvens: number | string;
  type: string;
  forlop_id: string;
  frist: Date | null;
  tekst: string;
  opprettet: Date;
}

/** ISO 8601 with the Europe/Oslo offset, millisecond precision: `2026-03-02T08:15:00.000+01:00`. */
export function tidspunktJson(d: Date): string {
  return iOslo(d.getTime()).toISO()!;
}

/**
 * The varsel's JSON form, deterministic from the row (field order fixed). The API's
 * GET /varsler should use this too, so the feed and the webhooks show the same varsel.
 */
export function varselJson(r: VarselRad): VarselJson {
  return {
    id: r.id,
    sekvens: Number(r.sekvens),
    type: r.type as VarselType,
    forlopId: r.forlop_id,
    frist: r.frist ? tidspunktJson(r.frist) : null,
    tekst: r.tekst,
    opprettet: tidspunktJson(r.opprettet),
  };
}

/** A new signing secret: `whsec_` + base64 of 24 random bytes (192 bits, the specification's minimum). */
export function lagWebhookSecret(): string {
  return SECRET_PREFIKS + randomBytes(24).toString('base64');
}

/** `v1,<base64 HMAC-SHA256>` of `${id}.${timestamp}.${body}` with the secret's key bytes. */
export function signer(secret: string, id: string, timestamp: number, body: string): string {
  const nokkel = Buffer.from(secret.startsWith(SECRET_PREFIKS) ? secret.slice(SECRET_PREFIKS.length) : secret, 'base64');
  const mac = createHmac('sha256', nokkel).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The headers of one signed delivery. */
export function webhookHoder(secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signer(secret, id, timestamp, body),
  };
}

interface LeveringRad extends VarselRad {
  url: string | null;
  secret: string | null;
  slettet: Date | null;
  finnes_webhook: boolean;
}

/**
 * One delivery attempt of one varsel to one webhook, recorded in webhook_forsok.
 * Returns when the endpoint answered 2xx, or without sending when the webhook is deleted;
 * throws otherwise so Temporal retries with backoff. `forsok` is the attempt number.
 */
export async function leverWebhookForsok(
  pool: Pool,
  varselId: string,
  webhookId: string,
  forsok: number,
  policy: WebhookPolicy = webhookPolicy(),
  fetchFn: Henter = henterFor(policy),
): Promise<void> {
  const { rows } = await pool.query<LeveringRad>(
    `SELECT v.id, v.sekvens, v.type, v.forlop_id, v.frist, v.tekst, v.opprettet,
            w.url, w.secret, w.slettet, (w.id IS NOT NULL) AS finnes_webhook
       FROM varsel v LEFT JOIN webhook w ON w.id = $2
      WHERE v.id = $1`,
    [varselId, webhookId],
  );
  const rad = rows[0];
  if (!rad) {
    throw ApplicationFailure.create({ type: 'VarselFinnesIkke', nonRetryable: true, message: `varsel ${varselId} finnes ikke` });
  }
  if (!rad.finnes_webhook) return; // nothing to deliver to
  if (rad.slettet) return; // deleted after the varsel: no delivery
  const url = rad.url!;
  const secret = rad.secret!;

  const body = JSON.stringify(varselJson(rad));
  const timestamp = Math.floor(Date.now() / 1000);

  let status: number | null = null;
  let feil: string | null = null;
  // The URL is checked again (a policy may have tightened since it was registered); the agent
  // checks the address it actually connects to.
  let sperret = await sjekkWebhookUrl(url, policy);
  let sekunder: number | null = null; // the endpoint's latency (metrics), null when nothing was sent
  if (sperret) feil = `ikke tillatt: ${sperret}`;
  else {
    const t0 = process.hrtime.bigint();
    const tid = () => Number(process.hrtime.bigint() - t0) / 1e9;
    try {
      const svar = await fetchFn(url, {
        method: 'POST',
        headers: webhookHoder(secret, rad.id, timestamp, body),
        body,
        redirect: 'manual', // a redirect is a failure (the specification): the URL should be updated instead
        signal: AbortSignal.timeout(LEVERING_TIDSAVBRUDD_MS),
      });
      sekunder = tid();
      status = svar.status;
      // Drain the body so the connection is released; its content is not kept (it may echo the payload).
      await svar.arrayBuffer().catch(() => undefined);
      if (status < 200 || status > 299) feil = `HTTP ${status}`;
    } catch (e) {
      sekunder ??= tid();
      feil = nettverksfeil(e);
      if (erSperret(e)) sperret = feil;
    }
  }

  const levert = feil === null;
  registrerLevering(levert ? 'levert' : sperret ? 'sperret' : 'feilet', rad.type, sekunder);
  await pool.query(
    `INSERT INTO webhook_forsok (webhook_id, varsel_id, forsok, http_status, feil, levert)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [webhookId, varselId, forsok, status, feil, levert],
  );
  if (levert) return;
  if (sperret) {
    throw ApplicationFailure.create({ type: WEBHOOK_SPERRET, nonRetryable: true, message: `webhook ${webhookId}: ${feil}` });
  }
  if (status === 410) {
    throw ApplicationFailure.create({
      type: WEBHOOK_BORTE,
      nonRetryable: true,
      message: `webhook ${webhookId} svarte 410 Gone: ikke flere forsøk`,
    });
  }
  throw new Error(`levering av varsel ${varselId} til webhook ${webhookId} feilet (forsøk ${forsok}): ${feil}`);
}

function erSperret(e: unknown): boolean {
  const f = (e ?? {}) as { code?: unknown; cause?: { code?: unknown } };
  return e instanceof SperretAdresse || f.cause?.code === 'WEBHOOK_SPERRET_ADRESSE' || f.code === 'WEBHOOK_SPERRET_ADRESSE';
}

/** A short, non-sensitive description of a failed request (timeout, refused connection, DNS, TLS). */
function nettverksfeil(e: unknown): string {
  // Duck-typed, not `instanceof Error`: fetch's errors may come from another realm (test runners).
  const f = (e ?? {}) as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (f.name === 'TimeoutError') return `tidsavbrudd etter ${LEVERING_TIDSAVBRUDD_MS} ms`;
  const kode = typeof f.cause?.code === 'string' ? f.cause.code : undefined;
  const melding = typeof f.cause?.message === 'string' ? f.cause.message : typeof f.message === 'string' ? f.message : String(e);
  return (kode ? `${kode}: ${melding}` : melding).slice(0, 500);
}

/** The activity: the attempt number comes from Temporal. */
export async function leverWebhook(pool: Pool, varselId: string, webhookId: string, policy: WebhookPolicy): Promise<void> {
  const ctx = Context.current();
  try {
    await leverWebhookForsok(pool, varselId, webhookId, ctx.info.attempt, policy);
  } catch (e) {
    ctx.log.warn('webhook-levering feilet', {
      varselId,
      webhookId,
      forsok: ctx.info.attempt,
      feil: (e as { message?: unknown })?.message ?? String(e),
    });
    throw e;
  }
}
