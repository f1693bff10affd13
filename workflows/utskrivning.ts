/**
 * Two facts about a discharge that the machine, the frist module and the payment rule all ask,
 * said once: whether an utskrivningsklar-vurdering documents all four points (a–d), and which
 * destinations are home (the kommune's oppfølging follows those), which are the kommune's own
 * institutions, and the PLL status the discharge carries.
 */
import type { Destinasjon, Legemiddelliste, Vurdering } from './types';

/** Destinations after which the kommune must document oppfølging (OPPFOLGING frist). */
export const HJEM_DESTINASJONER: readonly Destinasjon[] = ['hjem', 'hjem_med_tjenester'];

export const erHjem = (d: Destinasjon | null | undefined): boolean => !!d && HJEM_DESTINASJONER.includes(d);

/**
 * The four points (a–d) a doctor's utskrivningsklar-vurdering must document (docs/domain.md,
 * stage 4), each with its field in `vurdering` and its words. Imports nothing at run time, so the
 * web interface can import this file to warn before a melding is sent.
 */
export const VURDERING_PUNKTER = [
  { punkt: 'a', felt: 'problemstillingerVedInnleggelseAvklart', tekst: 'problemstillingene ved innleggelsen er avklart' },
  { punkt: 'b', felt: 'ovrigeProblemstillingerAvklart', tekst: 'øvrige problemstillinger avdekket under oppholdet er avklart' },
  { punkt: 'c', felt: 'uavklarteProblemstillingerAngitt', tekst: 'problemstillinger som ikke skal eller kan avklares, er angitt' },
  { punkt: 'd', felt: 'funksjonsnivaaVurdert', tekst: 'pasientens funksjonsnivå, endringen i det og forventet utvikling er vurdert' },
] as const satisfies readonly { punkt: string; felt: keyof Vurdering; tekst: string }[];

export type VurderingPunkt = (typeof VURDERING_PUNKTER)[number]['punkt'];

/** The points (a–d) a vurdering does not document, in order; [] for a complete one. */
export function manglendePunkter(v: Partial<Vurdering> | null | undefined): VurderingPunkt[] {
  return VURDERING_PUNKTER.filter((p) => v?.[p.felt] !== true).map((p) => p.punkt);
}

/** "a", "a og d", "a, b og d": the points named as a sentence names them. */
export function punktListe(punkter: readonly string[]): string {
  return punkter.length <= 1 ? (punkter[0] ?? '') : `${punkter.slice(0, -1).join(', ')} og ${punkter.at(-1)}`;
}

/** Points a–d of the utskrivningsklar-vurdering all documented: only then is the melding valid. */
export function erFullstendig(v: Vurdering | undefined): boolean {
  return !!v && manglendePunkter(v).length === 0;
}

/** Destinations in the kommune's own institutions: it receives the patient there. */
export const KOMMUNAL_INSTITUSJON: readonly Destinasjon[] = ['korttidsopphold', 'langtidsopphold'];

export const erKommunalInstitusjon = (d: Destinasjon | null | undefined): boolean => !!d && KOMMUNAL_INSTITUSJON.includes(d);

/** The PLL status last given (at EPIKRISE_SENDT or UTSKREVET), or null when none was. */
export function legemiddelliste(
  hendelser: readonly { type: string; data: { legemiddelliste?: Legemiddelliste; [felt: string]: unknown } | null }[],
): Legemiddelliste | null {
  for (let i = hendelser.length - 1; i >= 0; i--) {
    const h = hendelser[i];
    if ((h.type === 'EPIKRISE_SENDT' || h.type === 'UTSKREVET') && h.data?.legemiddelliste) return h.data.legemiddelliste;
  }
  return null;
}
