/**
 * A kansellering in the PLO archive import (plo/import.ts) whose cancelled message was written
 * before it: in an earlier batch (`--batch 1`: every message its own), or by an earlier run of
 * the import over the archive before it grew. The stored rows must be what live ingestion stores
 * for the same messages posted to POST /plo/meldinger: the cancelled message marked
 * `kansellert_av` where live marks it, and not where live does not.
 *
 * Small on purpose: the year-sized archive is plo-import.test.ts's.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { lagPool, type Pool } from '../../db/pool';
import { lagEgenDatabase, type EgenDatabase } from '../helpers/egen-database';
import { noterFnr, noterNavn } from '../helpers/logg';
import { ploXml, type TestMelding } from '../helpers/plo';
import { RANA, SYKEHUS, startStack, testFnr, type Stack } from '../helpers/stack';
import type { Principal } from '../../workflows/types';

const REPO = path.resolve(__dirname, '..', '..');
// The seeded address table (db/seed/helgeland.json): Mo i Rana's medical ward, Rana kommune's Saksbehandler PLO.
const MO_MEDISINSK: [string, string] = ['8100000', '8101001'];
const RANA_PLO: [string, string] = ['918330', '918331'];
const MO_MOTTAK: [string, string] = ['8100000', '8101000'];

let stack: Stack | undefined;
const databaser: EgenDatabase[] = [];
const mapper: string[] = [];

beforeAll(async () => {
  stack = await startStack();
}, 300_000);

afterAll(async () => {
  await stack?.stopp();
  for (const d of databaser) await d.drop();
  for (const m of mapper) fs.rmSync(m, { recursive: true, force: true });
});

/** Local Norwegian time without offset, as an EPJ writes GenDate, `minutter` ago. */
const lokal = (minutter: number): string => DateTime.now().setZone('Europe/Oslo').minus({ minutes: minutter }).toFormat("yyyy-MM-dd'T'HH:mm:ss");

let teller = 0;
function pasient(): Pick<TestMelding, 'fnr' | 'fornavn' | 'etternavn'> {
  const unik = `${Date.now().toString(36)}${(teller++).toString(36)}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]);
  const p = { fnr: testFnr(), fornavn: `Ingrid${unik}`, etternavn: `Sandnes${unik}` };
  noterFnr(p.fnr);
  noterNavn(p.fornavn, p.etternavn);
  return p;
}

interface Fil {
  xml: string;
  msgId: string;
  /** Who posts it live: the kommune what Rana sent, else the sykehus. */
  av: Principal;
}

type Melding = Omit<TestMelding, 'avsender' | 'mottaker'> & Partial<Pick<TestMelding, 'avsender' | 'mottaker'>>;
const filer = (meldinger: Melding[]): Fil[] =>
  meldinger.map((m) => ({ ...ploXml({ avsender: MO_MEDISINSK, mottaker: RANA_PLO, ...m }), av: m.avsender === RANA_PLO ? RANA : SYKEHUS }));

/** The archive: its files named in sending order (the import reads them by name); `fra` numbers files added to it. */
function skrivMappe(f: readonly Fil[], mappe = fs.mkdtempSync(path.join(os.tmpdir(), 'plo-kansellering-')), fra = 0): string {
  if (!mapper.includes(mappe)) mapper.push(mappe);
  f.forEach((x, i) => fs.writeFileSync(path.join(mappe, `${String(fra + i).padStart(4, '0')}-${x.msgId}.xml`), x.xml));
  return mappe;
}

/**
 * `npm run plo:import -- <mappe>` into a database of its own; open forløp's workflows on a queue no
 * worker serves (only the stored rows are compared). Temporal is shared and the workflow ids follow
 * the MsgIds, so the live posts come first: the import leaves a workflow already started as it is.
 */
async function importer(mappe: string, databaseUrl: string, ekstra: string[] = []): Promise<void> {
  const s = stack!;
  const barn = spawn(process.execPath, ['--import', 'tsx', 'scripts/plo-import.ts', mappe, ...ekstra], {
    cwd: REPO,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: s.config.temporalAddress,
      TEMPORAL_TASK_QUEUE: `ingen-${randomUUID()}`,
      PASIENT_NOKKEL: s.pasientNokkel.toString('base64'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let feil = '';
  barn.stderr!.on('data', (d: Buffer) => (feil += d.toString()));
  barn.stdout!.resume();
  const kode = await new Promise<number | null>((resolve) => barn.on('exit', resolve));
  expect({ kode, feil }).toEqual({ kode: 0, feil: expect.any(String) });
}

async function postLive(f: readonly Fil[]): Promise<void> {
  const s = stack!;
  for (const x of f) {
    const res = await fetch(`${s.baseUrl}/api/v1/plo/meldinger`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await s.token(x.av.rolle, x.av.org)}`, 'content-type': 'application/xml' },
      body: x.xml,
      signal: AbortSignal.timeout(120_000),
    });
    expect(res.status).toBe(200);
  }
}

