/** EPIKRISE: sent at utskrivning (a configured grace), unless the patient died. */
import { vurder, type FristRegel } from './definisjon';
import { forste, tidligste } from './fakta';
import { pluss } from './tid';

export const EPIKRISE: FristRegel<'EPIKRISE'> = {
  id: 'EPIKRISE',
  navn: 'epikrise ved utskrivning',
  ansvarlig: 'sykehus',
  art: 'elapsed',
  grunnlag: 'Forskrift om kommunal betaling for utskrivningsklare pasienter § 12 og samarbeidsavtalen',
  krav: () => 'Epikrise eller tilsvarende opplysninger sendes ved utskrivning',
  avvikVedBrudd: true,
  innstillinger: {
    epikriseGrace: { art: 'varighet', beskrivelse: 'Frist for epikrise etter utskrivning (PT0S: ved utskrivning)' },
  },
  beregning: {
    per: 'forlop',
    beregn: ({ fakta: { hendelser: h }, konfig, naa }) => {
      const utskrevet = forste(h, ['UTSKREVET']);
      if (!utskrevet || utskrevet.data.destinasjon === 'dod') return [];
      return [
        vurder(
          EPIKRISE,
          {
            nokkel: 'EPIKRISE',
            start: utskrevet.tidspunkt,
            frist: pluss(utskrevet.tidspunkt, konfig.epikriseGrace),
            oppfylt: tidligste(h, 'EPIKRISE_SENDT'),
            bortfaltVed: forste(h, ['DOD', 'FORLOP_AVBRUTT'], utskrevet.sekvens)?.tidspunkt ?? null,
            grunn: 'Epikrise eller tilsvarende opplysninger var ikke sendt ved utskrivning',
          },
          konfig,
          naa,
        ),
      ];
    },
  },
};
