import { hendelse, ingenVarsler } from './definisjon';

export const FORLOP_AVBRUTT = hendelse<{ arsak: string }>()({
  type: 'FORLOP_AVBRUTT',
  roller: ['sykehus'],
  ord: { navn: 'Forløpet avbrutt (registrert ved en feil)', beskrivelse: 'Forløpet var registrert ved en feil; avbrytes og beholdes for revisjon' },
  eksempler: () => [{ arsak: 'Registrert på feil pasient' }],
  varsler: ingenVarsler,
  skjema: (b) => ({ felt: { arsak: b.Fritekst }, visning: { arsak: b.z.string() } }),
});
