import type { Vurdering } from '../types';
import { hendelse } from './definisjon';

export type UtskrivningsklarData = {
  /** ISO with offset, when the doctor assessed; the hendelse's tidspunkt is when the melding was sent. Absent in forløp of release 0.1.0. */
  vurdertTidspunkt?: string;
  vurdering: Vurdering;
};

const FULLSTENDIG: Vurdering = {
  problemstillingerVedInnleggelseAvklart: true,
  ovrigeProblemstillingerAvklart: true,
  uavklarteProblemstillingerAngitt: true,
  funksjonsnivaaVurdert: true,
};

export const UTSKRIVNINGSKLAR = hendelse<UtskrivningsklarData>()({
  type: 'UTSKRIVNINGSKLAR',
  roller: ['sykehus'],
  ord: {
    navn: 'Meldt utskrivningsklar',
    beskrivelse: 'Melding om utskrivningsklar pasient',
    merknad: '; tidspunkt er når meldingen ble sendt, vurdertTidspunkt når legen vurderte',
  },
  eksempler: (tidspunkt) => [{ vurdertTidspunkt: tidspunkt, vurdering: FULLSTENDIG }],
  varsler: (h, k) => [
    {
      mottakerOrg: k.kommune,
      type: 'UTSKRIVNINGSKLAR',
      tekst: 'Melding om utskrivningsklar pasient: svar om kommunen kan ta imot',
      frist: k.fristFor(`KOMMUNESVAR:${h.sekvens}`),
    },
  ],
  skjema: (b) => ({
    felt: { vurdertTidspunkt: b.KliniskTidspunkt, vurdering: b.Vurdering },
    // The assessment comes before the melding; the same clock-skew tolerance as for the future.
    sjekk: (v, ctx) => {
      if (v.vurdertTidspunkt !== undefined && Date.parse(v.vurdertTidspunkt) > Date.parse(v.tidspunkt) + b.MAKS_FREMTID_MS) {
        ctx.addIssue({ code: 'custom', path: ['vurdertTidspunkt'], message: 'kan ikke være etter at meldingen ble sendt' });
      }
    },
    visning: { vurdertTidspunkt: b.Tidspunkt, vurdering: b.Vurdering },
  }),
});
