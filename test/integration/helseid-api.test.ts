/**
 * The API in AUTH_MODUS=helseid against the HelseID stand-in: an admin (who needs no mapped
 * organisation) puts the organisation numbers into the address table, their one source; a
 * ward's system gets a DPoP-bound token by the engine's own HelseID client and starts a forløp;
 * a kommune's token is let in with the org its organisation number maps to, and sees only its
 * own. Every refusal (no DPoP, no proof, a reused proof, a proof for another URL or method or
 * key, an old proof, an expired, foreign or other-audience token, an organisation the table does
 * not know) is 401 with `WWW-Authenticate: DPoP error=…`, and nothing done.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { lagHelseIdKlient, type HelseIdKlient } from '../../nhn/helseid';
import { startHelseIdStandin, type HelseIdStandin } from '../standins/helseid';
import { lagBevis, lagTestNokkel, type TestNokkel } from '../standins/dpop';
import { noterHemmelighet } from '../helpers/logg';
import { forlopBody, startStack, type Stack } from '../helpers/stack';

const AUD = 'utskrivningsforlop';
/** Fictitious organisation numbers for the ward, Rana and Hemnes; Nesna's is put in by a test. */
const ORGNR = { moRana: '999000001', helgelandssykehuset: '999000002', rana: '999000003', hemnes: '999000004', nesna: '999000005' };

let helseId: HelseIdStandin;
let fremmed: HelseIdStandin;
let s: Stack;
let sykehusKlient: HelseIdKlient;

beforeAll(async () => {
  helseId = await startHelseIdStandin();
  fremmed = await startHelseIdStandin();
  s = await startStack({
    env: {
      AUTH_MODUS: 'helseid',
      HELSEID_ISSUER: helseId.issuer,
      AUTH_AUDIENCE: AUD,
    },
  });
  // The seed has no organisation numbers: an admin puts them in, as the README says.
  for (const [org, orgnr] of [
    ['HSYK-MO', ORGNR.moRana],
    ['1833', ORGNR.rana],
    ['1832', ORGNR.hemnes],
  ]) {
    expect((await settOrgnr(org, orgnr)).status).toBe(200);
  }
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const privat = { ...(await exportJWK(privateKey)), alg: 'ES256' };
  noterHemmelighet(privat.d!);
  helseId.registrer({
    klientId: 'dips-arena-mo',
    offentligJwk: { ...(await exportJWK(publicKey)), alg: 'ES256' },
    scopes: [`${AUD}:sykehus`],
    audience: AUD,
    orgnrParent: ORGNR.helgelandssykehuset,
    orgnrChild: ORGNR.moRana,
  });
  sykehusKlient = await lagHelseIdKlient({ issuer: helseId.issuer, klientId: 'dips-arena-mo', privatNokkel: JSON.stringify(privat), scope: `${AUD}:sykehus` });
});

afterAll(async () => {
  await s?.stopp();
  await helseId?.stopp();
  await fremmed?.stopp();
});

