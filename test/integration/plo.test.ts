/**
 * PLO-meldinger through HTTP against the real engine (Temporal + PostgreSQL): every logistics
 * type in both versions, a kansellering, out-of-order arrival, duplicates, a repeat after a lost
 * answer, and each refusal. Every receipt the tests receive is read as an AppRec v1.1.
 */
import { DateTime } from 'luxon';
import { lesKvittering, type LestKvittering } from '../../plo/kvittering';
import { forlopWorkflowId } from '../../workflows/definitions';
import { allePayloadBytes } from '../helpers/historikk';
import { noterNavn } from '../helpers/logg';
import { ploXml, type TestMelding } from '../helpers/plo';
import { forlopBody, HEMNES, RANA, SAMHANDLING, SYKEHUS, startStack, testFnr, type Stack } from '../helpers/stack';
import type { Principal } from '../../workflows/types';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stopp();
});

// The seeded address table (db/seed/helgeland.json): HSYK (8100000), its Mo i Rana units (8101xxx),
// Rana kommune (918330) and its Saksbehandler PLO (918331), Hemnes (918320).
const MO_MEDISINSK: [string, string] = ['8100000', '8101001'];
const MO_MOTTAK: [string, string] = ['8100000', '8101000'];
const SSJ_MEDISINSK: [string, string] = ['8100000', '8102001'];
const RANA_PLO: [string, string] = ['918330', '918331'];
const ADMIN: Principal = { rolle: 'admin', org: 'admin' };

/** Local Norwegian time without offset, as an EPJ writes GenDate, `minutter` ago. */
const lokal = (minutter: number): string => DateTime.now().setZone('Europe/Oslo').minus({ minutes: minutter }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
const iso = (lokalTid: string): string => DateTime.fromISO(lokalTid, { zone: 'Europe/Oslo' }).toISO({ suppressMilliseconds: true })!;

let teller = 0;
/** A fictitious patient with a name no log may hold (noted for the scan, like the fødselsnummer). */
function pasient(fodselsar?: number): { fnr: string; fornavn: string; etternavn: string } {
  const unik = `${Date.now().toString(36)}${(teller++).toString(36)}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]);
  const p = { fnr: testFnr(fodselsar), fornavn: `Solveig${unik}`, etternavn: `Nordvik${unik}` };
  noterNavn(p.fornavn, p.etternavn);
  return p;
}

type Pasient = ReturnType<typeof pasient>;

function melding(p: Pasient, o: Partial<TestMelding> & Pick<TestMelding, 'type' | 'hendelser'>): TestMelding {
  return { genDate: lokal(60), avsender: MO_MEDISINSK, mottaker: RANA_PLO, fnr: p.fnr, fornavn: p.fornavn, etternavn: p.etternavn, ...o };
}

interface Svar {
  status: number;
  tekst: string;
  type: string | null;
  kvittering: LestKvittering | null;
  ms: number;
}

async function post(av: Principal, xml: string, contentType = 'application/xml'): Promise<Svar> {
  const t0 = performance.now();
  const res = await fetch(`${s.baseUrl}/api/v1/plo/meldinger`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await s.token(av.rolle, av.org)}`, 'content-type': contentType },
    body: xml,
  });
  const tekst = await res.text();
  const type = res.headers.get('content-type');
  // Every receipt the tests receive parses as an AppRec v1.1.
  const kvittering = res.status === 200 ? lesKvittering(tekst) : null;
  return { status: res.status, tekst, type, kvittering, ms: performance.now() - t0 };
}

/** Sends a message and expects a receipt naming it; returns the receipt and the MsgId. */
async function send(m: TestMelding, av: Principal = SYKEHUS): Promise<LestKvittering & { msgId: string; xml: string; ra: string }> {
  const { xml, msgId } = ploXml(m);
  const r = await post(av, xml);
  expect(r.status).toBe(200);
  expect(r.type).toMatch(/^application\/xml/);
  expect(r.kvittering!.originalMsgId).toBe(msgId);
  expect(r.kvittering!.originalType).toBe(m.type);
  return { ...r.kvittering!, msgId, xml, ra: r.tekst };
}

