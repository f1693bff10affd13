/**
 * The simulated region's parameters and the shapes the simulator's parts share: a simulated
 * forløp with its hendelser (each with the clinical time it happened and the time it was
 * registered), the kommuner's capacity, the sizes, and time helpers (Europe/Oslo).
 *
 * Nothing here imports the engine's rule modules (workflows/): the generator and the ground
 * truth stand on their own, from docs/domain.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { HendelseType } from '../workflows/hendelser';
import { DOGN } from './kapasitet';

export const SONE = 'Europe/Oslo';

// ---------------------------------------------------------------- time (Europe/Oslo)

/** An instant as ISO 8601 with the Oslo offset, as a ward's system would send it. */
export const isoOslo = (ms: number): string => DateTime.fromMillis(ms, { zone: SONE }).toISO({ suppressMilliseconds: true })!;
/** The Oslo calendar date of an instant. */
export const datoOslo = (ms: number): string => DateTime.fromMillis(ms, { zone: SONE }).toISODate()!;
/** The first instant of an Oslo calendar date. */
export const datoStart = (dato: string): number => DateTime.fromISO(dato, { zone: SONE }).startOf('day').toMillis();
/** The first instant after the Oslo calendar day the instant falls on. */
export const dagSlutt = (ms: number): number => DateTime.fromMillis(ms, { zone: SONE }).startOf('day').plus({ days: 1 }).toMillis();
/** The date `n` calendar days after a date. */
export const plussDager = (dato: string, n: number): string => DateTime.fromISO(dato, { zone: SONE }).plus({ days: n }).toISODate()!;
/** Calendar days from one date to another (a 23- or 25-hour day is one day). */
export const dagerMellom = (fra: string, til: string): number => Math.round((Date.parse(til) - Date.parse(fra)) / DOGN);
/** The instant of an hour (may be fractional) of the Oslo day an instant falls on. */
export function klokken(ms: number, time: number): number {
  return DateTime.fromMillis(ms, { zone: SONE })
    .startOf('day')
    .plus({ minutes: Math.round(time * 60) })
    .toMillis();
}
/** The Oslo hour (fractional) of an instant. */
export function timeAv(ms: number): number {
  const d = DateTime.fromMillis(ms, { zone: SONE });
  return d.hour + d.minute / 60;
}
/** ISO weekday (1 Monday … 7 Sunday) in Oslo. */
export const ukedag = (ms: number): number => DateTime.fromMillis(ms, { zone: SONE }).weekday;

// ---------------------------------------------------------------- parties

export interface Part {
  rolle: 'sykehus' | 'kartleggingsteam' | 'kommune' | 'samhandling' | 'admin';
  org: string;
}

export const SYKEHUS_IDER = ['HSYK-MO', 'HSYK-SSJ', 'HSYK-MOS'] as const;
export type SykehusId = (typeof SYKEHUS_IDER)[number];
/** The kartleggingsteam at each location (Mosjøen has none), as in db/seed/helgeland.json. */
export const TEAM: Record<SykehusId, string | null> = { 'HSYK-MO': 'KT-RANA', 'HSYK-SSJ': 'KT-ALSTAHAUG', 'HSYK-MOS': null };

// ---------------------------------------------------------------- the region's parameters

export interface Kapasitet {
  /** Korttidsplasser (places; a place is held for the stay). */
  korttidsplasser: number;
  /** New hjemmetjeneste starts the kommune can make a week. */
  hjemmetjenestePerUke: number;
  /** Langtidsplasser freed a week. */
  langtidPerUke: number;
}
export type KapasitetNavn = 'korttid' | 'hjemmetjeneste' | 'langtid';
export const KAPASITET_FELT: Record<KapasitetNavn, keyof Kapasitet> = {
  korttid: 'korttidsplasser',
  hjemmetjeneste: 'hjemmetjenestePerUke',
  langtid: 'langtidPerUke',
};

export interface Svaratferd {
  /** Share of meldinger answered after the 4 hours. */
  senAndel: number;
  /** Share never answered with KOMMUNESVAR (only TILBUD_KLART when the tilbud is ready). */
  aldriAndel: number;
}

export interface KommuneModell {
  nummer: string;
  navn: string;
  innbyggere: number;
  /** The hospital its patients are usually admitted to. */
  sykehus: SykehusId;
  kapasitet: Kapasitet;
  svar: Svaratferd;
  /** The kommune's own demand on the same capacity (people from home), per week. */
  bakgrunn: { korttidPerUke: number; hjemmetjenestePerUke: number; langtidPerUke: number };
}

