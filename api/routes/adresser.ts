/**
 * The address table (admin): HER-ids from Adresseregisteret → the engine's org codes. Seeded for
 * the region (db/seed/helgeland.json); HER-ids change and a test network has other ones, so an
 * admin keeps it. An entry points to a sykehus id, a kommunenummer, the helseforetak (the
 * samhandling org) or the engine itself (MOTOR). Its `orgnr` is the one mapping of HelseID's
 * organisation numbers to orgs (api/auth-helseid.ts): an orgnr names one org.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { hentAdresser, kjenteOrger, orgnrHosAnnenOrg, settAdresse } from '../../db/plo';
import { glemOrgnrKart } from '../orgnr-kart';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { problemer, valider } from '../problem';
import { Fritekst, jsonInnhold as json, problemSvar as problem } from '../schemas';
import { tillat } from '../tilgang';

const HerId = z.string().regex(/^\d{1,12}$/, { error: 'må være en HER-id (1–12 siffer)' });

export const AdresseSchema = z
  .object({
    herId: HerId,
    org: z.string().openapi({ description: 'Sykehus-id, kommunenummer, helseforetaket (samhandling) eller MOTOR (motoren selv)' }),
    navn: z.string(),
    orgnr: z.string().nullable().openapi({ description: 'Organisasjonsnummer (HelseIDs organisasjonskrav), når kjent' }),
  })
  .openapi('Adresse');

export const AdresseBody = z
  .strictObject({
    org: z.string().min(1).max(50),
    navn: Fritekst.max(200),
    orgnr: z
      .string()
      .regex(/^\d{9}$/, { error: 'må være et organisasjonsnummer (9 siffer)' })
      .nullable()
      .optional(),
  })
  .openapi('AdresseInn');

const HerIdParams = z.object({ herId: HerId.openapi({ param: { name: 'herId', in: 'path' } }) });

export function adresserRouter(deps: ApiDeps): Router {
  const { pool, config } = deps;
  const r = Router();

  r.get('/konfigurasjon/adresser', tillat('GET /api/v1/konfigurasjon/adresser'), async (_req, res) => {
    res.json({ data: await hentAdresser(pool) });
  });

  r.put('/konfigurasjon/adresser/:herId', tillat('PUT /api/v1/konfigurasjon/adresser/{herId}'), async (req, res) => {
    const { herId } = valider(HerIdParams, req.params, 'path');
    const body = valider(AdresseBody, req.body);
    const { sykehus, kommuner } = await kjenteOrger(pool);
    if (!(body.org === 'MOTOR' || body.org === config.samhandlingOrg || sykehus.has(body.org) || kommuner.has(body.org))) {
      throw problemer.validering([{ felt: 'org', melding: 'ukjent org: et sykehus, et kommunenummer, helseforetaket eller MOTOR' }]);
    }
    const orgnrFeil = (annenOrg?: string) =>
      problemer.validering([
        {
          felt: 'orgnr',
          melding: `organisasjonsnummeret er allerede gitt til ${annenOrg ? `org ${annenOrg}` : 'en annen org'}; ett organisasjonsnummer er én org`,
        },
      ]);
    const annen = body.orgnr ? await orgnrHosAnnenOrg(pool, body.orgnr, body.org) : null;
    if (annen) throw orgnrFeil(annen.org);
    const ny = await settAdresse(pool, { herId, org: body.org, navn: body.navn, orgnr: body.orgnr ?? null }).catch((e: unknown) => {
      // Two PUTs at once for the same orgnr: the constraint (adresse_orgnr_en_org) decides.
      if ((e as { code?: string }).code === '23P01') throw orgnrFeil();
      throw e;
    });
    glemOrgnrKart(pool);
    res.status(ny ? 201 : 200).json({ herId, org: body.org, navn: body.navn, orgnr: body.orgnr ?? null });
  });

  return r;
}

export function adresserOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/konfigurasjon/adresser`,
    tags: ['konfigurasjon'],
    summary: 'Adressetabellen: HER-id → org (admin)',
    responses: {
      200: { description: 'Alle oppføringene', content: json(z.object({ data: z.array(AdresseSchema) }).openapi('AdresseListe')) },
      401: problem('Mangler eller ugyldig token'),
      403: problem('Ikke admin'),
    },
  });
  registry.registerPath({
    method: 'put',
    path: `${API_PREFIKS}/konfigurasjon/adresser/{herId}`,
    tags: ['konfigurasjon'],
    summary: 'Legg inn eller endre én HER-id (admin)',
    request: { params: HerIdParams, body: { required: true, content: json(AdresseBody) } },
    responses: {
      200: { description: 'Endret', content: json(AdresseSchema) },
      201: { description: 'Lagt inn', content: json(AdresseSchema) },
      400: problem('Ugyldige felt, en org motoren ikke kjenner, eller et organisasjonsnummer som alt er gitt til en annen org'),
      401: problem('Mangler eller ugyldig token'),
      403: problem('Ikke admin'),
    },
  });
}

export const adresserModul: ApiModul = { navn: 'adresser', router: adresserRouter, openapi: adresserOpenApi };
