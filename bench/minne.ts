/** The memory phases: worker RSS per open forløp, the bounded cache, the bare Temporal floor, national scale. */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { Pool } from '../db/pool';
import { feilNokkel, SYKEHUS } from './api';
import { baselineHendelse, UPDATES_PER_FORLOP, type BaselineHendelse, type baselineWorkflow } from './baseline.workflow';
import { rssBytes } from './prosesser';
import { fordeling, iBaner, vent, type Fordeling } from './statistikk';
import {
  AVBRUTT,
  fremdrift,
  iso,
  type Kontekst,
  logg,
  type Motor,
  nyeTellere,
  nyttForlop,
  oppvarming,
  sjekk,
  startBaselineWorker,
  startMotor,
  tellFeil,
} from './motor';

// ------------------------------------------------------------------------------------------
// 5. Footprint
// ------------------------------------------------------------------------------------------

export interface MinneResultat {
  openForlop: number;
  opened: number;
  workerPid: number;
  workerRssBeforeMB: number | null;
  workerRssAfterMB: number | null;
  workerMBPer1000OpenForlop: number | null;
  maxCachedWorkflows: number;
  errors: Record<string, number>;
}

export const MB = 1024 * 1024;
export const avrund2 = (v: number) => Math.round(v * 100) / 100;
export const avrundMB = (b: number | null) => (b === null ? null : avrund2(b / MB));

/** The median of a few RSS samples 300 ms apart (one sample can catch a GC mid-way). */
export async function rssMedian(pid: number): Promise<number | null> {
  const s: number[] = [];
  for (let i = 0; i < 5; i++) {
    const v = rssBytes(pid);
    if (v !== null) s.push(v);
    await vent(300);
  }
  s.sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
}

export async function minne(
  ctx: Kontekst,
  motor: Motor,
  maxCachedWorkflows: number,
  m = ctx.valg.openForlop,
  kurve?: { opened: number; rssMB: number | null }[],
): Promise<MinneResultat & { ider: string[] }> {
  const worker = motor.workers[0];
  const ider: string[] = [];
  logg(`  worker RSS (pid ${worker.pid}, cache ${maxCachedWorkflows}) before and after opening ${m} forløp left in innlagt`);
  await vent(1000);
  const for_ = await rssMedian(worker.pid);
  const t = nyeTellere();
  let apnet = 0;
  const stopp = fremdrift(() => `footprint: ${apnet}/${m} forløp opened`);
  // The worker's RSS as the open forløp grow, every 5 s (for the national-scale curve).
  const maler = kurve ? setInterval(() => kurve.push({ opened: apnet, rssMB: avrundMB(rssBytes(worker.pid)) }), 5000) : undefined;
  try {
    await iBaner(m, ctx.valg.concurrency, async () => {
      if (AVBRUTT) return;
      const r = await motor.api.kall(SYKEHUS, 'POST', '/api/v1/forlop', nyttForlop(ctx.nesteFnr(), '1833', iso(Date.now() - 180 * 60_000), true));
      if (r.status === 201) {
        apnet += 1;
        ider.push(r.body.id);
      } else tellFeil(t, 'INNLAGT', r);
    });
  } finally {
    stopp();
    if (maler) clearInterval(maler);
  }
  sjekk();
  motor.sjekkLevende();
  await vent(2000);
  const etter = await rssMedian(worker.pid);
  kurve?.push({ opened: apnet, rssMB: avrundMB(etter) });
  motor.sjekkLevende();
  const perTusen = for_ !== null && etter !== null && apnet > 0 ? avrund2(((etter - for_) / MB / apnet) * 1000) : null;
  return {
    openForlop: m,
    opened: apnet,
    workerPid: worker.pid,
    workerRssBeforeMB: for_ === null ? null : avrund2(for_ / MB),
    workerRssAfterMB: etter === null ? null : avrund2(etter / MB),
    workerMBPer1000OpenForlop: perTusen,
    maxCachedWorkflows,
    errors: t.feil,
    ider,
  };
}

