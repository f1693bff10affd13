/**
 * Child processes of the bench: the engine's API and workers (scripts/start.ts with
 * START_ROLLER) and the baseline worker, each a plain `node --import tsx <script>` so the
 * child's pid is the Node process itself (its RSS is what /proc reports for that pid).
 *
 * Each child gets its own process group (detached): a Ctrl-C in the terminal reaches only the
 * bench, which then stops its children in order. A safety net on 'exit' kills any child group
 * still alive, so nothing outlives the bench even when it fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..');

const levende = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of levende) drep(c, 'SIGKILL');
});

function lever(c: ChildProcess): boolean {
  return c.exitCode === null && c.signalCode === null;
}

/** Signals the child's whole process group (the child and anything it started, e.g. esbuild). */
function drep(c: ChildProcess, sig: NodeJS.Signals): void {
  if (!lever(c) || c.pid === undefined) return;
  try {
    process.kill(-c.pid, sig);
  } catch {
    try {
      c.kill(sig);
    } catch {
      /* already gone */
    }
  }
}

/**
 * The engine's own settings: an engine child of the bench, the simulator or a test gets each of
 * them from whoever starts it, never inherited from the shell (they would point it elsewhere).
 */
const MOTORENS_VARIABLER = [
  'TEMPORAL_ADDRESS',
  'DATABASE_URL',
  'TEMPORAL_TASK_QUEUE',
  'TEMPORAL_NAMESPACE',
  'START_ROLLER',
  'PORT',
  'HOST',
  'NODE_ENV',
  'AUTH_MODUS',
  'AUTH_JWKS_URL',
  'AUTH_AUDIENCE',
  'AUTH_ISSUER',
  'PASIENT_NOKKEL',
  'PASIENT_NOKLER_TIDLIGERE',
  'AUTH_DEV_SECRET',
  'DATA_DIR',
  'LOG_LEVEL',
  'TEST_HOLD_ETTER_IDEMPOTENSNOKKEL',
  'TEST_HOLD_ETTER_EDI_ANVENDT',
  'TEST_FEIL_VED_EDI_ANVEND',
];
const MOTORENS_PREFIKSER = ['EDI_', 'HELSEID_'];

/** This process's environment without the engine's own settings, with `egne` (the child's) on top. */
export function motorEnv(egne: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!MOTORENS_VARIABLER.includes(k) && !MOTORENS_PREFIKSER.some((p) => k.startsWith(p))) env[k] = v;
  }
  return { ...env, ...egne };
}

export interface Barn {
  navn: string;
  pid: number;
  /** The last lines the child wrote (stdout and stderr), for error messages. */
  hale(): string;
  /** Resolves when a line of stdout matches; rejects if the child exits first or on timeout. */
  venterPaLinje(re: RegExp, timeoutMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL after `ms`; resolves when it has exited. */
  stopp(ms?: number): Promise<void>;
  lever(): boolean;
}

export interface BarnValg {
  navn: string;
  /** Script path relative to the repository. */
  skript: string;
  env: NodeJS.ProcessEnv;
  /** Every line of the child's output is appended here (optional). */
  loggFil?: string;
}

/** BENCH_CHILD_NODE_ARGS: extra node flags for every child (the engine's and the PLO import's), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
export const barnNodeArgs = (): string[] => (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

export function startBarn(v: BarnValg): Barn {
  const child = spawn(process.execPath, [...barnNodeArgs(), '--import', 'tsx', v.skript], {
    cwd: REPO,
    env: v.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`${v.navn}: could not start ${v.skript}`);
  levende.add(child);
  const linjer: string[] = [];
  const lyttere = new Set<(l: string) => void>();
  const logg = v.loggFil ? fs.createWriteStream(v.loggFil, { flags: 'a' }) : undefined;
  const les = (strom: NodeJS.ReadableStream | null) => {
    let rest = '';
    strom?.on('data', (b: Buffer) => {
      logg?.write(b);
      rest += b.toString();
      const deler = rest.split('\n');
      rest = deler.pop() ?? '';
      for (const l of deler) {
        linjer.push(l);
        if (linjer.length > 80) linjer.shift();
        for (const f of lyttere) f(l);
      }
    });
  };
  les(child.stdout);
  les(child.stderr);
  let slutt: string | null = null;
  const avsluttet = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      slutt = `exited (code ${code}${signal ? `, signal ${signal}` : ''})`;
      levende.delete(child);
      logg?.end();
      resolve();
    });
  });
  child.once('error', (e) => {
    slutt = `failed: ${e.message}`;
  });
  const hale = () => linjer.slice(-40).join('\n');

  return {
    navn: v.navn,
    pid: child.pid,
    hale,
    lever: () => lever(child),
    venterPaLinje(re, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        if (linjer.some((l) => re.test(l))) {
          resolve();
          return;
        }
        const ferdig = (feil?: Error) => {
          clearTimeout(t);
          lyttere.delete(lytter);
          if (feil) reject(feil);
          else resolve();
        };
        const lytter = (l: string) => {
          if (re.test(l)) ferdig();
        };
        lyttere.add(lytter);
        const t = setTimeout(() => ferdig(new Error(`${v.navn} was not ready within ${timeoutMs} ms\n--- ${v.navn} output ---\n${hale()}`)), timeoutMs);
        void avsluttet.then(() => {
          if (lyttere.has(lytter)) ferdig(new Error(`${v.navn} ${slutt} before it was ready\n--- ${v.navn} output ---\n${hale()}`));
        });
      });
    },
    async stopp(ms = 20_000) {
      if (!lever(child)) return;
      const t = setTimeout(() => drep(child, 'SIGKILL'), ms);
      drep(child, 'SIGTERM');
      await avsluttet;
      clearTimeout(t);
      // Anything left in its group (esbuild's service) goes too.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* group empty */
      }
    },
  };
}

/** Resident set size of a process in bytes (VmRSS in /proc/<pid>/status); null where /proc is missing. */
export function rssBytes(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

let klokkeTikk: number | undefined;
/** Clock ticks per second of /proc/<pid>/stat times (getconf CLK_TCK; 100 on Linux). */
function tikkPerSekund(): number {
  if (klokkeTikk === undefined) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const n = Number(String(r.stdout ?? '').trim());
    klokkeTikk = Number.isFinite(n) && n > 0 ? n : 100;
  }
  return klokkeTikk;
}

/** CPU time (user + system, all threads) a process has used so far, in ms; null where /proc is missing. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) ": state is field 3, utime 14, stime 15.
    const felt = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(felt[11]) + Number(felt[12])) * 1000) / tikkPerSekund();
  } catch {
    return null;
  }
}

/**
 * CPU used by named processes between `start()` and `stopp()`, in ms per process. The bench's
 * own process is measured with process.cpuUsage().
 */
export function cpuMaler(prosesser: Record<string, number | undefined>): { stopp(): Record<string, number | null> } {
  const for_ = Object.fromEntries(Object.entries(prosesser).map(([navn, pid]) => [navn, pid === undefined ? null : cpuMs(pid)]));
  const driver = process.cpuUsage();
  return {
    stopp() {
      const ut: Record<string, number | null> = {};
      for (const [navn, pid] of Object.entries(prosesser)) {
        const a = for_[navn];
        const b = pid === undefined ? null : cpuMs(pid);
        ut[navn] = a === null || b === null ? null : Math.round(b - a);
      }
      const d = process.cpuUsage(driver);
      ut.driver = Math.round((d.user + d.system) / 1000);
      return ut;
    },
  };
}
