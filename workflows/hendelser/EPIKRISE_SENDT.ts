import type { Legemiddelliste } from '../types';
import { hendelse, ingenVarsler } from './definisjon';

export const EPIKRISE_SENDT = hendelse<{ legemiddelliste?: Legemiddelliste }>()({
  type: 'EPIKRISE_SENDT',
  roller: ['sykehus'],
  ord: { navn: 'Epikrise sendt', beskrivelse: 'Epikrise (eller tilsvarende) er sendt' },
  eksempler: () => [{ legemiddelliste: { status: 'pll_oppdatert' } }],
  varsler: ingenVarsler,
  skjema: (b) => ({
    felt: { legemiddelliste: b.Legemiddelliste.optional() },
    visning: { legemiddelliste: b.Legemiddelliste },
  }),
});
