/**
 * The baseline's worker, run by bench/run.ts as a child process (like the engine's worker, so
 * the driver never shares an event loop with it): bundles bench/baseline.workflow.ts only, no
 * activities, with the same cache and concurrency limits as scripts/worker.ts (and the same
 * WORKER_* environment overrides), so the comparison is like for like.
 *
 * Env: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE (default `default`), BENCH_TASK_QUEUE.
 * Prints `baseline worker ready` once polling; SIGTERM/SIGINT shut it down and exit 0.
 */
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';

const stille = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS;
  const taskQueue = process.env.BENCH_TASK_QUEUE;
  if (!address || !taskQueue) throw new Error('TEMPORAL_ADDRESS and BENCH_TASK_QUEUE must be set');
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';

  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./baseline.workflow'),
    logger: stille,
  } as Parameters<typeof bundleWorkflowCode>[0]);
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle,
    maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 2000),
    maxConcurrentWorkflowTaskExecutions: Number(process.env.WORKER_MAX_WORKFLOW_TASKS ?? 100),
    shutdownGraceTime: '10 seconds',
  });
  const kjorer = worker.run();
  let stopper = false;
  const stopp = () => {
    if (stopper) return;
    stopper = true;
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.on('SIGTERM', stopp);
  process.on('SIGINT', stopp);
  process.stdout.write(`baseline worker ready (task queue ${taskQueue})\n`);
  await kjorer;
  await connection.close();
  process.exit(0);
}

main().catch((e: Error) => {
  process.stderr.write(`baseline worker failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
