/**
 * bench/results.json: its shape, the machine and versions it records, and the sections a run of
 * some phases keeps from the file it replaces (marked keptFromEarlierRun).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BaselineResultat } from './baseline';
import type { FristResultat } from './frister';
import type { LatensResultat } from './latens';
import { MB, type BegrensetCache, type MinneResultat, type NasjonalResultat } from './minne';
import type { MotorResultat } from './motor';
import { REPO } from './prosesser';
import type { PloResultat } from './plo';
import type { RapportResultat } from './rapporter';
import { FASER, type BenchValg, type Fase } from './valg';

export function maskin() {
  const cpus = os.cpus();
  return {
    cpuCount: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    totalMemoryMB: Math.round(os.totalmem() / MB),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function temporalioVersjoner(): Record<string, string> {
  const dir = path.join(REPO, 'node_modules', '@temporalio');
  const ut: Record<string, string> = {};
  try {
    for (const navn of fs.readdirSync(dir).sort()) {
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, navn, 'package.json'), 'utf8')) as { version?: string };
        if (pkg.version) ut[`@temporalio/${navn}`] = pkg.version;
      } catch {
        /* not a package */
      }
    }
  } catch {
    /* no node_modules/@temporalio */
  }
  return ut;
}

export function cliVersjon(cli: string): string {
  const r = spawnSync(cli, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] || 'unknown';
}

export interface BenchResultat {
  bench: 'utskrivningsforlop';
  schemaVersion: 1;
  startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  machine: ReturnType<typeof maskin> & { loadAverageAtEnd?: number[] };
  versions: { node: string; temporalio: Record<string, string>; temporalCli: string; postgresql: string };
  parameters: {
    size: string;
    forlop: number;
    concurrency: number;
    warmup: number;
    latency: BenchValg['latency'];
    openForlop: number;
    frister: number;
    national: BenchValg['national'];
    rapporter?: BenchValg['rapporter'];
    phases: Fase[];
    temporal: string;
    postgresql: string;
    workerLimits: Record<string, number>;
  };
  baseline?: BaselineResultat;
  engine?: MotorResultat & { ratioToBaseline: number | null };
  latency?: LatensResultat;
  /** The same measure at the further rates of `--also-rates`. */
  latencyAlsoAt?: LatensResultat[];
  frister?: FristResultat;
  footprint?: MinneResultat & {
    /** Bare Temporal workflows opened for the baseline memory figure. */
    baselineOpened: number;
    /** The baseline worker's RSS growth per 1 000 open bare workflows: the SDK's own floor. */
    baselineWorkerMBPer1000OpenWorkflows: number | null;
    /** The same M forløp on a worker whose cache holds a quarter of them. */
    boundedCache: BegrensetCache;
    completedForlopMeasured: number | null;
    pgBytesBefore: number | null;
    pgBytesAfter: number | null;
    pgMBPer10000CompletedForlop: number | null;
  };
  scaleOut?: MotorResultat & { ratioToOneWorker: number | null };
  national?: NasjonalResultat;
  rapporter?: RapportResultat;
  plo?: PloResultat;
  /** Sections of phases not run this time, kept from the results file this run replaced. */
  keptFromEarlierRun?: {
    sections: string[];
    startedAt: string | null;
    /** That run's machine, versions and parameters (the kept figures were measured under them). */
    machine: unknown;
    versions: unknown;
    parameters: unknown;
  };
}

/** Each phase's sections in results.json. */
const SEKSJONER: Record<Fase, Array<keyof BenchResultat>> = {
  baseline: ['baseline'],
  engine: ['engine'],
  latency: ['latency', 'latencyAlsoAt'],
  frister: ['frister'],
  footprint: ['footprint'],
  scaleout: ['scaleOut'],
  national: ['national'],
  rapporter: ['rapporter'],
  plo: ['plo'],
};

/** A run of some phases keeps the other phases' sections of the file it replaces. */
export function beholdTidligere(r: BenchResultat, valg: BenchValg): void {
  const ikkeKjort = FASER.filter((f) => !valg.faser.includes(f));
  if (ikkeKjort.length === 0 || !fs.existsSync(valg.out)) return;
  let forrige: Partial<BenchResultat>;
  try {
    forrige = JSON.parse(fs.readFileSync(valg.out, 'utf8')) as Partial<BenchResultat>;
  } catch {
    return;
  }
  const beholdt: string[] = [];
  for (const fase of ikkeKjort) {
    for (const k of SEKSJONER[fase]) {
      if (forrige[k] === undefined) continue;
      (r as unknown as Record<string, unknown>)[k] = forrige[k];
      beholdt.push(k);
    }
  }
  if (beholdt.length === 0) return;
  // A file that itself kept sections from a run before it passes that run's description on.
  const kilde = forrige.keptFromEarlierRun && beholdt.every((k) => forrige.keptFromEarlierRun!.sections.includes(k)) ? forrige.keptFromEarlierRun : forrige;
  r.keptFromEarlierRun = {
    sections: beholdt,
    startedAt: kilde.startedAt ?? null,
    machine: kilde.machine ?? null,
    versions: kilde.versions ?? null,
    parameters: kilde.parameters ?? null,
  };
}
