import { lagTestDatabase } from './dev-services';
import { migrer } from '../db/migrate';
import pg from 'pg';
async function main() {
  const logg = (m: string) => console.log(m);
  const db = await lagTestDatabase('postgres://postgres@127.0.0.1:5432/postgres');
  try {
    console.log('--- run 1'); await migrer(db.url, logg);
    console.log('--- run 2'); await migrer(db.url, logg);
    const c = new pg.Client(db.url); await c.connect();
    await c.query(`UPDATE kommune SET frister = '{"KOMMUNESVAR":{"timer":2}}', navn='Feil' WHERE nummer='1833'`);
    await c.query(`UPDATE dognpris SET belop = 9999 WHERE ar = 2025`);
    await c.query(`DELETE FROM dognpris WHERE ar = 2020`);
    console.log('--- run 3 after admin changes'); await migrer(db.url, logg);
    console.log((await c.query(`SELECT nummer, navn, frister FROM kommune WHERE nummer='1833'`)).rows, (await c.query('SELECT * FROM dognpris ORDER BY ar')).rows);
    console.log((await c.query('SELECT count(*) FROM sykehus')).rows, (await c.query('SELECT count(*) FROM kommune')).rows, (await c.query('SELECT name FROM pgmigrations')).rows);
    await c.end();
  } finally { await db.drop(); }
  // concurrency: two parallel migrer on a fresh db
  const db2 = await lagTestDatabase('postgres://postgres@127.0.0.1:5432/postgres');
  try {
    console.log('--- parallel');
    await Promise.all([migrer(db2.url, (m) => console.log('A', m)), migrer(db2.url, (m) => console.log('B', m))]);
  } finally { await db2.drop(); }
}
main().then(() => console.log('done'), (e) => { console.error('FAIL', e); process.exit(1); });