/** What a reader of the log sees of the messages, and the status of the forløp they name. */
async function bilde(p: Pool, f: readonly Fil[]) {
  const meldinger = (
    await p.query<{ msg_id: string; status: string; anvendt: boolean; merknad: string | null; forlop_id: string | null; kansellert_av: string | null }>(
      'SELECT msg_id, status, anvendt, merknad, forlop_id, kansellert_av FROM plo_melding WHERE msg_id = ANY($1::text[]) ORDER BY msg_id',
      [f.map((x) => x.msgId)],
    )
  ).rows;
  const forlop = (
    await p.query<{ id: string; status: string }>('SELECT id, status FROM forlop WHERE id = ANY($1::uuid[]) ORDER BY id', [
      meldinger.flatMap((m) => (m.forlop_id ? [m.forlop_id] : [])),
    ])
  ).rows;
  return { meldinger, forlop };
}

async function egenDatabase(): Promise<{ url: string; pool: Pool }> {
  const d = await lagEgenDatabase();
  databaser.push(d);
  return { url: d.url, pool: lagPool(d.url, 2) };
}

test('kanselleringer after a batch boundary (--batch 1): the stored rows are those live ingestion stores', async () => {
  const p = pasient();
  const uten = pasient();
  const hk1 = { kode: 1, tid: lokal(600) };
  const dod = { ...uten, type: 'LOG_DOD', avsender: RANA_PLO, mottaker: MO_MOTTAK, hendelser: [{ kode: 13, tid: lokal(450) }] };
  const [inn, dodUten] = filer([
    { ...p, type: 'LOG_INNLAGT', genDate: lokal(590), hendelser: [hk1] },
    // From the kommune, for a patient with no forløp: recorded (ok), not applied.
    { ...dod, genDate: lokal(400) },
  ]);
  const kanselleringer = filer([
    { ...dod, status: 'C', refToParent: dodUten.msgId, genDate: lokal(300) },
    { ...p, type: 'LOG_INNLAGT', status: 'C', refToParent: inn.msgId, genDate: lokal(200), hendelser: [hk1] },
  ]);
  const alle = [inn, dodUten, ...kanselleringer];

  const db = await egenDatabase();
  try {
    await postLive(alle);
    await importer(skrivMappe(alle), db.url, ['--batch', '1']);
    const importert = await bilde(db.pool, alle);
    // The LOG_INNLAGT cancelled (its forløp avbrutt); the unapplied melding's kansellering registered without a mark, as live.
    expect(importert.meldinger.find((m) => m.msg_id === inn.msgId)).toMatchObject({ kansellert_av: kanselleringer[1].msgId });
    expect(importert.forlop).toEqual([{ id: expect.any(String), status: 'avbrutt' }]);
    expect(importert).toEqual(await bilde(stack!.pool, alle));
  } finally {
    await db.pool.end();
  }
}, 600_000);

test('a kansellering of a message an earlier run of the import stored: marked, as live ingestion marks it', async () => {
  const p = pasient();
  const hk1 = { kode: 1, tid: lokal(600) };
  const [inn, klar] = filer([
    { ...p, type: 'LOG_INNLAGT', genDate: lokal(590), hendelser: [hk1] },
    { ...p, type: 'LOG_UTSKRIVNINGSKLAR', genDate: lokal(400), hendelser: [hk1, { kode: 3, tid: lokal(401) }] },
  ]);
  const [kansellering] = filer([
    { ...p, type: 'LOG_UTSKRIVNINGSKLAR', status: 'C', refToParent: klar.msgId, genDate: lokal(100), hendelser: [hk1, { kode: 3, tid: lokal(401) }] },
  ]);
  const forst = [inn, klar];
  const alle = [...forst, kansellering];

  const db = await egenDatabase();
  try {
    await postLive(alle);
    // The archive as it stood, then grown by the kansellering: the forløp stays open, so its messages are written by the first run.
    const mappe = skrivMappe(forst);
    await importer(mappe, db.url);
    expect((await bilde(db.pool, forst)).meldinger.map((m) => m.kansellert_av)).toEqual([null, null]);
    skrivMappe([kansellering], mappe, forst.length);
    await importer(mappe, db.url);
    const importert = await bilde(db.pool, alle);
    expect(importert.meldinger.find((m) => m.msg_id === klar.msgId)).toMatchObject({ kansellert_av: kansellering.msgId });
    expect(importert).toEqual(await bilde(stack!.pool, alle));
  } finally {
    await db.pool.end();
  }
}, 600_000);
