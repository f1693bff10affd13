/**
 * `npm run plo:import -- <folder>`: a hospital's PLO archive (one MsgHead per file, in sending
 * order by file name) applied to the engine at DATABASE_URL and TEMPORAL_ADDRESS (plo/import.ts).
 * A progress bar on stderr, a summary on stdout. Run it again after a stop: what is stored is
 * skipped. Exit status 1 only on a fatal error (a refused message is in the summary, not fatal).
 *
 *   --batch N   about N messages per transaction (default 500)
 */
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import cliProgress from 'cli-progress';
import pino from 'pino';
import { lastKonfig } from '../config';
import { lastNokler } from '../config/nokler';
import { lagDataConverter } from '../config/payload-codec';
import { lagPool } from '../db/pool';
import { importerArkiv, type ImportOppsummering } from '../plo/import';

const BRUK = 'Bruk: DATABASE_URL=… TEMPORAL_ADDRESS=… npm run plo:import -- <mappe> [--batch N]';

export function oppsummering(s: ImportOppsummering): string {
  const koder = Object.entries(s.avvistPerKode)
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `PLO-import: ${s.filer} filer på ${s.sekunder.toFixed(1)} s (${(s.lest / Math.max(s.sekunder, 0.001)).toFixed(0)} meldinger/s)`,
    `  lest:                 ${s.lest}`,
    `  importert før:        ${s.alleredeImportert} (hoppet over)`,
    `  ok:                   ${s.ok} (anvendt ${s.anvendt})`,
    `  avvist:               ${s.avvist}${koder ? ` (${koder})` : ''}`,
    `  uleselige:            ${s.uleselig}`,
    `  ukjent avsender:      ${s.ukjentAvsender}`,
    `  duplikater:           ${s.duplikater}`,
    `  forløp opprettet:     ${s.forlopOpprettet}`,
    `  forløp åpne (startet): ${s.forlopApne}`,
    // Writing runs beside the replay: its seconds overlap the others; the replay waited for it the seconds it says.
    `  tid (s):              lesing ${s.faser.lesing}, avspilling ${s.faser.avspilling}, skriving ${s.faser.skriving} (ventet på ${s.faser.ventetPaaSkriving}), workflowstarter ${s.faser.starter}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const { values: a, positionals } = parseArgs({ options: { batch: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  if (a.help || positionals.length !== 1) {
    process.stdout.write(`${BRUK}\n`);
    return a.help ? 0 : 2;
  }
  const config = lastKonfig();
  if (!config.databaseUrl || !config.temporalAddress) throw new Error(`DATABASE_URL og TEMPORAL_ADDRESS må peke på motorens PostgreSQL og Temporal\n${BRUK}`);
  const nokler = await lastNokler(config);
  const pool = lagPool(config.databaseUrl);
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({
    connection,
    namespace: config.temporalNamespace,
    dataConverter: lagDataConverter(nokler.pasientNokkel, nokler.tidligerePasientNokler),
  });
  const bar = new cliProgress.SingleBar(
    { format: ' {bar} {percentage}% | {value}/{total} meldinger | ETA {eta_formatted}', stream: process.stderr, hideCursor: true, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  let startet = false;
  try {
    const s = await importerArkiv({ pool, client, config, nokler, logger: pino({ level: 'warn' }) }, positionals[0], {
      batch: a.batch ? Number(a.batch) : undefined,
      fremdrift: (lest, totalt) => {
        if (!startet) {
          bar.start(totalt, 0);
          startet = true;
        }
        bar.update(lest);
      },
    });
    bar.stop();
    process.stdout.write(`${oppsummering(s)}\n`);
    return 0;
  } finally {
    if (startet) bar.stop();
    await connection.close();
    await pool.end();
  }
}

if (require.main === module) {
  main().then(
    (kode) => process.exit(kode),
    (e: unknown) => {
      process.stderr.write(`\n[plo:import] stoppet: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
