/**
 * Phase 1, baseline: bare Temporal. N workflows (bench/baseline.workflow.ts, its own task queue and
 * worker process with no activities) that each accept 10 Updates — INNLAGT by update-with-start
 * and 9 more, like a full forløp — and do nothing else, driven with the Temporal client, C at a time.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { baselineHendelse, UPDATES_PER_FORLOP, type BaselineHendelse, type baselineWorkflow } from './baseline.workflow';
import { cpuMaler } from './prosesser';
import { iBaner, perSekund } from './statistikk';
import { AVBRUTT, fremdrift, type Kontekst, logg, perEnhet, sjekk, startBaselineWorker } from './motor';

export interface BaselineResultat {
  workflows: number;
  concurrency: number;
  updatesPerWorkflow: number;
  completed: number;
  failed: number;
  updates: number;
  seconds: number;
  workflowsPerSecond: number;
  updatesPerSecond: number;
  /** CPU time used during the timed run per process (ms): worker, temporal, driver. */
  cpuMs: Record<string, number | null>;
  cpuMsPerUpdate: Record<string, number | null>;
  errors: Record<string, number>;
}

export async function baseline(ctx: Kontekst): Promise<BaselineResultat> {
  const { forlop: n, concurrency: c } = ctx.valg;
  const taskQueue = `bench-baseline-${ctx.runId}`;
  logg(`phase 1/7 baseline: ${n} workflows × ${UPDATES_PER_FORLOP} Updates, ${c} at a time (task queue ${taskQueue})`);
  const { worker, stopp: stoppWorker } = await startBaselineWorker(ctx, 'baseline-worker', taskQueue);
  try {
    sjekk();
    const kjor = async (antall: number, bredde: number, prefiks: string, vis: boolean) => {
      let fullfort = 0;
      let oppdateringer = 0;
      const feil: Record<string, number> = {};
      const handles: string[] = [];
      const cpu = cpuMaler({ worker: worker.pid, temporal: ctx.temporalPid });
      const start = performance.now();
      const stopp = vis
        ? fremdrift(
            () => `baseline: ${fullfort}/${antall} workflows done, ${oppdateringer} Updates, ${perSekund(fullfort, performance.now() - start)} workflows/s`,
          )
        : () => undefined;
      try {
        await iBaner(antall, bredde, async (i) => {
          if (AVBRUTT) return;
          const workflowId = `${prefiks}-${i}`;
          const hendelse = (k: number): BaselineHendelse => ({
            hendelseId: randomUUID(),
            type: k === 0 ? 'INNLAGT' : 'STATUSENDRING',
            tidspunkt: new Date().toISOString(),
            registrert: new Date().toISOString(),
            av: { rolle: 'sykehus', org: 'HSYK-MO' },
            data: {},
          });
          try {
            const forste = hendelse(0);
            await ctx.client.workflow.executeUpdateWithStart(baselineHendelse, {
              args: [forste],
              updateId: forste.hendelseId,
              startWorkflowOperation: new WithStartWorkflowOperation<typeof baselineWorkflow>('baselineWorkflow', {
                workflowId,
                taskQueue,
                args: [UPDATES_PER_FORLOP],
                workflowIdConflictPolicy: 'USE_EXISTING',
              }),
            });
            oppdateringer += 1;
            const handle = ctx.client.workflow.getHandle(workflowId);
            for (let k = 1; k < UPDATES_PER_FORLOP; k++) {
              const h = hendelse(k);
              await handle.executeUpdate(baselineHendelse, { args: [h], updateId: h.hendelseId });
              oppdateringer += 1;
            }
            fullfort += 1;
            handles.push(workflowId);
          } catch (e) {
            const k = `${(e as Error).name}: ${(e as Error).message}`.slice(0, 120);
            feil[k] = (feil[k] ?? 0) + 1;
          }
        });
      } finally {
        stopp();
      }
      const ms = performance.now() - start;
      return { fullfort, oppdateringer, feil, ms, handles, cpuMs: cpu.stopp() };
    };

    if (ctx.valg.warmup > 0) {
      logg(`  warm-up: ${ctx.valg.warmup} workflows ...`);
      await kjor(ctx.valg.warmup, Math.min(c, ctx.valg.warmup), `bench-baseline-warmup-${ctx.runId}`, false);
    }
    sjekk();
    const r = await kjor(n, c, `bench-baseline-${ctx.runId}`, true);
    sjekk();
    // Outside the timed window: every workflow that took its 10 Updates also completed.
    let lukket = 0;
    await iBaner(r.handles.length, c, async (i) => {
      const antall = await ctx.client.workflow
        .getHandle(r.handles[i])
        .result()
        .catch(() => -1);
      if (antall === UPDATES_PER_FORLOP) lukket += 1;
    });
    if (lukket !== r.fullfort) logg(`  note: ${r.fullfort - lukket} baseline workflows took 10 Updates but did not complete normally`);
    if (Object.keys(r.feil).length) logg(`  baseline errors: ${JSON.stringify(r.feil)}`);
    return {
      workflows: n,
      concurrency: c,
      updatesPerWorkflow: UPDATES_PER_FORLOP,
      completed: Math.min(r.fullfort, lukket),
      failed: n - Math.min(r.fullfort, lukket),
      updates: r.oppdateringer,
      seconds: Math.round(r.ms) / 1000,
      workflowsPerSecond: perSekund(r.fullfort, r.ms),
      updatesPerSecond: perSekund(r.oppdateringer, r.ms),
      cpuMs: r.cpuMs,
      cpuMsPerUpdate: perEnhet(r.cpuMs, r.oppdateringer),
      errors: r.feil,
    };
  } finally {
    await stoppWorker();
  }
}
