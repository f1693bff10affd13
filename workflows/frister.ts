/**
 * Every frist of the forløp, computed in one place: pure functions of the forløp's facts
 * (its start and its hendelser), the configuration and the current instant. Nothing here
 * reads a clock: the workflow passes its deterministic `now`, tests pass any instant.
 *
 * Two kinds of time (domain.md, "Time rules"):
 *  - elapsed: "24 h", "+4 h" are exact durations (luxon adds hours as milliseconds);
 *  - calendar: "same day", a given date, "døgn" end at midnight in Europe/Oslo, so a day
 *    can be 23 or 25 hours long.
 * A frist is judged by the hendelse's clinical `tidspunkt`, never by when it was registered.
 */
import { DateTime, Duration, IANAZone } from 'luxon';
import { gjeldendeInklusjon } from './kartlegging';
import { erFullstendig, erHjem } from './utskrivning';
import type { Ansvarlig, FristId, FristInstans, FristKonfigurasjon, FristStatus, ForlopStart } from './types';
import type { Hendelse, HendelseAv, HendelseType } from './hendelser';

export const TIDSSONE = 'Europe/Oslo';

export interface FristRegel {
  ansvarlig: Ansvarlig;
  art: FristInstans['art'];
  /** The legal or contractual basis, for avvik texts and the API's documentation. */
  grunnlag: string;
  /** What the responsible party must do, as a sentence. */
  krav: string;
  /** A breach records a samhandlingsavvik (TILBUD_KLART escalates instead). */
  avvikVedBrudd: boolean;
}

export const FRIST_REGLER: Record<FristId, FristRegel> = {
  INNLEGGELSESMELDING: {
    ansvarlig: 'sykehus',
    art: 'elapsed',
    grunnlag: 'Forskrift om kommunal betaling for utskrivningsklare pasienter § 9 (varsel om innlagt pasient)',
    krav: 'Melding om innlagt pasient sendes kommunen innen 24 timer etter innleggelse',
    avvikVedBrudd: true,
  },
  KARTLEGGING: {
    ansvarlig: 'kartleggingsteam',
    art: 'event',
    grunnlag: 'Trygt hjem, prosjektplan 3.3: kartlegging før melding om utskrivningsklar pasient',
    krav: 'Kartlegging av funksjon, mestring og behov fullføres før pasienten meldes utskrivningsklar',
    avvikVedBrudd: true,
  },
  UTSKRIVNINGSKLAR_MELDING: {
    ansvarlig: 'sykehus',
    art: 'calendar',
    grunnlag: 'Forskrift om kommunal betaling for utskrivningsklare pasienter §§ 8 og 10',
    krav: 'Melding om utskrivningsklar pasient sendes samme dag som vurderingen, med punkt a–d dokumentert',
    avvikVedBrudd: true,
  },
  KOMMUNESVAR: {
    ansvarlig: 'kommune',
    art: 'elapsed',
    grunnlag: 'Forskrift om kommunal betaling for utskrivningsklare pasienter § 10 og samarbeidsavtalen',
    krav: 'Kommunen svarer straks om den kan ta imot pasienten',
    avvikVedBrudd: true,
  },
  TILBUD_KLART: {
    ansvarlig: 'kommune',
    art: 'calendar',
    grunnlag: 'Forskrift om kommunal betaling for utskrivningsklare pasienter § 11',
    krav: 'Kommunen melder straks når tilbudet er klart, senest på datoen den oppga',
    avvikVedBrudd: false,
  },
  EPIKRISE: {
    ansvarlig: 'sykehus',
    art: 'elapsed',
    grunnlag: 'Forskrift om kommunal betaling for utskrivningsklare pasienter § 12 og samarbeidsavtalen',
    krav: 'Epikrise eller tilsvarende opplysninger sendes ved utskrivning',
    avvikVedBrudd: true,
  },
  OPPFOLGING: {
    ansvarlig: 'kommune',
    art: 'elapsed',
    grunnlag: 'Samarbeidsavtalen (tjenesteavtale 5) og Trygt hjem',
    krav: 'Kommunal oppfølging etter hjemkomst dokumenteres',
    avvikVedBrudd: true,
  },
};

// ---------------------------------------------------------------- time helpers

/**
 * Europe/Oslo with its UTC offset remembered per UTC hour. Luxon asks Intl for the offset of
 * every instant it touches, which made the frist computation most of a hendelse's CPU; the
 * offset can only change at a whole UTC hour (01:00 UTC at both daylight-saving changes), so
 * one lookup per hour is exact. Pure: the cache only remembers what Intl answered.
 */
