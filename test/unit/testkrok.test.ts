/**
 * The fault tests' hooks (config testkrok) cannot be reached in production: NODE_ENV=production
 * never reads their variables, and scripts/start.ts refuses to start with one set.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { lastKonfig } from '../../config';

test('TEST_HOLD_ETTER_IDEMPOTENSNOKKEL is read outside production only', () => {
  expect(lastKonfig({}).testkrok.holdEtterIdempotensnokkel).toBeUndefined();
  expect(lastKonfig({ TEST_HOLD_ETTER_IDEMPOTENSNOKKEL: 'k-1' }).testkrok.holdEtterIdempotensnokkel).toBe('k-1');
  expect(lastKonfig({ NODE_ENV: 'production', TEST_HOLD_ETTER_IDEMPOTENSNOKKEL: 'k-1' }).testkrok.holdEtterIdempotensnokkel).toBeUndefined();
});

test('TEST_HOLD_ETTER_EDI_ANVENDT is read outside production only', () => {
  expect(lastKonfig({}).testkrok.holdEtterEdiAnvendt).toBeUndefined();
  expect(lastKonfig({ TEST_HOLD_ETTER_EDI_ANVENDT: 'm-1' }).testkrok.holdEtterEdiAnvendt).toBe('m-1');
  expect(lastKonfig({ NODE_ENV: 'production', TEST_HOLD_ETTER_EDI_ANVENDT: 'm-1' }).testkrok.holdEtterEdiAnvendt).toBeUndefined();
});

test('TEST_FEIL_VED_EDI_ANVEND is read outside production only', () => {
  expect(lastKonfig({}).testkrok.feilVedEdiAnvend).toBeUndefined();
  expect(lastKonfig({ TEST_FEIL_VED_EDI_ANVEND: 'm-1' }).testkrok.feilVedEdiAnvend).toBe('m-1');
  expect(lastKonfig({ NODE_ENV: 'production', TEST_FEIL_VED_EDI_ANVEND: 'm-1' }).testkrok.feilVedEdiAnvend).toBeUndefined();
});

test('scripts/start.ts with NODE_ENV=production and a test hook set refuses to start, naming it', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { PATH: process.env.PATH, NODE_ENV: 'production', TEST_HOLD_ETTER_IDEMPOTENSNOKKEL: 'k-1', START_ROLLER: 'api' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('NODE_ENV=production with TEST_HOLD_ETTER_IDEMPOTENSNOKKEL: test-only hooks, never set in production.');
}, 90_000);
