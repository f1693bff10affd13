/**
 * EDI in, end to end: the poller (workflows/edi-mottak.workflow.ts) in worker child processes
 * started as docker-compose starts them, against the HelseID and message-server stand-ins (which
 * refuse any call without a valid DPoP-bound token and a fresh proof).
 *
 * Messages put on the stand-in are applied once and receipted once; a document the engine does
 * not read is Avvist and marked read; the worker is SIGKILLed between a message's apply and its
 * receipt (held there by the test-only TEST_HOLD_ETTER_EDI_ANVENDT, not by timing) and the next
 * worker receipts it once without applying it again; a burst of 503s is survived; a kommune's
 * Dialogmelding answer to a varsel appears on the forløp, its text encrypted at rest; a message
 * whose apply always fails (TEST_FEIL_VED_EDI_ANVEND, as a bug would) is set aside after
 * EDI_MAKS_FORSOK tries while the others go on, and an admin's prov-igjen brings it back.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { DateTime } from 'luxon';
import { exportJWK, generateKeyPair } from 'jose';
import type { Payload } from '@temporalio/common';
import { KrypteringsCodec } from '../../config/payload-codec';
import { ediMottakWorkflowId } from '../../workflows/edi-mottak.definitions';
import { startHelseIdStandin, type HelseIdStandin } from '../standins/helseid';
import { MSH_SCOPE, startMeldingstjenerStandin, type MeldingstjenerStandin } from '../standins/meldingstjener';
import { allePayloadBytes } from '../helpers/historikk';
import { noterHemmelighet, noterNavn } from '../helpers/logg';
import { lagDialogSvar, ploXml, type TestMelding } from '../helpers/plo';
import { drep, motorStarter, type MotorProsess } from '../helpers/prosess';
import { SYKEHUS, startStack, testFnr, venterPa, type Stack } from '../helpers/stack';

// A HER-id of this run's own: the poller's workflow id is named by it, so no other run's poller is found.
const MOTOR_HER = 70_000_000 + Math.floor(Math.random() * 9_000_000);
const MO_MEDISINSK: [string, string] = ['8100000', '8101001'];
const RANA_PLO: [string, string] = ['918330', '918331'];

let helseId: HelseIdStandin;
let msh: MeldingstjenerStandin;
let s: Stack;
let ediEnv: Record<string, string>;
const barn: MotorProsess[] = [];
const startMotor = motorStarter(barn, () => ({
  temporalAddress: process.env.TEMPORAL_ADDRESS!,
  databaseUrl: process.env.DATABASE_URL!,
  taskQueue: s.config.taskQueue,
  pasientNokkel: s.pasientNokkel,
}));

const lokal = (minutter: number): string => DateTime.now().setZone('Europe/Oslo').minus({ minutes: minutter }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
const unik = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]);
const pasient = { fnr: testFnr(), fornavn: `Ingrid${unik()}`, etternavn: `Hopen${unik()}` };
noterNavn(pasient.fornavn, pasient.etternavn);

const melding = (o: Pick<TestMelding, 'type' | 'hendelser'> & Partial<TestMelding>) =>
  ploXml({ genDate: lokal(30), avsender: MO_MEDISINSK, mottaker: RANA_PLO, ...pasient, ...o });

/** Puts a document on the stand-in for the engine, as the unit `avsender` sent it. */
const leggInn = (xml: string, avsender: number): string => msh.leggInn({ senderHerId: avsender, receiverHerId: MOTOR_HER, xml });

/** A kommune's Svar på forespørsel from Rana's PLO service, naming our message as its ConversationRef. */
const dialogSvar = (refToParent: string, tekst: string) => lagDialogSvar({ refToParent, tekst, avsender: RANA_PLO, genDate: lokal(1) });

const lest = (id: string) => () => Promise.resolve(msh.meldinger.get(id)?.lest ? true : undefined);
const kvitteringer = (id: string) =>
  msh.meldinger.get(id)!.kvitteringer.map((k) => ({ status: k.appRecStatus, koder: (k.appRecErrorList ?? []).map((f) => f.errorCode) }));

async function forlopFor(msgId: string): Promise<string> {
  const r = await s.pool.query<{ forlop_id: string }>('SELECT forlop_id FROM plo_melding WHERE msg_id = $1', [msgId]);
  return r.rows[0].forlop_id;
}

/** A port nothing listens on now (for a worker's own /metrics). */
const ledigPort = () =>
  new Promise<number>((ok, feil) => {
    const srv = createServer();
    srv.once('error', feil);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });

