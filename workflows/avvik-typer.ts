/** The avvik types: a frist's id for a breach the engine found, MANUELT for one reported by hand. */
import { FRIST_IDER, type NyttAvvik } from './types';

export const MANUELT = 'MANUELT';
export const AVVIK_TYPER = [...FRIST_IDER, MANUELT] as const satisfies readonly NyttAvvik['type'][];
export type AvvikType = (typeof AVVIK_TYPER)[number];
