/** UTSKRIVNINGSKLAR_MELDING: each melding sent the same Oslo calendar day as the assessment, with points a–d. */
import { erFullstendig, manglendePunkter, punktListe } from '../utskrivning';
import { type FristRegel } from './definisjon';
import { forste, SLUTT } from './fakta';
import { dagensSlutt, dato, datoTekst, ms, pluss } from './tid';

export const UTSKRIVNINGSKLAR_MELDING: FristRegel<'UTSKRIVNINGSKLAR_MELDING'> = {
  id: 'UTSKRIVNINGSKLAR_MELDING',
  navn: 'melding om utskrivningsklar pasient',
  ansvarlig: 'sykehus',
  art: 'calendar',
  grunnlag: 'Forskrift om kommunal betaling for utskrivningsklare pasienter §§ 8 og 10',
  krav: () => 'Melding om utskrivningsklar pasient sendes samme dag som vurderingen, med punkt a–d dokumentert',
  avvikVedBrudd: true,
  // Due at a calendar day's end, not after a configured time.
  innstillinger: {},
  beregning: {
    per: 'periode',
    beregn: (p, { fakta, konfig, perioder }) => {
      const m = p.melding;
      const vurdert = m.data.vurdertTidspunkt ?? m.tidspunkt;
      const frist = dagensSlutt(vurdert);
      const iTide = ms(m.tidspunkt) < ms(frist);
      const komplett = erFullstendig(m.data.vurdering);
      const mangler = manglendePunkter(m.data.vurdering);
      const rettet = !komplett && perioder.some((q) => q.melding.sekvens > m.sekvens && erFullstendig(q.melding.data.vurdering));
      const sluttT = forste(fakta.hendelser, SLUTT)?.tidspunkt ?? null;
      const brutt = !iTide || !komplett;
      return [
        {
          nokkel: `UTSKRIVNINGSKLAR_MELDING:${m.sekvens}`,
          id: 'UTSKRIVNINGSKLAR_MELDING',
          ansvarlig: UTSKRIVNINGSKLAR_MELDING.ansvarlig,
          art: UTSKRIVNINGSKLAR_MELDING.art,
          start: vurdert,
          frist,
          status: brutt ? 'brutt' : 'oppfylt',
          oppfyltTidspunkt: komplett ? m.tidspunkt : null,
          bruttTidspunkt: brutt ? (iTide ? m.tidspunkt : frist) : null,
          paminnelser: [],
          eskalering: !komplett && !rettet && !sluttT ? pluss(m.tidspunkt, konfig.eskalering) : null,
          ...(komplett ? {} : { manglendePunkter: mangler }),
          ...(brutt
            ? {
                grunn: !komplett
                  ? `Melding om utskrivningsklar pasient mangler dokumentasjon av punkt ${punktListe(mangler)}; den er ikke en gyldig melding, og kommunens betalingsplikt starter ikke før en fullstendig melding er sendt`
                  : `Melding om utskrivningsklar pasient ble sendt etter utløpet av vurderingsdagen (${datoTekst(dato(vurdert))})`,
              }
            : {}),
        },
      ];
    },
  },
};