/** The log row of a message, as samhandling sees it. */
async function logg(msgId: string): Promise<any> {
  const r = await s.kall(SAMHANDLING, 'GET', '/api/v1/plo/meldinger?limit=200');
  expect(r.status).toBe(200);
  return r.body.data.find((x: { msgId: string }) => x.msgId === msgId);
}

async function forlopFor(msgId: string): Promise<any> {
  const rad = await logg(msgId);
  expect(rad?.forlopId).toEqual(expect.any(String));
  const f = await s.kall(SAMHANDLING, 'GET', `/api/v1/forlop/${rad.forlopId}`);
  expect(f.status).toBe(200);
  return f.body;
}

const antallForlop = async (): Promise<number> => Number((await s.pool.query('SELECT count(*) AS n FROM forlop')).rows[0].n);

describe('each logistics type', () => {
  test.each(['1.6', '1.5'] as const)('LOG_INNLAGT v%s starts the forløp at Hendelsekode 1, the melding at GenDate, with the name', async (versjon) => {
    const p = pasient();
    const innlagt = lokal(180);
    const genDate = lokal(170);
    const k = await send(melding(p, { type: 'LOG_INNLAGT', versjon, genDate, hendelser: [{ kode: 1, tid: innlagt }], avdeling: 'Medisinsk avdeling Mo' }));
    expect(k.status).toBe('ok');
    expect(k.feil).toEqual([]);
    expect(k.originalIssueDate).toBe(iso(genDate));
    const f = await forlopFor(k.msgId);
    expect(f).toMatchObject({
      status: 'innlagt',
      pasient: { fnr: p.fnr, navn: { fornavn: p.fornavn, etternavn: p.etternavn } },
      sykehus: 'HSYK-MO',
      oppholdskommune: '1833',
      avdeling: 'Medisinsk avdeling Mo',
      innlagtTidspunkt: iso(innlagt),
      antattBehovKommunaleTjenester: true,
    });
    expect(f.hendelser.map((h: any) => [h.type, h.tidspunkt, h.av, h.kilde])).toEqual([
      ['INNLAGT', iso(innlagt), SYKEHUS, { type: 'PLO', msgId: k.msgId }],
      ['INNLEGGELSESMELDING_SENDT', iso(genDate), SYKEHUS, { type: 'PLO', msgId: k.msgId }],
    ]);
    // The name is shown to whom the forløp is shown: in the ward's and the kommune's lists too.
    for (const hvem of [SYKEHUS, RANA]) {
      const liste = await s.kall(hvem, 'GET', '/api/v1/forlop?status=innlagt&limit=200');
      expect(liste.body.data.find((x: any) => x.id === f.id)?.pasient.navn).toEqual({ fornavn: p.fornavn, etternavn: p.etternavn });
    }
    // Never in plain text in the workflow's history.
    const ra = allePayloadBytes(await s.client.workflow.getHandle(forlopWorkflowId(f.id)).fetchHistory());
    expect(ra).not.toContain(p.fnr);
    expect(ra).not.toContain(p.fornavn);
    expect(ra).not.toContain(p.etternavn);
  });

  test.each(['1.6', '1.5'] as const)(
    'v%s: LOG_UTSKRIVNINGSKLAR, the kommune answers, LOG_UTSKREVET to a sykehjem; LOG_AVMELDING in another stay',
    async (versjon) => {
      const p = pasient();
      const innlagt = lokal(600);
      const hk1 = { kode: 1, tid: innlagt };
      const inn = await send(melding(p, { type: 'LOG_INNLAGT', versjon, genDate: lokal(590), hendelser: [hk1] }));
      const klarGen = lokal(120);
      const klar = await send(
        melding(p, { type: 'LOG_UTSKRIVNINGSKLAR', versjon, genDate: klarGen, hendelser: [hk1, { kode: 3, tid: klarGen.slice(0, 10), anslag: false }] }),
      );
      expect(klar.status).toBe('ok');
      let f = await forlopFor(inn.msgId);
      expect(f.status).toBe('utskrivningsklar');
      const u = f.hendelser.find((h: any) => h.type === 'UTSKRIVNINGSKLAR');
      // Assessed that day (a date alone, the melding's own day): at the melding's time.
      expect(u).toMatchObject({ tidspunkt: iso(klarGen), vurdertTidspunkt: iso(klarGen), kilde: { type: 'PLO', msgId: klar.msgId } });
      expect(u.vurdering).toEqual({
        problemstillingerVedInnleggelseAvklart: true,
        ovrigeProblemstillingerAvklart: true,
        uavklarteProblemstillingerAngitt: true,
        funksjonsnivaaVurdert: true,
      });
      // What no message carries is still registered in the engine.
      const svar = await s.kall(RANA, 'POST', `/api/v1/forlop/${f.id}/hendelser`, {
        type: 'KOMMUNESVAR',
        tidspunkt: new Date().toISOString(),
        kanTaImot: true,
      });
      expect(svar.status).toBe(200);
      expect(svar.body.hendelser.at(-1).kilde).toBeUndefined();
      const utTid = lokal(2);
      const ut = await send(
        melding(p, { type: 'LOG_UTSKREVET', versjon, genDate: lokal(1), hendelser: [{ kode: 2, tid: utTid }], utTil: '11', uttilstand: '1' }),
      );
      expect(ut.status).toBe('ok');
      f = await forlopFor(inn.msgId);
      expect(f).toMatchObject({ status: 'utskrevet', destinasjon: 'korttidsopphold', utskrevetTidspunkt: iso(utTid) });

      // Another patient: meldt, then avmeldt.
      const q = pasient();
      const hk1b = { kode: 1, tid: lokal(300) };
      const inn2 = await send(melding(q, { type: 'LOG_INNLAGT', versjon, genDate: lokal(299), hendelser: [hk1b] }));
      await send(melding(q, { type: 'LOG_UTSKRIVNINGSKLAR', versjon, genDate: lokal(200), hendelser: [hk1b, { kode: 3, tid: lokal(201) }] }));
      const av = await send(
        melding(q, { type: 'LOG_AVMELDING', versjon, genDate: lokal(100), hendelser: [hk1b, { kode: 4, tid: lokal(100), merknad: 'Ny infeksjon' }] }),
      );
      expect(av.status).toBe('ok');
      const g = await forlopFor(inn2.msgId);
      expect(g.status).toBe('innlagt');
      expect(g.hendelser.at(-1)).toMatchObject({ type: 'UTSKRIVNINGSKLAR_AVMELDT', arsak: 'Ny infeksjon', kilde: { type: 'PLO', msgId: av.msgId } });
    },
  );

  test("LOG_UTSKREVET before the kommune answers: the patient left; the unanswered frist stays brutt, or is bortfalt; the ward's own UTSKREVET then is 409, its meldtAvEpj 400", async () => {
    const kommunesvar = (f: any) => f.frister.find((x: any) => x.id === 'KOMMUNESVAR');
    // Meldt ten hours ago (the kommune's frist long broken) and twenty minutes ago (not yet due); neither answered.
    const stay = async (meldtFor: number) => {
      const p = pasient();
      const hk1 = { kode: 1, tid: lokal(1500) };
      const inn = await send(melding(p, { type: 'LOG_INNLAGT', genDate: lokal(1490), hendelser: [hk1] }));
      const klarGen = lokal(meldtFor);
      await send(melding(p, { type: 'LOG_UTSKRIVNINGSKLAR', genDate: klarGen, hendelser: [hk1, { kode: 3, tid: klarGen.slice(0, 10), anslag: false }] }));
      return { p, inn, f: await forlopFor(inn.msgId) };
    };
    const sen = await stay(600);
    const tidlig = await stay(20);
    expect([sen.f.status, tidlig.f.status]).toEqual(['utskrivningsklar', 'utskrivningsklar']);
    expect(kommunesvar(sen.f).status).toBe('brutt');
    expect(kommunesvar(tidlig.f).status).toBe('aktiv');

    // The ward may not discharge a patient the kommune has not answered for, nor claim the EPJ's word.
    const body = { type: 'UTSKREVET', tidspunkt: new Date().toISOString(), destinasjon: 'hjem' };
    expect((await s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${sen.f.id}/hendelser`, body)).status).toBe(409);
    expect((await s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${sen.f.id}/hendelser`, { ...body, meldtAvEpj: true })).status).toBe(400);

    for (const { p, inn } of [sen, tidlig]) {
      const utTid = lokal(2);
      const ut = await send(melding(p, { type: 'LOG_UTSKREVET', genDate: lokal(1), hendelser: [{ kode: 2, tid: utTid }], utTil: '1' }));
      expect(ut.status).toBe('ok');
      expect(ut.feil).toEqual([]);
      const f = await forlopFor(inn.msgId);
      expect(f).toMatchObject({ status: 'utskrevet', destinasjon: 'hjem_med_tjenester', utskrevetTidspunkt: iso(utTid) });
      expect(f.hendelser.at(-1)).toMatchObject({ type: 'UTSKREVET', kilde: { type: 'PLO', msgId: ut.msgId } });
    }
    expect(kommunesvar(await forlopFor(sen.inn.msgId)).status).toBe('brutt');
    expect(kommunesvar(await forlopFor(tidlig.inn.msgId)).status).toBe('bortfalt');
  });

  test('LOG_DOD from the kommune ends the open forløp; for a patient with none it is recorded, not refused', async () => {
    const p = pasient();
    const inn = await send(melding(p, { type: 'LOG_INNLAGT', genDate: lokal(299), hendelser: [{ kode: 1, tid: lokal(300) }] }));
    const dod = await send(melding(p, { type: 'LOG_DOD', avsender: RANA_PLO, mottaker: MO_MOTTAK, hendelser: [{ kode: 13, tid: lokal(10) }] }), RANA);
    expect(dod.status).toBe('ok');
    const f = await forlopFor(inn.msgId);
    expect(f.status).toBe('avsluttet');
    expect(f.hendelser.at(-1)).toMatchObject({ type: 'DOD', av: RANA, kilde: { type: 'PLO', msgId: dod.msgId } });

    const ukjent = pasient();
    const foer = await antallForlop();
    const k = await send(melding(ukjent, { type: 'LOG_DOD', avsender: RANA_PLO, mottaker: MO_MOTTAK, hendelser: [{ kode: 13, tid: lokal(10) }] }), RANA);
    expect(k).toMatchObject({ status: 'ok', feil: [] });
    expect(await antallForlop()).toBe(foer);
    expect(await logg(k.msgId)).toMatchObject({ status: 'ok', anvendt: false, merknad: expect.stringContaining('ikke noe åpent forløp'), forlopId: null });
  });
});