/** A request with a token and a proof as given; the proof made for the method and URL unless overridden. */
async function kall(
  metode: string,
  sti: string,
  p: { token: string; nokkel?: TestNokkel; bevis?: string | null; htm?: string; htu?: string; iat?: number; scheme?: string; body?: unknown },
) {
  const url = `${s.baseUrl}${sti}`;
  const bevis =
    p.bevis === null
      ? undefined
      : (p.bevis ?? (await lagBevis(p.nokkel!, { htm: p.htm ?? metode, htu: p.htu ?? url.split('?')[0], token: p.token, iat: p.iat })));
  const r = await fetch(url, {
    method: metode,
    headers: {
      authorization: `${p.scheme ?? 'DPoP'} ${p.token}`,
      ...(bevis ? { dpop: bevis } : {}),
      ...(p.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: p.body === undefined ? undefined : JSON.stringify(p.body),
  });
  const tekst = await r.text();
  return { status: r.status, www: r.headers.get('www-authenticate') ?? '', body: tekst ? JSON.parse(tekst) : null };
}

/** An admin's token: the rolle scope, no organisation. */
const adminToken = (nokkel: TestNokkel) => helseId.utstedToken({ scope: `${AUD}:admin`, audience: AUD, jkt: nokkel.jkt });

/** Puts `orgnr` on the org's first HER-id in the address table, as an admin does. */
async function settOrgnr(org: string, orgnr: string) {
  const nokkel = await lagTestNokkel();
  const alle = await kall('GET', '/api/v1/konfigurasjon/adresser', { token: await adminToken(nokkel), nokkel });
  const a = (alle.body.data as Array<{ herId: string; org: string; navn: string }>).find((x) => x.org === org)!;
  return kall('PUT', `/api/v1/konfigurasjon/adresser/${a.herId}`, { token: await adminToken(nokkel), nokkel, body: { org, navn: a.navn, orgnr } });
}

const kommuneToken = (nokkel: TestNokkel, orgnr: string, valg: { levetid?: number; audience?: string } = {}) =>
  helseId.utstedToken({ scope: `${AUD}:kommune`, audience: valg.audience ?? AUD, jkt: nokkel.jkt, orgnrParent: orgnr, levetid: valg.levetid });

let forlopId: string;

test("a ward's system, with a token from the engine's HelseID client, starts a forløp at its mapped location", async () => {
  const r = await sykehusKlient.kall('POST', new URL(`${s.baseUrl}/api/v1/forlop`), {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(forlopBody()),
  });
  expect(r.status).toBe(201);
  const body = (await r.json()) as { id: string; sykehus: string; oppholdskommune: string };
  expect(body).toMatchObject({ sykehus: 'HSYK-MO', oppholdskommune: '1833' });
  forlopId = body.id;
});

test("a kommune's DPoP-bound token is let in as its mapped kommune: Rana reads its forløp, Hemnes does not see it", async () => {
  const nokkel = await lagTestNokkel();
  const rana = await kall('GET', `/api/v1/forlop/${forlopId}`, { token: await kommuneToken(nokkel, ORGNR.rana), nokkel });
  expect(rana.status).toBe(200);
  expect(rana.body.id).toBe(forlopId);
  const hemnes = await kall('GET', `/api/v1/forlop/${forlopId}`, { token: await kommuneToken(nokkel, ORGNR.hemnes), nokkel });
  expect(hemnes.status).toBe(404);
});

test('an organisation number the address table does not give an org is 401 invalid_token; a token without a rolle scope 403', async () => {
  const nokkel = await lagTestNokkel();
  const ukjent = await kall('GET', '/api/v1/varsler', { token: await kommuneToken(nokkel, '999999999'), nokkel });
  expect([ukjent.status, ukjent.www]).toEqual([401, expect.stringMatching(/^DPoP error="invalid_token"/)]);
  const utenRolle = await kall('GET', '/api/v1/varsler', {
    token: await helseId.utstedToken({ scope: 'nhn:msh/api', audience: AUD, jkt: nokkel.jkt, orgnrParent: ORGNR.rana }),
    nokkel,
  });
  expect(utenRolle.status).toBe(403);
  expect(utenRolle.www).toContain('error="insufficient_scope"');
});

test("an organisation number put into the address table lets its org in at once; one already another org's is 400", async () => {
  const nokkel = await lagTestNokkel();
  const nesna = async () => kall('GET', '/api/v1/varsler', { token: await kommuneToken(nokkel, ORGNR.nesna), nokkel });
  // Refused first (and that answer is what the process had cached), then let in as Nesna.
  expect((await nesna()).status).toBe(401);
  expect((await settOrgnr('1828', ORGNR.nesna)).status).toBe(200);
  expect((await nesna()).status).toBe(200);

  // Rana's number on Hemnes' entry: refused, and Rana's token is still Rana's.
  const dobbel = await settOrgnr('1832', ORGNR.rana);
  expect(dobbel.status).toBe(400);
  expect(JSON.stringify(dobbel.body.errors)).toContain('org 1833');
  const rader = await s.pool.query('SELECT DISTINCT org FROM adresse WHERE orgnr = $1', [ORGNR.rana]);
  expect(rader.rows).toEqual([{ org: '1833' }]);
  // The database refuses it too, whoever writes it.
  await expect(s.pool.query("UPDATE adresse SET orgnr = $1 WHERE org = '1832'", [ORGNR.rana])).rejects.toMatchObject({ code: '23P01' });
});

test('each refusal is 401 with WWW-Authenticate: DPoP error=…, and no forløp is started', async () => {
  const nokkel = await lagTestNokkel();
  const sykehusToken = (valg: { levetid?: number; audience?: string; utsteder?: HelseIdStandin } = {}) =>
    (valg.utsteder ?? helseId).utstedToken({
      scope: `${AUD}:sykehus`,
      audience: valg.audience ?? AUD,
      jkt: nokkel.jkt,
      orgnrChild: ORGNR.moRana,
      levetid: valg.levetid,
    });
  const token = await sykehusToken();
  const url = `${s.baseUrl}/api/v1/forlop`;
  // A ward no other test uses: had any refused request started its forløp, a row would have it.
  const avdeling = `Avdeling ${Math.random().toString(36).slice(2)}`;
  const antall = async () => Number((await s.pool.query('SELECT count(*) AS n FROM forlop WHERE avdeling = $1', [avdeling])).rows[0].n);

  // A valid proof, once accepted, is spent.
  const brukt = await lagBevis(nokkel, { htm: 'GET', htu: `${url}/${forlopId}`, token });
  expect((await kall('GET', `/api/v1/forlop/${forlopId}`, { token, bevis: brukt })).status).toBe(200);

  const body = forlopBody({ avdeling });
  const post = (p: Parameters<typeof kall>[2]) => kall('POST', '/api/v1/forlop', { body, nokkel, ...p });
  const utfall: Record<string, { status: number; www: string; body: { detail?: string } }> = {
    'Bearer uten DPoP': await post({ token, scheme: 'Bearer', bevis: null }),
    'DPoP uten bevis': await post({ token, bevis: null }),
    'gjenbrukt bevis': await kall('GET', `/api/v1/forlop/${forlopId}`, { token, bevis: brukt }),
    'bevis for en annen adresse': await post({ token, htu: `${s.baseUrl}/api/v1/avvik` }),
    'bevis for en annen metode': await post({ token, htm: 'PUT' }),
    'bevis med en annen nøkkel': await post({ token, nokkel: await lagTestNokkel() }),
    'gammelt bevis': await post({ token, iat: Math.floor(Date.now() / 1000) - 600 }),
    'utløpt token': await post({ token: await sykehusToken({ levetid: -120 }) }),
    'fremmed utsteder': await post({ token: await sykehusToken({ utsteder: fremmed }) }),
    'annen audience': await post({ token: await sykehusToken({ audience: 'nhn:msh' }) }),
    'ukjent organisasjon': await post({
      token: await helseId.utstedToken({ scope: `${AUD}:sykehus`, audience: AUD, jkt: nokkel.jkt, orgnrChild: '999999998' }),
    }),
  };
  for (const [hva, u] of Object.entries(utfall)) {
    expect([hva, u.status, u.www]).toEqual([hva, 401, expect.stringMatching(/^DPoP error="(invalid_token|invalid_dpop_proof)"/)]);
  }
  expect(utfall['gjenbrukt bevis'].www).toMatch(/invalid_dpop_proof.*brukt for/);
  expect(utfall['gjenbrukt bevis'].body.detail).toBe('DPoP-beviset er brukt før (jti)');
  expect(utfall['bevis for en annen adresse'].www).toContain('invalid_dpop_proof');
  expect(utfall['utløpt token'].www).toContain('invalid_token');
  expect(await antall()).toBe(0);
  // The same body with a valid token and proof is taken: the refusals were the credentials, not the body.
  expect((await post({ token })).status).toBe(201);
  expect(await antall()).toBe(1);
});
