/**
 * The engine's HelseID client and EDI 2.0 client against the stand-ins (test/standins/): a
 * DPoP-bound token by private_key_jwt, the server's nonce honoured, the token cached; every
 * message-server path the engine uses, each call with a valid proof (the stand-in refuses any
 * other, as the refusal cases show); retries on 5xx and timeouts, none on a 4xx.
 */
import { inspect } from 'node:util';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { HelseIdFeil, lagHelseIdKlient, type HelseIdKlient } from '../../nhn/helseid';
import { EdiFeil, lagEdiKlient } from '../../nhn/edi';
import { startHelseIdStandin, type HelseIdStandin } from '../standins/helseid';
import { MSH_SCOPE, startMeldingstjenerStandin, type MeldingstjenerStandin } from '../standins/meldingstjener';
import { lagBevis, lagTestNokkel } from '../standins/dpop';
import { noterHemmelighet } from '../helpers/logg';
import { SYKEHUS, startStack } from '../helpers/stack';
import { lastKonfig } from '../../config';
import { lagNhn } from '../../nhn/fra-konfig';
import { lagEdiUt } from '../../nhn/edi-ut';
import { DIALOG_NS, varselSomDialogmelding } from '../../nhn/dialogmelding';

const ENGINE_HER = 8142519;
const KOMMUNE_HER = 8142733;

async function lagKlientNokkel(): Promise<{ privat: string; offentlig: Awaited<ReturnType<typeof exportJWK>> }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privat = { ...(await exportJWK(privateKey)), alg: 'RS256', kid: 'motor-1' };
  noterHemmelighet(privat.d!);
  return { privat: JSON.stringify(privat), offentlig: { ...(await exportJWK(publicKey)), alg: 'RS256', kid: 'motor-1' } };
}

let helseId: HelseIdStandin;
let msh: MeldingstjenerStandin;
let klient: HelseIdKlient;
let privatNokkel: string;
let offentligNokkel: Awaited<ReturnType<typeof exportJWK>>;

beforeAll(async () => {
  helseId = await startHelseIdStandin();
  msh = await startMeldingstjenerStandin(helseId, { senderHerId: ENGINE_HER });
  const n = await lagKlientNokkel();
  privatNokkel = n.privat;
  offentligNokkel = n.offentlig;
  helseId.registrer({ klientId: 'utskrivningsforlop-test', offentligJwk: n.offentlig, scopes: [MSH_SCOPE] });
  klient = await lagHelseIdKlient({ issuer: helseId.issuer, klientId: 'utskrivningsforlop-test', privatNokkel, scope: MSH_SCOPE });
});

afterAll(async () => {
  await msh?.stopp();
  await helseId?.stopp();
});

const edi = (valg: { forsok?: number; tidsavbruddMs?: number } = {}) =>
  lagEdiKlient({ url: msh.url, herId: ENGINE_HER, kildesystem: 'utskrivningsforlop, test', ventMs: 20, ...valg }, klient);

const msgHead = (msgId: string, mottaker: number) =>
  `<?xml version="1.0" encoding="UTF-8"?><MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24"><MsgInfo><MsgId>${msgId}</MsgId>` +
  `<Receiver><Organisation><OrganisationName>Mottaker</OrganisationName><Ident><Id>${mottaker}</Id><TypeId V="HER" S="2.16.578.1.12.4.1.1.9051" DN="Identifikator fra Helsetjenesteenhetsregisteret"/></Ident></Organisation></Receiver></MsgInfo></MsgHead>`;

