import { dato, pluss } from '../frister/tid';
import type { Kontakt } from '../types';
import { hendelse, ingenVarsler } from './definisjon';

export type KommunesvarData = {
  kanTaImot: boolean;
  /** YYYY-MM-DD; belongs to a "kan ikke". */
  forventetKlarDato?: string;
  kontakt?: Kontakt;
};

export const KOMMUNESVAR = hendelse<KommunesvarData>()({
  type: 'KOMMUNESVAR',
  roller: ['kommune'],
  ord: { navn: 'Kommunens svar', beskrivelse: 'Kommunens svar på om den kan ta imot pasienten' },
  eksempler: (tidspunkt) => [
    { kanTaImot: true, kontakt: { enhet: 'Tildelingskontoret', telefon: '+47 75 00 00 00' } },
    // The expected date lies after the answer (the API refuses one before its day).
    { kanTaImot: false, forventetKlarDato: dato(pluss(tidspunkt, 'P3D')) },
  ],
  varsler: ingenVarsler,
  skjema: (b) => ({
    felt: {
      kanTaImot: b.z.boolean(),
      forventetKlarDato: b.Dato.optional().openapi({ description: 'Påkrevd når kanTaImot er false' }),
      kontakt: b.Kontakt.optional(),
    },
    sjekk: (v, ctx) => {
      if (v.kanTaImot === false && v.forventetKlarDato === undefined) {
        ctx.addIssue({ code: 'custom', path: ['forventetKlarDato'], message: 'mangler: påkrevd når kommunen ikke kan ta imot pasienten' });
      }
      // A "kan ikke" expects the tilbud from the day it answers on (Oslo), never before.
      const svardag = b.dato(v.tidspunkt);
      if (v.kanTaImot === false && v.forventetKlarDato !== undefined && v.forventetKlarDato < svardag) {
        ctx.addIssue({
          code: 'custom',
          path: ['forventetKlarDato'],
          message: `kan ikke være før dagen kommunen svarer (${b.datoTekst(svardag)}): oppgi når tilbudet forventes klart`,
        });
      }
    },
    visning: { kontakt: b.Kontakt, kanTaImot: b.z.boolean(), forventetKlarDato: b.Dato },
  }),
});
