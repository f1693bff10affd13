/**
 * The test run's logs, kept so that the run can prove they hold no patient identifier: the API's
 * request log and the Temporal SDK's own log (worker, workflows, activities) of every test
 * process go to files under TEST_LOGG_MAPPE (set by the global setup), and every fødselsnummer
 * and patient name the tests make is written down beside them. The global teardown scans one
 * for the other.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import pino, { type Logger } from 'pino';

const mappe = (): string | undefined => process.env.TEST_LOGG_MAPPE;

/** The API's logger in tests: the same pino lines as in production, into this process's log file. */
export function testLogger(): Logger | undefined {
  const m = mappe();
  if (!m) return undefined;
  return pino({ level: 'info', base: { tjeneste: 'api' } }, pino.destination({ dest: path.join(m, `api-${process.pid}.log`), sync: true }));
}

let runtimeSatt = false;
/** The Temporal SDK's log of this process into its log file (once, before any worker or connection). */
export function loggTemporalTilFil(): void {
  const m = mappe();
  if (runtimeSatt || !m) return;
  runtimeSatt = true;
  const fil = path.join(m, `temporal-${process.pid}.log`);
  try {
    Runtime.install({
      logger: new DefaultLogger('INFO', (e: LogEntry) => {
        fs.appendFileSync(fil, `${JSON.stringify({ level: e.level, message: e.message, meta: e.meta })}\n`);
      }),
    });
  } catch {
    // Already installed in this process (a test made its own runtime): its log stays where it goes.
  }
}

/** Notes a test patient's fødselsnummer, for the scan at the end of the run. */
export function noterFnr(fnr: string): void {
  const m = mappe();
  if (m) fs.appendFileSync(path.join(m, `fnr-${process.pid}.txt`), `${fnr}\n`);
}

/** Notes a secret a test made (a private key's `d`), for the same scan: no log line may hold it. */
export function noterHemmelighet(hemmelighet: string): void {
  const m = mappe();
  if (m) fs.appendFileSync(path.join(m, `hemmelighet-${process.pid}.txt`), `${hemmelighet}\n`);
}

/** Every noted secret found in any log file of the run: [file] per finding (the secret itself is not repeated). */
export function skannHemmeligheter(m: string): { funn: string[]; hemmeligheter: number } {
  const filer = fs.readdirSync(m);
  const hemmeligheter = filer.filter((f) => f.startsWith('hemmelighet-')).flatMap((f) => fs.readFileSync(path.join(m, f), 'utf8').split('\n').filter(Boolean));
  const funn: string[] = [];
  for (const f of filer.filter((f) => f.endsWith('.log'))) {
    const tekst = fs.readFileSync(path.join(m, f), 'utf8');
    for (const h of hemmeligheter) if (tekst.includes(h)) funn.push(f);
  }
  return { funn, hemmeligheter: hemmeligheter.length };
}

/** Notes a test patient's name (each part: made unique by the test, so a hit is that patient), for the same scan. */
export function noterNavn(...deler: string[]): void {
  const m = mappe();
  if (m) fs.appendFileSync(path.join(m, `navn-${process.pid}.txt`), deler.map((d) => `${d}\n`).join(''));
}

/** Every noted fødselsnummer or name found in any log file of the run: [fnr or name, file] pairs (none, we hope). */
export function skannLogger(m: string): { funn: Array<[string, string]>; filer: number; linjer: number; fnr: number; navn: number } {
  const filer = fs.readdirSync(m);
  const noterte = (prefiks: string): Set<string> =>
    new Set(filer.filter((f) => f.startsWith(prefiks)).flatMap((f) => fs.readFileSync(path.join(m, f), 'utf8').split('\n').filter(Boolean)));
  const fnr = noterte('fnr-');
  const navn = noterte('navn-');
  const logger = filer.filter((f) => f.endsWith('.log'));
  const funn: Array<[string, string]> = [];
  let linjer = 0;
  for (const f of logger) {
    const tekst = fs.readFileSync(path.join(m, f), 'utf8');
    linjer += tekst.split('\n').length - 1;
    // Every 11-digit run in the logs, looked up among the noted numbers.
    for (const treff of tekst.matchAll(/(?<!\d)\d{11}(?!\d)/g)) if (fnr.has(treff[0])) funn.push([treff[0], f]);
    for (const n of navn) if (tekst.includes(n)) funn.push([n, f]);
  }
  return { funn, filer: logger.length, linjer, fnr: fnr.size, navn: navn.size };
}
