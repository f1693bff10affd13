/** OPPFOLGING: the kommune documents its follow-up a configured time after a discharge home. */
import { erHjem } from '../utskrivning';
import { vurder, type FristRegel } from './definisjon';
import { forste, tidligste } from './fakta';
import { pluss } from './tid';

export const OPPFOLGING: FristRegel<'OPPFOLGING'> = {
  id: 'OPPFOLGING',
  navn: 'kommunal oppfølging etter hjemkomst',
  ansvarlig: 'kommune',
  art: 'elapsed',
  grunnlag: 'Samarbeidsavtalen (tjenesteavtale 5) og Trygt hjem',
  krav: () => 'Kommunal oppfølging etter hjemkomst dokumenteres',
  avvikVedBrudd: true,
  innstillinger: {
    oppfolging: { art: 'frist', beskrivelse: 'Kommunal oppfølging dokumentert etter utskrivning til hjem' },
    oppfolgingPaminnelseFor: { art: 'varighet', beskrivelse: 'Påminnelse før oppfølgingsfristen' },
  },
  beregning: {
    per: 'forlop',
    beregn: ({ fakta: { hendelser: h }, konfig, naa }) => {
      const utskrevet = forste(h, ['UTSKREVET']);
      if (!utskrevet || !erHjem(utskrevet.data.destinasjon)) return [];
      return [
        vurder(
          OPPFOLGING,
          {
            nokkel: 'OPPFOLGING',
            start: utskrevet.tidspunkt,
            frist: pluss(utskrevet.tidspunkt, konfig.oppfolging),
            oppfylt: tidligste(h, 'OPPFOLGING_STARTET'),
            bortfaltVed: forste(h, ['DOD', 'FORLOP_AVBRUTT'], utskrevet.sekvens)?.tidspunkt ?? null,
            paminnelseFor: konfig.oppfolgingPaminnelseFor,
            grunn: 'Kommunal oppfølging etter hjemkomst er ikke dokumentert innen fristen',
          },
          konfig,
          naa,
        ),
      ];
    },
  },
};
