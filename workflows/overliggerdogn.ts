/**
 * The payment rule for overliggerdøgn (docs/domain.md), pure: the one source of every figure of
 * overliggerdøgn the engine states (the forløp, the kommune's month figure and the invoice basis
 * from the stored days, the daily varsel, the simulator's what-if).
 *
 * The kommune pays from the calendar day the melding om utskrivningsklar pasient arrived,
 * while it has said it cannot receive the patient or has not answered, up to and not
 * including the day it reports the tilbud klart (or says yes). Avmelding, a new melding or
 * the patient leaving stops the count from that day. A late melding om innlagt pasient
 * makes the whole stay not billable; an incomplete melding (points a–d) is not billable
 * until a complete one arrives; a missing epikrise at utskrivning makes the days disputed.
 * A day that is not billed says why (GRUNN), and so do the days after utskrivningsklar that
 * are no overliggerdøgn at all.
 */
import { dato, datoStart, perioder, type ForlopFakta } from './frister';
import { kroner } from './formatering';
import { erFullstendig } from './utskrivning';
import type { Dognpris, FristInstans, IkkeOverliggerdag, OverliggerDag, Overliggerdogn, PrisetDag } from './types';

/** Why a day after utskrivningsklar is not billed, in bokmål, as the forløp, the reports and the varsler say it. */
export const GRUNN = {
  /** The melding om innlagt pasient broke its 24 hours: the whole stay is not billable. */
  innleggelsesmeldingForSent: 'meldingen om innlagt pasient kom for sent',
  /** The melding lacked one of the points a–d: not a valid melding until a complete one arrives. */
  ugyldigMelding: 'ikke gyldig melding (punkt a–d mangler)',
  /** No epikrise at utskrivning: the days are disputed. */
  omstridt: 'omstridt: epikrise mangler',
  /** Between the assessment and the day a late melding arrived: the kommune did not know yet. */
  meldingForSent: 'meldingen om utskrivningsklar pasient kom for sent',
  /** From the day the kommune said yes or reported its tilbud klart. */
  kommunenKunneTaImot: 'kommunen kunne ta imot',
} as const;

/**
 * Every figure of a forløp's overliggerdøgn at `naa`: the overliggerdøgn, each priced at its
 * year's døgnpris and marked billable or not (with the reason), and the other days after
 * utskrivningsklar with theirs.
 */
export function beregnOverliggerdogn(fakta: ForlopFakta, frister: FristInstans[], naa: string, dognpris: Dognpris): Overliggerdogn {
  const dager = overliggerdager(fakta, frister, naa);
  return prisOverliggerdogn(dager, dognpris, andreDager(fakta, dager));
}

/** The overliggerdøgn (days of the payment window), each with whether the payment conditions hold and why not. */
export function overliggerdager(fakta: ForlopFakta, frister: FristInstans[], naa: string): OverliggerDag[] {
  if (fakta.hendelser.some((h) => h.type === 'FORLOP_AVBRUTT')) return [];
  const innleggelsesmeldingBrutt = frister.some((f) => f.id === 'INNLEGGELSESMELDING' && f.status === 'brutt');
  const omstridt = frister.some((f) => f.id === 'EPIKRISE' && f.status === 'brutt');

  const dager = new Map<string, OverliggerDag>();
  for (const p of perioder(fakta)) {
    const fra = dato(p.melding.tidspunkt);
    // Exclusive end: the day of "klar"/yes, avmelding, a new melding or leaving; while open, today is counted.
    const stopp = [p.klar, p.slutt].filter((x) => x !== undefined).sort((a, b) => a.sekvens - b.sekvens)[0];
    const til = stopp ? dato(stopp.tidspunkt) : nesteDato(dato(naa));
    const gyldig = erFullstendig(p.melding.data.vurdering);
    const betalbar = !innleggelsesmeldingBrutt && gyldig;
    // The first reason in the order the invoice basis sorts a day (ikke_betalbar before omstridt).
    const grunn = innleggelsesmeldingBrutt ? GRUNN.innleggelsesmeldingForSent : !gyldig ? GRUNN.ugyldigMelding : omstridt ? GRUNN.omstridt : undefined;
    for (let d = fra; d < til; d = nesteDato(d)) {
      // A later period's judgement of the same day wins (a complete melding replacing an incomplete one).
      dager.set(d, { dato: d, betalingsvilkarOppfylt: betalbar, omstridt, ...(grunn ? { grunn } : {}) });
    }
  }
  return [...dager.values()].sort((a, b) => (a.dato < b.dato ? -1 : 1));
}

