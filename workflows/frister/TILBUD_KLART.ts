/** TILBUD_KLART: each "kan ikke" with an expected date is due at the end of that Oslo date. */
import type { FristInstans } from '../types';
import { vurder, type FristRegel } from './definisjon';
import { erAv, forste } from './fakta';
import { datoTekst } from '../formatering';
import { datoSlutt } from './tid';

export const TILBUD_KLART: FristRegel<'TILBUD_KLART'> = {
  id: 'TILBUD_KLART',
  navn: 'melding om at tilbudet er klart',
  ansvarlig: 'kommune',
  art: 'calendar',
  grunnlag: 'Forskrift om kommunal betaling for utskrivningsklare pasienter § 11',
  krav: () => 'Kommunen melder straks når tilbudet er klart, senest på datoen den oppga',
  avvikVedBrudd: false,
  // Due at the date the kommune gave, not after a configured time.
  innstillinger: {},
  beregning: {
    per: 'periode',
    beregn: (p, { fakta, konfig, naa }) => {
      const h = fakta.hendelser;
      const m = p.melding;
      const ut: FristInstans[] = [];
      const periodeSlutt = p.slutt?.sekvens ?? Infinity;
      for (const nei of h.filter(erAv('KOMMUNESVAR'))) {
        const klarDato = nei.data.forventetKlarDato;
        if (nei.data.kanTaImot || !klarDato || nei.sekvens <= m.sekvens || nei.sekvens >= periodeSlutt) continue;
        const nyttSvar = forste(h, ['KOMMUNESVAR'], nei.sekvens, periodeSlutt);
        // A newer answer (a new expected date) replaces this one; only a klar before it meets this frist.
        const klar = p.klar && p.klar.sekvens > nei.sekvens && (!nyttSvar || p.klar.sekvens <= nyttSvar.sekvens) ? p.klar : undefined;
        const avbrudd = klar ? undefined : (nyttSvar ?? p.slutt);
        ut.push(
          vurder(
            TILBUD_KLART,
            {
              nokkel: `TILBUD_KLART:${nei.sekvens}`,
              start: nei.tidspunkt,
              frist: datoSlutt(klarDato),
              oppfylt: klar?.tidspunkt ?? null,
              bortfaltVed: avbrudd?.tidspunkt ?? null,
              grunn: `Kommunen har ikke meldt tilbudet klart innen forventet dato ${datoTekst(klarDato, true)}`,
            },
            konfig,
            naa,
          ),
        );
      }
      return ut;
    },
  },
};