describe('kansellering', () => {
  test('a cancelled LOG_INNLAGT: the forløp is avbrutt, registered in error', async () => {
    const p = pasient();
    const inn = await send(melding(p, { type: 'LOG_INNLAGT', genDate: lokal(100), hendelser: [{ kode: 1, tid: lokal(110) }] }));
    const c = await send(
      melding(p, { type: 'LOG_INNLAGT', status: 'C', refToParent: inn.msgId, genDate: lokal(90), hendelser: [{ kode: 1, tid: lokal(110) }] }),
    );
    expect(c.status).toBe('ok');
    const f = await forlopFor(inn.msgId);
    expect(f.status).toBe('avbrutt');
    expect(f.hendelser.at(-1)).toMatchObject({ type: 'FORLOP_AVBRUTT', arsak: expect.stringContaining(inn.msgId), kilde: { type: 'PLO', msgId: c.msgId } });
    expect(await logg(inn.msgId)).toMatchObject({ kansellertAv: c.msgId });
  });

  test('a late kansellering of LOG_UTSKRIVNINGSKLAR avmelds it, after other messages', async () => {
    const p = pasient();
    const hk1 = { kode: 1, tid: lokal(500) };
    const inn = await send(melding(p, { type: 'LOG_INNLAGT', genDate: lokal(499), hendelser: [hk1] }));
    const klar = await send(melding(p, { type: 'LOG_UTSKRIVNINGSKLAR', genDate: lokal(300), hendelser: [hk1, { kode: 3, tid: lokal(301) }] }));
    const c = await send(
      melding(p, { type: 'LOG_UTSKRIVNINGSKLAR', status: 'C', refToParent: klar.msgId, genDate: lokal(50), hendelser: [hk1, { kode: 3, tid: lokal(301) }] }),
    );
    expect(c.status).toBe('ok');
    const f = await forlopFor(inn.msgId);
    expect(f.status).toBe('innlagt');
    expect(f.hendelser.map((h: any) => h.type)).toEqual(['INNLAGT', 'INNLEGGELSESMELDING_SENDT', 'UTSKRIVNINGSKLAR', 'UTSKRIVNINGSKLAR_AVMELDT']);
  });

  test('a kansellering of an unknown message is Avvist E10; of a discharge, Avvist X99; nothing changes', async () => {
    const p = pasient();
    const ukjent = await send(melding(p, { type: 'LOG_INNLAGT', status: 'C', refToParent: 'aldri-sendt-0000', hendelser: [{ kode: 1, tid: lokal(110) }] }));
    expect(ukjent.status).toBe('avvist');
    expect(ukjent.feil.map((x) => x.kode)).toEqual(['E10']);
    expect(ukjent.feil[0].tekst).toContain('aldri-sendt-0000');

    const inn = await send(melding(p, { type: 'LOG_INNLAGT', genDate: lokal(299), hendelser: [{ kode: 1, tid: lokal(300) }] }));
    const ut = await send(melding(p, { type: 'LOG_UTSKREVET', genDate: lokal(5), hendelser: [{ kode: 2, tid: lokal(6) }], utTil: '1' }));
    const foer = await forlopFor(inn.msgId);
    expect(foer).toMatchObject({ status: 'utskrevet', destinasjon: 'hjem_med_tjenester' });
    const c = await send(
      melding(p, { type: 'LOG_UTSKREVET', status: 'C', refToParent: ut.msgId, genDate: lokal(1), hendelser: [{ kode: 2, tid: lokal(6) }], utTil: '1' }),
    );
    expect(c.status).toBe('avvist');
    expect(c.feil).toEqual([{ kode: 'X99', navn: 'Annen feil', tekst: expect.stringContaining('kan ikke trekkes tilbake') }]);
    const etter = await forlopFor(inn.msgId);
    expect(etter.hendelser).toEqual(foer.hendelser);
    expect(etter.status).toBe('utskrevet');
  });
});

