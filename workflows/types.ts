/**
 * Plain data shared by the workflow, the activities, the API and the reports.
 * Nothing here imports Temporal, Express, pg or zod: these types cross every boundary.
 * No type here carries a patient identifier: the workflow only ever knows `pasientId`
 * (an internal UUID); the fødselsnummer lives encrypted in PostgreSQL.
 */

export type Rolle = 'sykehus' | 'kartleggingsteam' | 'kommune' | 'samhandling' | 'admin';

export interface Principal {
  rolle: Rolle;
  org: string;
}

export const FORLOP_STATUSER = ['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning', 'utskrevet', 'avsluttet', 'avbrutt'] as const;
export type ForlopStatus = (typeof FORLOP_STATUSER)[number];

export const KARTLEGGING_STATUSER = ['ikke_inkludert', 'ikke_startet', 'pagar', 'fullfort'] as const;
export type KartleggingStatus = (typeof KARTLEGGING_STATUSER)[number];

export const DESTINASJONER = ['hjem', 'hjem_med_tjenester', 'korttidsopphold', 'langtidsopphold', 'annen_institusjon', 'annet_sykehus', 'dod'] as const;
export type Destinasjon = (typeof DESTINASJONER)[number];

export const TILBUD = ['hjem_med_tjenester', 'korttidsopphold', 'langtidsopphold', 'annet'] as const;
export type Tilbud = (typeof TILBUD)[number];

export interface Vurdering {
  problemstillingerVedInnleggelseAvklart: boolean;
  ovrigeProblemstillingerAvklart: boolean;
  uavklarteProblemstillingerAngitt: boolean;
  funksjonsnivaaVurdert: boolean;
}

/** The older four-field result: still accepted, counted as "not made with the common tool". */
export interface Kartleggingsresultat {
  funksjon: string;
  mestring: string;
  behov: string[];
  anbefaling: string;
}

/**
 * A kartlegging made with the common structured model (kartlegging/skjema): the version it
 * used and its content, validated against that version at the API. The workflow carries it as
 * data (encrypted in Temporal's history like every payload) and never reads inside it.
 */
export interface StrukturertKartlegging {
  skjemaVersjon: string;
  innhold: Record<string, unknown>;
}

/** Said by the kommune with its answer: the unit that follows the patient up (never a fødselsnummer). */
export interface Kontakt {
  enhet: string;
  telefon?: string;
}

export const BRUKERSVAR_VERDIER = ['ja', 'nei', 'vet_ikke'] as const;
export type BrukersvarVerdi = (typeof BRUKERSVAR_VERDIER)[number];
/** The patient's own answers at the first visit after hjemkomst (project plan 2.3). */
export interface Brukersvar {
  tilstrekkeligInformasjon: BrukersvarVerdi;
  vetHvemKontakte: BrukersvarVerdi;
}

export const PLL_STATUSER = ['pll_oppdatert', 'ikke_pll', 'ukjent'] as const;
export type PllStatus = (typeof PLL_STATUSER)[number];
/** Whether the patient's list in Pasientens legemiddelliste was reconciled at discharge. */
export interface Legemiddelliste {
  status: PllStatus;
  samstemtTidspunkt?: string;
}

// The hendelse types and their data: the catalogue, workflows/hendelser/.

/** What a forløp runs with: its kommune's frister, the døgnpris table, who receives escalations. */
export interface Forlopskonfigurasjon {
  frister: FristKonfigurasjon;
  dognpris: Dognpris;
  /** The samhandlingsavdeling's org (escalations go there too). */
  samhandlingOrg: string;
}

/** What the workflow is started with: the forløp's facts at admission, no patient identifier. */
export interface ForlopStart {
  forlopId: string;
  pasientId: string;
  oppholdskommune: string;
  sykehus: string;
  avdeling: string;
  innlagtTidspunkt: string;
  antattBehovKommunaleTjenester: boolean;
  kartleggingInkludert: boolean;
  /** Why (the criteria's reason, or that the ward said so); absent in forløp of release 0.2.0 and before. */
  kartleggingGrunn?: string;
  /** The inclusion criteria version that decided, or null when the ward gave `inkludert` itself. */
  kartleggingKriterierVersjon?: number | null;
  /** The kartleggingsteam at the patient's sykehus (reference data), or null where there is none. */
  kartleggingsteam: string | null;
  /** Given by the API at the start; a forløp started without it (release 0.1.0) fetches it first. */
  konfig?: Forlopskonfigurasjon;
}

export const FRIST_IDER = ['INNLEGGELSESMELDING', 'KARTLEGGING', 'UTSKRIVNINGSKLAR_MELDING', 'KOMMUNESVAR', 'TILBUD_KLART', 'EPIKRISE', 'OPPFOLGING'] as const;
export type FristId = (typeof FRIST_IDER)[number];

export const FRIST_STATUSER = ['aktiv', 'oppfylt', 'brutt', 'bortfalt'] as const;
export type FristStatus = (typeof FRIST_STATUSER)[number];

export type Ansvarlig = 'sykehus' | 'kartleggingsteam' | 'kommune';

/** One frist as it stands for one forløp (there can be several of one id, e.g. one KOMMUNESVAR per melding). */
export interface FristInstans {
  /** Stable within the forløp: id plus the sekvens of the hendelse that started it. */
  nokkel: string;
  id: FristId;
  ansvarlig: Ansvarlig;
  /** `elapsed` frister run in hours; `calendar` frister end at a calendar day boundary in Europe/Oslo. */
  art: 'elapsed' | 'calendar' | 'event';
  start: string;
  frist: string | null; // due instant; null when due is an event (KARTLEGGING: before the melding)
  status: FristStatus;
  oppfyltTidspunkt: string | null;
  bruttTidspunkt: string | null;
  /** Instants to remind the responsible party at, while active. */
  paminnelser: string[];
  /** Instant to escalate at, when breached and still not done. */
  eskalering: string | null;
  /** Why it was breached, for the avvik text. */
  grunn?: string;
  /**
   * UTSKRIVNINGSKLAR_MELDING only: the points (a–d) the melding's vurdering does not document; a
   * melding missing any is not a valid melding (breached at once, the kommune's payment does not start).
   */
  manglendePunkter?: ('a' | 'b' | 'c' | 'd')[];
}

