/**
 * PLO-meldinger over Norsk Helsenett: POST one message as sent (MsgHead v1.2 with a
 * Pasientlogistikk v1.6 or v1.5 document), answered with an AppRec v1.1; GET the log.
 *
 * The route reads (plo/les.ts), asks the address table who sent it (403 when not the caller),
 * answers a MsgId it has seen with the stored receipt, records the message, lets the pure
 * mapping decide (plo/tolkning.ts), applies it through the same calls a ward's click makes
 * (api/handlinger/forlop.ts), and stores the receipt. Every effect is named by the MsgId, so a
 * repeat after a lost answer applies nothing twice and gets the same receipt.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express, { Router } from 'express';
import { z } from 'zod';
import { hentSykehus } from '../../db/les';
import { finnPasient, krypterTekst, lagreNavn } from '../../db/pasient';
import {
  apneForlop,
  fullfor,
  hentAdresser,
  hentKansellert,
  hentPloMelding,
  kjenteOrger,
  listPloMeldinger,
  registrerMottatt,
  type PloMeldingRad,
} from '../../db/plo';
import { lagKvittering } from '../../plo/kvittering';
import { IkkeMsgHead, lesPloMelding } from '../../plo/les';
import { PLO_TYPE_LISTE, type Kvitteringsfeil, type PloHode, type PloMelding } from '../../plo/melding';
import { finnParter, PLO_NAVNEROM, ploId, tolk, type Adresse, type Parter, type Plan } from '../../plo/tolkning';
import { MAKS_XML_BYTE, XmlFeil } from '../../plo/xml';
import { navnUuid } from '../../workflows/navn-uuid';
import type { Principal } from '../../workflows/types';
import type { HendelseInput } from '../../workflows/hendelser';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { innlagtHendelseId, sendHendelse, startForlop } from '../handlinger/forlop';
import { hentPrincipal } from '../principal';
import { Problem, problemer, valider } from '../problem';
import { Cursor, Dato, fraForTil, Limit, problemSvar as problem, jsonInnhold as json, Tidspunkt, Uuid } from '../schemas';
import { tillat } from '../tilgang';
import { isoOslo, naaOslo } from '../visning';

export const XML_TYPER = ['application/xml', 'text/xml'];

/** The engine's own entry in the address table (org MOTOR): the receipts' sender. */
function motoren(adresser: readonly Adresse[]): { herId: string; navn: string } {
  const a = adresser.find((x) => x.org === 'MOTOR');
  return a ? { herId: a.herId, navn: a.navn } : { herId: '', navn: 'Utskrivningsforløp' };
}

interface Utfall {
  status: 'ok' | 'avvist';
  anvendt: boolean;
  merknad: string | null;
  feil: Kvitteringsfeil[];
  pasientId: string | null;
  forlopId: string | null;
  hendelseIder: string[];
  kansellerer: string | null;
}

const avvist = (feil: Kvitteringsfeil[], pasientId: string | null = null): Utfall => ({
  status: 'avvist',
  anvendt: false,
  merknad: null,
  feil,
  pasientId,
  forlopId: null,
  hendelseIder: [],
  kansellerer: null,
});

/** Applies a plan through the forløp's workflow; a refusal by the forløp is an Avvist in its words. */
async function anvend(deps: ApiDeps, m: PloMelding, parter: Parter, plan: Plan, pasientId: string | null): Promise<Utfall> {
  if (plan.art === 'avvist') return avvist(plan.feil, pasientId);
  if (plan.art === 'ubrukt') {
    return { ...avvist([], pasientId), status: 'ok', merknad: plan.merknad, forlopId: plan.forlopId ?? null };
  }
  const navn = m.pasient.fornavn && m.pasient.etternavn ? { fornavn: m.pasient.fornavn, etternavn: m.pasient.etternavn } : undefined;
  // A forløp this message started holds its INNLAGT too (also when a repeat finds it already started).
  const hendelseIder: string[] = plan.start || plan.forlopId === ploId(m, parter.avsenderHer, 'forlop') ? [innlagtHendelseId(plan.forlopId)] : [];
  let id = pasientId;
  try {
    if (plan.start) {
      const s = plan.start;
      const sykehus = await hentSykehus(deps.pool, s.sykehus);
      await startForlop(
        deps,
        { rolle: 'sykehus', org: s.sykehus },
        { pasient: { fnr: m.pasient.fnr, navn }, ...s },
        s.forlopId,
        sykehus?.kartleggingsteam ?? null,
      );
      id ??= await finnPasient(deps.pool, m.pasient.fnr, deps.nokler.pasientNokkel, deps.nokler.tidligerePasientNokler);
    } else if (id && navn) {
      await lagreNavn(deps.pool, id, navn, deps.nokler.pasientNokkel);
    }
    if (plan.hendelse) {
      const av: Principal = parter.avsender ? { rolle: parter.avsender.rolle, org: parter.avsender.org } : { rolle: 'sykehus', org: parter.sykehus ?? '' };
      await sendHendelse(deps, plan.forlopId, { ...plan.hendelse, registrert: naaOslo(), av } as HendelseInput);
      hendelseIder.push(plan.hendelse.hendelseId);
    }
  } catch (e) {
    // The forløp's state does not allow it (409), or it contradicts the forløp (422): nothing changed.
    if (e instanceof Problem && (e.status === 409 || e.status === 422)) {
      return avvist([{ kode: 'X99', tekst: `Forløpet kan ikke ta imot meldingen: ${e.detail ?? e.message}` }], id);
    }
    throw e;
  }
  return { status: 'ok', anvendt: true, merknad: null, feil: [], pasientId: id, forlopId: plan.forlopId, hendelseIder, kansellerer: plan.kansellerer };
}

