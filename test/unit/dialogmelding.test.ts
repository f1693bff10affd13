/**
 * A varsel as a Dialogmelding v1.1: parsed back, it is a MsgHead (v1.2 namespace) from the
 * engine's HER-id to the kommune's PLO service, with one Notat in the Dialogmelding 1.1
 * namespace carrying the varsel's text, the forløp id and the frist in Norwegian time, and no
 * Patient: nothing about the patient beyond what the varsel already says.
 */
import { create } from 'xmlbuilder2';
import { DIALOG_NS, MSGHEAD_NS, varselSomDialogmelding, type DialogmeldingValg } from '../../nhn/dialogmelding';
import type { NyttVarsel, VarselType } from '../../workflows/types';

const VALG: DialogmeldingValg = {
  avsender: { herId: 8142519, navn: 'Helgelandssykehuset HF' },
  mottaker: { herId: 8142730, navn: 'Rana kommune', enhet: { herId: 8142733, navn: 'Saksbehandler PLO' } },
  // The night summer time begins: 00:30 UTC is 01:30 in Oslo, an hour later it would be 03:30.
  naa: new Date('2026-03-29T00:30:00Z'),
};

const varsel = (type: VarselType, tekst: string, frist: string | null = '2026-03-29T01:30:00Z'): NyttVarsel => ({
  id: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
  mottakerOrg: '1833',
  type,
  forlopId: '5f5e94d5-d908-476b-a172-a241c52eddb6',
  frist,
  tekst,
});

/** The DOM element xmlbuilder2 parses into, as far as the test reads it (no DOM lib in this project). */
interface Element {
  namespaceURI: string | null;
  localName: string;
  textContent: string | null;
  parentElement: Element | null;
  getAttribute(navn: string): string | null;
  getElementsByTagNameNS(ns: string, navn: string): ArrayLike<Element>;
}

/** The parsed document's elements by namespace and local name. */
function les(xml: string) {
  const rot = create(xml).root().node as unknown as Element;
  const alle = (ns: string, navn: string, i: Element = rot) => Array.from(i.getElementsByTagNameNS(ns, navn));
  const en = (ns: string, navn: string, i: Element = rot) => {
    const e = alle(ns, navn, i);
    if (e.length !== 1) throw new Error(`${navn}: ${e.length} elementer`);
    return e[0];
  };
  const herIder = (i: Element) =>
    alle(MSGHEAD_NS, 'Ident', i)
      .filter((id) => en(MSGHEAD_NS, 'TypeId', id).getAttribute('V') === 'HER')
      .map((id) => en(MSGHEAD_NS, 'Id', id).textContent);
  return { rot, alle, en, herIder };
}

test.each([
  ['PAMINNELSE', 'Påminnelse: svar på innleggelsesmeldingen. Frist 29.03.2026 kl. 03:30.'],
  ['FRIST_BRUTT', 'Frist brutt (KOMMUNE_SVAR_INNLAGT): kommunen svarer på innleggelsesmeldingen'],
  ['AVVIK', 'Samhandlingsavvik meldt: epikrise & PLL mangler <ved utskrivning>'],
  ['ESKALERING', 'Eskalering (KOMMUNE_SVAR_INNLAGT): Fortsatt ikke løst.'],
  ['OVERLIGGERDOGN', 'Overliggerdøgn påløper fra 30.03.2026.'],
] as const)('%s parses back as a Dialogmelding 1.1 in a MsgHead from the engine to the PLO service', (type, tekst) => {
  const xml = varselSomDialogmelding(varsel(type, tekst), VALG);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const { rot, alle, en, herIder } = les(xml);
  expect([rot.namespaceURI, rot.localName]).toEqual([MSGHEAD_NS, 'MsgHead']);

  const info = en(MSGHEAD_NS, 'MsgInfo');
  expect(en(MSGHEAD_NS, 'Type', info).getAttribute('V')).toBe('DIALOG_NOTAT');
  expect(en(MSGHEAD_NS, 'MsgId', info).textContent).toBe('1b4e28ba-2fa1-41d2-883f-0016d3cca427');
  expect(en(MSGHEAD_NS, 'GenDate', info).textContent).toBe('2026-03-29T01:30:00');
  expect(herIder(en(MSGHEAD_NS, 'Sender'))).toEqual(['8142519']);
  expect(herIder(en(MSGHEAD_NS, 'Receiver'))).toEqual(['8142730', '8142733']);
  expect(alle(MSGHEAD_NS, 'Patient')).toEqual([]);

  const dialog = en(DIALOG_NS, 'Dialogmelding');
  expect(dialog.parentElement?.localName).toBe('Content');
  const notat = en(DIALOG_NS, 'Notat', dialog);
  expect(en(DIALOG_NS, 'TemaKodet', notat).getAttribute('S')).toBe('2.16.578.1.12.4.1.1.7322');
  expect(en(DIALOG_NS, 'TekstNotatInnhold', notat).textContent).toBe(`${tekst} Frist: 29.03.2026 03:30. Forløp: 5f5e94d5-d908-476b-a172-a241c52eddb6.`);
  // No fødselsnummer-like number anywhere in it.
  expect(xml).not.toMatch(/(?<!\d)\d{11}(?!\d)/);
});

test('a varsel without a frist says none; the same varsel gives the same bytes (a retried send is the same message)', () => {
  const v = varsel('OVERLIGGERDOGN', 'Overliggerdøgn påløper.', null);
  const xml = varselSomDialogmelding(v, VALG);
  expect(les(xml).en(DIALOG_NS, 'TekstNotatInnhold').textContent).toBe('Overliggerdøgn påløper. Forløp: 5f5e94d5-d908-476b-a172-a241c52eddb6.');
  expect(varselSomDialogmelding(v, VALG)).toBe(xml);
});
