/**
 * Reads one PLO logistics message as it travels: a MsgHead v1.2 whose Document/RefDoc/Content is
 * a Pasientlogistikk v1.6 or v1.5 document. Pure.
 *
 *   not XML, a DOCTYPE or entity, too large     `XmlFeil` (the API's 400/413: nothing to receipt)
 *   XML but not a MsgHead with MsgId and Type   `IkkeMsgHead` (400)
 *   a MsgHead the engine cannot use             { ok: false, hode, feil } (an Avvist AppRec, kodeverk 8221)
 *   a valid logistics message                   { ok: true, melding }
 *
 * Only what the mapping needs is validated, each with its own code and words.
 */
import { fnrGyldig } from '../db/pasient';
import {
  HENDELSEKODE,
  NS,
  PLO_TYPER,
  PLO_VERSJONER,
  type Kvitteringsfeil,
  type LestMelding,
  type Organisasjon,
  type PloHode,
  type PloType,
  type PloVersjon,
  type TidsfestetHendelse,
} from './melding';
import { lesLokalTid } from './tid';
import { barnAv, forsteBarn, lesXml, sti, type XmlElement } from './xml';

export class IkkeMsgHead extends Error {
  constructor(melding: string) {
    super(melding);
    this.name = 'IkkeMsgHead';
  }
}

const MH = NS.msgHead;
/** Kodeverk 8116: the patient identifiers the engine knows (fødselsnummer, D-nummer). */
const PASIENT_ID_TYPER = ['FNR', 'DNR'];
/** A MsgId is the sender's unique id, usually a UUID; a longer one is not an id. */
const MAKS_MSGID = 100;

/** Sender or Receiver: the HER-ids and names of the organisation and its nested units. */
function organisasjon(el: XmlElement | undefined): Organisasjon {
  const herIder: string[] = [];
  const navn: string[] = [];
  let org = forsteBarn(el, MH, 'Organisation');
  while (org) {
    navn.push(forsteBarn(org, MH, 'OrganisationName')?.tekst ?? '');
    const her = barnAv(org, MH, 'Ident').find((i) => forsteBarn(i, MH, 'TypeId')?.attr.V === 'HER');
    herIder.push(forsteBarn(her, MH, 'Id')?.tekst ?? '');
    org = forsteBarn(org, MH, 'Organisation');
  }
  return { herIder, navn };
}

/** The message's head; throws `IkkeMsgHead` when the root is not a MsgHead or lacks MsgId or Type. */
export function lesHode(rot: XmlElement): PloHode {
  if (rot.ns !== MH || rot.navn !== 'MsgHead') {
    throw new IkkeMsgHead(`Rotelementet er ikke MsgHead i ${MH} (fant ${rot.navn}${rot.ns ? ` i ${rot.ns}` : ''})`);
  }
  const info = forsteBarn(rot, MH, 'MsgInfo');
  const msgId = forsteBarn(info, MH, 'MsgId')?.tekst;
  const type = forsteBarn(info, MH, 'Type')?.attr.V;
  if (!info || !msgId || !type) throw new IkkeMsgHead('MsgHead mangler MsgInfo med MsgId og Type');
  const genDateRa = forsteBarn(info, MH, 'GenDate')?.tekst ?? '';
  return {
    msgId,
    type,
    genDateRa,
    genDate: lesLokalTid(genDateRa)?.iso ?? null,
    avsender: organisasjon(forsteBarn(info, MH, 'Sender')),
    mottaker: organisasjon(forsteBarn(info, MH, 'Receiver')),
  };
}

function tidsfestet(el: XmlElement, k: string, feil: Kvitteringsfeil[]): TidsfestetHendelse | null {
  const kode = Number(forsteBarn(el, k, 'Hendelsekode')?.attr.V);
  const raTid = forsteBarn(el, k, 'TidspunktForHendelse')?.attr.V;
  const tid = lesLokalTid(raTid);
  if (!Number.isInteger(kode)) {
    feil.push({ kode: 'T02', tekst: 'TidsfestetHendelse mangler Hendelsekode (kodeverk 9121)' });
    return null;
  }
  if (!tid) {
    feil.push({ kode: 'T02', tekst: `TidspunktForHendelse for hendelsekode ${kode} er ingen gyldig dato eller tid («${raTid ?? ''}»)` });
    return null;
  }
  return {
    kode,
    tidspunkt: tid.iso,
    datoAlene: tid.datoAlene,
    dato: tid.dato,
    anslag: forsteBarn(el, k, 'Anslag')?.tekst === 'true',
    merknad: forsteBarn(el, k, 'Merknad')?.tekst || null,
  };
}

/** The Hendelsekode each type must carry to be of use. */
const PAKREVD: Record<PloType, number> = {
  LOG_INNLAGT: HENDELSEKODE.innlagt,
  LOG_UTSKRIVNINGSKLAR: HENDELSEKODE.utskrivningsklar,
  LOG_AVMELDING: HENDELSEKODE.avmelding,
  LOG_UTSKREVET: HENDELSEKODE.utskrevet,
  LOG_DOD: HENDELSEKODE.dod,
};

/**
 * Reads `xml` as a PLO logistics message. Throws `XmlFeil` or `IkkeMsgHead` when there is no
 * message to receipt; otherwise every problem the mapping would meet is an error with its code.
 */
