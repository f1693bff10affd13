/**
 * Compact forløp facts for the unit tests of the pure modules (frister, overliggerdøgn, the
 * forløp machine): the standard frist configuration, a builder of a ForlopStart with its
 * hendelser, and the hendelse data the tests send again and again.
 */
import standardJson from '../../config/frister.default.json';
import { HENDELSE_ROLLE } from '../../workflows/hendelser';
import { fristKonfigurasjon, type ForlopFakta } from '../../workflows/frister';
import type { Destinasjon, FristKonfigurasjon, ForlopStart, Vurdering } from '../../workflows/types';
import type { Hendelse, HendelseData, HendelseDataFor, HendelseType } from '../../workflows/hendelser';

/** config/frister.default.json as it ships. */
export const STANDARD = standardJson as FristKonfigurasjon;
/** The frister with no kommune override. */
export const KONFIG: FristKonfigurasjon = fristKonfigurasjon(STANDARD, null);

/** [type, tidspunkt, data?, registrert?] — one hendelse in compact form; registrert defaults to tidspunkt. */
export type Kort = [HendelseType, string, HendelseData?, string?];

/**
 * A forløp: INNLAGT at `innlagt` (sekvens 1), then the steps as sekvens 2..n, each sent by the
 * first rolle HENDELSE_ROLLE allows (kommune 1833, kartleggingsteam KT-RANA, sykehus HSYK-MO).
 * Kartlegging is not included unless `start` says so.
 */
export function forlop(innlagt: string, steg: Kort[], start: Partial<ForlopStart> = {}): ForlopFakta {
  const s: ForlopStart = {
    forlopId: 'forlop-1',
    pasientId: 'pasient-1',
    oppholdskommune: '1833',
    sykehus: 'HSYK-MO',
    avdeling: 'Medisinsk avdeling',
    innlagtTidspunkt: innlagt,
    antattBehovKommunaleTjenester: true,
    kartleggingInkludert: false,
    kartleggingsteam: 'KT-RANA',
    ...start,
  };
  const alle: Kort[] = [['INNLAGT', innlagt], ...steg];
  const hendelser: Hendelse[] = alle.map(([type, tidspunkt, data, registrert], i) => {
    const rolle = HENDELSE_ROLLE[type][0];
    return {
      hendelseId: `h-${i + 1}`,
      type,
      tidspunkt,
      registrert: registrert ?? tidspunkt,
      av: { rolle, org: rolle === 'kommune' ? '1833' : rolle === 'kartleggingsteam' ? 'KT-RANA' : 'HSYK-MO' },
      data: data ?? {},
      sekvens: i + 1,
    } as Hendelse; // compact facts: the data is the type's (the tests write them so)
  });
  return { start: s, hendelser };
}

/** A vurdering with all four points (a–d) settled. */
export const KOMPLETT: Vurdering = {
  problemstillingerVedInnleggelseAvklart: true,
  ovrigeProblemstillingerAvklart: true,
  uavklarteProblemstillingerAngitt: true,
  funksjonsnivaaVurdert: true,
};
/** A vurdering missing point d (funksjonsnivå): the melding is incomplete. */
export const UFULLSTENDIG: Vurdering = { ...KOMPLETT, funksjonsnivaaVurdert: false };

/** UTSKRIVNINGSKLAR data: the vurdering (complete unless given), vurdertTidspunkt only if given. */
export const melding = (vurdertTidspunkt?: string, vurdering: Vurdering = KOMPLETT): HendelseDataFor['UTSKRIVNINGSKLAR'] => ({
  ...(vurdertTidspunkt ? { vurdertTidspunkt } : {}),
  vurdering,
});
/** KOMMUNESVAR "kan ikke ta imot", with the expected date only if given. */
export const nei = (forventetKlarDato?: string): HendelseDataFor['KOMMUNESVAR'] => ({
  kanTaImot: false,
  ...(forventetKlarDato ? { forventetKlarDato } : {}),
});
/** KOMMUNESVAR "kan ta imot". */
export const JA: HendelseDataFor['KOMMUNESVAR'] = { kanTaImot: true };
/** TILBUD_KLART with a korttidsopphold. */
export const KLART: HendelseDataFor['TILBUD_KLART'] = { tilbud: 'korttidsopphold' };
/** UTSKREVET data. */
export const til = (destinasjon: Destinasjon): HendelseDataFor['UTSKREVET'] => ({ destinasjon });
