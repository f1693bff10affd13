import { hendelse, ingenVarsler, type IngenFelt } from './definisjon';

export const DOD = hendelse<IngenFelt>()({
  type: 'DOD',
  roller: ['sykehus'],
  ord: { navn: 'Død', beskrivelse: 'Pasienten er død under oppholdet' },
  eksempler: () => [{}],
  varsler: ingenVarsler,
  skjema: () => ({ felt: {}, visning: {} }),
});
