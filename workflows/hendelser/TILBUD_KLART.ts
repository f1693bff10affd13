import type { Tilbud } from '../types';
import { hendelse, ingenVarsler } from './definisjon';

export const TILBUD_KLART = hendelse<{ tilbud: Tilbud }>()({
  type: 'TILBUD_KLART',
  roller: ['kommune'],
  ord: { navn: 'Kommunalt tilbud klart', beskrivelse: 'Kommunens tilbud er klart' },
  eksempler: () => [{ tilbud: 'korttidsopphold' }],
  varsler: ingenVarsler,
  skjema: (b) => ({ felt: { tilbud: b.Tilbud }, visning: { tilbud: b.Tilbud } }),
});
