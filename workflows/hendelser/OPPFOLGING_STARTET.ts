import type { Brukersvar } from '../types';
import { hendelse, ingenVarsler } from './definisjon';

export const OPPFOLGING_STARTET = hendelse<{ beskrivelse?: string; brukersvar?: Brukersvar }>()({
  type: 'OPPFOLGING_STARTET',
  roller: ['kommune'],
  ord: { navn: 'Kommunal oppfølging startet', beskrivelse: 'Kommunal oppfølging etter hjemkomst er startet' },
  eksempler: () => [{ beskrivelse: 'Hjemmebesøk', brukersvar: { tilstrekkeligInformasjon: 'ja', vetHvemKontakte: 'vet_ikke' } }],
  varsler: ingenVarsler,
  skjema: (b) => ({
    felt: { beskrivelse: b.Fritekst.optional(), brukersvar: b.Brukersvar.optional() },
    visning: { beskrivelse: b.z.string(), brukersvar: b.Brukersvar },
  }),
});
