/**
 * Samhandlingsavvik: list the caller's scope, read one with its history, report one by hand,
 * and move one on (behandling). This file wires each path: access, validation, one call, the
 * view. The rules are pure (workflows/avvik-manuelt.ts: who answers for a hand-reported avvik
 * and its varsel; workflows/avvik-behandling.ts: what a behandling may do), the calls in
 * api/handlinger/avvik.ts, the schemas in api/schemas/avvik.ts, the views in api/avvik-visning.ts.
 *
 * Scope: samhandling sees all; a sykehus, kartleggingsteam or kommune sees the avvik where its
 * org is the ansvarlig or the motpart (db/avvik.ts). Out of scope answers 404, as missing.
 *
 * Follow-up (docs/api.md "Avvik: answering and following up"): every avvik has `svarfrist` and
 * `svarStatus`; an answer by the party (a kommentar, or a move to under_behandling) or a move
 * to lukket/trukket signals the avvik's workflow after the commit, which then sends nothing
 * more. GET /avvik filters by every field and answers CSV on `Accept: text/csv`.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { alleAvvik, hentAvvik, listAvvik, UgyldigCursor, type AvvikFilter } from '../../db/avvik';
import { loggLesing } from '../../db/les';
import { AVVIK_CSV_KOLONNER, avvikVisning, CSV_MAKS_RADER, csvRad } from '../avvik-visning';
import { csvInnhold, sendCsv, vilHaCsv } from '../csv';
import { API_PREFIKS, pasientNokler, type ApiDeps, type ApiModul } from '../deps';
import { behandle, meldAvvik } from '../handlinger/avvik';
import { IdempotencyKeyHeader } from '../idempotens';
import { hentPrincipal } from '../principal';
import { problemer, valider } from '../problem';
import { CURSOR_FEIL, jsonInnhold as json, problemSvar as problem, Uuid } from '../schemas';
import { AvvikBehandlingBody, AvvikIdParams, AvvikListeQuery, AvvikListeSvar, AvvikSchema, NyttAvvikBody } from '../schemas/avvik';
import { tillat } from '../tilgang';

/** The path id, or 404 (a malformed id names no avvik). */
function avvikIdFra(param: unknown): string {
  if (typeof param !== 'string' || !Uuid.safeParse(param).success) throw problemer.ikkeFunnet('Avviket finnes ikke');
  return param.toLowerCase();
}

/** A bad cursor is the caller's 400. */
async function medCursor<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof UgyldigCursor) throw problemer.validering([{ felt: 'query.cursor', melding: CURSOR_FEIL }]);
    throw e;
  }
}

export function avvikRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const nokler = pasientNokler(deps.nokler);
  const r = Router();

  r.get('/avvik', tillat('GET /api/v1/avvik'), async (req, res) => {
    const p = hentPrincipal(res);
    const { cursor, limit, ...filter } = valider(AvvikListeQuery, req.query, 'query') satisfies AvvikFilter;
    if (vilHaCsv(req)) {
      const rader = await medCursor(() => alleAvvik(pool, filter, p, cursor, CSV_MAKS_RADER));
      await loggLesing(pool, p, [...new Set(rader.map((a) => a.forlopId))], 'avvik-liste');
      sendCsv(res, AVVIK_CSV_KOLONNER, rader.map(csvRad), { filnavn: 'avvik.csv' });
      return;
    }
    const side = await medCursor(() => listAvvik(pool, filter, p, cursor, limit));
    await loggLesing(pool, p, [...new Set(side.rader.map((a) => a.forlopId))], 'avvik-liste');
    res.json({ data: side.rader.map((a) => avvikVisning(a, p, nokler)), nesteCursor: side.nesteCursor });
  });

  r.get('/avvik/:id', tillat('GET /api/v1/avvik/{id}'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = avvikIdFra(req.params.id);
    const a = await hentAvvik(pool, id, p);
    if (!a) throw problemer.ikkeFunnet('Avviket finnes ikke');
    await loggLesing(pool, p, a.forlopId, 'avvik');
    res.json(avvikVisning(a, p, nokler));
  });

  r.post('/avvik', tillat('POST /api/v1/avvik'), async (req, res) => {
    const p = hentPrincipal(res);
    const { 'idempotency-key': nokkel } = valider(IdempotencyKeyHeader, { 'idempotency-key': req.get('idempotency-key') }, 'header');
    const body = valider(NyttAvvikBody, req.body);
    const a = await meldAvvik(deps, p, body, nokkel);
    res
      .status(201)
      .location(`${API_PREFIKS}/avvik/${a.id}`)
      .json(avvikVisning(a, p, nokler));
  });

  r.post('/avvik/:id/behandling', tillat('POST /api/v1/avvik/{id}/behandling'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = avvikIdFra(req.params.id);
    const body = valider(AvvikBehandlingBody, req.body);
    res.json(avvikVisning(await behandle(deps, p, id, body), p, nokler));
  });

  return r;
}