/** The message's outcome: Avvist as read, or what the mapping decides and the forløp accepts. */
async function behandle(
  deps: ApiDeps,
  lest: ReturnType<typeof lesPloMelding>,
  parter: Parter,
): Promise<Utfall> {
  const e21: Kvitteringsfeil[] = parter.mottaker
    ? []
    : [{ kode: 'E21', tekst: 'Ingen av mottakerens HER-id-er er i motorens adressetabell' }];
  if (!lest.ok) return avvist([...lest.feil, ...e21]);
  const m = lest.melding;
  const { pool, nokler } = deps;
  const pasientId = await finnPasient(pool, m.pasient.fnr, nokler.pasientNokkel, nokler.tidligerePasientNokler);
  const [apne, kansellert] = await Promise.all([
    pasientId ? apneForlop(pool, pasientId, parter.sykehus) : Promise.resolve([]),
    m.forsendelsesstatus === 'C' && m.refToParent ? hentKansellert(pool, parter.avsenderHer, m.refToParent) : Promise.resolve(null),
  ]);
  return anvend(deps, m, parter, tolk(m, parter, apne, kansellert), pasientId);
}

/** 400/413 for what is no message to receipt. */
function lesEllerAvvis(xml: string): ReturnType<typeof lesPloMelding> {
  try {
    return lesPloMelding(xml);
  } catch (e) {
    if (e instanceof XmlFeil) {
      if (e.art === 'for-stor') throw new Problem(413, 'for-stor', e.message);
      throw new Problem(400, 'ugyldig-xml', e.message);
    }
    if (e instanceof IkkeMsgHead) throw new Problem(400, 'ugyldig-xml', e.message);
    throw e;
  }
}

// --- the log ---

export const PloMeldingSchema = z
  .object({
    msgId: z.string(),
    type: z.string().openapi({ description: 'MsgInfo/Type, f.eks. LOG_INNLAGT' }),
    versjon: z.string().nullable().openapi({ description: 'Pasientlogistikk-versjonen (1.6 eller 1.5)' }),
    kansellering: z.boolean().openapi({ description: 'Forsendelsesstatus C' }),
    refToParent: z.string().nullable(),
    avsender: z.object({ herId: z.string(), org: z.string().nullable() }),
    mottaker: z.object({ org: z.string().nullable() }),
    genDate: Tidspunkt.nullable(),
    mottatt: Tidspunkt,
    status: z.enum(['ok', 'avvist']).openapi({ description: 'Kvitteringens status: ok (1) eller avvist (2)' }),
    anvendt: z.boolean().openapi({ description: 'Meldingen endret et forløp; ok uten anvendt er registrert, men til ingen nytte' }),
    merknad: z.string().nullable(),
    feil: z.array(z.object({ kode: z.string(), tekst: z.string() })).openapi({ description: 'Kodeverk 8221 med beskrivelse' }),
    forlopId: Uuid.nullable().openapi({ description: 'Forløpet meldingen gjaldt, når det er i innringerens omfang' }),
    kansellertAv: z.string().nullable().openapi({ description: 'MsgId til meldingen som kansellerte denne' }),
  })
  .openapi('PloMelding');