class OsloSone extends IANAZone {
  private readonly perTime = new Map<number, number>();

  override offset(ts: number): number {
    const time = Math.floor(ts / 3_600_000);
    let o = this.perTime.get(time);
    if (o === undefined) {
      o = super.offset(ts);
      if (this.perTime.size > 50_000) this.perTime.clear(); // bounded: a few years of hours
      this.perTime.set(time, o);
    }
    return o;
  }
}

const OSLO = new OsloSone(TIDSSONE);

const varigheter = new Map<string, Duration>();
/** ISO 8601 durations come from a small configuration; parse each once. */
function varighet(v: string): Duration {
  let d = varigheter.get(v);
  if (!d) {
    d = Duration.fromISO(v);
    if (varigheter.size > 1000) varigheter.clear();
    varigheter.set(v, d);
  }
  return d;
}

/** Epoch milliseconds of an ISO 8601 instant (with its offset, as the API stores them). */
export const ms = (iso: string): number => {
  const t = Date.parse(iso);
  // Date.parse reads every instant the API accepts; luxon stays the judge of anything unusual.
  return Number.isNaN(t) ? DateTime.fromISO(iso, { setZone: true }).toMillis() : t;
};

/** An instant (epoch ms) on the Oslo clock. */
export function iOslo(epochMs: number): DateTime {
  return DateTime.fromMillis(epochMs, { zone: OSLO });
}

export function tid(iso: string): DateTime {
  return iOslo(ms(iso));
}

/** The calendar date (Europe/Oslo) an instant falls on. */
export function dato(iso: string): string {
  return tid(iso).toISODate()!;
}

/** The first instant after the calendar day (Europe/Oslo) that `iso` falls on. */
export function dagensSlutt(iso: string): string {
  return tid(iso).startOf('day').plus({ days: 1 }).toISO()!;
}

/** The first instant after the given calendar date (Europe/Oslo). */
export function datoSlutt(isoDato: string): string {
  return DateTime.fromISO(isoDato, { zone: OSLO }).startOf('day').plus({ days: 1 }).toISO()!;
}

/** `iso` plus an ISO 8601 duration: hours and smaller are elapsed time, days and larger calendar. */
export function pluss(iso: string, v: string): string {
  return tid(iso).plus(varighet(v)).toISO()!;
}

export function minus(iso: string, v: string): string {
  return tid(iso).minus(varighet(v)).toISO()!;
}

/** The instant a given hour (Europe/Oslo) begins on a calendar date. */
export function klokkeslettPaDato(isoDato: string, time: number): string {
  return DateTime.fromISO(isoDato, { zone: OSLO }).set({ hour: time }).toISO()!;
}

/** The next instant at a given hour (Europe/Oslo) strictly after `iso`. */
export function nesteKlokkeslett(iso: string, time: number): string {
  const t = tid(iso);
  let kandidat = t.startOf('day').set({ hour: time });
  if (kandidat.toMillis() <= t.toMillis()) kandidat = t.startOf('day').plus({ days: 1 }).set({ hour: time });
  return kandidat.toISO()!;
}

/** Calendar days from one instant's Oslo date to another's (a 23- or 25-hour day counts as one). */
export function kalenderdager(fraIso: string, tilIso: string): number {
  return Math.round((Date.parse(dato(tilIso)) - Date.parse(dato(fraIso))) / 86_400_000);
}

/** A calendar date (Europe/Oslo) as a luxon DateTime at its start. */
export function datoStart(isoDato: string): DateTime {
  return DateTime.fromISO(isoDato, { zone: OSLO }).startOf('day');
}

// ---------------------------------------------------------------- the forløp's facts

export interface ForlopFakta {
  start: ForlopStart;
  /** In sekvens order (the order the forløp accepted them). */
  hendelser: readonly Hendelse[];
}

const SLUTT: HendelseType[] = ['UTSKREVET', 'DOD', 'FORLOP_AVBRUTT'];

/** A type guard for hendelser of the given types. */
export function erAv<T extends HendelseType>(...typer: T[]): (h: Hendelse) => h is HendelseAv<T> {
  const sett: ReadonlySet<HendelseType> = new Set(typer);
  return (h): h is HendelseAv<T> => sett.has(h.type);
}

