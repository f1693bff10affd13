/**
 * Avvik, varsler, webhooks and konfigurasjon through the HTTP API on the real stack.
 *
 * This file keeps to parties no other test file uses (Helgelandssykehuset Sandnessjøen,
 * Vefsn 1824, Dønna 1827 for configuration), so the feeds and configuration it checks are its
 * own even when files run side by side.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { hentKonfigurasjon, STANDARD_FRISTER } from '../../activities/konfigurasjon';
import type { Principal } from '../../workflows/types';
import { forlopBody, HEMNES, SAMHANDLING, startStack, testFnr, venterPa, type Stack } from '../helpers/stack';
import { startMottaker, verifiserSignatur, type Mottaker } from '../helpers/mottaker';

const SSJ: Principal = { rolle: 'sykehus', org: 'HSYK-SSJ' };
const VEFSN: Principal = { rolle: 'kommune', org: '1824' };
const KT_ALSTAHAUG: Principal = { rolle: 'kartleggingsteam', org: 'KT-ALSTAHAUG' };
const ADMIN: Principal = { rolle: 'admin', org: '' };

const OSLO_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/;
const AVVIK_NOKLER = [
  'ansvarlig',
  'besvart',
  'brutt',
  'forlopId',
  'frist',
  'historikk',
  'hjemmel',
  'id',
  'kategori',
  'motpart',
  'pasient',
  'status',
  'strakstiltak',
  'svarStatus',
  'svarfrist',
  'tekst',
  'tillatteHandlinger',
  'type',
];

let s: Stack;
let mottaker: Mottaker;

beforeAll(async () => {
  s = await startStack();
  mottaker = await startMottaker();
});
afterAll(async () => {
  await s?.pool.query('DELETE FROM dognpris WHERE ar = 2019').catch(() => undefined);
  await s?.pool.query(`UPDATE kommune SET frister = '{}'::jsonb WHERE nummer = '1827'`).catch(() => undefined);
  await s?.stopp();
  await mottaker?.stopp();
});

/** Every avvik the principal sees with the query, page by page. */
async function alleAvvik(p: Principal, query = ''): Promise<any[]> {
  const ut: any[] = [];
  let cursor: string | null = null;
  for (;;) {
    const q: string = `${query}${query ? '&' : ''}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await s.kall(p, 'GET', `/api/v1/avvik?${q}`);
    expect(r.status).toBe(200);
    ut.push(...r.body.data);
    cursor = r.body.nesteCursor;
    if (!cursor) return ut;
  }
}

let forlopId: string;
let innlagt: DateTime;
let avvikId: string;

describe('avvik', () => {
  test('a back-dated forløp without melding om innlagt pasient gives an INNLEGGELSESMELDING avvik, seen by the parties and samhandling only', async () => {
    innlagt = DateTime.now().setZone('Europe/Oslo').minus({ hours: 30 }).startOf('second');
    const r = await s.kall(SSJ, 'POST', '/api/v1/forlop', forlopBody({ oppholdskommune: '1824', sykehus: 'HSYK-SSJ', innlagtTidspunkt: innlagt.toISO() }));
    expect(r.status).toBe(201);
    forlopId = r.body.id;

    const funnet = await venterPa(
      async () => (await alleAvvik(SAMHANDLING, 'type=INNLEGGELSESMELDING&oppholdskommune=1824')).find((a) => a.forlopId === forlopId),
      30000,
      'avviket i GET /avvik',
    );
    avvikId = funnet.id;
    expect(Object.keys(funnet).sort()).toEqual(AVVIK_NOKLER);
    expect(funnet).toMatchObject({
      forlopId,
      type: 'INNLEGGELSESMELDING',
      ansvarlig: { rolle: 'sykehus', org: 'HSYK-SSJ' },
      motpart: { rolle: 'kommune', org: '1824' },
      status: 'åpen',
    });
    expect(funnet.frist).toMatch(OSLO_ISO);
    expect(funnet.brutt).toMatch(OSLO_ISO);
    expect(Date.parse(funnet.frist)).toBe(innlagt.plus({ hours: 24 }).toMillis());
    expect(typeof funnet.tekst).toBe('string');

    // The ansvarlig (sykehus) and the motpart (kommune) see it; another kommune and an uninvolved team do not.
    expect((await alleAvvik(SSJ)).map((a) => a.id)).toContain(avvikId);
    expect((await alleAvvik(VEFSN)).map((a) => a.id)).toContain(avvikId);
    const hemnes = await alleAvvik(HEMNES);
    expect(hemnes.map((a) => a.id)).not.toContain(avvikId);
    for (const a of hemnes) expect([a.ansvarlig.org, a.motpart.org]).toContain('1832');
    expect((await alleAvvik(KT_ALSTAHAUG)).map((a) => a.id)).not.toContain(avvikId);
    expect((await s.kall(HEMNES, 'GET', `/api/v1/avvik/${avvikId}`)).status).toBe(404);
    expect((await s.kall(SSJ, 'GET', `/api/v1/avvik/${randomUUID()}`)).status).toBe(404);
    expect((await s.kall(SSJ, 'GET', '/api/v1/avvik/ikke-en-uuid')).status).toBe(404);
    const admin = await s.kall(ADMIN, 'GET', '/api/v1/avvik');
    expect(admin.status).toBe(403);
    expect(admin.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  test('GET /avvik/{id} has its historikk; the list filters and pages', async () => {
    const r = await s.kall(VEFSN, 'GET', `/api/v1/avvik/${avvikId}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(AVVIK_NOKLER);
    expect(r.body.historikk).toHaveLength(1);
    expect(r.body.historikk[0]).toMatchObject({ status: 'åpen', av: { rolle: 'system', org: 'utskrivningsforlop' } });
    expect(r.body.historikk[0].tidspunkt).toMatch(OSLO_ISO);
    expect(Object.keys(r.body.historikk[0]).sort()).toEqual(['av', 'kommentar', 'status', 'tidspunkt']);

    const bruttDato = DateTime.fromISO(r.body.brutt, { setZone: true }).setZone('Europe/Oslo').toISODate()!;
    const dagenFor = DateTime.fromISO(bruttDato).minus({ days: 1 }).toISODate()!;
    const ider = async (q: string) => (await alleAvvik(SSJ, q)).map((a) => a.id);
    expect(await ider(`fra=${bruttDato}&til=${bruttDato}`)).toContain(avvikId);
    expect(await ider(`til=${dagenFor}`)).not.toContain(avvikId);
    expect(await ider('type=KOMMUNESVAR')).not.toContain(avvikId);
    expect(await ider('status=lukket')).not.toContain(avvikId);
    expect(await ider('ansvarlig=sykehus&sykehus=HSYK-SSJ&oppholdskommune=1824&status=%C3%A5pen')).toContain(avvikId);
    expect(await ider('ansvarlig=kommune')).not.toContain(avvikId);
    expect(await ider('sykehus=HSYK-MO')).not.toContain(avvikId);

    const feil = await s.kall(SSJ, 'GET', '/api/v1/avvik?status=ukjent&fra=2026-13-01&cursor=xyz');
    expect(feil.status).toBe(400);
    expect(feil.body.errors.map((e: any) => e.felt).sort()).toEqual(['query.fra', 'query.status']);
    expect((await s.kall(SSJ, 'GET', '/api/v1/avvik?cursor=xyz')).status).toBe(400);
    expect((await s.kall(SSJ, 'GET', '/api/v1/avvik?fra=2026-03-05&til=2026-03-01')).status).toBe(400);
  });

  test('behandling: the ansvarlig moves åpen → under_behandling and comments, cannot close; samhandling closes; history has every step with who', async () => {
    const sti = `/api/v1/avvik/${avvikId}/behandling`;
    // The motpart may not handle it; another kommune does not even see it.
    expect((await s.kall(VEFSN, 'POST', sti, { status: 'under_behandling' })).status).toBe(403);
    expect((await s.kall(HEMNES, 'POST', sti, { kommentar: 'hei' })).status).toBe(404);
    expect((await s.kall(ADMIN, 'POST', sti, { kommentar: 'hei' })).status).toBe(403);

    const ub = await s.kall(SSJ, 'POST', sti, { status: 'under_behandling', kommentar: 'Vi ser på saken' });
    expect(ub.status).toBe(200);
    expect(ub.body.status).toBe('under_behandling');
    expect(ub.body.historikk).toHaveLength(2);

    const kommentar = await s.kall(SSJ, 'POST', sti, { kommentar: 'Meldingen gikk per telefon; dokumenteres nå' });
    expect(kommentar.status).toBe(200);
    expect(kommentar.body.status).toBe('under_behandling');

    const lukk = await s.kall(SSJ, 'POST', sti, { status: 'lukket', kommentar: 'Ferdig' });
    expect(lukk.status).toBe(403);
    expect(lukk.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await s.kall(SSJ, 'POST', sti, { status: 'åpen' })).status).toBe(403);
    expect((await s.kall(SSJ, 'POST', sti, { status: 'trukket', kommentar: 'feil' })).status).toBe(403);

    const utenKommentar = await s.kall(SAMHANDLING, 'POST', sti, { status: 'lukket' });
    expect(utenKommentar.status).toBe(400);
    expect(utenKommentar.body.errors.map((e: any) => e.felt)).toEqual(['kommentar']);
    expect((await s.kall(SAMHANDLING, 'POST', sti, {})).status).toBe(400);
    expect((await s.kall(SAMHANDLING, 'POST', sti, { status: 'lukket', kommentar: 'x', ekstra: 1 })).status).toBe(400);

    const lukket = await s.kall(SAMHANDLING, 'POST', sti, { status: 'lukket', kommentar: 'Gjennomgått med avdelingen' });
    expect(lukket.status).toBe(200);
    expect(lukket.body.status).toBe('lukket');

    // From lukket the party's move is impossible (409), and so is a further comment from it.
    const igjen = await s.kall(SSJ, 'POST', sti, { status: 'under_behandling' });
    expect(igjen.status).toBe(409);
    expect(igjen.body.type).toMatch(/ugyldig-overgang$/);
    expect((await s.kall(SSJ, 'POST', sti, { kommentar: 'En ting til' })).status).toBe(409);

    const h = (await s.kall(SAMHANDLING, 'GET', `/api/v1/avvik/${avvikId}`)).body.historikk;
    expect(h.map((x: any) => [x.status, x.av.rolle, x.av.org, x.kommentar])).toEqual([
      ['åpen', 'system', 'utskrivningsforlop', expect.any(String)],
      ['under_behandling', 'sykehus', 'HSYK-SSJ', 'Vi ser på saken'],
      ['under_behandling', 'sykehus', 'HSYK-SSJ', 'Meldingen gikk per telefon; dokumenteres nå'],
      ['lukket', 'samhandling', 'HSYK', 'Gjennomgått med avdelingen'],
    ]);
    const tider = h.map((x: any) => Date.parse(x.tidspunkt));
    expect([...tider].sort((a, b) => a - b)).toEqual(tider);
    const rader = await s.pool.query('SELECT status FROM avvik_historikk WHERE avvik_id = $1 ORDER BY id', [avvikId]);
    expect(rader.rows.map((x) => x.status)).toEqual(['åpen', 'under_behandling', 'under_behandling', 'lukket']);

    // samhandling may make any move, e.g. reopen.
    const apnet = await s.kall(SAMHANDLING, 'POST', sti, { status: 'åpen', kommentar: 'Gjenåpnet' });
    expect(apnet.status).toBe(200);
    expect(apnet.body.status).toBe('åpen');
    expect(apnet.body.historikk).toHaveLength(5);
  });

  test('POST /avvik by a kommune: a MANUELT avvik, and a varsel AVVIK to the ansvarlig org in its feed and at its webhook', async () => {
    const hook = await s.kall(SSJ, 'POST', '/api/v1/webhooks', { url: mottaker.url, typer: ['AVVIK'] });
    expect(hook.status).toBe(201);

    const beskrivelse = `Epikrise manglet funksjonsvurdering ${randomUUID()}`;
    const r = await s.kall(VEFSN, 'POST', '/api/v1/avvik', { forlopId, beskrivelse, ansvarlig: 'sykehus' });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(AVVIK_NOKLER);
    expect(r.body).toMatchObject({
      forlopId,
      type: 'MANUELT',
      ansvarlig: { rolle: 'sykehus', org: 'HSYK-SSJ' },
      motpart: { rolle: 'kommune', org: '1824' },
      frist: null,
      tekst: beskrivelse,
      status: 'åpen',
    });
    expect(r.body.brutt).toMatch(OSLO_ISO);
    expect(r.body.historikk).toEqual([
      { tidspunkt: expect.stringMatching(OSLO_ISO), av: { rolle: 'kommune', org: '1824' }, status: 'åpen', kommentar: beskrivelse },
    ]);
    expect(r.headers.get('location')).toBe(`/api/v1/avvik/${r.body.id}`);
    const rad = await s.pool.query('SELECT nokkel FROM avvik WHERE id = $1', [r.body.id]);
    expect(rad.rows[0].nokkel).toBe(`MANUELT:${r.body.id}`);
    // The forløp lists it among its avvik; the sykehus sees it.
    const f = await s.kall(SSJ, 'GET', `/api/v1/forlop/${forlopId}`);
    expect(f.body.avvik.map((a: any) => a.id)).toContain(r.body.id);
    expect((await s.kall(SSJ, 'GET', `/api/v1/avvik/${r.body.id}`)).status).toBe(200);

    // The sykehus's feed: gap-free, with the workflow's FRIST_BRUTT and this AVVIK.
    const feed = await s.kall(SSJ, 'GET', '/api/v1/varsler');
    expect(feed.status).toBe(200);
    const sekvenser = feed.body.data.map((v: any) => v.sekvens);
    expect(sekvenser).toEqual(Array.from({ length: sekvenser.length }, (_, i) => i + 1));
    expect(feed.body.sisteSekvens).toBe(sekvenser.length);
    const varsel = feed.body.data.find((v: any) => v.type === 'AVVIK' && v.tekst.includes(beskrivelse));
    expect(varsel).toBeDefined();
    expect(Object.keys(varsel).sort()).toEqual(['forlopId', 'frist', 'id', 'opprettet', 'pasient', 'sekvens', 'tekst', 'type']);
    // The sykehus sees the forløp, so the feed names its patient (the forløp's own, as GET /forlop shows it).
    expect(varsel).toMatchObject({ forlopId, frist: null, pasient: f.body.pasient });
    expect(varsel.pasient.fnr).toMatch(/^\d{11}$/);
    expect(varsel.opprettet).toMatch(OSLO_ISO);
    expect(feed.body.data.map((v: any) => v.type)).toContain('FRIST_BRUTT');
    // Not in the reporter's own feed.
    const egen = await s.kall(VEFSN, 'GET', '/api/v1/varsler?limit=1000');
    expect(egen.body.data.map((v: any) => v.id)).not.toContain(varsel.id);

    // Paging by sekvens.
    const forste = await s.kall(SSJ, 'GET', '/api/v1/varsler?etter=0&limit=1');
    expect(forste.body).toMatchObject({ sisteSekvens: 1 });
    expect(forste.body.data.map((v: any) => v.sekvens)).toEqual([1]);
    const neste = await s.kall(SSJ, 'GET', '/api/v1/varsler?etter=1&limit=1000');
    expect(neste.body.data[0]?.sekvens).toBe(2);
    const tom = await s.kall(SSJ, 'GET', `/api/v1/varsler?etter=${feed.body.sisteSekvens}`);
    expect(tom.body).toEqual({ data: [], sisteSekvens: feed.body.sisteSekvens });
    expect((await s.kall(SSJ, 'GET', '/api/v1/varsler?limit=1001')).status).toBe(400);
    expect((await s.kall(SSJ, 'GET', '/api/v1/varsler?etter=-1')).status).toBe(400);
    expect((await s.kall(SSJ, 'GET', '/api/v1/varsler?ukjent=1')).status).toBe(400);
    expect((await s.kall(ADMIN, 'GET', '/api/v1/varsler')).status).toBe(403);

    // The varsel reaches the sykehus's webhook, signed.
    const levert = await venterPa(async () => mottaker.mottatt.find((m) => m.id === varsel.id), 60000, 'varselet hos webhooken');
    expect(verifiserSignatur(hook.body.secret, levert)).toBe(true);
    // The same varsel, but never the patient: a webhook body is pushed out of the engine, the feed is read in scope.
    const { pasient: _pasient, ...utenPasient } = varsel;
    expect(JSON.parse(levert.body)).toEqual(utenPasient);
    expect(levert.body).not.toContain(varsel.pasient.fnr);
    expect((await s.kall(SSJ, 'DELETE', `/api/v1/webhooks/${hook.body.id}`)).status).toBe(204);
  });

  test('POST /avvik with an Idempotency-Key: a retry answers the same avvik and sends one varsel; another body with the key is 422', async () => {
    const key = randomUUID();
    const body = { forlopId, beskrivelse: `Manglende svar på forespørsel ${key}`, ansvarlig: 'kommune', kategori: 'manglende_informasjon' };
    const a = await s.kall(SSJ, 'POST', '/api/v1/avvik', body, { 'idempotency-key': key });
    const b = await s.kall(SSJ, 'POST', '/api/v1/avvik', body, { 'idempotency-key': key });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    const rader = await s.pool.query('SELECT count(*)::int AS n FROM avvik WHERE tekst = $1', [body.beskrivelse]);
    expect(rader.rows[0].n).toBe(1);
    const varsler = await s.pool.query("SELECT count(*)::int AS n FROM varsel WHERE type = 'AVVIK' AND tekst LIKE $1", [`%${key}%`]);
    expect(varsler.rows[0].n).toBe(1);
    const annen = await s.kall(SSJ, 'POST', '/api/v1/avvik', { ...body, beskrivelse: 'Noe annet' }, { 'idempotency-key': key });
    expect(annen.status).toBe(422);
    // The same key of the same org for a forløp names another resource: no clash.
    const forlop = await s.kall(SSJ, 'POST', '/api/v1/forlop', forlopBody({ sykehus: 'HSYK-SSJ', oppholdskommune: '1824' }), { 'idempotency-key': key });
    expect(forlop.status).toBe(201);
  });

  test('POST /avvik is checked: scope, ansvarlig a party of the forløp, not the reporter itself', async () => {
    const body = { forlopId, beskrivelse: 'Noe manglet' };
    expect((await s.kall(HEMNES, 'POST', '/api/v1/avvik', { ...body, ansvarlig: 'sykehus' })).status).toBe(404);
    expect((await s.kall(VEFSN, 'POST', '/api/v1/avvik', { ...body, forlopId: randomUUID(), ansvarlig: 'sykehus' })).status).toBe(404);
    expect((await s.kall(ADMIN, 'POST', '/api/v1/avvik', { ...body, ansvarlig: 'sykehus' })).status).toBe(403);

    const annenOrg = await s.kall(VEFSN, 'POST', '/api/v1/avvik', { ...body, ansvarlig: { rolle: 'sykehus', org: 'HSYK-MO' } });
    expect(annenOrg.status).toBe(400);
    expect(annenOrg.body.errors.map((e: any) => e.felt)).toEqual(['ansvarlig.org']);
    const selv = await s.kall(VEFSN, 'POST', '/api/v1/avvik', { ...body, ansvarlig: 'kommune' });
    expect(selv.status).toBe(400);
    expect(selv.body.errors.map((e: any) => e.felt)).toEqual(['ansvarlig']);
    const team = await s.kall(VEFSN, 'POST', '/api/v1/avvik', { ...body, ansvarlig: 'kartleggingsteam' });
    expect(team.status).toBe(400);
    const tom = await s.kall(VEFSN, 'POST', '/api/v1/avvik', { forlopId, beskrivelse: '  ', ansvarlig: 'samhandling' });
    expect(tom.status).toBe(400);
    expect(tom.body.errors.map((e: any) => e.felt).sort()).toEqual(['ansvarlig', 'beskrivelse']);

    // The {rolle, org} form with the right org, reported by the sykehus against the kommune.
    const ok = await s.kall(SSJ, 'POST', '/api/v1/avvik', { ...body, ansvarlig: { rolle: 'kommune', org: '1824' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ ansvarlig: { rolle: 'kommune', org: '1824' }, motpart: { rolle: 'sykehus', org: 'HSYK-SSJ' } });
    const kommunensFeed = await s.kall(VEFSN, 'GET', '/api/v1/varsler?limit=1000');
    expect(kommunensFeed.body.data.some((v: any) => v.type === 'AVVIK' && v.tekst.includes('Noe manglet'))).toBe(true);

    // Paging through the kommune's avvik one at a time gives each once.
    const sider: string[] = [];
    let cursor: string | null = null;
    do {
      const r: any = await s.kall(VEFSN, 'GET', `/api/v1/avvik?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.data.length).toBeLessThanOrEqual(1);
      sider.push(...r.body.data.map((a: any) => a.id));
      cursor = r.body.nesteCursor;
    } while (cursor);
    expect(new Set(sider).size).toBe(sider.length);
    expect(sider).toEqual(expect.arrayContaining([avvikId, ok.body.id]));
  });
});

describe('the desk: order, paging, the patient, the answer and the allowed moves', () => {
  /** The avvik of one forløp as `p` pages through them `limit` at a time. */
  async function sider(p: Principal, query: string, limit: number): Promise<any[][]> {
    const ut: any[][] = [];
    let cursor: string | null = null;
    do {
      const r: any = await s.kall(p, 'GET', `/api/v1/avvik?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.data.length).toBeLessThanOrEqual(limit);
      ut.push(r.body.data);
      cursor = r.body.nesteCursor;
    } while (cursor);
    return ut;
  }

  test('newest first, ties in brutt in one order by id, and paging across pages has no gap and no double', async () => {
    const f = await s.kall(SSJ, 'POST', '/api/v1/forlop', forlopBody({ sykehus: 'HSYK-SSJ', oppholdskommune: '1824' }));
    expect(f.status).toBe(201);
    // Seven avvik, three of them at the same instant (a tie), stored as the engine stores its own.
    const naa = DateTime.now().setZone('Europe/Oslo').startOf('second');
    const brutt = [
      naa.minus({ hours: 5 }),
      naa.minus({ hours: 3 }),
      naa.minus({ hours: 3 }),
      naa.minus({ hours: 3 }),
      naa.minus({ hours: 2 }),
      naa.minus({ minutes: 1 }),
      naa.minus({ days: 2 }),
    ];
    const ider = brutt.map(() => randomUUID());
    for (const [i, t] of brutt.entries()) {
      await s.pool.query(
        `INSERT INTO avvik (id, forlop_id, nokkel, type, ansvarlig_rolle, ansvarlig_org, motpart_rolle, motpart_org, brutt, tekst, svarfrist)
         VALUES ($1, $2, $3, 'MANUELT', 'sykehus', 'HSYK-SSJ', 'kommune', '1824', $4, 'Rekkefølgetest', $4::timestamptz + interval '28 days')`,
        [ider[i], f.body.id, `MANUELT:${ider[i]}`, t.toJSDate()],
      );
    }
    const forventet = brutt
      .map((t, i) => ({ t: t.toMillis(), id: ider[i] }))
      .sort((a, b) => b.t - a.t || (a.id < b.id ? 1 : -1))
      .map((x) => x.id);
    const egne = (rader: any[]) => rader.filter((a) => a.forlopId === f.body.id).map((a) => a.id);

    // One page, then pages of 2 and of 3: the same avvik in the same order, each once.
    const alle = await sider(SAMHANDLING, 'oppholdskommune=1824&sykehus=HSYK-SSJ', 200);
    expect(alle).toHaveLength(1);
    expect(egne(alle[0])).toEqual(forventet);
    for (const n of [2, 3]) {
      const sett = await sider(SAMHANDLING, 'oppholdskommune=1824&sykehus=HSYK-SSJ', n);
      expect(sett.length).toBeGreaterThan(1);
      expect(sett.flat().map((a) => a.id)).toEqual(alle[0].map((a: any) => a.id));
    }
    // The whole list is newest first (brutt descending).
    const tider = alle[0].map((a: any) => Date.parse(a.brutt));
    expect(tider).toEqual([...tider].sort((a, b) => b - a));
    // The kommune pages through its own the same way.
    const kommunen = await sider(VEFSN, '', 2);
    expect(egne(kommunen.flat())).toEqual(forventet);
  });

  test('the patient is named where the caller may see the forløp, and only there', async () => {
    const fnrP = testFnr();
    const f = await s.kall(
      SSJ,
      'POST',
      '/api/v1/forlop',
      forlopBody({
        sykehus: 'HSYK-SSJ',
        oppholdskommune: '1824',
        pasient: { fnr: fnrP, navn: { fornavn: 'Ingrid', etternavn: 'Avviksen' } },
        kartlegging: { inkludert: true },
      }),
    );
    expect(f.status).toBe(201);
    const a = await s.kall(VEFSN, 'POST', '/api/v1/avvik', { forlopId: f.body.id, beskrivelse: 'Kartleggingen manglet', ansvarlig: 'kartleggingsteam' });
    expect(a.status).toBe(201);
    const pasient = { fnr: fnrP, navn: { fornavn: 'Ingrid', etternavn: 'Avviksen' } };
    expect(a.body.pasient).toEqual(pasient);
    // The parties (the team it is for, the kommune that reported it) and samhandling; the sykehus is no party to it.
    expect((await s.kall(SSJ, 'GET', `/api/v1/avvik/${a.body.id}`)).status).toBe(404);
    for (const p of [SAMHANDLING, VEFSN, KT_ALSTAHAUG]) {
      const r = await s.kall(p, 'GET', `/api/v1/avvik/${a.body.id}`);
      expect({ org: p.org, status: r.status, pasient: r.body.pasient }).toEqual({ org: p.org, status: 200, pasient });
      expect({ org: p.org, pasient: (await alleAvvik(p)).find((x) => x.id === a.body.id)?.pasient }).toEqual({ org: p.org, pasient });
    }
    // The ward excludes the patient from kartlegging: the team still sees the avvik it answers for, not the patient.
    const ut = await s.kall(SSJ, 'POST', `/api/v1/forlop/${f.body.id}/hendelser`, {
      type: 'KARTLEGGING_INKLUSJON',
      tidspunkt: new Date().toISOString(),
      inkludert: false,
      grunn: 'Pasienten ønsker ikke kartlegging',
    });
    expect(ut.status).toBe(200);
    expect((await s.kall(KT_ALSTAHAUG, 'GET', `/api/v1/forlop/${f.body.id}`)).status).toBe(404);
    const team = await s.kall(KT_ALSTAHAUG, 'GET', `/api/v1/avvik/${a.body.id}`);
    expect(team.status).toBe(200);
    expect(team.body.pasient).toBeNull();
    const iListen = (await alleAvvik(KT_ALSTAHAUG)).find((x) => x.id === a.body.id);
    expect(iListen.pasient).toBeNull();
    expect(JSON.stringify(iListen)).not.toContain(fnrP);
    expect((await s.kall(SAMHANDLING, 'GET', `/api/v1/avvik/${a.body.id}`)).body.pasient).toEqual(pasient);
    // The CSV names no patient.
    const csv = await fetch(`${s.baseUrl}/api/v1/avvik?oppholdskommune=1824`, {
      headers: { authorization: `Bearer ${await s.token('samhandling', 'HSYK')}`, accept: 'text/csv' },
    });
    const tekst = await csv.text();
    expect(tekst).toContain(a.body.id);
    expect(tekst).not.toContain(fnrP);
    expect(tekst).not.toContain('Avviksen');
  });

  test('besvart only when the responsible party answered; closed by samhandling without it: lukket_uten_svar', async () => {
    const f = await s.kall(SSJ, 'POST', '/api/v1/forlop', forlopBody({ sykehus: 'HSYK-SSJ', oppholdskommune: '1824' }));
    const a = await s.kall(SSJ, 'POST', '/api/v1/avvik', { forlopId: f.body.id, beskrivelse: 'Kommunen svarte ikke på telefon', ansvarlig: 'kommune' });
    expect(a.body).toMatchObject({ svarStatus: 'venter', besvart: null });
    const sti = `/api/v1/avvik/${a.body.id}/behandling`;
    // The reporter (motpart) may not answer for the kommune; samhandling's moves are not the kommune's answer.
    expect((await s.kall(SSJ, 'POST', sti, { kommentar: 'Purret' })).status).toBe(403);
    const ub = await s.kall(SAMHANDLING, 'POST', sti, { status: 'under_behandling', kommentar: 'Vi ser på det' });
    expect(ub.body).toMatchObject({ status: 'under_behandling', svarStatus: 'venter', besvart: null });
    const lukket = await s.kall(SAMHANDLING, 'POST', sti, { status: 'lukket', kommentar: 'Lukket etter samtale med avdelingen' });
    expect(lukket.body).toMatchObject({ status: 'lukket', svarStatus: 'lukket_uten_svar', besvart: null });
    expect((await s.kall(VEFSN, 'GET', `/api/v1/avvik/${a.body.id}`)).body.svarStatus).toBe('lukket_uten_svar');
    const filtrert = await alleAvvik(SAMHANDLING, 'svarStatus=lukket_uten_svar&oppholdskommune=1824');
    expect(filtrert.map((x) => x.id)).toContain(a.body.id);
    expect((await alleAvvik(SAMHANDLING, 'svarStatus=besvart&oppholdskommune=1824')).map((x) => x.id)).not.toContain(a.body.id);
    // Reopened, the kommune answers: besvart, and it stays besvart when closed.
    await s.kall(SAMHANDLING, 'POST', sti, { status: 'åpen', kommentar: 'Gjenåpnet' });
    const svar = await s.kall(VEFSN, 'POST', sti, { kommentar: 'Vakthavende var opptatt; rutinen er endret' });
    expect(svar.body).toMatchObject({ status: 'åpen', svarStatus: 'besvart' });
    expect(svar.body.besvart).not.toBeNull();
    const igjen = await s.kall(SAMHANDLING, 'POST', sti, { status: 'lukket', kommentar: 'Ferdig' });
    expect(igjen.body).toMatchObject({ status: 'lukket', svarStatus: 'besvart' });
  });

  test('tillatteHandlinger is exactly what POST /avvik/{id}/behandling accepts, for every rolle and status', async () => {
    const f = await s.kall(SSJ, 'POST', '/api/v1/forlop', forlopBody({ sykehus: 'HSYK-SSJ', oppholdskommune: '1824' }));
    const a = await s.kall(VEFSN, 'POST', '/api/v1/avvik', { forlopId: f.body.id, beskrivelse: 'Epikrisen kom ikke', ansvarlig: 'sykehus' });
    expect(a.status).toBe(201);
    const sti = `/api/v1/avvik/${a.body.id}`;
    const sett = async (status: string) => {
      const r = await s.kall(SAMHANDLING, 'POST', `${sti}/behandling`, { status, kommentar: `Satt til ${status}` });
      expect({ status, svar: r.status }).toEqual({ status, svar: 200 });
    };
    const statuser = ['åpen', 'under_behandling', 'lukket', 'trukket'];
    const sett_ = new Set<string>();
    for (const fra of statuser) {
      for (const p of [SSJ, VEFSN, SAMHANDLING]) {
        await sett(fra);
        const tillatte = (await s.kall(p, 'GET', sti)).body.tillatteHandlinger;
        expect(tillatte.status).not.toContain(fra);
        expect(tillatte.kommentarPakrevd).toEqual(tillatte.status.filter((x: string) => x === 'lukket'));
        // A comment alone.
        const kommentar = await s.kall(p, 'POST', `${sti}/behandling`, { kommentar: 'En kommentar' });
        expect({ p: p.org, fra, kommentar: kommentar.status === 200 }).toEqual({ p: p.org, fra, kommentar: tillatte.kommentar });
        if (kommentar.status !== 200) expect([403, 409]).toContain(kommentar.status);
        // Every move.
        for (const til of statuser.filter((x) => x !== fra)) {
          await sett(fra);
          const r = await s.kall(p, 'POST', `${sti}/behandling`, { status: til, kommentar: 'Flyttet' });
          expect({ p: p.org, fra, til, godtatt: r.status === 200 }).toEqual({ p: p.org, fra, til, godtatt: tillatte.status.includes(til) });
          if (r.status !== 200) expect([403, 409]).toContain(r.status);
          else sett_.add(`${p.rolle}:${fra}->${til}`);
          // A 409 says what the caller may do instead: the same list.
          if (r.status === 409) expect(r.body.tillatte).toEqual(tillatte.status);
        }
      }
    }
    // The rule as docs/api.md states it: samhandling any move, the party åpen → under_behandling, the motpart none.
    expect([...sett_].filter((x) => !x.startsWith('samhandling:'))).toEqual(['sykehus:åpen->under_behandling']);
    expect([...sett_].filter((x) => x.startsWith('samhandling:'))).toHaveLength(12);
  });
});

