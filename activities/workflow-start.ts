/**
 * Starts a workflow whose id says what it is for (a webhook delivery, an avvik's follow-up), at
 * most once: an id used before, running or closed, is never started again, so a retry after a
 * crash between a commit and the start starts only what was lost.
 */
import { WorkflowExecutionAlreadyStartedError, type Client, type Workflow } from '@temporalio/client';

export async function startEnGang<W extends Workflow>(
  deps: { client: Client; taskQueue: string },
  workflowType: string,
  workflowId: string,
  args: Parameters<W>,
): Promise<void> {
  try {
    // (args checked against W above; the start itself takes the type by name)
    await deps.client.workflow.start<Workflow>(workflowType, {
      taskQueue: deps.taskQueue,
      workflowId,
      args: [...args],
      // A closed one (done, or given up) is never redone under the same id.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      // A running one is left alone: the start fails with WorkflowExecutionAlreadyStartedError.
      workflowIdConflictPolicy: 'FAIL',
    });
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return;
    throw e;
  }
}
