/**
 * Varsler to the kommune's EPJ as Dialogmelding, against the HelseID and message-server
 * stand-ins: a frist breach reaches the message server as a Dialogmelding 1.1 in a MsgHead from
 * the engine's HER-id to the kommune's PLO service, and an Ok receipt marks it delivered; a
 * Rejected receipt, or none within EDI_KVITTERING_FRIST, marks it "ikke levert til kommunens EPJ"
 * (GET /varsler/{id}/leveringer, GET /varsler/ikke-levert, /metrics) while the kommune's webhook
 * has the varsel all the same; every call carries a valid DPoP proof; a retried send posts the
 * same bytes once.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { DateTime } from 'luxon';
import { create } from 'xmlbuilder2';
import { dialogmeldingWorkflowId, sendDialogmelding } from '../../activities/dialogmelding';
import { iTransaksjon } from '../../db/pool';
import { leggTilVarsler } from '../../db/varsler';
import { DIALOG_NS, MSGHEAD_NS } from '../../nhn/dialogmelding';
import { lagEdiUt } from '../../nhn/edi-ut';
import { KOMPLETT } from '../helpers/fakta';
import { allePayloadBytes } from '../helpers/historikk';
import { noterHemmelighet } from '../helpers/logg';
import { startMottaker, type Mottaker } from '../helpers/mottaker';
import { lagEgenDatabase, type EgenDatabase } from '../helpers/egen-database';
import { forlopBody, SAMHANDLING, startStack, SYKEHUS, venterPa, type Stack } from '../helpers/stack';
import { startHelseIdStandin, type HelseIdStandin } from '../standins/helseid';
import { MSH_SCOPE, startMeldingstjenerStandin, type LagretMelding, type MeldingstjenerStandin } from '../standins/meldingstjener';
import type { Principal } from '../../workflows/types';

/** The engine's own HER-id in the seeded address table (org MOTOR). */
const MOTOR_HER = 8199999;
/** Each case its own kommune (and PLO service), so the receipts the stand-in gives do not cross. */
const VEGA = { org: '1815', kommuneHer: 918150, ploHer: 918151 };
const VEVELSTAD = { org: '1816', kommuneHer: 918160, ploHer: 918161 };
const HATTFJELLDAL = { org: '1826', kommuneHer: 918260, ploHer: 918261 };
const SOMNA = { org: '1812', kommuneHer: 918120, ploHer: 918121 };
const kommune = (k: { org: string }): Principal => ({ rolle: 'kommune', org: k.org });

let helseId: HelseIdStandin;
let msh: MeldingstjenerStandin;
let s: Stack;
const mottakere: Mottaker[] = [];
/** Its own database: the kommuner it uses (their PLO addresses are the seed's) are other files' too. */
let db: EgenDatabase;

beforeAll(async () => {
  helseId = await startHelseIdStandin();
  msh = await startMeldingstjenerStandin(helseId, { senderHerId: MOTOR_HER });
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privat = { ...(await exportJWK(privateKey)), alg: 'RS256', kid: 'motor-1' };
  noterHemmelighet(privat.d!);
  helseId.registrer({
    klientId: 'utskrivningsforlop-edi-ut',
    offentligJwk: { ...(await exportJWK(publicKey)), alg: 'RS256', kid: 'motor-1' },
    scopes: [MSH_SCOPE],
  });
  db = await lagEgenDatabase();
  s = await startStack({
    databaseUrl: db.url,
    env: {
      EDI_URL: msh.url,
      EDI_HER_ID: String(MOTOR_HER),
      HELSEID_ISSUER: helseId.issuer,
      HELSEID_CLIENT_ID: 'utskrivningsforlop-edi-ut',
      HELSEID_PRIVATE_KEY: JSON.stringify(privat),
      HELSEID_SCOPE: MSH_SCOPE,
      // Short, so the missing receipt is decided within the test; long enough for a busy machine's send.
      EDI_KVITTERING_FRIST: 'PT8S',
      // The inbound poller (another feature) looks once at start and then sleeps: the failures the retry test injects are the send's.
      EDI_HENT_INTERVALL: 'PT1H',
    },
  });
  msh.svarSom(VEGA.ploHer, 'Ok');
  msh.svarSom(VEVELSTAD.ploHer, 'Rejected', [{ errorCode: 'E35', details: 'Mottaker finnes ikke i fagsystemet', description: 'Ukjent mottaker' }]);
  msh.svarSom(HATTFJELLDAL.ploHer, 'ingen');
  msh.svarSom(SOMNA.ploHer, 'Ok');
}, 300_000); // its own database migrated, a stack with a worker: minutes on a busy machine