export function lesPloMelding(xml: string): LestMelding {
  const rot = lesXml(xml);
  const hode = lesHode(rot);
  const feil: Kvitteringsfeil[] = [];
  const avvist = (): LestMelding => ({ ok: false, hode, feil });

  if (hode.msgId.length > MAKS_MSGID || /\s/.test(hode.msgId)) {
    feil.push({ kode: 'E10', tekst: 'MsgId er ingen gyldig meldingsidentifikator (mellomrom, eller over 100 tegn)' });
  }
  if (!(hode.type in PLO_TYPER)) {
    feil.push({ kode: 'T10', tekst: `Meldingstypen ${hode.type} støttes ikke; motoren tar imot ${Object.keys(PLO_TYPER).join(', ')}` });
    return avvist();
  }
  const type = hode.type as PloType;
  if (!hode.genDate) feil.push({ kode: 'T02', tekst: `GenDate er ingen gyldig tid («${hode.genDateRa}»)` });
  if (hode.avsender.herIder.every((h) => !h)) feil.push({ kode: 'T02', tekst: 'Sender mangler HER-id' });

  const info = forsteBarn(rot, MH, 'MsgInfo');
  const pasient = forsteBarn(info, MH, 'Patient');
  const ident = barnAv(pasient, MH, 'Ident').find((i) => PASIENT_ID_TYPER.includes(forsteBarn(i, MH, 'TypeId')?.attr.V ?? ''));
  const fnr = forsteBarn(ident, MH, 'Id')?.tekst ?? '';
  if (!fnr) feil.push({ kode: 'E30', tekst: 'Pasientens fødselsnummer eller D-nummer mangler (Patient/Ident med TypeId FNR eller DNR)' });
  else if (!fnrGyldig(fnr)) feil.push({ kode: 'E31', tekst: 'Pasientens fødselsnummer eller D-nummer er feil (kontrollsifre eller dato)' });

  // The business document, in the version its namespace names.
  const innhold = sti(rot, MH, 'Document', 'RefDoc', 'Content');
  const dok = innhold?.barn[0];
  const versjon = (Object.keys(PLO_VERSJONER) as PloVersjon[]).find((v) => dok?.ns === PLO_VERSJONER[v].dokument && dok.navn === 'Pasientlogistikk');
  if (!dok || !versjon) {
    feil.push({
      kode: 'T10',
      tekst: `Document/RefDoc/Content er ikke et Pasientlogistikk-dokument i versjon 1.6 eller 1.5${dok ? ` (fant ${dok.navn} i ${dok.ns || 'intet navnerom'})` : ''}`,
    });
    return avvist();
  }
  const p = PLO_VERSJONER[versjon].dokument;
  const k = PLO_VERSJONER[versjon].komponent;
  const status = sti(dok, k, 'InformasjonOmForsendelsen', 'Forsendelsesstatus')?.attr.V;
  if (status !== 'N' && status !== 'C') {
    feil.push({ kode: 'T02', tekst: `InformasjonOmForsendelsen/Forsendelsesstatus må være N eller C (fant «${status ?? ''}»)` });
  }
  const refToParent = sti(info, MH, 'ConversationRef', 'RefToParent')?.tekst || null;
  if (status === 'C' && !refToParent) {
    feil.push({ kode: 'E10', tekst: 'En kansellering må nevne meldingen den kansellerer i ConversationRef/RefToParent' });
  }
  const element = forsteBarn(dok, p, PLO_TYPER[type]);
  if (!element) {
    feil.push({ kode: 'T02', tekst: `${type} skal ha elementet ${PLO_TYPER[type]} i Pasientlogistikk-dokumentet` });
    return avvist();
  }
  const rae = barnAv(element, k, 'TidsfestetHendelse');
  const hendelser = rae.map((h) => tidsfestet(h, k, feil)).filter((h): h is TidsfestetHendelse => h !== null);
  // One with an unreadable time is already named.
  if (!rae.some((h) => Number(forsteBarn(h, k, 'Hendelsekode')?.attr.V) === PAKREVD[type])) {
    feil.push({ kode: 'T02', tekst: `${type} mangler TidsfestetHendelse med hendelsekode ${PAKREVD[type]} (kodeverk 9121)` });
  }
  let utskrevetTil = null;
  if (type === 'LOG_UTSKREVET') {
    const u = forsteBarn(element, k, 'UtskrevetTil');
    const utTil = forsteBarn(u, k, 'UtTil')?.attr.V;
    if (!utTil) feil.push({ kode: 'T02', tekst: 'LOG_UTSKREVET mangler UtskrevetTil/UtTil (kodeverk 8408)' });
    else utskrevetTil = { utTil, uttilstand: forsteBarn(u, k, 'Uttilstand')?.attr.V ?? null };
  }
  if (feil.length > 0) return avvist();

  const enhet = sti(dok, k, 'TilknyttetEnhet', 'Kontaktenhet');
  const avdeling = forsteBarn(enhet, NS.felleskomponent1, 'OrganisationName')?.tekst || hode.avsender.navn.slice(1).at(-1) || null;
  return {
    ok: true,
    melding: {
      ...hode,
      type,
      genDate: hode.genDate!,
      versjon,
      forsendelsesstatus: status as 'N' | 'C',
      refToParent,
      pasient: {
        fnr,
        fornavn: forsteBarn(pasient, MH, 'GivenName')?.tekst || null,
        etternavn: forsteBarn(pasient, MH, 'FamilyName')?.tekst || null,
      },
      hendelser,
      utskrevetTil,
      avdeling,
    },
  };
}