/** One STATUSENDRING at a time to each forløp, so each latency is the service time alone (no queue). */
export async function enOmGangen(motor: Motor, ider: string[]): Promise<Fordeling> {
  const latenser: number[] = [];
  for (const id of ider) {
    if (AVBRUTT) break;
    const t = performance.now();
    const r = await motor.api.kall(SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, {
      type: 'STATUSENDRING',
      tidspunkt: new Date().toISOString(),
      beskrivelse: 'Endret status (bench)',
    });
    if (r.status !== 200) throw new Error(`footprint: hendelse on ${id} answered ${feilNokkel(r)}`);
    latenser.push(performance.now() - t);
  }
  return fordeling(latenser);
}

export interface BegrensetCache {
  maxCachedWorkflows: number;
  opened: number;
  workerMBPer1000OpenForlop: number | null;
  /** A hendelse to a forløp evicted from the cache (replayed from its history first), one at a time. */
  hendelseEvictedMs: Fordeling;
  /** The same to a forløp still in the cache. */
  hendelseCachedMs: Fordeling;
}

/**
 * The trade a bounded cache makes: a worker with room for a quarter of the open forløp holds
 * memory flat, and a hendelse to an evicted forløp pays a replay of its history.
 */
export async function begrensetCache(ctx: Kontekst): Promise<BegrensetCache> {
  const m = ctx.valg.openForlop;
  const grense = Math.max(1, Math.floor(m / 4));
  const motor = await startMotor(ctx, 'footprint-bounded', 1, { WORKER_MAX_CACHED_WORKFLOWS: String(grense) });
  try {
    await oppvarming(ctx, motor, 'bounded cache');
    const r = await minne(ctx, motor, grense);
    const k = Math.min(50, Math.floor(r.ider.length / 4));
    // The first opened were evicted by the later ones (least recently used); the last are cached.
    const utkastet = await enOmGangen(motor, r.ider.slice(0, k));
    const bufret = await enOmGangen(motor, r.ider.slice(-k));
    sjekk();
    motor.sjekkLevende();
    return {
      maxCachedWorkflows: grense,
      opened: r.opened,
      workerMBPer1000OpenForlop: r.workerMBPer1000OpenForlop,
      hendelseEvictedMs: utkastet,
      hendelseCachedMs: bufret,
    };
  } finally {
    await motor.stopp();
  }
}

/**
 * The same measure for the bare Temporal workflow of phase 1: M workflows opened with one
 * Update each and left waiting, in a fresh baseline worker. The SDK's own floor per cached
 * workflow, so the engine's figure can be read against it.
 */
