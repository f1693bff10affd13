/**
 * The kommune's PLO address from its rows in the address table (HER-id → org): the Dialogmelding
 * goes to the kommune's PLO service (Saksbehandler PLO first, else the first other PLO service), as
 * a unit under the kommune's own entry when the table has one. The table holds Adresseregisteret's
 * names, so a service is told by its name: "PLO" in it. A kommune with no such row gets no
 * Dialogmelding (its webhooks and feed still get the varsel).
 */
import type { Adresse } from './dialogmelding';

export interface AdresseOppforing {
  herId: string;
  navn: string;
}

const PLO = /\bPLO\b/i;
const SAKSBEHANDLER = /saksbehandler/i;

const som = (a: AdresseOppforing) => ({ herId: Number(a.herId), navn: a.navn });

export function ploAdresse(rader: readonly AdresseOppforing[]): Adresse | undefined {
  const sortert = [...rader].sort((a, b) => Number(a.herId) - Number(b.herId));
  const tjenester = sortert.filter((a) => PLO.test(a.navn));
  const tjeneste = tjenester.find((a) => SAKSBEHANDLER.test(a.navn)) ?? tjenester[0];
  if (!tjeneste) return undefined;
  const kommunen = sortert.find((a) => !PLO.test(a.navn));
  return kommunen ? { ...som(kommunen), enhet: som(tjeneste) } : som(tjeneste);
}

/** The HER-id the message goes to: the service's (the innermost), as the message server reads it. */
export const mottakerHerId = (a: Adresse): number => a.enhet?.herId ?? a.herId;
