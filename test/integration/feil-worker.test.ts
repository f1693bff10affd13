/**
 * Faults: the worker is SIGKILLed in the middle of a batch of hendelser to several forløp, and
 * another worker takes over. Clients retry what did not answer, with the same hendelseId, as
 * the API documentation tells them to. Afterwards every accepted hendelse is in PostgreSQL
 * exactly once, the workflow and PostgreSQL agree on every forløp, and the kommune's varsel
 * feed has no gap.
 *
 * The worker runs as a child process (scripts/start.ts with START_ROLLER=worker,
 * test/helpers/prosess.ts), so it can die as a process dies; the API runs in this process.
 * Kommune 1815 (Vega) is this file's own.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../../workflows/types';
import { KOMPLETT } from '../helpers/fakta';
import { drep, sendTilSvar, motorStarter, type MotorProsess } from '../helpers/prosess';
import { forventFeedUtenHull, forventSamsvar } from '../helpers/samsvar';
import { forlopBody, startStack, type Stack } from '../helpers/stack';

const SYKEHUS: Principal = { rolle: 'sykehus', org: 'HSYK-MO' };
const KOMMUNE = '1815';
const FORLOP = 6;

let s: Stack;
const barn: MotorProsess[] = [];

const startMotor = motorStarter(barn, () => ({
  temporalAddress: process.env.TEMPORAL_ADDRESS!,
  databaseUrl: process.env.DATABASE_URL!,
  taskQueue: s.config.taskQueue,
  pasientNokkel: s.pasientNokkel,
}));
const startWorkerProsess = (navn: string) => startMotor(navn, 'worker');

beforeAll(async () => {
  s = await startStack({ worker: false }); // the child processes are the only workers of this task queue
}, 300_000); // minutes on a busy machine
afterAll(async () => {
  for (const b of barn) await b.stopp(5000).catch(() => undefined);
  await s?.stopp();
});

test('a worker killed mid-batch loses nothing and doubles nothing', async () => {
  const a = await startWorkerProsess('worker-a');

  const innlagt = new Date(Date.now() - 3 * 3_600_000).toISOString();
  const ider: string[] = [];
  for (let i = 0; i < FORLOP; i++) {
    const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ oppholdskommune: KOMMUNE, innlagtTidspunkt: innlagt }));
    expect(r.status).toBe(201);
    ider.push(r.body.id);
  }

  // Each forløp gets the same six hendelser in order; the forløp go side by side.
  let besvart = 0;
  const steg = (n: number): Record<string, unknown>[] =>
    [
      { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: new Date(Date.now() - 170 * 60_000).toISOString() },
      ...[1, 2, 3, 4].map((k) => ({
        type: 'STATUSENDRING',
        tidspunkt: new Date(Date.now() - (160 - k) * 60_000).toISOString(),
        beskrivelse: `Endring ${n}.${k}`,
      })),
      { type: 'UTSKRIVNINGSKLAR', tidspunkt: new Date().toISOString(), vurdertTidspunkt: new Date().toISOString(), vurdering: KOMPLETT },
    ].map((h) => ({ ...h, hendelseId: randomUUID() }));
  const batch = ider.map(async (id, n) => {
    const sendt = steg(n);
    const statuser: number[] = [];
    for (const h of sendt) {
      statuser.push((await sendTilSvar(s.kall, SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, h)).status);
      besvart += 1;
    }
    return { id, statuser, hendelseIder: sendt.map((h) => String(h.hendelseId)) };
  });

  // Kill the worker while the batch runs (a few answered, most not), then let another take over.
  while (besvart < 6) await new Promise((r) => setTimeout(r, 20));
  await drep(a);
  expect(besvart).toBeLessThan(FORLOP * 6);
  await startWorkerProsess('worker-b');

  const svar = await Promise.all(batch);
  expect(svar.flatMap((x) => x.statuser).every((x) => x === 200)).toBe(true);

  for (const { id, hendelseIder } of svar) {
    const f = await forventSamsvar(s.pool, s.client, id, hendelseIder);
    expect(f.hendelser).toHaveLength(7); // INNLAGT and the six
    expect(f.status).toBe('utskrivningsklar');
  }
  // The kommune's feed: one varsel per melding and per innleggelsesmelding/statusendring, numbered without a gap.
  expect(await forventFeedUtenHull(s.pool, KOMMUNE)).toHaveLength(FORLOP * 6);
}, 240_000);
