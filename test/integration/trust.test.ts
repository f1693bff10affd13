/**
 * No input can poison a forløp, and the API's walls answer every bad request in words.
 * Tried from outside as a client would, on the real stack. Each bad input answers a clear 4xx
 * that names what is wrong, changes nothing, and the forløp goes on working afterwards.
 *
 * This file keeps to kommune 1818 (Herøy) and Mosjøen (HSYK-MOS), which no other file uses.
 */
import { request } from 'node:http';
import { DateTime } from 'luxon';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { LAGRING_AVVIST, forlopWorkflowId, hendelseUpdate, tilstandQuery } from '../../workflows/definitions';
import type { Principal } from '../../workflows/types';
import type { HendelseInput } from '../../workflows/hendelser';
import { KOMPLETT } from '../helpers/fakta';
import { forlopBody, startStack, testFnr, venterPa, type Stack } from '../helpers/stack';

const MSJ: Principal = { rolle: 'sykehus', org: 'HSYK-MOS' };
const HEROY: Principal = { rolle: 'kommune', org: '1818' };
const NUL = 'før\u0000etter';

let s: Stack;
let streng: Stack; // the webhook policy as in production: no private addresses
let begrenset: Stack; // a rate limit of 5 requests a minute per client

beforeAll(async () => {
  [s, streng, begrenset] = await Promise.all([
    startStack(),
    startStack({ env: { WEBHOOK_TILLAT_PRIVATE_ADRESSER: 'false', TEMPORAL_UI_ORIGIN: 'http://127.0.0.1:8233' } }),
    startStack({ env: { RATE_LIMIT_PER_MINUTT: '5' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([s?.stopp(), streng?.stopp(), begrenset?.stopp()]);
});

const naa = (minutter = 0) => DateTime.now().minus({ minutes: minutter }).toISO()!;

async function nyttForlop(): Promise<string> {
  const r = await s.kall(MSJ, 'POST', '/api/v1/forlop', forlopBody({ sykehus: 'HSYK-MOS', oppholdskommune: '1818', innlagtTidspunkt: naa(120) }));
  expect(r.status).toBe(201);
  return r.body.id;
}

/** The forløp as PostgreSQL has it and as the workflow holds it: they must agree. */
async function beggeSider(id: string) {
  const pg = await s.pool.query<{ siste_sekvens: number; status: string; n: string }>(
    'SELECT f.siste_sekvens, f.status, (SELECT count(*) FROM hendelse h WHERE h.forlop_id = f.id) AS n FROM forlop f WHERE f.id = $1',
    [id],
  );
  const wf = await s.client.workflow.getHandle(forlopWorkflowId(id)).query(tilstandQuery);
  return {
    pg: { sisteSekvens: pg.rows[0].siste_sekvens, status: pg.rows[0].status, hendelser: Number(pg.rows[0].n) },
    workflow: { sisteSekvens: wf.sisteSekvens, status: wf.status, hendelser: wf.sisteSekvens },
  };
}

async function fungerer(id: string): Promise<void> {
  const r = await s.kall(MSJ, 'POST', `/api/v1/forlop/${id}/hendelser`, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: naa(60) });
  expect(r.status).toBe(200);
  const b = await beggeSider(id);
  expect(b.pg).toEqual(b.workflow);
}

describe('text with a NUL (or another control character) is refused at the edge, naming the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['STATUSENDRING beskrivelse', { type: 'STATUSENDRING', beskrivelse: NUL }, 'beskrivelse'],
    ['INNLEGGELSESMELDING_SENDT antattForlop', { type: 'INNLEGGELSESMELDING_SENDT', antattForlop: NUL }, 'antattForlop'],
    ['UTSKRIVNINGSKLAR_AVMELDT arsak (bell)', { type: 'UTSKRIVNINGSKLAR_AVMELDT', arsak: 'a\u0007b' }, 'arsak'],
    ['FORLOP_AVBRUTT arsak', { type: 'FORLOP_AVBRUTT', arsak: NUL }, 'arsak'],
    [
      'KARTLEGGING_FULLFORT resultat.funksjon',
      { type: 'KARTLEGGING_FULLFORT', resultat: { funksjon: NUL, mestring: 'm', behov: [], anbefaling: 'a' } },
      'resultat.funksjon',
    ],
  ])('%s', async (_navn, hendelse, felt) => {
    const id = await nyttForlop();
    const hvem = hendelse.type === 'KARTLEGGING_FULLFORT' ? { rolle: 'kartleggingsteam' as const, org: 'KT-RANA' } : MSJ;
    const r = await s.kall(hvem, 'POST', `/api/v1/forlop/${id}/hendelser`, { tidspunkt: naa(90), ...hendelse });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ felt, melding: 'kan ikke inneholde kontrolltegn (bare linjeskift og tabulator)' }]);
    await fungerer(id);
  });

  test('line breaks and tabs are kept', async () => {
    const id = await nyttForlop();
    const r = await s.kall(MSJ, 'POST', `/api/v1/forlop/${id}/hendelser`, {
      type: 'STATUSENDRING',
      tidspunkt: naa(90),
      beskrivelse: 'linje 1\r\nlinje 2\tslutt',
    });
    expect(r.status).toBe(200);
    expect(r.body.hendelser.at(-1).beskrivelse).toBe('linje 1\r\nlinje 2\tslutt');
  });

  test('avdeling at admission, POST /avvik beskrivelse, a behandling kommentar, ?sykehus= and a webhook URL', async () => {
    const forlop = await s.kall(MSJ, 'POST', '/api/v1/forlop', forlopBody({ sykehus: 'HSYK-MOS', oppholdskommune: '1818', avdeling: NUL }));
    expect(forlop.status).toBe(400);
    expect(forlop.body.errors.map((e: { felt: string }) => e.felt)).toEqual(['avdeling']);

    const id = await nyttForlop();
    const avvik = await s.kall(MSJ, 'POST', '/api/v1/avvik', { forlopId: id, beskrivelse: NUL, ansvarlig: 'kommune' });
    expect(avvik.status).toBe(400);
    expect(avvik.body.errors.map((e: { felt: string }) => e.felt)).toEqual(['beskrivelse']);

    const gyldig = await s.kall(MSJ, 'POST', '/api/v1/avvik', { forlopId: id, beskrivelse: 'Mangler opplysninger', ansvarlig: 'kommune' });
    expect(gyldig.status).toBe(201);
    const beh = await s.kall(HEROY, 'POST', `/api/v1/avvik/${gyldig.body.id}/behandling`, { status: 'under_behandling', kommentar: NUL });
    expect(beh.status).toBe(400);
    expect(beh.body.errors.map((e: { felt: string }) => e.felt)).toEqual(['kommentar']);

    for (const sti of ['/api/v1/forlop', '/api/v1/avvik']) {
      const q = await s.kall(MSJ, 'GET', `${sti}?sykehus=${encodeURIComponent('HSYK\u0000MSJ')}`);
      expect(q.status).toBe(400);
      expect(q.body.errors.map((e: { felt: string }) => e.felt)).toEqual(['query.sykehus']);
    }

    const w = await s.kall(HEROY, 'POST', '/api/v1/webhooks', { url: `https://eksempel.no/${NUL}` });
    expect(w.status).toBe(400);
    expect(w.body.errors.map((e: { felt: string }) => e.felt)).toEqual(['url']);
  });
});

