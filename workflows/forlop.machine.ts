/**
 * The forløp as an xstate v5 machine: the single authority on which hendelse is allowed
 * in which state, and which rolle may send it. Used as a pure transition function
 * (no actor, no delays): the workflow keeps every deadline as a Temporal timer, and the
 * API asks the same machine (through the workflow's Update validator) before answering 409.
 *
 * Two regions run side by side: the forløp itself, and kartlegging (Trygt hjem), which
 * runs beside treatment until the patient leaves.
 */
import { and, assign, initialTransition, setup, stateIn, transition, type SnapshotFrom } from 'xstate';
import type {
  Destinasjon,
  ForlopStatus,
  HendelseData,
  HendelseType,
  KartleggingStatus,
  Rolle,
} from './types';

/** Who may send each hendelse. `INNLAGT` is sent by POST /forlop. */
export const HENDELSE_ROLLE: Record<HendelseType, readonly Rolle[]> = {
  INNLAGT: ['sykehus'],
  INNLEGGELSESMELDING_SENDT: ['sykehus'],
  STATUSENDRING: ['sykehus'],
  KARTLEGGING_STARTET: ['kartleggingsteam'],
  KARTLEGGING_FULLFORT: ['kartleggingsteam'],
  UTSKRIVNINGSKLAR: ['sykehus'],
  UTSKRIVNINGSKLAR_AVMELDT: ['sykehus'],
  KOMMUNESVAR: ['kommune'],
  TILBUD_KLART: ['kommune'],
  EPIKRISE_SENDT: ['sykehus'],
  UTSKREVET: ['sykehus'],
  OPPFOLGING_STARTET: ['kommune'],
  DOD: ['sykehus'],
  FORLOP_AVBRUTT: ['sykehus'],
};

/** Destinations after which the kommune must document oppfølging (OPPFOLGING frist). */
export const HJEM_DESTINASJONER: readonly Destinasjon[] = ['hjem', 'hjem_med_tjenester'];

/** An event of the machine: a hendelse's type and its data. `OBSERVASJON_UTLOPT` is the engine's own. */
export type MaskinHendelse =
  | ({ type: HendelseType } & HendelseData)
  | { type: 'OBSERVASJON_UTLOPT' };

interface MaskinKontekst {
  kartleggingInkludert: boolean;
  destinasjon: Destinasjon | null;
  epikriseSendt: boolean;
  oppfolgingStartet: boolean;
  /** The current utskrivningsklar melding lacks one of the four points: a new, complete one may follow. */
  meldingUfullstendig: boolean;
}

const fullstendig = (e: HendelseData): boolean =>
  !!e.vurdering &&
  e.vurdering.problemstillingerVedInnleggelseAvklart &&
  e.vurdering.ovrigeProblemstillingerAvklart &&
  e.vurdering.uavklarteProblemstillingerAngitt &&
  e.vurdering.funksjonsnivaaVurdert;

/**
 * While meldt utskrivningsklar: a corrected (complete) melding, avmelding, the kommune's
 * answer (yes, or no with an expected date, again and again), tilbud klart, or a transfer to
 * another hospital. Before the kommune has said it can receive, the patient leaves no other way.
 */
const VENTER_PA_KOMMUNEN = {
  UTSKRIVNINGSKLAR: { guard: 'meldingUfullstendig', target: 'utskrivningsklar', actions: 'settMelding' },
  UTSKRIVNINGSKLAR_AVMELDT: { target: 'innlagt' },
  KOMMUNESVAR: [
    { guard: 'kanTaImot', target: 'klar_for_utskrivning' },
    { guard: 'kanIkkeTaImot', target: 'venter_pa_kommune' },
  ],
  TILBUD_KLART: { target: 'klar_for_utskrivning' },
  UTSKREVET: { guard: 'overforingTilAnnetSykehus', target: '#forlop.forlop.utskrevet', actions: 'settUtskrevet' },
} as const;

const VENTER_TAG = 'venter_pa_kommunen';

export const forlopMachine = setup({
  types: {
    context: {} as MaskinKontekst,
    events: {} as MaskinHendelse,
    input: {} as { kartleggingInkludert: boolean },
  },
  guards: {
    kartleggingInkludert: ({ context }) => context.kartleggingInkludert,
    pasientenErPaSykehus: stateIn({ forlop: 'pa_sykehus' }),
    kanTaImot: ({ event }) => event.type === 'KOMMUNESVAR' && event.kanTaImot === true,
    kanIkkeTaImot: ({ event }) => event.type === 'KOMMUNESVAR' && event.kanTaImot === false,
    meldingUfullstendig: ({ context }) => context.meldingUfullstendig,
    // Before the kommune has said it can receive, the patient only leaves to another hospital.
    overforingTilAnnetSykehus: ({ event }) => event.type === 'UTSKREVET' && event.destinasjon === 'annet_sykehus',
    // Death at discharge ends the forløp: no epikrise or oppfølging frist follows it.
    ferdig: ({ context }) =>
      context.destinasjon === 'dod' ||
      (context.epikriseSendt &&
        (context.oppfolgingStartet || !context.destinasjon || !HJEM_DESTINASJONER.includes(context.destinasjon))),
    tilHjem: ({ context }) => !!context.destinasjon && HJEM_DESTINASJONER.includes(context.destinasjon),
    oppfolgingIkkeStartet: ({ context }) => !context.oppfolgingStartet,
    epikriseIkkeSendt: ({ context }) => !context.epikriseSendt,
  },
  actions: {
    // A hendelse that is recorded but changes no state (xstate counts a transition without target or action as none).
    registrer: () => undefined,
    settMelding: assign({ meldingUfullstendig: ({ event }) => !fullstendig(event as HendelseData) }),
    settUtskrevet: assign({ destinasjon: ({ event }) => (event as HendelseData).destinasjon ?? null }),
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
        ikke_inkludert: {},
        ikke_startet: {
          on: {
            KARTLEGGING_STARTET: { guard: 'pasientenErPaSykehus', target: 'pagar' },
            KARTLEGGING_FULLFORT: { guard: 'pasientenErPaSykehus', target: 'fullfort' },
          },
        },
        pagar: {
          on: {
            KARTLEGGING_FULLFORT: { guard: 'pasientenErPaSykehus', target: 'fullfort' },
          },
        },
        fullfort: {},
      },
    },
  },
});

export type ForlopSnapshot = SnapshotFrom<typeof forlopMachine>;

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
 * Every variant of each hendelse the machine distinguishes by its data, so "which hendelser
 * are allowed now" can be answered without a concrete body (for the 409's detail).
 */
const VARIANTER: Partial<Record<HendelseType, HendelseData[]>> = {
  KOMMUNESVAR: [{ kanTaImot: true }, { kanTaImot: false }],
  UTSKREVET: [{ destinasjon: 'hjem' }, { destinasjon: 'annet_sykehus' }],
};

/** The hendelser (as the API names them) the forløp accepts in this state, INNLAGT excluded. */
export function tillatteHendelser(snapshot: ForlopSnapshot): HendelseType[] {
  return (Object.keys(HENDELSE_ROLLE) as HendelseType[]).filter(
    (type) =>
      type !== 'INNLAGT' &&
      (VARIANTER[type] ?? [{}]).some((data) => snapshot.can({ type, ...data } as MaskinHendelse)),
  );
}
