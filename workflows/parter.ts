/**
 * The parties of a forløp and which org answers for each: the one definition the workflow (a
 * frist's avvik), the database (a hand-reported avvik, the avvik scope) and the API share.
 * Pure: it runs in the workflow sandbox too.
 */
import type { Ansvarlig } from './types';

/** The parties an avvik can concern (ansvarlig), and who sees avvik by party. */
export const PART_ROLLER = ['sykehus', 'kartleggingsteam', 'kommune'] as const satisfies readonly Ansvarlig[];

export interface ForlopParter {
  sykehus: string;
  oppholdskommune: string;
  /** The hospital's kartleggingsteam (null: it has none). */
  kartleggingsteam: string | null;
}

/**
 * The org that answers for `rolle` in the forløp. A hospital without a kartleggingsteam does its
 * own kartlegging, so the sykehus answers for it (as the workflow has always done for a
 * kartlegging frist's avvik; recorded histories depend on it).
 */
export function partOrg(p: ForlopParter, rolle: Ansvarlig): string {
  if (rolle === 'sykehus') return p.sykehus;
  if (rolle === 'kommune') return p.oppholdskommune;
  return p.kartleggingsteam ?? p.sykehus;
}
