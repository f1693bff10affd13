/**
 * Faults: the worker is SIGKILLed in the middle of a batch of hendelser to several forløp, and
 * another worker takes over. Clients retry what did not answer, with the same hendelseId, as
 * api.md tells them to. Afterwards every accepted hendelse is in PostgreSQL exactly once, the
 * workflow and PostgreSQL agree on every forløp, and the kommune's varsel feed has no gap.
 *
 * The worker runs as a child process (scripts/start.ts with START_ROLLER=worker), so it can die
 * as a process dies; the API runs in this process. Kommune 1815 (Vega) is this file's own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBarn, type Barn } from '../../bench/prosesser';
import { forlopWorkflowId, tilstandQuery } from '../../workflows/definitions';
import type { Principal } from '../../workflows/types';
import { KOMPLETT } from '../helpers/fakta';
import { forlopBody, startStack, type Stack } from '../helpers/stack';

const SYKEHUS: Principal = { rolle: 'sykehus', org: 'HSYK-MO' };
const KOMMUNE = '1815';
const FORLOP = 6;

let s: Stack;
let data: string;
const barn: Barn[] = [];

function startWorkerProsess(navn: string): Barn {
  return startBarn({
    navn,
    skript: 'scripts/start.ts',
    env: {
      ...process.env,
      START_ROLLER: 'worker',
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
      DATABASE_URL: process.env.DATABASE_URL,
      TEMPORAL_TASK_QUEUE: s.config.taskQueue,
      PASIENT_NOKKEL: s.pasientNokkel.toString('base64'),
      AUTH_DEV_SECRET: randomBytes(32).toString('base64'),
      DATA_DIR: data,
      LOG_LEVEL: 'warn',
      WEBHOOK_TILLAT_PRIVATE_ADRESSER: 'true',
    },
  });
}

beforeAll(async () => {
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'feil-worker-'));
  s = await startStack();
  await s.stoppWorker(); // the child processes are the only workers of this task queue
}, 60_000);
afterAll(async () => {
  for (const b of barn) await b.stopp(5000).catch(() => undefined);
  await s?.stopp();
  fs.rmSync(data, { recursive: true, force: true });
});

let besvart = 0;

/** Sends until the engine answers: 503 and dropped connections are retried with the same hendelseId. */
async function sendTilSvar(id: string, hendelse: Record<string, unknown>): Promise<number> {
  const slutt = Date.now() + 120_000;
  for (;;) {
    try {
      const r = await s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, hendelse);
      if (r.status !== 503) {
        besvart += 1;
        return r.status;
      }
    } catch {
      // the connection dropped: try again
    }
    if (Date.now() > slutt) throw new Error(`no answer for ${String(hendelse.type)} on ${id} within 120 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('a worker killed mid-batch loses nothing and doubles nothing', async () => {
  const a = startWorkerProsess('worker-a');
  barn.push(a);
  await a.venterPaLinje(/utskrivningsforløp is running/, 60_000);

  const innlagt = new Date(Date.now() - 3 * 3_600_000).toISOString();
  const ider: string[] = [];
  for (let i = 0; i < FORLOP; i++) {
    const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ oppholdskommune: KOMMUNE, innlagtTidspunkt: innlagt }));
    expect(r.status).toBe(201);
    ider.push(r.body.id);
  }

  // Each forløp gets the same six hendelser in order; the forløp go side by side.
  const steg = (n: number): Record<string, unknown>[] => [
    { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: new Date(Date.now() - 170 * 60_000).toISOString() },
    ...[1, 2, 3, 4].map((k) => ({ type: 'STATUSENDRING', tidspunkt: new Date(Date.now() - (160 - k) * 60_000).toISOString(), beskrivelse: `Endring ${n}.${k}` })),
    { type: 'UTSKRIVNINGSKLAR', tidspunkt: new Date().toISOString(), vurdertTidspunkt: new Date().toISOString(), vurdering: KOMPLETT },
  ].map((h) => ({ ...h, hendelseId: randomUUID() }));
  const batch = ider.map(async (id, n) => {
    const statuser: number[] = [];
    for (const h of steg(n)) statuser.push(await sendTilSvar(id, h));
    return statuser;
  });

  // Kill the worker while the batch runs (a few answered, most not), then let another take over.
  while (besvart < 6) await new Promise((r) => setTimeout(r, 20));
  process.kill(-a.pid, 'SIGKILL');
  const vedDrap = besvart;
  expect(vedDrap).toBeLessThan(FORLOP * 6);
  const b = startWorkerProsess('worker-b');
  barn.push(b);
  await b.venterPaLinje(/utskrivningsforløp is running/, 60_000);

  const svar = await Promise.all(batch);
  expect(svar.flat().every((x) => x === 200)).toBe(true);

  for (const id of ider) {
    const rader = await s.pool.query<{ sekvens: number; hendelse_id: string }>(
      'SELECT sekvens, hendelse_id FROM hendelse WHERE forlop_id = $1 ORDER BY sekvens',
      [id],
    );
    expect(rader.rows.map((r) => r.sekvens)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(rader.rows.map((r) => r.hendelse_id)).size).toBe(7);
    const wf = await s.client.workflow.getHandle(forlopWorkflowId(id)).query(tilstandQuery);
    const pg = await s.pool.query<{ siste_sekvens: number; status: string }>('SELECT siste_sekvens, status FROM forlop WHERE id = $1', [id]);
    expect({ sisteSekvens: pg.rows[0].siste_sekvens, status: pg.rows[0].status }).toEqual({ sisteSekvens: wf.sisteSekvens, status: wf.status });
    expect(wf.status).toBe('utskrivningsklar');
  }
  // The kommune's feed: one varsel per melding and per innleggelsesmelding/statusendring, numbered without a gap.
  const feed = await s.pool.query<{ sekvens: number }>('SELECT sekvens FROM varsel WHERE mottaker_org = $1 ORDER BY sekvens', [KOMMUNE]);
  expect(feed.rows.map((r) => r.sekvens)).toEqual(feed.rows.map((_, i) => i + 1));
  expect(feed.rows.length).toBe(FORLOP * 6);
}, 240_000);