function forste<T extends HendelseType>(
  h: readonly Hendelse[],
  typer: T[],
  etterSekvens = 0,
  forSekvens = Infinity,
): HendelseAv<T> | undefined {
  const av = erAv(...typer);
  return h.find((x): x is HendelseAv<T> => av(x) && x.sekvens > etterSekvens && x.sekvens < forSekvens);
}

function tidligste(h: readonly Hendelse[], type: HendelseType): string | null {
  let best: string | null = null;
  for (const x of h) if (x.type === type && (best === null || ms(x.tidspunkt) < ms(best))) best = x.tidspunkt;
  return best;
}

/**
 * The utskrivningsklar periods: each melding opens one, which lasts until the next melding,
 * an avmelding, or the patient leaving. Shared by the KOMMUNESVAR frist and the payment rule.
 */
export interface Periode {
  melding: HendelseAv<'UTSKRIVNINGSKLAR'>;
  /** The hendelse that ended the period (next melding, avmelding, UTSKREVET, DOD, FORLOP_AVBRUTT), if any. */
  slutt: Hendelse | undefined;
  /** The kommune's first answer (KOMMUNESVAR or TILBUD_KLART) in the period. */
  svar: Hendelse | undefined;
  /** When the kommune said it can receive or reported the tilbud klart: the end of waiting. */
  klar: Hendelse | undefined;
}

export function perioder(fakta: ForlopFakta): Periode[] {
  const h = fakta.hendelser;
  return h
    .filter(erAv('UTSKRIVNINGSKLAR'))
    .map((melding) => {
      const slutt = forste(h, ['UTSKRIVNINGSKLAR', 'UTSKRIVNINGSKLAR_AVMELDT', ...SLUTT], melding.sekvens);
      const innen = (x: Hendelse) => x.sekvens > melding.sekvens && (!slutt || x.sekvens < slutt.sekvens);
      const svar = h.find((x) => innen(x) && (x.type === 'KOMMUNESVAR' || x.type === 'TILBUD_KLART'));
      const klar = h.find(
        (x) => innen(x) && (x.type === 'TILBUD_KLART' || (x.type === 'KOMMUNESVAR' && x.data.kanTaImot === true)),
      );
      return { melding, slutt, svar, klar };
    });
}

// ---------------------------------------------------------------- frist instances

interface Vurderingsgrunnlag {
  id: FristId;
  nokkel: string;
  start: string;
  frist: string;
  /** When the deed was done (clinical time), if it was. */
  oppfylt: string | null;
  /** When the frist stopped applying (the forløp ended, a new melding replaced it), if it did. */
  bortfaltVed: string | null;
  paminnelseFor?: string;
  grunn?: string;
}

/** The common judgement of a frist with a due instant. */
function vurder(g: Vurderingsgrunnlag, konfig: FristKonfigurasjon, naa: string): FristInstans {
  const regel = FRIST_REGLER[g.id];
  const frist = ms(g.frist);
  let status: FristStatus;
  if (g.oppfylt !== null) status = ms(g.oppfylt) <= frist ? 'oppfylt' : 'brutt';
  else if (g.bortfaltVed !== null && ms(g.bortfaltVed) <= frist) status = 'bortfalt';
  else status = ms(naa) >= frist || g.bortfaltVed !== null ? 'brutt' : 'aktiv';

  const ulost = status === 'brutt' && g.oppfylt === null && g.bortfaltVed === null;
  const paminnelse = g.paminnelseFor ? minus(g.frist, g.paminnelseFor) : null;
  return {
    nokkel: g.nokkel,
    id: g.id,
    ansvarlig: regel.ansvarlig,
    art: regel.art,
    start: g.start,
    frist: g.frist,
    status,
    oppfyltTidspunkt: g.oppfylt,
    bruttTidspunkt: status === 'brutt' ? g.frist : null,
    paminnelser: status === 'aktiv' && paminnelse && ms(paminnelse) > ms(g.start) ? [paminnelse] : [],
    eskalering: ulost ? (regel.avvikVedBrudd ? pluss(g.frist, konfig.eskalering) : g.frist) : null,
    ...(status === 'brutt' ? { grunn: g.grunn ?? `${regel.krav}: fristen ${g.frist} ble ikke overholdt` } : {}),
  };
}

/**
 * Every frist of the forløp as it stands at `naa`. Deterministic: the same facts,
 * configuration and instant always give the same list, in the same order.
 */
