/**
 * The activities against a real PostgreSQL: a fresh scratch database per run (on the server
 * of DATABASE_URL when the global setup provides one, else on the local development server),
 * migrated from db/migrations, with minimal seed rows. No Temporal server is needed: webhook
 * starts go to a recording client stub, and only when a webhook is registered.
 * With TEMPORAL_ADDRESS set, one more test runs the webhookLevering workflow on a real worker.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import type { Endring } from '../../activities/contract';
import { createActivities } from '../../activities/index';
import { flettFrister, hentKonfigurasjon, STANDARD_FRISTER } from '../../activities/konfigurasjon';
import { lagre, startWebhookLeveringer, webhookWorkflowId, type LagreDeps } from '../../activities/lagre';
import { SperretAdresse, webhookAgent } from '../../activities/webhook-adresse';
import { lagWebhookSecret, leverWebhook, leverWebhookForsok, signer, varselJson, WEBHOOK_SPERRET } from '../../activities/webhooks';
import { fetch as undiciFetch } from 'undici';
import { lagPool, type Pool } from '../../db/pool';
import { prisOverliggerdogn } from '../../workflows/overliggerdogn';
import type { ForlopProjeksjon, ForlopStart, NyttAvvik, NyttVarsel, OverliggerDag, VarselType } from '../../workflows/types';
import type { Hendelse, HendelseFelt } from '../../workflows/hendelser';

/** The test receivers listen on 127.0.0.1. */
const LOKALE_WEBHOOKS = { kreverHttps: false, tillatPrivateAdresser: true };

const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAVN = `aktiviteter_test_${process.pid}_${randomBytes(3).toString('hex')}`;
const MIGRASJONER = path.join(__dirname, '..', '..', 'db', 'migrations');

let pool: Pool;

/** The `-- Up Migration` part of each SQL migration, in file-name order. */
async function migrer(db: Pool): Promise<void> {
  const filer = fs
    .readdirSync(MIGRASJONER)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  for (const f of filer) {
    const sql = fs.readFileSync(path.join(MIGRASJONER, f), 'utf8');
    const opp = sql.split(/^--\s*Down Migration\s*$/m)[0].replace(/^--\s*Up Migration\s*$/m, '');
    await db.query(opp);
  }
}

function dbUrl(navn: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${navn}`;
  return u.toString();
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB_NAVN}`);
  await admin.end();
  pool = lagPool(dbUrl(DB_NAVN), 12);
  await migrer(pool);
  await pool.query(`
    INSERT INTO sykehus (id, navn, kartleggingsteam) VALUES ('HSYK-MO', 'Mo i Rana', 'KT-RANA');
    INSERT INTO kommune (nummer, navn, sykehus, frister) VALUES
      ('1833', 'Rana', 'HSYK-MO', '{"kommunesvar": "PT2H", "ukjent": "PT1H", "oppfolging": 5}'),
      ('1832', 'Hemnes', 'HSYK-MO', '{}');
    INSERT INTO dognpris (ar, belop) VALUES (2020, 5036), (2021, 5167), (2022, 5306), (2023, 5508), (2024, 5745), (2025, 5981);
  `);
}, 60_000);