export const PloListeQuery = z
  .strictObject({
    status: z.enum(['ok', 'avvist']).optional(),
    type: z.string().max(50).optional().openapi({ description: `MsgInfo/Type, f.eks. ${PLO_TYPE_LISTE.join(', ')}` }),
    fra: Dato.optional().openapi({ description: 'Mottatt fra og med (Europe/Oslo)' }),
    til: Dato.optional().openapi({ description: 'Mottatt til og med (Europe/Oslo)' }),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .superRefine(fraForTil);

export const PloListeSvar = z.object({ data: z.array(PloMeldingSchema), nesteCursor: z.string().nullable() }).openapi('PloMeldingListe');

function visning(m: PloMeldingRad): z.infer<typeof PloMeldingSchema> {
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

const lagCursor = (m: PloMeldingRad): string => Buffer.from(JSON.stringify([m.mikros, m.avsenderHer, m.msgId])).toString('base64url');
function lesCursor(c: string): { mikros: string; avsenderHer: string; msgId: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 3 && /^\d+$/.test(String(v[0])) && typeof v[1] === 'string' && typeof v[2] === 'string') {
      return { mikros: String(v[0]), avsenderHer: v[1], msgId: v[2] };
    }
  } catch {
    // falls through
  }
  throw problemer.validering([{ felt: 'query.cursor', melding: 'ugyldig cursor' }]);
}

// --- router ---

export function ploRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const r = Router();

  r.post(
    '/plo/meldinger',
    tillat('POST /api/v1/plo/meldinger'),
    express.text({ type: XML_TYPER, limit: MAKS_XML_BYTE }),
    async (req, res) => {
      const p = hentPrincipal(res);
      if (!req.is(XML_TYPER) || typeof req.body !== 'string') {
        throw new Problem(415, 'ikke-stottet-medietype', 'Kroppen må være meldingen som XML (Content-Type: application/xml eller text/xml)');
      }
      const lest = lesEllerAvvis(req.body);
      const hode: PloHode = lest.ok ? lest.melding : lest.hode;
      const [adresser, orger] = await Promise.all([hentAdresser(pool), kjenteOrger(pool)]);
      const parter = finnParter(hode, new Map(adresser.map((a) => [a.herId, a])), orger.sykehus, orger.kommuner);
      if (parter.avsender?.org !== p.org) {
        throw problemer.forbudt(
          `Avsenderens HER-id-er (${hode.avsender.herIder.join(', ') || 'ingen'}) hører ikke til ${p.org} i adressetabellen`,
        );
      }
      const svar = (kvittering: string): void => {
        res.status(200).type('application/xml').send(kvittering);
      };
      const kjent = await hentPloMelding(pool, parter.avsenderHer, hode.msgId);
      if (kjent?.kvittering) return svar(kjent.kvittering);

      const rad = await registrerMottatt(pool, {
        avsenderHer: parter.avsenderHer,
        msgId: hode.msgId,
        type: hode.type,
        versjon: lest.ok ? lest.melding.versjon : null,
        forsendelsesstatus: lest.ok ? lest.melding.forsendelsesstatus : null,
        refToParent: lest.ok ? lest.melding.refToParent : null,
        avsenderHerIder: hode.avsender.herIder,
        mottakerHerIder: hode.mottaker.herIder,
        avsenderOrg: parter.avsender.org,
        mottakerOrg: parter.mottaker?.org ?? null,
        sykehus: parter.sykehus,
        kommune: parter.kommune,
        genDate: hode.genDate,
        meldingKryptert: krypterTekst(req.body, deps.nokler.pasientNokkel, 'plo.melding'),
      });
      const u = await behandle(deps, lest, parter);
      const kvittering = lagKvittering({
        // Named by the message, timed by its first arrival: a repeat after a lost answer gets these bytes.
        id: navnUuid(`apprec:${parter.avsenderHer}:${hode.msgId}`, PLO_NAVNEROM),
        tidspunkt: isoOslo(rad.mottatt),
        avsender: motoren(adresser),
        original: hode,
        status: u.status,
        feil: u.feil,
      });
      svar(await fullfor(pool, parter.avsenderHer, hode.msgId, { ...u, kvittering }));
    },
  );

  r.get('/plo/meldinger', tillat('GET /api/v1/plo/meldinger'), async (req, res) => {
    const p = hentPrincipal(res);
    const q = valider(PloListeQuery, req.query, 'query');
    const rader = await listPloMeldinger(pool, p, q, q.cursor ? lesCursor(q.cursor) : null, q.limit + 1);
    const side = rader.slice(0, q.limit);
    res.json({ data: side.map(visning), nesteCursor: rader.length > q.limit ? lagCursor(side[side.length - 1]) : null });
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
