/** What a recorded hendelse carries, in one line of words (for the timeline). */
import type { components } from '../generert/api';
import { dato, tidspunkt } from '../format';
import { BRUKERSVAR_NAVN, DESTINASJON_NAVN, PLL_NAVN, TILBUD_NAVN } from '../tekster';

type H = components['schemas']['HendelseRegistrert'];

export function beskrivHendelse(h: H): string {
  const deler: string[] = [];
  if (h.kanTaImot === true) deler.push('Kan ta imot pasienten');
  if (h.kanTaImot === false) deler.push(`Kan ikke ta imot ennå${h.forventetKlarDato ? `; forventet klar ${dato(h.forventetKlarDato)}` : ''}`);
  if (h.kontakt) deler.push(`Kontakt: ${h.kontakt.enhet}${h.kontakt.telefon ? `, tlf. ${h.kontakt.telefon}` : ''}`);
  if (h.tilbud) deler.push(`Tilbud: ${TILBUD_NAVN[h.tilbud]}`);
  if (h.destinasjon) deler.push(`Til: ${DESTINASJON_NAVN[h.destinasjon]}`);
  if (h.legemiddelliste) deler.push(`PLL: ${PLL_NAVN[h.legemiddelliste.status]}`);
  if (h.vurdertTidspunkt) deler.push(`Vurdert ${tidspunkt(h.vurdertTidspunkt)}`);
  if (h.vurdering && !Object.values(h.vurdering).every(Boolean)) deler.push('Vurderingen mangler punkter (a–d)');
  if (h.forventetUtskrivningsdato) deler.push(`Forventet utskrivning ${dato(h.forventetUtskrivningsdato)}`);
  if (h.antattForlop) deler.push(h.antattForlop);
  if (h.inkludert !== undefined) deler.push(h.inkludert ? 'Inkludert i kartlegging' : 'Ikke inkludert i kartlegging');
  if (h.grunn) deler.push(h.grunn);
  if (h.beskrivelse) deler.push(h.beskrivelse);
  if (h.arsak) deler.push(`Årsak: ${h.arsak}`);
  if (h.skjemaVersjon) deler.push(`Felles kartleggingsverktøy, versjon ${h.skjemaVersjon}`);
  if (h.brukersvar) {
    deler.push(
      `Pasienten: tilstrekkelig informasjon ${BRUKERSVAR_NAVN[h.brukersvar.tilstrekkeligInformasjon].toLowerCase()}, vet hvem å kontakte ${BRUKERSVAR_NAVN[h.brukersvar.vetHvemKontakte].toLowerCase()}`,
    );
  }
  return deler.join(' · ');
}
