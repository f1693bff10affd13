/**
 * What the report routes do, each in one call: the report's rows from PostgreSQL
 * (db/rapporter.ts), read in the same statement as its line in the access log.
 */
import type { Pool } from '../../db/pool';
import {
  deltakendeKommuner,
  indikatorer,
  overliggerdogn,
  overliggerdognDetaljer,
  type IndikatorRad,
  type OverliggerdognDetalj,
  type OverliggerdognRad,
  type RapportFilter,
} from '../../db/rapporter';
import type { Principal } from '../../workflows/types';
import type { IndikatorQuery, OverliggerdognQuery, SammenligningQuery } from '../schemas/rapporter';

type Filterfelt = { fra: string; til: string; oppholdskommune?: string; sykehus?: string };

const filter = (q: Filterfelt, gruppering: RapportFilter['gruppering']): RapportFilter => ({
  fra: q.fra,
  til: q.til,
  gruppering,
  oppholdskommune: q.oppholdskommune,
  sykehus: q.sykehus,
});

/** The access-log handling of a report read: the report and its parameters. */
function handling(navn: string, q: Record<string, unknown>): string {
  const deler = Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
  return `rapport:${navn} ${deler.join(' ')}`.slice(0, 500);
}

/** GET /rapporter/indikatorer: one row per (periode, oppholdskommune). */
export function lesIndikatorer(pool: Pool, p: Principal, q: IndikatorQuery): Promise<IndikatorRad[]> {
  return indikatorer(pool, p, filter(q, q.gruppering), { art: 'kommune' }, handling('indikatorer', q));
}

/**
 * GET /rapporter/overliggerdogn: the summary and, with detaljer=true, the day list. In CSV with
 * detaljer=true only the day list is sent, so only it is read (and logged).
 */
export async function lesOverliggerdogn(
  pool: Pool,
  p: Principal,
  q: OverliggerdognQuery,
  csv: boolean,
): Promise<{ data: OverliggerdognRad[]; dager: OverliggerdognDetalj[] | undefined }> {
  const f = filter(q, q.gruppering);
  const detaljer = q.detaljer === 'true';
  const logg = handling('overliggerdogn', q);
  const data = csv && detaljer ? [] : await overliggerdogn(pool, p, f, logg);
  const dager = detaljer ? await overliggerdognDetaljer(pool, p, f, logg) : undefined;
  return { data, dager };
}

export interface SammenligningRader {
  deltakere: { kommuner: string[]; kilde: string };
  periode: IndikatorRad[];
  grunnlag: IndikatorRad[];
}

/** GET /rapporter/sammenligning: the period and the baseline, each per group (deltakere / andre). */
export async function lesSammenligning(pool: Pool, p: Principal, q: SammenligningQuery): Promise<SammenligningRader> {
  const deltakere = q.deltakere ? { kommuner: [...new Set(q.deltakere.split(','))].sort(), kilde: 'parameteren deltakere' } : await deltakendeKommuner(pool);
  const gruppe = { art: 'deltakere' as const, kommuner: deltakere.kommuner };
  const periode = await indikatorer(pool, p, filter(q, 'total'), gruppe, handling('sammenligning', q));
  // The baseline is part of the same read: one line in the access log.
  const grunnlag = await indikatorer(pool, p, { ...filter(q, 'total'), fra: q.grunnlagFra, til: q.grunnlagTil }, gruppe, null);
  return { deltakere, periode, grunnlag };
}
