/**
 * Varsler: the caller's org's own feed, for systems that poll. Ordered by `sekvens`, which
 * is gap-free per org (db/varsler.ts), so `etter=<last sekvens seen>` never misses one.
 * A varsel looks as its webhook delivery does (activities/webhooks.ts varselJson), and names the
 * patient (`pasient`) to a reader who may see the forløp; the webhook body never does.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { listVarsler } from '../../db/varsler';
import { VARSEL_TYPER } from '../../workflows/types';
import { API_PREFIKS, pasientNokler, type ApiDeps, type ApiModul } from '../deps';
import { hentPrincipal } from '../principal';
import { tillat } from '../tilgang';
import { valider } from '../problem';
import { varselVisning } from '../visning';
import { Heltall, problemSvar as problem, Tidspunkt, Uuid } from '../schemas';

export const VarselSchema = z
  .object({
    id: Uuid.openapi({ description: 'Varselets id; også webhook-id ved levering (mottakerens idempotensnøkkel)' }),
    sekvens: z.number().int().openapi({ description: 'Løpenummer i mottakerens strøm: 1, 2, 3 … uten hull' }),
    type: z.enum(VARSEL_TYPER),
    forlopId: Uuid.openapi({ description: 'Forløpet varselet gjelder: åpnes med GET /forlop/{forlopId}' }),
    frist: Tidspunkt.nullable(),
    tekst: z.string().openapi({
      description: 'Ren bokmålstekst: fristens navn (aldri koden), tider i Oslo-tid («3. desember kl. 14:00»), beløp som «17 943 kr»',
    }),
    opprettet: Tidspunkt,
    pasient: z
      .object({
        fnr: z.string(),
        navn: z.object({ fornavn: z.string(), etternavn: z.string() }).nullable().openapi({ description: 'null når ingen har oppgitt navnet' }),
      })
      .nullable()
      .openapi({
        description:
          'Pasienten varselet gjelder, for den som får se forløpet (som i GET /forlop/{id}); null ellers. Bare i strømmen: webhook-leveringen har aldri pasienten.',
      }),
  })
  .openapi('Varsel', { description: 'Et varsel i strømmen: som webhook-leveringen, pluss pasienten for den som får se forløpet' });

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
    const nokler = pasientNokler(deps.nokler);
    const data = (await listVarsler(deps.pool, p, q.etter, q.limit)).map((r) => varselVisning(r, nokler));
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