describe('times are plausible', () => {
  test('an admission back-dated to 1900, or six years back, is refused; four years back is open for imports', async () => {
    for (const innlagt of ['1900-01-01T08:00:00+01:00', DateTime.now().minus({ years: 6 }).toISO()!]) {
      const r = await s.kall(MSJ, 'POST', '/api/v1/forlop', forlopBody({ sykehus: 'HSYK-MOS', oppholdskommune: '1818', innlagtTidspunkt: innlagt }));
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ felt: 'innlagtTidspunkt', melding: 'kan ikke være mer enn 5 år tilbake i tid' }]);
    }
    const ok = await s.kall(
      MSJ,
      'POST',
      '/api/v1/forlop',
      forlopBody({ sykehus: 'HSYK-MOS', oppholdskommune: '1818', innlagtTidspunkt: DateTime.now().minus({ years: 4 }).toISO() }),
    );
    expect(ok.status).toBe(201);
  });

  test('a hendelse before the admission is 422 and changes nothing', async () => {
    const id = await nyttForlop();
    const r = await s.kall(MSJ, 'POST', `/api/v1/forlop/${id}/hendelser`, { type: 'STATUSENDRING', tidspunkt: naa(60 * 24), beskrivelse: 'x' });
    expect(r.status).toBe(422);
    expect(r.body.detail).toMatch(/før innleggelsen/);
    await fungerer(id);
  });
});