describe('out of order and duplicates', () => {
  test('utskrivningsklar before innlagt ends in the same forløp as in order', async () => {
    // Born the same year: the kartlegging criteria (age among them) include both alike.
    const iRekkefolge = pasient(1941);
    const baklengs = pasient(1941);
    const tider = { innlagt: lokal(400), innGen: lokal(390), klarGen: lokal(100), klarDag: lokal(101) };
    const meldinger = (p: Pasient) => ({
      inn: melding(p, { type: 'LOG_INNLAGT', genDate: tider.innGen, hendelser: [{ kode: 1, tid: tider.innlagt }] }),
      klar: melding(p, {
        type: 'LOG_UTSKRIVNINGSKLAR',
        genDate: tider.klarGen,
        hendelser: [
          { kode: 1, tid: tider.innlagt },
          { kode: 3, tid: tider.klarDag },
        ],
      }),
    });
    const a = meldinger(iRekkefolge);
    const aInn = await send(a.inn);
    await send(a.klar);
    const b = meldinger(baklengs);
    const bKlar = await send(b.klar);
    const bInn = await send(b.inn);
    const fa = await forlopFor(aInn.msgId);
    const fb = await forlopFor(bInn.msgId);
    expect((await logg(bKlar.msgId)).forlopId).toBe(fb.id);
    const sammenlign = (f: any) => ({
      status: f.status,
      innlagtTidspunkt: f.innlagtTidspunkt,
      avdeling: f.avdeling,
      hendelser: f.hendelser.map((h: any) => [h.type, h.tidspunkt]).sort(),
      frister: f.frister.map((x: any) => [x.id, x.status, x.frist]).sort(),
    });
    expect(sammenlign(fb)).toEqual(sammenlign(fa));
    expect(fa.status).toBe('utskrivningsklar');
  });

  test('the same MsgId again: the same receipt, byte for byte, nothing twice; also after an answer lost in a crash', async () => {
    const p = pasient();
    const m = melding(p, { type: 'LOG_INNLAGT', genDate: lokal(50), hendelser: [{ kode: 1, tid: lokal(60) }] });
    const forste = await send(m);
    const f = await forlopFor(forste.msgId);
    const igjen = await post(SYKEHUS, forste.xml);
    expect(igjen.tekst).toBe(forste.ra);
    expect((await forlopFor(forste.msgId)).hendelser).toEqual(f.hendelser);

    // The state a crash between the write and the answer leaves: the effect applied, the receipt not stored.
    await s.pool.query("UPDATE plo_melding SET status = 'mottatt', kvittering = NULL, anvendt = NULL, forlop_id = NULL WHERE msg_id = $1", [forste.msgId]);
    const etterKrasj = await post(SYKEHUS, forste.xml);
    expect(etterKrasj.tekst).toBe(forste.ra);
    const g = await forlopFor(forste.msgId);
    expect(g.id).toBe(f.id);
    expect(g.hendelser).toEqual(f.hendelser);
    const n = await s.pool.query('SELECT count(*) AS n FROM forlop f JOIN plo_melding m ON m.pasient_id = f.pasient_id WHERE m.msg_id = $1', [forste.msgId]);
    expect(Number(n.rows[0].n)).toBe(1);
  });

  test('the same admission sent again under a new MsgId goes to the same forløp', async () => {
    const p = pasient();
    const hk1 = { kode: 1, tid: lokal(80) };
    const a = await send(melding(p, { type: 'LOG_INNLAGT', genDate: lokal(79), hendelser: [hk1] }));
    const b = await send(melding(p, { type: 'LOG_INNLAGT', genDate: lokal(70), hendelser: [hk1] }));
    expect((await logg(b.msgId)).forlopId).toBe((await logg(a.msgId)).forlopId);
  });
});