describe('HelseID client', () => {
  test('gets a DPoP-bound at+jwt by private_key_jwt, using the nonce HelseID asks for, and keeps it until near expiry', async () => {
    const foer = helseId.tokenKall.length;
    const token = await klient.token();
    expect(decodeProtectedHeader(token).typ).toBe('at+jwt');
    const claims = decodeJwt(token);
    expect(claims.cnf).toEqual({ jkt: await klient.dpopThumbprint() });
    expect(claims.scope).toBe(MSH_SCOPE);
    // The first request was asked for a nonce; the second, with it, got the token.
    expect(helseId.tokenKall.slice(foer)).toEqual([
      { klientId: 'utskrivningsforlop-test', status: 400, feil: 'use_dpop_nonce' },
      { klientId: 'utskrivningsforlop-test', status: 200 },
    ]);
    expect(await klient.token()).toBe(token);
    expect(helseId.tokenKall.length).toBe(foer + 2);
  });

  test('a client whose assertion is signed with a key HelseID does not know for it is refused, and the key is not in the error', async () => {
    const annen = await lagKlientNokkel();
    const registrert = await lagKlientNokkel();
    helseId.registrer({ klientId: 'feil-nokkel', offentligJwk: registrert.offentlig, scopes: [MSH_SCOPE] });
    const k = await lagHelseIdKlient({ issuer: helseId.issuer, klientId: 'feil-nokkel', privatNokkel: annen.privat, scope: MSH_SCOPE });
    const feil = await k.token().catch((e: unknown) => e);
    expect(feil).toBeInstanceOf(HelseIdFeil);
    expect((feil as HelseIdFeil).feilkode).toBe('invalid_client');
    const d = (JSON.parse(annen.privat) as { d: string }).d;
    expect(JSON.stringify(feil)).not.toContain(d);
    expect(String((feil as Error).stack)).not.toContain(d);
  });

  test('a key that is not a private key is refused at start with a message that does not repeat it', async () => {
    const n = await lagKlientNokkel();
    await expect(lagHelseIdKlient({ issuer: helseId.issuer, klientId: 'x', privatNokkel: JSON.stringify(n.offentlig), scope: MSH_SCOPE })).rejects.toThrow(
      /offentlig nøkkel/,
    );
    const feil = await lagHelseIdKlient({ issuer: helseId.issuer, klientId: 'x', privatNokkel: 'ikke en nøkkel', scope: MSH_SCOPE }).catch((e: Error) => e);
    expect((feil as Error).message).not.toContain('ikke en nøkkel');
  });
});