export function beregnFrister(fakta: ForlopFakta, konfig: FristKonfigurasjon, naa: string): FristInstans[] {
  const { start } = fakta;
  const h = fakta.hendelser;
  const ut: FristInstans[] = [];
  const slutt = forste(h, SLUTT);
  const sluttT = slutt?.tidspunkt ?? null;

  // INNLEGGELSESMELDING: 24 h elapsed from admission, when kommunale tjenester are assumed needed.
  if (start.antattBehovKommunaleTjenester) {
    ut.push(
      vurder(
        {
          id: 'INNLEGGELSESMELDING',
          nokkel: 'INNLEGGELSESMELDING',
          start: start.innlagtTidspunkt,
          frist: pluss(start.innlagtTidspunkt, konfig.innleggelsesmelding),
          oppfylt: tidligste(h, 'INNLEGGELSESMELDING_SENDT'),
          bortfaltVed: sluttT,
          paminnelseFor: konfig.innleggelsesmeldingPaminnelseFor,
        },
        konfig,
        naa,
      ),
    );
  }

  // KARTLEGGING: done before the first melding om utskrivningsklar after inclusion; its "due" is
  // that melding. It follows inclusion: a patient excluded before it broke lets it lapse.
  const kartlegging_ = kartlegging(fakta, konfig);
  if (kartlegging_) ut.push(kartlegging_);

  const alle = perioder(fakta);
  for (const p of alle) {
    // UTSKRIVNINGSKLAR_MELDING: same calendar day as the assessment, with points a–d.
    const m = p.melding;
    const vurdert = m.data.vurdertTidspunkt ?? m.tidspunkt;
    const frist = dagensSlutt(vurdert);
    const iTide = ms(m.tidspunkt) < ms(frist);
    const komplett = erFullstendig(m.data.vurdering);
    const rettet = !komplett && alle.some((q) => q.melding.sekvens > m.sekvens && erFullstendig(q.melding.data.vurdering));
    const regel = FRIST_REGLER.UTSKRIVNINGSKLAR_MELDING;
    const brutt = !iTide || !komplett;
    ut.push({
      nokkel: `UTSKRIVNINGSKLAR_MELDING:${m.sekvens}`,
      id: 'UTSKRIVNINGSKLAR_MELDING',
      ansvarlig: regel.ansvarlig,
      art: regel.art,
      start: vurdert,
      frist,
      status: brutt ? 'brutt' : 'oppfylt',
      oppfyltTidspunkt: komplett ? m.tidspunkt : null,
      bruttTidspunkt: brutt ? (iTide ? m.tidspunkt : frist) : null,
      paminnelser: [],
      eskalering: !komplett && !rettet && !sluttT ? pluss(m.tidspunkt, konfig.eskalering) : null,
      ...(brutt
        ? {
            grunn: !komplett
              ? 'Melding om utskrivningsklar pasient mangler dokumentasjon av ett eller flere av punktene a–d; den er ikke en gyldig melding'
              : `Melding om utskrivningsklar pasient ble sendt etter utløpet av vurderingsdagen (${dato(vurdert)})`,
          }
        : {}),
    });

    // KOMMUNESVAR: the kommune answers "straks" (configurable hours, elapsed) after the melding.
    ut.push(
      vurder(
        {
          id: 'KOMMUNESVAR',
          nokkel: `KOMMUNESVAR:${m.sekvens}`,
          start: m.tidspunkt,
          frist: pluss(m.tidspunkt, konfig.kommunesvar),
          oppfylt: p.svar?.tidspunkt ?? null,
          bortfaltVed: p.svar ? null : (p.slutt?.tidspunkt ?? null),
          paminnelseFor: konfig.kommunesvarPaminnelseFor,
          grunn: 'Kommunen svarte ikke straks på melding om utskrivningsklar pasient',
        },
        konfig,
        naa,
      ),
    );

    // TILBUD_KLART: each "kan ikke" with an expected date; due at the end of that date.
    const periodeSlutt = p.slutt?.sekvens ?? Infinity;
    for (const nei of h.filter(erAv('KOMMUNESVAR'))) {
      const klarDato = nei.data.forventetKlarDato;
      if (nei.data.kanTaImot || !klarDato || nei.sekvens <= m.sekvens || nei.sekvens >= periodeSlutt) continue;
      const nyttSvar = forste(h, ['KOMMUNESVAR'], nei.sekvens, periodeSlutt);
      // A newer answer (a new expected date) replaces this one; only a klar before it meets this frist.
      const klar =
        p.klar && p.klar.sekvens > nei.sekvens && (!nyttSvar || p.klar.sekvens <= nyttSvar.sekvens) ? p.klar : undefined;
      const avbrudd = klar ? undefined : (nyttSvar ?? p.slutt);
      ut.push(
        vurder(
          {
            id: 'TILBUD_KLART',
            nokkel: `TILBUD_KLART:${nei.sekvens}`,
            start: nei.tidspunkt,
            frist: datoSlutt(klarDato),
            oppfylt: klar?.tidspunkt ?? null,
            bortfaltVed: avbrudd?.tidspunkt ?? null,
            grunn: `Kommunen har ikke meldt tilbudet klart innen forventet dato ${klarDato}`,
          },
          konfig,
          naa,
        ),
      );
    }
  }

  // EPIKRISE and OPPFOLGING start at utskrivning.
  const utskrevet = forste(h, ['UTSKREVET']);
  if (utskrevet && utskrevet.data.destinasjon !== 'dod') {
    const dod = forste(h, ['DOD', 'FORLOP_AVBRUTT'], utskrevet.sekvens);
    ut.push(
      vurder(
        {
          id: 'EPIKRISE',
          nokkel: 'EPIKRISE',
          start: utskrevet.tidspunkt,
          frist: pluss(utskrevet.tidspunkt, konfig.epikriseGrace),
          oppfylt: tidligste(h, 'EPIKRISE_SENDT'),
          bortfaltVed: dod?.tidspunkt ?? null,
          grunn: 'Epikrise eller tilsvarende opplysninger var ikke sendt ved utskrivning',
        },
        konfig,
        naa,
      ),
    );
    if (erHjem(utskrevet.data.destinasjon)) {
      ut.push(
        vurder(
          {
            id: 'OPPFOLGING',
            nokkel: 'OPPFOLGING',
            start: utskrevet.tidspunkt,
            frist: pluss(utskrevet.tidspunkt, konfig.oppfolging),
            oppfylt: tidligste(h, 'OPPFOLGING_STARTET'),
            bortfaltVed: dod?.tidspunkt ?? null,
            paminnelseFor: konfig.oppfolgingPaminnelseFor,
            grunn: 'Kommunal oppfølging etter hjemkomst er ikke dokumentert innen fristen',
          },
          konfig,
          naa,
        ),
      );
    }
  }

  // A forløp registered in error has no frister: every one not met lapses (its avvik are withdrawn).
  if (h.some((x) => x.type === 'FORLOP_AVBRUTT')) {
    return ut.map((f) =>
      f.status === 'oppfylt' ? f : { ...f, status: 'bortfalt', bruttTidspunkt: null, paminnelser: [], eskalering: null },
    );
  }
  return ut;
}

