import { datoTekst } from '../formatering';
import { hendelse } from './definisjon';

export type InnleggelsesmeldingData = {
  antattForlop?: string;
  /** YYYY-MM-DD */
  forventetUtskrivningsdato?: string;
};

export const INNLEGGELSESMELDING_SENDT = hendelse<InnleggelsesmeldingData>()({
  type: 'INNLEGGELSESMELDING_SENDT',
  roller: ['sykehus'],
  ord: { navn: 'Melding om innlagt pasient sendt', beskrivelse: 'Melding om innlagt pasient er sendt kommunen' },
  eksempler: () => [{ antattForlop: 'Innlagt for akutt sykdom', forventetUtskrivningsdato: '2026-03-05' }],
  varsler: (h, k) => [
    {
      mottakerOrg: k.kommune,
      type: 'INNLEGGELSESMELDING',
      tekst:
        `Melding om innlagt pasient ved ${k.sykehus}` +
        (h.data.forventetUtskrivningsdato ? `, forventet utskrivning ${datoTekst(h.data.forventetUtskrivningsdato, true)}` : ''),
    },
  ],
  skjema: (b) => ({
    felt: { antattForlop: b.Fritekst.optional(), forventetUtskrivningsdato: b.Dato.optional() },
    visning: { antattForlop: b.z.string(), forventetUtskrivningsdato: b.Dato },
  }),
});
