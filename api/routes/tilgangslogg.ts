/**
 * The access log: every read of a patient's forløp (who, org, which forløp, how, when), for the
 * samhandlingsavdeling to audit. Append-only in the database; reading it is no patient data.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { listLesing } from '../../db/les';
import { ROLLER } from '../principal';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { valider } from '../problem';
import { Dato, fraForTil, Heltall, jsonInnhold as json, Kode, problemSvar as problem, Tidspunkt, Uuid } from '../schemas';
import { tillat } from '../tilgang';
import { isoOslo } from '../visning';

export const TilgangsloggQuery = z
  .strictObject({
    forlopId: Uuid.optional(),
    rolle: z.enum(ROLLER).optional(),
    org: Kode.optional(),
    fra: Dato.optional(),
    til: Dato.optional(),
    etter: Heltall(0, Number.MAX_SAFE_INTEGER, 0, 'Siste id klienten har sett (standard 0: fra begynnelsen)'),
    limit: Heltall(1, 1000, 200, 'Antall per side (1–1000, standard 200)'),
  })
  .superRefine(fraForTil);

const Lesing = z
  .object({
    id: z.number().int(),
    tidspunkt: Tidspunkt,
    rolle: z.string(),
    org: z.string(),
    forlopId: Uuid.nullable().openapi({ description: 'Forløpet som ble lest; null for en rapport (handling sier hvilken, med parametre)' }),
    handling: z.string(),
  })
  .openapi('Lesing', { description: 'Én lesing av et forløp' });

export const TilgangsloggSvar = z
  .object({ data: z.array(Lesing), sisteId: z.number().int() })
  .openapi('Tilgangslogg', { description: 'En side av tilgangsloggen; neste side: etter=sisteId' });

export function tilgangsloggRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/tilgangslogg', tillat('GET /api/v1/tilgangslogg'), async (req, res) => {
    const q = valider(TilgangsloggQuery, req.query, 'query');
    const rader = await listLesing(deps.pool, q, q.etter, q.limit);
    res.json({
      data: rader.map((x) => ({ ...x, tidspunkt: isoOslo(x.tidspunkt) })),
      sisteId: rader.length ? rader[rader.length - 1].id : q.etter,
    });
  });
  return r;
}

export function tilgangsloggOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/tilgangslogg`,
    tags: ['tilgangslogg'],
    summary: 'Tilgangsloggen: hvem leste hvilket forløp, når (samhandling)',
    description: 'Eldste først. Filtrer på forløp, rolle, org og datoer (Europe/Oslo, inklusive). Neste side med `etter=sisteId`.',
    request: { query: TilgangsloggQuery },
    responses: {
      200: { description: 'En side', content: json(TilgangsloggSvar) },
      400: problem('Ugyldige parametre'),
      401: problem('Mangler eller ugyldig token'),
      403: problem('Bare samhandling'),
    },
  });
}

export const tilgangsloggModul: ApiModul = { navn: 'tilgangslogg', router: tilgangsloggRouter, openapi: tilgangsloggOpenApi };