describe('EDI 2.0 client against the message server stand-in', () => {
  test('reads an unread message, its business document, receipts it and marks it read; every call answered 2xx after the nonce', async () => {
    const fra = msh.kall.length;
    const xml = msgHead('c0ffee00-0000-4000-8000-000000000001', ENGINE_HER);
    const id = msh.leggInn({ senderHerId: 90001, receiverHerId: ENGINE_HER, xml });
    msh.leggInn({ senderHerId: 90001, receiverHerId: 12345, xml: msgHead('annen', 12345) });
    const e = edi();

    const uleste = await e.uleste();
    expect(uleste).toEqual([
      expect.objectContaining({ id, receiverHerId: ENGINE_HER, senderHerId: 90001, businessDocumentId: 'c0ffee00-0000-4000-8000-000000000001' }),
    ]);
    expect(await e.forretningsdokument(id)).toEqual({ xml, contentType: 'application/xml' });
    const kvitteringId = await e.kvitter(id, 'Ok');
    await e.merkLest(id);
    expect(await e.uleste()).toEqual([]);

    const lagret = msh.meldinger.get(id)!;
    expect(lagret.lest).toBe(true);
    expect(lagret.kvitteringer).toEqual([{ id: kvitteringId, avsenderHerId: ENGINE_HER, appRecStatus: 'Ok', appRecErrorList: null }]);
    // The resource server asked this key for a nonce once; every other call passed its checks.
    const kall = msh.kall.slice(fra);
    expect(kall.filter((k) => k.status === 401)).toEqual([{ metode: 'GET', sti: '/Messages', status: 401, feil: 'use_dpop_nonce' }]);
    expect(kall.filter((k) => k.status !== 401).map((k) => `${k.metode} ${k.sti} ${k.status}`)).toEqual([
      'GET /Messages 200',
      `GET /Messages/${id}/business-document 200`,
      `POST /Messages/${id}/apprec/${ENGINE_HER} 201`,
      `PUT /Messages/${id}/read/${ENGINE_HER} 204`,
      'GET /Messages 200',
    ]);
  });

  test('sends a business document and follows its receipt: none yet, then Avvist with its errors', async () => {
    const e = edi();
    const id = await e.send(msgHead('c0ffee00-0000-4000-8000-000000000002', KOMMUNE_HER));
    expect(msh.sendte().at(-1)).toEqual(
      expect.objectContaining({ id, receiverHerId: KOMMUNE_HER, businessDocumentId: 'c0ffee00-0000-4000-8000-000000000002' }),
    );
    expect(await e.status(id)).toEqual([{ receiverHerId: KOMMUNE_HER, transportDeliveryState: 'Acknowledged', appRecStatus: null }]);
    expect(await e.kvitteringer(id)).toEqual([{ receiverHerId: KOMMUNE_HER, appRecStatus: null, appRecErrorList: null }]);

    msh.settKvittering(id, 'Rejected', [{ errorCode: 'E21', details: 'Mottaker finnes ikke' }]);
    expect(await e.kvitteringer(id)).toEqual([
      { receiverHerId: KOMMUNE_HER, appRecStatus: 'Rejected', appRecErrorList: [{ errorCode: 'E21', details: 'Mottaker finnes ikke' }] },
    ]);
    expect((await e.status(id))[0].appRecStatus).toBe('Rejected');
  });

  test("a frist breach's Dialogmelding reaches the message server addressed to the kommune's PLO service, as the engine built it", async () => {
    const xml = varselSomDialogmelding(
      {
        id: 'c0ffee00-0000-4000-8000-000000000009',
        mottakerOrg: '1833',
        type: 'FRIST_BRUTT',
        forlopId: '5f5e94d5-d908-476b-a172-a241c52eddb6',
        frist: new Date().toISOString(),
        tekst: 'Frist brutt (KOMMUNE_SVAR_INNLAGT)',
      },
      {
        avsender: { herId: ENGINE_HER, navn: 'Helgelandssykehuset HF' },
        mottaker: { herId: 8142730, navn: 'Rana kommune', enhet: { herId: KOMMUNE_HER, navn: 'Saksbehandler PLO' } },
        naa: new Date(),
      },
    );
    const id = await edi().send(xml);
    const sendt = msh.meldinger.get(id)!;
    expect(sendt).toMatchObject({ receiverHerId: KOMMUNE_HER, businessDocumentId: 'c0ffee00-0000-4000-8000-000000000009', xml });
    expect(sendt.xml).toContain(`<Dialogmelding xmlns="${DIALOG_NS}">`);
  });

  test('a 503 twice, then success: retried with backoff; nothing sent twice', async () => {
    const e = edi();
    const foer = msh.sendte().length;
    const fra = msh.kall.length;
    msh.feilNeste(2, 503);
    const id = await e.send(msgHead('c0ffee00-0000-4000-8000-000000000003', KOMMUNE_HER));
    expect(msh.kall.slice(fra).map((k) => k.status)).toEqual([503, 503, 201]);
    expect(msh.sendte().length).toBe(foer + 1);
    expect(msh.sendte().at(-1)!.id).toBe(id);
  });

  test('a server that does not answer in time is tried again', async () => {
    const e = edi({ tidsavbruddMs: 300 });
    msh.feilNeste(1, 'tidsavbrudd', 1500);
    await expect(e.uleste()).resolves.toEqual(expect.any(Array));
  });

  test('a server that keeps failing gives a temporary EdiFeil after the attempts; a 404 is not retried', async () => {
    const e = edi({ forsok: 3 });
    const fra = msh.kall.length;
    msh.feilNeste(5, 500);
    const feil = await e.uleste().catch((x: unknown) => x);
    expect(feil).toBeInstanceOf(EdiFeil);
    expect(feil).toMatchObject({ status: 500, midlertidig: true });
    expect(msh.kall.length - fra).toBe(3);
    msh.feilNeste(0, 500);

    const fra2 = msh.kall.length;
    const ukjent = await e.melding('00000000-0000-4000-8000-000000000000').catch((x: unknown) => x);
    expect(ukjent).toMatchObject({ status: 404, midlertidig: false });
    expect((ukjent as Error).message).toMatch(/404.*Meldingen finnes ikke/);
    expect(msh.kall.length - fra2).toBe(1);
  });
});

