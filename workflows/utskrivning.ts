/**
 * Two facts about a discharge that the machine, the frist module and the payment rule all ask,
 * said once: whether an utskrivningsklar-vurdering documents all four points (a–d), and which
 * destinations are home (the kommune's oppfølging follows those).
 */
import type { Destinasjon, Vurdering } from './types';

/** Destinations after which the kommune must document oppfølging (OPPFOLGING frist). */
export const HJEM_DESTINASJONER: readonly Destinasjon[] = ['hjem', 'hjem_med_tjenester'];

export const erHjem = (d: Destinasjon | null | undefined): boolean => !!d && HJEM_DESTINASJONER.includes(d);

/** Points a–d of the utskrivningsklar-vurdering all documented: only then is the melding valid. */
export function erFullstendig(v: Vurdering | undefined): boolean {
  return (
    !!v &&
    v.problemstillingerVedInnleggelseAvklart &&
    v.ovrigeProblemstillingerAvklart &&
    v.uavklarteProblemstillingerAngitt &&
    v.funksjonsnivaaVurdert
  );
}
