/**
 * Writes a PLO logistics message as a hospital's EPJ sends it: MsgHead v1.2 with a
 * Pasientlogistikk v1.6 document (the shape plo/les.ts reads). For the simulator's archive
 * (`npm run simulate -- --plo-ut`); fictitious persons only.
 */
import { PLO_TYPER, PLO_VERSJONER, type PloType } from './melding';

export interface SkrevetHendelse {
  /** Kodeverk 9121. */
  kode: number;
  /** A local Norwegian date-time without offset (yyyy-MM-ddTHH:mm:ss). */
  tid: string;
  merknad?: string;
}

export interface NyMelding {
  type: PloType;
  msgId: string;
  /** Local Norwegian time without offset, as an EPJ writes it. */
  genDate: string;
  /** HER-ids and names: the institution, then the unit. */
  avsender: { herIder: [string, string]; navn: [string, string] };
  mottaker: { herIder: [string, string]; navn: [string, string] };
  pasient: { fnr: string; fornavn: string; etternavn: string };
  avdeling: string;
  hendelser: SkrevetHendelse[];
  /** A kansellering names the message it cancels. */
  kansellerer?: string;
  /** LOG_UTSKREVET: UtTil (kodeverk 8408) and Uttilstand (8431). */
  utskrevetTil?: { utTil: string; uttilstand?: string };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function organisasjon(o: NyMelding['avsender']): string {
  const her = (id: string) => `<Ident><Id>${esc(id)}</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.9051"/></Ident>`;
  return (
    `<Organisation><OrganisationName>${esc(o.navn[0])}</OrganisationName>${her(o.herIder[0])}` +
    `<Organisation><OrganisationName>${esc(o.navn[1])}</OrganisationName>${her(o.herIder[1])}</Organisation></Organisation>`
  );
}

export function ploMeldingXml(m: NyMelding): string {
  const v = PLO_VERSJONER['1.6'];
  const element = PLO_TYPER[m.type];
  const hendelser = m.hendelser
    .map(
      (h) =>
        `<TidsfestetHendelse><Hendelsekode V="${h.kode}" S="2.16.578.1.12.4.1.1.9121"/><TidspunktForHendelse V="${esc(h.tid)}"/>` +
        `<Anslag>false</Anslag>${h.merknad ? `<Merknad>${esc(h.merknad)}</Merknad>` : ''}</TidsfestetHendelse>`,
    )
    .join('');
  const ut = m.utskrevetTil
    ? `<UtskrevetTil>${m.utskrevetTil.uttilstand ? `<Uttilstand V="${esc(m.utskrevetTil.uttilstand)}" S="2.16.578.1.12.4.1.1.8431"/>` : ''}` +
      `<UtTil V="${esc(m.utskrevetTil.utTil)}" S="2.16.578.1.12.4.1.1.8408"/></UtskrevetTil>`
    : '';
  const ref = m.kansellerer
    ? `<ConversationRef><RefToParent>${esc(m.kansellerer)}</RefToParent><RefToConversation>${esc(m.kansellerer)}</RefToConversation></ConversationRef>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <MsgInfo>
    <Type V="${m.type}"/>
    <MIGversion>v1.2 2006-05-24</MIGversion>
    <GenDate>${esc(m.genDate)}</GenDate>
    <MsgId>${esc(m.msgId)}</MsgId>${ref}
    <Sender>${organisasjon(m.avsender)}</Sender>
    <Receiver>${organisasjon(m.mottaker)}</Receiver>
    <Patient><FamilyName>${esc(m.pasient.etternavn)}</FamilyName><GivenName>${esc(m.pasient.fornavn)}</GivenName><Ident><Id>${esc(m.pasient.fnr)}</Id><TypeId V="FNR" S="2.16.578.1.12.4.1.1.8116"/></Ident></Patient>
  </MsgInfo>
  <Document>
    <RefDoc>
      <IssueDate V="${esc(m.genDate)}"/>
      <MsgType V="XML"/>
      <Content>
        <p1:Pasientlogistikk xmlns:p1="${v.dokument}" xmlns="${v.komponent}" xmlns:fk1="http://www.kith.no/xmlstds/felleskomponent1">
          <InformasjonOmForsendelsen><Forsendelsesstatus V="${m.kansellerer ? 'C' : 'N'}"/></InformasjonOmForsendelsen>
          <TilknyttetEnhet><Kontaktenhet><fk1:OrganisationName>${esc(m.avdeling)}</fk1:OrganisationName></Kontaktenhet></TilknyttetEnhet>
          <p1:${element}>${ut}${hendelser}</p1:${element}>
        </p1:Pasientlogistikk>
      </Content>
    </RefDoc>
  </Document>
</MsgHead>
`;
}
