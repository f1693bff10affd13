/**
 * One utskrivningsforløp as a durable Temporal workflow: wiring only. What a hendelse or the
 * passing of time does to the forløp is decided by the pure module forlop.tilstand.ts; this file
 * connects it to Temporal:
 *
 *   the Update `hendelse`   validator: `avvisning` (a refusal is the API's 409/422);
 *                           handler: `motta`, then waits until the change is committed in
 *                           PostgreSQL (read-your-writes)
 *   one durable timer       at the instant the module says something is due next; replaced only
 *                           when that instant moves; when it fires: `vaakne`
 *   the `lagre` local activity, the one side effect: each change in one transaction, in order
 *
 * The workflow never sees a patient identifier, only the internal pasientId.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  proxyLocalActivities,
  setHandler,
  sleep,
  uuid4,
} from '@temporalio/workflow';
import type { Endring, ForlopActivities } from '../activities/contract';
import { hendelseUpdate, tilstandQuery, UGYLDIG_HENDELSE, UGYLDIG_OVERGANG, type HendelseSvar } from './definitions';
import {
  avsluttet,
  avvisning,
  medKonfig,
  motta,
  nyttForlop,
  projeksjon,
  sekvensFor,
  slaSammen,
  status,
  vaakne,
  type Avvisning,
  type Steg,
} from './forlop.tilstand';
import type { ForlopStart, HendelseInput } from './types';

// Local activities: they run in the worker inside the workflow task that needs them, so a
// hendelse costs one workflow task and no activity-task round trip through the server.
// `lagre` is idempotent, so the re-run after a crash mid-task is harmless.
const { lagre } = proxyLocalActivities<ForlopActivities>({
  startToCloseTimeout: '30 seconds',
  // Never give up on a write: a hendelse accepted by the forløp must reach PostgreSQL.
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
const { hentKonfigurasjon } = proxyLocalActivities<ForlopActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/** Release 0.1.0 fetched its configuration without the samhandling org; its forløp keep the org it had then. */
const SAMHANDLING_ORG_0_1_0 = 'HSYK';

export async function forlopWorkflow(start: ForlopStart): Promise<void> {
  let tilstand = nyttForlop(start, start.konfig ?? null);
  let ventende: Endring | null = null; // changes waiting behind the write in flight, written together
  let skriving: Promise<void> = Promise.resolve();
  let timer: { ved: number; scope: CancellationScope } | null = null;
  let vekket = false;

  /** Queue a write of everything pending; resolves when it (and every earlier one) is committed. */
  function skriv(): Promise<void> {
    skriving = skriving.then(async () => {
      const e = ventende;
      ventende = null;
      if (e) await lagre(e);
    });
    return skriving;
  }

  /** Keep the step's value, keep the timer on its next instant, write its change. */
  function ta(steg: Steg): Promise<void> {
    tilstand = steg.tilstand;
    planlegg(steg.vekking);
    if (steg.endring) ventende = slaSammen(ventende, steg.endring);
    return skriv();
  }

  /** A new timer only when the due instant has moved. */
  function planlegg(ved: number | null): void {
    if (timer?.ved === ved) return;
    timer?.scope.cancel();
    timer = null;
    if (ved === null) return;
    const denne = { ved, scope: new CancellationScope() };
    timer = denne;
    denne.scope.run(() => sleep(Math.max(1, ved - Date.now()))).then(
      () => {
        if (timer === denne) {
          timer = null;
          vekket = true;
        }
      },
      (e: unknown) => {
        if (!isCancellation(e)) throw e;
      },
    );
  }

  function avvis(input: HendelseInput): void {
    const a = avvisning(tilstand, input);
    if (a) throw feil(a);
  }

  setHandler(
    hendelseUpdate,
    async (input: HendelseInput): Promise<HendelseSvar> => {
      if (!tilstand.konfig) await condition(() => tilstand.konfig !== null);
      const kjent = sekvensFor(tilstand, input.hendelseId);
      if (kjent !== undefined) {
        await skriv();
        return { sekvens: kjent, duplikat: true, status: status(tilstand) };
      }
      avvis(input); // the state may have moved while waiting for the configuration
      const steg = motta(tilstand, input, Date.now(), uuid4);
      await ta(steg);
      return { sekvens: steg.tilstand.hendelser.length, duplikat: false, status: status(tilstand) };
    },
    { validator: avvis },
  );
  setHandler(tilstandQuery, () => projeksjon(tilstand));

  if (!tilstand.konfig) {
    const k = await hentKonfigurasjon(start.oppholdskommune);
    tilstand = medKonfig(tilstand, { ...k, samhandlingOrg: k.samhandlingOrg ?? SAMHANDLING_ORG_0_1_0 });
  }
  await condition(() => tilstand.hendelser.length > 0);

  // Hendelser are handled in full by the Update handler; this loop only wakes when time is due.
  while (!avsluttet(tilstand)) {
    await condition(() => vekket || avsluttet(tilstand));
    if (!vekket) break;
    vekket = false;
    await ta(vaakne(tilstand, Date.now(), uuid4));
  }
  await skriv();
  await condition(allHandlersFinished);
}

function feil(a: Avvisning): ApplicationFailure {
  return a.art === 'overgang'
    ? ApplicationFailure.create({
        type: UGYLDIG_OVERGANG,
        nonRetryable: true,
        message: a.melding,
        details: [{ status: a.status, tillatte: a.tillatte }],
      })
    : ApplicationFailure.create({ type: UGYLDIG_HENDELSE, nonRetryable: true, message: a.melding });
}
