import { hendelse } from './definisjon';

export const UTSKRIVNINGSKLAR_AVMELDT = hendelse<{ arsak: string }>()({
  type: 'UTSKRIVNINGSKLAR_AVMELDT',
  roller: ['sykehus'],
  ord: { navn: 'Utskrivningsklar avmeldt', beskrivelse: 'Avmelding av utskrivningsklar pasient' },
  eksempler: () => [{ arsak: 'Forverret tilstand' }],
  varsler: (_h, k) => [{ mottakerOrg: k.kommune, type: 'UTSKRIVNINGSKLAR', tekst: 'Avmelding av utskrivningsklar pasient' }],
  skjema: (b) => ({ felt: { arsak: b.Fritekst }, visning: { arsak: b.z.string() } }),
});
