/**
 * The EDI poller's view of an error in applying a message (activities/edi-mottak.ts): is it the
 * surroundings' (PostgreSQL or Temporal away, a timeout, a 5xx), which a later try may pass and
 * which is not counted against the message, or the message's own (a bug, a constraint), which
 * comes back every time and is counted until the message is set aside? And the error as text
 * for operators, without the values a message may carry (the patient's).
 */
import { erForbindelsesfeil } from '../db/pool';

/** gRPC codes (Temporal's client) that say "not now": DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE. */
const GRPC_FORBIGAENDE = new Set([4, 8, 10, 14]);

function enFeil(e: object): boolean {
  if (erForbindelsesfeil(e)) return true;
  const { code, status, name, midlertidig } = e as { code?: unknown; status?: unknown; name?: unknown; midlertidig?: unknown };
  if (name === 'AbortError' || name === 'TimeoutError') return true;
  // PostgreSQL: a serialization failure or deadlock (40), out of resources (53), a cancelled statement (57014), I/O (58).
  if (typeof code === 'string' && /^(40|53|57|58)/.test(code)) return true;
  if (typeof code === 'number' && GRPC_FORBIGAENDE.has(code)) return true;
  // A Problem the API path answers 5xx with (503 utilgjengelig), an EdiFeil that says so.
  if (typeof status === 'number' && status >= 500) return true;
  return midlertidig === true;
}

/** True when a later try may succeed without the message changing: not counted as one of its attempts. */
export function erForbigaende(e: unknown): boolean {
  // Temporal's ServiceError and our wrappers keep the real error as `cause`.
  for (let f: unknown = e, dybde = 0; f && typeof f === 'object' && dybde < 5; f = (f as { cause?: unknown }).cause, dybde++) {
    if (enFeil(f)) return true;
  }
  return false;
}

const MAKS_LENGDE = 300;

/**
 * What went wrong, for GET /edi/mottak/feilet and the activity's failure: the error's kind, its
 * PostgreSQL code and constraint, and its message with anything quoted and any long number
 * (a fødselsnummer, an id from the document) taken out.
 */
export function feiltekst(e: unknown): string {
  const f = (e && typeof e === 'object' ? e : {}) as { name?: unknown; code?: unknown; constraint?: unknown; message?: unknown };
  const navn = typeof f.name === 'string' ? f.name : 'Feil';
  const kode = typeof f.code === 'string' || typeof f.code === 'number' ? ` ${f.code}` : '';
  const constraint = typeof f.constraint === 'string' ? ` (${f.constraint})` : '';
  const melding = (typeof f.message === 'string' ? f.message : typeof e === 'string' ? e : '')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/«[^»]*»/g, '«…»')
    .replace(/\d{6,}/g, '…');
  const tekst = `${navn}${kode}${constraint}: ${melding}`;
  return tekst.length > MAKS_LENGDE ? `${tekst.slice(0, MAKS_LENGDE - 1)}…` : tekst;
}
