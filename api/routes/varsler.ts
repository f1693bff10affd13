/**
 * Varsler: the caller's org's own feed, for systems that poll. Ordered by `sekvens`, which
 * is gap-free per org (db/varsler.ts), so `etter=<last sekvens seen>` never misses one.
 * A varsel looks exactly as its webhook delivery does (activities/webhooks.ts varselJson).
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { varselJson } from '../../activities/webhooks';
import { listVarsler } from '../../db/varsler';
import { VARSEL_TYPER } from '../../workflows/types';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { hentPrincipal } from '../principal';
import { tillat } from '../tilgang';
import { valider } from '../problem';
import { Heltall, problemSvar as problem, Tidspunkt, Uuid } from '../schemas';

export const VarselSchema = z
  .object({
    id: Uuid.openapi({ description: 'Varselets id; også webhook-id ved levering (mottakerens idempotensnøkkel)' }),
    sekvens: z.number().int().openapi({ description: 'Løpenummer i mottakerens strøm: 1, 2, 3 … uten hull' }),
    type: z.enum(VARSEL_TYPER),
    forlopId: Uuid,
    frist: Tidspunkt.nullable(),
    tekst: z.string(),
    opprettet: Tidspunkt,
  })
  .openapi('Varsel', { description: 'Et varsel, likt i strømmen og i webhook-leveringen' });

export const VarselQuery = z.strictObject({
  etter: Heltall(0, Number.MAX_SAFE_INTEGER, 0, 'Siste sekvens klienten har sett (standard 0: fra begynnelsen)'),
  limit: Heltall(1, 1000, 100, 'Antall per side (1–1000, standard 100)'),
});

export const VarselListeSvar = z
  .object({
    data: z.array(VarselSchema),
    sisteSekvens: z
      .number()
      .int()
      .openapi({ description: 'Siste sekvens på denne siden, eller `etter` når siden er tom: neste kall bruker etter=sisteSekvens' }),
  })
  .openapi('VarselListe');

export function varslerRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/varsler', tillat('GET /api/v1/varsler'), async (req, res) => {
    const p = hentPrincipal(res);
    const q = valider(VarselQuery, req.query, 'query');
    const data = (await listVarsler(deps.pool, p.org, q.etter, q.limit)).map(varselJson);
    res.json({ data, sisteSekvens: data.length > 0 ? data[data.length - 1].sekvens : q.etter });
  });
  return r;
}

export function varslerOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/varsler`,
    tags: ['varsler'],
    summary: 'Innringerens egen varselstrøm',
    description:
      'Varslene til innringerens org med sekvens > `etter`, i sekvensrekkefølge. Sekvensen er uten hull per org, så en klient som poller med etter=sisteSekvens går aldri glipp av et varsel.',
    request: { query: VarselQuery },
    responses: {
      200: { description: 'En side varsler', content: { 'application/json': { schema: VarselListeSvar } } },
      400: problem('Ugyldige parametre'),
      401: problem('Mangler eller ugyldig token'),
      403: problem('Rollen mottar ikke varsler (admin)'),
    },
  });
}

export const varslerModul: ApiModul = { navn: 'varsler', router: varslerRouter, openapi: varslerOpenApi };