// --- OpenAPI ---

export function avvikOpenApi(registry: OpenAPIRegistry): void {
  const felles = {
    401: problem('Mangler eller ugyldig token'),
    403: problem('Rollen har ikke tilgang (admin)'),
  };
  const omfang = 'samhandling ser alle avvik; et sykehus, et kartleggingsteam og en kommune ser avvikene der egen org er ansvarlig eller motpart.';
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/avvik`,
    tags: ['avvik'],
    summary: 'List avvik i innringerens omfang',
    description: `${omfang} Nyeste først: sortert etter brutt og id, synkende (lik brutt: samme rekkefølge hver gang), sidevis som GET /forlop med \`cursor\` fra \`nesteCursor\` (ingen hull, ingen dobbel); \`nesteCursor\` er null på siste side. Hvert avvik har pasienten der innringeren kan se forløpet, og \`tillatteHandlinger\`.`,
    request: { query: AvvikListeQuery },
    responses: {
      200: {
        description:
          'En side avvik (JSON), eller med `Accept: text/csv` alle avvik som passer filtrene fra `cursor` og utover (høyst 100 000; `limit` gjelder ikke), én overskriftsrad, `;`-separert, UTF-8 med BOM',
        content: {
          ...json(AvvikListeSvar),
          ...csvInnhold(`Kolonner: ${AVVIK_CSV_KOLONNER.map((k) => k.header).join(';')}. Tider i ISO 8601 med Oslo-offset.`),
        },
      },
      400: problem('Ugyldige parametre'),
      ...felles,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/avvik/{id}`,
    tags: ['avvik'],
    summary: 'Hent ett avvik med historikk',
    description: `${omfang} Et avvik utenfor omfanget svarer 404, som om det ikke fantes.`,
    request: { params: AvvikIdParams },
    responses: {
      200: { description: 'Avviket', content: json(AvvikSchema) },
      ...felles,
      404: problem('Finnes ikke (eller utenfor omfang)'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: `${API_PREFIKS}/avvik`,
    tags: ['avvik'],
    summary: 'Meld et avvik for hånd (type MANUELT)',
    description:
      'Innmelderen må kunne se forløpet (som GET /forlop/{id}) og blir avvikets motpart. Avviket åpnes med en historikkrad «åpen» av innmelderen, får svarfrist etter kommunens konfigurasjon, og den ansvarlige organisasjonen får et varsel AVVIK (i strømmen og til sine webhooks), PAMINNELSE før svarfristen og ESKALERING (også til samhandlingsavdelingen) når den går ut uten svar.',
    request: { headers: IdempotencyKeyHeader, body: { required: true, content: json(NyttAvvikBody) } },
    responses: {
      201: { description: 'Avviket er registrert', content: json(AvvikSchema) },
      400: problem('Ugyldige felt (errors navngir hvert), f.eks. en ansvarlig som ikke er part i forløpet'),
      ...felles,
      404: problem('Forløpet finnes ikke (eller er utenfor omfang)'),
      422: problem('Databasen avviste avviket som data, eller Idempotency-Key brukt med en annen kropp'),
      503: problem('Arbeidsflytmotoren svarer ikke; prøv igjen'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: `${API_PREFIKS}/avvik/{id}/behandling`,
    tags: ['avvik'],
    summary: 'Behandle et avvik: flytt det videre og/eller kommenter',
    description:
      'samhandling kan gjøre enhver flytting mellom åpen, under_behandling, lukket og trukket (lukket krever kommentar). Den ansvarlige parten kan kommentere (status uendret) og flytte åpen → under_behandling; alt annet gir 403, og en flytting avvikets status ikke tillater (f.eks. fra lukket) gir 409. Hver endring legges til historikken med hvem og når. Svaret er avviket med historikk.',
    request: { params: AvvikIdParams, body: { required: true, content: json(AvvikBehandlingBody) } },
    responses: {
      200: { description: 'Avviket slik det nå står', content: json(AvvikSchema) },
      400: problem('Ugyldige felt (f.eks. lukket uten kommentar)'),
      401: problem('Mangler eller ugyldig token'),
      403: problem('Innringeren kan ikke gjøre denne endringen'),
      404: problem('Finnes ikke (eller utenfor omfang)'),
      409: problem('Avvikets status tillater ikke endringen (type …/ugyldig-overgang)'),
    },
  });
}

export const avvikModul: ApiModul = { navn: 'avvik', router: avvikRouter, openapi: avvikOpenApi };