beforeAll(async () => {
  helseId = await startHelseIdStandin();
  msh = await startMeldingstjenerStandin(helseId, { senderHerId: MOTOR_HER });
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privat = { ...(await exportJWK(privateKey)), alg: 'RS256', kid: 'motor-edi-mottak' };
  noterHemmelighet(privat.d!);
  helseId.registrer({
    klientId: 'utskrivningsforlop-mottak',
    offentligJwk: { ...(await exportJWK(publicKey)), alg: 'RS256', kid: 'motor-edi-mottak' },
    scopes: [MSH_SCOPE],
  });
  ediEnv = {
    EDI_URL: msh.url,
    EDI_HER_ID: String(MOTOR_HER),
    EDI_HENT_INTERVALL: 'PT0.5S',
    HELSEID_ISSUER: helseId.issuer,
    HELSEID_CLIENT_ID: 'utskrivningsforlop-mottak',
    HELSEID_PRIVATE_KEY: JSON.stringify(privat),
    HELSEID_SCOPE: MSH_SCOPE,
  };
  // The API of this file's task queue, in this process; the workers are child processes.
  s = await startStack({ worker: false });
}, 120_000);

afterAll(async () => {
  for (const b of barn) await b.stopp(5000).catch(() => undefined);
  await s?.client.workflow
    .getHandle(ediMottakWorkflowId(MOTOR_HER))
    .terminate('testen er ferdig')
    .catch(() => undefined);
  await s?.stopp();
  await msh?.stopp();
  await helseId?.stopp();
});

