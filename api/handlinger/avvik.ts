/**
 * What the avvik routes do, each in one call: report an avvik by hand (its rule, its id, its
 * workflow) and move one on (the transaction, then the word to its workflow).
 *
 * A hand-reported avvik is not written by the API: it starts the avvik's follow-up workflow
 * (`avvik-<uuid>`) with the Update `registrerAvvik` (update-with-start), whose local activity
 * stores the avvik, its svarfrist and the varsel in one transaction and starts the webhook
 * deliveries after the commit, re-run by Temporal after a crash.
 */
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import { behandleAvvik, forlopParter, hentAvvik, type AvvikRad } from '../../db/avvik';
import { forlopIScope, loggLesing } from '../../db/les';
import { behandlingNekt, tillatteHandlinger } from '../../workflows/avvik-behandling';
import { ansvarligForManueltAvvik, manueltAvvikRegistrering } from '../../workflows/avvik-manuelt';
import { avvikBesvartSignal, avvikWorkflowId, registrerAvvikUpdate } from '../../workflows/avvik.definitions';
import type { avvikOppfolging } from '../../workflows/avvik.workflow';
import type { Principal } from '../../workflows/types';
import type { ApiDeps } from '../deps';
import { idempotentId } from '../idempotens';
import { problemer } from '../problem';
import type { AvvikBehandlingBody, NyttAvvikBody } from '../schemas/avvik';
import { avvikProblem } from '../temporal-feil';
import { naaOslo } from '../visning';

/** POST /avvik: the stored avvik. With an Idempotency-Key a retry (after a 503, a lost answer) reaches the same avvik and its workflow. */
export async function meldAvvik(deps: ApiDeps, p: Principal, body: NyttAvvikBody, nokkel: string | undefined): Promise<AvvikRad> {
  const { pool } = deps;
  const forlopId = body.forlopId.toLowerCase();
  // The reporter must see the forløp, as GET /forlop/{id}.
  if (!(await forlopIScope(pool, forlopId, p))) throw problemer.ikkeFunnet('Forløpet finnes ikke');
  const parter = await forlopParter(pool, forlopId);
  if (!parter) throw problemer.ikkeFunnet('Forløpet finnes ikke');
  const valgt = ansvarligForManueltAvvik(parter, body.ansvarlig, p);
  if ('feil' in valgt) throw problemer.validering([valgt.feil]);

  const id = await idempotentId(deps, p.org, 'avvik', nokkel, body);
  const registrering = manueltAvvikRegistrering({
    id,
    forlopId,
    ansvarlig: valgt.ansvarlig,
    innmelder: p,
    naa: naaOslo(),
    beskrivelse: body.beskrivelse,
    kategori: body.kategori,
    hjemmel: body.hjemmel,
    strakstiltak: body.strakstiltak,
  });
  // Stored by the avvik's own workflow (its Update returns once the avvik is committed).
  try {
    await deps.client.workflow.executeUpdateWithStart(registrerAvvikUpdate, {
      args: [registrering],
      updateId: id,
      startWorkflowOperation: new WithStartWorkflowOperation<typeof avvikOppfolging>('avvikOppfolging', {
        workflowId: avvikWorkflowId(id),
        taskQueue: deps.config.taskQueue,
        args: [id, { meldtForHand: true }],
        // A retry with the same key finds the workflow and the Update (same id) answered once.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    });
  } catch (e) {
    // A retry of a registration whose workflow has already ended answers the stored avvik.
    if (!(nokkel && (await hentAvvik(pool, id)))) throw avvikProblem(e);
  }
  const lagret = await hentAvvik(pool, id, p);
  if (!lagret) throw new Error('Avviket ble registrert, men er ikke lagret');
  await loggLesing(pool, p, forlopId, 'avvik-opprett');
  return lagret;
}

/** POST /avvik/{id}/behandling: the avvik as it now stands (404 out of scope, 403/409 as behandlingNekt says). */
export async function behandle(deps: ApiDeps, p: Principal, id: string, body: AvvikBehandlingBody): Promise<AvvikRad> {
  const a = await behandleAvvik(deps.pool, id, p, body, (naa, mal) => {
    const nekt = behandlingNekt(p, naa, mal, body.kommentar !== undefined);
    if (nekt?.art === 'forbudt') throw problemer.forbudt(nekt.melding);
    // The 409 names what the caller may do instead, from the same rule.
    if (nekt) throw problemer.ugyldigOvergang(nekt.melding, { avvikStatus: nekt.avvikStatus, tillatte: tillatteHandlinger(p, naa).status });
  });
  if (!a) throw problemer.ikkeFunnet('Avviket finnes ikke');
  if (a.nettoppBesvart) await signalBesvart(deps, id);
  await loggLesing(deps.pool, p, a.forlopId, 'avvik-behandling');
  return a;
}

/**
 * Tells the avvik's workflow it was answered (after the commit). Best effort: a workflow that
 * is gone (an avvik from before the follow-up, or one already escalated) needs no word, and a
 * lost signal only means the workflow finds the answer in PostgreSQL when its timer fires.
 */
async function signalBesvart(deps: ApiDeps, avvikId: string): Promise<void> {
  try {
    await deps.client.workflow.getHandle(avvikWorkflowId(avvikId)).signal(avvikBesvartSignal);
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return;
    deps.logger.warn({ avvikId, feil: (e as { message?: unknown })?.message ?? String(e) }, 'avvik-arbeidsflyten fikk ikke beskjed om svaret');
  }
}
