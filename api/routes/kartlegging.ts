/**
 * Kartlegging (Trygt hjem): the common structured model (its JSON Schema, every version), the
 * team's drafts and the completed document on a forløp, the team's worklist, and the inclusion
 * criteria (admin, versioned).
 *
 * Who reads the document: the team (drafts and every saved version), the ward and the
 * oppholdskommune (the completed kartlegging only); anyone else finds no forløp (404). The
 * document is health information: it is never logged, and every read is in the access log.
 * Completion is the hendelse KARTLEGGING_FULLFORT (POST /forlop/{id}/hendelser).
 *
 * This file wires each path: access, validation, one call (api/handlinger/kartlegging.ts), the
 * view (api/kartlegging-visning.ts); the schemas are in api/schemas/kartlegging.ts.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { listKriterier } from '../../db/kartlegging';
import { API_PREFIKS, pasientNokler, type ApiDeps, type ApiModul } from '../deps';
import { arbeidslisteSide, kartleggingsteamFor, lagreKartleggingUtkast, lesKartlegging, nyeKriterier } from '../handlinger/kartlegging';
import { arbeidslisteVisning, kartleggingVisning, kriterierSvar } from '../kartlegging-visning';
import { GJELDENDE_SKJEMA, jsonSchema, SKJEMA_VERSJONER, skjemaVersjon } from '../kartlegging-skjema';
import { hentPrincipal } from '../principal';
import { problemer, valider } from '../problem';
import { ForlopIdParams, jsonInnhold as json, problemSvar as problem } from '../schemas';
import {
  ArbeidslisteQuery,
  ArbeidslisteSvar,
  KartleggingKriterierSchema,
  KartleggingSchema,
  KriterierSvar,
  TeamParams,
  UtkastBody,
  VersjonParams,
} from '../schemas/kartlegging';
import { tillat } from '../tilgang';
import { forlopIdFra } from './forlop';

export function kartleggingRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const r = Router();

  r.get('/kartlegging/skjema', tillat('GET /api/v1/kartlegging/skjema'), (_req, res) => {
    res.json(jsonSchema(GJELDENDE_SKJEMA));
  });

  r.get('/kartlegging/skjema/:versjon', tillat('GET /api/v1/kartlegging/skjema/{versjon}'), (req, res) => {
    const s = skjemaVersjon(String(req.params.versjon));
    if (!s) throw problemer.ikkeFunnet(`Skjemaversjonen finnes ikke (kjente: ${SKJEMA_VERSJONER.map((x) => x.versjon).join(', ')})`);
    res.json(jsonSchema(s));
  });

  r.get('/forlop/:id/kartlegging', tillat('GET /api/v1/forlop/{id}/kartlegging'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = forlopIdFra(req.params.id);
    res.json(kartleggingVisning(await lesKartlegging(pool, p, id), p));
  });

  r.put('/forlop/:id/kartlegging', tillat('PUT /api/v1/forlop/{id}/kartlegging'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = forlopIdFra(req.params.id);
    const body = valider(UtkastBody, req.body);
    res.json(kartleggingVisning(await lagreKartleggingUtkast(pool, p, id, body), p));
  });

  r.get('/kartleggingsteam/:id/arbeidsliste', tillat('GET /api/v1/kartleggingsteam/{id}/arbeidsliste'), async (req, res) => {
    const p = hentPrincipal(res);
    const team = await kartleggingsteamFor(pool, p, String(req.params.id));
    const q = valider(ArbeidslisteQuery, req.query, 'query');
    const side = await arbeidslisteSide(pool, p, team, q);
    const nokler = pasientNokler(deps.nokler);
    res.json({ data: side.rader.map((x) => arbeidslisteVisning(x, nokler)), nesteCursor: side.nesteCursor });
  });

  r.get('/konfigurasjon/kartlegging', tillat('GET /api/v1/konfigurasjon/kartlegging'), async (_req, res) => {
    res.json(kriterierSvar(await listKriterier(pool)));
  });

  r.put('/konfigurasjon/kartlegging', tillat('PUT /api/v1/konfigurasjon/kartlegging'), async (req, res) => {
    const p = hentPrincipal(res);
    const kriterier = valider(KartleggingKriterierSchema, req.body);
    res.json(kriterierSvar(await nyeKriterier(pool, p, kriterier)));
  });

  return r;
}

// --- OpenAPI ---

export function kartleggingOpenApi(registry: OpenAPIRegistry): void {
  const ikkeAutentisert = { 401: problem('Mangler eller ugyldig token') };
  const skjemaSvar = {
    description: 'JSON Schema (draft 2020-12) for det felles kartleggingsverktøyet, med `versjon`',
    content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
  };
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/kartlegging/skjema`,
    tags: ['kartlegging'],
    summary: 'Det felles kartleggingsverktøyet i kraft, som JSON Schema',
    responses: { 200: skjemaSvar, ...ikkeAutentisert },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/kartlegging/skjema/{versjon}`,
    tags: ['kartlegging'],
    summary: 'En tidligere (eller gjeldende) versjon av kartleggingsverktøyet',
    request: { params: VersjonParams },
    responses: { 200: skjemaSvar, ...ikkeAutentisert, 404: problem('Ukjent versjon') },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/forlop/{id}/kartlegging`,
    tags: ['kartlegging'],
    summary: 'Kartleggingen på et forløp',
    description:
      'Kartleggingsteamet ser utkast og hver lagrede versjon; avdelingen og oppholdskommunen ser den fullførte kartleggingen. Andre får 404. Lesingen logges.',
    request: { params: ForlopIdParams },
    responses: {
      200: { description: 'Kartleggingen', content: json(KartleggingSchema) },
      ...ikkeAutentisert,
      404: problem('Finnes ikke (eller utenfor omfang)'),
    },
  });
  registry.registerPath({
    method: 'put',
    path: `${API_PREFIKS}/forlop/{id}/kartlegging`,
    tags: ['kartlegging'],
    summary: 'Lagre et utkast (kartleggingsteam)',
    description:
      'Lagrer et utkast som en ny versjon (hver versjon beholdes, med hvem og når). Delvis innhold er lov; hvert felt valideres mot skjemaversjonen. Fullføres med hendelsen KARTLEGGING_FULLFORT.',
    request: { params: ForlopIdParams, body: { required: true, content: json(UtkastBody) } },
    responses: {
      200: { description: 'Utkastet er lagret; kartleggingen slik den nå står', content: json(KartleggingSchema) },
      400: problem('Ugyldige felt (errors navngir hvert, f.eks. innhold.funksjonOgAdl.toalett)'),
      ...ikkeAutentisert,
      404: problem('Finnes ikke (eller utenfor omfang)'),
      409: problem('Kartleggingen er fullført, eller pasienten er ikke lenger inkludert eller innlagt'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/kartleggingsteam/{id}/arbeidsliste`,
    tags: ['kartlegging'],
    summary: 'Teamets arbeidsliste, mest hastende først',
    description:
      'Inkluderte pasienter ved teamets sykehus som fortsatt er innlagt og ikke kartlagt. Rekkefølge: (1) pasienter allerede meldt utskrivningsklar uten kartlegging (fristen er brutt); (2) forventet utskrivningsdato, tidligste først, de uten dato etter; (3) på samme dato: tidligste påminnelse først, og en pasient uten påminnelse (tidspunktet var allerede passert da pasienten ble inkludert) før alle med; (4) innleggelsen, eldste først. Et annet teams id gir 404.',
    request: { params: TeamParams, query: ArbeidslisteQuery },
    responses: {
      200: { description: 'En side av arbeidslisten', content: json(ArbeidslisteSvar) },
      400: problem('Ugyldige parametre'),
      ...ikkeAutentisert,
      404: problem('Teamet finnes ikke (eller er et annet team)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/konfigurasjon/kartlegging`,
    tags: ['konfigurasjon'],
    summary: 'Inklusjonskriteriene for kartlegging, med tidligere versjoner',
    responses: { 200: { description: 'Kriteriene i kraft og de tidligere', content: json(KriterierSvar) }, ...ikkeAutentisert },
  });
  registry.registerPath({
    method: 'put',
    path: `${API_PREFIKS}/konfigurasjon/kartlegging`,
    tags: ['konfigurasjon'],
    summary: 'Nye inklusjonskriterier (en ny versjon; gjelder forløp startet etter den)',
    request: { body: { required: true, content: json(KartleggingKriterierSchema) } },
    responses: {
      200: { description: 'Den nye versjonen og de tidligere', content: json(KriterierSvar) },
      400: problem('Ugyldige felt (errors navngir hvert)'),
      ...ikkeAutentisert,
    },
  });
}

export const kartleggingModul: ApiModul = { navn: 'kartlegging', router: kartleggingRouter, openapi: kartleggingOpenApi };
