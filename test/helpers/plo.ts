/**
 * The project's own PLO test messages: MsgHead v1.2 with a Pasientlogistikk v1.6 or v1.5
 * document, written as the hospital's EPJ sends them (shaped after Helsedirektoratet's public
 * examples; fictitious persons, test fødselsnummer from the tests' own generator).
 */
import { randomUUID } from 'node:crypto';
import type { PloType, PloVersjon } from '../../plo/melding';
import { PLO_TYPER, PLO_VERSJONER } from '../../plo/melding';
import { DIALOG_NS } from '../../nhn/dialogmelding';

export interface TestHendelse {
  kode: number;
  /** As sent: a local date-time without offset, or a date. */
  tid: string;
  anslag?: boolean;
  merknad?: string;
}

export interface TestMelding {
  type: PloType | string;
  versjon?: PloVersjon;
  msgId?: string;
  genDate: string;
  /** HER-ids: the institution, then the unit. */
  avsender: [string, string?];
  mottaker: [string, string?];
  fnr?: string | null;
  fnrType?: string;
  fornavn?: string;
  etternavn?: string;
  hendelser: TestHendelse[];
  status?: 'N' | 'C';
  refToParent?: string;
  utTil?: string;
  uttilstand?: string;
  avdeling?: string;
  /** Replaces the Pasientlogistikk element (a wrong document). */
  innhold?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function org(her: [string, string?], navn: [string, string]): string {
  const enhet = her[1]
    ? `<Organisation><OrganisationName>${esc(navn[1])}</OrganisationName><Ident><Id>${her[1]}</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.9051"/></Ident></Organisation>`
    : '';
  return `<Organisation><OrganisationName>${esc(navn[0])}</OrganisationName><Ident><Id>${her[0]}</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.9051"/></Ident>${enhet}</Organisation>`;
}

/** The message as XML, and its MsgId. */
export function ploXml(m: TestMelding): { xml: string; msgId: string } {
  const msgId = m.msgId ?? randomUUID();
  const v = PLO_VERSJONER[m.versjon ?? '1.6'];
  const element = PLO_TYPER[m.type as PloType] ?? 'UkjentMelding';
  const hendelser = m.hendelser
    .map(
      (h) => `
          <TidsfestetHendelse>
            <Hendelsekode V="${h.kode}" S="2.16.578.1.12.4.1.1.9121"/>
            <TidspunktForHendelse V="${h.tid}"/>
            <Anslag>${h.anslag ? 'true' : 'false'}</Anslag>${h.merknad ? `\n            <Merknad>${esc(h.merknad)}</Merknad>` : ''}
          </TidsfestetHendelse>`,
    )
    .join('');
  const utskrevetTil = m.utTil
    ? `<UtskrevetTil>${m.uttilstand ? `<Uttilstand V="${m.uttilstand}" S="2.16.578.1.12.4.1.1.8431"/>` : ''}<UtTil V="${m.utTil}" S="2.16.578.1.12.4.1.1.8408"/></UtskrevetTil>`
    : '';
  const dokument =
    m.innhold ??
    `<p1:Pasientlogistikk xmlns:p1="${v.dokument}" xmlns="${v.komponent}" xmlns:fk1="http://www.kith.no/xmlstds/felleskomponent1">
          <InformasjonOmForsendelsen><Forsendelsesstatus V="${m.status ?? 'N'}"/></InformasjonOmForsendelsen>
          <TilknyttetEnhet><Kontaktenhet><fk1:OrganisationName>${esc(m.avdeling ?? 'Medisinsk avdeling')}</fk1:OrganisationName>
            <fk1:TeleCom><fk1:TypeTelecom V="HP"/><fk1:TeleAddress V="tel:75125000"/></fk1:TeleCom></Kontaktenhet></TilknyttetEnhet>
          <p1:${element}>${utskrevetTil}${hendelser}
          </p1:${element}>
        </p1:Pasientlogistikk>`;
  const ref = m.refToParent
    ? `<ConversationRef><RefToParent>${m.refToParent}</RefToParent><RefToConversation>${m.refToParent}</RefToConversation></ConversationRef>`
    : '';
  const ident = m.fnr === null ? '' : `<Ident><Id>${m.fnr ?? ''}</Id><TypeId V="${m.fnrType ?? 'FNR'}" S="2.16.578.1.12.4.1.1.8116"/></Ident>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Testmelding med fiktive personer -->
<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <MsgInfo>
    <Type V="${esc(m.type)}"/>
    <MIGversion>v1.2 2006-05-24</MIGversion>
    <GenDate>${m.genDate}</GenDate>
    <MsgId>${esc(msgId)}</MsgId>${ref}
    <Sender>${org(m.avsender, ['Helgelandssykehuset HF', m.avdeling ?? 'Medisinsk avdeling'])}</Sender>
    <Receiver>${org(m.mottaker, ['Mottaker kommune', 'Saksbehandler PLO'])}</Receiver>
    <Patient>
      <FamilyName>${esc(m.etternavn ?? 'Testesen')}</FamilyName>
      <GivenName>${esc(m.fornavn ?? 'Test')}</GivenName>
      ${ident}
    </Patient>
  </MsgInfo>
  <Document>
    <RefDoc>
      <IssueDate V="${m.genDate}"/>
      <MsgType V="XML"/>
      <Content>
        ${dokument}
      </Content>
    </RefDoc>
  </Document>
</MsgHead>
`;
  return { xml, msgId };
}

/**
 * A kommune's Svar på forespørsel: a Dialogmelding 1.1 whose ConversationRef names our message
 * (a varsel's id), from the kommune's PLO service `avsender` to the engine (HER-id 8199999).
 */
export function lagDialogSvar(o: { refToParent: string; tekst: string; avsender: [string, string]; genDate: string; tema?: string }): {
  xml: string;
  msgId: string;
} {
  const msgId = randomUUID();
  const { refToParent, genDate } = o;
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?><MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24"><MsgInfo>` +
    `<Type V="DIALOG_SVAR" DN="Svar på forespørsel"/><MIGversion>v1.2 2006-05-24</MIGversion><GenDate>${genDate}</GenDate><MsgId>${msgId}</MsgId>` +
    `<ConversationRef><RefToParent>${refToParent}</RefToParent><RefToConversation>${refToParent}</RefToConversation></ConversationRef>` +
    `<Sender>${org(o.avsender, ['Rana kommune', 'Saksbehandler PLO'])}</Sender>` +
    `<Receiver>${org(['8199999'], ['Utskrivningsforløp', ''])}</Receiver>` +
    `</MsgInfo><Document><RefDoc><IssueDate V="${genDate}"/><MsgType V="XML"/><Content><Dialogmelding xmlns="${DIALOG_NS}"><Notat>` +
    `<TemaKodet V="6" S="2.16.578.1.12.4.1.1.7322" DN="Henvendelse om pasient"/><Tema>${esc(o.tema ?? 'Svar på varsel')}</Tema><TekstNotatInnhold>${esc(o.tekst)}</TekstNotatInnhold>` +
    `</Notat></Dialogmelding></Content></RefDoc></Document></MsgHead>`;
  return { xml, msgId };
}
