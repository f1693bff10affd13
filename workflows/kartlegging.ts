/**
 * Kartlegging (Trygt hjem): who is included, as pure functions.
 *
 *   vurderInklusjon(kriterier, pasient)   the inclusion criteria in force, at POST /forlop
 *   gjeldendeInklusjon(start, hendelser)   the inclusion as it stands after the ward's or the
 *                                          team's KARTLEGGING_INKLUSJON hendelser
 *
 * The criteria are configuration (versioned in PostgreSQL; the defaults in
 * config/kartlegging.default.json), never code: which kommuner take part and from which date,
 * and which patient groups. Nothing here reads a clock or does I/O.
 */
import type { ForlopStart } from './types';
import type { Hendelse, HendelseAv } from './hendelser';

/** One version of the inclusion criteria (configuration; PUT /konfigurasjon/kartlegging). */
export interface KartleggingKriterier {
  /** The kommuner that take part, each from a date (YYYY-MM-DD, Europe/Oslo, inclusive). */
  kommuner: { nummer: string; fra: string }[];
  pasientgrupper: {
    /** Only patients assumed to need kommunale tjenester after discharge. */
    antattBehovKommunaleTjenester: boolean;
    /** Only patients of at least this age at admission (null: any age). */
    minAlder: number | null;
    /** Only these avdelinger (case-insensitive; null: every avdeling). */
    avdelinger: string[] | null;
  };
}

/** What the criteria know of one admission. `alder` is null when it cannot be read from the number. */
export interface InklusjonsGrunnlag {
  oppholdskommune: string;
  /** The admission's date, YYYY-MM-DD in Europe/Oslo. */
  innlagtDato: string;
  avdeling: string;
  antattBehovKommunaleTjenester: boolean;
  alder: number | null;
  /** Whether the hospital location has a kartleggingsteam (Mosjøen has none). */
  harKartleggingsteam: boolean;
}

export interface Inklusjon {
  inkludert: boolean;
  /** Why, in words: the reasons the criteria gave, or the first that excluded. */
  grunn: string;
}

/** The criteria decide; the first unmet criterion is the reason given. */
export function vurderInklusjon(k: KartleggingKriterier, versjon: number, p: InklusjonsGrunnlag): Inklusjon {
  const ut = (grunn: string): Inklusjon => ({ inkludert: false, grunn: `Ikke inkludert (kriterier versjon ${versjon}): ${grunn}` });
  if (!p.harKartleggingsteam) return ut('sykehuset har ikke kartleggingsteam');
  const kommune = k.kommuner.find((x) => x.nummer === p.oppholdskommune);
  if (!kommune) return ut(`kommune ${p.oppholdskommune} deltar ikke i prosjektet`);
  if (p.innlagtDato < kommune.fra) return ut(`kommune ${p.oppholdskommune} deltar først fra ${kommune.fra}`);
  const g = k.pasientgrupper;
  const grunner = [`kommune ${p.oppholdskommune} deltar fra ${kommune.fra}`];
  if (g.antattBehovKommunaleTjenester) {
    if (!p.antattBehovKommunaleTjenester) return ut('pasienten antas ikke å trenge kommunale tjenester');
    grunner.push('antatt behov for kommunale tjenester');
  }
  if (g.minAlder !== null) {
    if (p.alder === null) return ut('alderen kan ikke leses av fødselsnummeret');
    if (p.alder < g.minAlder) return ut(`pasienten er under ${g.minAlder} år`);
    grunner.push(`${g.minAlder} år eller eldre`);
  }
  if (g.avdelinger !== null) {
    const avdeling = p.avdeling.trim().toLowerCase();
    if (!g.avdelinger.some((a) => a.trim().toLowerCase() === avdeling)) return ut('avdelingen er ikke med i prosjektet');
    grunner.push('avdelingen er med i prosjektet');
  }
  return { inkludert: true, grunn: `Inkludert etter kriterier versjon ${versjon}: ${grunner.join(', ')}` };
}

export const GRUNN_AVDELINGEN = 'Avdelingen oppga om pasienten er inkludert';

/** The inclusion now: the latest KARTLEGGING_INKLUSJON, or what the forløp started with. */
export interface GjeldendeInklusjon extends Inklusjon {
  /** Ever included during this forløp (then the KARTLEGGING frist exists, perhaps `bortfalt`). */
  noenGangInkludert: boolean;
  /** When the current inclusion began (admission, or the hendelse that included), while included. */
  inkludertFra: string | null;
  /** When the patient was excluded, while excluded after having been included. */
  ekskludertTidspunkt: string | null;
}

const erInklusjon = (h: Hendelse): h is HendelseAv<'KARTLEGGING_INKLUSJON'> => h.type === 'KARTLEGGING_INKLUSJON';

export function gjeldendeInklusjon(start: ForlopStart, hendelser: readonly Hendelse[]): GjeldendeInklusjon {
  let naa: GjeldendeInklusjon = {
    inkludert: start.kartleggingInkludert,
    grunn: start.kartleggingGrunn ?? GRUNN_AVDELINGEN,
    noenGangInkludert: start.kartleggingInkludert,
    inkludertFra: start.kartleggingInkludert ? start.innlagtTidspunkt : null,
    ekskludertTidspunkt: null,
  };
  for (const h of hendelser.filter(erInklusjon)) {
    const { inkludert, grunn } = h.data;
    if (inkludert === naa.inkludert) {
      naa = { ...naa, grunn };
    } else if (inkludert) {
      naa = { inkludert, grunn, noenGangInkludert: true, inkludertFra: h.tidspunkt, ekskludertTidspunkt: null };
    } else {
      naa = { ...naa, inkludert, grunn, inkludertFra: null, ekskludertTidspunkt: naa.noenGangInkludert ? h.tidspunkt : null };
    }
  }
  return naa;
}

/** Age in whole years on `dato` (YYYY-MM-DD) of someone born on `fodt` (YYYY-MM-DD). */
export function alderPaa(fodt: string, dato: string): number {
  const [fa, fm, fd] = fodt.split('-').map(Number);
  const [a, m, d] = dato.split('-').map(Number);
  return a - fa - (m < fm || (m === fm && d < fd) ? 1 : 0);
}