function kartlegging(fakta: ForlopFakta, konfig: FristKonfigurasjon): FristInstans | null {
  const h = fakta.hendelser;
  const inklusjon = gjeldendeInklusjon(fakta.start, h);
  if (!inklusjon.noenGangInkludert) return null;
  const regel = FRIST_REGLER.KARTLEGGING;
  // The inclusion that counts: the current one, or (excluded) the last one before the exclusion.
  const inkludertFra = inklusjon.inkludertFra ?? sisteInkludering(fakta, inklusjon.ekskludertTidspunkt);
  const melding = h.find((x): x is HendelseAv<'UTSKRIVNINGSKLAR'> => x.type === 'UTSKRIVNINGSKLAR' && ms(x.tidspunkt) >= ms(inkludertFra));
  const fullfort = tidligste(h, 'KARTLEGGING_FULLFORT');
  const slutt = forste(h, SLUTT);
  const ekskludert = inklusjon.ekskludertTidspunkt;
  const basis = {
    nokkel: 'KARTLEGGING',
    id: 'KARTLEGGING' as const,
    ansvarlig: regel.ansvarlig,
    art: regel.art,
    start: inkludertFra,
    oppfyltTidspunkt: fullfort,
  };
  const bortfalt = { ...basis, frist: null, status: 'bortfalt' as const, bruttTidspunkt: null, paminnelser: [], eskalering: null };
  if (fullfort && (!melding || ms(fullfort) <= ms(melding.tidspunkt))) {
    return { ...basis, frist: melding?.tidspunkt ?? null, status: 'oppfylt', bruttTidspunkt: null, paminnelser: [], eskalering: null };
  }
  // Excluded before a melding broke it: the frist lapses (a breach before the exclusion stands).
  if (ekskludert && (!melding || ms(ekskludert) <= ms(melding.tidspunkt))) return bortfalt;
  if (melding) {
    return {
      ...basis,
      frist: melding.tidspunkt,
      status: 'brutt',
      bruttTidspunkt: melding.tidspunkt,
      paminnelser: [],
      eskalering: !fullfort && !slutt && !ekskludert ? pluss(melding.tidspunkt, konfig.eskalering) : null,
      grunn: 'Pasienten ble meldt utskrivningsklar uten fullført kartlegging',
    };
  }
  if (slutt) return bortfalt;
  // Remind the team ahead of the expected discharge the ward gave in its latest melding.
  const paminnelse = kartleggingPaminnelse(fakta, konfig);
  return {
    ...basis,
    frist: null,
    status: 'aktiv',
    bruttTidspunkt: null,
    paminnelser: paminnelse && ms(paminnelse) > ms(inkludertFra) ? [paminnelse] : [],
    eskalering: null,
  };
}

