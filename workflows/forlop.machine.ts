/**
 * The forløp as an xstate v5 machine: the single authority on which hendelse is allowed
 * in which state (who may send it is the hendelse catalogue's, workflows/hendelser/). Used as a pure transition function
 * (no actor, no delays): the workflow keeps every deadline as a Temporal timer, and the
 * API asks the same machine (through the workflow's Update validator) before answering 409.
 *
 * Two regions run side by side: the forløp itself, and kartlegging (Trygt hjem), which
 * runs beside treatment until the patient leaves.
 */
import { and, assign, initialTransition, setup, stateIn, transition, type SnapshotFrom } from 'xstate';
import { FORLOP_STATUSER, type Destinasjon, type ForlopStatus, type KartleggingStatus } from './types';
import { API_HENDELSE_TYPER, oppforing, type ApiHendelseType, type HendelseDataFor, type HendelseType } from './hendelser';
import { erFullstendig, erHjem } from './utskrivning';

/**
 * An event of the machine: a hendelse's type and its data, one member per type (a recorded
 * hendelse is one as it is). `OBSERVASJON_UTLOPT` is the engine's own.
 */
export type MaskinHendelse = { [T in HendelseType]: { type: T; data: HendelseDataFor[T] } }[HendelseType] | { type: 'OBSERVASJON_UTLOPT' };

interface MaskinKontekst {
  kartleggingInkludert: boolean;
  destinasjon: Destinasjon | null;
  epikriseSendt: boolean;
  oppfolgingStartet: boolean;
  /** The current utskrivningsklar melding lacks one of the four points: a new, complete one may follow. */
  meldingUfullstendig: boolean;
}

/**
 * While meldt utskrivningsklar: a corrected (complete) melding, avmelding, the kommune's
 * answer (yes, or no with an expected date, again and again), tilbud klart, or a transfer to
 * another hospital. Before the kommune has said it can receive, the ward cannot discharge the
 * patient any other way; the hospital's EPJ can (a PLO melding om utskrevet pasient is the fact
 * that the patient left, sent whether the kommune answered or not).
 */
const VENTER_PA_KOMMUNEN = {
  UTSKRIVNINGSKLAR: { guard: 'meldingUfullstendig', target: 'utskrivningsklar', actions: 'settMelding' },
  UTSKRIVNINGSKLAR_AVMELDT: { target: 'innlagt' },
  KOMMUNESVAR: [
    { guard: 'kanTaImot', target: 'klar_for_utskrivning' },
    { guard: 'kanIkkeTaImot', target: 'venter_pa_kommune' },
  ],
  TILBUD_KLART: { target: 'klar_for_utskrivning' },
  UTSKREVET: [
    { guard: 'overforingTilAnnetSykehus', target: '#forlop.forlop.utskrevet', actions: 'settUtskrevet' },
    { guard: 'meldtAvEpj', target: '#forlop.forlop.utskrevet', actions: 'settUtskrevet' },
  ],
} as const;

const VENTER_TAG = 'venter_pa_kommunen';

/** An included patient, not yet kartlagt: excluded (leaves the team's list), or included again (recorded). */
const UTENFOR_ELLER_FORTSATT = [
  { guard: and(['pasientenErPaSykehus', 'ekskluderes']), target: 'ikke_inkludert' },
  { guard: 'pasientenErPaSykehus', actions: 'registrer' },
] as const;

