/**
 * PLO messages read as a health integration must (plo/xml.ts, plo/les.ts), their local times in
 * Europe/Oslo (plo/tid.ts), and the AppRec v1.1 each gets (plo/kvittering.ts).
 */
import { lagKvittering, lesKvittering } from '../../plo/kvittering';
import { IkkeMsgHead, lesPloMelding } from '../../plo/les';
import { NS, type PloMelding } from '../../plo/melding';
import { lesLokalTid } from '../../plo/tid';
import { MAKS_XML_BYTE, XmlFeil } from '../../plo/xml';
import { ploXml, type TestMelding } from '../helpers/plo';

const FNR = '01017012343'; // a test number (control digits valid), used in pasient.test.ts too

const innlagt = (o: Partial<TestMelding> = {}): TestMelding => ({
  type: 'LOG_INNLAGT',
  genDate: '2026-03-02T10:11:54',
  avsender: ['8100000', '8101001'],
  mottaker: ['918330', '918331'],
  fnr: FNR,
  fornavn: 'Roland',
  etternavn: 'Gundersen',
  hendelser: [{ kode: 1, tid: '2026-03-02T08:15:00' }],
  ...o,
});

function lest(m: TestMelding): PloMelding {
  const r = lesPloMelding(ploXml(m).xml);
  if (!r.ok) throw new Error(`avvist: ${JSON.stringify(r.feil)}`);
  return r.melding;
}

function feilkoder(m: TestMelding): string[] {
  const r = lesPloMelding(ploXml(m).xml);
  if (r.ok) throw new Error('ble ikke avvist');
  return r.feil.map((f) => f.kode);
}

describe('lesLokalTid: local times without offset are Europe/Oslo', () => {
  test.each([
    ['2026-01-15T10:00:00', '2026-01-15T10:00:00+01:00', 'winter time'],
    ['2026-07-15T10:00:00', '2026-07-15T10:00:00+02:00', 'summer time'],
    // Spring: 02:00–02:59 does not exist on 29 March 2026; the wall clock's 02:30 is 03:30 summer time.
    ['2026-03-29T01:59:59', '2026-03-29T01:59:59+01:00', 'the last second before the spring change'],
    ['2026-03-29T02:30:00', '2026-03-29T03:30:00+02:00', 'inside the spring gap'],
    ['2026-03-29T03:00:00', '2026-03-29T03:00:00+02:00', 'after the spring change'],
    // Autumn: 02:00–02:59 on 25 October 2026 happens twice; the first (summer time) is read.
    ['2026-10-25T01:59:59', '2026-10-25T01:59:59+02:00', 'before the autumn change'],
    ['2026-10-25T02:30:00', '2026-10-25T02:30:00+02:00', 'the repeated autumn hour (first occurrence)'],
    ['2026-10-25T03:00:00', '2026-10-25T03:00:00+01:00', 'after the autumn change'],
    ['2026-03-02T00:00:00', '2026-03-02T00:00:00+01:00', 'midnight'],
    ['2026-12-31T23:59:59', '2026-12-31T23:59:59+01:00', 'the last second of the year'],
    ['2027-01-01T00:00:00', '2027-01-01T00:00:00+01:00', 'the first instant of the year'],
    ['2026-07-15T08:00:00Z', '2026-07-15T10:00:00+02:00', 'with Z: that instant'],
    ['2026-07-15T10:00:00+01:00', '2026-07-15T11:00:00+02:00', 'with an offset: that instant'],
  ])('%s → %s (%s)', (inn, ut) => {
    expect(lesLokalTid(inn)).toEqual({ iso: ut, datoAlene: false, dato: ut.slice(0, 10) });
  });

  test('a date alone is the start of that day in Oslo, marked as a date', () => {
    expect(lesLokalTid('2026-03-29')).toEqual({ iso: '2026-03-29T00:00:00+01:00', datoAlene: true, dato: '2026-03-29' });
    expect(lesLokalTid('2026-10-25')).toEqual({ iso: '2026-10-25T00:00:00+02:00', datoAlene: true, dato: '2026-10-25' });
  });

  test.each(['', '2026-02-30', '2026-02-30T10:00:00', '02.03.2026', '2026-03-02 10:00', 'i går'])('no time: «%s»', (v) => {
    expect(lesLokalTid(v)).toBeNull();
  });
});

