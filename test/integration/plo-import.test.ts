/**
 * The PLO archive import (`npm run plo:import`, plo/import.ts) against the real engine: the
 * simulator's small year written as the hospital's PLO archive (sim/plo-arkiv.ts) and imported
 * by the command into a fresh database, killed midway and run again; then every forløp and the
 * indicators compared with the simulator's ground truth (sim/fasit.ts) through the API, nothing
 * stored twice, no varsel and no webhook. And the import's forløp equal those of the same
 * messages posted one by one to POST /plo/meldinger.
 *
 * The timeouts (900 s) are a hang guard, not a speed judge: at load 10 in CI the file took over 179 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { standardFrister } from '../../sim/fasit';
import { Klient } from '../../sim/klient';
import { standardKriterier } from '../../sim/modell';
import { ploArkiv, seedAdresser, skrivArkiv, type PloArkiv } from '../../sim/plo-arkiv';
import { sammenlign } from '../../sim/sammenligning';
import { nyTilstand, planFor } from '../../sim/simulering';
import { lagEgenDatabase, type EgenDatabase } from '../helpers/egen-database';
import { noterFnr, noterNavn } from '../helpers/logg';
import { lagPool, type Pool } from '../../db/pool';
import { startStack, testFnr, type Stack } from '../helpers/stack';

const REPO = path.resolve(__dirname, '..', '..');
const SYKEHUS_MO = { rolle: 'sykehus' as const, org: 'HSYK-MO' };

let db: EgenDatabase | undefined;
let stack: Stack | undefined;
let db2: EgenDatabase | undefined;
let mappe = '';
let arkiv: PloArkiv;
const naa = Date.now() - 60_000;

beforeAll(async () => {
  db = await lagEgenDatabase();
  stack = await startStack({ databaseUrl: db.url });
  const t = nyTilstand('plo-import', 'small', naa);
  t.kriterier = standardKriterier();
  const { plan } = planFor(t);
  arkiv = ploArkiv(plan.forlop, naa, t.kriterier, seedAdresser(), t.runId);
  for (const f of plan.forlop) noterFnr(f.fnr);
  const navn = new Set(arkiv.filer.flatMap((f) => [...f.xml.matchAll(/<(?:FamilyName|GivenName)>([^<]+)</g)].map((m) => m[1])));
  noterNavn(...navn);
  mappe = fs.mkdtempSync(path.join(os.tmpdir(), 'plo-arkiv-'));
  skrivArkiv(arkiv, mappe);
}, 900_000);

afterAll(async () => {
  await stack?.stopp();
  await db?.drop();
  await db2?.drop();
  if (mappe) fs.rmSync(mappe, { recursive: true, force: true });
});

/** `npm run plo:import -- <mappe>` as a child process against the test's database and Temporal; its output into the run's logs. */
function importer(v: { ekstra?: string[]; mappe?: string; databaseUrl?: string; koe?: string } = {}): {
  barn: ChildProcess;
  ferdig: Promise<{ kode: number | null; ut: string }>;
} {
  const s = stack!;
  const logg = process.env.TEST_LOGG_MAPPE ? fs.openSync(path.join(process.env.TEST_LOGG_MAPPE, `plo-import-${process.pid}-${Date.now()}.log`), 'a') : 'ignore';
  const barn = spawn(process.execPath, ['--import', 'tsx', 'scripts/plo-import.ts', v.mappe ?? mappe, ...(v.ekstra ?? [])], {
    cwd: REPO,
    env: {
      ...process.env,
      DATABASE_URL: v.databaseUrl ?? db!.url,
      TEMPORAL_ADDRESS: s.config.temporalAddress,
      TEMPORAL_TASK_QUEUE: v.koe ?? s.config.taskQueue,
      PASIENT_NOKKEL: s.pasientNokkel.toString('base64'),
    },
    stdio: ['ignore', 'pipe', logg],
  });
  let ut = '';
  barn.stdout!.on('data', (d: Buffer) => {
    ut += d.toString();
    if (typeof logg === 'number') fs.appendFileSync(logg, d);
  });
  const ferdig = new Promise<{ kode: number | null; ut: string }>((resolve) => barn.on('exit', (kode) => resolve({ kode, ut })));
  return { barn, ferdig };
}

const antall = async (sql: string, params: unknown[] = []): Promise<number> => Number((await stack!.pool.query<{ n: string }>(sql, params)).rows[0].n);

