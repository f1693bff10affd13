import { startTemporalDevServer, startEmbeddedPostgres, lagTempDir } from './dev-services';
async function main() {
  const tmp = await lagTempDir('scratch-exit-');
  const ts = await startTemporalDevServer({ headless: true });
  const ep = await startEmbeddedPostgres(tmp + '/pg');
  console.log('TMP', tmp, 'TPID', ts.pid, ep.port);
  process.exit(0);
}
main();
