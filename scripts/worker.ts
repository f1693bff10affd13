/**
 * The Temporal worker: runs the forløp, webhook-delivery and avvik follow-up workflows and their activities.
 * The workflow bundle is built once per process (webpack is slow) and shared by every worker.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../activities';
import { lagDataConverter } from '../config/payload-codec';
import type { AppConfig } from '../config';
import type { Pool } from '../db/pool';
import { ediMottakAktiviteter, startEdiMottak } from './edi-mottak';
import { lagEdiUt } from '../nhn/edi-ut';

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
  ...[
    'forlop.machine',
    'forlop.tilstand',
    'frister',
    'overliggerdogn',
    'formatering',
    'utskrivning',
    'definitions',
    'avvik-oppfolging',
    'avvik.definitions',
    'navn-uuid',
  ].map((f) => require.resolve(path.join(__dirname, '..', 'workflows', f))),
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
    activities: {
      ...createActivities({
        pool: deps.pool,
        client: deps.client,
        taskQueue: deps.config.taskQueue,
        samhandlingOrg: deps.config.samhandlingOrg,
        webhookPolicy: deps.config.webhook,
        ediUt: await lagEdiUt(deps.config.nhn),
      }),
      // EDI in (scripts/edi-mottak.ts): only with EDI_URL set.
      ...(await ediMottakAktiviteter(deps)),
    },
    // About 1 MB per cached forløp with reuseV8Context; the bound keeps a large region in check.
    maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 2000),
    maxConcurrentWorkflowTaskExecutions: Number(process.env.WORKER_MAX_WORKFLOW_TASKS ?? 100),
    maxConcurrentActivityTaskExecutions: Number(process.env.WORKER_MAX_ACTIVITY_TASKS ?? 100),
    maxConcurrentLocalActivityExecutions: Number(process.env.WORKER_MAX_LOCAL_ACTIVITIES ?? 100),
    shutdownGraceTime: '10 seconds',
  });
}

/** How often a running worker asks Temporal whether it is there, and how long it waits for the answer. */
export const VAKT_INTERVALL_MS = 1000;
export const VAKT_SVARFRIST_MS = 1500;
/** How long a lost worker is given to stop (its shutdownGraceTime and a margin) before the next one starts regardless. */
const VAKT_STOPP_MS = 15_000;

export interface KjorendeWorker {
  /** The worker running now (a new one after each loss of Temporal). */
  readonly worker: Worker;
  /** How many times the worker has been replaced after Temporal was lost. */
  readonly omstarter: number;
  stop(): Promise<void>;
}

/**
 * Starts a worker and runs it until stop(), replacing it whenever Temporal is lost.
 *
 * Why: a Temporal server that restarts forgets a workflow task it had not yet written (the
 * speculative task of an Update). A worker that is still busy with such a task (its `lagre`
 * waiting for the server, to start webhook deliveries) keeps the workflow's state from it in
 * its cache; when the server is back, the SDK's core (1.24.0) applies the server's next task for
 * that workflow (say, its timer fired) on top of that stale state ("Trying to send a new WFT
 * for a run which already has one!"), never shows the workflow the events it thinks it has
 * seen, and completes the new task with the old task's commands. The server stores that
 * completion: the history itself is then inconsistent, replay fails with a nondeterminism
 * error and the forløp answers nothing more; no fresh worker can run it.
 *
 * So the cache must not outlive the connection: a watch asks Temporal every
 * VAKT_INTERVALL_MS; when it does not answer, the worker is shut down at once (it polls no more;
 * its cached workflows go with it; what it was doing is done again from the history by the
 * next worker, idempotently), and a fresh worker starts once Temporal answers again.
 */
export async function startWorker(deps: WorkerDeps): Promise<KjorendeWorker> {
  const logger = Runtime.instance().logger;
  let worker = await lagWorker(deps);
  // The EDI poller's workflow (when EDI_URL is set) waits on the task queue until the worker runs.
  await startEdiMottak(deps);
  let kjorer = worker.run();
  let omstarter = 0;
  let stoppes = false;
  let sjekker = false;
  let omstart: Promise<void> | null = null;

  const svarer = async (): Promise<boolean> => {
    let t: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        deps.connection.withDeadline(Date.now() + VAKT_SVARFRIST_MS, () => deps.connection.workflowService.getSystemInfo({})),
        new Promise((_, avvis) => {
          t = setTimeout(() => avvis(new Error('no answer')), VAKT_SVARFRIST_MS + 250);
        }),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(t);
    }
  };

  const startPaNytt = async (): Promise<void> => {
    const gammel = worker;
    logger.warn('Temporal does not answer: stopping the worker and its workflow cache; a fresh worker starts when Temporal answers', {
      taskQueue: deps.config.taskQueue,
    });
    if (gammel.getState() === 'RUNNING') gammel.shutdown();
    // It polls no more from here on. A local activity that waits for Temporal may hold it a while:
    // its late completion is refused by the server (the task is gone) and changes nothing.
    let t: NodeJS.Timeout | undefined;
    await Promise.race([kjorer.catch(() => undefined), new Promise((r) => (t = setTimeout(r, VAKT_STOPP_MS)))]);
    clearTimeout(t);
    for (;;) {
      while (!stoppes && !(await svarer())) await new Promise((r) => setTimeout(r, VAKT_INTERVALL_MS));
      if (stoppes) return;
      try {
        const ny = await lagWorker(deps);
        worker = ny;
        kjorer = ny.run();
        omstarter++;
        logger.info('Temporal answers again: a fresh worker is running', { taskQueue: deps.config.taskQueue });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, VAKT_INTERVALL_MS));
      }
    }
  };

  const vakt = setInterval(() => {
    if (stoppes || sjekker || omstart || worker.getState() !== 'RUNNING') return;
    sjekker = true;
    void svarer()
      .then((ok) => {
        if (ok || stoppes || omstart) return;
        omstart = startPaNytt().finally(() => {
          omstart = null;
        });
      })
      .finally(() => {
        sjekker = false;
      });
  }, VAKT_INTERVALL_MS);
  vakt.unref();

  return {
    get worker() {
      return worker;
    },
    get omstarter() {
      return omstarter;
    },
    async stop() {
      stoppes = true;
      clearInterval(vakt);
      await omstart;
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await kjorer;
    },
  };
}
