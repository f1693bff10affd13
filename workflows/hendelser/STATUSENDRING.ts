import { hendelse } from './definisjon';

export const STATUSENDRING = hendelse<{ beskrivelse: string }>()({
  type: 'STATUSENDRING',
  roller: ['sykehus'],
  ord: { navn: 'Endring i pasientens tilstand', beskrivelse: 'Vesentlig endring i pasientens tilstand' },
  eksempler: () => [{ beskrivelse: 'Vesentlig endring i pasientens tilstand' }],
  varsler: (_h, k) => [{ mottakerOrg: k.kommune, type: 'INNLEGGELSESMELDING', tekst: `Vesentlig endring i pasientens status ved ${k.sykehus}` }],
  skjema: (b) => ({ felt: { beskrivelse: b.Fritekst }, visning: { beskrivelse: b.z.string() } }),
});
