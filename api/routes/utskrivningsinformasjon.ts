/**
 * The patient's own sheet at discharge: GET /forlop/{id}/utskrivningsinformasjon, one A4 page
 * in plain bokmål or nynorsk, as HTML (for the screen and print) or PDF (`Accept`).
 *
 * The ward gives it and the oppholdskommune reads the very same text, so what the patient was
 * told and what the kommune knows are one. Anyone else finds no such sheet (404); every read is
 * in the access log. The words are api/utskrivningsinformasjon/tekst.ts's; this route only reads
 * the forløp and its reference data and answers in the format asked for.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { hentForlop } from '../../db/les';
import { hentArkReferanse } from '../../db/utskrivningsinformasjon';
import { dekrypterNavn } from '../../db/pasient';
import { API_PREFIKS, pasientNokler, type ApiDeps, type ApiModul } from '../deps';
import { hentPrincipal } from '../principal';
import { problemer, valider } from '../problem';
import { ForlopIdParams, problemSvar as problem } from '../schemas';
import { skjultFor, tillat } from '../tilgang';
import { arkFakta } from '../utskrivningsinformasjon/fakta';
import { ARK_CSP, arkHtml } from '../utskrivningsinformasjon/html';
import { arkPdf } from '../utskrivningsinformasjon/pdf';
import { lagArk, type Malform } from '../utskrivningsinformasjon/tekst';
import { forlopIdFra } from './forlop';

const RUTE = 'GET /api/v1/forlop/{id}/utskrivningsinformasjon';

/** `nb`/`nn`, or the words docs/api.md uses (`bokmal`/`nynorsk`): the patient's choice. */
const MALFORM_NAVN: Record<string, Malform> = { nb: 'nb', nn: 'nn', bokmal: 'nb', nynorsk: 'nn' };

const ArkQuery = z.strictObject({
  malform: z
    .enum(['nb', 'nn', 'bokmal', 'nynorsk'])
    .default('nb')
    .openapi({ description: 'Målformen pasienten vil ha: bokmål (nb, standard) eller nynorsk (nn)', example: 'nn' }),
});

export function utskrivningsinformasjonRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const r = Router();

  r.get('/forlop/:id/utskrivningsinformasjon', tillat(RUTE), async (req, res) => {
    const p = hentPrincipal(res);
    const id = forlopIdFra(req.params.id);
    if (skjultFor(RUTE, p.rolle)) throw problemer.ikkeFunnet('Forløpet finnes ikke');
    const malform = MALFORM_NAVN[valider(ArkQuery, req.query, 'query').malform];
    const forlop = await hentForlop(pool, id, p, 'utskrivningsinformasjon');
    if (!forlop) throw problemer.ikkeFunnet('Forløpet finnes ikke');
    const ref = await hentArkReferanse(pool, forlop.sykehus, forlop.oppholdskommune, forlop.avdeling);
    // The name as the hospital gave it (PLO or POST /forlop); none stored: left out, never made up.
    const navn = dekrypterNavn(forlop.navnKryptert, pasientNokler(deps.nokler));
    const ark = lagArk(arkFakta(forlop, { ...ref, pasientNavn: navn ? `${navn.fornavn} ${navn.etternavn}` : null }), malform);

    res.vary('Accept').set('Cache-Control', 'no-store');
    if (req.accepts(['text/html', 'application/pdf']) === 'application/pdf') {
      res
        .type('application/pdf')
        .set('Content-Disposition', 'inline; filename="informasjon-til-pasienten.pdf"')
        .send(await arkPdf(ark));
      return;
    }
    res.type('html').set('Content-Security-Policy', ARK_CSP).send(arkHtml(ark));
  });

  return r;
}

export function utskrivningsinformasjonOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/forlop/{id}/utskrivningsinformasjon`,
    tags: ['utskrivningsinformasjon'],
    summary: 'Informasjon til pasienten ved utskrivning (ett A4-ark)',
    description:
      'Pasientens eget ark i klart språk: når og hvor pasienten reiser, kontakten i kommunen og når hjelpen starter, ' +
      'legemiddellistens status, det som er viktig for pasienten (fra kartleggingen), og hvem pasienten ringer om det blir verre. ' +
      'Det motoren ikke vet, står ikke der. HTML med utskriftsstil (standard), eller PDF med `Accept: application/pdf` ' +
      '(skriften innebygd, teksten kan merkes). Avdelingen og oppholdskommunen leser samme tekst; andre får 404. Lesingen logges. ' +
      'At arket er gitt, registreres med hendelsen INFORMASJON_GITT.',
    request: { params: ForlopIdParams, query: ArkQuery },
    responses: {
      200: {
        description: 'Arket',
        content: {
          'text/html': { schema: { type: 'string' } },
          'application/pdf': { schema: { type: 'string', format: 'binary' } },
        },
      },
      400: problem('Ugyldige parametre'),
      401: problem('Mangler eller ugyldig token'),
      403: problem('Rollen har ikke tilgang'),
      404: problem('Finnes ikke (eller utenfor omfang)'),
    },
  });
}

export const utskrivningsinformasjonModul: ApiModul = {
  navn: 'utskrivningsinformasjon',
  router: utskrivningsinformasjonRouter,
  openapi: utskrivningsinformasjonOpenApi,
};
