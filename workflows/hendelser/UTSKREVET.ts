import { tidspunktTekst } from '../formatering';
import type { Destinasjon, Legemiddelliste } from '../types';
import { erHjem, erKommunalInstitusjon } from '../utskrivning';
import { hendelse } from './definisjon';

export type UtskrevetData = {
  destinasjon: Destinasjon;
  legemiddelliste?: Legemiddelliste;
  /**
   * Reported by the hospital's EPJ as a PLO melding om utskrevet pasient (plo/tolkning.ts, the
   * only place that sets it): the fact that the patient left, so the forløp takes it also while
   * waiting for the kommune. Not a field of the ward's API (its strict body refuses it: 400).
   */
  meldtAvEpj?: true;
};

/** The PLL status as the kommune's varsel at utskrivning says it. */
function legemiddellisteTekst(l: Legemiddelliste | null): string {
  if (!l) return 'Legemiddelliste: ikke oppgitt.';
  const tekst = { pll_oppdatert: 'samstemt i Pasientens legemiddelliste (PLL)', ikke_pll: 'ikke samstemt i PLL', ukjent: 'ukjent om samstemt i PLL' };
  return `Legemiddelliste: ${tekst[l.status]}${l.samstemtTidspunkt ? ` (${tidspunktTekst(l.samstemtTidspunkt, true)})` : ''}.`;
}

/** Where the patient went, as the kommune's varsel says it (never the code). */
const TIL: Record<Destinasjon, string> = {
  hjem: 'hjemmet',
  hjem_med_tjenester: 'hjemmet med tjenester',
  korttidsopphold: 'korttidsopphold',
  langtidsopphold: 'langtidsopphold',
  annen_institusjon: 'annen institusjon',
  annet_sykehus: 'annet sykehus',
  dod: 'død',
};

export const UTSKREVET = hendelse<UtskrevetData>()({
  type: 'UTSKREVET',
  roller: ['sykehus'],
  ord: { navn: 'Utskrevet', beskrivelse: 'Pasienten er utskrevet' },
  // Home, and to another hospital: the machine tells them apart while the kommune has not answered.
  eksempler: () => [{ destinasjon: 'hjem', legemiddelliste: { status: 'pll_oppdatert' } }, { destinasjon: 'annet_sykehus' }],
  varsler: (h, k) => {
    const pll = legemiddellisteTekst(k.legemiddelliste());
    if (erHjem(h.data.destinasjon)) {
      return [
        {
          mottakerOrg: k.kommune,
          type: 'PAMINNELSE',
          tekst: `Pasienten er utskrevet til hjemmet: dokumenter kommunal oppfølging. ${pll}`,
          frist: k.fristFor('OPPFOLGING'),
        },
      ];
    }
    if (erKommunalInstitusjon(h.data.destinasjon)) {
      return [{ mottakerOrg: k.kommune, type: 'UTSKREVET', tekst: `Pasienten er utskrevet til ${TIL[h.data.destinasjon]}. ${pll}` }];
    }
    return [];
  },
  skjema: (b) => ({
    felt: { destinasjon: b.Destinasjon, legemiddelliste: b.Legemiddelliste.optional() },
    visning: {
      legemiddelliste: b.Legemiddelliste,
      destinasjon: b.Destinasjon,
      // Shown, never sent: only a PLO melding om utskrevet pasient sets it (the body above has no such field).
      meldtAvEpj: b.z.literal(true).openapi({
        description: 'Meldt av sykehusets EPJ i en PLO-melding om utskrevet pasient (LOG_UTSKREVET): tatt også mens pasienten venter på kommunen',
      }),
    },
  }),
});
