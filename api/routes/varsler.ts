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
import { ikkeLevertTilEpj, varselLeveringer } from '../handlinger/leveringer';
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

const VarselParams = z.object({ id: Uuid.openapi({ param: { name: 'id', in: 'path' } }) });
const IkkeLevertQuery = z.strictObject({ limit: Heltall(1, 1000, 100, 'Antall (1–1000, standard 100)') });

const Kvittering = z
  .object({ status: z.string().nullable(), kode: z.string().nullable(), beskrivelse: z.string().nullable() })
  .openapi('DialogmeldingKvittering', {
    description: 'Mottakerens kvittering (AppRec): status (Ok, Rejected, OkErrorInMessagePart), første feilkode (kodeverk 8221) og beskrivelse',
  });

export const DialogmeldingLeveringSchema = z
  .object({
    kanal: z.literal('dialogmelding'),
    status: z.enum(['venter', 'levert', 'avvist', 'ikke_kvittert']),
    levert: z.boolean().nullable().openapi({ description: 'null mens den venter på kvittering' }),
    mottakerHerId: z.string().openapi({ description: 'Kommunens PLO-tjeneste (HER-id fra adressetabellen)' }),
    msgId: z.string().openapi({ description: 'MsgHead-ens MsgId (= varselets id); kommunens svar viser til den som ConversationRef' }),
    sendt: Tidspunkt.nullable(),
    avgjort: Tidspunkt.nullable(),
    kvittering: Kvittering.nullable(),
    merknad: z.string().nullable().openapi({ description: '«Ikke levert til kommunens EPJ» når den er avvist eller ikke kvittert innen fristen' }),
  })
  .openapi('DialogmeldingLevering');

const WebhookLeveringSchema = z
  .object({
    kanal: z.literal('webhook'),
    webhookId: Uuid,
    status: z.enum(['levert', 'feilet']),
    levert: z.boolean(),
    forsok: z.number().int(),
    sisteForsok: Tidspunkt,
    httpStatus: z.number().int().nullable(),
    feil: z.string().nullable(),
  })
  .openapi('WebhookLevering');

const LeveringListe = z.object({ data: z.array(z.union([WebhookLeveringSchema, DialogmeldingLeveringSchema])) }).openapi('LeveringListe');
const IkkeLevertListe = z
  .object({
    data: z.array(
      z.object({
        varselId: Uuid,
        forlopId: Uuid,
        kommune: z.string(),
        type: z.enum(VARSEL_TYPER),
        tekst: z.string(),
        opprettet: Tidspunkt,
        levering: DialogmeldingLeveringSchema,
      }),
    ),
  })
  .openapi('IkkeLevertListe');

export function varslerRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/varsler', tillat('GET /api/v1/varsler'), async (req, res) => {
    const p = hentPrincipal(res);
    const q = valider(VarselQuery, req.query, 'query');
    const nokler = pasientNokler(deps.nokler);
    const data = (await listVarsler(deps.pool, p, q.etter, q.limit)).map((r) => varselVisning(r, nokler));
    res.json({ data, sisteSekvens: data.length > 0 ? data[data.length - 1].sekvens : q.etter });
  });
  r.get('/varsler/ikke-levert', tillat('GET /api/v1/varsler/ikke-levert'), async (req, res) => {
    const q = valider(IkkeLevertQuery, req.query, 'query');
    res.json({ data: await ikkeLevertTilEpj(deps.pool, hentPrincipal(res), q.limit) });
  });
  r.get('/varsler/:id/leveringer', tillat('GET /api/v1/varsler/{id}/leveringer'), async (req, res) => {
    const { id } = valider(VarselParams, req.params, 'path');
    res.json({ data: await varselLeveringer(deps.pool, hentPrincipal(res), id) });
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
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/varsler/{id}/leveringer`,
    tags: ['varsler'],
    summary: 'Varselets leveringer, én per kanal (webhook, dialogmelding)',
    description:
      'Hver webhook hos mottakeren med antall forsøk og om den er levert, og dialogmeldingen til kommunens EPJ med kvitteringen. En dialogmelding som er avvist eller ikke kvittert innen EDI_KVITTERING_FRIST har merknaden «Ikke levert til kommunens EPJ». Mottakeren ser sine egne varsler, samhandling alle.',
    request: { params: VarselParams },
    responses: {
      200: { description: 'Leveringene', content: { 'application/json': { schema: LeveringListe } } },
      400: problem('Ugyldig varsel-id'),
      401: problem('Mangler eller ugyldig token'),
      403: problem('Rollen mottar ikke varsler (admin)'),
      404: problem('Varselet finnes ikke (eller er ikke til innringeren)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/varsler/ikke-levert`,
    tags: ['varsler'],
    summary: 'Varsler som ikke ble levert til kommunens EPJ',
    description:
      'Dialogmeldinger som ble avvist eller ikke kvittert innen fristen, nyeste først: for samhandlingsdesken (alle) og kommunen (sine egne). Varselet ble også levert til kommunens webhooks og strøm.',
    request: { query: IkkeLevertQuery },
    responses: {
      200: { description: 'Varslene', content: { 'application/json': { schema: IkkeLevertListe } } },
      400: problem('Ugyldige parametre'),
      401: problem('Mangler eller ugyldig token'),
      403: problem('Bare kommune og samhandling'),
    },
  });
}

export const varslerModul: ApiModul = { navn: 'varsler', router: varslerRouter, openapi: varslerOpenApi };