export interface Region {
  innleggelserPerAr: number;
  mosjoenAkuttNedlagt: string;
  kommuner: KommuneModell[];
}

interface RaData {
  innleggelserPerAr: number;
  mosjoenAkuttNedlagt: string;
  kommuner: Record<string, { navn: string; innbyggere: number; sykehus: SykehusId; kapasitet?: Partial<Kapasitet>; svar?: Partial<Svaratferd> }>;
}

/**
 * Capacity from the population where the data file does not say it: about one korttidsplass
 * per 1 000 inhabitants, new hjemmetjeneste starts and langtidsplasser freed in proportion, and
 * the kommune's own demand on them. Tuned so the region's year has about 1 700 overliggerdøgn
 * (the project plan's figure); see sim/README.md.
 */
export function standardKapasitet(innbyggere: number): { kapasitet: Kapasitet; bakgrunn: KommuneModell['bakgrunn'] } {
  const tusen = innbyggere / 1000;
  return {
    kapasitet: {
      korttidsplasser: Math.max(1, Math.round(tusen * KALIBRERING.korttidsplasser + 1.3)),
      hjemmetjenestePerUke: Math.round(Math.max(0.8, tusen * KALIBRERING.hjemmetjeneste) * 10) / 10,
      langtidPerUke: Math.round(Math.max(0.2, tusen * KALIBRERING.langtid) * 100) / 100,
    },
    bakgrunn: {
      korttidPerUke: tusen * 0.15,
      hjemmetjenestePerUke: tusen * 0.1,
      langtidPerUke: tusen * 0.02,
    },
  };
}

/** Capacity per 1 000 inhabitants (korttidsplasser; starts and langtidsplasser freed per week). */
export const KALIBRERING = {
  korttidsplasser: Number(process.env.SIM_KAL_KORTTID ?? 1.1),
  hjemmetjeneste: Number(process.env.SIM_KAL_HJEMME ?? 0.62),
  langtid: Number(process.env.SIM_KAL_LANGTID ?? 0.14),
};

export const STANDARD_SVAR: Svaratferd = { senAndel: 0.06, aldriAndel: 0.02 };

export function lastRegion(fil = path.join(__dirname, 'region', 'helgeland-sim.json')): Region {
  const ra = JSON.parse(fs.readFileSync(fil, 'utf8')) as RaData;
  return {
    innleggelserPerAr: ra.innleggelserPerAr,
    mosjoenAkuttNedlagt: ra.mosjoenAkuttNedlagt,
    kommuner: Object.entries(ra.kommuner).map(([nummer, k]) => {
      const s = standardKapasitet(k.innbyggere);
      return {
        nummer,
        navn: k.navn,
        innbyggere: k.innbyggere,
        sykehus: k.sykehus,
        kapasitet: { ...s.kapasitet, ...k.kapasitet },
        svar: { ...STANDARD_SVAR, ...k.svar },
        bakgrunn: s.bakgrunn,
      };
    }),
  };
}

/** A capacity change of the what-if: `1833:korttid+2`, `1824:hjemmetjeneste+1.5`, `1833:langtid-0.5`. */
export interface Endring {
  kommune: string;
  kapasitet: KapasitetNavn;
  delta: number;
}

export function lesEndring(s: string): Endring {
  const m = /^(\d{4}):(korttid|hjemmetjeneste|langtid)([+-]\d+(?:\.\d+)?)$/.exec(s.trim());
  if (!m) throw new Error(`--hva-om ${s}: forventet <kommunenummer>:<korttid|hjemmetjeneste|langtid><+|-><tall>, f.eks. 1833:korttid+2`);
  return { kommune: m[1], kapasitet: m[2] as KapasitetNavn, delta: Number(m[3]) };
}

export function medEndring(region: Region, e: Endring | null): Region {
  if (!e) return region;
  if (!region.kommuner.some((k) => k.nummer === e.kommune)) throw new Error(`--hva-om: ukjent kommune ${e.kommune}`);
  return {
    ...region,
    kommuner: region.kommuner.map((k) => {
      if (k.nummer !== e.kommune) return k;
      const felt = KAPASITET_FELT[e.kapasitet];
      return { ...k, kapasitet: { ...k.kapasitet, [felt]: Math.max(0, k.kapasitet[felt] + e.delta) } };
    }),
  };
}

// ---------------------------------------------------------------- kartlegging inclusion criteria

