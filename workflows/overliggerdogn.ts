/**
 * The payment rule for overliggerdøgn (docs/domain.md), pure.
 *
 * The kommune pays from the calendar day the melding om utskrivningsklar pasient arrived,
 * while it has said it cannot receive the patient or has not answered, up to and not
 * including the day it reports the tilbud klart (or says yes). Avmelding, a new melding or
 * the patient leaving stops the count from that day. A late melding om innlagt pasient
 * makes the whole stay not billable; an incomplete melding (points a–d) is not billable
 * until a complete one arrives; a missing epikrise at utskrivning makes the days disputed.
 */
import { dato, datoStart, perioder, type ForlopFakta } from './frister';
import { erFullstendig } from './utskrivning';
import type { Dognpris, FristInstans, OverliggerDag, Overliggerdogn, PrisetDag } from './types';

export function overliggerdager(fakta: ForlopFakta, frister: FristInstans[], naa: string): OverliggerDag[] {
  if (fakta.hendelser.some((h) => h.type === 'FORLOP_AVBRUTT')) return [];
  const innleggelsesmeldingBrutt = frister.some((f) => f.id === 'INNLEGGELSESMELDING' && f.status === 'brutt');
  const omstridt = frister.some((f) => f.id === 'EPIKRISE' && f.status === 'brutt');

  const dager = new Map<string, OverliggerDag>();
  for (const p of perioder(fakta)) {
    const fra = dato(p.melding.tidspunkt);
    // Exclusive end: the day of "klar"/yes, avmelding, a new melding or leaving; while open, today is counted.
    const stopp = [p.klar, p.slutt].filter((x) => x !== undefined).sort((a, b) => a!.sekvens - b!.sekvens)[0];
    const til = stopp ? dato(stopp.tidspunkt) : nesteDato(dato(naa));
    const betalbar = !innleggelsesmeldingBrutt && erFullstendig(p.melding.data.vurdering);
    for (let d = fra; d < til; d = nesteDato(d)) {
      // A later period's judgement of the same day wins (a complete melding replacing an incomplete one).
      dager.set(d, { dato: d, betalingsvilkarOppfylt: betalbar, omstridt });
    }
  }
  return [...dager.values()].sort((a, b) => (a.dato < b.dato ? -1 : 1));
}

function nesteDato(isoDato: string): string {
  return datoStart(isoDato).plus({ days: 1 }).toISODate()!;
}

/** Each day priced at its own year's døgnpris; a year not yet configured uses the latest earlier one, marked provisional. */
export function prisOverliggerdogn(dager: OverliggerDag[], dognpris: Dognpris): Overliggerdogn {
  const ar = Object.keys(dognpris)
    .map(Number)
    .sort((a, b) => a - b);
  return oppsummer(
    dager.map((d) => {
      const year = Number(d.dato.slice(0, 4));
      const kjent = dognpris[String(year)];
      const brukt = kjent ?? dognpris[String([...ar].reverse().find((a) => a < year) ?? ar[0])] ?? 0;
      return { ...d, belop: brukt, prisForelopig: kjent === undefined };
    }),
  );
}

/**
 * A stay's figures from its priced days: antall = days; belop = sum over the days whose payment
 * conditions are met; betalingsvilkarOppfylt = every day's flag (true with no days); omstridt =
 * any day disputed. The workflow and the API's view of stored days both ask this.
 */
export function oppsummer(dager: PrisetDag[]): Overliggerdogn {
  return {
    antall: dager.length,
    belop: dager.reduce((s, d) => s + (d.betalingsvilkarOppfylt ? d.belop : 0), 0),
    dager,
    betalingsvilkarOppfylt: dager.every((d) => d.betalingsvilkarOppfylt),
    omstridt: dager.some((d) => d.omstridt),
  };
}
