/** The bench's command line: a size preset and overrides (see bench/README.md). */
import path from 'node:path';
import { parseArgs } from 'node:util';

export const FASER = ['baseline', 'engine', 'latency', 'frister', 'footprint', 'scaleout', 'national', 'rapporter', 'plo'] as const;
export type Fase = (typeof FASER)[number];

export type Storrelse = 'smoke' | 'small' | 'full';

export interface BenchValg {
  size: Storrelse;
  /** N: forløp in the engine phase (and workflows in the baseline, and in the scale-out). */
  forlop: number;
  /** C: lanes driving forløp side by side (baseline, engine, scale-out; also for setup requests). */
  concurrency: number;
  /** Warm-up forløp (and baseline workflows) before each timed run, not counted. */
  warmup: number;
  latency: {
    /** Requests per second, open loop: the rate the target is set at. */
    rate: number;
    /** Further rates measured the same way after it (e.g. one the engine sustains, for the unsaturated latency). */
    alsoRates: number[];
    durationSeconds: number;
    /** Pre-created forløp the STATUSENDRING requests are spread over. */
    forlop: number;
  };
  /** M: open forløp (left in `innlagt`) for the worker memory figure. */
  openForlop: number;
  /** K: forløp whose KOMMUNESVAR frist (PT5S) is left to break. */
  frister: number;
  /** National scale: open forløp held by one worker whose cache holds `cache` of them. */
  national: { open: number; cache: number };
  /** Reports: forløp generated straight into PostgreSQL, each report timed over them. */
  rapporter: { forlop: number };
  /** Phase 9: live messages (closed loop, then `rate`/s for `rateSeconds`), and the import of `years` simulated years (`importDays` each; the whole year when absent). */
  plo: { liveMessages: number; rate: number; rateSeconds: number; years: number; liveDays: number; importDays?: number };
  out: string;
  faser: Fase[];
}

const STORRELSER: Record<Storrelse, Omit<BenchValg, 'out' | 'faser' | 'size'>> = {
  // CI: the point is that every phase runs and the file has every section; a few seconds each.
  smoke: {
    forlop: 10,
    concurrency: 10,
    warmup: 3,
    latency: { rate: 50, alsoRates: [], durationSeconds: 3, forlop: 10 },
    openForlop: 20,
    frister: 3,
    national: { open: 40, cache: 10 },
    rapporter: { forlop: 1000 },
    plo: { liveMessages: 10, rate: 10, rateSeconds: 2, years: 1, liveDays: 4, importDays: 4 },
  },
  small: {
    forlop: 100,
    concurrency: 50,
    warmup: 10,
    latency: { rate: 50, alsoRates: [25], durationSeconds: 10, forlop: 25 },
    openForlop: 200,
    frister: 10,
    national: { open: 2000, cache: 250 },
    rapporter: { forlop: 20000 },
    plo: { liveMessages: 100, rate: 10, rateSeconds: 10, years: 1, liveDays: 18, importDays: 90 },
  },
  full: {
    forlop: 1000,
    concurrency: 50,
    warmup: 20,
    latency: { rate: 50, alsoRates: [25], durationSeconds: 30, forlop: 50 },
    openForlop: 1000,
    frister: 50,
    national: { open: 20000, cache: 2000 },
    rapporter: { forlop: 100000 },
    plo: { liveMessages: 500, rate: 10, rateSeconds: 30, years: 3, liveDays: 60 },
  },
};