describe('a write PostgreSQL refuses as data never retries forever', () => {
  test('a hendelse that reaches the workflow with a NUL (past the API) is rejected; the workflow and PostgreSQL agree, and the forløp goes on', async () => {
    const id = await nyttForlop();
    const for_ = await beggeSider(id);
    const input: HendelseInput = {
      hendelseId: '0b6d6c1e-8c1a-4f7e-9d3b-5a1e2f3c4d5e',
      type: 'STATUSENDRING',
      tidspunkt: naa(30),
      registrert: naa(0),
      av: MSJ,
      data: { beskrivelse: NUL },
    };
    const feil = await s.client.workflow
      .getHandle(forlopWorkflowId(id))
      .executeUpdate(hendelseUpdate, { args: [input], updateId: input.hendelseId })
      .catch((e: unknown) => e);
    expect(feil).toBeInstanceOf(WorkflowUpdateFailedError);
    const aarsak = (feil as WorkflowUpdateFailedError).cause;
    expect(aarsak instanceof ApplicationFailure && aarsak.type).toBe(LAGRING_AVVIST);
    expect(await beggeSider(id)).toEqual(for_);
    await fungerer(id);
    // The refused hendelse is not remembered as recorded: its id may be sent again, corrected.
    const rettet = await s.client.workflow
      .getHandle(forlopWorkflowId(id))
      .executeUpdate(hendelseUpdate, { args: [{ ...input, data: { beskrivelse: 'rettet' } }], updateId: `${input.hendelseId}-2` });
    expect(rettet.duplikat).toBe(false);
    const b = await beggeSider(id);
    expect(b.pg).toEqual(b.workflow);
    expect(b.pg.hendelser).toBe(for_.pg.hendelser + 2);
  });

  test('a timer-driven change refused as data: the forløp goes on from before it and is listed for operations; nothing is lost once the cause is gone', async () => {
    await s.pool.query(`UPDATE kommune SET frister = '{"kommunesvar":"PT2S","kommunesvarPaminnelseFor":"PT0S"}' WHERE nummer = '1818'`);
    try {
      const id = await nyttForlop();
      await fungerer(id);
      // PostgreSQL will refuse this forløp's avvik (as it would refuse bad data).
      await s.pool.query(`ALTER TABLE avvik ADD CONSTRAINT test_avvis_${id.slice(0, 8)} CHECK (forlop_id <> '${id}') NOT VALID`);
      try {
        const meldt = await s.kall(MSJ, 'POST', `/api/v1/forlop/${id}/hendelser`, {
          type: 'UTSKRIVNINGSKLAR',
          tidspunkt: naa(0),
          vurdertTidspunkt: naa(0),
          vurdering: KOMPLETT,
        });
        expect(meldt.status).toBe(200);
        // The 2 s answer frist breaks on the timer; its avvik is refused.
        const drift = await venterPa<{ driftsfeil: string }>(
          async () => {
            const r = await s.kall({ rolle: 'samhandling', org: 'HSYK' }, 'GET', '/api/v1/drift/forlop');
            return r.body.data.find((f: { forlopId: string }) => f.forlopId === id);
          },
          30_000,
          'driftsfeilen',
        );
        expect(drift).toMatchObject({ status: 'utskrivningsklar', sykehus: 'HSYK-MOS', oppholdskommune: '1818' });
        expect(drift.driftsfeil).toMatch(/avvist av databasen/);
        const b = await beggeSider(id);
        expect(b.pg).toEqual(b.workflow);
        expect((await s.pool.query('SELECT count(*)::int n FROM avvik WHERE forlop_id = $1', [id])).rows[0].n).toBe(0);
      } finally {
        await s.pool.query(`ALTER TABLE avvik DROP CONSTRAINT test_avvis_${id.slice(0, 8)}`);
      }
      // The cause gone, the next hendelse brings the breach in: one avvik, as if nothing had happened.
      const svar = await s.kall(HEROY, 'POST', `/api/v1/forlop/${id}/hendelser`, { type: 'KOMMUNESVAR', tidspunkt: naa(0), kanTaImot: true });
      expect(svar.status).toBe(200);
      const avvik = await s.pool.query('SELECT type FROM avvik WHERE forlop_id = $1', [id]);
      expect(avvik.rows).toEqual([{ type: 'KOMMUNESVAR' }]);
      const b = await beggeSider(id);
      expect(b.pg).toEqual(b.workflow);
    } finally {
      await s.pool.query(`UPDATE kommune SET frister = '{}'::jsonb WHERE nummer = '1818'`);
    }
  });

  test('the activity reports a data refusal as non-retryable, naming only the SQLSTATE', async () => {
    const { avvistSomData } = await import('../../activities/lagre');
    const f = avvistSomData(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00 «pasientens tekst»'), { code: '22021' }));
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect(f?.nonRetryable).toBe(true);
    expect(f?.message).toBe('PostgreSQL avviste endringen som data (SQLSTATE 22021)');
    expect(avvistSomData(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }))).toBeNull();
    expect(avvistSomData(Object.assign(new Error('the database system is shutting down'), { code: '57P03' }))).toBeNull();
  });
});