describe('the stand-in refuses what HelseID and NHN refuse', () => {
  const kallMed = async (headers: Record<string, string>, sti = `/Messages?ReceiverHerIds=${ENGINE_HER}`, metode = 'GET') => {
    const r = await fetch(msh.url + sti, { method: metode, headers: { 'api-version': '2', 'nhn-source-system': 'test', ...headers } });
    return { status: r.status, www: r.headers.get('www-authenticate') ?? '', nonce: r.headers.get('dpop-nonce') ?? undefined };
  };

  test('a token without DPoP, a proof for another URL or method, a reused proof, a proof by another key, a foreign token: 401 DPoP error=…', async () => {
    const nokkel = await lagTestNokkel();
    const token = await helseId.utstedToken({ scope: MSH_SCOPE, audience: 'nhn:msh', jkt: nokkel.jkt });
    const htu = `${msh.url}/Messages`;
    // The first proof of this key is asked for a nonce; take it.
    const forst = await kallMed({ authorization: `DPoP ${token}`, dpop: await lagBevis(nokkel, { htm: 'GET', htu, token }) });
    expect(forst.www).toContain('error="use_dpop_nonce"');
    const nonce = forst.nonce!;
    const gyldig = await lagBevis(nokkel, { htm: 'GET', htu, token, nonce });
    expect((await kallMed({ authorization: `DPoP ${token}`, dpop: gyldig })).status).toBe(200);

    const utfall = {
      bearer: await kallMed({ authorization: `Bearer ${token}` }),
      gjenbrukt: await kallMed({ authorization: `DPoP ${token}`, dpop: gyldig }),
      annenUrl: await kallMed({ authorization: `DPoP ${token}`, dpop: await lagBevis(nokkel, { htm: 'GET', htu: `${msh.url}/Messages/x`, token, nonce }) }),
      annenMetode: await kallMed({ authorization: `DPoP ${token}`, dpop: await lagBevis(nokkel, { htm: 'POST', htu, token, nonce }) }),
      annenNokkel: await kallMed({ authorization: `DPoP ${token}`, dpop: await lagBevis(await lagTestNokkel(), { htm: 'GET', htu, token, nonce }) }),
      utlopt: await kallMed({
        authorization: `DPoP ${await helseId.utstedToken({ scope: MSH_SCOPE, audience: 'nhn:msh', jkt: nokkel.jkt, levetid: -60 })}`,
        dpop: await lagBevis(nokkel, { htm: 'GET', htu, token, nonce }),
      }),
      annenScope: await kallMed({
        authorization: `DPoP ${await helseId.utstedToken({ scope: 'nhn:annet/api', audience: 'nhn:msh', jkt: nokkel.jkt })}`,
        dpop: await lagBevis(nokkel, { htm: 'GET', htu, token, nonce }),
      }),
    };
    for (const [navn, u] of Object.entries(utfall)) {
      expect([navn, u.status]).toEqual([navn, 401]);
      expect([navn, u.www]).toEqual([navn, expect.stringMatching(/^DPoP error="(invalid_token|invalid_dpop_proof)"/)]);
    }
    expect(utfall.gjenbrukt.www).toContain('invalid_dpop_proof');
    expect(utfall.bearer.www).toContain('invalid_token');
  });
});

