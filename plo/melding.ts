/**
 * What a PLO logistics message is to the engine once read: plain data, no XML. The namespaces
 * and codes are the standard's (MsgHead v1.2, Pasientlogistikk v1.6 and v1.5, AppRec v1.1,
 * kodeverk 8221, 9121, 8408, 8431).
 */

export const NS = {
  msgHead: 'http://www.kith.no/xmlstds/msghead/2006-05-24',
  appRec: 'http://www.kith.no/xmlstds/apprec/2012-02-15',
  felleskomponent1: 'http://www.kith.no/xmlstds/felleskomponent1',
} as const;

/** Pasientlogistikk's document and component namespaces, per version the engine reads. */
export const PLO_VERSJONER = {
  '1.6': {
    dokument: 'http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01',
    komponent: 'http://www.kith.no/xmlstds/po/poKomponent/2012-04-01',
  },
  '1.5': {
    dokument: 'http://www.kith.no/xmlstds/po/Pasientlogistikk/2009-06-30',
    komponent: 'http://www.kith.no/xmlstds/po/poKomponent/2009-06-30',
  },
} as const;
export type PloVersjon = keyof typeof PLO_VERSJONER;

/** The five logistics messages: MsgInfo/Type and the document's element. */
export const PLO_TYPER = {
  LOG_INNLAGT: 'MeldingInnlagtPasient',
  LOG_UTSKRIVNINGSKLAR: 'MeldingUtskrivningsklarPasient',
  LOG_AVMELDING: 'AvmeldingUtskrivningsklarPasient',
  LOG_UTSKREVET: 'MeldingOmUtskrevetPasient',
  LOG_DOD: 'OrienteringOmDod',
} as const;
export type PloType = keyof typeof PLO_TYPER;
export const PLO_TYPE_LISTE = Object.keys(PLO_TYPER) as PloType[];

/** Kodeverk 9121 (Hendelsekode): the events the engine reads. */
export const HENDELSEKODE = { innlagt: 1, utskrevet: 2, utskrivningsklar: 3, avmelding: 4, dod: 13 } as const;

/** Kodeverk 8221: the error codes the engine answers with. */
export const FEILKODER = {
  E10: 'Ugyldig meldingsidentifikator',
  E21: 'Mottaker finnes ikke',
  E30: 'Pasientens fødselsnummer mangler',
  E31: 'Pasientens fødselsnummer er feil',
  E35: 'Pasienten finnes ikke i mottakersystemet',
  T01: "Ikke XML / ikke 'well formed' / uleselig",
  T02: 'XML validerer ikke',
  T10: 'Støtter ikke meldingsformatet',
  X99: 'Annen feil',
} as const;
export type Feilkode = keyof typeof FEILKODER;

export interface Kvitteringsfeil {
  kode: Feilkode;
  /** In bokmål, for the sender's operator: what is wrong, never a patient's identifier. */
  tekst: string;
}

/** A HER-id path of an organisation: the institution first, then its units (MsgHead's nested Organisation). */
export interface Organisasjon {
  herIder: string[];
  navn: string[];
}

/** What every message that can be read as a MsgHead has: enough to receipt it and to key it. */
export interface PloHode {
  msgId: string;
  /** MsgInfo/Type's V. */
  type: string;
  /** GenDate as sent. */
  genDateRa: string;
  /** GenDate as an instant (Europe/Oslo), when readable. */
  genDate: string | null;
  avsender: Organisasjon;
  mottaker: Organisasjon;
}

export interface TidsfestetHendelse {
  kode: number;
  /** ISO 8601 with the Europe/Oslo offset; the start of the day when only a date was sent. */
  tidspunkt: string;
  datoAlene: boolean;
  dato: string;
  anslag: boolean;
  merknad: string | null;
}

/** A logistics message read in full and valid for the mapping. */
export interface PloMelding extends PloHode {
  type: PloType;
  genDate: string;
  versjon: PloVersjon;
  /** N (ny) or C (kansellering). */
  forsendelsesstatus: 'N' | 'C';
  /** The cancelled message's MsgId (ConversationRef/RefToParent), for a kansellering. */
  refToParent: string | null;
  pasient: { fnr: string; fornavn: string | null; etternavn: string | null };
  hendelser: TidsfestetHendelse[];
  /** LOG_UTSKREVET: UtTil (kodeverk 8408) and Uttilstand (8431). */
  utskrevetTil: { utTil: string; uttilstand: string | null } | null;
  /** The ward (TilknyttetEnhet/Kontaktenhet), else the sending unit's name. */
  avdeling: string | null;
}

/** The result of reading a message that is a MsgHead: valid, or Avvist with its codes. */
export type LestMelding = { ok: true; melding: PloMelding } | { ok: false; hode: PloHode; feil: Kvitteringsfeil[] };