export const BRUK = `npm run bench -- [--size smoke|small|full] [overrides]

  --size S              preset (default small):
                          smoke  N=10,   C=10, latency 50/s × 3 s,  M=20,   K=3,  national 40 (cache 10),     reports 1000   (CI smoke test)
                          small  N=100,  C=50, latency 50/s × 10 s, M=200,  K=10, national 2000 (cache 250),  reports 20000
                          full   N=1000, C=50, latency 50/s × 30 s, M=1000, K=50, national 20000 (cache 2000), reports 100000
                        PLO (phase plo): smoke 10 live + 1 import of 4 days; small 100 live, import of 90 days;
                          full 500 live, 10/s × 30 s, import of three simulated years
  --forlop N            forløp in the engine and scale-out phases, workflows in the baseline
  --concurrency C       lanes driving them side by side (baseline, engine, scale-out)
  --warmup W            untimed warm-up forløp/workflows before each timed run
  --rate R              API latency phase: requests per second (open loop; default 50)
  --also-rates R,..     API latency phase: further rates measured after it (default 25; smoke none; '' for none)
  --duration S          API latency phase: seconds
  --latency-forlop P    API latency phase: pre-created forløp the requests are spread over
  --open M              footprint: open forløp for the worker memory figure
  --frister K           frist precision: forløp left to break a PT5S KOMMUNESVAR frist
  --national N          national scale: open forløp held by one worker
  --national-cache C    national scale: that worker's WORKER_MAX_CACHED_WORKFLOWS
  --rapporter-forlop R  reports: forløp generated in PostgreSQL before each report is timed
  --phases a,b,...      run only these (${FASER.join(',')}); default all
  --out FILE            results file (default bench/results.json)
  -h, --help`;

function heltall(navn: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${navn} must be an integer >= ${min} (got ${v})`);
  return n;
}

function tall(navn: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${navn} must be a number >= ${min} (got ${v})`);
  return n;
}

/** Parses argv; returns null for --help. Throws with a readable message on a bad flag. */
export function lesValg(argv: string[], repo: string): BenchValg | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string' },
      forlop: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      rate: { type: 'string' },
      'also-rates': { type: 'string' },
      duration: { type: 'string' },
      'latency-forlop': { type: 'string' },
      open: { type: 'string' },
      frister: { type: 'string' },
      national: { type: 'string' },
      'national-cache': { type: 'string' },
      'rapporter-forlop': { type: 'string' },
      phases: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const size = (values.size ?? 'small') as Storrelse;
  if (!(size in STORRELSER)) throw new Error(`--size must be one of ${Object.keys(STORRELSER).join(', ')} (got ${values.size})`);
  const p = STORRELSER[size];
  const forlop = heltall('forlop', values.forlop, 1) ?? p.forlop;
  const concurrency = heltall('concurrency', values.concurrency, 1) ?? Math.min(p.concurrency, forlop);
  const faser = values.phases
    ? values.phases
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
    : [...FASER];
  const ukjente = faser.filter((f) => !(FASER as readonly string[]).includes(f));
  if (ukjente.length) throw new Error(`--phases: unknown ${ukjente.join(', ')} (known: ${FASER.join(', ')})`);
  return {
    size,
    forlop,
    concurrency,
    warmup: heltall('warmup', values.warmup, 0) ?? p.warmup,
    latency: {
      rate: tall('rate', values.rate, 0.1) ?? p.latency.rate,
      alsoRates:
        values['also-rates'] === undefined
          ? p.latency.alsoRates
          : values['also-rates']
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean)
              .map((x) => tall('also-rates', x, 0.1)!),
      durationSeconds: tall('duration', values.duration, 0.1) ?? p.latency.durationSeconds,
      forlop: heltall('latency-forlop', values['latency-forlop'], 1) ?? p.latency.forlop,
    },
    openForlop: heltall('open', values.open, 1) ?? p.openForlop,
    frister: heltall('frister', values.frister, 1) ?? p.frister,
    national: {
      open: heltall('national', values.national, 1) ?? p.national.open,
      cache: heltall('national-cache', values['national-cache'], 1) ?? p.national.cache,
    },
    rapporter: { forlop: heltall('rapporter-forlop', values['rapporter-forlop'], 1) ?? p.rapporter.forlop },
    plo: p.plo,
    out: path.resolve(values.out ?? path.join(repo, 'bench', 'results.json')),
    faser: faser as Fase[],
  };
}
