/**
 * Avvik followed up to the end, on the real stack (Temporal dev server + PostgreSQL, through
 * HTTP): with a short svarfrist configured for the kommune (PT30S, reminder PT15S before), a
 * hand-reported avvik gets its PAMINNELSE to the party, then its ESKALERING to the party and to
 * the samhandlingsavdeling, while the worker is stopped over the svarfrist and started again;
 * nothing is sent twice; an answer by the party makes it `besvart` and stops its follow-up; a
 * frist-generated avvik is followed up the same way. Then the svarStatus rule at set moments,
 * GET /avvik's filters and CSV, and /metrics.
 *
 * This file keeps to Hattfjelldal (1826), which no other file uses, with Mosjøen (HSYK-MOS).
 */
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { registrerAvvik, sendAvvikOppfolging } from '../../activities/avvik-oppfolging';
import { svarStatusSql } from '../../db/avvik';
import type { AvvikRegistrering } from '../../workflows/avvik.definitions';
import type { Principal } from '../../workflows/types';
import { forlopBody, SAMHANDLING, startStack, venterPa, type Stack } from '../helpers/stack';
import { startMottaker, type Mottaker } from '../helpers/mottaker';

const MSJ: Principal = { rolle: 'sykehus', org: 'HSYK-MOS' };
const HATTFJELLDAL: Principal = { rolle: 'kommune', org: '1826' };
const ADMIN: Principal = { rolle: 'admin', org: '' };
const KOMMUNE = '1826';

let s: Stack;
let mottaker: Mottaker;
let fnr: string;
let forlopId: string;
/** A: answered by nobody. B: answered by the kommune. F: the engine's own (INNLEGGELSESMELDING). */
let a: any;
let b: any;
let f: any;

beforeAll(async () => {
  s = await startStack();
  mottaker = await startMottaker();
});
afterAll(async () => {
  await s?.pool.query(`UPDATE kommune SET frister = '{}'::jsonb WHERE nummer = $1`, [KOMMUNE]).catch(() => undefined);
  await s?.stopp();
  await mottaker?.stopp();
});

/** The org's whole feed. */
async function feed(p: Principal): Promise<any[]> {
  const r = await s.kall(p, 'GET', '/api/v1/varsler?limit=1000');
  expect(r.status).toBe(200);
  return r.body.data;
}
/** The varsler of one type in the org's feed about one avvik: its forløp and its svarfrist (the text names no id, the frist is the avvik's own). */
async function varslerOm(p: Principal, type: string, avvik: { forlopId: string; svarfrist: string }): Promise<any[]> {
  return (await feed(p)).filter((v) => v.type === type && v.forlopId === avvik.forlopId && Date.parse(v.frist) === Date.parse(avvik.svarfrist));
}
const mottattGanger = (varselId: string) => mottaker.mottatt.filter((m) => m.id === varselId).length;

async function csv(p: Principal, query: string): Promise<{ status: number; type: string | null; bytes: Buffer; linjer: string[][] }> {
  const res = await fetch(`${s.baseUrl}/api/v1/avvik?${query}`, {
    headers: { authorization: `Bearer ${await s.token(p.rolle, p.org)}`, accept: 'text/csv' },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), bytes, linjer: lesCsv(bytes.toString('utf8').replace(/^\uFEFF/, '')) };
}

/** RFC 4180 as a spreadsheet reads it, with ';': quoted fields may hold ';', '""' and line breaks. */
function lesCsv(tekst: string): string[][] {
  const rader: string[][] = [];
  let rad: string[] = [];
  let felt = '';
  let iSitat = false;
  for (let i = 0; i < tekst.length; i++) {
    const t = tekst[i];
    if (iSitat) {
      if (t === '"' && tekst[i + 1] === '"') {
        felt += '"';
        i++;
      } else if (t === '"') iSitat = false;
      else felt += t;
    } else if (t === '"') iSitat = true;
    else if (t === ';') {
      rad.push(felt);
      felt = '';
    } else if (t === '\r' && tekst[i + 1] === '\n') {
      rad.push(felt);
      rader.push(rad);
      rad = [];
      felt = '';
      i++;
    } else felt += t;
  }
  if (felt !== '' || rad.length > 0) {
    rad.push(felt);
    rader.push(rad);
  }
  return rader;
}

