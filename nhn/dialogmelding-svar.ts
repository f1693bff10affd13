/**
 * What a business document from the message server is to the engine, and a kommune's
 * Dialogmelding answer read. Pure.
 *
 *   a MsgHead whose Content is a Dialogmelding v1.1 (http://www.kith.no/xmlstds/dialog/2013-01-23)
 *       a kommune's answer: ConversationRef/RefToParent names the MsgId of our Dialogmelding
 *       (a varsel's id, nhn/dialogmelding.ts), the Notat's text is what the ward reads
 *   any other MsgHead, or what is no MsgHead at all
 *       PLO's reader decides (api/handlinger/plo.ts): a logistics message, or Avvist in its codes
 */
import { IkkeMsgHead, lesHode } from '../plo/les';
import { NS, type Kvitteringsfeil, type PloHode } from '../plo/melding';
import { barnAv, forsteBarn, lesXml, sti, XmlFeil, type XmlElement } from '../plo/xml';
import { DIALOG_NS } from './dialogmelding';

export interface DialogmeldingSvar {
  hode: PloHode;
  /** The MsgId it answers (ConversationRef/RefToParent). */
  refToParent: string;
  /** The Notat's theme and text, as the kommune wrote them. */
  tema: string | null;
  tekst: string;
}

export type LestDialogmelding = { ok: true; svar: DialogmeldingSvar } | { ok: false; hode: PloHode; feil: Kvitteringsfeil[] };

/** The Dialogmelding in a MsgHead's Content, or undefined when the document is something else (or no XML). */
function dialogmeldingI(xml: string): { rot: XmlElement; dok: XmlElement } | undefined {
  let rot: XmlElement;
  try {
    rot = lesXml(xml);
  } catch (e) {
    if (e instanceof XmlFeil) return undefined;
    throw e;
  }
  const dok = sti(rot, NS.msgHead, 'Document', 'RefDoc', 'Content')?.barn[0];
  return rot.ns === NS.msgHead && rot.navn === 'MsgHead' && dok?.ns === DIALOG_NS && dok.navn === 'Dialogmelding' ? { rot, dok } : undefined;
}

/** Whether the document is a Dialogmelding (for the poller to send it here rather than to PLO's reader). */
export const erDialogmelding = (xml: string): boolean => dialogmeldingI(xml) !== undefined;

/** Reads a Dialogmelding answer; Avvist (kodeverk 8221) when it answers nothing or says nothing. */
export function lesDialogmeldingSvar(xml: string): LestDialogmelding {
  const funnet = dialogmeldingI(xml);
  if (!funnet) throw new IkkeMsgHead('Dokumentet er ikke en MsgHead med en Dialogmelding');
  const hode = lesHode(funnet.rot);
  const feil: Kvitteringsfeil[] = [];
  const refToParent = sti(funnet.rot, NS.msgHead, 'MsgInfo', 'ConversationRef', 'RefToParent')?.tekst ?? '';
  if (!refToParent) feil.push({ kode: 'E10', tekst: 'Dialogmeldingen svarer ikke på en melding: ConversationRef/RefToParent mangler' });
  const notater = barnAv(funnet.dok, DIALOG_NS, 'Notat');
  // A Svar på forespørsel may carry its text in Notat or in Foresporsel's answer; the ward reads all of it.
  const tekster = [
    ...notater.map((n) => forsteBarn(n, DIALOG_NS, 'TekstNotatInnhold')?.tekst ?? ''),
    ...barnAv(funnet.dok, DIALOG_NS, 'Foresporsel').map((f) => forsteBarn(f, DIALOG_NS, 'Sporsmal')?.tekst ?? ''),
  ].filter(Boolean);
  if (tekster.length === 0) feil.push({ kode: 'T02', tekst: 'Dialogmeldingen har ingen tekst (Notat/TekstNotatInnhold)' });
  if (hode.avsender.herIder.every((h) => !h)) feil.push({ kode: 'T02', tekst: 'Sender mangler HER-id' });
  if (feil.length) return { ok: false, hode, feil };
  const tema = notater.map((n) => forsteBarn(n, DIALOG_NS, 'Tema')?.tekst).find(Boolean) ?? null;
  return { ok: true, svar: { hode, refToParent, tema, tekst: tekster.join('\n\n') } };
}
