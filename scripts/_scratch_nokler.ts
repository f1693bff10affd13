import { lastNokler } from '../config/nokler';
import { lastKonfig } from '../config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nokler-'));
  const cfg = lastKonfig({ DATA_DIR: dir });
  const [a, b] = await Promise.all([lastNokler(cfg, {}), lastNokler(cfg, {})]);
  console.log('same concurrent', a.pasientNokkel.equals(b.pasientNokkel), Buffer.from(a.jwtSecret).equals(Buffer.from(b.jwtSecret)), a.pasientNokkel.length);
  const c = await lastNokler(cfg, {});
  console.log('same after restart', a.pasientNokkel.equals(c.pasientNokkel));
  console.log('mode', (fs.statSync(path.join(dir, 'nokler.json')).mode & 0o777).toString(8), fs.readdirSync(dir));
  const envKey = Buffer.alloc(32, 7).toString('base64');
  const d = await lastNokler(lastKonfig({ DATA_DIR: dir, PASIENT_NOKKEL: envKey }), { PASIENT_NOKKEL: envKey });
  console.log('env wins', d.pasientNokkel.equals(Buffer.alloc(32, 7)), Buffer.from(d.jwtSecret).equals(Buffer.from(a.jwtSecret)));
  for (const env of [{ NODE_ENV: 'production' }, { NODE_ENV: 'production', PASIENT_NOKKEL: envKey }, { PASIENT_NOKKEL: 'c2hvcnQ=' }, { PASIENT_NOKKEL: 'not base64!!' }]) {
    try { await lastNokler(lastKonfig({ DATA_DIR: dir, ...env }), env); console.log('OK?', env); } catch (e) { console.log('ERR', (e as Error).message.slice(0, 110)); }
  }
  const p = await lastNokler(lastKonfig({ DATA_DIR: '/nonexistent-prod', PASIENT_NOKKEL: envKey, AUTH_MODUS: 'oidc' }), { NODE_ENV: 'production', PASIENT_NOKKEL: envKey });
  console.log('prod oidc ok', p.jwtSecret.length, fs.existsSync('/nonexistent-prod'));
  fs.writeFileSync(path.join(dir, 'nokler.json'), '{bad');
  try { await lastNokler(cfg, {}); } catch (e) { console.log('ERR', (e as Error).message.slice(0, 120)); }
  fs.rmSync(dir, { recursive: true });
}
main();