describe('lesPloMelding: the five logistics messages, both versions', () => {
  test.each(['1.6', '1.5'] as const)('LOG_INNLAGT v%s: head, patient, hendelse, ward', (versjon) => {
    const m = lest(innlagt({ versjon, msgId: 'b088a160-0698-11e8-b566-0800200c9a66' }));
    expect(m).toMatchObject({
      msgId: 'b088a160-0698-11e8-b566-0800200c9a66',
      type: 'LOG_INNLAGT',
      versjon,
      genDate: '2026-03-02T10:11:54+01:00',
      forsendelsesstatus: 'N',
      refToParent: null,
      avsender: { herIder: ['8100000', '8101001'] },
      mottaker: { herIder: ['918330', '918331'] },
      pasient: { fnr: FNR, fornavn: 'Roland', etternavn: 'Gundersen' },
      avdeling: 'Medisinsk avdeling',
      utskrevetTil: null,
    });
    expect(m.hendelser).toEqual([{ kode: 1, tidspunkt: '2026-03-02T08:15:00+01:00', datoAlene: false, dato: '2026-03-02', anslag: false, merknad: null }]);
  });

  test('LOG_UTSKRIVNINGSKLAR with an estimated day', () => {
    const m = lest(
      innlagt({
        type: 'LOG_UTSKRIVNINGSKLAR',
        hendelser: [
          { kode: 1, tid: '2026-03-02T08:15:00' },
          { kode: 3, tid: '2026-03-04', anslag: true },
        ],
      }),
    );
    expect(m.hendelser.map((h) => [h.kode, h.tidspunkt, h.datoAlene, h.anslag])).toEqual([
      [1, '2026-03-02T08:15:00+01:00', false, false],
      [3, '2026-03-04T00:00:00+01:00', true, true],
    ]);
  });

  test('LOG_AVMELDING keeps the merknad', () => {
    const m = lest(innlagt({ type: 'LOG_AVMELDING', hendelser: [{ kode: 4, tid: '2026-03-04', merknad: 'Endret helsetilstand' }] }));
    expect(m.hendelser[0]).toMatchObject({ kode: 4, merknad: 'Endret helsetilstand' });
  });

  test('LOG_UTSKREVET reads UtskrevetTil (8408) and Uttilstand (8431)', () => {
    const m = lest(innlagt({ type: 'LOG_UTSKREVET', hendelser: [{ kode: 2, tid: '2026-03-05T12:00:00' }], utTil: '11', uttilstand: '1' }));
    expect(m.utskrevetTil).toEqual({ utTil: '11', uttilstand: '1' });
  });

  test('LOG_DOD', () => {
    expect(lest(innlagt({ type: 'LOG_DOD', hendelser: [{ kode: 13, tid: '2026-03-06' }] })).hendelser[0].kode).toBe(13);
  });

  test('a kansellering names the cancelled message', () => {
    const m = lest(innlagt({ status: 'C', refToParent: 'b088a160-0698-11e8-b566-0800200c9a66' }));
    expect(m).toMatchObject({ forsendelsesstatus: 'C', refToParent: 'b088a160-0698-11e8-b566-0800200c9a66' });
  });

  test('text is decoded: the five entities and character references', () => {
    const m = lest(innlagt({ avdeling: 'Hjerte & lunge <A>' }));
    expect(m.avdeling).toBe('Hjerte & lunge <A>');
    const xml = ploXml(innlagt()).xml.replace('Medisinsk avdeling</fk1:OrganisationName>', 'Medisinsk avdeling &#216;st&#x2F;&amp;</fk1:OrganisationName>');
    const r = lesPloMelding(xml);
    expect(r.ok && r.melding.avdeling).toBe('Medisinsk avdeling Øst/&');
  });
});

