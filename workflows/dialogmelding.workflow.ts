/**
 * Delivery of one varsel to its kommune's EPJ as a Dialogmelding: send it (one activity, retried
 * until EDI_KVITTERING_FRIST has passed), then look at its receipt on timers until an Ok or a
 * Rejected receipt comes, or the frist passes (then it is ikke_kvittert). Started with workflow id
 * `dialogmelding-<varselId>` after the varsel is stored, so one varsel is one message. Only the
 * varsel's id and the frist travel through the history; the document is made and kept by the
 * activity.
 *
 * Deterministic and free of I/O; imports only types from activities.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { DialogmeldingActivities, KvitteringSjekk } from '../activities/dialogmelding-contract';
import { forsteVent, nesteVent } from './kvittering-venting';

const { sjekkDialogmelding } = proxyActivities<DialogmeldingActivities>({
  startToCloseTimeout: '2 minutes',
  // The message server's troubles are answered inside (a look that fails is "no receipt yet"); what
  // is retried is PostgreSQL, until it is back.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function dialogmeldingLevering(varselId: string, fristMs: number): Promise<KvitteringSjekk | 'ingen'> {
  const frist = Date.now() + fristMs;
  const { sendDialogmelding } = proxyActivities<DialogmeldingActivities>({
    startToCloseTimeout: '2 minutes',
    scheduleToCloseTimeout: Math.max(fristMs, 60_000),
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
  let sendt;
  try {
    sendt = await sendDialogmelding(varselId);
  } catch {
    // Not sent before the frist (the server did not answer): the last look records it as not received.
    return sjekkDialogmelding(varselId, true);
  }
  if (sendt !== 'sendt') return sendt;

  for (let vent = forsteVent(fristMs); ; vent = nesteVent(vent)) {
    const igjen = frist - Date.now();
    if (igjen > 0) await sleep(Math.min(vent, igjen));
    const svar = await sjekkDialogmelding(varselId, Date.now() >= frist);
    if (svar !== 'venter') return svar;
  }
}