test("a kommune's svarfrist is configuration: admin sets PT30S with the reminder PT15S before", async () => {
  const r = await s.kall(ADMIN, 'PUT', `/api/v1/konfigurasjon/kommuner/${KOMMUNE}`, {
    avvikSvarfrist: 'PT30S',
    avvikSvarfristPaminnelseFor: 'PT15S',
  });
  expect(r.status).toBe(200);
  expect(r.body.frister).toMatchObject({ avvikSvarfrist: 'PT30S', avvikSvarfristPaminnelseFor: 'PT15S' });
  const feil = await s.kall(ADMIN, 'PUT', `/api/v1/konfigurasjon/kommuner/${KOMMUNE}`, { avvikSvarfristPaminnelseFor: 'P1X' });
  expect(feil.status).toBe(400);
});

test("POST /avvik takes kategori, hjemmel and strakstiltak; every avvik has its svarfrist from the kommune's configuration", async () => {
  await s.kall(MSJ, 'POST', '/api/v1/webhooks', { url: mottaker.url, typer: ['PAMINNELSE', 'ESKALERING'] });
  await s.kall(HATTFJELLDAL, 'POST', '/api/v1/webhooks', { url: mottaker.url, typer: ['AVVIK', 'PAMINNELSE', 'ESKALERING'] });
  await s.kall(SAMHANDLING, 'POST', '/api/v1/webhooks', { url: mottaker.url, typer: ['ESKALERING'] });

  // Admitted 30 hours ago without melding om innlagt pasient: the engine's own avvik at once.
  const body = forlopBody({ sykehus: 'HSYK-MOS', oppholdskommune: KOMMUNE, innlagtTidspunkt: DateTime.now().minus({ hours: 30 }).toISO() });
  fnr = body.pasient.fnr;
  const forlop = await s.kall(MSJ, 'POST', '/api/v1/forlop', body);
  expect(forlop.status).toBe(201);
  forlopId = forlop.body.id;

  const meld = (beskrivelse: string, ekstra: Record<string, unknown> = {}) =>
    s.kall(MSJ, 'POST', '/api/v1/avvik', { forlopId, beskrivelse, ansvarlig: 'kommune', ...ekstra });
  const ra = await meld('Hjemmetjenesten møtte ikke på avtalt tidspunkt; pårørende varslet', {
    kategori: 'manglende_oppfolging',
    hjemmel: 'Tjenesteavtale 3, punkt 6.2',
    strakstiltak: 'Avdelingen ringte kommunens tildelingskontor',
  });
  expect(ra.status).toBe(201);
  a = ra.body;
  expect(a).toMatchObject({
    type: 'MANUELT',
    ansvarlig: { rolle: 'kommune', org: KOMMUNE },
    motpart: { rolle: 'sykehus', org: 'HSYK-MOS' },
    kategori: 'manglende_oppfolging',
    hjemmel: 'Tjenesteavtale 3, punkt 6.2',
    strakstiltak: 'Avdelingen ringte kommunens tildelingskontor',
    svarStatus: 'venter',
    besvart: null,
    status: 'åpen',
  });
  // Registered + 30 seconds (the registration is the row's own time).
  const reg = await s.pool.query('SELECT opprettet, svarfrist, svar_paminnelse FROM avvik WHERE id = $1', [a.id]);
  expect(Date.parse(a.svarfrist)).toBe(reg.rows[0].opprettet.getTime() + 30_000);
  expect(reg.rows[0].svar_paminnelse.getTime()).toBe(reg.rows[0].opprettet.getTime() + 15_000);
  expect(a.svarfrist).toMatch(/[+-]0[12]:00$/); // shown on the Oslo clock

  const rb = await meld('Manglende informasjon om legemidler ved overføring', { kategori: 'manglende_informasjon' });
  expect(rb.status).toBe(201);
  b = rb.body;
  expect(b).toMatchObject({ kategori: 'manglende_informasjon', hjemmel: null, strakstiltak: null, svarStatus: 'venter' });

  // An unknown kategori is refused, naming the field.
  const ukjent = await meld('x', { kategori: 'tull' });
  expect(ukjent.status).toBe(400);
  expect(JSON.stringify(ukjent.body.errors)).toContain('kategori');

  // The hand-reported avvik's AVVIK varsel reaches the kommune's webhook (through its workflow's write).
  const avvikVarsel = (await feed(HATTFJELLDAL)).find((v) => v.type === 'AVVIK' && v.tekst.includes('Hjemmetjenesten møtte ikke'));
  expect(avvikVarsel?.tekst).toContain('Hjemmetjenesten møtte ikke');
  await venterPa(async () => (mottattGanger(avvikVarsel.id) > 0 ? true : undefined), 30_000, 'AVVIK-varselet hos webhooken');

  f = await venterPa(
    async () =>
      (await s.kall(SAMHANDLING, 'GET', `/api/v1/avvik?type=INNLEGGELSESMELDING&oppholdskommune=${KOMMUNE}`)).body.data.find(
        (x: any) => x.forlopId === forlopId,
      ),
    30_000,
    'fristavviket',
  );
  const fr = await s.pool.query('SELECT opprettet FROM avvik WHERE id = $1', [f.id]);
  expect(Date.parse(f.svarfrist)).toBe(fr.rows[0].opprettet.getTime() + 30_000);
  expect(f).toMatchObject({ kategori: null, svarStatus: 'venter' });
});