describe('what bad input gets', () => {
  const problem = (r: Svar, status: number) => {
    expect(r.status).toBe(status);
    expect(r.type).toMatch(/^application\/problem\+json/);
    return JSON.parse(r.tekst);
  };

  test('not well-formed, or not a MsgHead: 400 problem+json', async () => {
    expect(problem(await post(SYKEHUS, '<MsgHead><MsgInfo></MsgHead>'), 400).type).toMatch(/ugyldig-xml$/);
    expect(problem(await post(SYKEHUS, '<Dialogmelding xmlns="http://www.kith.no/xmlstds/dialog/2013-01-23"/>'), 400).detail).toContain('MsgHead');
  });

  test('an external entity or an entity bomb: 400 within a second, nothing read, the service unaffected', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE MsgHead [<!ENTITY x SYSTEM "file:///etc/passwd">]><MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24"><MsgInfo><MsgId>&x;</MsgId><Type V="LOG_INNLAGT"/></MsgInfo></MsgHead>`;
    const r1 = await post(SYKEHUS, xxe);
    expect(problem(r1, 400).detail).toContain('DOCTYPE');
    expect(r1.tekst).not.toContain('root:');
    expect(r1.ms).toBeLessThan(1000);
    const lag = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const bombe = `<?xml version="1.0"?><!DOCTYPE MsgHead [<!ENTITY l0 "ha">${lag}]><MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24">&l9;</MsgHead>`;
    const r2 = await post(SYKEHUS, bombe);
    problem(r2, 400);
    expect(r2.ms).toBeLessThan(1000);
    // The next message is taken as usual.
    expect((await send(melding(pasient(), { type: 'LOG_INNLAGT', hendelser: [{ kode: 1, tid: lokal(70) }] }))).status).toBe('ok');
  });

  test('another content type: 415; beyond the size limit: 413', async () => {
    problem(await post(SYKEHUS, '{"a":1}', 'application/json'), 415);
    const stor = ploXml(melding(pasient(), { type: 'LOG_INNLAGT', hendelser: [{ kode: 1, tid: lokal(70) }] })).xml.replace(
      '</MsgHead>',
      `<!--${'x'.repeat(300 * 1024)}--></MsgHead>`,
    );
    problem(await post(SYKEHUS, stor), 413);
  });

  test('a sender HER-id that is not the caller’s: 403, nothing recorded', async () => {
    const { xml, msgId } = ploXml(melding(pasient(), { type: 'LOG_INNLAGT', avsender: SSJ_MEDISINSK, hendelser: [{ kode: 1, tid: lokal(70) }] }));
    expect(problem(await post(SYKEHUS, xml), 403).detail).toContain('HSYK-MO');
    expect(problem(await post(RANA, xml), 403).status).toBe(403);
    expect((await s.pool.query('SELECT 1 FROM plo_melding WHERE msg_id = $1', [msgId])).rows).toEqual([]);
  });

  test.each([
    ['an unknown receiver', { mottaker: ['999999', '999998'] as [string, string] }, 'E21'],
    ['a missing fødselsnummer', { fnr: null }, 'E30'],
    ['a wrong fødselsnummer', { fnr: '01017012344' }, 'E31'],
    ['an unsupported type', { type: 'DIALOG_NOTAT' }, 'T10'],
    ['another standard in the document', { innhold: '<Dialogmelding xmlns="http://www.kith.no/xmlstds/dialog/2013-01-23"/>' }, 'T10'],
  ])('%s: Avvist %s, nothing changed', async (_hva, overstyr, kode) => {
    const foer = await antallForlop();
    const k = await send(melding(pasient(), { type: 'LOG_INNLAGT', hendelser: [{ kode: 1, tid: lokal(70) }], ...(overstyr as Partial<TestMelding>) }));
    expect(k.status).toBe('avvist');
    expect(k.feil.map((f) => f.kode)).toEqual([kode]);
    expect(k.feil[0].tekst.length).toBeGreaterThan(10);
    expect(await antallForlop()).toBe(foer);
    expect(await logg(k.msgId)).toMatchObject({ status: 'avvist', anvendt: false, feil: [{ kode, tekst: k.feil[0].tekst }] });
  });
});

