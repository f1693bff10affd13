/**
 * What the generator's parts share while a year is generated: the year itself (its seed, its
 * span, the event queue, the forløp made so far) and each forløp under way (what the model keeps
 * while it runs), and recording a hendelse on one.
 */
import type { HendelseType } from '../workflows/hendelser';
import type { Kvote, Senger } from './kapasitet';
import type { Behov, KommuneModell, Kriterier, Part, SimForlop, SimHendelse } from './modell';
import type { Ko } from './hendelseko';
import type { Strom } from './tilfeldig';

export const MIN = 60_000;
export const TILBUD: Record<Behov, string> = { hjemmetjeneste: 'hjem_med_tjenester', korttid: 'korttidsopphold', langtid: 'langtidsopphold' };
export const DESTINASJON: Record<Behov, string> = { hjemmetjeneste: 'hjem_med_tjenester', korttid: 'korttidsopphold', langtid: 'langtidsopphold' };

export interface Pasient {
  nr: string;
  kommune: KommuneModell;
  fodt: string;
  fnr: string;
}

export interface KommuneTilstand {
  m: KommuneModell;
  korttid: Senger;
  hjemmetjeneste: Kvote;
  langtid: Kvote;
}

/** A forløp under way: the simulated forløp and what the model keeps while it runs. */
export interface Arbeid {
  f: SimForlop;
  s: Strom;
  p: Pasient;
  k: KommuneTilstand;
  iSykehus: boolean;
  /** Meldt and waiting for the kommune. */
  venter: boolean;
  /** The kommune's capacity request in force (its id), and when it was served. */
  foresporsel: string | null;
  betjent: number | null;
  /** The kommune answered this period. */
  besvart: boolean;
  /** The kommune can receive (said yes or tilbud klart) and the patient has not left yet. */
  klarNaa: boolean;
  svarVentende: boolean;
  aldriSvar: boolean;
  behov: Behov | null;
  meldinger: number;
  perioder: number;
  /** Late registration delays (ms) by hendelse nokkel. */
  sen: Map<string, number>;
  nesteNr: number;
}

/** The year under way (sim/generator.ts makes it): what every part of the model reads or adds to. */
export interface Aret {
  seed: string;
  /** The year's end and start, epoch ms. */
  slutt: number;
  start: number;
  kriterier: Kriterier;
  /** Mixed into the fødselsnummer only. */
  salt: string;
  /** When Mosjøen's acute function closed, epoch ms. */
  nedlagt: number;
  ko: Ko;
  brukteFnr: Set<string>;
  forlop: SimForlop[];
  /** Every forløp made, in order, for its registration times at the end. */
  paaVent: Arbeid[];
  /** Admissions in the year, in all and per hospital. */
  innleggelser: number;
  perSykehus: Record<string, number>;
  /** The next capacity request's number (the kommune's own demand and the forløp's share it). */
  nesteForesporsel: number;
  /**
   * Admits a patient again (sim/innleggelse.ts's `innleggelse`, set by the generator): how a
   * readmission after an utskrivning starts, without the end of a stay importing its beginning.
   */
  reinnlegg(nokkel: string, a: number, kjent: Pasient, k: KommuneTilstand, s: Strom, etter: { forlop: string; meldt: boolean }): void;
}

/** Records a hendelse (clinical time t) with the given late registration (ms), if any. */
export function hendelse(w: Arbeid, type: HendelseType, t: number, av: Part, data: Record<string, unknown> = {}, sen = 0): SimHendelse {
  const h: SimHendelse = { nokkel: `${w.f.nokkel}:${w.nesteNr++}`, type, tidspunkt: Math.round(t), registrert: Math.round(t), av, data };
  w.f.hendelser.push(h);
  if (sen > 0) w.sen.set(h.nokkel, sen);
  return h;
}

export const sykehusPart = (w: Arbeid): Part => ({ rolle: 'sykehus', org: w.f.sykehus });
export const kommunePart = (w: Arbeid): Part => ({ rolle: 'kommune', org: w.f.kommune });
