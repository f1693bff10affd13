/**
 * The bench's baseline: the bare Temporal ceiling on this machine. A workflow that accepts
 * as many Updates as a full forløp does (INNLAGT through update-with-start + 9 hendelser)
 * and does nothing else: no validator, no activity, no timer, no PostgreSQL. Whatever a full
 * forløp costs above this is the engine's own cost.
 *
 * Its own bundle (bench/baseline-worker.ts bundles this file only), its own task queue.
 */
import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** INNLAGT + INNLEGGELSESMELDING_SENDT … OPPFOLGING_STARTET: the Updates of one full forløp. */
export const UPDATES_PER_FORLOP = 10;

/** Shaped like the engine's HendelseInput, so the payloads cost about the same to carry. */
export interface BaselineHendelse {
  hendelseId: string;
  type: string;
  tidspunkt: string;
  registrert: string;
  av: { rolle: string; org: string };
  data: Record<string, unknown>;
}

export interface BaselineSvar {
  sekvens: number;
}

export const baselineHendelse = defineUpdate<BaselineSvar, [BaselineHendelse]>('hendelse');

/** Completes once `antall` Updates have been accepted and answered. */
export async function baselineWorkflow(antall: number = UPDATES_PER_FORLOP): Promise<number> {
  let mottatt = 0;
  setHandler(baselineHendelse, (): BaselineSvar => {
    mottatt += 1;
    return { sekvens: mottatt };
  });
  await condition(() => mottatt >= antall);
  await condition(allHandlersFinished);
  return mottatt;
}
