/**
 * The bench at size smoke: it starts its own Temporal dev server, database and engine
 * processes, runs every phase, and writes a results file with every section. Only structure
 * is checked (counts, ordering of percentiles, positive ratios), never a timing threshold:
 * the figures depend on the machine and on whatever else runs on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
// Six engines started and nine phases: ~2 min on an idle machine, 334 s at a load average of 15 on
// two cores (2026-12-04). The limit only stops a hung bench; it judges no speed.
const TIDSAVBRUDD_MS = 900_000;

let bench: ChildProcess | undefined;
let dir: string | undefined;

afterAll(async () => {
  // Timed out or failed mid-way: SIGTERM to the bench's group; it stops everything it started.
  const b = bench;
  if (b && b.exitCode === null && b.signalCode === null && b.pid !== undefined) {
    const ferdig = new Promise((r) => b.once('exit', r));
    try {
      process.kill(-b.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    await Promise.race([ferdig, new Promise((r) => setTimeout(r, 60_000))]);
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 90_000);

function ordnet(d: { p50: number | null; p95: number | null; p99: number | null }): void {
  expect(typeof d.p50).toBe('number');
  expect(typeof d.p95).toBe('number');
  expect(typeof d.p99).toBe('number');
  expect(d.p50!).toBeLessThanOrEqual(d.p95!);
  expect(d.p95!).toBeLessThanOrEqual(d.p99!);
}

const positivt = (v: unknown) => {
  expect(typeof v).toBe('number');
  expect(Number.isFinite(v)).toBe(true);
  expect(v as number).toBeGreaterThan(0);
};

test(
  'npm run bench -- --size smoke writes every section with sane counts, ordered percentiles and positive ratios',
  async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
    const out = path.join(dir, 'results.json');
    // The bench starts its own Temporal and database: nothing of the test run's may leak in.
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.TEMPORAL_ADDRESS;
    delete env.DATABASE_URL;
    let utskrift = '';
    const b = spawn('npx', ['tsx', 'bench/run.ts', '--size', 'smoke', '--out', out], {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    bench = b;
    const samle = (c: Buffer) => {
      utskrift = (utskrift + c.toString()).slice(-20_000);
    };
    b.stdout?.on('data', samle);
    b.stderr?.on('data', samle);
    const kode = await new Promise<number | null>((resolve) => b.once('exit', (c) => resolve(c)));
    // On failure the bench's own output says why.
    expect({ kode, utskrift: kode === 0 ? '' : utskrift }).toEqual({ kode: 0, utskrift: '' });

    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    const n: number = r.parameters.forlop;
    expect(r.parameters.size).toBe('smoke');
    expect(n).toBe(10);

    // Machine and versions.
    expect(r.machine.cpuCount).toBeGreaterThan(0);
    expect(typeof r.machine.cpuModel).toBe('string');
    expect(r.machine.totalMemoryMB).toBeGreaterThan(0);
    expect(r.versions.node).toMatch(/^v\d+\./);
    expect(r.versions.temporalio['@temporalio/client']).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.versions.temporalio['@temporalio/worker']).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.versions.temporalCli).toMatch(/temporal version/i);
    expect(r.versions.postgresql).toMatch(/^\d+/);

    // 1. Baseline: every workflow took its 10 Updates and completed.
    expect(r.baseline).toMatchObject({ workflows: n, completed: n, failed: 0, updatesPerWorkflow: 10, updates: 10 * n });
    positivt(r.baseline.workflowsPerSecond);

    // 2. Engine: every forløp reached avsluttet; 10 hendelser each (INNLAGT + 9).
    expect(r.engine).toMatchObject({ forlop: n, completed: n, failed: 0, hendelser: 10 * n, workers: 1 });
    positivt(r.engine.forlopPerSecond);
    positivt(r.engine.hendelserPerSecond);
    positivt(r.engine.ratioToBaseline);

    // 3. API latency: every scheduled request answered 200; percentiles ordered.
    expect(r.latency.scheduled).toBe(Math.round(r.parameters.latency.rate * r.parameters.latency.durationSeconds));
    expect(r.latency.ok).toBe(r.latency.scheduled);
    expect(r.latency.failed).toBe(0);
    expect(r.latency.latencyMs.count).toBe(r.latency.ok);
    ordnet(r.latency.latencyMs);

    // 4. Frist precision: every frist broke, its avvik was committed and its varsel delivered.
    const k: number = r.parameters.frister;
    expect(r.frister).toMatchObject({ forlop: k, meldt: k, avvikCommitted: k, varselReceived: k });
    ordnet(r.frister.dueToAvvikMs);
    ordnet(r.frister.dueToVarselMs);

    // 5. Footprint: the figures exist (their size is the machine's business).
    const m: number = r.parameters.openForlop;
    expect(r.footprint.opened).toBe(m);
    positivt(r.footprint.workerRssBeforeMB);
    positivt(r.footprint.workerRssAfterMB);
    expect(Number.isFinite(r.footprint.workerMBPer1000OpenForlop)).toBe(true);
    expect(r.footprint.completedForlopMeasured).toBe(n);
    expect(Number.isFinite(r.footprint.pgMBPer10000CompletedForlop)).toBe(true);
    // The bare Temporal floor beside it, and the bounded cache: every forløp opened, a hendelse
    // answered both to evicted (replayed) and to cached ones.
    expect(r.footprint.baselineOpened).toBe(m);
    expect(Number.isFinite(r.footprint.baselineWorkerMBPer1000OpenWorkflows)).toBe(true);
    const bc = r.footprint.boundedCache;
    expect(bc.opened).toBe(m);
    expect(bc.maxCachedWorkflows).toBeLessThan(m);
    expect(bc.hendelseEvictedMs.count).toBeGreaterThan(0);
    expect(bc.hendelseCachedMs.count).toBe(bc.hendelseEvictedMs.count);
    ordnet(bc.hendelseEvictedMs);
    ordnet(bc.hendelseCachedMs);

    // 6. Scale-out: two workers, every forløp completed, a positive ratio to one worker.
    expect(r.scaleOut).toMatchObject({ forlop: n, completed: n, failed: 0, workers: 2 });
    positivt(r.scaleOut.ratioToOneWorker);

    // 7. National scale: every forløp opened on a worker whose cache holds fewer; a RSS curve that
    // ends at the final figure; replayed and cached hendelser measured alike; an extrapolation.
    const nat = r.national;
    expect(nat.opened).toBe(r.parameters.national.open);
    expect(nat.maxCachedWorkflows).toBe(r.parameters.national.cache);
    expect(nat.maxCachedWorkflows).toBeLessThan(nat.opened);
    expect(nat.rssCurve[nat.rssCurve.length - 1]).toEqual({ opened: nat.opened, rssMB: nat.workerRssAfterMB });
    positivt(nat.workerRssAfterMB);
    expect(nat.hendelseEvictedMs.count).toBeGreaterThan(0);
    expect(nat.hendelseCachedMs.count).toBe(nat.hendelseEvictedMs.count);
    ordnet(nat.hendelseEvictedMs);
    positivt(nat.extrapolated100000.pgMB);

    // 8. Reports: the generated forløp are there (with their hendelser, days and avvik), and
    // every report was timed over them for the year and for all years.
    const rp = r.rapporter;
    expect(rp.forlop).toBe(r.parameters.rapporter.forlop);
    expect(rp.hendelser).toBeGreaterThan(5 * rp.forlop);
    positivt(rp.overliggerdognDager);
    positivt(rp.avvik);
    expect(Object.keys(rp.timingsMs)).toEqual(
      expect.arrayContaining([
        `indikatorer ${rp.year} maned`,
        `overliggerdogn ${rp.year} maned`,
        `sammenligning ${rp.year} mot ${Number(rp.year) - 1}`,
        'indikatorer alle ar total',
      ]),
    );
    for (const d of Object.values(rp.timingsMs) as Array<{ count: number; p50: number; p95: number; p99: number }>) {
      expect(d.count).toBe(rp.runsPerReport);
      ordnet(d);
    }

    // 9. PLO: live messages receipted (and timed at the fixed rate), and an archive imported by the command with its summary.
    const plo = r.plo;
    expect(plo.live.ok).toBe(plo.live.messages);
    positivt(plo.live.messagesPerSecond);
    expect(plo.live.latencyMs.count).toBe(plo.live.atRate);
    ordnet(plo.live.latencyMs);
    positivt(plo.import.files);
    positivt(plo.import.seconds);
    expect(plo.import.summary).toContain(`PLO-import: ${plo.import.files} filer`);
  },
  TIDSAVBRUDD_MS,
);