describe('lesPloMelding: what the engine cannot use is Avvist with its code', () => {
  test('missing fødselsnummer: E30', () => expect(feilkoder(innlagt({ fnr: null }))).toEqual(['E30']));
  test('an identifier of another kind only: E30', () => expect(feilkoder(innlagt({ fnrType: 'HPR' }))).toEqual(['E30']));
  test('wrong fødselsnummer: E31', () => expect(feilkoder(innlagt({ fnr: '01017012344' }))).toEqual(['E31']));
  test('a D-nummer is a patient identifier', () => expect(lest(innlagt({ fnr: '41017012337', fnrType: 'DNR' })).pasient.fnr).toBe('41017012337'));
  test('an unsupported type: T10', () => expect(feilkoder(innlagt({ type: 'DIALOG_NOTAT' }))).toEqual(['T10']));
  test('a document of another version or standard: T10', () => {
    expect(feilkoder(innlagt({ innhold: '<Dialogmelding xmlns="http://www.kith.no/xmlstds/dialog/2013-01-23"/>' }))).toEqual(['T10']);
    expect(feilkoder(innlagt({ innhold: '<p:Pasientlogistikk xmlns:p="http://www.kith.no/xmlstds/po/Pasientlogistikk/2006-01-01"/>' }))).toEqual(['T10']);
  });
  test("the type's element missing: T02", () => {
    const xml = ploXml(innlagt()).xml.replace(/MeldingInnlagtPasient/g, 'MeldingUtskrivningsklarPasient');
    const r = lesPloMelding(xml);
    expect(!r.ok && r.feil.map((f) => f.kode)).toEqual(['T02']);
  });
  test("the type's Hendelsekode missing: T02, naming it", () => {
    const r = lesPloMelding(ploXml(innlagt({ type: 'LOG_UTSKRIVNINGSKLAR', hendelser: [{ kode: 1, tid: '2026-03-02T08:15:00' }] })).xml);
    expect(!r.ok && r.feil).toEqual([{ kode: 'T02', tekst: expect.stringContaining('hendelsekode 3') }]);
  });
  test('an impossible time: T02', () => expect(feilkoder(innlagt({ hendelser: [{ kode: 1, tid: '2026-02-30T08:00:00' }] }))).toEqual(['T02']));
  test('an unreadable GenDate: T02', () => expect(feilkoder(innlagt({ genDate: 'mandag' }))).toEqual(['T02']));
  test('a kansellering without RefToParent: E10', () => expect(feilkoder(innlagt({ status: 'C' }))).toEqual(['E10']));
  test('LOG_UTSKREVET without UtTil: T02', () => {
    expect(feilkoder(innlagt({ type: 'LOG_UTSKREVET', hendelser: [{ kode: 2, tid: '2026-03-05' }] }))).toEqual(['T02']);
  });
  test('every problem is named at once', () => {
    expect(feilkoder(innlagt({ fnr: '12345678901', genDate: 'x', hendelser: [] }))).toEqual(['T02', 'E31', 'T02']);
  });
  test('an error text never holds the fødselsnummer', () => {
    const r = lesPloMelding(ploXml(innlagt({ fnr: '01017012344' })).xml);
    expect(JSON.stringify(r.ok ? null : r.feil)).not.toContain('01017012344');
  });
});

