/**
 * The activities the worker registers: every side effect of the forløp workflow and the
 * webhook delivery, bound to the process's pool and Temporal client.
 */
import type { Client } from '@temporalio/client';
import type { Pool } from '../db/pool';
import { avvikActivities } from './avvik-oppfolging';
import type { AvvikActivities, ForlopActivities, WebhookActivities } from './contract';
import { dialogmeldingActivities, type EdiUt } from './dialogmelding';
import type { DialogmeldingActivities } from './dialogmelding-contract';
import { hentKonfigurasjon } from './konfigurasjon';
import { lagre, merkDriftsfeil } from './lagre';
import { leverWebhook } from './webhooks';
import type { WebhookPolicy } from './webhook-adresse';

export interface ActivityDeps {
  pool: Pool;
  /** Starts the webhookLevering workflows after a varsel is stored. */
  client: Client;
  /** The task queue the webhookLevering workflows run on (the worker's own). */
  taskQueue: string;
  /** The samhandlingsavdeling's org, which receives escalations (AppConfig.samhandlingOrg). */
  samhandlingOrg: string;
  /** Where webhooks may point (AppConfig.webhook). */
  webhookPolicy: WebhookPolicy;
  /** Varsler to the kommuner's EPJ as Dialogmelding (EDI_URL set); unset: none are sent. */
  ediUt?: EdiUt;
}

export function createActivities(deps: ActivityDeps): ForlopActivities & WebhookActivities & AvvikActivities & DialogmeldingActivities {
  return {
    ...dialogmeldingActivities(deps.pool, deps.ediUt),
    ...avvikActivities(deps),
    lagre: (endring) => lagre(deps, endring),
    merkDriftsfeil: (forlopId, melding) => merkDriftsfeil(deps.pool, forlopId, melding),
    hentKonfigurasjon: (kommune) => hentKonfigurasjon(deps.pool, kommune, deps.samhandlingOrg),
    leverWebhook: (varselId, webhookId) => leverWebhook(deps.pool, varselId, webhookId, deps.webhookPolicy),
  };
}

export { lagWebhookSecret, signer, varselJson, webhookHoder, type VarselJson, type VarselRad } from './webhooks';
export { startWebhookLeveringer, webhookWorkflowId } from './lagre';
