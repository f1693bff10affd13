/**
 * Faults: the API process is SIGKILLed in the middle of a batch of forløp (started with an
 * Idempotency-Key, then their hendelser), and a new API process takes its port. Clients retry
 * what did not answer with the very same request (Idempotency-Key, hendelseId). Afterwards
 * every forløp exists once, every accepted hendelse is in PostgreSQL exactly once, the workflow
 * and PostgreSQL agree, and the kommune's varsel feed has no gap.
 *
 * The API runs as a child process (test/helpers/prosess.ts); the worker runs in this process.
 * The first API holds one chosen POST /forlop right after storing its Idempotency-Key (the
 * test-only TEST_HOLD_ETTER_IDEMPOTENSNOKKEL, config/index.ts), so the kill surely lands while
 * that request is in flight, whatever the load. Kommune 1816 (Vevelstad) is this file's own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ledigPort } from '../../scripts/dev-services';
import type { Principal } from '../../workflows/types';
import { KOMPLETT } from '../helpers/fakta';
import { drep, lagKall, nyBakgrunn, nyeForsok, sendTilSvar, motorStarter, type MotorProsess } from '../helpers/prosess';
import { forventFeedUtenHull, forventSamsvar } from '../helpers/samsvar';
import { forlopBody, startStack, venterPa, type Stack } from '../helpers/stack';

const SYKEHUS: Principal = { rolle: 'sykehus', org: 'HSYK-MO' };
const KOMMUNE = '1816';
const FORLOP = 6;
const HENDELSER = 5;

let s: Stack;
const barn: MotorProsess[] = [];
const jwtSecret = new Uint8Array(randomBytes(32));
let port: number;

const startMotor = motorStarter(barn, () => ({
  port,
  jwtSecret,
  temporalAddress: process.env.TEMPORAL_ADDRESS!,
  databaseUrl: process.env.DATABASE_URL!,
  taskQueue: s.config.taskQueue,
  pasientNokkel: s.pasientNokkel,
}));
const startApiProsess = (navn: string, env?: Record<string, string>) => startMotor(navn, 'api', env);
/** The batch's clients: stopped at cleanup if the test fails before they are done. */
const bakgrunn = nyBakgrunn();

beforeAll(async () => {
  [s, port] = await Promise.all([startStack(), ledigPort()]); // the worker of this file's task queue runs here
}, 300_000); // the worker bundles the workflow code first: minutes on a busy machine
afterAll(async () => {
  for (const b of barn) await b.stopp(5000).catch(() => undefined);
  await bakgrunn.avbryt();
  await s?.stopp();
});

test('an API process killed mid-batch loses nothing and doubles nothing', async () => {
  const nokler = Array.from({ length: FORLOP }, () => `feil-api-${randomUUID()}`);
  // The fourth forløp's POST is the one in flight at the kill: API a holds it once its key is stored.
  const iLufta = nokler[3];
  const a = await startApiProsess('api-a', { TEST_HOLD_ETTER_IDEMPOTENSNOKKEL: iLufta });
  const kall = lagKall(`http://127.0.0.1:${port}`, jwtSecret);
  const forsok = nyeForsok();
  const { signal } = bakgrunn;

  const innlagt = new Date(Date.now() - 3 * 3_600_000).toISOString();
  let besvart = 0;
  const startBesvart = new Set<string>();
  // Each forløp: POST /forlop with its Idempotency-Key, then five hendelser in order; the forløp
  // go side by side, each starting a little after the one before.
  const batch = nokler.map((nokkel, n) =>
    bakgrunn.folg(
      (async () => {
        await new Promise((r) => setTimeout(r, n * 150));
        const start = await sendTilSvar(kall, SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ oppholdskommune: KOMMUNE, innlagtTidspunkt: innlagt }), {
          headers: { 'idempotency-key': nokkel },
          forsok,
          signal,
        });
        startBesvart.add(nokkel);
        besvart += 1;
        const id: string = start.body?.id;
        const hendelser = [
          { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: new Date(Date.now() - 170 * 60_000).toISOString() },
          ...[1, 2, 3].map((k) => ({
            type: 'STATUSENDRING',
            tidspunkt: new Date(Date.now() - (160 - k) * 60_000).toISOString(),
            beskrivelse: `Endring ${n}.${k}`,
          })),
          { type: 'UTSKRIVNINGSKLAR', tidspunkt: new Date().toISOString(), vurdertTidspunkt: new Date().toISOString(), vurdering: KOMPLETT },
        ].map((h) => ({ ...h, hendelseId: randomUUID() }));
        const statuser = [start.status];
        for (const h of hendelser) {
          statuser.push((await sendTilSvar(kall, SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, h, { forsok, signal })).status);
          besvart += 1;
        }
        return { id, statuser, hendelseIder: hendelser.map((h) => h.hendelseId) };
      })(),
    ),
  );

  // Kill the API while the batch runs: once the held forløp's Idempotency-Key is stored (the
  // request held there, nothing started for it) and a few other requests have been answered.
  await venterPa(
    async () => {
      if (besvart < 3) return undefined;
      const lagret = await s.pool.query('SELECT 1 FROM idempotens WHERE org = $1 AND nokkel = $2', [SYKEHUS.org, iLufta]);
      return lagret.rowCount ? true : undefined;
    },
    120_000,
    "the held POST /forlop's key stored and three answers",
  );
  await drep(a);
  expect(startBesvart.has(iLufta)).toBe(false); // its POST /forlop was caught between its key and its answer
  // Nothing was started for it before the kill: its retry to API b starts the forløp.
  const forKill = await s.pool.query('SELECT f.id FROM forlop f JOIN idempotens i ON i.forlop_id = f.id WHERE i.org = $1 AND i.nokkel = $2', [
    SYKEHUS.org,
    iLufta,
  ]);
  expect(forKill.rowCount).toBe(0);
  expect(besvart).toBeLessThan(FORLOP * (1 + HENDELSER));
  await startApiProsess('api-b');

  const svar = await Promise.all(batch);
  expect(svar.map((x) => x.statuser)).toEqual(svar.map(() => [201, ...Array(HENDELSER).fill(200)]));
  // The clients really met the dead API (no answer), and never a 5xx but 503.
  expect(forsok.statuser.filter((x) => x === 0).length).toBeGreaterThan(0);
  expect(forsok.statuser.filter((x) => x >= 500 && x !== 503)).toEqual([]);

  // One forløp per Idempotency-Key: the retried POSTs started nothing twice.
  const ider = svar.map((x) => x.id);
  expect(new Set(ider).size).toBe(FORLOP);
  const iKommunen = await s.pool.query<{ id: string }>('SELECT id FROM forlop WHERE oppholdskommune = $1', [KOMMUNE]);
  expect(iKommunen.rows.map((r) => r.id).sort()).toEqual([...ider].sort());

  for (const { id, hendelseIder } of svar) {
    const f = await forventSamsvar(s.pool, s.client, id, hendelseIder);
    expect(f.hendelser).toHaveLength(1 + HENDELSER); // INNLAGT and the five
    expect(f.status).toBe('utskrivningsklar');
  }
  // The kommune's feed: a varsel per innleggelsesmelding, statusendring and melding, numbered without a gap.
  expect(await forventFeedUtenHull(s.pool, KOMMUNE)).toHaveLength(FORLOP * HENDELSER);
}, 240_000);
