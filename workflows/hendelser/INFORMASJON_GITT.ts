import { hendelse, ingenVarsler, type IngenFelt } from './definisjon';

/** The ward gave the patient the sheet (GET /forlop/{id}/utskrivningsinformasjon): counted by andelSkriftligInformasjon. */
export const INFORMASJON_GITT = hendelse<IngenFelt>()({
  type: 'INFORMASJON_GITT',
  roller: ['sykehus'],
  ord: {
    navn: 'Informasjon gitt til pasienten',
    beskrivelse: 'Pasienten har fått informasjonsarket ved utskrivning, før utskrivningen eller like etter',
  },
  eksempler: () => [{}],
  varsler: ingenVarsler,
  skjema: () => ({ felt: {}, visning: {} }),
});
