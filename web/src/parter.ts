/** The parties (from GET /innlogging) by name, for every page. */
import { createContext, useContext } from 'react';
import type { Innlogging } from './api';

export interface Parter {
  data: Innlogging['parter'];
  kommuneNavn(nr: string): string;
  sykehusNavn(id: string): string;
  orgNavn(rolle: string, org: string): string;
}

export function lagParter(data: Innlogging['parter']): Parter {
  const kommuner = new Map(data.kommune.map((k) => [k.id, k.navn]));
  const sykehus = new Map(data.sykehus.map((s) => [s.id, s.navn]));
  const team = new Map(data.kartleggingsteam.map((t) => [t.id, t.navn]));
  const kommuneNavn = (nr: string) => (kommuner.has(nr) ? `${kommuner.get(nr)} (${nr})` : nr);
  const sykehusNavn = (id: string) => sykehus.get(id) ?? id;
  return {
    data,
    kommuneNavn,
    sykehusNavn,
    orgNavn(rolle, org) {
      if (rolle === 'kommune') return kommuneNavn(org);
      if (rolle === 'sykehus') return sykehusNavn(org);
      if (rolle === 'kartleggingsteam') return team.get(org) ?? org;
      if (rolle === 'samhandling') return 'Samhandlingsavdelingen';
      return org;
    },
  };
}

export const ParterKontekst = createContext<Parter>(lagParter({ sykehus: [], kartleggingsteam: [], kommune: [], samhandling: [] }));
export const useParter = (): Parter => useContext(ParterKontekst);