/** The forventet utskrivningsdato the ward gave in its latest melding om innlagt pasient, if any. */
export function forventetUtskrivningsdato(hendelser: readonly Hendelse[]): string | null {
  return (
    hendelser
      .filter(erAv('INNLEGGELSESMELDING_SENDT'))
      .reverse()
      .find((x) => x.data.forventetUtskrivningsdato)?.data.forventetUtskrivningsdato ?? null
  );
}

/** When the team is reminded: the configured time before the start of the expected discharge date. */
function kartleggingPaminnelse(fakta: ForlopFakta, konfig: FristKonfigurasjon): string | null {
  const forventet = forventetUtskrivningsdato(fakta.hendelser);
  return forventet ? datoStart(forventet).minus(varighet(konfig.kartleggingPaminnelseFor)).toISO()! : null;
}

/** When the inclusion that an exclusion ended began: the last including hendelse before it, or the admission. */
function sisteInkludering(fakta: ForlopFakta, ekskludert: string | null): string {
  const inkluderinger = fakta.hendelser.filter(
    (x): x is HendelseAv<'KARTLEGGING_INKLUSJON'> =>
      x.type === 'KARTLEGGING_INKLUSJON' && x.data.inkludert && (ekskludert === null || ms(x.tidspunkt) <= ms(ekskludert)),
  );
  return inkluderinger.at(-1)?.tidspunkt ?? fakta.start.innlagtTidspunkt;
}

/** A non-negative ISO 8601 duration with at least one number (luxon alone accepts "P", "PT" and negatives). */
export function gyldigVarighet(v: string): boolean {
  const d = Duration.fromISO(v);
  return d.isValid && /\d/.test(v) && d.toMillis() >= 0 && !v.includes('-');
}

export type VarighetNokkel = Exclude<keyof FristKonfigurasjon, 'dagligStatusKlokken'>;

/**
 * Each duration setting is a `frist` (a deadline or window: longer than zero) or a `varighet`
 * (a reminder's lead time or a grace: zero allowed).
 */
export const INNSTILLING_ART: Record<VarighetNokkel, 'frist' | 'varighet'> = {
  innleggelsesmelding: 'frist',
  innleggelsesmeldingPaminnelseFor: 'varighet',
  kartleggingPaminnelseFor: 'varighet',
  kommunesvar: 'frist',
  kommunesvarPaminnelseFor: 'varighet',
  epikriseGrace: 'varighet',
  oppfolging: 'frist',
  oppfolgingPaminnelseFor: 'varighet',
  eskalering: 'frist',
  avvikSvarfrist: 'frist',
  avvikSvarfristPaminnelseFor: 'varighet',
  observasjonsvindu: 'frist',
  etterregistrering: 'frist',
};

/** A value the setting may take: a valid duration, and for a frist longer than zero. */
export function gyldigInnstilling(nokkel: VarighetNokkel, v: string): boolean {
  return gyldigVarighet(v) && (INNSTILLING_ART[nokkel] === 'varighet' || varighet(v).toMillis() > 0);
}

/** Defaults merged with a kommune's samarbeidsavtale overrides (only known keys, only valid values, by the same rule as the API). */
export function fristKonfigurasjon(
  standard: FristKonfigurasjon,
  overstyring: Partial<FristKonfigurasjon> | null | undefined,
): FristKonfigurasjon {
  const ut = { ...standard };
  for (const [k, v] of Object.entries(overstyring ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(standard, k) || v === undefined || v === null) continue;
    if (k === 'dagligStatusKlokken') {
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 23) ut.dagligStatusKlokken = v;
    } else if (typeof v === 'string' && gyldigInnstilling(k as VarighetNokkel, v)) {
      (ut as Record<string, unknown>)[k] = v;
    }
  }
  return ut;
}
