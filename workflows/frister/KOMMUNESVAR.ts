/** KOMMUNESVAR: the kommune answers "straks" (a configured time, elapsed) after each melding. */
import { vurder, type FristRegel } from './definisjon';
import { pluss } from './tid';

export const KOMMUNESVAR: FristRegel<'KOMMUNESVAR'> = {
  id: 'KOMMUNESVAR',
  navn: 'kommunens svar',
  ansvarlig: 'kommune',
  art: 'elapsed',
  grunnlag: 'Forskrift om kommunal betaling for utskrivningsklare pasienter § 10 og samarbeidsavtalen',
  krav: () => 'Kommunen svarer straks om den kan ta imot pasienten',
  avvikVedBrudd: true,
  innstillinger: {
    kommunesvar: { art: 'frist', beskrivelse: 'Kommunens svar på melding om utskrivningsklar pasient' },
    kommunesvarPaminnelseFor: { art: 'varighet', beskrivelse: 'Påminnelse før kommunesvarets frist' },
  },
  beregning: {
    per: 'periode',
    beregn: (p, { konfig, naa }) => [
      vurder(
        KOMMUNESVAR,
        {
          nokkel: `KOMMUNESVAR:${p.melding.sekvens}`,
          start: p.melding.tidspunkt,
          frist: pluss(p.melding.tidspunkt, konfig.kommunesvar),
          oppfylt: p.svar?.tidspunkt ?? null,
          bortfaltVed: p.svar ? null : (p.slutt?.tidspunkt ?? null),
          paminnelseFor: konfig.kommunesvarPaminnelseFor,
          grunn: 'Kommunen svarte ikke straks på melding om utskrivningsklar pasient',
        },
        konfig,
        naa,
      ),
    ],
  },
};