export async function baselineMinne(ctx: Kontekst): Promise<{ opened: number; workerMBPer1000OpenWorkflows: number | null }> {
  const m = ctx.valg.openForlop;
  const taskQueue = `bench-baseline-minne-${ctx.runId}`;
  const { worker, stopp: stoppWorker } = await startBaselineWorker(ctx, 'baseline-minne-worker', taskQueue);
  try {
    logg(`  baseline: worker RSS (pid ${worker.pid}) before and after opening ${m} bare workflows`);
    await vent(1000);
    const for_ = await rssMedian(worker.pid);
    let apnet = 0;
    await iBaner(m, ctx.valg.concurrency, async (i) => {
      if (AVBRUTT) return;
      const h: BaselineHendelse = {
        hendelseId: randomUUID(),
        type: 'INNLAGT',
        tidspunkt: new Date().toISOString(),
        registrert: new Date().toISOString(),
        av: { rolle: 'sykehus', org: 'HSYK-MO' },
        data: {},
      };
      await ctx.client.workflow.executeUpdateWithStart(baselineHendelse, {
        args: [h],
        updateId: h.hendelseId,
        startWorkflowOperation: new WithStartWorkflowOperation<typeof baselineWorkflow>('baselineWorkflow', {
          workflowId: `bench-baseline-minne-${ctx.runId}-${i}`,
          taskQueue,
          args: [UPDATES_PER_FORLOP],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
      apnet += 1;
    });
    sjekk();
    await vent(2000);
    const etter = await rssMedian(worker.pid);
    return {
      opened: apnet,
      workerMBPer1000OpenWorkflows: for_ !== null && etter !== null && apnet > 0 ? avrund2(((etter - for_) / MB / apnet) * 1000) : null,
    };
  } finally {
    await stoppWorker();
  }
}

export interface NasjonalResultat {
  openForlop: number;
  opened: number;
  maxCachedWorkflows: number;
  workerRssBeforeMB: number | null;
  workerRssAfterMB: number | null;
  /** The worker's RSS as the open forløp grew (sampled every 5 s, and at the end). */
  rssCurve: { opened: number; rssMB: number | null }[];
  /** RSS growth per 1 000 open forløp over the second half of the opening, when the cache is long full. */
  workerMBPer1000OpenAfterCacheFull: number | null;
  /** A hendelse to one of the first-opened forløp (evicted, so replayed from its history), one at a time. */
  hendelseEvictedMs: Fordeling;
  /** The same to one of the last-opened (still cached). */
  hendelseCachedMs: Fordeling;
  /** PostgreSQL growth per 1 000 open forløp (each with its INNLAGT). */
  pgMBPer1000OpenForlop: number | null;
  /** Read off the figures above for 100 000 open forløp (the national number), same cache. */
  extrapolated100000: { workerRssMB: number | null; pgMB: number | null };
  errors: Record<string, number>;
}

/**
 * National scale: one worker whose cache holds a tenth of the open forløp (most of them idle,
 * each waiting on its INNLEGGELSESMELDING timer). Memory is the cache's, not the number's: the
 * curve flattens once the cache is full. A hendelse to an evicted forløp pays its replay.
 */
export async function nasjonal(ctx: Kontekst): Promise<NasjonalResultat> {
  const { open: m, cache } = ctx.valg.national;
  const motor = await startMotor(ctx, 'national', 1, { WORKER_MAX_CACHED_WORKFLOWS: String(cache) });
  try {
    await oppvarming(ctx, motor, 'national');
    logg(`phase 7/7 national scale: ${m} open forløp on one worker with a cache of ${cache}`);
    const pgFor = await databaseStorrelse(ctx.pool);
    const kurve: { opened: number; rssMB: number | null }[] = [];
    const r = await minne(ctx, motor, cache, m, kurve);
    const pgEtter = await databaseStorrelse(ctx.pool);
    const k = Math.min(50, Math.floor(r.ider.length / 4));
    const utkastet = await enOmGangen(motor, r.ider.slice(0, k));
    const bufret = await enOmGangen(motor, r.ider.slice(-k));
    sjekk();
    motor.sjekkLevende();
    const malt = kurve.filter((p): p is { opened: number; rssMB: number } => p.rssMB !== null);
    const midt = malt.find((p) => p.opened >= r.opened / 2);
    const slutt = malt[malt.length - 1];
    const vekst = midt && slutt && slutt.opened > midt.opened ? avrund2(((slutt.rssMB - midt.rssMB) / (slutt.opened - midt.opened)) * 1000) : null;
    const pgPerTusen = r.opened > 0 ? avrund2(((pgEtter - pgFor) / MB / r.opened) * 1000) : null;
    return {
      openForlop: m,
      opened: r.opened,
      maxCachedWorkflows: cache,
      workerRssBeforeMB: r.workerRssBeforeMB,
      workerRssAfterMB: r.workerRssAfterMB,
      rssCurve: kurve,
      workerMBPer1000OpenAfterCacheFull: vekst,
      hendelseEvictedMs: utkastet,
      hendelseCachedMs: bufret,
      pgMBPer1000OpenForlop: pgPerTusen,
      extrapolated100000: {
        workerRssMB: r.workerRssAfterMB !== null && vekst !== null ? avrund2(r.workerRssAfterMB + (Math.max(0, vekst) * (100_000 - r.opened)) / 1000) : null,
        pgMB: pgPerTusen === null ? null : avrund2(pgPerTusen * 100),
      },
      errors: r.errors,
    };
  } finally {
    await motor.stopp();
  }
}

export async function databaseStorrelse(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT pg_database_size(current_database())::text AS n');
  return Number(rows[0].n);
}