describe('webhooks', () => {
  test("POST, GET and DELETE for the caller's org only; the secret is shown once", async () => {
    const r = await s.kall(VEFSN, 'POST', '/api/v1/webhooks', {
      url: 'https://fagsystem.vefsn.kommune.no/varsler',
      typer: ['AVVIK', 'PAMINNELSE', 'AVVIK'],
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(['id', 'secret', 'typer', 'url']);
    expect(r.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(r.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(r.body.typer).toEqual(['PAMINNELSE', 'AVVIK']);
    const alle = await s.kall(VEFSN, 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/alle' });
    expect(alle.status).toBe(201);
    expect(alle.body.typer).toBeNull();

    const liste = await s.kall(VEFSN, 'GET', '/api/v1/webhooks');
    expect(liste.status).toBe(200);
    const egen = liste.body.data.find((w: any) => w.id === r.body.id);
    expect(egen).toEqual({
      id: r.body.id,
      url: 'https://fagsystem.vefsn.kommune.no/varsler',
      typer: ['PAMINNELSE', 'AVVIK'],
      opprettet: expect.stringMatching(OSLO_ISO),
    });
    expect(JSON.stringify(liste.body)).not.toContain('whsec_');

    // Another org sees none of them and cannot delete them.
    const annen = await s.kall(HEMNES, 'GET', '/api/v1/webhooks');
    expect(annen.body.data.map((w: any) => w.id)).not.toContain(r.body.id);
    expect((await s.kall(HEMNES, 'DELETE', `/api/v1/webhooks/${r.body.id}`)).status).toBe(404);

    expect((await s.kall(VEFSN, 'DELETE', `/api/v1/webhooks/${r.body.id}`)).status).toBe(204);
    expect((await s.kall(VEFSN, 'DELETE', `/api/v1/webhooks/${r.body.id}`)).status).toBe(204);
    expect((await s.kall(VEFSN, 'DELETE', `/api/v1/webhooks/${randomUUID()}`)).status).toBe(404);
    expect((await s.kall(VEFSN, 'DELETE', '/api/v1/webhooks/abc')).status).toBe(404);
    const etter = await s.kall(VEFSN, 'GET', '/api/v1/webhooks');
    expect(etter.body.data.map((w: any) => w.id)).toEqual(expect.not.arrayContaining([r.body.id]));
    expect(etter.body.data.map((w: any) => w.id)).toContain(alle.body.id);
    const rad = await s.pool.query('SELECT slettet FROM webhook WHERE id = $1', [r.body.id]);
    expect(rad.rows[0].slettet).not.toBeNull(); // kept, marked deleted
    expect((await s.kall(VEFSN, 'DELETE', `/api/v1/webhooks/${alle.body.id}`)).status).toBe(204);
  });

  test('bad bodies are 400 naming the field; admin has no webhooks; samhandling may register', async () => {
    const felt = async (body: unknown) => {
      const r = await s.kall(VEFSN, 'POST', '/api/v1/webhooks', body);
      expect(r.status).toBe(400);
      return r.body.errors.map((e: any) => e.felt);
    };
    expect(await felt({ url: 'ftp://example.org/x' })).toEqual(['url']);
    expect(await felt({ url: 'ikke en url' })).toEqual(['url']);
    expect(await felt({ url: 'https://example.org', typer: ['UKJENT'] })).toEqual(['typer.0']);
    expect(await felt({ url: 'https://example.org', typer: [] })).toEqual(['typer']);
    expect(await felt({ url: 'https://example.org', secret: 'x' })).toEqual(['secret']);
    expect((await s.kall(ADMIN, 'POST', '/api/v1/webhooks', { url: 'https://example.org' })).status).toBe(403);
    const sam = await s.kall(SAMHANDLING, 'POST', '/api/v1/webhooks', { url: 'https://example.org/hsyk', typer: ['ESKALERING'] });
    expect(sam.status).toBe(201);
    expect((await s.kall(SAMHANDLING, 'DELETE', `/api/v1/webhooks/${sam.body.id}`)).status).toBe(204);
  });
});

describe('konfigurasjon', () => {
  const sti = '/api/v1/konfigurasjon/kommuner/1827';

  test("admin reads and sets a kommune's frist overrides; the effective configuration is what the workflow reads", async () => {
    const for_ = await s.kall(ADMIN, 'GET', sti);
    expect(for_.status).toBe(200);
    expect(for_.body).toMatchObject({ kommune: '1827', navn: 'Dønna', frister: STANDARD_FRISTER, overstyringer: {} });

    const r = await s.kall(ADMIN, 'PUT', sti, { kommunesvar: 'PT2H', epikriseGrace: 'PT0S', dagligStatusKlokken: 7, avvikSvarfrist: 'P14D' });
    expect(r.status).toBe(200);
    expect(r.body.overstyringer).toEqual({ kommunesvar: 'PT2H', epikriseGrace: 'PT0S', dagligStatusKlokken: 7, avvikSvarfrist: 'P14D' });
    expect(r.body.frister).toEqual({ ...STANDARD_FRISTER, kommunesvar: 'PT2H', epikriseGrace: 'PT0S', dagligStatusKlokken: 7, avvikSvarfrist: 'P14D' });
    expect(r.body.oppdatert).toMatch(OSLO_ISO);
    expect((await hentKonfigurasjon(s.pool, '1827', 'HSYK')).frister).toEqual(r.body.frister);
    expect((await s.kall(ADMIN, 'GET', sti)).body).toEqual(r.body);

    // PUT replaces the overrides: {} gives the defaults back.
    const tilbake = await s.kall(ADMIN, 'PUT', sti, {});
    expect(tilbake.body).toMatchObject({ overstyringer: {}, frister: STANDARD_FRISTER });
  });

  test('only admin; each bad key is a 400 naming it', async () => {
    expect((await s.kall(VEFSN, 'PUT', sti, { kommunesvar: 'PT2H' })).status).toBe(403);
    expect((await s.kall(SAMHANDLING, 'GET', sti)).status).toBe(403);
    expect((await s.kall(VEFSN, 'GET', '/api/v1/konfigurasjon/dognpris')).status).toBe(403);

    const felt = async (body: unknown) => {
      const r = await s.kall(ADMIN, 'PUT', sti, body);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      return r.body.errors.map((e: any) => e.felt).sort();
    };
    expect(await felt({ kommunesvar: 'PT4X' })).toEqual(['kommunesvar']);
    expect(await felt({ kommunesvar: 'PT0S' })).toEqual(['kommunesvar']); // a frist must be > 0
    expect(await felt({ oppfolging: '-PT1H', eskalering: 'P' })).toEqual(['eskalering', 'oppfolging']);
    expect(await felt({ innleggelsesmelding: 24 })).toEqual(['innleggelsesmelding']);
    expect(await felt({ dagligStatusKlokken: 24 })).toEqual(['dagligStatusKlokken']);
    expect(await felt({ dagligStatusKlokken: 7.5 })).toEqual(['dagligStatusKlokken']);
    expect(await felt({ ukjent: 'PT1H' })).toEqual(['ukjent']);
    // Nothing was stored by the refused requests.
    const rad = await s.pool.query(`SELECT frister FROM kommune WHERE nummer = '1827'`);
    expect(rad.rows[0].frister).toEqual({});

    expect((await s.kall(ADMIN, 'GET', '/api/v1/konfigurasjon/kommuner/9999')).status).toBe(404);
    expect((await s.kall(ADMIN, 'PUT', '/api/v1/konfigurasjon/kommuner/abc', {})).status).toBe(404);
  });

  test('døgnpris by year', async () => {
    const liste = await s.kall(ADMIN, 'GET', '/api/v1/konfigurasjon/dognpris');
    expect(liste.status).toBe(200);
    expect(liste.body.data).toEqual(
      expect.arrayContaining([
        { ar: 2025, belop: 5981 },
        { ar: 2020, belop: 5036 },
      ]),
    );

    const r = await s.kall(ADMIN, 'PUT', '/api/v1/konfigurasjon/dognpris/2019', { belop: 4900 });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ar: 2019, belop: 4900 });
    expect((await s.kall(ADMIN, 'PUT', '/api/v1/konfigurasjon/dognpris/2019', { belop: 4901 })).body).toEqual({ ar: 2019, belop: 4901 });
    expect((await s.kall(ADMIN, 'GET', '/api/v1/konfigurasjon/dognpris')).body.data[0]).toEqual({ ar: 2019, belop: 4901 });

    expect((await s.kall(ADMIN, 'PUT', '/api/v1/konfigurasjon/dognpris/2019', { belop: 0 })).status).toBe(400);
    expect((await s.kall(ADMIN, 'PUT', '/api/v1/konfigurasjon/dognpris/2019', { belop: 12.5 })).status).toBe(400);
    const ar = await s.kall(ADMIN, 'PUT', '/api/v1/konfigurasjon/dognpris/tjue', { belop: 5000 });
    expect(ar.status).toBe(400);
    expect(ar.body.errors.map((e: any) => e.felt)).toEqual(['path.ar']);
    expect((await s.kall(VEFSN, 'PUT', '/api/v1/konfigurasjon/dognpris/2019', { belop: 1 })).status).toBe(403);
  });
});

test('the OpenAPI document describes the new paths', async () => {
  const doc = (await (await fetch(`${s.baseUrl}/openapi.json`)).json()) as any;
  for (const sti of [
    '/api/v1/avvik',
    '/api/v1/avvik/{id}',
    '/api/v1/avvik/{id}/behandling',
    '/api/v1/varsler',
    '/api/v1/webhooks',
    '/api/v1/webhooks/{id}',
    '/api/v1/konfigurasjon/kommuner/{nr}',
    '/api/v1/konfigurasjon/dognpris',
    '/api/v1/konfigurasjon/dognpris/{ar}',
  ]) {
    expect(Object.keys(doc.paths)).toContain(sti);
  }
  expect(doc.paths['/api/v1/konfigurasjon/kommuner/{nr}'].put.description).toMatch(/startes etter/);
  expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Avvik', 'Varsel', 'WebhookOpprettet', 'FristOverstyringer']));
});
