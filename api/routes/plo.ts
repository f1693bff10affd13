/**
 * PLO-meldinger over Norsk Helsenett: POST one message as sent (MsgHead v1.2 with a
 * Pasientlogistikk v1.6 or v1.5 document), answered with an AppRec v1.1; GET the log.
 *
 * This file wires each path: access, validation, one call, the view. Receiving a message and
 * paging the log are in api/handlinger/plo.ts, the pure reading and mapping in plo/, the
 * queries in db/plo.ts, the schemas in api/schemas/plo.ts.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express, { Router } from 'express';
import { z } from 'zod';
import type { PloMeldingRad } from '../../db/plo';
import { MAKS_XML_BYTE } from '../../plo/xml';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { listMeldinger, mottaMelding } from '../handlinger/plo';
import { hentPrincipal } from '../principal';
import { Problem, valider } from '../problem';
import { jsonInnhold as json, problemSvar as problem } from '../schemas';
import { PloListeQuery, PloListeSvar, PloMeldingSchema, XML_TYPER, type PloMeldingVisning } from '../schemas/plo';
import { tillat } from '../tilgang';
import { isoOslo } from '../visning';

function visning(m: PloMeldingRad): PloMeldingVisning {
  return {
    msgId: m.msgId,
    type: m.type,
    versjon: m.versjon,
    kansellering: m.forsendelsesstatus === 'C',
    refToParent: m.refToParent,
    avsender: { herId: m.avsenderHer, org: m.avsenderOrg },
    mottaker: { org: m.mottakerOrg },
    genDate: isoOslo(m.genDate),
    mottatt: isoOslo(m.mottatt),
    status: m.status === 'avvist' ? 'avvist' : 'ok',
    anvendt: m.anvendt === true,
    merknad: m.merknad,
    feil: m.feil.map((f) => ({ kode: f.kode, tekst: f.tekst })),
    forlopId: m.forlopISynet ? m.forlopId : null,
    kansellertAv: m.kansellertAv,
  };
}

export function ploRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/plo/meldinger', tillat('POST /api/v1/plo/meldinger'), express.text({ type: XML_TYPER, limit: MAKS_XML_BYTE }), async (req, res) => {
    const p = hentPrincipal(res);
    if (!req.is(XML_TYPER) || typeof req.body !== 'string') {
      throw new Problem(415, 'ikke-stottet-medietype', 'Kroppen må være meldingen som XML (Content-Type: application/xml eller text/xml)');
    }
    res
      .status(200)
      .type('application/xml')
      .send(await mottaMelding(deps, p, req.body));
  });

  r.get('/plo/meldinger', tillat('GET /api/v1/plo/meldinger'), async (req, res) => {
    const p = hentPrincipal(res);
    const q = valider(PloListeQuery, req.query, 'query');
    const side = await listMeldinger(deps, p, q);
    res.json({ data: side.rader.map(visning), nesteCursor: side.nesteCursor });
  });

  return r;
}

// --- OpenAPI ---

const xmlInnhold = (description: string) => ({
  'application/xml': { schema: z.string().openapi({ description, format: 'xml' }) },
});

export function ploOpenApi(registry: OpenAPIRegistry): void {
  registry.register('PloMelding', PloMeldingSchema);
  registry.registerPath({
    method: 'post',
    path: `${API_PREFIKS}/plo/meldinger`,
    tags: ['plo'],
    summary: 'Ta imot én PLO-melding (MsgHead v1.2 med Pasientlogistikk v1.6 eller v1.5); svaret er en AppRec v1.1',
    description:
      'Kroppen er meldingen slik den ble sendt over Helsenettet (`application/xml` eller `text/xml`). Avsenderens HER-id må høre til innringeren (adressetabellen). ' +
      'Svaret er en applikasjonskvittering: status 1 (OK) når meldingen er anvendt eller registrert, 2 (Avvist) med feilkoder fra kodeverk 8221 og en beskrivelse på bokmål. ' +
      'Samme MsgId fra samme avsender igjen gir samme kvittering og endrer ingenting. DOCTYPE og entiteter avvises uten å leses.',
    request: {
      body: {
        required: true,
        content: { ...xmlInnhold('MsgHead v1.2'), 'text/xml': { schema: z.string().openapi({ format: 'xml' }) } },
      },
    },
    responses: {
      200: { description: 'Applikasjonskvittering (AppRec v1.1, OK eller Avvist)', content: xmlInnhold('AppRec v1.1') },
      400: problem('Ikke velformet XML, en DOCTYPE eller entitet, eller ikke en MsgHead med MsgId og Type'),
      401: problem('Mangler eller ugyldig token'),
      403: problem('Avsenderens HER-id hører ikke til innringeren'),
      413: problem('Meldingen er større enn grensen'),
      415: problem('Ikke XML'),
      503: problem('Arbeidsflytmotoren svarer ikke; send samme melding igjen'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/plo/meldinger`,
    tags: ['plo'],
    summary: 'Mottatte PLO-meldinger, nyeste først, med kvitteringens status og feil',
    description:
      'Samhandling ser alle; et sykehus og en kommune meldingene de sendte eller som gjelder dem. `forlopId` vises bare når forløpet er i innringerens omfang.',
    request: { query: PloListeQuery },
    responses: {
      200: { description: 'En side meldinger', content: json(PloListeSvar) },
      400: problem('Ugyldige parametre'),
      401: problem('Mangler eller ugyldig token'),
      403: problem('Rollen har ikke tilgang'),
    },
  });
}

export const ploModul: ApiModul = { navn: 'plo', router: ploRouter, openapi: ploOpenApi };