/** The inclusion criteria as the engine serves them (GET /api/v1/konfigurasjon/kartlegging). */
export interface Kriterier {
  versjon: number;
  kommuner: { nummer: string; fra: string }[];
  pasientgrupper: { antattBehovKommunaleTjenester: boolean; minAlder: number | null; avdelinger: string[] | null };
}

/** The criteria of config/kartlegging.default.json (version 1): for the what-if and before an engine answers. */
export function standardKriterier(): Kriterier {
  const k = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'config', 'kartlegging.default.json'), 'utf8'));
  return { versjon: 1, ...k };
}

/** Age in whole years on a date. */
export function alder(fodt: string, dato: string): number {
  const [fa, fm, fd] = fodt.split('-').map(Number);
  const [a, m, d] = dato.split('-').map(Number);
  return a - fa - (m < fm || (m === fm && d < fd) ? 1 : 0);
}

/**
 * Whether a patient is included for kartlegging by the criteria (README "Kartlegging"): the
 * location has a team, the kommune takes part from a date on or before the admission, and the
 * patient groups match (assumed need, age, avdeling).
 */
export function inkluderesAvKriterier(
  k: Kriterier,
  p: { sykehus: SykehusId; kommune: string; innlagtDato: string; antattBehov: boolean; alder: number; avdeling: string },
): boolean {
  if (!TEAM[p.sykehus]) return false;
  const deltar = k.kommuner.find((x) => x.nummer === p.kommune);
  if (!deltar || p.innlagtDato < deltar.fra) return false;
  const g = k.pasientgrupper;
  if (g.antattBehovKommunaleTjenester && !p.antattBehov) return false;
  if (g.minAlder !== null && p.alder < g.minAlder) return false;
  if (g.avdelinger !== null && !g.avdelinger.some((a) => a.trim().toLowerCase() === p.avdeling.trim().toLowerCase())) return false;
  return true;
}

// ---------------------------------------------------------------- the simulated forløp

export type Behov = 'hjemmetjeneste' | 'korttid' | 'langtid';

/** One hendelse as a ward, a team or a kommune would send it. */
export interface SimHendelse {
  /** Unique in the run: the forløp's key and a number. */
  nokkel: string;
  /** A type of the engine's hendelse catalogue (workflows/hendelser/). */
  type: HendelseType;
  /** When it happened (clinical time), epoch ms. */
  tidspunkt: number;
  /** When its sender registers it (the driver sends it in this order; not after the year's end). */
  registrert: number;
  av: Part;
  /** The type's own fields. */
  data: Record<string, unknown>;
}

export interface SimForlop {
  /** Stable whatever the capacity: I<day>-<n> for a first admission, + r for each readmission, + x registered in error. */
  nokkel: string;
  /** The key of the admission that first brought the patient. */
  pasient: string;
  fnr: string;
  fodt: string;
  kommune: string;
  sykehus: SykehusId;
  avdeling: string;
  innlagt: number;
  antattBehov: boolean;
  /** Given by the ward at POST (kartlegging.inkludert); undefined: the criteria decide. */
  kartleggingGitt: boolean | undefined;
  /** Whether the criteria in force include the patient (the ground truth checks the engine's answer). */
  inkludertAvKriterier: boolean;
  /** The hendelser, INNLAGT first, in the order they are registered. */
  hendelser: SimHendelse[];
  /** The model's own account (for the what-if and the summary). */
  modell: {
    behov: Behov | null;
    /** First utskrivningsklar melding, if any. */
    meldt: number | null;
    /** When the kommune could receive (yes or tilbud klart), if it could. */
    klar: number | null;
    utskrevet: number | null;
    destinasjon: string | null;
    dod: boolean;
    avbrutt: boolean;
    /** The forløp this one is a readmission after (in the model), if any. */
    reinnleggelseEtter: string | null;
  };
}

/** An admission that is not a forløp (no kommunale tjenester assumed): counted, not driven. */
export interface SimAr {
  seed: string;
  /** The year's end (just before the run started) and start, epoch ms. */
  slutt: number;
  start: number;
  innleggelser: number;
  innleggelserPerSykehus: Record<string, number>;
  forlop: SimForlop[];
}

// ---------------------------------------------------------------- sizes

export type Storrelse = 'small' | 'demo' | 'year';

/** The days before the year's end whose admissions are driven. */
export const STORRELSE_DAGER: Record<Storrelse, number> = { small: 18, demo: 24, year: 365 };
