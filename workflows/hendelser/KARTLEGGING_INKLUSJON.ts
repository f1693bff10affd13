import { hendelse } from './definisjon';

/** The ward or the team includes or excludes the patient during the stay, with the reason. */
export const KARTLEGGING_INKLUSJON = hendelse<{ inkludert: boolean; grunn: string }>()({
  type: 'KARTLEGGING_INKLUSJON',
  roller: ['sykehus', 'kartleggingsteam'],
  ord: {
    navn: 'Inklusjon i kartlegging endret',
    beskrivelse: 'Pasienten inkluderes i eller tas ut av kartleggingen, med grunn',
    merknad: '; mens pasienten er innlagt og kartleggingen ikke er fullført',
  },
  eksempler: () => [
    { inkludert: true, grunn: 'Sammensatte behov' },
    { inkludert: false, grunn: 'Klarer seg selv' },
  ],
  // Only an inclusion that changed it (not a repeat of it) tells the team.
  varsler: (h, k) =>
    h.data.inkludert && k.kartleggingsteam && !k.inkludertFor()
      ? [{ mottakerOrg: k.kartleggingsteam, type: 'KARTLEGGING', tekst: `Ny pasient inkludert for kartlegging ved ${k.sykehus}` }]
      : [],
  skjema: (b) => ({
    felt: { inkludert: b.z.boolean(), grunn: b.Fritekst.max(1000, { error: 'kan være høyst 1000 tegn' }) },
    visning: { inkludert: b.z.boolean(), grunn: b.z.string() },
  }),
});
