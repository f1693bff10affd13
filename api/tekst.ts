/**
 * Free text as the API accepts it, in its own module so every schema module (the contract,
 * the kartlegging model) builds on the same rule without importing each other.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

const FRITEKST_MAKS = 4000;

/**
 * Control characters other than tab, line feed and carriage return. PostgreSQL refuses NUL (one
 * NUL once stopped a forløp's every write), and none of the others belongs in a record.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const KONTROLLTEGN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export const utenKontrolltegn = (v: string): boolean => !KONTROLLTEGN.test(v);
const KONTROLLTEGN_FEIL = 'kan ikke inneholde kontrolltegn (bare linjeskift og tabulator)';

/**
 * Free text a person writes: trimmed, 1–4000 characters, no control characters but line breaks
 * and tabs. `mangler` tells a missing field in words of its own (else the catalogue's).
 */
export const fritekst = (mangler?: string) =>
  z
    .string(mangler ? { error: (i) => (i.input === undefined ? mangler : undefined) } : undefined)
    .trim()
    .min(1)
    .max(FRITEKST_MAKS)
    .refine(utenKontrolltegn, { error: KONTROLLTEGN_FEIL });

export const Fritekst = fritekst();