afterAll(async () => {
  await s?.pool.query(`UPDATE kommune SET frister = NULL WHERE nummer = $1`, [VEGA.org]).catch(() => undefined);
  await s?.stopp();
  await Promise.all(mottakere.map((m) => m.stopp()));
  await msh?.stopp();
  await helseId?.stopp();
  await db?.drop();
});

/** A webhook receiver registered for the kommune. */
async function webhookFor(p: Principal): Promise<Mottaker> {
  const m = await startMottaker();
  mottakere.push(m);
  const r = await s.kall(p, 'POST', '/api/v1/webhooks', { url: m.url });
  expect(r.status).toBe(201);
  return m;
}

/** A forløp in the kommune, its melding om innlagt pasient sent now (the kommune's INNLEGGELSESMELDING varsel). */
async function startForlop(k: { org: string }): Promise<string> {
  const r = await s.kall(
    SYKEHUS,
    'POST',
    '/api/v1/forlop',
    forlopBody({ oppholdskommune: k.org, innlagtTidspunkt: DateTime.now().minus({ hours: 2 }).toISO() }),
  );
  expect(r.status).toBe(201);
  await send(r.body.id, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: DateTime.now().toISO() });
  return r.body.id;
}

async function send(forlopId: string, hendelse: Record<string, unknown>): Promise<void> {
  const r = await s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${forlopId}/hendelser`, hendelse);
  expect({ type: hendelse.type, status: r.status }).toEqual({ type: hendelse.type, status: 200 });
}

async function varselId(forlopId: string, org: string, type: string): Promise<string> {
  return venterPa(
    async () => (await s.pool.query('SELECT id FROM varsel WHERE forlop_id = $1 AND mottaker_org = $2 AND type = $3', [forlopId, org, type])).rows[0]?.id,
    60_000,
    `${type}-varselet til ${org}`,
  );
}

async function leveringer(p: Principal, id: string): Promise<any[]> {
  const r = await s.kall(p, 'GET', `/api/v1/varsler/${id}/leveringer`);
  expect(r.status).toBe(200);
  return r.body.data;
}

/** The varsel's Dialogmelding once it is decided (levert, avvist or ikke kvittert). */
async function avgjort(p: Principal, id: string): Promise<any> {
  return venterPa(async () => (await leveringer(p, id)).find((l) => l.kanal === 'dialogmelding' && l.status !== 'venter'), 60_000, 'dialogmeldingens utfall');
}

function sendteMed(msgId: string): LagretMelding[] {
  return msh.sendte().filter((m) => m.businessDocumentId === msgId);
}

/** The DOM element xmlbuilder2 parses into, as far as the test reads it. */
interface Element {
  namespaceURI: string | null;
  localName: string;
  textContent: string | null;
  getAttribute(navn: string): string | null;
  getElementsByTagNameNS(ns: string, navn: string): ArrayLike<Element>;
}
const alle = (i: Element, ns: string, navn: string) => Array.from(i.getElementsByTagNameNS(ns, navn));
const herIder = (i: Element) =>
  alle(i, MSGHEAD_NS, 'Ident')
    .filter((id) => alle(id, MSGHEAD_NS, 'TypeId')[0]?.getAttribute('V') === 'HER')
    .map((id) => Number(alle(id, MSGHEAD_NS, 'Id')[0]?.textContent));

async function metrikk(utfall: string): Promise<number> {
  const tekst = await (await fetch(`${s.baseUrl}/metrics`)).text();
  const linje = tekst.split('\n').find((l) => l.startsWith(`utskrivningsforlop_dialogmelding_utfall_total{utfall="${utfall}"}`));
  return linje ? Number(linje.split(' ').pop()) : 0;
}

test("a frist breach reaches the message server as a Dialogmelding 1.1 to the kommune's PLO service, and its Ok receipt marks it delivered", async () => {
  // Vega's samarbeidsavtale (in this test database): 4 s to answer a melding, the reminder 2 s before.
  await s.pool.query(`UPDATE kommune SET frister = '{"kommunesvar":"PT4S","kommunesvarPaminnelseFor":"PT2S"}' WHERE nummer = $1`, [VEGA.org]);
  const webhook = await webhookFor(kommune(VEGA));
  const levertFoer = await metrikk('levert');
  const id = await startForlop(VEGA);
  const naa = DateTime.now().toISO();
  await send(id, { type: 'UTSKRIVNINGSKLAR', tidspunkt: naa, vurdertTidspunkt: naa, vurdering: KOMPLETT });
  const brudd = await varselId(id, VEGA.org, 'FRIST_BRUTT');

  const d = await avgjort(kommune(VEGA), brudd);
  expect(d).toMatchObject({ status: 'levert', levert: true, mottakerHerId: String(VEGA.ploHer), msgId: brudd, merknad: null, kvittering: { status: 'Ok' } });

  // On the server: one message with the varsel's id as MsgId, to the PLO service.
  const [melding] = sendteMed(brudd);
  expect(sendteMed(brudd)).toHaveLength(1);
  expect(melding.receiverHerId).toBe(VEGA.ploHer);
  const rot = create(melding.xml).root().node as unknown as Element;
  expect([rot.namespaceURI, rot.localName]).toEqual([MSGHEAD_NS, 'MsgHead']);
  expect(alle(rot, MSGHEAD_NS, 'MsgId')[0].textContent).toBe(brudd);
  expect(herIder(alle(rot, MSGHEAD_NS, 'Sender')[0])).toEqual([MOTOR_HER]);
  expect(herIder(alle(rot, MSGHEAD_NS, 'Receiver')[0])).toEqual([VEGA.kommuneHer, VEGA.ploHer]);
  expect(alle(rot, MSGHEAD_NS, 'Patient')).toEqual([]);
  const notat = alle(rot, DIALOG_NS, 'Notat');
  expect(notat).toHaveLength(1);
  expect(alle(notat[0], DIALOG_NS, 'Tema')[0].textContent).toBe('Frist brutt i utskrivningsforløp');
  const varsel = (await s.pool.query('SELECT tekst FROM varsel WHERE id = $1', [brudd])).rows[0];
  expect(alle(notat[0], DIALOG_NS, 'TekstNotatInnhold')[0].textContent).toContain(varsel.tekst);

  // The webhook got it too (webhook and feed get every varsel), and the leveringer say so.
  await venterPa(async () => (webhook.mottatt.some((m) => m.id === brudd) ? true : undefined), 60_000, 'webhook-leveringen');
  const alleLeveringer = await venterPa(async () => {
    const l = await leveringer(kommune(VEGA), brudd);
    return l.some((x) => x.kanal === 'webhook' && x.levert) ? l : undefined;
  });
  expect(alleLeveringer.map((l) => [l.kanal, l.status])).toEqual([
    ['webhook', 'levert'],
    ['dialogmelding', 'levert'],
  ]);
  expect(await metrikk('levert')).toBeGreaterThan(levertFoer);
  // The delivery's history holds neither the document nor the varsel's text in plain text.
  const ra = allePayloadBytes(await s.client.workflow.getHandle(dialogmeldingWorkflowId(brudd)).fetchHistory());
  expect(ra).toContain('binary/encrypted');
  expect(ra).not.toContain('MsgHead');
  expect(ra).not.toContain(varsel.tekst);
  // Another kommune does not see Vega's varsel.
  expect((await s.kall(kommune(VEVELSTAD), 'GET', `/api/v1/varsler/${brudd}/leveringer`)).status).toBe(404);
});

test('a Rejected receipt: not delivered to the EPJ, with the code, on the desk and in /metrics; the webhook has the varsel', async () => {
  const webhook = await webhookFor(kommune(VEVELSTAD));
  const avvistFoer = await metrikk('avvist');
  const id = await startForlop(VEVELSTAD);
  const v = await varselId(id, VEVELSTAD.org, 'INNLEGGELSESMELDING');

  const d = await avgjort(kommune(VEVELSTAD), v);
  expect(d).toMatchObject({
    status: 'avvist',
    levert: false,
    merknad: 'Ikke levert til kommunens EPJ',
    kvittering: { status: 'Rejected', kode: 'E35', beskrivelse: 'Ukjent mottaker' },
  });
  await venterPa(async () => (webhook.mottatt.some((m) => m.id === v) ? true : undefined), 60_000, 'webhook-leveringen');
  expect(await metrikk('avvist')).toBeGreaterThan(avvistFoer);

  // The samhandling desk and the kommune itself see it among the undelivered; another kommune does not.
  const desk = await s.kall(SAMHANDLING, 'GET', '/api/v1/varsler/ikke-levert?limit=1000');
  expect(desk.status).toBe(200);
  expect(desk.body.data.find((x: any) => x.varselId === v)).toMatchObject({
    forlopId: id,
    kommune: VEVELSTAD.org,
    type: 'INNLEGGELSESMELDING',
    levering: { status: 'avvist', merknad: 'Ikke levert til kommunens EPJ' },
  });
  const egen = await s.kall(kommune(VEVELSTAD), 'GET', '/api/v1/varsler/ikke-levert');
  expect(egen.body.data.map((x: any) => x.varselId)).toContain(v);
  const annen = await s.kall(kommune(VEGA), 'GET', '/api/v1/varsler/ikke-levert');
  expect(annen.status).toBe(200);
  expect(annen.body.data.every((x: any) => x.kommune === VEGA.org)).toBe(true);
});

test('no receipt within EDI_KVITTERING_FRIST: ikke kvittert, not delivered to the EPJ; the webhook has the varsel', async () => {
  const webhook = await webhookFor(kommune(HATTFJELLDAL));
  const foer = await metrikk('ikke_kvittert');
  const id = await startForlop(HATTFJELLDAL);
  const v = await varselId(id, HATTFJELLDAL.org, 'INNLEGGELSESMELDING');

  const d = await avgjort(kommune(HATTFJELLDAL), v);
  expect(d).toMatchObject({ status: 'ikke_kvittert', levert: false, merknad: 'Ikke levert til kommunens EPJ', kvittering: { status: null } });
  // Not given up before the frist: 8 s from the delivery's start, which came after the varsel was stored.
  const opprettet = (await s.pool.query('SELECT opprettet FROM varsel WHERE id = $1', [v])).rows[0].opprettet as Date;
  expect(new Date(d.avgjort).getTime() - opprettet.getTime()).toBeGreaterThanOrEqual(8_000);
  expect(sendteMed(v)).toHaveLength(1);
  // It looked at the receipt on the server before giving up.
  expect(msh.kall.some((k) => k.sti === `/Messages/${sendteMed(v)[0].id}/status` && k.status === 200)).toBe(true);
  await venterPa(async () => (webhook.mottatt.some((m) => m.id === v) ? true : undefined), 60_000, 'webhook-leveringen');
  expect(await metrikk('ikke_kvittert')).toBeGreaterThan(foer);
});

test('a send retried after the server failed posts the document kept from the first attempt, once', async () => {
  const ut = (await lagEdiUt(s.config.nhn))!;
  const id = await startForlop(SOMNA);
  // The forløp's own INNLEGGELSESMELDING goes first (its delivery must not meet the failures below).
  await avgjort(kommune(SOMNA), await varselId(id, SOMNA.org, 'INNLEGGELSESMELDING'));
  // A varsel stored without the workflow, so only this test sends it.
  const v = { id: randomUUID(), mottakerOrg: SOMNA.org, type: 'PAMINNELSE' as const, forlopId: id, frist: null, tekst: 'Påminnelse: svar på meldingen' };
  await iTransaksjon(s.pool, (c) => leggTilVarsler(c, [v]));

  // First attempt: the server fails every try of the client (4): the activity fails, to be retried.
  msh.feilNeste(4, 503);
  await expect(sendDialogmelding(s.pool, ut, v.id)).rejects.toThrow(/503/);
  expect(sendteMed(v.id)).toHaveLength(0);
  const kept = (await s.pool.query('SELECT dokument, status FROM dialogmelding_ut WHERE varsel_id = $1', [v.id])).rows[0];
  expect(kept.status).toBe('laget');

  // The retry (a second later: GenDate would differ if it were made again) sends the kept bytes; another retry sends nothing.
  await new Promise((r) => setTimeout(r, 1100));
  expect(await sendDialogmelding(s.pool, ut, v.id)).toBe('sendt');
  expect(await sendDialogmelding(s.pool, ut, v.id)).toBe('sendt');
  expect(sendteMed(v.id).map((m) => m.xml)).toEqual([kept.dokument]);
});

test('every call to the message server carried a valid DPoP-bound token and proof', () => {
  const kall = msh.kall;
  expect(kall.length).toBeGreaterThan(0);
  // The only refusals are the nonce the server asks for once per key; no invalid token or proof.
  expect(kall.filter((k) => k.feil && k.feil !== 'use_dpop_nonce')).toEqual([]);
  // Every other call was answered (but the 503s the retry test asked for), on each path the delivery uses.
  expect(kall.filter((k) => !k.feil && k.status >= 300 && k.status !== 503)).toEqual([]);
  const stier = new Set(kall.filter((k) => k.status < 300).map((k) => `${k.metode} ${k.sti.replace(/\/Messages\/[^/]+/, '/Messages/{id}')}`));
  expect([...stier]).toEqual(expect.arrayContaining(['GET /Messages/{id}/apprec', 'GET /Messages/{id}/status', 'POST /Messages']));
});
