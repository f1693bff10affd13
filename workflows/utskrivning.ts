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

/** Points a–d of the utskrivningsklar-vurdering all documented: only then is the melding valid. */
export function erFullstendig(v: Vurdering | undefined): boolean {
  return !!v && v.problemstillingerVedInnleggelseAvklart && v.ovrigeProblemstillingerAvklart && v.uavklarteProblemstillingerAngitt && v.funksjonsnivaaVurdert;
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
