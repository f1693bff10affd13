/**
 * Webhooks: an org registers push endpoints for its varsler (signed per Standard Webhooks,
 * activities/webhooks.ts). The secret is shown once, in the answer to POST; a webhook is
 * deleted softly (kept for its delivery records) and gets no more deliveries.
 */
import { randomUUID } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { erHttpUrl, sjekkWebhookUrl } from '../../activities/webhook-adresse';
import { lagWebhookSecret } from '../../activities/webhooks';
import { listWebhooks, opprettWebhook, slettWebhook, type WebhookRad } from '../../db/webhooks';
import { VARSEL_TYPER, type VarselType } from '../../workflows/types';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { hentPrincipal } from '../principal';
import { tillat } from '../tilgang';
import { problemer, valider } from '../problem';
import { jsonInnhold as json, problemSvar as problem, Tidspunkt, utenKontrolltegn, Uuid } from '../schemas';
import { isoOslo } from '../visning';

const Url = z
  .string()
  .max(2000)
  .refine(utenKontrolltegn, { error: 'kan ikke inneholde kontrolltegn' })
  .refine(erHttpUrl, { error: 'må være en absolutt http- eller https-URL' })
  .openapi({ format: 'uri', description: 'Absolutt http- eller https-adresse som tar imot POST med varselet' });

const Typer = z
  .array(z.enum(VARSEL_TYPER))
  .min(1, { error: 'minst én type; utelat feltet for alle typer' })
  .max(VARSEL_TYPER.length * 2)
  .openapi({ description: 'Varseltypene webhooken skal ha; utelatt: alle typer (også typer som kommer til senere)' });

export const NyWebhookBody = z
  .strictObject({ url: Url, typer: Typer.optional() })
  .openapi('NyWebhook', { description: 'Et push-endepunkt for innringerens org' });

const TyperSvar = z.array(z.enum(VARSEL_TYPER)).nullable().openapi({ description: 'Varseltypene webhooken får; null: alle typer' });

export const WebhookOpprettetSchema = z
  .object({
    id: Uuid,
    url: z.string(),
    typer: TyperSvar,
    secret: z.string().openapi({
      description: 'Signeringsnøkkelen (Standard Webhooks, `whsec_<base64>`); vises bare her',
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  })
  .openapi('WebhookOpprettet');

export const WebhookSchema = z
  .object({ id: Uuid, url: z.string(), typer: TyperSvar, opprettet: Tidspunkt })
  .openapi('Webhook', { description: 'En registrert webhook (uten secret)' });

export const WebhookListeSvar = z.object({ data: z.array(WebhookSchema) }).openapi('WebhookListe');

export const WebhookIdParams = z.object({ id: Uuid.openapi({ param: { name: 'id', in: 'path' } }) });

/** The chosen types once each, in VARSEL_TYPER order; null for all. */
function normaliserTyper(typer: VarselType[] | undefined): VarselType[] | null {
  if (!typer) return null;
  return VARSEL_TYPER.filter((t) => typer.includes(t));
}

const webhookVisning = (w: WebhookRad) => ({ id: w.id, url: w.url, typer: w.typer, opprettet: isoOslo(w.opprettet) });

export function webhooksRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const r = Router();

  r.post('/webhooks', tillat('POST /api/v1/webhooks'), async (req, res) => {
    const p = hentPrincipal(res);
    const body = valider(NyWebhookBody, req.body);
    const avvist = await sjekkWebhookUrl(body.url, deps.config.webhook);
    if (avvist) throw problemer.validering([{ felt: 'url', melding: avvist }]);
    const secret = lagWebhookSecret();
    const w = await opprettWebhook(pool, {
      id: randomUUID(),
      org: p.org,
      url: body.url,
      typer: normaliserTyper(body.typer),
      secret,
    });
    res.status(201).location(`${API_PREFIKS}/webhooks/${w.id}`).json({ id: w.id, url: w.url, typer: w.typer, secret });
  });

  r.get('/webhooks', tillat('GET /api/v1/webhooks'), async (_req, res) => {
    const p = hentPrincipal(res);
    res.json({ data: (await listWebhooks(pool, p.org)).map(webhookVisning) });
  });

  r.delete('/webhooks/:id', tillat('DELETE /api/v1/webhooks/{id}'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = req.params.id;
    if (typeof id !== 'string' || !Uuid.safeParse(id).success) throw problemer.ikkeFunnet('Webhooken finnes ikke');
    const svar = await slettWebhook(pool, p.org, id.toLowerCase());
    if (svar === null) throw problemer.ikkeFunnet('Webhooken finnes ikke');
    res.status(204).end();
  });

  return r;
}

export function webhooksOpenApi(registry: OpenAPIRegistry): void {
  const felles = {
    401: problem('Mangler eller ugyldig token'),
    403: problem('Rollen har ingen varsler (admin)'),
  };
  registry.registerPath({
    method: 'post',
    path: `${API_PREFIKS}/webhooks`,
    tags: ['webhooks'],
    summary: 'Registrer en webhook for innringerens org',
    description:
      'Hvert varsel til org-en (av de valgte typene) leveres også hit, signert etter Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`: HMAC-SHA256 med `secret`), og prøves igjen med backoff til endepunktet svarer 2xx. `secret` vises bare i dette svaret.',
    request: { body: { required: true, content: json(NyWebhookBody) } },
    responses: {
      201: { description: 'Registrert', content: json(WebhookOpprettetSchema) },
      400: problem('Ugyldige felt (errors navngir hvert)'),
      ...felles,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/webhooks`,
    tags: ['webhooks'],
    summary: 'Org-ens aktive webhooks (uten secret)',
    responses: { 200: { description: 'Webhookene', content: json(WebhookListeSvar) }, ...felles },
  });
  registry.registerPath({
    method: 'delete',
    path: `${API_PREFIKS}/webhooks/{id}`,
    tags: ['webhooks'],
    summary: 'Slett en webhook',
    description:
      'Webhooken får ingen flere leveringer (også leveringer som venter på nytt forsøk stopper). Den beholdes med sine leveringsforsøk. Å slette en som alt er slettet gir også 204.',
    request: { params: WebhookIdParams },
    responses: {
      204: { description: 'Slettet' },
      ...felles,
      404: problem('Finnes ikke (eller tilhører en annen org)'),
    },
  });
}

export const webhooksModul: ApiModul = { navn: 'webhooks', router: webhooksRouter, openapi: webhooksOpenApi };