test('a simulated year as PLO archive: killed midway and run again, every forløp and indicator agrees with the ground truth; nothing twice, no varsel, no webhook', async () => {
  const s = stack!;
  const meldinger = arkiv.filer.length;
  expect(meldinger).toBeGreaterThan(200);
  // A kommune with a webhook: an import must deliver nothing to it.
  const hook = await s.kall({ rolle: 'kommune', org: '1833' }, 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/ingen' });
  expect([200, 201]).toContain(hook.status);

  // Killed once some batches are stored (a condition, polled), then the same command again.
  const forst = importer({ ekstra: ['--batch', '10'] });
  for (;;) {
    const n = await antall('SELECT count(*) AS n FROM plo_melding');
    if (n > 0) break;
    const ferdig = await Promise.race([forst.ferdig.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 20))]);
    if (ferdig) break;
  }
  forst.barn.kill('SIGKILL');
  await forst.ferdig;
  const forKill = await antall('SELECT count(*) AS n FROM plo_melding');
  expect(forKill).toBeGreaterThan(0);
  expect(forKill).toBeLessThan(meldinger);

  const andre = await importer().ferdig;
  expect(andre.kode).toBe(0);
  expect(andre.ut).toMatch(/PLO-import: \d+ filer/);
  expect(andre.ut).toContain(`importert før:        ${forKill}`);

  // Every message once, receipted; the forløp the archive tells, by the ids their first message names.
  expect(await antall("SELECT count(*) AS n FROM plo_melding WHERE kvittering IS NOT NULL AND status <> 'mottatt'")).toBe(meldinger);
  const ider = Object.values(arkiv.forlopId);
  expect(await antall('SELECT count(*) AS n FROM forlop WHERE id = ANY($1::uuid[])', [ider])).toBe(ider.length);
  expect(await antall('SELECT count(*) AS n FROM forlop')).toBe(ider.length);

  // Compared with the ground truth as the simulator compares a driven year: each forløp through the API, then the report.
  const k = {
    ider: arkiv.forlopId,
    sendt: {} as Record<string, number>,
    feil: {} as Record<string, string>,
    sekunder: 0,
  };
  const rader = await s.pool.query<{ msg_id: string; status: string; anvendt: boolean | null; feil: Array<{ tekst: string }> }>(
    'SELECT msg_id, status, anvendt, feil FROM plo_melding',
  );
  const perMsg = new Map(rader.rows.map((r) => [r.msg_id, r]));
  for (const [nokkel, hendelser] of arkiv.plan.sendes) {
    k.sendt[`${nokkel}/innlagt`] = 200;
    for (const h of hendelser.slice(1)) {
      const r = perMsg.get(arkiv.melding[h.nokkel].msgId);
      k.sendt[h.nokkel] = r?.status === 'ok' && r.anvendt ? 200 : 409;
      if (r && !(r.status === 'ok' && r.anvendt)) k.feil[h.nokkel] = r.feil[0]?.tekst ?? 'ikke anvendt';
    }
  }
  const klient = new Klient(s.baseUrl, (p) => s.token(p.rolle, p.org));
  const fra = new Date(Math.min(...arkiv.plan.forlop.map((f) => f.innlagt))).toISOString().slice(0, 10);
  const r = await sammenlign(arkiv.plan, k, klient, () => standardFrister(), {
    samtidighet: 8,
    dognpris: Object.fromEntries(
      ((await s.kall({ rolle: 'admin', org: '' }, 'GET', '/api/v1/konfigurasjon/dognpris')).body.data as Array<{ ar: number; belop: number }>).map((d) => [
        String(d.ar),
        d.belop,
      ]),
    ),
    rapporter: true,
    fra,
    til: new Date().toISOString().slice(0, 10),
    logg: () => undefined,
  });
  for (const felt of ['status', 'avvik', 'overliggerdogn.dager', 'hendelser godtatt', 'rapport: forlop', 'rapport: overliggerdogn', 'rapport: avvikPerType']) {
    expect(r.felt[felt]?.enige).toBeGreaterThan(0);
  }
  expect(r.uenigheter).toEqual([]);

  // History is not news: no varsel, no webhook delivery, no avvik follow-up workflow.
  expect(await antall('SELECT count(*) AS n FROM varsel')).toBe(0);
  expect(await antall('SELECT count(*) AS n FROM webhook_forsok')).toBe(0);

  // A third run changes nothing.
  const [hendelser, avvik] = [await antall('SELECT count(*) AS n FROM hendelse'), await antall('SELECT count(*) AS n FROM avvik')];
  const tredje = await importer().ferdig;
  expect(tredje.kode).toBe(0);
  expect(tredje.ut).toContain(`importert før:        ${meldinger}`);
  expect(await antall('SELECT count(*) AS n FROM hendelse')).toBe(hendelser);
  expect(await antall('SELECT count(*) AS n FROM avvik')).toBe(avvik);
  expect(await antall('SELECT count(*) AS n FROM varsel')).toBe(0);
}, 900_000);

