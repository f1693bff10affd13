/**
 * Faults: PostgreSQL away for a while, in the middle of a batch of forløp whose frister fall
 * due while it is away. The API answers 503 with Retry-After (problem+json) for as long as it
 * is down, never a 500, and /readyz says which dependency is missing. When it is back,
 * every accepted hendelse is in PostgreSQL exactly once, the workflow and PostgreSQL agree,
 * every broken frist has exactly one avvik, the kommune's feed has no gap and every varsel is
 * at its webhook.
 *
 * And the hard case of the agreement rule: a hendelse the workflow has accepted whose write
 * fails (PostgreSQL away) and whose worker then dies, so its workflow task fails; after
 * recovery it is stored once and both sides agree.
 *
 * This file owns its PostgreSQL (an embedded cluster, test/helpers/egen-postgres.ts) and runs
 * the worker as a child process; the API runs in this process. Temporal is the run's.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { lagTempDir } from '../../scripts/dev-services';
import { forlopWorkflowId, hendelseUpdate } from '../../workflows/definitions';
import type { Principal } from '../../workflows/types';
import type { HendelseInput } from '../../workflows/hendelser';
import { startEgenPostgres, type EgenPostgres } from '../helpers/egen-postgres';
import { KOMPLETT } from '../helpers/fakta';
import { startMottaker, type Mottaker } from '../helpers/mottaker';
import { drep, nyBakgrunn, nyeForsok, sendTilSvar, motorStarter, type MotorProsess } from '../helpers/prosess';
import { forventAltLevert, forventFeedUtenHull, forventSamsvar } from '../helpers/samsvar';
import { forlopBody, startStack, venterPa, type Stack } from '../helpers/stack';

const SYKEHUS: Principal = { rolle: 'sykehus', org: 'HSYK-MO' };
const ADMIN: Principal = { rolle: 'admin', org: '' };
const KOMMUNE = '1833';
const RANA: Principal = { rolle: 'kommune', org: KOMMUNE };
const FORLOP = 5;
/** Rana's samarbeidsavtale, shortened: the answer is due KOMMUNESVAR_MS after the melding. */
const KOMMUNESVAR_MS = 15_000;

let dir: string;
let pg: EgenPostgres;
let s: Stack;
let mottaker: Mottaker;
let worker: MotorProsess;
const barn: MotorProsess[] = [];

const startMotor = motorStarter(barn, () => ({
  temporalAddress: process.env.TEMPORAL_ADDRESS!,
  databaseUrl: pg.url,
  taskQueue: s.config.taskQueue,
  pasientNokkel: s.pasientNokkel,
}));
const startWorkerProsess = (navn: string) => startMotor(navn, 'worker');
/** The batch's clients: stopped at cleanup if the test fails before they are done. */
const bakgrunn = nyBakgrunn();

const naa = (minutter = 0) => new Date(Date.now() - minutter * 60_000).toISOString();