describe('the EDI poller', () => {
  const innlagt = melding({ type: 'LOG_INNLAGT', hendelser: [{ kode: 1, tid: lokal(180) }] });
  const klar = melding({
    type: 'LOG_UTSKRIVNINGSKLAR',
    genDate: lokal(5),
    hendelser: [
      { kode: 1, tid: lokal(180) },
      { kode: 3, tid: lokal(10) },
    ],
  });
  let a: MotorProsess;
  let b: MotorProsess;
  let forlopId: string;

  test('applies a PLO message once and receipts it Ok; a document it does not read is Avvist and marked read, nothing else', async () => {
    a = await startMotor('edi-a', 'worker', { ...ediEnv, TEST_HOLD_ETTER_EDI_ANVENDT: klar.msgId });
    const annet = ploXml({
      type: 'HENVISNING',
      genDate: lokal(20),
      avsender: MO_MEDISINSK,
      mottaker: RANA_PLO,
      ...pasient,
      hendelser: [],
      innhold: '<Henvisning xmlns="http://www.kith.no/xmlstds/henvisning/2017-11-30"/>',
    });
    const id1 = leggInn(innlagt.xml, 8101001);
    const id2 = leggInn(annet.xml, 8101001);
    const id3 = leggInn('dette er ikke XML', 8101001);
    for (const id of [id1, id2, id3]) await venterPa(lest(id), 180_000, `melding ${id} lest`);

    expect(kvitteringer(id1)).toEqual([{ status: 'Ok', koder: [] }]);
    expect(kvitteringer(id2)).toEqual([{ status: 'Rejected', koder: ['T10'] }]);
    expect(kvitteringer(id3)).toEqual([{ status: 'Rejected', koder: ['T01'] }]);
    // The Avvist ones changed nothing: no forløp, no hendelse from them.
    const avvist = await s.pool.query("SELECT msg_id, status, anvendt FROM plo_melding WHERE msg_id = $1 AND forlop_id IS NULL AND status = 'avvist'", [
      annet.msgId,
    ]);
    expect(avvist.rowCount).toBe(1);

    // The same message again (a sender's resend: a new message on the server, the same MsgId): the same receipt, nothing applied twice.
    const igjen = leggInn(innlagt.xml, 8101001);
    await venterPa(lest(igjen), 180_000, 'den sendte meldingen igjen lest');
    expect(kvitteringer(igjen)).toEqual([{ status: 'Ok', koder: [] }]);
    expect((await s.pool.query('SELECT 1 FROM plo_melding WHERE msg_id = $1', [innlagt.msgId])).rowCount).toBe(1);

    forlopId = await forlopFor(innlagt.msgId);
    const f = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${forlopId}`);
    expect(f.status).toBe(200);
    expect(f.body.hendelser.map((h: { type: string }) => h.type)).toEqual(['INNLAGT', 'INNLEGGELSESMELDING_SENDT']);
    expect(f.body.hendelser[1].kilde).toEqual({ type: 'PLO', msgId: innlagt.msgId });
  }, 300_000);

  test('a worker killed between the apply and the receipt: the next applies nothing again and receipts once', async () => {
    const id = leggInn(klar.xml, 8101001);
    // Worker a holds once the message is applied and its receipt stored, before it is posted.
    await venterPa(
      async () => {
        const r = await s.pool.query("SELECT 1 FROM edi_mottak WHERE melding_id = $1 AND kvittering_status = 'Ok'", [id]);
        return r.rowCount ? true : undefined;
      },
      180_000,
      'meldingen anvendt',
    );
    // Applied: the hendelse is stored; not receipted: the server has no receipt and the message is unread.
    const anvendt = await s.pool.query("SELECT 1 FROM hendelse WHERE forlop_id = $1 AND type = 'UTSKRIVNINGSKLAR'", [forlopId]);
    expect(anvendt.rowCount).toBe(1);
    expect(msh.meldinger.get(id)!.kvitteringer).toEqual([]);
    await drep(a);
    expect(msh.meldinger.get(id)!).toMatchObject({ lest: false, kvitteringer: [] });

    b = await startMotor('edi-b', 'worker', ediEnv);
    await venterPa(lest(id), 180_000, 'meldingen lest etter omstart');
    expect(kvitteringer(id)).toEqual([{ status: 'Ok', koder: [] }]);
    const h = await s.pool.query('SELECT type, count(*)::int AS n FROM hendelse WHERE forlop_id = $1 GROUP BY type ORDER BY type', [forlopId]);
    expect(h.rows).toEqual([
      { type: 'INNLAGT', n: 1 },
      { type: 'INNLEGGELSESMELDING_SENDT', n: 1 },
      { type: 'UTSKRIVNINGSKLAR', n: 1 },
    ]);
    expect((await s.pool.query('SELECT 1 FROM plo_melding WHERE msg_id = $1', [klar.msgId])).rowCount).toBe(1);
  }, 400_000);

  test("a kommune's answer to a varsel reaches the forløp through a burst of 503s; an answer to nothing of ours is Avvist", async () => {
    const varsel = await s.pool.query<{ id: string }>("SELECT id FROM varsel WHERE forlop_id = $1 AND mottaker_org = '1833' ORDER BY sekvens LIMIT 1", [
      forlopId,
    ]);
    expect(varsel.rowCount).toBe(1);
    const tekst = `Vi har plass på korttidsavdelingen fra i morgen, ring ${unik()}`;
    const svar = dialogSvar(varsel.rows[0].id, tekst);
    const ukjent = dialogSvar(randomUUID(), 'Svar på noe motoren aldri sendte');
    const fra = msh.kall.length;
    msh.feilNeste(12, 503);
    const id = leggInn(svar.xml, 918331);
    const idUkjent = leggInn(ukjent.xml, 918331);
    await venterPa(lest(id), 180_000, 'svaret lest');
    await venterPa(lest(idUkjent), 180_000, 'det ukjente svaret lest');
    expect(msh.kall.slice(fra).filter((k) => k.status === 503).length).toBe(12);
    expect(kvitteringer(id)).toEqual([{ status: 'Ok', koder: [] }]);
    expect(kvitteringer(idUkjent)).toEqual([{ status: 'Rejected', koder: ['E10'] }]);

    const f = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${forlopId}`);
    expect(f.body.dialogmeldinger).toEqual([expect.objectContaining({ svarPaVarsel: varsel.rows[0].id, fra: { org: '1833' }, tema: 'Svar på varsel', tekst })]);
    // Nothing guessed into a hendelse; the text is stored encrypted only.
    expect(f.body.hendelser.map((h: { type: string }) => h.type)).toEqual(['INNLAGT', 'INNLEGGELSESMELDING_SENDT', 'UTSKRIVNINGSKLAR']);
    const lagret = await s.pool.query('SELECT innhold_kryptert FROM forlop_dialogmelding WHERE forlop_id = $1', [forlopId]);
    expect(JSON.stringify(lagret.rows)).not.toContain('korttidsavdelingen');
    expect((await s.pool.query('SELECT 1 FROM forlop_dialogmelding WHERE msg_id = $1', [ukjent.msgId])).rowCount).toBe(0);
  }, 400_000);

  test('a message whose apply always fails is set aside after EDI_MAKS_FORSOK tries, unread and unreceipted; the others go on; prov-igjen brings it back', async () => {
    const ny = () => {
      const p = { fnr: testFnr(), fornavn: `Sigrid${unik()}`, etternavn: `Lien${unik()}` };
      noterNavn(p.fornavn, p.etternavn);
      return ploXml({ type: 'LOG_INNLAGT', genDate: lokal(30), avsender: MO_MEDISINSK, mottaker: RANA_PLO, ...p, hendelser: [{ kode: 1, tid: lokal(120) }] });
    };
    const [gift, neste, senere] = [ny(), ny(), ny()];
    const admin = { rolle: 'admin', org: '' } as const;
    const tilSide = async () => (await s.kall(admin, 'GET', '/api/v1/edi/mottak/feilet')).body.data as Array<{ meldingId: string; forsok: number }>;
    // Worker c's apply throws for `gift` every time, as a bug would; three tries. (Worker b would apply it.)
    const metrikkPort = await ledigPort();
    await b.stopp(5000);
    const c = await startMotor('edi-c', 'worker', {
      ...ediEnv,
      EDI_MAKS_FORSOK: '3',
      TEST_FEIL_VED_EDI_ANVEND: gift.msgId,
      WORKER_METRICS_PORT: String(metrikkPort),
    });
    const giftId = leggInn(gift.xml, 8101001);
    const nesteId = leggInn(neste.xml, 8101001);

    await venterPa(lest(nesteId), 180_000, 'meldingen etter den som feiler lest');
    expect(kvitteringer(nesteId)).toEqual([{ status: 'Ok', koder: [] }]);
    const feilet = await venterPa(async () => (await tilSide()).find((m) => m.meldingId === giftId), 180_000, 'meldingen lagt til side');
    expect(feilet).toEqual({ meldingId: giftId, forsok: 3, sisteFeil: expect.stringContaining('TEST_FEIL_VED_EDI_ANVEND'), tidspunkt: expect.any(String) });
    // Left on the server unread and without a receipt; nothing of it applied.
    expect(msh.meldinger.get(giftId)).toMatchObject({ lest: false, kvitteringer: [] });
    expect((await s.pool.query('SELECT 1 FROM plo_melding WHERE msg_id = $1', [gift.msgId])).rowCount).toBe(0);
    // Later rounds pass it by: a message after it is taken, and it is not tried again.
    const senereId = leggInn(senere.xml, 8101001);
    await venterPa(lest(senereId), 180_000, 'en senere melding lest');
    expect((await tilSide()).find((m) => m.meldingId === giftId)?.forsok).toBe(3);

    const api = await fetch(`${s.baseUrl}/metrics`).then((r) => r.text());
    expect(api).toContain(`utskrivningsforlop_edi_mottak_feilet ${(await tilSide()).length}`);
    const arbeider = await fetch(`http://127.0.0.1:${metrikkPort}/metrics`).then((r) => r.text());
    expect(arbeider).toContain('utskrivningsforlop_edi_mottak_feil_total{art="permanent"} 3');

    // The cause fixed (a worker without the fault), an admin sends it back: applied and receipted once.
    await c.stopp(5000);
    await startMotor('edi-d', 'worker', ediEnv);
    expect((await s.kall(admin, 'POST', `/api/v1/edi/mottak/${giftId}/prov-igjen`)).status).toBe(204);
    await venterPa(lest(giftId), 180_000, 'meldingen tatt igjen og lest');
    expect(kvitteringer(giftId)).toEqual([{ status: 'Ok', koder: [] }]);
    expect((await s.pool.query('SELECT 1 FROM plo_melding WHERE msg_id = $1', [gift.msgId])).rowCount).toBe(1);
    expect((await tilSide()).some((m) => m.meldingId === giftId)).toBe(false);
    expect((await s.kall(admin, 'POST', `/api/v1/edi/mottak/${giftId}/prov-igjen`)).status).toBe(404);
  }, 600_000);

  test("the poller's history holds message ids and statuses, no document: no fødselsnummer, name or answer, even decrypted", async () => {
    // Every run of the workflow (continueAsNew makes more than one): each run's history, its payloads decrypted.
    const tekster: string[] = [];
    const codec = new KrypteringsCodec(s.pasientNokkel);
    for await (const run of s.client.workflow.list({ query: `WorkflowId = '${ediMottakWorkflowId(MOTOR_HER)}'` })) {
      const historikk = await s.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      const payloads: Payload[] = [];
      const samle = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(samle);
        else if (v && typeof v === 'object') {
          if ('data' in v && 'metadata' in v) payloads.push(v as Payload);
          else Object.values(v).forEach(samle);
        }
      };
      samle(historikk.events);
      tekster.push(allePayloadBytes(await codec.decode(payloads)));
    }
    const klar = tekster.join('\n');
    // The receipt statuses are there in plain text: the check reads the decrypted history.
    expect(klar).toContain('"Rejected"');
    for (const ord of [pasient.fnr, pasient.fornavn, pasient.etternavn, 'korttidsavdelingen']) expect(klar).not.toContain(ord);
  });

  test('every call to the message server carried a valid DPoP proof: no refusal but the nonce each new key is asked for', () => {
    const avvist = msh.kall.filter((k) => k.status === 401 || k.status === 400);
    expect(avvist.every((k) => k.feil === 'use_dpop_nonce')).toBe(true);
    // One nonce per worker process (each makes its own DPoP key).
    expect(avvist.length).toBeLessThanOrEqual(barn.length * 2);
    expect(msh.kall.filter((k) => k.status < 300).length).toBeGreaterThan(10);
  });
});
