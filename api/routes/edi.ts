/**
 * The EDI poller's messages set aside (admin): an incoming message whose apply failed for a
 * reason of its own EDI_MAKS_FORSOK times (activities/edi-mottak.ts) is left unread on the
 * message server, not receipted, and listed here with its count and last error (no patient
 * data: nhn/mottak-feil.ts). Once the cause is fixed, prov-igjen sends it back to the poller,
 * which takes it in its next round.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { listFeilet, provIgjen } from '../../db/edi-mottak';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { problemer, valider } from '../problem';
import { jsonInnhold as json, problemSvar as problem, Tidspunkt } from '../schemas';
import { tillat } from '../tilgang';
import { isoOslo } from '../visning';

/** The message server's ids are GUIDs; anything of their alphabet is looked up, nothing else. */
const MeldingId = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, { error: 'må være meldingstjenerens id for meldingen' });

const FeiletMelding = z
  .object({
    meldingId: MeldingId.openapi({ description: 'Meldingstjenerens id for meldingen' }),
    forsok: z.number().int().openapi({ description: 'Mislykkede forsøk på å anvende den (feil i omgivelsene er ikke telt)' }),
    sisteFeil: z.string().nullable().openapi({ description: 'Den siste feilen: art, kode og melding, uten verdier fra meldingen' }),
    tidspunkt: Tidspunkt.openapi({ description: 'Da meldingen ble lagt til side' }),
  })
  .openapi('EdiFeiletMelding', { description: 'En innkommende EDI-melding lagt til side: ulest på meldingstjeneren, ikke kvittert' });

const MeldingParams = z.object({ meldingId: MeldingId.openapi({ param: { name: 'meldingId', in: 'path' } }) });

export function ediRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/edi/mottak/feilet', tillat('GET /api/v1/edi/mottak/feilet'), async (_req, res) => {
    const rader = await listFeilet(deps.pool);
    res.json({ data: rader.map((x) => ({ meldingId: x.meldingId, forsok: x.forsok, sisteFeil: x.sisteFeil, tidspunkt: isoOslo(x.feilet) })) });
  });
  r.post('/edi/mottak/:meldingId/prov-igjen', tillat('POST /api/v1/edi/mottak/{meldingId}/prov-igjen'), async (req, res) => {
    const { meldingId } = valider(MeldingParams, req.params, 'path');
    if (!(await provIgjen(deps.pool, meldingId))) throw problemer.ikkeFunnet('Ingen melding med denne id-en er lagt til side');
    deps.logger.info({ meldingId }, 'EDI: en melding lagt til side er sendt tilbake til mottaket');
    res.status(204).end();
  });
  return r;
}

export function ediOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/edi/mottak/feilet`,
    tags: ['edi'],
    summary: 'Innkommende EDI-meldinger lagt til side (admin)',
    description:
      'Meldinger som ikke kunne anvendes EDI_MAKS_FORSOK ganger av en grunn i meldingen selv (en feil, en databaseregel), ikke fordi databasen eller Temporal var borte. ' +
      'De står uleste på meldingstjeneren uten kvittering, og mottaket går forbi dem til de sendes tilbake. Nyeste først, høyst 500.',
    responses: {
      200: { description: 'Meldingene', content: json(z.object({ data: z.array(FeiletMelding) }).openapi('EdiFeiletListe')) },
      401: problem('Mangler eller ugyldig token'),
      403: problem('Ikke admin'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: `${API_PREFIKS}/edi/mottak/{meldingId}/prov-igjen`,
    tags: ['edi'],
    summary: 'Send en melding lagt til side tilbake til mottaket (admin)',
    description: 'Tellingen settes til null; mottaket tar meldingen i neste runde. Gjør det når årsaken er rettet.',
    request: { params: MeldingParams },
    responses: {
      204: { description: 'Sendt tilbake' },
      400: problem('Ugyldig meldings-id'),
      401: problem('Mangler eller ugyldig token'),
      403: problem('Ikke admin'),
      404: problem('Ingen melding med denne id-en er lagt til side'),
    },
  });
}

export const ediModul: ApiModul = { navn: 'edi', router: ediRouter, openapi: ediOpenApi };
