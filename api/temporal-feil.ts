/**
 * What the workflow engine answered, in the API's words: the one place a Temporal error becomes
 * a problem. The workflow's Update validator has already worded a refusal (forlop.tilstand.ts);
 * this module passes its words on.
 *
 *   UGYLDIG_OVERGANG               409 with the state and the allowed hendelser
 *   UGYLDIG_HENDELSE               422
 *   LAGRING_AVVIST                 422 (PostgreSQL refused the change as data; the forløp is unchanged)
 *   a closed workflow              409 with the stored status (the forløp is avsluttet/avbrutt)
 *   unreachable, or timed out      503 (a retry with the same hendelseId is safe)
 *
 * For an avvik's registration (POST /avvik) and its workflow's answers: `avvikProblem`.
 */
import {
  ApplicationFailure,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { lagretStatus } from '../db/les';
import type { Pool } from '../db/pool';
import { LAGRING_AVVIST, UGYLDIG_HENDELSE, UGYLDIG_OVERGANG, type UgyldigOvergangDetaljer } from '../workflows/definitions';
import { ugyldigOvergangTekst } from '../workflows/forlop.machine';
import { problemer } from './problem';

/** The problem to answer for an error from a Temporal call about one forløp; any other error is returned as it is. */
export async function temporalProblem(e: unknown, pool: Pool, forlopId: string, type: string): Promise<unknown> {
  if (e instanceof WorkflowUpdateFailedError) {
    const c = e.cause;
    if (c instanceof ApplicationFailure && c.type === UGYLDIG_OVERGANG) {
      const d = (c.details?.[0] ?? {}) as Partial<UgyldigOvergangDetaljer>;
      return problemer.ugyldigOvergang(c.message, {
        forlopStatus: d.status ?? (await lagretStatus(pool, forlopId)) ?? 'ukjent',
        tillatte: Array.isArray(d.tillatte) ? d.tillatte : [],
      });
    }
    if (c instanceof ApplicationFailure && (c.type === UGYLDIG_HENDELSE || c.type === LAGRING_AVVIST)) {
      return problemer.ugyldigHendelse(c.message);
    }
    return e;
  }
  if (e instanceof WorkflowNotFoundError || e instanceof WorkflowExecutionAlreadyStartedError) {
    const status = await lagretStatus(pool, forlopId);
    if (status === null) return problemer.ikkeFunnet('Forløpet finnes ikke');
    return problemer.ugyldigOvergang(ugyldigOvergangTekst(status, type, []), { forlopStatus: status, tillatte: [] });
  }
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || e instanceof ServiceError) return problemer.utilgjengelig();
  return e;
}

/** The problem to answer for an error from registering a hand-reported avvik: refused as data 422, unreachable 503; any other error as it is. */
export function avvikProblem(e: unknown): unknown {
  if (e instanceof WorkflowUpdateFailedError) {
    const c = e.cause;
    if (c instanceof ApplicationFailure && c.type === LAGRING_AVVIST) return problemer.ugyldigHendelse(c.message);
    return e;
  }
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || e instanceof ServiceError) return problemer.utilgjengelig();
  return e;
}