describe('lesPloMelding: no message to receipt', () => {
  test('not XML', () => {
    expect(() => lesPloMelding('dette er ikke xml')).toThrow(XmlFeil);
    expect(() => lesPloMelding('<MsgHead><MsgInfo></MsgHead>')).toThrow(XmlFeil);
    expect(() => lesPloMelding('')).toThrow(XmlFeil);
  });
  test('XML but not a MsgHead (another root, another namespace, no MsgId)', () => {
    expect(() => lesPloMelding('<AppRec xmlns="http://www.kith.no/xmlstds/apprec/2012-02-15"/>')).toThrow(IkkeMsgHead);
    expect(() => lesPloMelding('<MsgHead xmlns="urn:annet"><MsgInfo/></MsgHead>')).toThrow(IkkeMsgHead);
    expect(() => lesPloMelding(`<MsgHead xmlns="${NS.msgHead}"><MsgInfo><Type V="LOG_INNLAGT"/></MsgInfo></MsgHead>`)).toThrow(IkkeMsgHead);
  });

  const art = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return e instanceof XmlFeil ? e.art : String(e);
    }
    return 'lest';
  };

  test('an external entity (XXE) is refused unread', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE MsgHead [<!ENTITY x SYSTEM "file:///etc/passwd">]><MsgHead xmlns="${NS.msgHead}"><MsgInfo><MsgId>&x;</MsgId></MsgInfo></MsgHead>`;
    expect(art(() => lesPloMelding(xxe))).toBe('deklarasjon');
    const nett = `<!DOCTYPE MsgHead SYSTEM "http://127.0.0.1:1/dtd"><MsgHead xmlns="${NS.msgHead}"/>`;
    expect(art(() => lesPloMelding(nett))).toBe('deklarasjon');
  });

  test('an entity bomb is refused at once', () => {
    const lag = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const bombe = `<?xml version="1.0"?><!DOCTYPE b [<!ENTITY l0 "ha">${lag}]><b>&l10;</b>`;
    const t0 = performance.now();
    expect(art(() => lesPloMelding(bombe))).toBe('deklarasjon');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  test('a DOCTYPE in any case or spacing is refused', () => {
    expect(art(() => lesPloMelding(`<!doctype x><x/>`))).toBe('deklarasjon');
    expect(art(() => lesPloMelding(`<?xml version="1.0"?>\n<!DOCTYPE\nx><x/>`))).toBe('deklarasjon');
  });

  test('an entity reference without a declaration is not well-formed', () => {
    expect(art(() => lesPloMelding(`<MsgHead xmlns="${NS.msgHead}">&nbsp;</MsgHead>`))).toBe('ikke-velformet');
  });

  test('beyond the size limit, refused before it is parsed', () => {
    const stor = `<MsgHead xmlns="${NS.msgHead}"><!--${'x'.repeat(MAKS_XML_BYTE)}--></MsgHead>`;
    expect(art(() => lesPloMelding(stor))).toBe('for-stor');
  });

  test('comments and CDATA are fine', () => {
    const xml = ploXml(innlagt()).xml.replace('<MsgIdx', '').replace('</MsgInfo>', '<!-- kommentar --></MsgInfo>');
    expect(lesPloMelding(xml).ok).toBe(true);
  });
});

describe('AppRec v1.1', () => {
  const motor = { herId: '8199999', navn: 'Utskrivningsforløp' };

  test('OK: namespace, OriginalMsgId (id, type, issue date), status 1, no errors; read back', () => {
    const m = lest(innlagt({ msgId: 'b088a160-0698-11e8-b566-0800200c9a66' }));
    const xml = lagKvittering({ id: 'k-1', tidspunkt: '2026-03-02T10:12:00+01:00', avsender: motor, original: m, status: 'ok', feil: [] });
    expect(xml).toContain(`<AppRec xmlns="${NS.appRec}">`);
    expect(lesKvittering(xml)).toEqual({
      id: 'k-1',
      status: 'ok',
      originalMsgId: 'b088a160-0698-11e8-b566-0800200c9a66',
      originalType: 'LOG_INNLAGT',
      originalIssueDate: '2026-03-02T10:11:54+01:00',
      feil: [],
    });
    // Sent to the message's sender, institution and unit.
    expect(xml).toMatch(/<Receiver>[\s\S]*<Id>8100000<\/Id>[\s\S]*<Dept>[\s\S]*<Id>8101001<\/Id>/);
    expect(xml).toMatch(/<Sender>[\s\S]*<Id>8199999<\/Id>[\s\S]*<\/Sender>/);
  });

  test('Avvist: status 2, each error with its kodeverk 8221 code, name and bokmål description', () => {
    const r = lesPloMelding(ploXml(innlagt({ fnr: null, msgId: 'm-2' })).xml);
    if (r.ok) throw new Error('ikke avvist');
    const xml = lagKvittering({ id: 'k-2', tidspunkt: '2026-03-02T10:12:00+01:00', avsender: motor, original: r.hode, status: 'avvist', feil: r.feil });
    const k = lesKvittering(xml);
    expect(k).toMatchObject({ status: 'avvist', originalMsgId: 'm-2', originalType: 'LOG_INNLAGT' });
    expect(k.feil).toEqual([{ kode: 'E30', navn: 'Pasientens fødselsnummer mangler', tekst: expect.stringContaining('fødselsnummer') }]);
    expect(xml).toContain('S="2.16.578.1.12.4.1.1.8221"');
  });

  test('the same input gives the same bytes', () => {
    const m = lest(innlagt({ msgId: 'm-3' }));
    const inn = { id: 'k-3', tidspunkt: '2026-03-02T10:12:00+01:00', avsender: motor, original: m, status: 'ok' as const, feil: [] };
    expect(lagKvittering(inn)).toBe(lagKvittering(inn));
  });

  test('a receipt of another namespace is not an AppRec v1.1', () => {
    expect(() => lesKvittering('<AppRec xmlns="http://www.kith.no/xmlstds/apprec/2004-11-21"><Status V="1"/></AppRec>')).toThrow(/AppRec v1.1/);
  });
});
