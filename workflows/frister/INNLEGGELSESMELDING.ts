/** INNLEGGELSESMELDING: the ward tells the kommune of the admission, elapsed time from it. */
import { vurder, type FristRegel } from './definisjon';
import { forste, SLUTT, tidligste } from './fakta';
import { pluss, varighetTekst } from './tid';

export const INNLEGGELSESMELDING: FristRegel<'INNLEGGELSESMELDING'> = {
  id: 'INNLEGGELSESMELDING',
  navn: 'melding om innlagt pasient',
  ansvarlig: 'sykehus',
  art: 'elapsed',
  grunnlag: 'Forskrift om kommunal betaling for utskrivningsklare pasienter § 9 (varsel om innlagt pasient)',
  krav: (k) => `Melding om innlagt pasient sendes kommunen innen ${varighetTekst(k.innleggelsesmelding)} etter innleggelse`,
  avvikVedBrudd: true,
  innstillinger: {
    innleggelsesmelding: { art: 'frist', beskrivelse: 'Melding om innlagt pasient, etter innleggelsen' },
    innleggelsesmeldingPaminnelseFor: { art: 'varighet', beskrivelse: 'Påminnelse før innleggelsesmeldingens frist' },
  },
  beregning: {
    per: 'forlop',
    // Only when kommunale tjenester are assumed needed.
    beregn: ({ fakta: { start, hendelser: h }, konfig, naa }) =>
      start.antattBehovKommunaleTjenester
        ? [
            vurder(
              INNLEGGELSESMELDING,
              {
                nokkel: 'INNLEGGELSESMELDING',
                start: start.innlagtTidspunkt,
                frist: pluss(start.innlagtTidspunkt, konfig.innleggelsesmelding),
                oppfylt: tidligste(h, 'INNLEGGELSESMELDING_SENDT'),
                bortfaltVed: forste(h, SLUTT)?.tidspunkt ?? null,
                paminnelseFor: konfig.innleggelsesmeldingPaminnelseFor,
              },
              konfig,
              naa,
            ),
          ]
        : [],
  },
};