test('the party answers B with a kommentar: besvart, and its follow-up ends at once (the signal), long before its svarfrist', async () => {
  const r = await s.kall(HATTFJELLDAL, 'POST', `/api/v1/avvik/${b.id}/behandling`, { kommentar: 'Vi har purret på legemiddellisten' });
  expect(r.status).toBe(200);
  expect(r.body.svarStatus).toBe('besvart');
  expect(r.body.besvart).not.toBeNull();
  const h = s.client.workflow.getHandle(`avvik-${b.id}`);
  await venterPa(async () => ((await h.describe()).status.name === 'COMPLETED' ? true : undefined), 5_000, 'at arbeidsflyten for B er ferdig');
  // Before its reminder was due (svarfrist − 15 s): woken by the signal, not by its timer.
  expect(Date.now()).toBeLessThan(Date.parse(b.svarfrist) - 15_000);
  // A comment by the reporter (not the party) does not answer A.
  const annen = await s.kall(MSJ, 'POST', `/api/v1/avvik/${a.id}/behandling`, { kommentar: 'Vi venter fortsatt på svar' });
  expect(annen.status).toBe(403);
  expect((await s.kall(SAMHANDLING, 'GET', `/api/v1/avvik/${a.id}`)).body.svarStatus).toBe('venter');
});

