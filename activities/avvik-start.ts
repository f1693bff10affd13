/**
 * Starts the follow-up workflow of avvik already committed in PostgreSQL (the forløp's `lagre`
 * calls it after its commit, for every avvik of the change, new or stored before, so a retry
 * after a crash between commit and start starts what was lost). The workflow id `avvik-<uuid>`
 * makes the start idempotent: an id used before (running or closed) is never started again.
 */
import type { Client } from '@temporalio/client';
import { avvikWorkflowId } from '../workflows/avvik.definitions';
import type { avvikOppfolging } from '../workflows/avvik.workflow';
import { startEnGang } from './workflow-start';

export async function startAvvikOppfolging(deps: { client: Client; taskQueue: string }, avvikIder: readonly string[]): Promise<void> {
  await Promise.all(avvikIder.map((avvikId) => startEnGang<typeof avvikOppfolging>(deps, 'avvikOppfolging', avvikWorkflowId(avvikId), [avvikId, {}])));
}