afterAll(async () => {
  await pool?.end();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAVN} WITH (FORCE)`);
  await admin.end();
}, 60_000);

// ---------------------------------------------------------------- builders

/** A client that must not be used (no webhook registered → no start). */
const ingenKlient = new Proxy(
  {},
  {
    get() {
      throw new Error('Temporal-klienten skal ikke brukes når ingen webhook er registrert');
    },
  },
) as unknown as Client;

const deps = (client: Client = ingenKlient): LagreDeps => ({ pool, client, taskQueue: 'test-koe' });

/** A client that records the avvik follow-up workflows `lagre` starts after its commit (and nothing else). */
function avvikKlient(): { client: Client; starter: { type: string; workflowId: string; args: unknown[] }[] } {
  const starter: { type: string; workflowId: string; args: unknown[] }[] = [];
  const client = {
    workflow: {
      start: async (type: string, opts: { workflowId: string; args: unknown[] }) => {
        if (type !== 'avvikOppfolging') throw new Error(`uventet start av ${type}`);
        starter.push({ type, workflowId: opts.workflowId, args: opts.args });
        return { workflowId: opts.workflowId };
      },
    },
  } as unknown as Client;
  return { client, starter };
}

async function nyPasient(): Promise<string> {
  const id = randomUUID();
  await pool.query('INSERT INTO pasient (id, fnr_hmac, fnr_kryptert) VALUES ($1, $2, $3)', [id, randomBytes(32), 'ikke-ekte']);
  return id;
}

function startFor(pasientId: string, innlagt: string, oppholdskommune = '1833'): ForlopStart {
  return {
    forlopId: randomUUID(),
    pasientId,
    oppholdskommune,
    sykehus: 'HSYK-MO',
    avdeling: 'Medisinsk avdeling',
    innlagtTidspunkt: innlagt,
    antattBehovKommunaleTjenester: true,
    kartleggingInkludert: true,
    kartleggingsteam: 'KT-RANA',
  };
}

function hendelse(sekvens: number, type: Hendelse['type'], tidspunkt: string, data: HendelseFelt = {}): Hendelse {
  // Compact test facts: the type and its fields are given apart, as the stored rows hold them.
  return {
    hendelseId: randomUUID(),
    sekvens,
    type,
    tidspunkt,
    registrert: tidspunkt,
    av: { rolle: 'sykehus', org: 'HSYK-MO' },
    data,
  } as Hendelse;
}

function projeksjon(forlopId: string, versjon: number, over: Partial<ForlopProjeksjon> = {}): ForlopProjeksjon {
  return {
    forlopId,
    versjon,
    status: 'innlagt',
    kartleggingStatus: 'ikke_startet',
    frister: [],
    overliggerdogn: [],
    sisteSekvens: 1,
    utskrevetTidspunkt: null,
    destinasjon: null,
    kartleggingFullfortTidspunkt: null,
    forsteUtskrivningsklarTidspunkt: null,
    ...over,
  };
}

function varsel(forlopId: string, mottakerOrg: string, type: VarselType = 'PAMINNELSE', tekst = 'Påminnelse'): NyttVarsel {
  return { id: randomUUID(), mottakerOrg, type, forlopId, frist: '2025-03-02T10:00:00+01:00', tekst };
}

function avvik(forlopId: string, nokkel: string): NyttAvvik {
  return {
    id: randomUUID(),
    forlopId,
    type: 'INNLEGGELSESMELDING',
    nokkel,
    ansvarlig: { rolle: 'sykehus', org: 'HSYK-MO' },
    motpart: { rolle: 'kommune', org: '1833' },
    frist: '2025-03-02T08:15:00+01:00',
    brutt: '2025-03-02T08:15:00+01:00',
    tekst: 'Melding om innlagt pasient ikke sendt innen 24 timer',
  };
}

/** The first write of a new forløp (start + INNLAGT), with whatever else is given. */
async function nyttForlop(
  innlagt = '2025-03-01T08:15:00+01:00',
  over: Partial<Endring> = {},
  pasientId?: string,
  oppholdskommune = '1833',
): Promise<{ start: ForlopStart; endring: Endring }> {
  const start = startFor(pasientId ?? (await nyPasient()), innlagt, oppholdskommune);
  const endring: Endring = {
    start,
    hendelser: [hendelse(1, 'INNLAGT', innlagt)],
    projeksjon: projeksjon(start.forlopId, 1),
    nyeAvvik: [],
    trukneAvvik: [],
    varsler: [],
    ...over,
  };
  return { start, endring };
}

const tall = async (sql: string, params: unknown[]): Promise<number> => Number((await pool.query<{ n: string }>(sql, params)).rows[0].n);

// ---------------------------------------------------------------- lagre

describe('lagre', () => {
  test('the same Endring twice (and twice at once) is stored once', async () => {
    const { start, endring } = await nyttForlop();
    const id = start.forlopId;
    endring.hendelser.push(hendelse(2, 'INNLEGGELSESMELDING_SENDT', '2025-03-01T09:00:00+01:00', { antattForlop: 'x' }));
    endring.projeksjon = projeksjon(id, 1, { sisteSekvens: 2 });
    endring.nyeAvvik = [avvik(id, 'INNLEGGELSESMELDING:1')];
    const org = `ORG-${randomUUID()}`;
    endring.varsler = [varsel(id, org, 'AVVIK', 'Samhandlingsavvik registrert')];

    const opptak = avvikKlient();
    await lagre(deps(opptak.client), endring);
    await lagre(deps(opptak.client), endring);
    // an activity retried while its first attempt still runs
    await Promise.all([lagre(deps(opptak.client), endring), lagre(deps(opptak.client), endring)]);

    expect(await tall('SELECT count(*) n FROM forlop WHERE id = $1', [id])).toBe(1);
    const h = await pool.query('SELECT sekvens, type, av_rolle, data FROM hendelse WHERE forlop_id = $1 ORDER BY sekvens', [id]);
    expect(h.rows).toEqual([
      { sekvens: 1, type: 'INNLAGT', av_rolle: 'sykehus', data: {} },
      { sekvens: 2, type: 'INNLEGGELSESMELDING_SENDT', av_rolle: 'sykehus', data: { antattForlop: 'x' } },
    ]);
    const a = await pool.query('SELECT id, status FROM avvik WHERE forlop_id = $1', [id]);
    expect(a.rows).toEqual([{ id: endring.nyeAvvik[0].id, status: 'åpen' }]);
    const hist = await pool.query('SELECT status, av_rolle, av_org, kommentar FROM avvik_historikk WHERE avvik_id = $1', [endring.nyeAvvik[0].id]);
    expect(hist.rows).toEqual([{ status: 'åpen', av_rolle: 'system', av_org: 'utskrivningsforlop', kommentar: endring.nyeAvvik[0].tekst }]);
    // Its svarfrist in the same write: registration + the default 28 calendar days (Oslo), once;
    // its follow-up workflow started after every attempt (the id makes a repeat harmless).
    const sf = await pool.query('SELECT opprettet, svarfrist, svar_paminnelse FROM avvik WHERE id = $1', [endring.nyeAvvik[0].id]);
    const registrert = DateTime.fromJSDate(sf.rows[0].opprettet).setZone('Europe/Oslo');
    expect(sf.rows[0].svarfrist.getTime()).toBe(registrert.plus({ days: 28 }).toMillis());
    expect(sf.rows[0].svar_paminnelse.getTime()).toBe(registrert.plus({ days: 21 }).toMillis());
    expect(opptak.starter).toHaveLength(4);
    expect(new Set(opptak.starter.map((x) => x.workflowId))).toEqual(new Set([`avvik-${endring.nyeAvvik[0].id}`]));
    expect(opptak.starter[0].args[0]).toBe(endring.nyeAvvik[0].id);
    const v = await pool.query('SELECT id, sekvens, type FROM varsel WHERE mottaker_org = $1', [org]);
    expect(v.rows).toEqual([{ id: endring.varsler[0].id, sekvens: 1, type: 'AVVIK' }]);
    expect(await tall('SELECT siste n FROM varsel_teller WHERE org = $1', [org])).toBe(1);

    const f = await pool.query('SELECT status, kartlegging_status, siste_sekvens, versjon FROM forlop WHERE id = $1', [id]);
    expect(f.rows[0]).toEqual({ status: 'innlagt', kartlegging_status: 'ikke_startet', siste_sekvens: 2, versjon: 1 });
  });

  test('varsel sequences per org are 1..n without gaps under 20 concurrent writers, and on their retries', async () => {
    const kommune = `K-${randomUUID()}`;
    const samhandling = `S-${randomUUID()}`;
    const endringer: Endring[] = [];
    for (let i = 0; i < 20; i++) {
      const { start, endring } = await nyttForlop('2025-03-01T08:15:00+01:00', {}, undefined, '1832');
      const k1 = varsel(start.forlopId, kommune, 'UTSKRIVNINGSKLAR', 'første');
      const k2 = varsel(start.forlopId, kommune, 'PAMINNELSE', 'andre');
      const s = varsel(start.forlopId, samhandling, 'ESKALERING', 'eskalering');
      // Different org order in different writers: the counters must still not deadlock.
      endring.varsler = i % 2 === 0 ? [k1, s, k2] : [s, k1, k2];
      endringer.push(endring);
    }
    await Promise.all(endringer.map((e) => lagre(deps(), e)));
    await Promise.all(endringer.map((e) => lagre(deps(), e))); // every one retried, concurrently

    const sekvenser = async (org: string) =>
      (await pool.query<{ sekvens: number }>('SELECT sekvens FROM varsel WHERE mottaker_org = $1 ORDER BY sekvens', [org])).rows.map((r) => r.sekvens);
    expect(await sekvenser(kommune)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await sekvenser(samhandling)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await tall('SELECT siste n FROM varsel_teller WHERE org = $1', [kommune])).toBe(40);
    // Within one change, varsler to one org keep their order.
    for (const e of endringer) {
      const [forste, andre] = e.varsler.filter((v) => v.mottakerOrg === kommune);
      const r = await pool.query<{ id: string; sekvens: number }>('SELECT id, sekvens FROM varsel WHERE id = ANY($1)', [[forste.id, andre.id]]);
      const nr = new Map(r.rows.map((x) => [x.id, x.sekvens]));
      expect(nr.get(andre.id)!).toBe(nr.get(forste.id)! + 1);
    }
  });

  test('a rolled-back write gives its sequence number back', async () => {
    const org = `ORG-${randomUUID()}`;
    const { start, endring } = await nyttForlop();
    endring.varsler = [varsel(start.forlopId, org)];
    await lagre(deps(), endring);

    // A varsel for a forløp that does not exist fails the transaction after the counter was taken.
    const feil: Endring = {
      hendelser: [],
      projeksjon: projeksjon(start.forlopId, 2),
      nyeAvvik: [],
      trukneAvvik: [],
      varsler: [varsel(randomUUID(), org)],
    };
    await expect(lagre(deps(), feil)).rejects.toThrow();
    expect(await tall('SELECT versjon n FROM forlop WHERE id = $1', [start.forlopId])).toBe(1);

    const neste: Endring = { ...feil, varsler: [varsel(start.forlopId, org)] };
    await lagre(deps(), neste);
    const r = await pool.query('SELECT sekvens FROM varsel WHERE mottaker_org = $1 ORDER BY sekvens', [org]);
    expect(r.rows.map((x) => x.sekvens)).toEqual([1, 2]);
  });

  test('a withdrawn avvik is kept, marked trukket, with its history', async () => {
    const { start, endring } = await nyttForlop();
    const id = start.forlopId;
    const a = avvik(id, 'INNLEGGELSESMELDING:1');
    endring.nyeAvvik = [a];
    await lagre(deps(avvikKlient().client), endring);

    const trekk: Endring = {
      hendelser: [hendelse(2, 'INNLEGGELSESMELDING_SENDT', '2025-03-01T20:00:00+01:00')],
      projeksjon: projeksjon(id, 2, { sisteSekvens: 2 }),
      nyeAvvik: [],
      trukneAvvik: [{ nokkel: a.nokkel, grunn: 'Hendelse registrert senere viser at fristen ble overholdt', tidspunkt: '2025-03-03T10:00:00+01:00' }],
      varsler: [],
    };
    await lagre(deps(), trekk);
    await lagre(deps(), trekk);

    const rad = await pool.query('SELECT status, tekst FROM avvik WHERE id = $1', [a.id]);
    expect(rad.rows).toEqual([{ status: 'trukket', tekst: a.tekst }]);
    const hist = await pool.query<{ status: string; kommentar: string; av_rolle: string; tidspunkt: Date }>(
      'SELECT status, kommentar, av_rolle, tidspunkt FROM avvik_historikk WHERE avvik_id = $1 ORDER BY id',
      [a.id],
    );
    expect(hist.rows.map((h) => [h.status, h.kommentar, h.av_rolle])).toEqual([
      ['åpen', a.tekst, 'system'],
      ['trukket', 'Hendelse registrert senere viser at fristen ble overholdt', 'system'],
    ]);
    expect(hist.rows[1].tidspunkt.toISOString()).toBe('2025-03-03T09:00:00.000Z');
  });

  test('a reinnleggelse is linked to the most recent stay ended within 30 calendar days (Europe/Oslo)', async () => {
    const pasient = await nyPasient();
    const utskriv = async (innlagt: string, utskrevet: string): Promise<string> => {
      const { start, endring } = await nyttForlop(innlagt, {}, pasient);
      await lagre(deps(), endring);
      await lagre(deps(), {
        hendelser: [hendelse(2, 'UTSKREVET', utskrevet, { destinasjon: 'hjem' })],
        projeksjon: projeksjon(start.forlopId, 2, {
          status: 'utskrevet',
          sisteSekvens: 2,
          utskrevetTidspunkt: utskrevet,
          destinasjon: 'hjem',
        }),
        nyeAvvik: [],
        trukneAvvik: [],
        varsler: [],
      });
      return start.forlopId;
    };
    const eldre = await utskriv('2025-02-01T10:00:00+01:00', '2025-03-10T12:00:00+01:00');
    const forrige = await utskriv('2025-03-20T10:00:00+01:00', '2025-03-28T22:30:00+01:00');
    expect(eldre).not.toBe(forrige);

    const kobling = async (innlagt: string) => {
      const { start, endring } = await nyttForlop(innlagt, {}, pasient);
      await lagre(deps(), endring);
      await lagre(deps(), endring); // retry: same link
      const r = await pool.query('SELECT reinnleggelse_av, reinnleggelse_dager FROM forlop WHERE id = $1', [start.forlopId]);
      return r.rows[0];
    };
    // 28 March 22:30 to 2 April 00:30 (across the change to summer time): 4 d 1 h elapsed, 5 calendar days.
    expect(await kobling('2025-04-02T00:30:00+02:00')).toEqual({ reinnleggelse_av: forrige, reinnleggelse_dager: 5 });
    // The same evening: 0 days.
    expect(await kobling('2025-03-28T23:50:00+01:00')).toEqual({ reinnleggelse_av: forrige, reinnleggelse_dager: 0 });
    // The 30th calendar day is inside, the 31st outside.
    expect(await kobling('2025-04-27T23:59:00+02:00')).toEqual({ reinnleggelse_av: forrige, reinnleggelse_dager: 30 });
    expect(await kobling('2025-04-28T00:01:00+02:00')).toEqual({ reinnleggelse_av: null, reinnleggelse_dager: null });
    // An admission before the earlier stay ended is not a reinnleggelse after it (but after the one before).
    expect(await kobling('2025-03-25T10:00:00+01:00')).toEqual({ reinnleggelse_av: eldre, reinnleggelse_dager: 15 });
    // Another patient is never linked.
    const { start, endring } = await nyttForlop('2025-04-01T10:00:00+02:00');
    await lagre(deps(), endring);
    const r = await pool.query('SELECT reinnleggelse_av FROM forlop WHERE id = $1', [start.forlopId]);
    expect(r.rows[0].reinnleggelse_av).toBeNull();
  });

  test('overliggerdøgn priced by the configured døgnpris table are stored as given, rewritten by a newer projection, never by an older one', async () => {
    const { start, endring } = await nyttForlop('2024-12-20T10:00:00+01:00', {}, undefined, '1832');
    const id = start.forlopId;
    const dag = (dato: string, betalingsvilkarOppfylt = true, omstridt = false): OverliggerDag => ({
      dato,
      betalingsvilkarOppfylt,
      omstridt,
    });
    // The workflow prices with the table its configuration carries: the one in the database.
    const { dognpris } = await hentKonfigurasjon(pool, '1832', 'HSYK');
    const pris = (d: OverliggerDag[]) => prisOverliggerdogn(d, dognpris).dager;
    const priset = prisOverliggerdogn([dag('2024-12-30'), dag('2024-12-31'), dag('2025-01-01'), dag('2026-01-01', false)], dognpris);
    expect(priset.antall).toBe(4);
    expect(priset.belop).toBe(5745 + 5745 + 5981); // the 2026 day does not meet the payment conditions
    endring.projeksjon = projeksjon(id, 1, { status: 'venter_pa_kommune', overliggerdogn: priset.dager });
    await lagre(deps(), endring);

    const rader = async () =>
      (
        await pool.query(
          `SELECT dato, oppholdskommune, belop, pris_forelopig, betalingsvilkar_oppfylt, omstridt
             FROM overliggerdogn_dag WHERE forlop_id = $1 ORDER BY dato`,
          [id],
        )
      ).rows;
    expect(await rader()).toEqual([
      { dato: '2024-12-30', oppholdskommune: '1832', belop: 5745, pris_forelopig: false, betalingsvilkar_oppfylt: true, omstridt: false },
      { dato: '2024-12-31', oppholdskommune: '1832', belop: 5745, pris_forelopig: false, betalingsvilkar_oppfylt: true, omstridt: false },
      { dato: '2025-01-01', oppholdskommune: '1832', belop: 5981, pris_forelopig: false, betalingsvilkar_oppfylt: true, omstridt: false },
      // no døgnpris for 2026 yet: the latest known one, marked provisional
      { dato: '2026-01-01', oppholdskommune: '1832', belop: 5981, pris_forelopig: true, betalingsvilkar_oppfylt: false, omstridt: false },
    ]);

    const ny = (versjon: number, d: OverliggerDag[], status: ForlopProjeksjon['status']): Endring => ({
      hendelser: [],
      projeksjon: projeksjon(id, versjon, { status, overliggerdogn: pris(d) }),
      nyeAvvik: [],
      trukneAvvik: [],
      varsler: [],
    });
    await lagre(deps(), ny(3, [dag('2024-12-30', true, true), dag('2024-12-31', true, true)], 'klar_for_utskrivning'));
    expect((await rader()).map((r) => [r.dato, r.belop, r.omstridt])).toEqual([
      ['2024-12-30', 5745, true],
      ['2024-12-31', 5745, true],
    ]);
    // A delayed older write (versjon 2) changes nothing.
    await lagre(deps(), ny(2, [dag('2025-02-01'), dag('2025-02-02'), dag('2025-02-03')], 'venter_pa_kommune'));
    expect((await rader()).map((r) => r.dato)).toEqual(['2024-12-30', '2024-12-31']);
    const f = await pool.query('SELECT status, versjon FROM forlop WHERE id = $1', [id]);
    expect(f.rows[0]).toEqual({ status: 'klar_for_utskrivning', versjon: 3 });
    // The same version again (a retry) applies again, unchanged.
    await lagre(deps(), ny(3, [dag('2024-12-30', true, true), dag('2024-12-31', true, true)], 'klar_for_utskrivning'));
    expect((await rader()).length).toBe(2);
  });
});

// ---------------------------------------------------------------- webhook starts from lagre

describe('lagre starts webhook deliveries', () => {
  interface Start {
    type: string;
    workflowId: string;
    args: unknown[];
    taskQueue: string;
    workflowIdReusePolicy?: string;
  }
  function klientStub(oppforsel: (s: Start) => void = () => undefined): { client: Client; starter: Start[] } {
    const starter: Start[] = [];
    const client = {
      workflow: {
        start: async (type: string, opts: Omit<Start, 'type'>) => {
          const s = { type, ...opts };
          starter.push(s);
          oppforsel(s);
          return { workflowId: opts.workflowId };
        },
      },
    } as unknown as Client;
    return { client, starter };
  }

  async function webhook(org: string, typer: string[] | null, slettet = false, url = 'http://127.0.0.1:9/ikke-i-bruk'): Promise<string> {
    const id = randomUUID();
    await pool.query('INSERT INTO webhook (id, org, url, typer, secret, slettet) VALUES ($1, $2, $3, $4, $5, $6)', [
      id,
      org,
      url,
      typer,
      lagWebhookSecret(),
      slettet ? new Date() : null,
    ]);
    return id;
  }

  test('one start per (varsel, matching active webhook), idempotent on retry, none once delivered', async () => {
    const org = `WH-${randomUUID()}`;
    const alle = await webhook(org, null);
    const bareAvvik = await webhook(org, ['AVVIK']);
    await webhook(org, null, true); // deleted
    await webhook(`ANNEN-${randomUUID()}`, null); // another org

    const { start, endring } = await nyttForlop();
    const brudd = varsel(start.forlopId, org, 'FRIST_BRUTT', 'Frist brutt');
    const avv = varsel(start.forlopId, org, 'AVVIK', 'Avvik');
    endring.varsler = [brudd, avv];

    const forste = klientStub();
    await lagre(deps(forste.client), endring);
    const sett = (s: Start[]) => s.map((x) => x.workflowId).sort();
    expect(sett(forste.starter)).toEqual([webhookWorkflowId(brudd.id, alle), webhookWorkflowId(avv.id, alle), webhookWorkflowId(avv.id, bareAvvik)].sort());
    for (const s of forste.starter) {
      expect(s.type).toBe('webhookLevering');
      expect(s.taskQueue).toBe('test-koe');
      expect(s.workflowIdReusePolicy).toBe('REJECT_DUPLICATE');
      expect(s.workflowId).toBe(webhookWorkflowId(s.args[0] as string, s.args[1] as string));
    }

    // Retry: the stored varsler are started again, the server says "already started", lagre succeeds.
    const igjen = klientStub((s) => {
      throw new WorkflowExecutionAlreadyStartedError('allerede startet', s.workflowId, s.type);
    });
    await lagre(deps(igjen.client), endring); // an already started delivery is no failure
    expect(igjen.starter.length).toBe(3);
    expect(await tall('SELECT count(*) n FROM varsel WHERE mottaker_org = $1', [org])).toBe(2);

    // A delivered pair is not started again; any other start failure fails the activity (retried).
    await pool.query('INSERT INTO webhook_forsok (webhook_id, varsel_id, forsok, http_status, levert) VALUES ($1, $2, 1, 200, true)', [alle, brudd.id]);
    const tredje = klientStub((s) => {
      if (s.args[0] === avv.id) throw new Error('Temporal utilgjengelig');
    });
    await expect(lagre(deps(tredje.client), endring)).rejects.toThrow('Temporal utilgjengelig');
    expect(sett(tredje.starter)).toEqual([webhookWorkflowId(avv.id, alle), webhookWorkflowId(avv.id, bareAvvik)].sort());
  });

  test('startWebhookLeveringer (varsler stored by the API) starts the same deliveries', async () => {
    const org = `API-${randomUUID()}`;
    const w = await webhook(org, null);
    const { start, endring } = await nyttForlop();
    const v = varsel(start.forlopId, org, 'AVVIK', 'Avvik meldt manuelt');
    endring.varsler = [v];
    await lagre(deps(klientStub().client), endring); // (also starts; here we only need the stored varsel)
    const stub = klientStub();
    await startWebhookLeveringer(deps(stub.client), [v]);
    expect(stub.starter.map((s) => s.workflowId)).toEqual([webhookWorkflowId(v.id, w)]);
    await startWebhookLeveringer(deps(ingenKlient), []);
  });

  test('no webhooks: the client is never touched', async () => {
    const { start, endring } = await nyttForlop();
    const org = `UTEN-${randomUUID()}`;
    endring.varsler = [varsel(start.forlopId, org)];
    await lagre(deps(ingenKlient), endring); // the stub throws on any use
    expect(await tall('SELECT count(*) n FROM varsel WHERE mottaker_org = $1', [org])).toBe(1);
  });
});

// ---------------------------------------------------------------- konfigurasjon

describe('hentKonfigurasjon', () => {
  test('defaults merged with the kommune overrides, and the døgnpris table', async () => {
    const k = await hentKonfigurasjon(pool, '1833', 'HSYK');
    expect(k.frister).toEqual({ ...STANDARD_FRISTER, kommunesvar: 'PT2H' }); // "ukjent" and a numeric oppfolging ignored
    expect(k.dognpris).toEqual({ 2020: 5036, 2021: 5167, 2022: 5306, 2023: 5508, 2024: 5745, 2025: 5981 });
    expect(k.samhandlingOrg).toBe('HSYK');
    expect((await hentKonfigurasjon(pool, '1832', 'HSYK')).frister).toEqual(STANDARD_FRISTER);
    expect((await hentKonfigurasjon(pool, '9999', 'HSYK')).frister).toEqual(STANDARD_FRISTER);
    expect(flettFrister({ dagligStatusKlokken: 7, eskalering: 'PT12H' })).toEqual({
      ...STANDARD_FRISTER,
      dagligStatusKlokken: 7,
      eskalering: 'PT12H',
    });
  });
});

// ---------------------------------------------------------------- signing and delivery

describe('Standard Webhooks signature', () => {
  test('signer matches the standardwebhooks package, and its verify accepts it', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    const ts = 1614265330;
    // Worked example published with the reference libraries.
    expect(signer(secret, id, ts, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(signer(secret, id, ts, body)).toBe(new Webhook(secret).sign(id, new Date(ts * 1000), body));

    const naa = Math.floor(Date.now() / 1000);
    const ny = lagWebhookSecret();
    expect(ny).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(ny.slice(6), 'base64').length).toBe(24);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(naa), 'webhook-signature': signer(ny, id, naa, body) };
    expect(new Webhook(ny).verify(body, headers)).toEqual({ test: 2432232314 });
    expect(() => new Webhook(lagWebhookSecret()).verify(body, headers)).toThrow();
  });
});

describe('leverWebhook', () => {
  interface Mottatt {
    headers: http.IncomingHttpHeaders;
    body: string;
  }
  let server: http.Server;
  let mottatt: Mottatt[] = [];
  let svarMed = 204;
  let baseUrl = '';

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        mottatt.push({ headers: req.headers, body });
        res.statusCode = svarMed;
        res.end(svarMed >= 300 ? 'nei' : '');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    mottatt = [];
    svarMed = 204;
  });

  async function varselOgWebhook(url = `${baseUrl}/hook`): Promise<{ varselId: string; webhookId: string; secret: string; org: string }> {
    const org = `LEV-${randomUUID()}`;
    const { start, endring } = await nyttForlop();
    const v = varsel(start.forlopId, org, 'UTSKRIVNINGSKLAR', 'Melding om utskrivningsklar pasient');
    endring.varsler = [v];
    await lagre(deps(), endring); // no webhook yet: no start
    const webhookId = randomUUID();
    const secret = lagWebhookSecret();
    await pool.query('INSERT INTO webhook (id, org, url, typer, secret) VALUES ($1, $2, $3, NULL, $4)', [webhookId, org, url, secret]);
    return { varselId: v.id, webhookId, secret, org };
  }

  const forsok = async (varselId: string) =>
    (await pool.query('SELECT forsok, http_status, feil, levert FROM webhook_forsok WHERE varsel_id = $1 ORDER BY id', [varselId])).rows;

  test('a signed POST of the varsel as the feed shows it, recorded with its attempt number', async () => {
    const { varselId, webhookId, secret, org } = await varselOgWebhook();
    const aktiviteter = createActivities({ pool, client: ingenKlient, taskQueue: 'test-koe', samhandlingOrg: 'HSYK', webhookPolicy: LOKALE_WEBHOOKS });
    await new MockActivityEnvironment({ attempt: 3 }).run(aktiviteter.leverWebhook, varselId, webhookId);

    expect(mottatt.length).toBe(1);
    const m = mottatt[0];
    expect(m.headers['content-type']).toBe('application/json');
    expect(m.headers['webhook-id']).toBe(varselId);
    expect(new Webhook(secret).verify(m.body, m.headers as Record<string, string>)).toBeTruthy();
    const rad = (await pool.query('SELECT * FROM varsel WHERE id = $1', [varselId])).rows[0];
    expect(m.body).toBe(JSON.stringify(varselJson(rad)));
    const payload = JSON.parse(m.body);
    expect(Object.keys(payload)).toEqual(['id', 'sekvens', 'type', 'forlopId', 'frist', 'tekst', 'opprettet']);
    expect(payload).toMatchObject({
      id: varselId,
      sekvens: 1,
      type: 'UTSKRIVNINGSKLAR',
      frist: '2025-03-02T10:00:00.000+01:00',
      tekst: 'Melding om utskrivningsklar pasient',
    });
    expect(org).toBeTruthy();
    expect(await forsok(varselId)).toEqual([{ forsok: 3, http_status: 204, feil: null, levert: true }]);

    // Another attempt sends byte-identical content.
    await new MockActivityEnvironment({ attempt: 4 }).run(aktiviteter.leverWebhook, varselId, webhookId);
    expect(mottatt[1].body).toBe(m.body);
  });

  test('non-2xx and network failures throw (Temporal retries) and are recorded; 410 stops; a deleted webhook is skipped', async () => {
    const { varselId, webhookId } = await varselOgWebhook();
    svarMed = 500;
    await expect(new MockActivityEnvironment({ attempt: 1 }).run(leverWebhook, pool, varselId, webhookId, LOKALE_WEBHOOKS)).rejects.toThrow(/HTTP 500/);
    svarMed = 302;
    await expect(leverWebhookForsok(pool, varselId, webhookId, 2, LOKALE_WEBHOOKS)).rejects.toThrow(/HTTP 302/);
    svarMed = 410;
    const gone = await leverWebhookForsok(pool, varselId, webhookId, 3, LOKALE_WEBHOOKS).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ApplicationFailure);
    expect((gone as ApplicationFailure).nonRetryable).toBe(true);
    svarMed = 200;
    await leverWebhookForsok(pool, varselId, webhookId, 4, LOKALE_WEBHOOKS);
    expect(await forsok(varselId)).toEqual([
      { forsok: 1, http_status: 500, feil: 'HTTP 500', levert: false },
      { forsok: 2, http_status: 302, feil: 'HTTP 302', levert: false },
      { forsok: 3, http_status: 410, feil: 'HTTP 410', levert: false },
      { forsok: 4, http_status: 200, feil: null, levert: true },
    ]);

    // Nothing listens on the port: a network failure, recorded without a status.
    const lukket = http.createServer();
    await new Promise<void>((r) => lukket.listen(0, '127.0.0.1', r));
    const port = (lukket.address() as AddressInfo).port;
    await new Promise((r) => lukket.close(r));
    const ned = await varselOgWebhook(`http://127.0.0.1:${port}/hook`);
    await expect(leverWebhookForsok(pool, ned.varselId, ned.webhookId, 1, LOKALE_WEBHOOKS)).rejects.toThrow(/ECONNREFUSED/);
    expect(await forsok(ned.varselId)).toEqual([{ forsok: 1, http_status: null, feil: expect.stringMatching(/^ECONNREFUSED/), levert: false }]);

    // Deleted: no request, no attempt.
    const slettet = await varselOgWebhook();
    await pool.query('UPDATE webhook SET slettet = now() WHERE id = $1', [slettet.webhookId]);
    mottatt = [];
    await leverWebhookForsok(pool, slettet.varselId, slettet.webhookId, 1, LOKALE_WEBHOOKS);
    expect(mottatt.length).toBe(0);
    expect(await forsok(slettet.varselId)).toEqual([]);
  });

  test('an address the policy forbids is never contacted: recorded, and not retried', async () => {
    const streng = { kreverHttps: false, tillatPrivateAdresser: false };
    for (const url of [`${baseUrl}/hook`, baseUrl.replace('127.0.0.1', 'localhost') + '/hook']) {
      const { varselId, webhookId } = await varselOgWebhook(url);
      const e = await leverWebhookForsok(pool, varselId, webhookId, 1, streng).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ApplicationFailure);
      expect(e).toMatchObject({ type: WEBHOOK_SPERRET, nonRetryable: true });
      expect((await forsok(varselId))[0]).toMatchObject({ http_status: null, levert: false, feil: expect.stringMatching(/^ikke tillatt: .*intern adresse/) });
    }
    expect(mottatt).toEqual([]);
  });

  test('the delivering agent checks the address it connects to, after DNS (a name that now points inwards)', async () => {
    const agent = webhookAgent({ kreverHttps: false, tillatPrivateAdresser: false }, 2000);
    const e = await undiciFetch(baseUrl.replace('127.0.0.1', 'localhost') + '/hook', { method: 'POST', body: '{}', dispatcher: agent }).catch(
      (x: unknown) => x,
    );
    expect((e as { cause?: unknown }).cause).toBeInstanceOf(SperretAdresse);
    expect(mottatt).toEqual([]);
    await agent.close();
  });

  test('a slow endpoint times out after 10 s', async () => {
    const treg = http.createServer(() => undefined); // never answers
    await new Promise<void>((r) => treg.listen(0, '127.0.0.1', r));
    try {
      const { varselId, webhookId } = await varselOgWebhook(`http://127.0.0.1:${(treg.address() as AddressInfo).port}/`);
      const t0 = Date.now();
      await expect(leverWebhookForsok(pool, varselId, webhookId, 1, LOKALE_WEBHOOKS)).rejects.toThrow(/tidsavbrudd/);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(9_500);
      expect((await forsok(varselId))[0]).toMatchObject({ http_status: null, levert: false });
    } finally {
      treg.closeAllConnections();
      await new Promise((r) => treg.close(r));
    }
  }, 30_000);
});