test('A: the reminder to the party before the svarfrist; over the svarfrist with the worker stopped, forfalt; after the restart the escalation to the party and samhandling, each once', async () => {
  const paminnelse = await venterPa(async () => (await varslerOm(HATTFJELLDAL, 'PAMINNELSE', a))[0], 30_000, 'påminnelsen for A');
  const svarfrist = Date.parse(a.svarfrist);
  expect(Date.parse(paminnelse.opprettet)).toBeGreaterThanOrEqual(svarfrist - 15_000);
  expect(Date.parse(paminnelse.opprettet)).toBeLessThan(svarfrist);
  expect(Date.parse(paminnelse.frist)).toBe(svarfrist);
  expect(paminnelse.forlopId).toBe(forlopId);
  // Only the party is reminded.
  expect(await varslerOm(SAMHANDLING, 'PAMINNELSE', a)).toEqual([]);

  // The worker is stopped only once A's workflow waits on its timer to the svarfrist: the reminder
  // is in the feed as soon as its activity wrote it, before the workflow took that answer in, and a
  // worker stopped in between would meet the svarfrist already past on its restart (no second timer).
  await venterPa(
    async () =>
      ((await s.client.workflow.getHandle(`avvik-${a.id}`).fetchHistory()).events ?? []).filter((e) => e.timerStartedEventAttributes).length === 2 || undefined,
    30_000,
    'at arbeidsflyten for A venter på svarfristen',
  );
  await s.stoppWorker();
  const stoppet = Date.now();
  expect(stoppet).toBeLessThan(svarfrist); // the escalation falls due while no worker runs
  await new Promise((r) => setTimeout(r, Math.max(0, svarfrist - Date.now()) + 1000));
  // svarStatus is the state in PostgreSQL, with or without a worker.
  const forfalt = await s.kall(SAMHANDLING, 'GET', `/api/v1/avvik/${a.id}`);
  expect(forfalt.body.svarStatus).toBe('forfalt');
  expect(await varslerOm(HATTFJELLDAL, 'ESKALERING', a)).toEqual([]);

  await s.startWorker();
  const tilParten = await venterPa(async () => (await varslerOm(HATTFJELLDAL, 'ESKALERING', a))[0], 60_000, 'eskaleringen til kommunen');
  const tilSamhandling = await venterPa(async () => (await varslerOm(SAMHANDLING, 'ESKALERING', a))[0], 30_000, 'eskaleringen til samhandling');
  expect(Date.parse(tilParten.frist)).toBe(svarfrist);
  expect(tilSamhandling.tekst).toBe(tilParten.tekst);
  await venterPa(
    async () => (mottattGanger(tilParten.id) > 0 && mottattGanger(tilSamhandling.id) > 0 ? true : undefined),
    60_000,
    'eskaleringene hos webhookene',
  );
  await venterPa(async () => (mottattGanger(paminnelse.id) > 0 ? true : undefined), 30_000, 'påminnelsen hos webhooken');

  // F, the engine's own avvik (ansvarlig the sykehus), escalated too.
  const eskalertF = await venterPa(async () => (await varslerOm(MSJ, 'ESKALERING', f))[0], 60_000, 'eskaleringen av fristavviket');
  // In words: the frist by its name and the svarfrist in Oslo time, never a code or an ISO stamp.
  expect(eskalertF.tekst).toMatch(
    /^Eskalering: samhandlingsavviket om melding om innlagt pasient er ikke besvart av sykehuset \S+ innen svarfristen \d+\. \p{L}+ \d{4} kl\. \d{2}:\d{2}$/u,
  );
  expect(await varslerOm(SAMHANDLING, 'ESKALERING', f)).toHaveLength(1);
  expect(await varslerOm(MSJ, 'PAMINNELSE', f)).toHaveLength(1);
});

