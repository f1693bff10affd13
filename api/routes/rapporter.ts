/**
 * Reports for the samhandlingsavdeling and the kommuner (docs/api.md "Reports"): the project's
 * indicators, the overliggerdøgn invoice basis, and a period against a baseline with the
 * participating kommuner against the others. JSON, or CSV with `Accept: text/csv`.
 *
 * Computed in PostgreSQL (db/rapporter.ts). A kommune gets its own rows only (another kommune's
 * number as filter gives no rows, as GET /forlop does); samhandling gets all; every other rolle
 * 403 (api/tilgang.ts). Every read is in the access log (lesing), in the same statement as the
 * report; a day list also logs each forløp it names.
 *
 * This file wires each path: access, validation, one call (api/handlinger/rapporter.ts), the view
 * (api/rapporter/visning.ts); the schemas are in api/schemas/rapporter.ts, the words for each
 * figure in api/rapporter/definisjoner.ts.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { csvInnhold, vilHaCsv } from '../csv';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { lesIndikatorer, lesOverliggerdogn, lesSammenligning } from '../handlinger/rapporter';
import { hentPrincipal } from '../principal';
import { valider } from '../problem';
import { indikatorCsv, indikatorSvar, overliggerdognCsv, overliggerdognSvar, sammenligningCsv, sammenligningSvar, sendTabell } from '../rapporter/visning';
import { jsonInnhold as json, problemSvar as problem } from '../schemas';
import {
  IndikatorQuery,
  IndikatorRapportSchema,
  OverliggerdognQuery,
  OverliggerdognRapportSchema,
  SammenligningQuery,
  SammenligningSchema,
} from '../schemas/rapporter';
import { tillat } from '../tilgang';

export function rapporterRouter(deps: ApiDeps): Router {
  const r = Router();
  const { pool } = deps;

  r.get('/rapporter/indikatorer', tillat('GET /api/v1/rapporter/indikatorer'), async (req, res) => {
    const p = hentPrincipal(res);
    const q = valider(IndikatorQuery, req.query, 'query');
    const rader = await lesIndikatorer(pool, p, q);
    if (vilHaCsv(req)) return sendTabell(res, `indikatorer_${q.fra}_${q.til}`, indikatorCsv(rader));
    res.json(indikatorSvar(q, rader));
  });

  r.get('/rapporter/overliggerdogn', tillat('GET /api/v1/rapporter/overliggerdogn'), async (req, res) => {
    const p = hentPrincipal(res);
    const q = valider(OverliggerdognQuery, req.query, 'query');
    const csv = vilHaCsv(req);
    const rapport = await lesOverliggerdogn(pool, p, q, csv);
    if (csv) {
      const { filnavn, tabell } = overliggerdognCsv(q, rapport);
      return sendTabell(res, filnavn, tabell);
    }
    res.json(overliggerdognSvar(q, rapport));
  });

  r.get('/rapporter/sammenligning', tillat('GET /api/v1/rapporter/sammenligning'), async (req, res) => {
    const p = hentPrincipal(res);
    const q = valider(SammenligningQuery, req.query, 'query');
    const s = await lesSammenligning(pool, p, q);
    if (vilHaCsv(req)) return sendTabell(res, `sammenligning_${q.fra}_${q.til}`, sammenligningCsv(s));
    res.json(sammenligningSvar(q, s));
  });

  return r;
}

// --- OpenAPI ---

export function rapporterOpenApi(registry: OpenAPIRegistry): void {
  const felles = {
    400: problem('Ugyldige parametre (errors navngir hvert)'),
    401: problem('Mangler eller ugyldig token'),
    403: problem('Bare kommune (egne tall) og samhandling'),
  };
  const omfang =
    'En kommune får bare sine egne tall (en annen kommunes nummer som filter gir ingen rader); samhandling får alle. Hver lesing føres i tilgangsloggen. `Accept: text/csv` gir CSV: én overskriftsrad, semikolon, UTF-8 med BOM, desimalkomma.';
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/rapporter/indikatorer`,
    tags: ['rapporter'],
    summary: 'Prosjektets indikatorer per kommune og måned / år / total',
    description: `Regnet i PostgreSQL fra motorens egne tabeller; \`definisjoner\` sier hva hvert tall teller. ${omfang} CSV: én rad per (periode, kommune), én kolonne per tall; avvikPerType.* og avvikPerAnsvarlig.* som egne kolonner.`,
    request: { query: IndikatorQuery },
    responses: {
      200: { description: 'Indikatorene', content: { ...json(IndikatorRapportSchema), ...csvInnhold('periode;oppholdskommune;forlop;…') } },
      ...felles,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/rapporter/overliggerdogn`,
    tags: ['rapporter'],
    summary: 'Overliggerdøgn: fakturagrunnlaget per kommune og måned',
    description: `Betalbare, ikke betalbare og omstridte dager holdt adskilt, og foreløpig prisede dager for seg. Med \`detaljer=true\` dagslisten (forløpets id, dato, pris, status; aldri fødselsnummer), og hvert forløp i den føres i tilgangsloggen. ${omfang} CSV med detaljer=true: dagslisten.`,
    request: { query: OverliggerdognQuery },
    responses: {
      200: { description: 'Fakturagrunnlaget', content: { ...json(OverliggerdognRapportSchema), ...csvInnhold('periode;oppholdskommune;dager;…') } },
      ...felles,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/rapporter/sammenligning`,
    tags: ['rapporter'],
    summary: 'En periode mot et grunnlag, deltakende kommuner mot de andre (gevinstrealisering)',
    description: `Indikatorene (som gruppering=total) for fra–til og for grunnlagFra–grunnlagTil, for deltakende kommuner og for de andre, med endringen (periode minus grunnlag). Deltakere: kommunene i kartleggingskriteriene som gjelder, eller parameteren deltakere. ${omfang} CSV: én rad per (gruppe, indikator).`,
    request: { query: SammenligningQuery },
    responses: {
      200: { description: 'Sammenligningen', content: { ...json(SammenligningSchema), ...csvInnhold('gruppe;indikator;periode;grunnlag;endring') } },
      ...felles,
    },
  });
}

export const rapporterModul: ApiModul = { navn: 'rapporter', router: rapporterRouter, openapi: rapporterOpenApi };
