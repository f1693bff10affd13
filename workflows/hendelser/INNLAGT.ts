import { hendelse, type IngenFelt } from './definisjon';

/** The forløp begins: sent by POST /forlop (its body is OpprettForlop), never to /hendelser. */
export const INNLAGT = hendelse<IngenFelt>()({
  type: 'INNLAGT',
  roller: ['sykehus'],
  ord: { navn: 'Innlagt', beskrivelse: 'Pasienten er innlagt; forløpet starter' },
  eksempler: () => [{}],
  varsler: (_h, k) =>
    k.kartleggingInkludert && k.kartleggingsteam
      ? [{ mottakerOrg: k.kartleggingsteam, type: 'KARTLEGGING', tekst: `Ny pasient inkludert for kartlegging ved ${k.sykehus}` }]
      : [],
  skjema: null,
});