test('nothing is sent twice: another worker restart, and the escalation step repeated by hand, add no varsel and no delivery', async () => {
  await s.stoppWorker();
  await s.startWorker();
  // The step itself run again, as a retry after a crash would.
  const deps = { pool: s.pool, client: s.client, taskQueue: s.config.taskQueue, samhandlingOrg: s.config.samhandlingOrg };
  const etter = await sendAvvikOppfolging(deps, a.id, 'ESKALERING');
  expect(etter).toMatchObject({ eskalert: true, paminnelseSendt: true, besvart: false });
  await new Promise((r) => setTimeout(r, 3000));

  for (const [p, type] of [
    [HATTFJELLDAL, 'PAMINNELSE'],
    [HATTFJELLDAL, 'ESKALERING'],
    [SAMHANDLING, 'ESKALERING'],
  ] as const) {
    const v = await varslerOm(p, type, a);
    expect(v).toHaveLength(1);
    expect(mottattGanger(v[0].id)).toBe(1);
  }
  // A's workflow waited on two durable timers (to the reminder, to the svarfrist), never polling:
  // one read of the avvik at its start and one after each timer, one send per varsel kind.
  const historikk = await s.client.workflow.getHandle(`avvik-${a.id}`).fetchHistory();
  const hendelser = historikk.events ?? [];
  expect(hendelser.filter((e) => e.timerStartedEventAttributes)).toHaveLength(2);
  const aktiviteter = hendelser.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
  expect(aktiviteter).toEqual(['hentAvvikOppfolging', 'hentAvvikOppfolging', 'sendAvvikOppfolging', 'hentAvvikOppfolging', 'sendAvvikOppfolging']);
  // B was answered in time: no reminder, no escalation ever.
  for (const p of [HATTFJELLDAL, SAMHANDLING]) {
    expect((await feed(p)).filter((v) => v.tekst.includes(b.id))).toEqual([]);
  }
  // The answer after the svarfrist still counts: A moves to besvart when the party takes it on.
  const r = await s.kall(HATTFJELLDAL, 'POST', `/api/v1/avvik/${a.id}/behandling`, { status: 'under_behandling' });
  expect(r.status).toBe(200);
  expect(r.body.svarStatus).toBe('besvart');
});

test('a crash between the commit and the webhook start loses no delivery: the re-run of the registration starts it, once', async () => {
  // A forløp of its own, so the lists below stay the three avvik above.
  const ny = await s.kall(MSJ, 'POST', '/api/v1/forlop', forlopBody({ sykehus: 'HSYK-MOS', oppholdskommune: KOMMUNE }));
  expect(ny.status).toBe(201);
  const id = randomUUID();
  const r: AvvikRegistrering = {
    avvik: {
      id,
      forlopId: ny.body.id,
      type: 'MANUELT',
      nokkel: `MANUELT:${id}`,
      ansvarlig: { rolle: 'kommune', org: KOMMUNE },
      motpart: { rolle: 'sykehus', org: 'HSYK-MOS' },
      frist: null,
      brutt: new Date().toISOString(),
      tekst: `Krasjtest ${id}`,
      kategori: 'annet',
      hjemmel: null,
      strakstiltak: null,
    },
    varsel: { id: randomUUID(), mottakerOrg: KOMMUNE, type: 'AVVIK', forlopId: ny.body.id, frist: null, tekst: `Samhandlingsavvik meldt: krasjtest ${id}` },
    av: MSJ,
  };
  // The process dies as it starts the delivery: the transaction has committed.
  const dod = { workflow: { start: async () => Promise.reject(new Error('prosessen døde')) } } as unknown as Client;
  const deps = { pool: s.pool, taskQueue: s.config.taskQueue, samhandlingOrg: s.config.samhandlingOrg };
  await expect(registrerAvvik({ ...deps, client: dod }, r)).rejects.toThrow('prosessen døde');
  expect((await s.kall(HATTFJELLDAL, 'GET', `/api/v1/avvik/${id}`)).body).toMatchObject({ id, svarStatus: 'venter' });
  expect(mottattGanger(r.varsel.id)).toBe(0);

  // Temporal re-runs the step: nothing is stored twice, and the delivery is started now.
  await registrerAvvik({ ...deps, client: s.client }, r);
  await registrerAvvik({ ...deps, client: s.client }, r);
  await venterPa(async () => (mottattGanger(r.varsel.id) > 0 ? true : undefined), 30_000, 'varselet hos webhooken etter gjentakelsen');
  await new Promise((ok) => setTimeout(ok, 1500));
  expect(mottattGanger(r.varsel.id)).toBe(1);
  expect((await feed(HATTFJELLDAL)).filter((v) => v.id === r.varsel.id)).toHaveLength(1);
  const rader = await s.pool.query(
    'SELECT (SELECT count(*)::int FROM avvik WHERE id = $1) AS avvik, (SELECT count(*)::int FROM avvik_historikk WHERE avvik_id = $1) AS historikk',
    [id],
  );
  expect(rader.rows[0]).toEqual({ avvik: 1, historikk: 1 });
  // Withdrawn: with the short svarfrist it would otherwise be forfalt in the kommune's lists below.
  expect((await s.kall(SAMHANDLING, 'POST', `/api/v1/avvik/${id}/behandling`, { status: 'trukket', kommentar: 'test' })).status).toBe(200);
});

