/**
 * The Temporal worker: runs the forløp, webhook-delivery and avvik follow-up workflows and their activities.
 * The workflow bundle is built once per process (webpack is slow) and shared by every worker.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../activities';
import { lagDataConverter } from '../config/payload-codec';
import type { AppConfig } from '../config';
import type { Pool } from '../db/pool';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/**
 * Modules evaluated once per worker thread and shared by every cached workflow, instead of
 * once per workflow (the SDK's default with a reusable V8 context). Each is free of
 * per-workflow state: libraries, the machine definition, pure frist and payment rules (their
 * only module state is memoised answers). Shared modules are deep-frozen by the SDK.
 * Halves a cached forløp's memory (bench/README.md).
 */
const DELTE_MODULER = [
  'luxon',
  'xstate',
  '@temporalio/workflow',
  // Resolved, so the same list serves the TypeScript sources (tsx) and the compiled dist/.
  ...['forlop.machine', 'forlop.tilstand', 'frister', 'overliggerdogn', 'utskrivning', 'definitions', 'avvik-oppfolging', 'avvik.definitions'].map((f) => require.resolve(path.join(__dirname, '..', 'workflows', f))),
];

/** The workflow code, bundled once; it never contains zod, pg or any I/O module. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve(path.join(__dirname, '..', 'workflows')),
    preloadModules: DELTE_MODULER,
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  } as Parameters<typeof bundleWorkflowCode>[0]);
  return bundle;
}

export interface WorkerDeps {
  connection: NativeConnection;
  pool: Pool;
  config: AppConfig;
  client: Client;
  /** Encrypts payloads in the workflow history; the API's client must use the same key. */
  pasientNokkel: Buffer;
  /** Keys it replaced: payloads written under them are still read. */
  tidligerePasientNokler?: readonly Buffer[];
}

export async function lagWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.config.temporalNamespace,
    taskQueue: deps.config.taskQueue,
    dataConverter: lagDataConverter(deps.pasientNokkel, deps.tidligerePasientNokler),
    workflowBundle: await workflowBundle(),
    activities: createActivities({
      pool: deps.pool,
      client: deps.client,
      taskQueue: deps.config.taskQueue,
      samhandlingOrg: deps.config.samhandlingOrg,
      webhookPolicy: deps.config.webhook,
    }),
    // About 1 MB per cached forløp with reuseV8Context; the bound keeps a large region in check.
    maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 2000),
    maxConcurrentWorkflowTaskExecutions: Number(process.env.WORKER_MAX_WORKFLOW_TASKS ?? 100),
    maxConcurrentActivityTaskExecutions: Number(process.env.WORKER_MAX_ACTIVITY_TASKS ?? 100),
    maxConcurrentLocalActivityExecutions: Number(process.env.WORKER_MAX_LOCAL_ACTIVITIES ?? 100),
    shutdownGraceTime: '10 seconds',
  });
}

/** Starts a worker and runs it until stop(). */
export async function startWorker(deps: WorkerDeps): Promise<{ worker: Worker; stop(): Promise<void> }> {
  const worker = await lagWorker(deps);
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}