describe('/readyz and the configuration', () => {
  const env = () => ({
    EDI_URL: msh.url,
    EDI_HER_ID: String(ENGINE_HER),
    HELSEID_ISSUER: helseId.issuer,
    HELSEID_CLIENT_ID: 'utskrivningsforlop-test',
    HELSEID_PRIVATE_KEY: privatNokkel,
    HELSEID_SCOPE: MSH_SCOPE,
  });

  test('/readyz says whether the network answers, and stays ready when it does not', async () => {
    const naar = await startStack({ worker: false, env: env() });
    const borte = await startStack({ worker: false, env: { ...env(), EDI_URL: 'http://127.0.0.1:9' } });
    try {
      const a = await fetch(`${naar.baseUrl}/readyz`);
      expect([a.status, await a.json()]).toEqual([200, { status: 'klar', postgres: 'ok', temporal: 'ok', nhn: 'ok' }]);
      const b = await fetch(`${borte.baseUrl}/readyz`);
      expect([b.status, await b.json()]).toEqual([200, { status: 'klar', postgres: 'ok', temporal: 'ok', nhn: 'utilgjengelig' }]);
    } finally {
      await naar.stopp();
      await borte.stopp();
    }
  });

  test('a message server answering 503 or not in time, or HelseID down: /readyz says the network is unreachable, and the API answers', async () => {
    const tilfeller: Array<[string, Record<string, string>, () => void]> = [
      ['503', {}, () => msh.feilNeste(1, 503)],
      // The check gives up after 1.5 s; the stand-in would answer after 5.
      ['tidsavbrudd', {}, () => msh.feilNeste(1, 'tidsavbrudd', 5000)],
      ['HelseID nede', { HELSEID_ISSUER: 'http://127.0.0.1:9' }, () => undefined],
    ];
    for (const [hva, ekstra, feil] of tilfeller) {
      const st = await startStack({ worker: false, env: { ...env(), ...ekstra } });
      try {
        feil();
        const r = await fetch(`${st.baseUrl}/readyz`);
        expect([hva, r.status, await r.json()]).toEqual([hva, 200, { status: 'klar', postgres: 'ok', temporal: 'ok', nhn: 'utilgjengelig' }]);
        expect([hva, (await st.kall(SYKEHUS, 'GET', '/api/v1/varsler')).status]).toEqual([hva, 200]);
      } finally {
        await st.stopp();
      }
    }
  });

  test('one HelseID client per process: the poller, the Dialogmelding sender and /readyz share it; two EDI calls, one token request', async () => {
    helseId.registrer({ klientId: 'utskrivningsforlop-prosess', offentligJwk: offentligNokkel, scopes: [MSH_SCOPE] });
    const settinger = () => lastKonfig({ ...env(), HELSEID_CLIENT_ID: 'utskrivningsforlop-prosess' }).nhn;
    // Two configuration objects with the same settings (the API's and the worker's in one process).
    const [a, b] = await Promise.all([lagNhn(settinger()), lagNhn(settinger())]);
    expect(a).toBe(b);
    expect((await lagEdiUt(settinger()))?.edi).toBe(a!.edi);
    const fra = helseId.tokenKall.length;
    await a!.edi.uleste(1);
    await (await lagNhn(settinger()))!.edi.uleste(1);
    expect(helseId.tokenKall.slice(fra).filter((t) => t.klientId === 'utskrivningsforlop-prosess' && t.status === 200)).toHaveLength(1);
  });

  test('the private key in the configuration prints as [skjult], however it is printed', () => {
    const k = lastKonfig({ ...env() }).nhn;
    const d = (JSON.parse(privatNokkel) as { d: string }).d;
    expect(k.helseidPrivatNokkel?.verdi()).toBe(privatNokkel);
    for (const tekst of [JSON.stringify(k), String(k.helseidPrivatNokkel), inspect(k, { depth: 5 }), `${k.helseidPrivatNokkel}`]) {
      expect(tekst).not.toContain(d);
    }
    expect(JSON.stringify(k)).toContain('"helseidPrivatNokkel":"[skjult]"');
  });
});