/**
 * Frist settings, ISO 8601 durations; the defaults are config/frister.default.json, and a
 * kommune's samarbeidsavtale may override each.
 */
export interface FristKonfigurasjon {
  innleggelsesmelding: string;
  kommunesvar: string;
  kommunesvarPaminnelseFor: string;
  innleggelsesmeldingPaminnelseFor: string;
  /** Before the forventet utskrivningsdato. */
  kartleggingPaminnelseFor: string;
  epikriseGrace: string;
  oppfolging: string;
  oppfolgingPaminnelseFor: string;
  /** After a breach, while unresolved. */
  eskalering: string;
  avvikSvarfrist: string;
  /** Before an avvik's svarfrist: when its responsible party is reminded. */
  avvikSvarfristPaminnelseFor: string;
  /** After utskrivning, how long the forløp stays open for missing epikrise/oppfølging before it closes. */
  observasjonsvindu: string;
  /**
   * A discharge registered when its observation window is (nearly) over stays open this long after
   * its registration, so what is missing can still be registered (a late registration, an import).
   */
  etterregistrering: string;
  /** Hour of day (Europe/Oslo) for the daily status varsel while waiting for the kommune. */
  dagligStatusKlokken: number;
}

export interface Dognpris {
  [ar: string]: number;
}

export interface OverliggerDag {
  dato: string; // YYYY-MM-DD, Europe/Oslo
  /** false when the payment conditions are not met (late innleggelsesmelding, incomplete melding). */
  betalingsvilkarOppfylt: boolean;
  /** true when the stay lacks its epikrise at utskrivning. */
  omstridt: boolean;
  /** Why the day is not billable, in bokmål (workflows/overliggerdogn.ts GRUNN); absent on a billable day. */
  grunn?: string;
}

export interface PrisetDag extends OverliggerDag {
  /** The døgnpris of the day's year (kroner), billed only when `fakturerbar`. */
  belop: number;
  /** true when the day's year has no døgnpris configured yet and the latest known one was used. */
  prisForelopig: boolean;
  /** Billable: the payment conditions are met and the day is not disputed. */
  fakturerbar: boolean;
}

/** A day after utskrivningsklar that is not an overliggerdøgn, and why (the melding came late, the kommune could receive). */
export interface IkkeOverliggerdag {
  dato: string; // YYYY-MM-DD, Europe/Oslo
  grunn: string;
}

export interface Overliggerdogn {
  /** Overliggerdøgn: days in the payment window, billable or not. */
  antall: number;
  /** Of those, the billable days. */
  fakturerbare: number;
  /** Kroner over the billable days. */
  belop: number;
  dager: PrisetDag[];
  /** The other days after utskrivningsklar, each with its reason. */
  ikkeOverliggerdogn: IkkeOverliggerdag[];
  betalingsvilkarOppfylt: boolean;
  omstridt: boolean;
}

export const VARSEL_TYPER = [
  'INNLEGGELSESMELDING',
  'UTSKRIVNINGSKLAR',
  'PAMINNELSE',
  'FRIST_BRUTT',
  'ESKALERING',
  'OVERLIGGERDOGN',
  'AVVIK',
  'KARTLEGGING',
  /** To the kommune when the patient is discharged to its korttids- or langtidsopphold (with the PLL status). */
  'UTSKREVET',
] as const;
export type VarselType = (typeof VARSEL_TYPER)[number];

/** A varsel the workflow asks the activities to record; its id is named by its forløp and cause (navn-uuid.ts), so neither a retry nor a step computed again duplicates it. */
export interface NyttVarsel {
  id: string;
  mottakerOrg: string;
  type: VarselType;
  forlopId: string;
  frist: string | null;
  tekst: string;
}

export const AVVIK_STATUSER = ['åpen', 'under_behandling', 'lukket', 'trukket'] as const;
export type AvvikStatus = (typeof AVVIK_STATUSER)[number];

export interface NyttAvvik {
  id: string;
  forlopId: string;
  type: FristId | 'MANUELT';
  /** Unique per forløp: the frist instance's nokkel, so a breach gives one avvik however often it is retried. */
  nokkel: string;
  ansvarlig: Principal;
  motpart: Principal;
  frist: string | null;
  brutt: string;
  tekst: string;
}

/** The projection the workflow writes after each change: the forløp's current state row. */
export interface ForlopProjeksjon {
  forlopId: string;
  /** Grows with every write, timer-driven ones too, so an older projection never overwrites a newer one. */
  versjon: number;
  status: ForlopStatus;
  kartleggingStatus: KartleggingStatus;
  frister: FristInstans[];
  /** Priced by the workflow (workflows/overliggerdogn.ts), stored as they are. */
  overliggerdogn: PrisetDag[];
  /** The days after utskrivningsklar that are not overliggerdøgn, with their reasons (stored beside them). */
  ikkeOverliggerdogn?: IkkeOverliggerdag[];
  sisteSekvens: number;
  utskrevetTidspunkt: string | null;
  destinasjon: Destinasjon | null;
  kartleggingFullfortTidspunkt: string | null;
  forsteUtskrivningsklarTidspunkt: string | null;
}
