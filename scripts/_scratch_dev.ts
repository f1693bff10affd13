import { startTemporalDevServer, startEmbeddedPostgres, lagTestDatabase, lagTempDir } from './dev-services';
import pg from 'pg';
import fs from 'node:fs';
async function main() {
  const logg = (m: string) => console.log(`${new Date().toISOString()} ${m}`);
  const t0 = Date.now();
  const ts = await startTemporalDevServer({ headless: true, logg });
  console.log('temporal', ts.address, ts.uiUrl, Date.now() - t0, 'ms');
  await ts.stop();
  const tmp = await lagTempDir('scratch-tdb-');
  const ts2 = await startTemporalDevServer({ dataFile: tmp + '/t.db', logg });
  console.log('temporal2', ts2.address, ts2.uiUrl);
  const r = await fetch(ts2.uiUrl!); console.log('ui status', r.status);
  await ts2.stop();
  console.log('after stop, pid alive?', (() => { try { process.kill(ts2.pid!, 0); return true; } catch { return false; } })());
  const pgdir = tmp + '/pg';
  for (let i = 0; i < 2; i++) {
    const t1 = Date.now();
    const ep = await startEmbeddedPostgres(pgdir, { logg });
    const c = new pg.Client(ep.url); await c.connect();
    console.log((await c.query('select current_user, current_database(), version()')).rows[0], Date.now() - t1, 'ms');
    await c.end();
    const tdb = await lagTestDatabase(ep.adminUrl);
    console.log('testdb', tdb.url);
    await tdb.drop();
    await ep.stop();
  }
  console.log(fs.statSync(pgdir));
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log('SIGINT listeners', process.listenerCount('SIGINT'), 'beforeExit', process.listenerCount('beforeExit'));
}
main().then(() => console.log('done'), (e) => { console.error('FAIL', e); process.exit(1); });
