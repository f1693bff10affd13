/**
 * The avvik follow-up workflow's names, shared by the workflow and its clients (the API, the
 * `lagre` activity, tests). Workflow ids come from the avvik's UUID, never from the patient.
 */
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { NyttAvvik, NyttVarsel, Principal } from './types';
import type { AvvikKategori } from './avvik-oppfolging';

export const avvikWorkflowId = (avvikId: string): string => `avvik-${avvikId}`;

/** A hand-reported avvik as the API hands it to its workflow: the avvik, its AVVIK varsel, who reported it. */
export interface AvvikRegistrering {
  avvik: NyttAvvik & { kategori: AvvikKategori | null; hjemmel: string | null; strakstiltak: string | null };
  varsel: NyttVarsel;
  av: Principal;
}

/**
 * POST /avvik: stores the hand-reported avvik with its varsel (one transaction) and starts the
 * varsel's webhook deliveries after the commit; by the time it returns the avvik is committed.
 */
export const registrerAvvikUpdate = defineUpdate<void, [AvvikRegistrering]>('registrerAvvik');

/** The avvik was answered (sent by the API after the commit): the workflow re-reads PostgreSQL and ends. */
export const avvikBesvartSignal = defineSignal('avvikBesvart');

/** How the workflow was started: by `lagre` for an avvik it stored (default), or with the API's registration Update. */
export interface AvvikOppfolgingValg {
  meldtForHand?: boolean;
}