beforeAll(async () => {
  dir = await lagTempDir('feil-postgres-');
  pg = await startEgenPostgres(`${dir}/pg`);
  s = await startStack({ databaseUrl: pg.url, worker: false });
  [worker, mottaker] = await Promise.all([startWorkerProsess('worker-a'), startMottaker()]);
  // Rana's samarbeidsavtale, shortened: the answer is due 15 s after the melding, a reminder 8 s before.
  const k = await s.kall(ADMIN, 'PUT', `/api/v1/konfigurasjon/kommuner/${KOMMUNE}`, {
    kommunesvar: `PT${KOMMUNESVAR_MS / 1000}S`,
    kommunesvarPaminnelseFor: 'PT8S',
  });
  expect(k.status).toBe(200);
  expect((await s.kall(RANA, 'POST', '/api/v1/webhooks', { url: mottaker.url })).status).toBe(201);
}, 300_000); // a PostgreSQL, a worker process and its workflow bundle: minutes on a busy machine
afterAll(async () => {
  for (const b of barn) await b.stopp(5000).catch(() => undefined);
  await bakgrunn.avbryt();
  await s?.stopp();
  await mottaker?.stopp();
  await pg?.stopp();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 90_000);

test('PostgreSQL away mid-batch: 503 with Retry-After while it is down; afterwards nothing lost, nothing doubled, every frist broken once, every varsel delivered', async () => {
  const ider: string[] = [];
  for (let i = 0; i < FORLOP; i++) {
    const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ oppholdskommune: KOMMUNE, innlagtTidspunkt: naa(180) }));
    expect(r.status).toBe(201);
    ider.push(r.body.id);
  }

  // Each forløp: the innleggelsesmelding and the melding (its answer frist starts), then four
  // statusendringer: the first answered before the outage, the other three sent only once
  // PostgreSQL is away, so they surely meet it (each waits through the outage for its answer),
  // whatever the load. PostgreSQL goes only once every first statusendring is answered: one still
  // in flight would wait in its workflow's write through the whole outage, and the three after it
  // would be sent only once PostgreSQL is back (a busy machine did that to all five).
  const forsok = nyeForsok();
  const { signal } = bakgrunn;
  const meldt = new Map<string, number>(); // forløp id → the melding's tidspunkt (ms)
  const forOpphold = new Set<string>(); // forløp whose hendelser before the outage are all answered
  let borte!: () => void;
  const pgBorte = new Promise<void>((r) => (borte = r));
  const batch = ider.map((id, n) =>
    bakgrunn.folg(
      (async () => {
        const hendelseIder: string[] = [];
        const statuser: number[] = [];
        const typer = ['INNLEGGELSESMELDING_SENDT', 'UTSKRIVNINGSKLAR', 'STATUSENDRING', 'STATUSENDRING', 'STATUSENDRING', 'STATUSENDRING'];
        for (const [i, type] of typer.entries()) {
          if (i === 3) await pgBorte;
          // Stamped when sent: the melding's answer frist counts from its tidspunkt.
          const tidspunkt = type === 'INNLEGGELSESMELDING_SENDT' ? naa(170) : naa();
          const h = {
            hendelseId: randomUUID(),
            type,
            tidspunkt,
            ...(type === 'UTSKRIVNINGSKLAR' ? { vurdertTidspunkt: tidspunkt, vurdering: KOMPLETT } : {}),
            ...(type === 'STATUSENDRING' ? { beskrivelse: `Endring ${n}.${i - 1}` } : {}),
          };
          hendelseIder.push(h.hendelseId);
          statuser.push((await sendTilSvar(s.kall, SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, h, { forsok, signal })).status);
          if (type === 'UTSKRIVNINGSKLAR') meldt.set(id, Date.parse(tidspunkt));
          if (i === 2) forOpphold.add(id);
        }
        return { id, statuser, hendelseIder };
      })(),
    ),
  );

  // Every forløp meldt and its first statusendring answered: PostgreSQL goes away for at least
  // 10 s, and until every answer frist has fallen due (the reminders and breaches come while it
  // is away; the breaches surely do).
  await venterPa(async () => (forOpphold.size === FORLOP ? true : undefined), 120_000, 'every melding and first statusendring');
  await pg.stopp();
  const nede = Date.now();
  borte();
  const klar = await fetch(`${s.baseUrl}/readyz`);
  const klarBody = (await klar.json()) as { postgres?: string; temporal?: string };
  expect({ status: klar.status, retryAfter: klar.headers.get('retry-after'), postgres: klarBody.postgres, temporal: klarBody.temporal }).toEqual({
    status: 503,
    retryAfter: '5',
    postgres: 'feil',
    temporal: 'ok',
  });
  // A read while it is away: the same answer as the writes get.
  const les = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${ider[0]}`);
  expect({ status: les.status, type: les.body?.type, retryAfter: les.headers.get('retry-after') }).toEqual({
    status: 503,
    type: 'https://utskrivningsforlop.no/problem/utilgjengelig',
    retryAfter: '5',
  });
  const sisteBrudd = Math.max(...meldt.values()) + KOMMUNESVAR_MS;
  await new Promise((r) => setTimeout(r, Math.max(0, nede + 10_000 - Date.now(), sisteBrudd + 1000 - Date.now())));
  pg = await startEgenPostgres(`${dir}/pg`, pg.port);

  const svar = await Promise.all(batch);
  expect(svar.map((x) => x.statuser)).toEqual(svar.map(() => Array(6).fill(200)));
  // While it was away the clients got 503s, each with Retry-After and a problem body; never a 500.
  expect(forsok.utilgjengelig.length).toBeGreaterThan(0);
  for (const u of forsok.utilgjengelig) {
    expect(u).toEqual({
      retryAfter: '5',
      contentType: expect.stringMatching(/^application\/problem\+json/),
      type: 'https://utskrivningsforlop.no/problem/utilgjengelig',
    });
  }
  expect(forsok.statuser.filter((x) => x >= 500 && x !== 503)).toEqual([]);
  expect((await fetch(`${s.baseUrl}/readyz`)).status).toBe(200);

  // Every answer frist broke (during the outage): wait until the workflow has written them all.
  await venterPa(
    async () => {
      const { rows } = await s.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM avvik WHERE type = 'KOMMUNESVAR' AND forlop_id = ANY($1)", [ider]);
      return rows[0].n >= FORLOP ? true : undefined;
    },
    90_000,
    'the answer frister broken',
  );
  for (const { id, hendelseIder } of svar) {
    const f = await forventSamsvar(s.pool, s.client, id, hendelseIder);
    expect(f.hendelser).toHaveLength(7);
    expect(f.status).toBe('utskrivningsklar');
    expect(f.avvik.map((a) => a.type)).toEqual(['KOMMUNESVAR']);
  }
  // The kommune's feed: per forløp the innleggelsesmelding and four statusendringer (varsler of
  // type INNLEGGELSESMELDING), the melding and one breach; and at most one reminder: the wake at
  // the reminder's instant waits its turn behind a hendelse whose write waits for the database,
  // and a reminder whose frist has broken meanwhile is not sent (nothing left to remind of).
  const feed = await forventFeedUtenHull(s.pool, KOMMUNE);
  for (const id of ider) {
    const typer = feed.filter((v) => v.forlop_id === id).map((v) => v.type);
    expect(typer.filter((t) => t !== 'PAMINNELSE').sort()).toEqual(['FRIST_BRUTT', ...Array(5).fill('INNLEGGELSESMELDING'), 'UTSKRIVNINGSKLAR']);
    expect(typer.filter((t) => t === 'PAMINNELSE').length).toBeLessThanOrEqual(1);
  }
  expect(await forventAltLevert(s.pool, KOMMUNE, mottaker)).toBe(feed.length);
}, 240_000);

test('a hendelse accepted by the workflow, its write failing (PostgreSQL away) and its worker dying: stored once after recovery, both sides agree', async () => {
  const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ oppholdskommune: KOMMUNE, innlagtTidspunkt: naa(180) }));
  expect(r.status).toBe(201);
  const id: string = r.body.id;
  const handle = s.client.workflow.getHandle(forlopWorkflowId(id));
  const for_ = (await handle.fetchHistory()).events?.length ?? 0;

  await pg.stopp();
  // The hendelse reaches the workflow (straight to Temporal: the API itself needs PostgreSQL to
  // check the caller's scope first, and answers 503 meanwhile). The workflow takes it, and its
  // write fails and is retried while the worker lives.
  const input: HendelseInput = {
    hendelseId: randomUUID(),
    type: 'INNLEGGELSESMELDING_SENDT',
    tidspunkt: naa(170),
    registrert: naa(),
    av: SYKEHUS,
    data: {},
  };
  const underveis = handle.executeUpdate(hendelseUpdate, { args: [input], updateId: input.hendelseId }).then(
    (v) => v,
    (e: unknown) => e as Error,
  );
  // Wait until the worker holds that workflow task (started, its write being retried), and a moment more.
  await venterPa(
    async () => {
      const d = await handle.describe();
      return d.raw.pendingWorkflowTask?.state === temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED ? true : undefined;
    },
    30_000,
    'the workflow task started by the worker',
  );
  await new Promise((r) => setTimeout(r, 1000));
  // The worker dies in the middle of that workflow task; PostgreSQL comes back; another worker takes over.
  await drep(worker);
  pg = await startEgenPostgres(`${dir}/pg`, pg.port);
  worker = await startWorkerProsess('worker-b');

  // The client sends the same hendelse again (same hendelseId) until it is answered.
  const svar = await sendTilSvar(s.kall, SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, {
    hendelseId: input.hendelseId,
    type: input.type,
    tidspunkt: input.tidspunkt,
  });
  expect(svar.status).toBe(200);
  expect(svar.body.status).toBe('innlagt');
  const forste = await underveis;
  expect(forste).toMatchObject({ sekvens: 2 }); // the first sender got its answer too, the same one

  // The fault really happened: the workflow task that held the hendelse timed out with its worker.
  const typer = ((await handle.fetchHistory()).events ?? []).slice(for_).map((e) => e.eventType);
  expect(typer).toContain(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);

  const f = await forventSamsvar(s.pool, s.client, id, [input.hendelseId]);
  expect(f.hendelser).toHaveLength(2);
}, 180_000);