describe('svarStatus (db/avvik.ts svarStatusSql, the rule the list, its filter and /metrics read)', () => {
  const frist = '2026-06-29T09:00:00.000+02:00';
  /** The rule in PostgreSQL at `naa`, for an avvik answered by its party (at `naa`) or not, in a status. */
  async function svarStatus(besvart: boolean, svarfrist: string | null, naa: string, status = 'åpen'): Promise<string> {
    const r = await s.pool.query<{ svar: string }>(
      `SELECT ${svarStatusSql('$3::timestamptz')} AS svar FROM (SELECT $1::timestamptz AS besvart, $2::timestamptz AS svarfrist, $4::text AS status) a`,
      [besvart ? naa : null, svarfrist, naa, status],
    );
    return r.rows[0].svar;
  }
  test('venter before the svarfrist, forfalt from it, besvart once answered whenever', async () => {
    expect(await svarStatus(false, frist, '2026-06-29T08:59:59.999+02:00')).toBe('venter');
    expect(await svarStatus(false, frist, frist)).toBe('forfalt');
    expect(await svarStatus(true, frist, '2026-07-30T00:00:00+02:00')).toBe('besvart');
    expect(await svarStatus(true, frist, '2026-06-01T00:00:00+02:00')).toBe('besvart');
    expect(await svarStatus(false, frist, frist, 'under_behandling')).toBe('forfalt');
  });
  test("closed or withdrawn without the party's answer: lukket_uten_svar, before or after the svarfrist; with it: besvart", async () => {
    for (const status of ['lukket', 'trukket']) {
      expect(await svarStatus(false, frist, '2026-06-01T00:00:00+02:00', status)).toBe('lukket_uten_svar');
      expect(await svarStatus(false, frist, '2026-07-30T00:00:00+02:00', status)).toBe('lukket_uten_svar');
      expect(await svarStatus(true, frist, '2026-07-30T00:00:00+02:00', status)).toBe('besvart');
    }
  });
});

