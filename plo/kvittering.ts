/**
 * The applikasjonskvittering (AppRec v1.1) the engine answers each message with, and its reader.
 * Pure: the caller gives the receipt's id and time, so the same message always gets the same
 * receipt (a repeat, or a retry after a crash, is answered with identical bytes).
 *
 * Status (kodeverk 8220): 1 OK, 2 Avvist. Each error is a kith:CV of kodeverk 8221: V the code,
 * DN its name in the kodeverk, OT the engine's own description in bokmål.
 */
import { create } from 'xmlbuilder2';
import { FEILKODER, NS, type Feilkode, type Kvitteringsfeil, type Organisasjon, type PloHode } from './melding';
import { lesXml, barnAv, forsteBarn, sti } from './xml';

const KODEVERK_STATUS = '2.16.578.1.12.4.1.1.8220';
const KODEVERK_FEIL = '2.16.578.1.12.4.1.1.8221';
const KODEVERK_HER = '2.16.578.1.12.4.1.1.9051';

export const KVITTERING_STATUS = { ok: '1', avvist: '2' } as const;
export type KvitteringStatus = keyof typeof KVITTERING_STATUS;
const STATUS_NAVN: Record<KvitteringStatus, string> = { ok: 'OK', avvist: 'Avvist' };

export interface KvitteringInn {
  /** The receipt's own id and time (GenDate, ISO 8601 with offset). */
  id: string;
  tidspunkt: string;
  /** The engine, as the original's receiver (HER-id and name from the address table). */
  avsender: { herId: string; navn: string };
  original: PloHode;
  status: KvitteringStatus;
  feil: Kvitteringsfeil[];
}

type Node = ReturnType<typeof create>;

function inst(node: Node, org: Organisasjon): void {
  const i = node.ele('HCP').ele('Inst');
  if (org.navn[0]) i.ele('Name').txt(org.navn[0]);
  if (org.herIder[0]) {
    i.ele('Id').txt(org.herIder[0]);
    i.ele('TypeId', { V: 'HER', DN: 'HER-id', S: KODEVERK_HER });
  }
  for (let n = 1; n < org.herIder.length; n++) {
    const d = i.ele('Dept');
    if (org.navn[n]) d.ele('Name').txt(org.navn[n]);
    if (org.herIder[n]) {
      d.ele('Id').txt(org.herIder[n]);
      d.ele('TypeId', { V: 'HER', DN: 'HER-id', S: KODEVERK_HER });
    }
  }
}

/** The AppRec document for one message. */
export function lagKvittering(k: KvitteringInn): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const a = doc.ele(NS.appRec, 'AppRec');
  a.ele('MsgType', { V: 'APPREC' });
  a.ele('MIGversion').txt('v1.1 2012-02-15');
  a.ele('SoftwareName').txt('utskrivningsforlop');
  a.ele('GenDate').txt(k.tidspunkt);
  a.ele('Id').txt(k.id);
  inst(a.ele('Sender'), { herIder: [k.avsender.herId], navn: [k.avsender.navn] });
  inst(a.ele('Receiver'), k.original.avsender);
  a.ele('Status', { V: KVITTERING_STATUS[k.status], DN: STATUS_NAVN[k.status], S: KODEVERK_STATUS });
  for (const f of k.feil) a.ele('Error', { V: f.kode, DN: FEILKODER[f.kode], S: KODEVERK_FEIL, OT: f.tekst });
  const o = a.ele('OriginalMsgId');
  o.ele('MsgType', { V: k.original.type });
  o.ele('IssueDate').txt(k.original.genDate ?? k.original.genDateRa);
  o.ele('Id').txt(k.original.msgId);
  return doc.end({ prettyPrint: true });
}

export interface LestKvittering {
  id: string;
  status: KvitteringStatus;
  originalMsgId: string;
  originalType: string;
  originalIssueDate: string;
  feil: Array<{ kode: Feilkode | string; navn: string; tekst: string }>;
}

/** Reads an AppRec v1.1 (its namespace checked); throws when it is none. */
export function lesKvittering(xml: string): LestKvittering {
  const rot = lesXml(xml);
  const ns = NS.appRec;
  if (rot.ns !== ns || rot.navn !== 'AppRec') throw new Error(`Ikke en AppRec v1.1 (${rot.navn} i ${rot.ns || 'intet navnerom'})`);
  const v = forsteBarn(rot, ns, 'Status')?.attr.V;
  const status = (Object.keys(KVITTERING_STATUS) as KvitteringStatus[]).find((s) => KVITTERING_STATUS[s] === v);
  if (!status) throw new Error(`Ukjent kvitteringsstatus ${v ?? '(mangler)'}`);
  const o = forsteBarn(rot, ns, 'OriginalMsgId');
  const originalMsgId = forsteBarn(o, ns, 'Id')?.tekst;
  if (!originalMsgId) throw new Error('AppRec mangler OriginalMsgId/Id');
  return {
    id: forsteBarn(rot, ns, 'Id')?.tekst ?? '',
    status,
    originalMsgId,
    originalType: sti(o, ns, 'MsgType')?.attr.V ?? '',
    originalIssueDate: forsteBarn(o, ns, 'IssueDate')?.tekst ?? '',
    feil: barnAv(rot, ns, 'Error').map((e) => ({ kode: e.attr.V ?? '', navn: e.attr.DN ?? '', tekst: e.attr.OT ?? '' })),
  };
}