export const forlopMachine = setup({
  types: {
    context: {} as MaskinKontekst,
    events: {} as MaskinHendelse,
    input: {} as { kartleggingInkludert: boolean },
  },
  guards: {
    kartleggingInkludert: ({ context }) => context.kartleggingInkludert,
    pasientenErPaSykehus: stateIn({ forlop: 'pa_sykehus' }),
    kanTaImot: ({ event }) => event.type === 'KOMMUNESVAR' && event.data.kanTaImot === true,
    kanIkkeTaImot: ({ event }) => event.type === 'KOMMUNESVAR' && event.data.kanTaImot === false,
    inkluderes: ({ event }) => event.type === 'KARTLEGGING_INKLUSJON' && event.data.inkludert,
    ekskluderes: ({ event }) => event.type === 'KARTLEGGING_INKLUSJON' && !event.data.inkludert,
    meldingUfullstendig: ({ context }) => context.meldingUfullstendig,
    // Before the kommune has said it can receive, the patient only leaves to another hospital.
    overforingTilAnnetSykehus: ({ event }) => event.type === 'UTSKREVET' && event.data.destinasjon === 'annet_sykehus',
    // A PLO melding om utskrevet pasient (plo/tolkning.ts sets it; the ward's API cannot).
    meldtAvEpj: ({ event }) => event.type === 'UTSKREVET' && event.data.meldtAvEpj === true,
    // Death at discharge ends the forløp: no epikrise or oppfølging frist follows it.
    ferdig: ({ context }) => context.destinasjon === 'dod' || (context.epikriseSendt && (context.oppfolgingStartet || !erHjem(context.destinasjon))),
    tilHjem: ({ context }) => erHjem(context.destinasjon),
    oppfolgingIkkeStartet: ({ context }) => !context.oppfolgingStartet,
    epikriseIkkeSendt: ({ context }) => !context.epikriseSendt,
  },
  actions: {
    // A hendelse that is recorded but changes no state (xstate counts a transition without target or action as none).
    registrer: () => undefined,
    settMelding: assign({
      meldingUfullstendig: ({ event }) => event.type === 'UTSKRIVNINGSKLAR' && !erFullstendig(event.data.vurdering),
    }),
    settUtskrevet: assign({ destinasjon: ({ event }) => (event.type === 'UTSKREVET' ? event.data.destinasjon : null) }),
    settEpikrise: assign({ epikriseSendt: true }),
    settOppfolging: assign({ oppfolgingStartet: true }),
  },
}).createMachine({
  id: 'forlop',
  type: 'parallel',
  context: ({ input }) => ({
    kartleggingInkludert: input.kartleggingInkludert,
    destinasjon: null,
    epikriseSendt: false,
    oppfolgingStartet: false,
    meldingUfullstendig: false,
  }),
  states: {
    forlop: {
      initial: 'pa_sykehus',
      states: {
        pa_sykehus: {
          initial: 'innlagt',
          on: {
            INNLEGGELSESMELDING_SENDT: { actions: 'registrer' },
            STATUSENDRING: { actions: 'registrer' },
            EPIKRISE_SENDT: { guard: 'epikriseIkkeSendt', actions: 'settEpikrise' },
            // The patient's sheet given, before the discharge or (below) just after it: recorded, changes nothing.
            INFORMASJON_GITT: { actions: 'registrer' },
            DOD: { target: 'avsluttet' },
            FORLOP_AVBRUTT: { target: 'avbrutt' },
          },
          states: {
            innlagt: {
              on: {
                UTSKRIVNINGSKLAR: { target: 'utskrivningsklar', actions: 'settMelding' },
                UTSKREVET: { target: '#forlop.forlop.utskrevet', actions: 'settUtskrevet' },
              },
            },
            // Meldt and waiting for the kommune, before or after its first answer: the same rules,
            // and the same tag (overliggerdøgn run and the daily status goes out while it holds).
            utskrivningsklar: { tags: VENTER_TAG, on: VENTER_PA_KOMMUNEN },
            venter_pa_kommune: { tags: VENTER_TAG, on: VENTER_PA_KOMMUNEN },
            klar_for_utskrivning: {
              on: {
                UTSKRIVNINGSKLAR_AVMELDT: { target: 'innlagt' },
                UTSKREVET: { target: '#forlop.forlop.utskrevet', actions: 'settUtskrevet' },
              },
            },
          },
        },
        // Waiting for the epikrise (if not sent at discharge) and, after discharge home, the kommune's oppfølging.
        utskrevet: {
          always: { guard: 'ferdig', target: 'avsluttet' },
          on: {
            EPIKRISE_SENDT: { guard: 'epikriseIkkeSendt', actions: 'settEpikrise' },
            INFORMASJON_GITT: { actions: 'registrer' },
            OPPFOLGING_STARTET: {
              guard: and(['tilHjem', 'oppfolgingIkkeStartet']),
              actions: 'settOppfolging',
            },
            DOD: { target: 'avsluttet' },
            FORLOP_AVBRUTT: { target: 'avbrutt' },
            // The observation window closed with something still missing; the avvik stay open.
            OBSERVASJON_UTLOPT: { target: 'avsluttet' },
          },
        },
        avsluttet: { type: 'final' },
        avbrutt: { type: 'final' },
      },
    },
    kartlegging: {
      initial: 'valg',
      states: {
        valg: {
          always: [{ guard: 'kartleggingInkludert', target: 'ikke_startet' }, { target: 'ikke_inkludert' }],
        },
        // Inclusion changes while the patient is in hospital and the kartlegging is not done;
        // a repeat of the current choice is recorded (a new reason) and changes nothing.
        ikke_inkludert: {
          on: {
            KARTLEGGING_INKLUSJON: [
              { guard: and(['pasientenErPaSykehus', 'inkluderes']), target: 'ikke_startet' },
              { guard: 'pasientenErPaSykehus', actions: 'registrer' },
            ],
          },
        },
        ikke_startet: {
          on: {
            KARTLEGGING_INKLUSJON: UTENFOR_ELLER_FORTSATT,
            KARTLEGGING_STARTET: { guard: 'pasientenErPaSykehus', target: 'pagar' },
            KARTLEGGING_FULLFORT: { guard: 'pasientenErPaSykehus', target: 'fullfort' },
          },
        },
        pagar: {
          on: {
            KARTLEGGING_INKLUSJON: UTENFOR_ELLER_FORTSATT,
            KARTLEGGING_FULLFORT: { guard: 'pasientenErPaSykehus', target: 'fullfort' },
          },
        },
        fullfort: {},
      },
    },
  },
});

