/**
 * The contract's codes in bokmål. Each table is typed by the generated API types and complete
 * (Record over the union), so a code added to or removed from the contract fails the build
 * until it has its words here.
 */
import type { components } from './generert/api';
import { HENDELSE_ORD } from './generert/hendelser';

type S = components['schemas'];

export const ROLLE_NAVN: Record<S['UtviklingstokenBody']['rolle'], string> = {
  sykehus: 'Sykehusavdeling',
  kartleggingsteam: 'Kartleggingsteam',
  kommune: 'Kommune',
  samhandling: 'Samhandlingsavdelingen',
  admin: 'Administrator',
};

export const FORLOP_STATUS_NAVN: Record<S['Forlop']['status'], string> = {
  innlagt: 'Innlagt',
  utskrivningsklar: 'Meldt utskrivningsklar',
  venter_pa_kommune: 'Venter på kommunen',
  klar_for_utskrivning: 'Klar for utskrivning',
  utskrevet: 'Utskrevet',
  avsluttet: 'Avsluttet',
  avbrutt: 'Avbrutt',
};

/** From the hendelse catalogue (workflows/hendelser/), generated at build. */
export const HENDELSE_NAVN = Object.fromEntries(Object.entries(HENDELSE_ORD).map(([t, o]) => [t, o.navn])) as Record<S['HendelseRegistrert']['type'], string>;

export const hendelseNavn = (t: string): string => (HENDELSE_NAVN as Record<string, string>)[t] ?? t;

export const FRIST_NAVN: Record<S['Frist']['id'], string> = {
  INNLEGGELSESMELDING: 'Melding om innlagt pasient',
  KARTLEGGING: 'Kartlegging før utskrivningsklar',
  UTSKRIVNINGSKLAR_MELDING: 'Melding om utskrivningsklar samme dag',
  KOMMUNESVAR: 'Kommunens svar',
  TILBUD_KLART: 'Tilbud klart',
  EPIKRISE: 'Epikrise ved utskrivning',
  OPPFOLGING: 'Kommunal oppfølging',
};

export const FRIST_STATUS_NAVN: Record<S['Frist']['status'], string> = {
  aktiv: 'Løper',
  oppfylt: 'Oppfylt',
  brutt: 'Brutt',
  bortfalt: 'Bortfalt',
};

export const DESTINASJON_NAVN: Record<S['Hendelse_UTSKREVET']['destinasjon'], string> = {
  hjem: 'Hjem',
  hjem_med_tjenester: 'Hjem med kommunale tjenester',
  korttidsopphold: 'Korttidsopphold',
  langtidsopphold: 'Langtidsopphold',
  annen_institusjon: 'Annen institusjon',
  annet_sykehus: 'Annet sykehus',
  dod: 'Død',
};

export const TILBUD_NAVN: Record<S['Hendelse_TILBUD_KLART']['tilbud'], string> = {
  hjem_med_tjenester: 'Hjem med tjenester',
  korttidsopphold: 'Korttidsopphold',
  langtidsopphold: 'Langtidsopphold',
  annet: 'Annet',
};

export const PLL_NAVN: Record<S['Legemiddelliste']['status'], string> = {
  pll_oppdatert: 'Oppdatert i Pasientens legemiddelliste',
  ikke_pll: 'Ikke i Pasientens legemiddelliste',
  ukjent: 'Ukjent',
};

export const BRUKERSVAR_NAVN: Record<S['Brukersvar']['vetHvemKontakte'], string> = {
  ja: 'Ja',
  nei: 'Nei',
  vet_ikke: 'Vet ikke',
};

export const AVVIK_STATUS_NAVN: Record<S['Avvik']['status'], string> = {
  åpen: 'Åpen',
  under_behandling: 'Under behandling',
  lukket: 'Lukket',
  trukket: 'Trukket',
};

export const AVVIK_TYPE_NAVN: Record<S['Avvik']['type'], string> = {
  ...FRIST_NAVN,
  MANUELT: 'Meldt for hånd',
};

export const KARTLEGGING_STATUS_NAVN: Record<S['Forlop']['kartlegging']['status'], string> = {
  ikke_inkludert: 'Ikke inkludert',
  ikke_startet: 'Ikke startet',
  pagar: 'Pågår',
  fullfort: 'Fullført',
};

export const VARSEL_NAVN: Record<S['Varsel']['type'], string> = {
  INNLEGGELSESMELDING: 'Pasient innlagt',
  UTSKRIVNINGSKLAR: 'Utskrivningsklar pasient',
  PAMINNELSE: 'Påminnelse',
  FRIST_BRUTT: 'Frist brutt',
  ESKALERING: 'Eskalering',
  OVERLIGGERDOGN: 'Overliggerdøgn',
  AVVIK: 'Avvik',
  KARTLEGGING: 'Kartlegging fullført',
  UTSKREVET: 'Utskrevet',
};

