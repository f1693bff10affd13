/**
 * Forløp: start at admission, read one, list the caller's scope, record hendelser. This file
 * wires each path: access, validation, one call, the view; the calls are in
 * api/handlinger/forlop.ts.
 *
 * The API holds no rules: who may send which hendelse comes from the machine
 * (HENDELSE_ROLLE), whether the forløp's state allows it from the workflow's Update validator.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { QueryNotRegisteredError, WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { forlopIScope, hentForlop, listForlop, loggLesing, UgyldigCursor } from '../../db/les';
import { forlopWorkflowId, tillatteQuery } from '../../workflows/definitions';
import { HENDELSE_ROLLE } from '../../workflows/hendelser';
import { VURDERING_PUNKTER } from '../../workflows/utskrivning';
import type { HendelseType } from '../../workflows/hendelser';
import { API_PREFIKS, pasientNokler, type ApiDeps, type ApiModul } from '../deps';
import { dialogmeldingerFor } from '../handlinger/dialogmeldinger';
import { hendelseInput, opprettForlop, sendHendelse } from '../handlinger/forlop';
import { IdempotencyKeyHeader } from '../idempotens';
import { hentPrincipal } from '../principal';
import { problemer, valider } from '../problem';
import {
  CURSOR_FEIL,
  ForlopIdParams,
  ForlopListeQuery,
  ForlopListeSvar,
  ForlopSchema,
  HendelseBody,
  jsonInnhold as json,
  OpprettForlopBody,
  problemSvar as problem,
} from '../schemas';
import { TillatteHendelserSvar } from '../schemas/forlop';
import { temporalProblem } from '../temporal-feil';
import { tillat } from '../tilgang';
import { forlopSammendrag, forlopVisning } from '../visning';

const erUuid = (v: string): boolean => z.uuid().safeParse(v).success;

/** The path id, or 404 (a malformed id names no forløp). */
export function forlopIdFra(param: unknown): string {
  if (typeof param !== 'string' || !erUuid(param)) throw problemer.ikkeFunnet('Forløpet finnes ikke');
  return param.toLowerCase();
}

export function forlopRouter(deps: ApiDeps): Router {
  const { pool, client, nokler } = deps;
  const r = Router();

  r.post('/forlop', tillat('POST /api/v1/forlop'), async (req, res) => {
    const p = hentPrincipal(res);
    const { 'idempotency-key': nokkel } = valider(IdempotencyKeyHeader, { 'idempotency-key': req.get('idempotency-key') }, 'header');
    const body = valider(OpprettForlopBody, req.body);
    const forlop = await opprettForlop(deps, p, body, nokkel);
    const forlopId = forlop.id;
    await loggLesing(pool, p, forlopId, 'opprett');
    res
      .status(201)
      .location(`${API_PREFIKS}/forlop/${forlopId}`)
      .json(forlopVisning(forlop, pasientNokler(nokler)));
  });

  r.get('/forlop', tillat('GET /api/v1/forlop'), async (req, res) => {
    const p = hentPrincipal(res);
    const q = valider(ForlopListeQuery, req.query, 'query');
    let side;
    try {
      side = await listForlop(pool, { status: q.status, oppholdskommune: q.oppholdskommune, sykehus: q.sykehus, fra: q.fra, til: q.til }, p, q.cursor, q.limit);
    } catch (e) {
      if (e instanceof UgyldigCursor) throw problemer.validering([{ felt: 'query.cursor', melding: CURSOR_FEIL }]);
      throw e;
    }
    await loggLesing(
      pool,
      p,
      side.rader.map((f) => f.id),
      'liste',
    );
    res.json({ data: side.rader.map((f) => forlopSammendrag(f, pasientNokler(nokler))), nesteCursor: side.nesteCursor });
  });

  r.get('/forlop/:id', tillat('GET /api/v1/forlop/{id}'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = forlopIdFra(req.params.id);
    const forlop = await hentForlop(pool, id, p, 'les');
    if (!forlop) throw problemer.ikkeFunnet('Forløpet finnes ikke');
    res.json({ ...forlopVisning(forlop, pasientNokler(nokler)), dialogmeldinger: await dialogmeldingerFor(deps, id) });
  });

  r.get('/forlop/:id/tillatte-hendelser', tillat('GET /api/v1/forlop/{id}/tillatte-hendelser'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = forlopIdFra(req.params.id);
    const kort = await forlopIScope(pool, id, p);
    if (!kort) throw problemer.ikkeFunnet('Forløpet finnes ikke');
    // The machine answers (the workflow's query); a closed forløp accepts nothing.
    let alle: HendelseType[] = [];
    if (kort.status !== 'avsluttet' && kort.status !== 'avbrutt') {
      try {
        alle = await client.workflow.getHandle(forlopWorkflowId(id)).query(tillatteQuery);
      } catch (e) {
        if (!(e instanceof WorkflowNotFoundError || e instanceof QueryNotRegisteredError)) {
          throw await temporalProblem(e, pool, id, 'tillatte-hendelser');
        }
      }
    }
    const svar: TillatteHendelserSvar = {
      forlopId: id,
      status: kort.status,
      tillatte: alle.filter((t) => HENDELSE_ROLLE[t].includes(p.rolle)),
      alle,
      vurderingPunkter: VURDERING_PUNKTER.map((x) => ({ ...x })),
    };
    res.json(svar);
  });

  r.post('/forlop/:id/hendelser', tillat('POST /api/v1/forlop/{id}/hendelser'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = forlopIdFra(req.params.id);
    const body = valider(HendelseBody, req.body);
    const kort = await forlopIScope(pool, id, p);
    if (!kort) throw problemer.ikkeFunnet('Forløpet finnes ikke');
    const roller = HENDELSE_ROLLE[body.type];
    if (!roller.includes(p.rolle)) {
      throw problemer.forbudt(`Rollen ${p.rolle} kan ikke sende ${body.type}; det kan ${roller.join(', ')}`);
    }
    await sendHendelse(deps, id, hendelseInput(body, p));
    // A hendelse can take the forløp out of the sender's scope (a team excluding a patient): the
    // sender still gets the answer to what it did, once, and the read is logged as every read.
    let forlop = await hentForlop(pool, id, p, 'hendelse');
    if (!forlop) {
      forlop = await hentForlop(pool, id);
      if (!forlop) throw problemer.ikkeFunnet('Forløpet finnes ikke');
      await loggLesing(pool, p, id, 'hendelse');
    }
    res.json(forlopVisning(forlop, pasientNokler(nokler)));
  });

  return r;
}

