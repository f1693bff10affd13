/**
 * The forløp's facts as the frist rules read them: its start and its hendelser, and what several
 * rules (and the payment rule) ask of them, such as the utskrivningsklar periods.
 */
import type { ForlopStart } from '../types';
import type { Hendelse, HendelseAv, HendelseType } from '../hendelser';
import { ms } from './tid';

export interface ForlopFakta {
  start: ForlopStart;
  /** In sekvens order (the order the forløp accepted them). */
  hendelser: readonly Hendelse[];
}

/** The hendelser that end the forløp's stay and so its running frister. */
export const SLUTT: HendelseType[] = ['UTSKREVET', 'DOD', 'FORLOP_AVBRUTT'];

/** A type guard for hendelser of the given types. */
export function erAv<T extends HendelseType>(...typer: T[]): (h: Hendelse) => h is HendelseAv<T> {
  const sett: ReadonlySet<HendelseType> = new Set(typer);
  return (h): h is HendelseAv<T> => sett.has(h.type);
}

/** The first hendelse of the given types strictly between two sekvens numbers. */
export function forste<T extends HendelseType>(h: readonly Hendelse[], typer: T[], etterSekvens = 0, forSekvens = Infinity): HendelseAv<T> | undefined {
  const av = erAv(...typer);
  return h.find((x): x is HendelseAv<T> => av(x) && x.sekvens > etterSekvens && x.sekvens < forSekvens);
}

/** The earliest clinical tidspunkt of a type (a late registration can carry an earlier one). */
export function tidligste(h: readonly Hendelse[], type: HendelseType): string | null {
  let best: string | null = null;
  for (const x of h) if (x.type === type && (best === null || ms(x.tidspunkt) < ms(best))) best = x.tidspunkt;
  return best;
}

/**
 * The utskrivningsklar periods: each melding opens one, which lasts until the next melding,
 * an avmelding, or the patient leaving. Shared by the period frister and the payment rule.
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
  return h.filter(erAv('UTSKRIVNINGSKLAR')).map((melding) => {
    const slutt = forste(h, ['UTSKRIVNINGSKLAR', 'UTSKRIVNINGSKLAR_AVMELDT', ...SLUTT], melding.sekvens);
    const innen = (x: Hendelse) => x.sekvens > melding.sekvens && (!slutt || x.sekvens < slutt.sekvens);
    const svar = h.find((x) => innen(x) && (x.type === 'KOMMUNESVAR' || x.type === 'TILBUD_KLART'));
    const klar = h.find((x) => innen(x) && (x.type === 'TILBUD_KLART' || (x.type === 'KOMMUNESVAR' && x.data.kanTaImot === true)));
    return { melding, slutt, svar, klar };
  });
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