describe('the message log and the address table', () => {
  test('samhandling sees all, each party its own; the forløp only in scope', async () => {
    const p = pasient();
    const k = await send(melding(p, { type: 'LOG_INNLAGT', hendelser: [{ kode: 1, tid: lokal(70) }] }));
    const finn = async (hvem: Principal) =>
      (await s.kall(hvem, 'GET', '/api/v1/plo/meldinger?limit=200&type=LOG_INNLAGT&status=ok')).body.data.find((x: any) => x.msgId === k.msgId);
    const sam = await finn(SAMHANDLING);
    expect(sam).toMatchObject({
      type: 'LOG_INNLAGT',
      versjon: '1.6',
      avsender: { herId: '8100000', org: 'HSYK-MO' },
      mottaker: { org: '1833' },
      status: 'ok',
      anvendt: true,
    });
    expect((await finn(SYKEHUS)).forlopId).toBe(sam.forlopId);
    expect((await finn(RANA)).forlopId).toBe(sam.forlopId);
    expect(await finn(HEMNES)).toBeUndefined();
    expect((await s.kall({ rolle: 'kartleggingsteam', org: 'KT-RANA' }, 'GET', '/api/v1/plo/meldinger')).status).toBe(403);
    expect((await s.kall(SAMHANDLING, 'GET', '/api/v1/plo/meldinger?status=kanskje')).status).toBe(400);
    // Paged, newest first, without repeats.
    const side1 = await s.kall(SAMHANDLING, 'GET', '/api/v1/plo/meldinger?limit=2');
    const side2 = await s.kall(SAMHANDLING, 'GET', `/api/v1/plo/meldinger?limit=2&cursor=${side1.body.nesteCursor}`);
    const ider = [...side1.body.data, ...side2.body.data].map((x: any) => x.msgId);
    expect(new Set(ider).size).toBe(4);
    expect(side1.body.data[0].mottatt >= side2.body.data[0].mottatt).toBe(true);
  });

  test('admin reads and edits the address table; others may not; an unknown org is refused', async () => {
    const alle = await s.kall(ADMIN, 'GET', '/api/v1/konfigurasjon/adresser');
    expect(alle.status).toBe(200);
    expect(alle.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ herId: '918330', org: '1833' }), expect.objectContaining({ org: 'MOTOR' })]),
    );
    expect((await s.kall(SYKEHUS, 'GET', '/api/v1/konfigurasjon/adresser')).status).toBe(403);
    const her = String(70000000 + Math.floor(Math.random() * 1e6));
    expect((await s.kall(ADMIN, 'PUT', `/api/v1/konfigurasjon/adresser/${her}`, { org: '1832', navn: 'Hemnes kommune, testenhet' })).status).toBe(201);
    expect((await s.kall(ADMIN, 'PUT', `/api/v1/konfigurasjon/adresser/${her}`, { org: '1832', navn: 'Hemnes kommune, omdøpt' })).status).toBe(200);
    expect((await s.kall(ADMIN, 'PUT', `/api/v1/konfigurasjon/adresser/${her}`, { org: 'OSLO', navn: 'x' })).status).toBe(400);
    expect((await s.kall(ADMIN, 'PUT', '/api/v1/konfigurasjon/adresser/abc', { org: '1832', navn: 'x' })).status).toBe(400);
    // A message to the new address reaches Hemnes.
    const k = await send(melding(pasient(), { type: 'LOG_INNLAGT', mottaker: [her, her], hendelser: [{ kode: 1, tid: lokal(70) }] }));
    expect((await logg(k.msgId)).mottaker.org).toBe('1832');
  });

  test('POST /forlop takes the name too, and GET /forlop/{id} shows it', async () => {
    const p = pasient();
    const body = forlopBody({ pasient: { fnr: p.fnr, navn: { fornavn: p.fornavn, etternavn: p.etternavn } }, kartlegging: { inkludert: true } });
    const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', body);
    expect(r.status).toBe(201);
    expect(r.body.pasient).toEqual({ fnr: p.fnr, navn: { fornavn: p.fornavn, etternavn: p.etternavn } });
    expect((await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${r.body.id}`)).body.pasient.navn).toEqual({ fornavn: p.fornavn, etternavn: p.etternavn });
    // The kartleggingsteam's worklist shows who the patient is: name and fødselsnummer.
    const liste = await s.kall({ rolle: 'kartleggingsteam', org: 'KT-RANA' }, 'GET', '/api/v1/kartleggingsteam/KT-RANA/arbeidsliste?limit=200');
    expect(liste.body.data.find((x: any) => x.forlopId === r.body.id)?.pasient).toEqual({ fnr: p.fnr, navn: { fornavn: p.fornavn, etternavn: p.etternavn } });
    const uten = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody());
    expect(uten.body.pasient.navn).toBeNull();
    const lagret = await s.pool.query('SELECT navn_kryptert FROM pasient p JOIN forlop f ON f.pasient_id = p.id WHERE f.id = $1', [r.body.id]);
    expect(lagret.rows[0].navn_kryptert).not.toContain(p.fornavn);
  });
});