// ---------------------------------------------------------------- on a real Temporal server (optional)

const medTemporal = process.env.TEMPORAL_ADDRESS ? describe : describe.skip;
medTemporal('webhookLevering on a real worker', () => {
  type Worker = import('@temporalio/worker').Worker;
  type NativeConnection = import('@temporalio/worker').NativeConnection;
  type Connection = import('@temporalio/client').Connection;
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const taskQueue = `aktiviteter-${randomUUID()}`;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let client: Client;
  let worker: Worker;
  let kjorer: Promise<void>;
  let svar: number[] = []; // status per call, the last one repeated
  let mottatt: string[] = [];
  let server: http.Server;
  let url = '';

  beforeAll(async () => {
    const c = await import('@temporalio/client');
    const w = await import('@temporalio/worker');
    connection = await c.Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    client = new c.Client({ connection, namespace });
    nativeConnection = await w.NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    worker = await w.Worker.create({
      connection: nativeConnection,
      namespace,
      taskQueue,
      workflowsPath: require.resolve('../../workflows/levering.workflow'),
      activities: createActivities({ pool, client, taskQueue, samhandlingOrg: 'HSYK', webhookPolicy: LOKALE_WEBHOOKS }),
    });
    kjorer = worker.run();
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        mottatt.push(body);
        res.statusCode = svar[Math.min(mottatt.length, svar.length) - 1];
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }, 120_000); // the worker bundles the workflow with webpack
  afterAll(async () => {
    if (worker) {
      worker.shutdown();
      await kjorer;
    }
    if (server) await new Promise((r) => server.close(r));
    await nativeConnection?.close();
    await connection?.close();
  }, 60_000);

  async function levering(statuser: number[]) {
    svar = statuser;
    mottatt = [];
    const org = `E2E-${randomUUID()}`;
    const webhookId = randomUUID();
    await pool.query('INSERT INTO webhook (id, org, url, secret) VALUES ($1, $2, $3, $4)', [webhookId, org, url, lagWebhookSecret()]);
    const { start, endring } = await nyttForlop();
    const v = varsel(start.forlopId, org, 'AVVIK', 'Avvik');
    endring.varsler = [v];
    await lagre({ pool, client, taskQueue }, endring);
    const handle = client.workflow.getHandle(webhookWorkflowId(v.id, webhookId));
    await handle.result();
    const f = await pool.query('SELECT forsok, http_status, levert FROM webhook_forsok WHERE varsel_id = $1 ORDER BY id', [v.id]);
    return { v, webhookId, endring, forsok: f.rows };
  }

  test('lagre starts the delivery; the workflow retries until a 2xx; a second start is refused', async () => {
    const { v, webhookId, endring, forsok } = await levering([503, 503, 200]);
    expect(mottatt.length).toBe(3);
    expect(new Set(mottatt).size).toBe(1); // identical content on every attempt
    expect(forsok).toEqual([
      { forsok: 1, http_status: 503, levert: false },
      { forsok: 2, http_status: 503, levert: false },
      { forsok: 3, http_status: 200, levert: true },
    ]);
    // A retried lagre after completion starts nothing new (delivered; and the id is not reusable).
    await lagre({ pool, client, taskQueue }, endring);
    await expect(
      client.workflow.start('webhookLevering', {
        taskQueue,
        workflowId: webhookWorkflowId(v.id, webhookId),
        args: [v.id, webhookId],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    expect(mottatt.length).toBe(3);
  }, 60_000);

  test('410 Gone ends the delivery without retrying, and the workflow completes', async () => {
    const { forsok } = await levering([410]);
    expect(forsok).toEqual([{ forsok: 1, http_status: 410, levert: false }]);
  }, 60_000);
});