describe('the walls answer in problem+json', () => {
  test('limit=0 and limit=201 say what the bounds are', async () => {
    const null_ = await s.kall(MSJ, 'GET', '/api/v1/forlop?limit=0');
    expect(null_.body.errors).toEqual([{ felt: 'query.limit', melding: 'må være minst 1' }]);
    const for_stor = await s.kall(MSJ, 'GET', '/api/v1/forlop?limit=201');
    expect(for_stor.body.errors).toEqual([{ felt: 'query.limit', melding: 'kan være høyst 200' }]);
    const tekst = await s.kall(MSJ, 'GET', '/api/v1/forlop?limit=tja');
    expect(tekst.body.errors).toEqual([{ felt: 'query.limit', melding: 'må være et heltall' }]);
  });

  test('a body that is not JSON is 415; a JSON scalar is 400 naming the body, not "invalid JSON"', async () => {
    const id = await nyttForlop();
    const tekst = await s.kall(MSJ, 'POST', `/api/v1/forlop/${id}/hendelser`, 'type=DOD', { 'content-type': 'text/plain' });
    expect(tekst.status).toBe(415);
    expect(tekst.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const skalar = await s.kall(MSJ, 'POST', `/api/v1/forlop/${id}/hendelser`, '"DOD"');
    expect(skalar.status).toBe(400);
    expect(skalar.body.type).toMatch(/validering$/);
    expect(skalar.body.errors.map((e: { felt: string }) => e.felt)).toEqual(['(body)']);
    const ødelagt = await s.kall(MSJ, 'POST', `/api/v1/forlop/${id}/hendelser`, '{"type":');
    expect(ødelagt.status).toBe(400);
    expect(ødelagt.body.type).toMatch(/ugyldig-json$/);
  });

  test('a method a path does not have is 405 with Allow; an unknown path stays 404', async () => {
    const id = await nyttForlop();
    const r = await s.kall(MSJ, 'DELETE', `/api/v1/forlop/${id}`);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, HEAD');
    expect(r.body.type).toMatch(/metode-ikke-tillatt$/);
    const put = await s.kall(MSJ, 'PUT', '/api/v1/forlop', {});
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
    expect((await s.kall(MSJ, 'GET', '/api/v1/finnes-ikke')).status).toBe(404);
  });

  test('an oversized header is 431 with a problem body', async () => {
    const url = new URL(s.baseUrl);
    const svar = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/healthz', headers: { 'x-stor': 'a'.repeat(20_000) } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(svar.status).toBe(431);
    expect(svar.type).toMatch(/application\/problem\+json/);
    expect(JSON.parse(svar.body)).toMatchObject({ status: 431, type: expect.stringMatching(/for-store-hoder$/) });
  });

  test('security headers on every answer, a request id echoed or made, and in the problem body', async () => {
    const r = await fetch(`${s.baseUrl}/api/v1/forlop`, { headers: { 'x-request-id': 'avd-123' } });
    expect(r.status).toBe(401);
    expect(r.headers.get('x-request-id')).toBe('avd-123');
    expect(((await r.json()) as { requestId: string }).requestId).toBe('avd-123');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const uten = await fetch(`${s.baseUrl}/healthz`, { headers: { 'x-request-id': 'ikke gyldig\u00e6' } });
    expect(uten.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a client over its rate is 429 with Retry-After; another client is not held back', async () => {
    const statuser: number[] = [];
    for (let i = 0; i < 5; i++) statuser.push((await begrenset.kall(MSJ, 'GET', '/api/v1/forlop?limit=1')).status);
    expect(statuser).toEqual([200, 200, 200, 200, 200]);
    const over = await begrenset.kall(MSJ, 'GET', '/api/v1/forlop?limit=1');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.body.type).toMatch(/for-mange$/);
    expect((await begrenset.kall(HEROY, 'GET', '/api/v1/forlop?limit=1')).status).toBe(200);
  });
});

describe('keys rotate', () => {
  test('a patient first stored under key 1 is the same patient after the switch to key 2', async () => {
    const { finnEllerOpprettPasient } = await import('../../db/pasient');
    const { randomBytes } = await import('node:crypto');
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const fnr = testFnr();
    const for_ = await finnEllerOpprettPasient(s.pool, fnr, k1);
    expect(await finnEllerOpprettPasient(s.pool, fnr, k2, [k1])).toBe(for_);
    // Without the replaced key the number would look new: one patient would become two.
    expect(await finnEllerOpprettPasient(s.pool, fnr, k2)).not.toBe(for_);
  });

  test("the PLO import's set-based patients: found under a replaced key, new ones with the ids given, names stored; one stored meanwhile refused", async () => {
    const { dekrypterNavn, finnEllerOpprettPasient, finnPasienter, lagrePasienter } = await import('../../db/pasient');
    const { randomBytes, randomUUID } = await import('node:crypto');
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const [gammel, ny, ukjent] = [testFnr(), testFnr(), testFnr()];
    const gammelId = await finnEllerOpprettPasient(s.pool, gammel, k1);
    const funnet = await finnPasienter(s.pool, [gammel, ny, ukjent], k2, [k1]);
    expect([...funnet]).toEqual([[gammel, gammelId]]);

    const nyId = randomUUID();
    const navn = { fornavn: 'Ragnhild', etternavn: 'Strand' };
    await lagrePasienter(
      s.pool,
      [
        { id: nyId, fnr: ny, ny: true, navn },
        { id: gammelId, fnr: gammel, ny: false, navn: { fornavn: 'Oddvar', etternavn: 'Moen' } },
      ],
      k2,
    );
    expect([...(await finnPasienter(s.pool, [ny, gammel], k2, [k1]))]).toEqual([
      [ny, nyId],
      [gammel, gammelId],
    ]);
    const lagretNavn = async (id: string) =>
      dekrypterNavn((await s.pool.query<{ navn_kryptert: string }>('SELECT navn_kryptert FROM pasient WHERE id = $1', [id])).rows[0].navn_kryptert, [k2]);
    expect(await lagretNavn(nyId)).toEqual(navn);
    expect(await lagretNavn(gammelId)).toEqual({ fornavn: 'Oddvar', etternavn: 'Moen' });
    // Someone else stored the number between the look-up and the batch: the batch is refused, the stored patient kept.
    await expect(lagrePasienter(s.pool, [{ id: randomUUID(), fnr: ny, ny: true, navn: null }], k2)).rejects.toThrow(/kjør importen igjen/);
    expect([...(await finnPasienter(s.pool, [ny], k2))]).toEqual([[ny, nyId]]);
  });
});

describe('the codec endpoint for the Temporal web UI', () => {
  test('an admin sees a forløp history decrypted; another rolle gets 403; the UI origin passes CORS', async () => {
    const id = await nyttForlop();
    expect(
      (await s.kall(MSJ, 'POST', `/api/v1/forlop/${id}/hendelser`, { type: 'STATUSENDRING', tidspunkt: naa(30), beskrivelse: 'Hemmelig helseopplysning' }))
        .status,
    ).toBe(200);
    const historikk = await s.client.workflow.getHandle(forlopWorkflowId(id)).fetchHistory();
    const payloads = (historikk.events ?? [])
      .flatMap((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? [])
      .map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
        data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
      }));
    expect(payloads.length).toBe(2);
    const kryptert = payloads.map((p) => Buffer.from(p.data, 'base64').toString('latin1')).join('');
    expect(kryptert).not.toContain('Hemmelig helseopplysning');
    const svar = await streng.kall({ rolle: 'admin', org: '' }, 'POST', '/api/v1/codec/decode', { payloads });
    expect(svar.status).toBe(200);
    const klar = svar.body.payloads.map((p: { data: string }) => Buffer.from(p.data, 'base64').toString('utf8')).join('');
    expect(klar).toContain('Hemmelig helseopplysning');
    expect((await streng.kall(HEROY, 'POST', '/api/v1/codec/decode', { payloads })).status).toBe(403);
    const forhand = await fetch(`${streng.baseUrl}/api/v1/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:8233', 'access-control-request-method': 'POST' },
    });
    expect(forhand.status).toBe(204);
    expect(forhand.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    const fremmed = await fetch(`${streng.baseUrl}/api/v1/codec/decode`, { method: 'OPTIONS', headers: { origin: 'https://annen.no' } });
    expect(fremmed.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('webhook URLs', () => {
  test('loopback, private and link-local addresses are refused at registration; a public one is taken', async () => {
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://localhost/x',
      'http://10.1.2.3/x',
      'http://169.254.169.254/latest',
      'http://[::1]/x',
      'http://[fd00::1]/x',
    ]) {
      const r = await streng.kall(HEROY, 'POST', '/api/v1/webhooks', { url });
      expect({ url, status: r.status, felt: r.body.errors?.[0]?.felt }).toEqual({ url, status: 400, felt: 'url' });
    }
    const ok = await streng.kall(HEROY, 'POST', '/api/v1/webhooks', { url: 'https://93.184.215.14/varsler' });
    expect(ok.status).toBe(201);
    await streng.kall(HEROY, 'DELETE', `/api/v1/webhooks/${ok.body.id}`);
  });
});
