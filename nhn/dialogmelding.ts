/**
 * A varsel as a Dialogmelding v1.1 (namespace http://www.kith.no/xmlstds/dialog/2013-01-23)
 * in a MsgHead v1.2, from the engine's HER-id to the kommune's PLO service: a Notat whose Tema
 * names the varsel and whose text is the varsel's own text, with the forløp's id and the frist.
 * The MsgHead carries no Patient: nothing about the patient goes beyond what the varsel already
 * tells the kommune on its webhook and feed (the forløp id, the text). Pure: the same varsel gives
 * the same bytes, so a retried send is the same message (its MsgId is the varsel's id).
 *
 * Codes: MsgInfo/Type DIALOG_NOTAT (kodeverk 8279); TemaKodet kodeverk 7322 value 6 "Henvendelse
 * om pasient", as in Helsedirektoratet's Dialogmelding 1.1 example. Check both against the
 * kommune's EPJ supplier before production: the PLO profile may prefer another theme code.
 */
import { DateTime } from 'luxon';
import { create } from 'xmlbuilder2';
import type { NyttVarsel, VarselType } from '../workflows/types';

export const MSGHEAD_NS = 'http://www.kith.no/xmlstds/msghead/2006-05-24';
export const DIALOG_NS = 'http://www.kith.no/xmlstds/dialog/2013-01-23';
const HER_OID = '2.16.578.1.12.4.1.1.9051';
const TEMA_OID = '2.16.578.1.12.4.1.1.7322';
const SONE = 'Europe/Oslo';

/** An organisation in Adresseregisteret: its HER-id and name, the service (a unit) under it if any. */
export interface Adresse {
  herId: number;
  navn: string;
  enhet?: { herId: number; navn: string };
}

export interface DialogmeldingValg {
  avsender: Adresse;
  /** The kommune and its PLO service (Saksbehandler PLO, Sykepleietjeneste PLO). */
  mottaker: Adresse;
  /** When the message is made (GenDate, local Norwegian time without offset). */
  naa: Date;
}

/** The Tema each varsel type is shown under in the EPJ's inbox. */
export const VARSEL_TEMA: Record<VarselType, string> = {
  INNLEGGELSESMELDING: 'Melding om innlagt pasient',
  UTSKRIVNINGSKLAR: 'Pasienten er meldt utskrivningsklar',
  PAMINNELSE: 'Påminnelse om frist i utskrivningsforløp',
  FRIST_BRUTT: 'Frist brutt i utskrivningsforløp',
  ESKALERING: 'Eskalering: samhandlingsavvik ikke løst',
  OVERLIGGERDOGN: 'Overliggerdøgn',
  AVVIK: 'Samhandlingsavvik',
  KARTLEGGING: 'Kartlegging (Trygt hjem)',
  UTSKREVET: 'Pasienten er utskrevet',
};

const lokalTid = (d: Date | string, format: string): string => DateTime.fromJSDate(typeof d === 'string' ? new Date(d) : d, { zone: SONE }).toFormat(format);

type Node = ReturnType<typeof create>;

function organisasjon(forelder: Node, a: Adresse): void {
  const o = forelder.ele('Organisation');
  o.ele('OrganisationName').txt(a.navn);
  const i = o.ele('Ident');
  i.ele('Id').txt(String(a.herId));
  i.ele('TypeId', { V: 'HER', S: HER_OID, DN: 'HER-id' });
  if (a.enhet) {
    const e = o.ele('Organisation');
    e.ele('OrganisationName').txt(a.enhet.navn);
    const ei = e.ele('Ident');
    ei.ele('Id').txt(String(a.enhet.herId));
    ei.ele('TypeId', { V: 'HER', S: HER_OID, DN: 'HER-id' });
  }
}

/** The varsel as a MsgHead with one Dialogmelding Notat, UTF-8 and declared so (the message server demands it). */
export function varselSomDialogmelding(v: NyttVarsel, valg: DialogmeldingValg): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const head = doc.ele(MSGHEAD_NS, 'MsgHead');
  const info = head.ele('MsgInfo');
  info.ele('Type', { V: 'DIALOG_NOTAT', DN: 'Notat' });
  info.ele('MIGversion').txt('v1.2 2006-05-24');
  info.ele('GenDate').txt(lokalTid(valg.naa, "yyyy-MM-dd'T'HH:mm:ss"));
  info.ele('MsgId').txt(v.id);
  organisasjon(info.ele('Sender'), valg.avsender);
  organisasjon(info.ele('Receiver'), valg.mottaker);

  const ref = head.ele('Document').ele('RefDoc');
  ref.ele('IssueDate', { V: lokalTid(valg.naa, "yyyy-MM-dd'T'HH:mm:ss") });
  ref.ele('MsgType', { V: 'XML', DN: 'XML-instans' });
  const notat = ref.ele('Content').ele(DIALOG_NS, 'Dialogmelding').ele('Notat');
  notat.ele('TemaKodet', { V: '6', S: TEMA_OID, DN: 'Henvendelse om pasient' });
  notat.ele('Tema').txt(VARSEL_TEMA[v.type]);
  const frist = v.frist ? ` Frist: ${lokalTid(v.frist, 'dd.MM.yyyy HH:mm')}.` : '';
  notat.ele('TekstNotatInnhold').txt(`${v.tekst}${frist} Forløp: ${v.forlopId}.`);
  notat.ele('DokIdNotat').txt(v.id);
  notat.ele('DatoNotat').txt(lokalTid(valg.naa, 'yyyy-MM-dd'));
  return doc.end({ prettyPrint: false });
}
