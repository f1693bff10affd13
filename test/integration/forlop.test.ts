/**
 * One forløp end to end through the HTTP API, on the real Temporal dev server and real
 * PostgreSQL: the path a ward, a kartleggingsteam and a kommune walk together.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { lagDataConverter } from '../../config/payload-codec';
import { workflowBundle } from '../../scripts/worker';
import { forlopWorkflowId } from '../../workflows/definitions';
import { KOMPLETT } from '../helpers/fakta';
import { allePayloadBytes } from '../helpers/historikk';
import { forlopBody, HEMNES, KT_RANA, RANA, SAMHANDLING, SYKEHUS, startStack, type Stack } from '../helpers/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stopp();
});

const minutterSiden = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const imorgen = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

const nyttForlop = (overstyr: Record<string, unknown> = {}) =>
  forlopBody({ innlagtTidspunkt: minutterSiden(600), kartlegging: { inkludert: true }, ...overstyr });
const komplettVurdering = KOMPLETT;

async function start(body = nyttForlop()) {
  const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', body);
  expect(r.status).toBe(201);
  return r.body;
}

test('a forløp walks from INNLAGT to avsluttet through HTTP alone, every hendelse kept in order', async () => {
  const body = nyttForlop();
  const forlop = await start(body);
  expect(forlop.status).toBe('innlagt');
  expect(forlop.pasient.fnr).toBe(body.pasient.fnr);
  expect(forlop.kartlegging).toEqual({ inkludert: true, status: 'ikke_startet', grunn: 'Avdelingen oppga om pasienten er inkludert', kriterierVersjon: null });
  expect(forlop.frister.find((f: any) => f.id === 'INNLEGGELSESMELDING')).toMatchObject({ ansvarlig: 'sykehus', status: 'aktiv' });

  const steg: [typeof SYKEHUS, Record<string, unknown>, string][] = [
    [
      SYKEHUS,
      { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: minutterSiden(590), antattForlop: 'Fall, hoftebrudd', forventetUtskrivningsdato: imorgen() },
      'innlagt',
    ],
    [KT_RANA, { type: 'KARTLEGGING_STARTET', tidspunkt: minutterSiden(500) }, 'innlagt'],
    [
      KT_RANA,
      {
        type: 'KARTLEGGING_FULLFORT',
        tidspunkt: minutterSiden(400),
        resultat: { funksjon: 'Går med rullator', mestring: 'Trenger hjelp til stell', behov: ['hjemmesykepleie'], anbefaling: 'Hjem med tjenester' },
      },
      'innlagt',
    ],
    [
      SYKEHUS,
      { type: 'UTSKRIVNINGSKLAR', tidspunkt: minutterSiden(200), vurdertTidspunkt: minutterSiden(200), vurdering: komplettVurdering },
      'utskrivningsklar',
    ],
    [RANA, { type: 'KOMMUNESVAR', tidspunkt: minutterSiden(190), kanTaImot: false, forventetKlarDato: imorgen() }, 'venter_pa_kommune'],
    [RANA, { type: 'TILBUD_KLART', tidspunkt: minutterSiden(150), tilbud: 'hjem_med_tjenester' }, 'klar_for_utskrivning'],
    [SYKEHUS, { type: 'EPIKRISE_SENDT', tidspunkt: minutterSiden(100) }, 'klar_for_utskrivning'],
    [SYKEHUS, { type: 'UTSKREVET', tidspunkt: minutterSiden(100), destinasjon: 'hjem_med_tjenester' }, 'utskrevet'],
    [RANA, { type: 'OPPFOLGING_STARTET', tidspunkt: minutterSiden(30), beskrivelse: 'Første besøk av hjemmesykepleien' }, 'avsluttet'],
  ];
  for (const [hvem, hendelse, forventet] of steg) {
    const r = await s.kall(hvem, 'POST', `/api/v1/forlop/${forlop.id}/hendelser`, hendelse);
    expect({ type: hendelse.type, status: r.status, forlop: r.body?.status }).toEqual({ type: hendelse.type, status: 200, forlop: forventet });
  }

  const les = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${forlop.id}`);
  expect(les.status).toBe(200);
  expect(les.body.status).toBe('avsluttet');
  expect(les.body.kartlegging.status).toBe('fullfort');
  expect(les.body.hendelser.map((h: any) => h.type)).toEqual(['INNLAGT', ...steg.map(([, h]) => h.type)]);
  expect(les.body.hendelser.map((h: any) => h.sekvens)).toEqual(Array.from({ length: steg.length + 1 }, (_, i) => i + 1));
  expect(les.body.hendelser[4].av).toEqual({ rolle: 'sykehus', org: 'HSYK-MO' });
  // Everything was done in time: no frist broken, no avvik, no overliggerdøgn (the kommune answered and was ready the same day).
  expect(les.body.avvik).toEqual([]);
  expect(les.body.frister.every((f: any) => f.status === 'oppfylt')).toBe(true);
  // The samhandlingsavdeling sees it too; the read is recorded with who read it.
  expect((await s.kall(SAMHANDLING, 'GET', `/api/v1/forlop/${forlop.id}`)).status).toBe(200);
  const lesinger = await s.pool.query('SELECT rolle, org FROM lesing WHERE forlop_id = $1', [forlop.id]);
  expect(lesinger.rows).toEqual(
    expect.arrayContaining([
      { rolle: 'samhandling', org: 'HSYK' },
      { rolle: 'sykehus', org: 'HSYK-MO' },
    ]),
  );

  // The workflow history holds neither the fødselsnummer nor the health information in plain text.
  const historikk = await s.client.workflow.getHandle(forlopWorkflowId(forlop.id)).fetchHistory();
  const hendelser = historikk.events ?? [];
  expect(hendelser.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length).toBe(steg.length + 1);
  const ra = allePayloadBytes(historikk);
  expect(ra).toContain('binary/encrypted');
  expect(ra).not.toContain(body.pasient.fnr);
  expect(ra).not.toContain('Går med rullator');
  expect(ra).not.toContain('KARTLEGGING_FULLFORT');

  // The finished forløp replays against today's workflow code without non-determinism.
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(), dataConverter: lagDataConverter(s.pasientNokkel) },
    historikk,
    forlopWorkflowId(forlop.id),
  );
});

test('a hendelse the state does not allow answers 409 naming the state and what it allows', async () => {
  const forlop = await start();
  const r = await s.kall(RANA, 'POST', `/api/v1/forlop/${forlop.id}/hendelser`, { type: 'KOMMUNESVAR', tidspunkt: minutterSiden(1), kanTaImot: true });
  expect(r.status).toBe(409);
  expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(r.body.type).toMatch(/ugyldig-overgang$/);
  expect(r.body.detail).toMatch(/innlagt/);
  expect(r.body.detail).toMatch(/UTSKRIVNINGSKLAR/);
  // Nothing was recorded.
  const les = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${forlop.id}`);
  expect(les.body.hendelser.map((h: any) => h.type)).toEqual(['INNLAGT']);
});

test('a malformed body answers 400 naming each bad field', async () => {
  const forlop = await start();
  const r = await s.kall(RANA, 'POST', `/api/v1/forlop/${forlop.id}/hendelser`, { type: 'KOMMUNESVAR', tidspunkt: 'i går', kanTaImot: 'kanskje' });
  expect(r.status).toBe(400);
  const felt = JSON.stringify(r.body.errors);
  expect(felt).toMatch(/tidspunkt/);
  expect(felt).toMatch(/kanTaImot/);

  const feilFnr = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', nyttForlop({ pasient: { fnr: '01017012346' } }));
  expect(feilFnr.status).toBe(400);
  expect(JSON.stringify(feilFnr.body.errors)).toMatch(/pasient.*fnr|fnr/);
  // The rejected number is not echoed back.
  expect(JSON.stringify(feilFnr.body)).not.toMatch(/01017012346/);
});

test("a kommune reading another kommune's forløp gets 404; a rolle sending another's hendelse gets 403", async () => {
  const forlop = await start();
  expect((await s.kall(HEMNES, 'GET', `/api/v1/forlop/${forlop.id}`)).status).toBe(404);
  expect(
    (await s.kall(HEMNES, 'POST', `/api/v1/forlop/${forlop.id}/hendelser`, { type: 'OPPFOLGING_STARTET', tidspunkt: minutterSiden(1), beskrivelse: 'x' }))
      .status,
  ).toBe(404);
  expect((await s.kall(RANA, 'GET', `/api/v1/forlop/${forlop.id}`)).status).toBe(200);
  const r = await s.kall(RANA, 'POST', `/api/v1/forlop/${forlop.id}/hendelser`, { type: 'UTSKREVET', tidspunkt: minutterSiden(1), destinasjon: 'hjem' });
  expect(r.status).toBe(403);
  const liste = await s.kall(HEMNES, 'GET', '/api/v1/forlop?limit=200');
  expect(liste.status).toBe(200);
  expect(liste.body.data.map((f: any) => f.id)).not.toContain(forlop.id);
});

test('the same hendelse sent twice is recorded once', async () => {
  const forlop = await start();
  const hendelse = {
    type: 'INNLEGGELSESMELDING_SENDT',
    tidspunkt: minutterSiden(5),
    hendelseId: randomUUID(),
    antattForlop: 'Pneumoni',
    forventetUtskrivningsdato: imorgen(),
  };
  const [a, b] = await Promise.all([
    s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${forlop.id}/hendelser`, hendelse),
    s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${forlop.id}/hendelser`, hendelse),
  ]);
  expect([a.status, b.status]).toEqual([200, 200]);
  const c = await s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${forlop.id}/hendelser`, hendelse);
  expect(c.status).toBe(200);
  expect(c.body.hendelser.filter((h: any) => h.type === 'INNLEGGELSESMELDING_SENDT')).toHaveLength(1);
  const rader = await s.pool.query('SELECT count(*)::int AS n FROM hendelse WHERE forlop_id = $1 AND hendelse_id = $2', [forlop.id, hendelse.hendelseId]);
  expect(rader.rows[0].n).toBe(1);
  // One varsel to the kommune, not two.
  const varsler = await s.pool.query("SELECT count(*)::int AS n FROM varsel WHERE forlop_id = $1 AND type = 'INNLEGGELSESMELDING'", [forlop.id]);
  expect(varsler.rows[0].n).toBe(1);
});

test('POST /forlop with an Idempotency-Key returns the first answer; the same key with another body answers 422', async () => {
  const key = randomUUID();
  const body = nyttForlop();
  const a = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', body, { 'idempotency-key': key });
  const b = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', body, { 'idempotency-key': key });
  expect(a.status).toBe(201);
  expect([200, 201]).toContain(b.status);
  expect(b.body.id).toBe(a.body.id);
  const c = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', { ...body, avdeling: 'Kirurgisk avdeling' }, { 'idempotency-key': key });
  expect(c.status).toBe(422);
  const n = await s.pool.query('SELECT count(*)::int AS n FROM forlop WHERE id = $1', [a.body.id]);
  expect(n.rows[0].n).toBe(1);
});

test('a worker stopped and restarted in the middle of a forløp loses nothing', async () => {
  const forlop = await start();
  const url = `/api/v1/forlop/${forlop.id}/hendelser`;
  expect((await s.kall(SYKEHUS, 'POST', url, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: minutterSiden(590) })).status).toBe(200);

  await s.stoppWorker();
  // A hendelse sent while no worker runs waits for one instead of being lost.
  const underveis = s.kall(SYKEHUS, 'POST', url, {
    type: 'UTSKRIVNINGSKLAR',
    tidspunkt: minutterSiden(60),
    vurdertTidspunkt: minutterSiden(60),
    vurdering: komplettVurdering,
  });
  await new Promise((r) => setTimeout(r, 1500));
  await s.startWorker();
  const r = await underveis;
  expect(r.status).toBe(200);
  expect(r.body.status).toBe('utskrivningsklar');

  for (const [hvem, h] of [
    [RANA, { type: 'KOMMUNESVAR', tidspunkt: minutterSiden(50), kanTaImot: true }],
    [SYKEHUS, { type: 'EPIKRISE_SENDT', tidspunkt: minutterSiden(10) }],
    [SYKEHUS, { type: 'UTSKREVET', tidspunkt: minutterSiden(10), destinasjon: 'korttidsopphold' }],
  ] as const) {
    const svar = await s.kall(hvem, 'POST', url, h);
    expect({ type: h.type, status: svar.status }).toEqual({ type: h.type, status: 200 });
  }
  const les = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${forlop.id}`);
  expect(les.body.status).toBe('avsluttet');
  expect(les.body.hendelser.map((h: any) => h.type)).toEqual([
    'INNLAGT',
    'INNLEGGELSESMELDING_SENDT',
    'UTSKRIVNINGSKLAR',
    'KOMMUNESVAR',
    'EPIKRISE_SENDT',
    'UTSKREVET',
  ]);
});
