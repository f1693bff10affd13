/**
 * One avvik followed up to its answer, as a durable Temporal workflow: wiring only. What to do
 * next is decided by the pure module avvik-oppfolging.ts (`nesteSteg`); this file connects it to
 * Temporal:
 *
 *   the Update `registrerAvvik`   (a hand-reported avvik, update-with-start from POST /avvik):
 *                                 the local activity stores the avvik and its AVVIK varsel in one
 *                                 transaction and starts the webhook deliveries after the commit,
 *                                 as `lagre` does for every other varsel (a crash after the commit
 *                                 re-runs it: idempotent, and the deliveries are started then)
 *   one durable timer             until the reminder, then until the svarfrist; never polling
 *   the signal `avvikBesvart`     ends the wait early; whichever wakes it, the workflow re-reads
 *                                 the avvik from PostgreSQL before it sends anything
 *   `sendAvvikOppfolging`         stores the PAMINNELSE / ESKALERING varsler with deterministic
 *                                 ids (a repeat stores nothing twice) and starts their deliveries
 *
 * Id `avvik-<uuid>`: no patient identifier travels here.
 */
import { condition, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { AvvikActivities } from '../activities/contract';
import { nesteSteg } from './avvik-oppfolging';
import { avvikBesvartSignal, registrerAvvikUpdate, type AvvikOppfolgingValg } from './avvik.definitions';

const { registrerAvvik } = proxyLocalActivities<AvvikActivities>({
  startToCloseTimeout: '30 seconds',
  // A hand-reported avvik the API was told is accepted must reach PostgreSQL.
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: ['LagringAvvist'] },
});
const { hentAvvikOppfolging, sendAvvikOppfolging } = proxyActivities<AvvikActivities>({
  startToCloseTimeout: '30 seconds',
  // Never give up: PostgreSQL may be away for a while; the varsel must go out when it is back.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** How long a workflow started with the registration Update waits for it (it arrives with the start). */
const REGISTRERING_VENT = '1 hour';

export async function avvikOppfolging(avvikId: string, valg: AvvikOppfolgingValg = {}): Promise<void> {
  let signalBesvart = false;
  let registrering: 'lagret' | 'feilet' | null = null;

  setHandler(avvikBesvartSignal, () => {
    signalBesvart = true;
  });
  setHandler(
    registrerAvvikUpdate,
    async (r) => {
      try {
        await registrerAvvik(r);
        registrering = 'lagret';
      } catch (e) {
        registrering = 'feilet';
        throw e;
      }
    },
    {
      validator: (r) => {
        if (r.avvik.id !== avvikId) throw new Error('avviket tilhører en annen arbeidsflyt');
      },
    },
  );

  if (valg.meldtForHand) {
    const kom = await condition(() => registrering !== null, REGISTRERING_VENT);
    if (!kom || registrering === 'feilet') return; // nothing was stored: nothing to follow up
  }

  let tilstand = await hentAvvikOppfolging(avvikId);
  for (;;) {
    if (!tilstand) return; // no such avvik
    const steg = nesteSteg(tilstand, new Date(Date.now()).toISOString());
    if (steg.art === 'ferdig') return;
    if (steg.art === 'send') {
      tilstand = await sendAvvikOppfolging(avvikId, steg.varsel);
      continue;
    }
    // Until the instant, or until the API says it was answered; then PostgreSQL decides.
    const vent = Math.max(1, Date.parse(steg.til) - Date.now());
    await condition(() => signalBesvart, vent);
    signalBesvart = false;
    tilstand = await hentAvvikOppfolging(avvikId);
  }
}