// --- OpenAPI ---

export function forlopOpenApi(registry: OpenAPIRegistry): void {
  const felles = {
    401: problem('Mangler eller ugyldig token'),
  };
  registry.registerPath({
    method: 'post',
    path: `${API_PREFIKS}/forlop`,
    tags: ['forlop'],
    summary: 'Start et forløp ved innleggelse (sykehus)',
    description:
      'Starter forløpet med hendelsen INNLAGT. `sykehus` må være innringerens egen lokasjon. Med `Idempotency-Key` gir et nytt forsøk samme forløp; samme nøkkel med en annen kropp gir 422. Er pasienten allerede innlagt ved sykehuset i et annet forløp, er svaret 409 med det forløpet.',
    request: {
      headers: IdempotencyKeyHeader,
      body: { required: true, content: json(OpprettForlopBody) },
    },
    responses: {
      201: { description: 'Forløpet er startet', content: json(ForlopSchema) },
      400: problem('Ugyldige felt (errors navngir hvert)'),
      ...felles,
      403: problem('Ikke et sykehus, eller et annet sykehus enn innringerens'),
      409: problem(
        'Pasienten har allerede et åpent forløp ved sykehuset (innlagt og ikke skrevet ut eller avbrutt): problemtypen `apent-forlop` med `forlopId` og `lenke` til det',
      ),
      422: problem('Idempotency-Key brukt med en annen kropp'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/forlop`,
    tags: ['forlop'],
    summary: 'List forløp i innringerens omfang',
    description: 'Sortert etter innlagtTidspunkt (eldste først) og id; `nesteCursor` er null på siste side. Elementene er forløp uten hendelser.',
    request: { query: ForlopListeQuery },
    responses: {
      200: { description: 'En side forløp', content: json(ForlopListeSvar) },
      400: problem('Ugyldige parametre'),
      ...felles,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/forlop/{id}`,
    tags: ['forlop'],
    summary: 'Hent ett forløp',
    description: 'Et forløp utenfor innringerens omfang svarer 404, som om det ikke fantes. Lesingen logges.',
    request: { params: ForlopIdParams },
    responses: {
      200: { description: 'Forløpet', content: json(ForlopSchema) },
      ...felles,
      404: problem('Finnes ikke (eller utenfor omfang)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/forlop/{id}/tillatte-hendelser`,
    tags: ['forlop'],
    summary: 'Hendelsene forløpet tar imot nå',
    description:
      'Spør tilstandsmaskinen (arbeidsflyten) hvilke hendelser forløpets tilstand tillater nå; `tillatte` er de innringerens rolle kan sende. Et avsluttet eller avbrutt forløp tar ikke imot noe. For skjemaer som bare skal tilby det som passer.',
    request: { params: ForlopIdParams },
    responses: {
      200: { description: 'Tillatte hendelser', content: json(TillatteHendelserSvar) },
      ...felles,
      404: problem('Finnes ikke (eller utenfor omfang)'),
      503: problem('Arbeidsflytmotoren svarer ikke; prøv igjen'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: `${API_PREFIKS}/forlop/{id}/hendelser`,
    tags: ['forlop'],
    summary: 'Registrer en hendelse',
    description:
      'Én ting som har skjedd. `tidspunkt` er når det skjedde (ikke mer enn 5 minutter frem i tid). En gjentakelse med samme `hendelseId` besvares som den første og endrer ingenting.',
    request: {
      params: ForlopIdParams,
      body: { required: true, content: json(HendelseBody) },
    },
    responses: {
      200: { description: 'Hendelsen er registrert; forløpet slik det nå står', content: json(ForlopSchema) },
      400: problem('Ugyldige felt (errors navngir hvert)'),
      ...felles,
      403: problem('Rollen kan ikke sende denne hendelsestypen'),
      404: problem('Finnes ikke (eller utenfor omfang)'),
      409: problem('Forløpets tilstand tillater ikke hendelsen (type …/ugyldig-overgang; detail sier tilstand og hva den tillater)'),
      422: problem('Hendelsen strider mot forløpet (f.eks. tidspunkt før innleggelsen)'),
      503: problem('Arbeidsflytmotoren svarer ikke; prøv igjen med samme hendelseId'),
    },
  });
}

export const forlopModul: ApiModul = { navn: 'forlop', router: forlopRouter, openapi: forlopOpenApi };
