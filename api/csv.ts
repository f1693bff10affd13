/**
 * CSV answers, as Norwegian spreadsheets open them (docs/api.md "Reports"): one header row, `;`
 * separated, CRLF line ends, UTF-8 with a byte order mark (so Excel reads æøå right), fields
 * quoted where they contain `;`, quotes or line breaks (csv-stringify). Shared by every route
 * that answers CSV on `Accept: text/csv` (GET /avvik, the reports).
 *
 *   if (vilHaCsv(req)) return sendCsv(res, KOLONNER, rader, { filnavn: 'avvik.csv' });
 *
 * Values: null/undefined → empty; numbers with a decimal comma (integers as they are);
 * booleans `ja`/`nei`; Date as ISO 8601 with the Europe/Oslo offset; objects as JSON. A text
 * that a spreadsheet would take for a formula (starting with = + - @, tab or CR) is prefixed
 * with `'` (OWASP "CSV injection"): free text from one party never runs in another's Excel.
 */
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import { iOslo } from '../workflows/frister';

export const CSV_MEDIETYPE = 'text/csv; charset=utf-8';

/** One column: the row's key and its header text. */
export interface CsvKolonne<T> {
  key: keyof T & string;
  header: string;
}

export interface CsvValg {
  /** Offered as the download's file name (Content-Disposition). */
  filnavn?: string;
  /** Decimal separator for non-integer numbers; default `,` (Norwegian). */
  desimaltegn?: ',' | '.';
}

/** True when the client asks for CSV before JSON (`Accept: text/csv`); JSON stays the default. */
export function vilHaCsv(req: Request): boolean {
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

const FORMEL = /^[=+\-@\t\r]/;

/** One value as its CSV cell text (before quoting). */
export function csvVerdi(v: unknown, desimaltegn: ',' | '.' = ','): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v).replace('.', desimaltegn);
  if (typeof v === 'boolean') return v ? 'ja' : 'nei';
  if (v instanceof Date) return iOslo(v.getTime()).toISO()!;
  const tekst = typeof v === 'string' ? v : JSON.stringify(v);
  return FORMEL.test(tekst) ? `'${tekst}` : tekst;
}

/** The CSV document (with BOM) for the rows, in the columns' order. */
export function lagCsv<T extends object>(kolonner: readonly CsvKolonne<T>[], rader: readonly T[], valg: CsvValg = {}): string {
  const celler = rader.map((r) => kolonner.map((k) => csvVerdi((r as Record<string, unknown>)[k.key], valg.desimaltegn)));
  return stringify(celler, {
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
    header: true,
    columns: kolonner.map((k) => k.header),
  });
}

/** Answers 200 with the rows as CSV (see `lagCsv`). */
export function sendCsv<T extends object>(res: Response, kolonner: readonly CsvKolonne<T>[], rader: readonly T[], valg: CsvValg = {}): void {
  res.status(200).type(CSV_MEDIETYPE);
  res.vary('Accept');
  if (valg.filnavn) res.attachment(valg.filnavn);
  res.send(Buffer.from(lagCsv(kolonner, rader, valg), 'utf8'));
}

/** The OpenAPI content entry of a CSV answer (with a description of the columns). */
export const csvInnhold = (beskrivelse: string) => ({
  'text/csv': { schema: { type: 'string' as const, description: beskrivelse } },
});
