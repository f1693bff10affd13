/**
 * Operations: the forløp that need attention. A forløp lands here when PostgreSQL refused one of
 * its timer-driven changes as data: the workflow went on from the value before that change, and
 * the refusal is kept on the forløp until an operator has looked (no patient data in the answer).
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { forlopMedDriftsfeil } from '../../db/les';
import { FORLOP_STATUSER } from '../../workflows/types';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { tillat } from '../tilgang';
import { jsonInnhold as json, problemSvar as problem, Tidspunkt, Uuid } from '../schemas';
import { isoOslo } from '../visning';

const DriftForlop = z
  .object({
    forlopId: Uuid,
    status: z.enum(FORLOP_STATUSER),
    sykehus: z.string(),
    oppholdskommune: z.string(),
    driftsfeil: z.string(),
    driftsfeilTidspunkt: Tidspunkt,
  })
  .openapi('DriftForlop', { description: 'Et forløp som trenger oppmerksomhet fra driften' });

export const DriftSvar = z.object({ data: z.array(DriftForlop) }).openapi('DriftForlopListe');

export function driftRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/drift/forlop', tillat('GET /api/v1/drift/forlop'), async (_req, res) => {
    const rader = await forlopMedDriftsfeil(deps.pool);
    res.json({ data: rader.map((x) => ({ ...x, driftsfeilTidspunkt: isoOslo(x.driftsfeilTidspunkt) })) });
  });
  return r;
}

export function driftOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/drift/forlop`,
    tags: ['drift'],
    summary: 'Forløp som trenger oppmerksomhet (admin, samhandling)',
    description:
      'Forløp der databasen avviste en tidsstyrt endring som data. Arbeidsflyten fortsatte fra tilstanden før endringen; feilen står til en operatør har sett på den. Nyeste først, høyst 500.',
    responses: {
      200: { description: 'Forløpene', content: json(DriftSvar) },
      401: problem('Mangler eller ugyldig token'),
      403: problem('Bare admin og samhandling'),
    },
  });
}

export const driftModul: ApiModul = { navn: 'drift', router: driftRouter, openapi: driftOpenApi };
