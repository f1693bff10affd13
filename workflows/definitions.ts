/**
 * Updates, queries and names shared by the workflow and its clients (API, tests, bench).
 * Declared once so the two sides cannot drift.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ForlopProjeksjon, ForlopStatus as HendelseStatus } from './types';
import type { HendelseInput, HendelseType } from './hendelser';

/** Workflow ids come from the forløp's UUID, never from the patient. */
export const forlopWorkflowId = (forlopId: string): string => `forlop-${forlopId}`;

/** Answer to an accepted hendelse. By the time it returns, the hendelse is committed in PostgreSQL. */
export interface HendelseSvar {
  sekvens: number;
  /** true when this hendelseId was already recorded: nothing changed. */
  duplikat: boolean;
  status: HendelseStatus;
}

export const hendelseUpdate = defineUpdate<HendelseSvar, [HendelseInput]>('hendelse');
export const tilstandQuery = defineQuery<ForlopProjeksjon>('tilstand');
/** The hendelser the forløp's state accepts now (the machine's `tillatteHendelser`), whoever may send them. */
export const tillatteQuery = defineQuery<HendelseType[]>('tillatte');

/** ApplicationFailure type the update validator throws when the machine does not allow a hendelse (API: 409). */
export const UGYLDIG_OVERGANG = 'UgyldigOvergang';
/** ApplicationFailure type for a hendelse that is allowed but contradicts the forløp (e.g. tidspunkt before innleggelse; API: 422). */
export const UGYLDIG_HENDELSE = 'UgyldigHendelse';

/**
 * ApplicationFailure type of a write PostgreSQL refused as data (not as an outage): `lagre`
 * throws it without retrying; the workflow then forgets the change (API: 422 for a hendelse).
 */
export const LAGRING_AVVIST = 'LagringAvvist';

/** `details[0]` of an UGYLDIG_OVERGANG failure. */
export interface UgyldigOvergangDetaljer {
  status: string;
  tillatte: string[];
}
