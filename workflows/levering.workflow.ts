/**
 * Delivery of one varsel to one webhook: one activity, retried with exponential backoff
 * (1 s, 2 s, 4 s … at most 5 minutes apart) until the endpoint answers 2xx, for up to
 * 3 days. Every attempt is recorded by the activity. Started by the `lagre` activity with
 * workflow id `webhook-<varselId>-<webhookId>`, so a varsel reaches an endpoint through one
 * execution only.
 *
 * Deterministic and free of I/O; imports only types from activities.
 */
import { ActivityFailure, ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import type { WebhookActivities } from '../activities/contract';

/** Same value as WEBHOOK_BORTE in activities/webhooks.ts (not imported: that module does I/O). */
const WEBHOOK_BORTE = 'WebhookBorte';

const { leverWebhook } = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '3 days',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    // no maximumAttempts: scheduleToCloseTimeout bounds the retries
  },
});

export async function webhookLevering(varselId: string, webhookId: string): Promise<void> {
  try {
    await leverWebhook(varselId, webhookId);
  } catch (e) {
    // The endpoint answered 410 Gone: it wants no more deliveries. Done, not failed.
    if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure && e.cause.type === WEBHOOK_BORTE) {
      log.warn('webhook svarte 410 Gone; levering avsluttet', { varselId, webhookId });
      return;
    }
    throw e;
  }
}