/**
 * The days after utskrivningsklar that are no overliggerdøgn: before a late melding arrived, and
 * from the kommune's yes or klart to the period's end. Only closed spans are listed (a span still
 * open would grow with the clock, not with a hendelse), so they change only when a hendelse comes.
 */
function andreDager(fakta: ForlopFakta, overligger: OverliggerDag[]): IkkeOverliggerdag[] {
  if (fakta.hendelser.some((h) => h.type === 'FORLOP_AVBRUTT')) return [];
  const tatt = new Set(overligger.map((d) => d.dato));
  const dager = new Map<string, IkkeOverliggerdag>();
  const spenn = (fra: string, til: string, grunn: string) => {
    for (let d = fra; d < til; d = nesteDato(d)) if (!tatt.has(d)) dager.set(d, { dato: d, grunn });
  };
  for (const p of perioder(fakta)) {
    const vurdert = p.melding.data.vurdertTidspunkt;
    if (vurdert) spenn(dato(vurdert), dato(p.melding.tidspunkt), GRUNN.meldingForSent);
    if (p.klar && p.slutt) spenn(dato(p.klar.tidspunkt), dato(p.slutt.tidspunkt), GRUNN.kommunenKunneTaImot);
  }
  return [...dager.values()].sort((a, b) => (a.dato < b.dato ? -1 : 1));
}

function nesteDato(isoDato: string): string {
  return datoStart(isoDato).plus({ days: 1 }).toISODate()!;
}

/** Each day priced at its own year's døgnpris; a year not yet configured uses the latest earlier one, marked provisional. */
export function prisOverliggerdogn(dager: OverliggerDag[], dognpris: Dognpris, ikkeOverliggerdogn: IkkeOverliggerdag[] = []): Overliggerdogn {
  const ar = Object.keys(dognpris)
    .map(Number)
    .sort((a, b) => a - b);
  const priset = dager.map((d): PrisetDag => {
    const year = Number(d.dato.slice(0, 4));
    const kjent = dognpris[String(year)];
    const brukt = kjent ?? dognpris[String([...ar].reverse().find((a) => a < year) ?? ar[0])] ?? 0;
    return { ...d, belop: brukt, prisForelopig: kjent === undefined, fakturerbar: erFakturerbar(d) };
  });
  return oppsummer(priset, ikkeOverliggerdogn);
}

/** Billable: the payment conditions are met and the day is not disputed. */
const erFakturerbar = (d: OverliggerDag): boolean => d.betalingsvilkarOppfylt && !d.omstridt;

/**
 * A stay's figures from its priced days: antall = days; fakturerbare = the billable days; belop =
 * their sum; betalingsvilkarOppfylt = every day's flag (true with no days); omstridt = any day
 * disputed. The workflow and the API's view of stored days both ask this.
 */
export function oppsummer(dager: PrisetDag[], ikkeOverliggerdogn: IkkeOverliggerdag[] = []): Overliggerdogn {
  const fakturerbare = dager.filter((d) => d.fakturerbar);
  return {
    antall: dager.length,
    fakturerbare: fakturerbare.length,
    belop: fakturerbare.reduce((s, d) => s + d.belop, 0),
    dager,
    ikkeOverliggerdogn,
    betalingsvilkarOppfylt: dager.every((d) => d.betalingsvilkarOppfylt),
    omstridt: dager.some((d) => d.omstridt),
  };
}

/**
 * The figures in words, as every varsel that states them says it: "3 overliggerdøgn, 17 943 kr", or
 * with days not billed "3 overliggerdøgn, 2 fakturerbare: 11 962 kr. Ikke fakturerbare: 1 – <grunn>".
 */
export function overliggerdognTekst(o: Overliggerdogn): string {
  if (o.fakturerbare === o.antall) return `${o.antall} overliggerdøgn, ${kroner(o.belop)}`;
  const perGrunn = new Map<string, number>();
  for (const d of o.dager) if (!d.fakturerbar) perGrunn.set(d.grunn ?? 'ukjent grunn', (perGrunn.get(d.grunn ?? 'ukjent grunn') ?? 0) + 1);
  const grunner = [...perGrunn].map(([grunn, n]) => `${n} – ${grunn}`).join('; ');
  return `${o.antall} overliggerdøgn, ${o.fakturerbare} fakturerbare: ${kroner(o.belop)}. Ikke fakturerbare: ${grunner}`;
}
