import { hendelse, ingenVarsler, type IngenFelt } from './definisjon';

export const KARTLEGGING_STARTET = hendelse<IngenFelt>()({
  type: 'KARTLEGGING_STARTET',
  roller: ['kartleggingsteam'],
  ord: { navn: 'Kartlegging startet', beskrivelse: 'Kartleggingen er startet' },
  eksempler: () => [{}],
  varsler: ingenVarsler,
  skjema: () => ({ felt: {}, visning: {} }),
});
