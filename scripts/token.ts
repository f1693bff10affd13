/**
 * Prints a development bearer token:
 *   npm run token -- --rolle kommune --org 1833
 *   npm run token -- --rolle sykehus --org HSYK-MO --timer 2
 *   npm run token -- --rolle admin
 * Uses the same secret and issuer as the running service (config/nokler.ts, DATA_DIR), so the
 * token is valid against `npm start` on this machine. Only for auth modus 'dev'.
 */
import { parseArgs } from 'node:util';
import { utstedDevToken } from '../api/auth';
import { erRolle, ROLLER } from '../api/principal';
import { lastKonfig } from '../config';
import { lastNokler } from '../config/nokler';

const BRUK = `Bruk: npm run token -- --rolle <${ROLLER.join('|')}> --org <org> [--timer <gyldig timer, standard 12>]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rolle: { type: 'string' },
      org: { type: 'string' },
      timer: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${BRUK}\n`);
    return;
  }
  const rolle = values.rolle;
  if (!erRolle(rolle)) throw new Error(`Ukjent eller manglende --rolle.\n${BRUK}`);
  const org = values.org ?? '';
  if (rolle !== 'admin' && !org) throw new Error(`--org mangler.\n${BRUK}`);
  const timer = values.timer === undefined ? 12 : Number(values.timer);
  if (!Number.isFinite(timer) || timer <= 0) throw new Error(`--timer må være et positivt tall.\n${BRUK}`);

  const config = lastKonfig();
  if (config.auth.modus !== 'dev') {
    throw new Error('AUTH_MODUS er oidc: tokens kommer fra identitetsleverandøren, ikke herfra.');
  }
  const nokler = await lastNokler(config);
  const token = await utstedDevToken({ rolle, org }, nokler.jwtSecret, config.auth.issuer, timer);
  process.stdout.write(`${token}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