test('the import makes the same forløp as the same messages posted one by one to POST /plo/meldinger', async () => {
  const s = stack!;
  // A dozen forløp at Mo i Rana of the archive, for new patients under new MsgIds, as the EPJ sent them.
  const valgte = arkiv.plan.forlop.filter((f) => f.sykehus === 'HSYK-MO').slice(0, 12);
  const msgIder = new Set(valgte.flatMap((f) => f.hendelser.slice(1).map((h) => arkiv.melding[h.nokkel].msgId)));
  const nyFnr = new Map<string, string>();
  const nyId = new Map<string, string>();
  const sendes = arkiv.filer
    .filter((f) => msgIder.has(/<MsgId>([^<]+)<\/MsgId>/.exec(f.xml)![1]))
    .map((f) => {
      let xml = f.xml.replace(/<Id>(\d{11})<\/Id>/, (_, fnr: string) => {
        if (!nyFnr.has(fnr)) nyFnr.set(fnr, testFnr(1940 + nyFnr.size));
        return `<Id>${nyFnr.get(fnr)}</Id>`;
      });
      xml = xml.replace(/(<MsgId>|<RefToParent>|<RefToConversation>)([^<]+)</g, (_, tag: string, id: string) => {
        if (!nyId.has(id)) nyId.set(id, randomUUID());
        return `${tag}${nyId.get(id)}<`;
      });
      return { navn: f.navn, xml };
    });
  for (const fnr of nyFnr.values()) noterFnr(fnr);
  expect(sendes.length).toBeGreaterThan(12);
  for (const f of sendes) {
    const res = await fetch(`${s.baseUrl}/api/v1/plo/meldinger`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await s.token(SYKEHUS_MO.rolle, SYKEHUS_MO.org)}`, 'content-type': 'application/xml' },
      body: f.xml,
    });
    expect(res.status).toBe(200);
  }
  // The same files imported into a database of their own (their open forløp's workflows on a queue no worker serves: only the stored state is compared).
  const enkelt = fs.mkdtempSync(path.join(os.tmpdir(), 'plo-enkelt-'));
  for (const f of sendes) fs.writeFileSync(path.join(enkelt, f.navn), f.xml);
  db2 = await lagEgenDatabase();
  const r = await importer({ mappe: enkelt, databaseUrl: db2.url, koe: `ingen-${randomUUID()}` }).ferdig;
  fs.rmSync(enkelt, { recursive: true, force: true });
  expect(r.kode).toBe(0);
  const pool2 = lagPool(db2.url, 2);
  try {
    const ider = [...new Set((await pool2.query<{ id: string }>('SELECT id FROM forlop')).rows.map((x) => x.id))];
    expect(ider.length).toBeGreaterThanOrEqual(10);
    const bilde = async (p: Pool) => ({
      forlop: (
        await p.query(
          `SELECT id, status, kartlegging_inkludert, kartlegging_status, frister, siste_sekvens, utskrevet_tidspunkt, destinasjon, innlagt_tidspunkt,
                  forste_utskrivningsklar_tidspunkt, oppholdskommune, sykehus, avdeling FROM forlop WHERE id = ANY($1::uuid[]) ORDER BY id`,
          [ider],
        )
      ).rows,
      hendelser: (
        await p.query(
          'SELECT forlop_id, sekvens, hendelse_id, type, tidspunkt, data FROM hendelse WHERE forlop_id = ANY($1::uuid[]) ORDER BY forlop_id, sekvens',
          [ider],
        )
      ).rows,
      avvik: (
        await p.query(
          "SELECT forlop_id, nokkel, type, status, frist, brutt, tekst FROM avvik WHERE forlop_id = ANY($1::uuid[]) AND status <> 'trukket' ORDER BY forlop_id, nokkel",
          [ider],
        )
      ).rows,
      dager: (
        await p.query(
          'SELECT forlop_id, dato, belop, betalingsvilkar_oppfylt, omstridt FROM overliggerdogn_dag WHERE forlop_id = ANY($1::uuid[]) ORDER BY forlop_id, dato',
          [ider],
        )
      ).rows,
      meldinger: (
        await p.query(
          'SELECT msg_id, status, anvendt, forlop_id, hendelse_ider, kansellert_av FROM plo_melding WHERE msg_id = ANY($1::text[]) ORDER BY msg_id',
          [[...nyId.values()]],
        )
      ).rows,
    });
    // The avvik that stand. Live ingestion of a back-dated message starts the forløp at its arrival, when a frist may
    // already look broken, and withdraws that avvik at the next hendelse (kept as `trukket`); the import replays
    // each message at its GenDate, so an avvik that was never a breach is never made.
    const importert = await bilde(pool2);
    expect(importert.hendelser.length).toBeGreaterThan(ider.length);
    expect(importert.meldinger.length).toBe(sendes.length);
    expect(importert).toEqual(await bilde(s.pool));
  } finally {
    await pool2.end();
  }
}, 900_000);
