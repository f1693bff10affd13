/**
 * The simulator at size small (`npm run simulate -- --size small`): the last weeks of a simulated
 * Helgeland year driven through the HTTP API of the test stack (a database of its own, so the
 * indicators report holds only the simulation's forløp), then compared case by case with the
 * simulator's own ground truth (sim/fasit.ts) and with the report. Every case must agree.
 */
import type { Fremdrift } from '../../sim/driver';
import type { Motor } from '../../sim/motor';
import { nyTilstand, simuler } from '../../sim/simulering';
import { lagEgenDatabase, type EgenDatabase } from '../helpers/egen-database';
import { noterFnr } from '../helpers/logg';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack | undefined;
let db: EgenDatabase | undefined;

afterAll(async () => {
  await stack?.stopp();
  await db?.drop();
}, 300_000);

const stille: Fremdrift = { start: () => undefined, oppdater: () => undefined, stopp: () => undefined };

test('a small simulated year slice agrees with its ground truth, forløp by forløp and in the indicators', async () => {
  db = await lagEgenDatabase();
  stack = await startStack({ databaseUrl: db.url });
  const s = stack;
  const motor: Motor = {
    url: s.baseUrl,
    token: (p) => s.token(p.rolle, p.org),
    egenDatabase: true,
    beskrivelse: 'test stack',
    sjekk: () => undefined,
    stopp: async () => undefined,
  };
  const logg: string[] = [];
  const r = await simuler({
    motor,
    tilstand: nyTilstand('helgeland', 'small', Date.now() - 60_000),
    samtidighet: 16,
    sammenlign: true,
    fremdrift: stille,
    avbrutt: () => false,
    logg: (m) => logg.push(m),
  });
  // The run's logs are scanned for every test patient's fødselsnummer at the end (test/helpers/logg.ts).
  for (const f of r.plan.forlop) noterFnr(f.fnr);

  expect(r.forlop).toBeGreaterThan(120);
  expect(r.forlop).toBe(r.plan.forlop.length);
  const sendt = [...r.plan.sendes.values()].reduce((n, l) => n + l.length, 0);
  expect(r.hendelser).toBe(sendt);
  const s_ = r.sammenligning!;
  // Every kind of check ran, the report's included.
  for (const felt of ['status', 'avvik', 'overliggerdogn.dager', 'reinnleggelseAv', 'hendelser godtatt', 'rapport: overliggerdogn', 'rapport: avvikPerType']) {
    expect(s_.felt[felt]?.enige).toBeGreaterThan(0);
  }
  expect(s_.uenigheter).toEqual([]);
  // ~100 s on an idle machine, over 240 s at a load average of 10 on two cores: the limit stops a hang only.
}, 900_000);