export const VURDERING_NAVN: Record<keyof S['Vurdering'], string> = {
  problemstillingerVedInnleggelseAvklart: 'a) Problemstillingene ved innleggelsen er avklart',
  ovrigeProblemstillingerAvklart: 'b) Øvrige problemstillinger under oppholdet er avklart',
  uavklarteProblemstillingerAngitt: 'c) Problemstillinger som ikke blir avklart, er angitt',
  funksjonsnivaaVurdert: 'd) Funksjonsnivå, endring og forventet utvikling er vurdert',
};

/**
 * Field and code names of the kartlegging model (served as JSON Schema). The schema is read at
 * run time, so these are only words: a field without one is shown by its name made readable.
 */
export const KARTLEGGING_ORD: Record<string, string> = {
  funksjonOgAdl: 'Funksjon og ADL',
  personligHygiene: 'Personlig hygiene',
  paOgAvkledning: 'På- og avkledning',
  toalett: 'Toalett',
  forflytning: 'Forflytning',
  mobilitetInne: 'Mobilitet inne',
  mobilitetUte: 'Mobilitet ute',
  fallSisteAr: 'Fall siste år',
  kommentar: 'Kommentar',
  kognisjon: 'Kognisjon',
  svikt: 'Kognitiv svikt',
  ernaering: 'Ernæring',
  risiko: 'Ernæringsmessig risiko',
  utilsiktetVekttap: 'Utilsiktet vekttap siste 3–6 måneder',
  legemiddelhandtering: 'Legemiddelhåndtering',
  handteresAv: 'Hvem håndterer legemidlene',
  pll: 'Status i Pasientens legemiddelliste',
  bolig: 'Bolig og tilgjengelighet',
  boform: 'Boform',
  borAlene: 'Bor alene',
  tilgjengelighet: 'Tilgjengelighet i og til boligen',
  hjelpemidler: 'Hjelpemidler',
  har: 'Har',
  trenger: 'Trenger',
  parorendeOgNettverk: 'Pårørende og nettverk',
  harParorende: 'Har pårørende',
  parorendeInvolvert: 'Pårørende involvert',
  tjenesterForInnleggelse: 'Tjenester før innleggelse',
  tjenester: 'Tjenester',
  pasientensMal: 'Pasientens egne mål',
  hvaErViktigForDeg: 'Hva er viktig for deg?',
  behovEtterUtskrivning: 'Behov etter utskrivning',
  anbefaling: 'Kartleggingsteamets anbefaling',
  tekst: 'Anbefaling',
  // codes
  selvhjulpen: 'Selvhjulpen',
  litt_hjelp: 'Litt hjelp',
  mye_hjelp: 'Mye hjelp',
  helt_avhengig: 'Helt avhengig',
  ingen: 'Ingen',
  ett: 'Ett',
  flere: 'Flere',
  vet_ikke: 'Vet ikke',
  lett: 'Lett',
  moderat: 'Moderat',
  alvorlig: 'Alvorlig',
  ikke_vurdert: 'Ikke vurdert',
  noe: 'Noe',
  hoy: 'Høy',
  pasienten: 'Pasienten',
  parorende: 'Pårørende',
  hjemmetjenesten: 'Hjemmetjenesten',
  multidose: 'Multidose',
  annet: 'Annet',
  pll_oppdatert: 'Oppdatert i PLL',
  ikke_pll: 'Ikke i PLL',
  ukjent: 'Ukjent',
  enebolig: 'Enebolig',
  leilighet: 'Leilighet',
  omsorgsbolig: 'Omsorgsbolig',
  institusjon: 'Institusjon',
  tilrettelagt: 'Tilrettelagt',
  trapp_med_heis: 'Trapp med heis',
  trapp_uten_heis: 'Trapp uten heis',
  ikke_tilrettelagt: 'Ikke tilrettelagt',
  rullator: 'Rullator',
  rullestol: 'Rullestol',
  krykker_stokk: 'Krykker/stokk',
  dusjstol: 'Dusjstol',
  toalettforhoyer: 'Toalettforhøyer',
  seng_med_motor: 'Seng med motor',
  personloefter: 'Personløfter',
  trygghetsalarm: 'Trygghetsalarm',
  horeapparat: 'Høreapparat',
  briller: 'Briller',
  ja: 'Ja',
  delvis: 'Delvis',
  nei: 'Nei',
  hjemmesykepleie: 'Hjemmesykepleie',
  praktisk_bistand: 'Praktisk bistand',
  matombringing: 'Matombringing',
  dagsenter: 'Dagsenter',
  hjemmerehabilitering: 'Hjemmerehabilitering',
  korttidsopphold: 'Korttidsopphold',
  langtidsopphold: 'Langtidsopphold',
  brukerstyrt_personlig_assistanse: 'Brukerstyrt personlig assistanse',
  fysioterapi_ergoterapi: 'Fysioterapi/ergoterapi',
  avlastning: 'Avlastning',
};

/** A code or field name in words: from the table, else made readable (camelCase and _ to spaces). */
export function ord(kode: string): string {
  const kjent = KARTLEGGING_ORD[kode];
  if (kjent) return kjent;
  const s = kode
    .replace(/_/g, ' ')
    .replace(/([a-zæøå])([A-ZÆØÅ])/g, '$1 $2')
    .toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
