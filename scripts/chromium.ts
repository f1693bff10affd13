/**
 * Finds the Chromium the browser tests drive (playwright-core downloads no browser), the way
 * scripts/temporal-cli.ts finds the Temporal CLI, installing Debian's package when it may.
 *
 * Order:
 *   1. env CHROMIUM_PATH
 *   2. `chromium`, `chromium-browser`, `google-chrome` on PATH (Debian's /usr/bin/chromium is a
 *      shell wrapper: its real binary /usr/lib/chromium/chromium is used)
 *   3. /usr/lib/chromium/chromium, /usr/bin/chromium
 *   4. `apt-get install -y chromium` (Debian's package), when running as root with apt-get
 *
 * Used by test/integration/web.test.ts and by .ci/run (`tsx scripts/chromium.ts` prints the
 * path, installing if needed).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface FinnChromiumValg {
  /** Install Debian's package when nothing is found (default true). */
  installer?: boolean;
  logg?: (msg: string) => void;
}

const NAVN = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const KJENTE = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The binary answers `--version` like a Chromium (or Chrome). */
function erChromium(bin: string): boolean {
  try {
    if (!fs.statSync(bin).isFile()) return false;
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    return r.status === 0 && /chrom/i.test(`${r.stdout}`);
  } catch {
    return false;
  }
}

/** Debian's /usr/bin/chromium is a script that execs /usr/lib/chromium/chromium: use the binary itself. */
function ekteBinar(bin: string): string {
  try {
    const ekte = fs.realpathSync(bin);
    const hode = fs.readFileSync(ekte, { encoding: 'latin1' }).slice(0, 2);
    if (hode === '#!') {
      const lib = '/usr/lib/chromium/chromium';
      if (erChromium(lib)) return lib;
    }
    return ekte;
  } catch {
    return bin;
  }
}

function finnPaPath(): string | undefined {
  for (const navn of NAVN) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      if (!dir) continue;
      const k = path.join(dir, navn);
      if (erChromium(k)) return ekteBinar(k);
    }
  }
  return undefined;
}

function kanInstallere(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not running as root (run `sudo apt-get install -y chromium`)';
  if (spawnSync('apt-get', ['--version'], { encoding: 'utf8' }).status !== 0) return 'apt-get is not available';
  return null;
}

function installer(logg: (m: string) => void): string {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  logg("Installing Chromium: apt-get install -y chromium (Debian's package) ...");
  let r = spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { encoding: 'utf8', env, timeout: 900_000 });
  if (r.status !== 0) {
    logg('apt-get install failed; apt-get update, then once more ...');
    spawnSync('apt-get', ['update', '-q'], { encoding: 'utf8', env, timeout: 600_000 });
    r = spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { encoding: 'utf8', env, timeout: 900_000 });
  }
  if (r.status !== 0) throw new Error(`apt-get install -y chromium failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  const funnet = KJENTE.find(erChromium);
  if (!funnet) throw new Error('apt-get installed chromium, but no working binary was found');
  return ekteBinar(funnet);
}

/** The absolute path of a working Chromium, or an Error naming each way to provide one. */
export function finnChromium(valg: FinnChromiumValg = {}): string {
  const logg = valg.logg ?? ((m: string) => process.stderr.write(`${m}\n`));
  const fraEnv = process.env.CHROMIUM_PATH;
  if (fraEnv) {
    if (erChromium(fraEnv)) return ekteBinar(path.resolve(fraEnv));
    throw new Error(`CHROMIUM_PATH=${fraEnv} is not a working Chromium (\`${fraEnv} --version\` failed).`);
  }
  const paPath = finnPaPath();
  if (paPath) return paPath;
  const kjent = KJENTE.find(erChromium);
  if (kjent) return ekteBinar(kjent);

  const hindring = kanInstallere();
  const forsok: string[] = [];
  if ((valg.installer ?? true) && !hindring) {
    try {
      return installer(logg);
    } catch (e) {
      forsok.push((e as Error).message);
    }
  }
  throw new Error(
    [
      'Chromium (for the browser tests) was not found' + (hindring ? ` and cannot be installed here: ${hindring}.` : '.'),
      'Provide it in one of these ways:',
      '  - apt-get install -y chromium   (Debian/Ubuntu; as root)',
      '  - set CHROMIUM_PATH to a Chromium or Chrome binary',
      '  - put `chromium` on PATH',
      ...(forsok.length ? ['Tried:', ...forsok.map((f) => `  - ${f}`)] : []),
    ].join('\n'),
  );
}

if (require.main === module) {
  try {
    process.stdout.write(`${finnChromium()}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
