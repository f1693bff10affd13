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
 *   the `lagre` local activity, the one side effect: each change in one transaction, in order;
 *                           one step at a time (a hendelse or a wake waits for the one before),
 *                           so a change PostgreSQL refuses as data is simply forgotten: the
 *                           forløp goes on from the value before it (a hendelse: API 422; a
 *                           wake: the forløp is marked for operations), and the workflow and
 *                           PostgreSQL never disagree
 *
 * The workflow never sees a patient identifier, only the internal pasientId.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { ForlopActivities } from '../activities/contract';
import { hendelseUpdate, LAGRING_AVVIST, tillatteQuery, tilstandQuery, UGYLDIG_HENDELSE, UGYLDIG_OVERGANG, type HendelseSvar } from './definitions';
import {
  avsluttet,
  avvisning,
  fraImportert,
  medKonfig,
  motta,
  nesteVekking,
  nyttForlop,
  projeksjon,
  sekvensFor,
  status,
  vaakne,
  type Avvisning,
  type ForlopTilstand,
  type ImportertTilstand,
  type Steg,
} from './forlop.tilstand';
import { tillatteHendelser } from './forlop.machine';
import { navnUuid } from './navn-uuid';
import type { ForlopStart } from './types';
import type { HendelseInput } from './hendelser';

// Local activities: they run in the worker inside the workflow task that needs them, so a
// hendelse costs one workflow task and no activity-task round trip through the server.
// `lagre` is idempotent, so the re-run after a crash mid-task is harmless.
const { lagre } = proxyLocalActivities<ForlopActivities>({
  startToCloseTimeout: '30 seconds',
  // Never give up on a write: a hendelse accepted by the forløp must reach PostgreSQL.
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
const { hentKonfigurasjon, merkDriftsfeil } = proxyLocalActivities<ForlopActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/**
 * Release 0.3.0 keeps a forløp whose discharge was registered after its observation window open
 * `etterregistrering` after the registration (before, no timer was ever due and it stayed
 * `utskrevet`); earlier histories replay without it.
 */
const UTSATT_VINDU = 'etterregistrert-utskrivning';

/** Release 0.1.0 fetched its configuration without the samhandling org; its forløp keep the org it had then. */
const SAMHANDLING_ORG_0_1_0 = 'HSYK';

/**
 * `importert`: a forløp the PLO archive import replayed and stored (plo/import.ts) goes on from
 * that value, its next instant planned at once; absent for every forløp started at admission.
 */
export async function forlopWorkflow(start: ForlopStart, importert?: ImportertTilstand): Promise<void> {
  let tilstand = importert && start.konfig ? fraImportert(start, start.konfig, importert) : nyttForlop(start, start.konfig ?? null);
  let timer: { ved: number; scope: CancellationScope } | null = null;
  let vekket = false;

  // One step at a time, in arrival order: the next waits until the one before is written.
  let opptatt = false;
  const ko: Array<() => void> = [];
  async function etterTur<T>(fn: () => Promise<T>): Promise<T> {
    if (opptatt) await new Promise<void>((r) => ko.push(r));
    opptatt = true;
    try {
      return await fn();
    } finally {
      const neste = ko.shift();
      if (neste)
        neste(); // the turn passes straight on
      else opptatt = false;
    }
  }

  /**
   * Keep the step's value, keep the timer on its next instant, write its change. False when
   * PostgreSQL refused the change as data: the value (and the timer) are then as before it.
   */
  async function ta(steg: Steg, forrige: ForlopTilstand): Promise<boolean> {
    tilstand = steg.tilstand;
    planlegg(steg.vekking);
    if (!steg.endring) return true;
    try {
      await lagre(steg.endring);
      return true;
    } catch (e) {
      // A local activity's failure arrives as itself; a (remote) activity's inside an ActivityFailure.
      const f = e instanceof ActivityFailure ? e.cause : e;
      if (!(f instanceof ApplicationFailure && f.type === LAGRING_AVVIST)) throw e;
      tilstand = forrige;
      planlegg(nesteVekking(forrige, Date.now()));
      return false;
    }
  }

  /** A new timer only when the due instant has moved. */
  function planlegg(ved: number | null): void {
    if (timer?.ved === ved) return;
    timer?.scope.cancel();
    timer = null;
    if (ved === null) return;
    const denne = { ved, scope: new CancellationScope() };
    timer = denne;
    denne.scope
      .run(() => sleep(Math.max(1, ved - Date.now())))
      .then(
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
    (input: HendelseInput): Promise<HendelseSvar> =>
      etterTur(async () => {
        if (!tilstand.konfig) await condition(() => tilstand.konfig !== null);
        const kjent = sekvensFor(tilstand, input.hendelseId);
        if (kjent !== undefined) return { sekvens: kjent, duplikat: true, status: status(tilstand) };
        avvis(input); // the state may have moved while this hendelse waited its turn
        const forrige = tilstand;
        const steg = motta(forrige, input, Date.now(), navnUuid, { utsettVindu: () => patched(UTSATT_VINDU) });
        if (!(await ta(steg, forrige))) {
          throw ApplicationFailure.create({
            type: LAGRING_AVVIST,
            nonRetryable: true,
            message: 'Hendelsen kunne ikke lagres (databasen avviste innholdet); forløpet er uendret',
          });
        }
        return { sekvens: steg.tilstand.hendelser.length, duplikat: false, status: status(tilstand) };
      }),
    { validator: avvis },
  );
  setHandler(tilstandQuery, () => projeksjon(tilstand));
  // A query issues no command: forløp in flight replay as before.
  setHandler(tillatteQuery, () => (tilstand.hendelser.length === 0 ? [] : tillatteHendelser(tilstand.snapshot)));

  if (importert) planlegg(nesteVekking(tilstand, Date.now()));
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
    await etterTur(async () => {
      const forrige = tilstand;
      if (!(await ta(vaakne(forrige, Date.now(), navnUuid), forrige))) {
        // Nobody waits on a wake: mark the forløp for operations; it goes on from where it was.
        await merkDriftsfeil(start.forlopId, 'En tidsstyrt endring ble avvist av databasen som data');
      }
    });
  }
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