export type ForlopSnapshot = SnapshotFrom<typeof forlopMachine>;

/** The statuses of a patient still in hospital: the states of the machine's `pa_sykehus` region. */
export const PA_SYKEHUS_STATUSER: readonly ForlopStatus[] = Object.keys(forlopMachine.root.states.forlop.states.pa_sykehus.states).filter(
  (s): s is ForlopStatus => (FORLOP_STATUSER as readonly string[]).includes(s),
);

export function startTilstand(kartleggingInkludert: boolean): ForlopSnapshot {
  return initialTransition(forlopMachine, { kartleggingInkludert })[0];
}

export function kanMotta(snapshot: ForlopSnapshot, hendelse: MaskinHendelse): boolean {
  return snapshot.can(hendelse);
}

/** The next snapshot; the caller has asked `kanMotta` first. */
export function neste(snapshot: ForlopSnapshot, hendelse: MaskinHendelse): ForlopSnapshot {
  return transition(forlopMachine, snapshot, hendelse)[0];
}

export function forlopStatus(snapshot: ForlopSnapshot): ForlopStatus {
  const v = snapshot.value as { forlop: string | { pa_sykehus: string } };
  if (typeof v.forlop === 'object') return v.forlop.pa_sykehus as ForlopStatus;
  return v.forlop as ForlopStatus;
}

export function kartleggingStatus(snapshot: ForlopSnapshot): KartleggingStatus {
  const v = snapshot.value as { kartlegging: string };
  return (v.kartlegging === 'valg' ? 'ikke_startet' : v.kartlegging) as KartleggingStatus;
}

/** Meldt utskrivningsklar and the kommune has not yet said it can receive the patient. */
export function venterPaKommunen(snapshot: ForlopSnapshot): boolean {
  return snapshot.hasTag(VENTER_TAG);
}

export function erAvsluttet(snapshot: ForlopSnapshot): boolean {
  return snapshot.status === 'done' || ['avsluttet', 'avbrutt'].includes(forlopStatus(snapshot));
}

/**
 * An example of each hendelse the API sends, in every variant the machine tells apart by its data:
 * the catalogue's (its data's times do not matter to the machine).
 */
const VARIANTER: ReadonlyArray<readonly [ApiHendelseType, readonly MaskinHendelse[]]> = API_HENDELSE_TYPER.map((type) => [
  type,
  oppforing(type)
    .eksempler('1970-01-01T00:00:00Z')
    .map((data) => ({ type, data }) as MaskinHendelse),
]);

/** The hendelser (as the API names them) the forløp accepts in this state, INNLAGT excluded. */
export function tillatteHendelser(snapshot: ForlopSnapshot): HendelseType[] {
  return VARIANTER.filter(([, eksempler]) => eksempler.some((e) => snapshot.can(e))).map(([type]) => type);
}

/** The 409's words, built once: the state the forløp is in and what it allows. */
export function ugyldigOvergangTekst(status: string, type: string, tillatte: readonly string[]): string {
  return (
    `Forløpet har status «${status}»; ${type} er ikke tillatt nå. ` + `Tillatt: ${tillatte.length ? tillatte.join(', ') : 'ingen (forløpet er avsluttet)'}.`
  );
}