describe('GET /avvik: filters and CSV', () => {
  test('each filter narrows the list; the CSV has the same rows', async () => {
    const ider = async (query: string, p: Principal = SAMHANDLING) => {
      const r = await s.kall(p, 'GET', `/api/v1/avvik?oppholdskommune=${KOMMUNE}&limit=200&${query}`);
      expect(r.status).toBe(200);
      return r.body.data
        .filter((x: any) => x.forlopId === forlopId)
        .map((x: any) => x.id)
        .sort();
    };
    const sortert = (...x: string[]) => [...x].sort();
    expect(await ider('')).toEqual(sortert(a.id, b.id, f.id));
    expect(await ider('type=MANUELT')).toEqual(sortert(a.id, b.id));
    expect(await ider('type=INNLEGGELSESMELDING')).toEqual([f.id]);
    expect(await ider('kategori=manglende_oppfolging')).toEqual([a.id]);
    expect(await ider('svarStatus=besvart')).toEqual(sortert(a.id, b.id));
    expect(await ider('svarStatus=forfalt')).toEqual([f.id]);
    expect(await ider('svarStatus=venter')).toEqual([]);
    expect(await ider('ansvarlig=sykehus')).toEqual([f.id]);
    expect(await ider('ansvarlig=kommune&status=under_behandling')).toEqual([a.id]);
    expect(await ider('sykehus=HSYK-MOS&status=åpen')).toEqual(sortert(b.id, f.id));
    expect(await ider('sykehus=HSYK-MO')).toEqual([]);
    // fra/til by the Oslo date of brutt (F's breach was 24 h after an admission 30 h ago).
    const dato = (iso: string) => DateTime.fromISO(iso).setZone('Europe/Oslo').toISODate()!;
    const idag = DateTime.now().setZone('Europe/Oslo').toISODate()!;
    const iGar = DateTime.now().setZone('Europe/Oslo').minus({ days: 1 }).toISODate()!;
    expect(await ider(`fra=${idag}&til=${idag}`)).toEqual(sortert(...[a, b, f].filter((x) => dato(x.brutt) === idag).map((x) => x.id)));
    expect(await ider(`fra=${iGar}&til=${iGar}`)).toEqual([a, b, f].filter((x) => dato(x.brutt) === iGar).map((x) => x.id));
    expect(await ider(`fra=${DateTime.now().setZone('Europe/Oslo').plus({ days: 1 }).toISODate()}`)).toEqual([]);
    expect((await s.kall(SAMHANDLING, 'GET', '/api/v1/avvik?svarStatus=snart')).status).toBe(400);
    expect((await s.kall(SAMHANDLING, 'GET', '/api/v1/avvik?kategori=tull')).status).toBe(400);

    const c = await csv(SAMHANDLING, `oppholdskommune=${KOMMUNE}&type=MANUELT`);
    expect(c.status).toBe(200);
    expect(c.type).toBe('text/csv; charset=utf-8');
    expect([...c.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [hode, ...rader] = c.linjer;
    expect(hode).toEqual([
      'id',
      'forlopId',
      'type',
      'kategori',
      'status',
      'svarStatus',
      'ansvarligRolle',
      'ansvarligOrg',
      'motpartRolle',
      'motpartOrg',
      'oppholdskommune',
      'sykehus',
      'frist',
      'brutt',
      'svarfrist',
      'besvart',
      'tekst',
      'hjemmel',
      'strakstiltak',
    ]);
    const kol = (navn: string) => hode.indexOf(navn);
    expect(rader.map((r) => r[kol('id')])).toContain(a.id);
    const radA = rader.find((r) => r[kol('id')] === a.id)!;
    expect(rader.every((r) => r.length === hode.length)).toBe(true);
    expect(Object.fromEntries(hode.map((h, i) => [h, radA[i]]))).toMatchObject({
      forlopId,
      type: 'MANUELT',
      kategori: 'manglende_oppfolging',
      status: 'under_behandling',
      svarStatus: 'besvart',
      ansvarligRolle: 'kommune',
      ansvarligOrg: KOMMUNE,
      motpartRolle: 'sykehus',
      motpartOrg: 'HSYK-MOS',
      oppholdskommune: KOMMUNE,
      sykehus: 'HSYK-MOS',
      frist: '',
      svarfrist: a.svarfrist,
      tekst: 'Hjemmetjenesten møtte ikke på avtalt tidspunkt; pårørende varslet',
      hjemmel: 'Tjenesteavtale 3, punkt 6.2',
      strakstiltak: 'Avdelingen ringte kommunens tildelingskontor',
    });
    // The text holds a ';', so it is quoted in the file.
    expect(c.bytes.toString('utf8')).toContain(';"Hjemmetjenesten møtte ikke på avtalt tidspunkt; pårørende varslet";');
    const radB = rader.find((r) => r[kol('id')] === b.id)!;
    expect(radB[kol('tekst')]).toBe('Manglende informasjon om legemidler ved overføring');
    expect(radB[kol('kategori')]).toBe('manglende_informasjon');
    expect(radB[kol('hjemmel')]).toBe('');
    expect(
      rader
        .map((r) => r[kol('id')])
        .filter((id) => id === a.id || id === b.id || id === f.id)
        .sort(),
    ).toEqual(sortert(a.id, b.id));

    // The same filters as JSON; the kommune's CSV is its own scope.
    const forfalt = await csv(HATTFJELLDAL, 'svarStatus=forfalt');
    expect(forfalt.linjer.slice(1).map((r) => r[0])).not.toContain(a.id);
    expect(forfalt.linjer.slice(1).map((r) => r[0])).toContain(f.id); // the kommune is F's motpart
    const egne = await csv(HATTFJELLDAL, '');
    expect(egne.linjer.slice(1).every((r) => r[hode.indexOf('ansvarligOrg')] === KOMMUNE || r[hode.indexOf('motpartOrg')] === KOMMUNE)).toBe(true);
    expect(egne.linjer.slice(1).map((r) => r[0])).toEqual(expect.arrayContaining([a.id, b.id, f.id]));
    // Another kommune sees none of them.
    const rana = await csv({ rolle: 'kommune', org: '1833' }, `oppholdskommune=${KOMMUNE}`);
    expect(rana.linjer).toEqual([hode]);
    // JSON stays the default.
    expect((await s.kall(SAMHANDLING, 'GET', '/api/v1/avvik?limit=1')).headers.get('content-type')).toMatch(/application\/json/);
  });
});

test('/metrics: forløp per status, breaches and avvik by type, deliveries and webhook latency; no patient, forløp or avvik in it', async () => {
  const res = await fetch(`${s.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  const tekst = await res.text();
  expect(tekst).toMatch(/^utskrivningsforlop_forlop_apne\{status="innlagt"\} [1-9]\d*$/m);
  expect(tekst).toMatch(/^utskrivningsforlop_frist_brudd\{frist="INNLEGGELSESMELDING"\} [1-9]\d*$/m);
  expect(tekst).toMatch(/^utskrivningsforlop_avvik\{type="MANUELT",status="under_behandling",svar_status="besvart"\} [1-9]\d*$/m);
  expect(tekst).toMatch(/^utskrivningsforlop_varsel_leveringer_total\{utfall="levert",type="ESKALERING"\} [1-9]\d*$/m);
  expect(tekst).toMatch(/^utskrivningsforlop_webhook_latens_sekunder_count\{utfall="levert"\} [1-9]\d*$/m);
  for (const hemmelig of [fnr, forlopId, a.id, b.id, f.id]) expect(tekst).not.toContain(hemmelig);
  // Every label value is from a small fixed set (no ids of any kind).
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
  expect(tekst).not.toMatch(uuid);
});

test('the OpenAPI document has the new fields and the CSV answer', async () => {
  const doc = (await (await fetch(`${s.baseUrl}/openapi.json`)).json()) as any;
  const avvik = doc.components.schemas.Avvik;
  expect(Object.keys(avvik.properties)).toEqual(expect.arrayContaining(['svarfrist', 'svarStatus', 'besvart', 'kategori', 'hjemmel', 'strakstiltak']));
  expect(avvik.properties.svarStatus.enum).toEqual(['venter', 'besvart', 'forfalt', 'lukket_uten_svar']);
  const liste = doc.paths['/api/v1/avvik'].get;
  expect(Object.keys(liste.responses['200'].content)).toEqual(['application/json', 'text/csv']);
  expect(liste.parameters.map((p: any) => p.name)).toEqual(
    expect.arrayContaining(['type', 'ansvarlig', 'oppholdskommune', 'sykehus', 'status', 'svarStatus', 'kategori', 'fra', 'til']),
  );
  const ny = doc.components.schemas.NyttAvvik;
  expect(ny.properties.kategori.enum).toEqual(expect.arrayContaining(['mangelfull_dokumentasjon', 'manglende_informasjon', 'annet']));
  expect(Object.keys(ny.properties)).toEqual(expect.arrayContaining(['hjemmel', 'strakstiltak']));
});
