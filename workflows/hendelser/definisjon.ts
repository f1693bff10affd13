/**
 * What a hendelse type declares, once, in its own file (workflows/hendelser/<TYPE>.ts): who may
 * send it, its data, its API schema, its examples, the varsler it causes and its words in bokmål.
 * index.ts assembles the catalogue; the machine, the API's schemas (so the OpenAPI document), the
 * web interface and the simulator read it.
 *
 * The workflow bundle must stay deterministic and lean, so zod never enters it: an entry's schema
 * is a function of the API's building blocks (api/hendelse-byggeklosser.ts), of which this file and
 * the entries import only the type (erased at compile time). api/schemas.ts calls it with the
 * real blocks; the workflow never does. The entry is still one file: the schema sits beside the
 * rest of the type's declaration.
 */
import type { z } from 'zod';
import type { Byggeklosser } from '../../api/hendelse-byggeklosser';
import type { Legemiddelliste, Rolle, VarselType } from '../types';

/** The type's body at POST /forlop/{id}/hendelser, and its fields as GET /forlop/{id} shows them. */
export interface ApiSkjema<D, F extends z.ZodRawShape> {
  /** The body's own fields, beside `type`, `tidspunkt` and `hendelseId`. */
  felt: F;
  /** Rules across the body's fields (a zod superRefine over the parsed body). */
  sjekk?: (v: D & { tidspunkt: string }, ctx: z.RefinementCtx) => void;
  /** The fields a recorded hendelse of this type shows (HendelseRegistrert; all optional there). */
  visning: z.ZodRawShape;
}

/** What a hendelse's varsler are computed from: the forløp's parties and what the workflow knows. */
export interface VarselKontekst {
  sykehus: string;
  kommune: string;
  /** The kartleggingsteam at the patient's sykehus, or null where there is none. */
  kartleggingsteam: string | null;
  /** Included for kartlegging at the start. */
  kartleggingInkludert: boolean;
  /** The due instant of the frist with this nokkel, as computed after the hendelse. */
  fristFor(nokkel: string): string | null;
  /** Whether the patient was included for kartlegging before this hendelse. */
  inkludertFor(): boolean;
  /** The PLL status last given, this hendelse included. */
  legemiddelliste(): Legemiddelliste | null;
}

/** A varsel a hendelse causes: its receiver's org, type, words and the frist it concerns. */
export interface VarselUtkast {
  mottakerOrg: string;
  type: VarselType;
  tekst: string;
  frist?: string | null;
}

/** The recorded hendelse the varsler are computed for. */
export interface MottattHendelse<D> {
  data: D;
  sekvens: number;
}

export interface HendelseDefinisjon<T extends string, D, F extends z.ZodRawShape> {
  type: T;
  /** Who may send it; any other rolle gets 403. */
  roller: readonly [Rolle, ...Rolle[]];
  ord: {
    /** Short, for lists and headings. */
    navn: string;
    /** What happened, in a sentence (the OpenAPI description, with the roller and `merknad`). */
    beskrivelse: string;
    /** What the API adds about its fields, after the roller (starts with `;` or `:`). */
    merknad?: string;
  };
  /**
   * Its data in every variant the machine tells apart (the machine asks these for what a state
   * allows); each passes the API schema (unit test). `tidspunkt` is the hendelse's own time, for a
   * field that must lie before it.
   */
  eksempler: (tidspunkt: string) => readonly [D, ...D[]];
  /** The varsler the hendelse itself sends (the frist ones come from its frister); [] for none. */
  varsler: (h: MottattHendelse<D>, k: VarselKontekst) => VarselUtkast[];
  /** Its schema at POST /forlop/{id}/hendelser; null for INNLAGT, which POST /forlop sends. */
  skjema: ((b: Byggeklosser) => ApiSkjema<D, F>) | null;
}

/**
 * Declares a hendelse type: `hendelse<Data>()({ ... })` (D given, the type and the schema's
 * fields inferred, so api/schemas.ts keeps each body's exact type).
 */
export const hendelse =
  <D>() =>
  <const T extends string, F extends z.ZodRawShape = Record<never, never>>(d: HendelseDefinisjon<T, D, F>) =>
    d;

/** For a hendelse that sends no varsel of its own. */
export const ingenVarsler = (): VarselUtkast[] => [];

/** A hendelse with no fields of its own. */
export type IngenFelt = Record<never, never>;
