/**
 * The EDI poller: one long-running workflow per HER-id (`edi-mottak-<herId>`), started by the
 * worker when EDI_URL is set (scripts/edi-mottak.ts). Each round lists the unread messages and
 * takes each through its steps, fetch → apply → receipt → mark read, each an activity that is
 * idempotent (activities/edi-mottak.ts); then sleeps when nothing was waiting. The history holds
 * message ids and receipt statuses only: the documents stay in PostgreSQL, encrypted.
 *
 * A server that fails (5xx, timeouts) fails the activity, which Temporal retries with backoff;
 * a message whose steps keep failing for an hour is left unread and taken again next round. A
 * message whose apply fails for a reason of its own (a bug, a constraint) is set aside after
 * EDI_MAKS_FORSOK tries (seconds of backoff, not the hour): the apply answers `feilet`, and the
 * round goes on with the others; later rounds do not list it until an admin sends it back
 * (POST /api/v1/edi/mottak/{meldingId}/prov-igjen). continueAsNew keeps the history short.
 *
 * Deterministic and free of I/O; imports only types from activities.
 */
import { continueAsNew, log, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { EdiMottakActivities } from '../activities/edi-mottak-kontrakt';
import type { EdiMottakValg } from './edi-mottak.definitions';

const steg = proxyActivities<EdiMottakActivities>({
  startToCloseTimeout: '2 minutes',
  // A worker that died mid-step (the apply beats every 2 s) is noticed within this, not 2 minutes.
  heartbeatTimeout: '15 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Rounds per run before continueAsNew (each round a few events per message). */
const RUNDER_PER_KJORING = 200;

export async function ediMottak(valg: EdiMottakValg): Promise<void> {
  for (let runde = 0; runde < RUNDER_PER_KJORING && !workflowInfo().continueAsNewSuggested; runde++) {
    let uleste: Awaited<ReturnType<EdiMottakActivities['ediUleste']>> = [];
    try {
      uleste = await steg.ediUleste();
    } catch (e) {
      log.warn('EDI: listen over uleste meldinger feilet; prøver igjen neste runde', { feil: (e as Error).message });
    }
    for (const m of uleste) {
      try {
        if (!m.kvittering) {
          await steg.ediHent(m.id);
          // Set aside: neither receipted nor marked read, so the sender's message stays on the server.
          if ((await steg.ediAnvend(m.id)) === 'feilet') continue;
          await steg.ediKvitter(m.id);
        }
        await steg.ediMerkLest(m.id);
      } catch (e) {
        log.warn('EDI: meldingen ble ikke ferdig behandlet; den tas igjen neste runde', { meldingId: m.id, feil: (e as Error).message });
      }
    }
    if (uleste.length === 0) await sleep(valg.intervallMs);
  }
  await continueAsNew<typeof ediMottak>(valg);
}
