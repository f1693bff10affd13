/**
 * Samhandlingsavvik: list the caller's scope, read one with its history, report one by hand,
 * and move one on (behandling).
 *
 * Scope: samhandling sees all; a sykehus, kartleggingsteam or kommune sees the avvik where its
 * org is the ansvarlig or the motpart (db/avvik.ts). Out of scope answers 404, as missing.
 *
 * Behandling (api.md): samhandling may make any move among åpen, under_behandling, lukket and
 * trukket (lukket with a closing comment); the responsible party (the ansvarlig org) may
 * comment and move åpen → under_behandling. Every change appends a history row with who and
 * when; nothing is deleted.
 *
 * A hand-reported avvik (type MANUELT) notifies the ansvarlig org with a varsel AVVIK. The API
 * does not write it itself: it starts the avvik's follow-up workflow (`avvik-<uuid>`) with the
 * Update `registrerAvvik` (update-with-start), whose local activity stores the avvik, its
 * svarfrist and the varsel in one transaction and starts the webhook deliveries after the
 * commit, re-run by Temporal after a crash: the committed outbox every varsel goes through.
 *
 * Follow-up (api.md "Avvik: answering and following up"): every avvik has `svarfrist` and
 * `svarStatus`; an answer by the party (a kommentar, or a move to under_behandling) or a move
 * to lukket/trukket signals the avvik's workflow after the commit, which then sends nothing
 * more. GET /avvik filters by every field and answers CSV on `Accept: text/csv`.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  ApplicationFailure,
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import {
  endreAvvik,
  forlopParter,
  hentAvvik,
  lasAvvik,
  listAvvik,
  UgyldigCursor,
  type AvvikFilter,
  type AvvikRad,
} from '../../db/avvik';
import { forlopIScope, loggLesing } from '../../db/les';
import { iTransaksjon } from '../../db/pool';
import { AVVIK_KATEGORIER, SVAR_STATUSER } from '../../workflows/avvik-oppfolging';
import { avvikBesvartSignal, avvikWorkflowId, registrerAvvikUpdate, type AvvikRegistrering } from '../../workflows/avvik.definitions';
import type { avvikOppfolging } from '../../workflows/avvik.workflow';
import { LAGRING_AVVIST } from '../../workflows/definitions';
import {
  AVVIK_STATUSER,
  FRIST_IDER,
  type AvvikStatus,
  type NyttVarsel,
  type Principal,
  type Rolle,
} from '../../workflows/types';
import { csvInnhold, sendCsv, vilHaCsv, type CsvKolonne } from '../csv';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { hentPrincipal, ROLLER } from '../principal';
import { tillat } from '../tilgang';
import { IdempotencyKeyHeader, idempotentId } from '../idempotens';
import { navnUuid } from '../../workflows/navn-uuid';
import { problemer, valider } from '../problem';
import {
  Cursor,
  Dato,
  fraForTil,
  Fritekst,
  jsonInnhold as json,
  Kode,
  Kommunenummer,
  Limit,
  PrincipalSchema,
  problemSvar as problem,
  Tidspunkt,
  Uuid,
} from '../schemas';
import { isoOslo, naaOslo } from '../visning';

// --- schemas ---

export const AVVIK_TYPER = [...FRIST_IDER, 'MANUELT'] as const;
/** The parties an avvik can concern (ansvarlig). */
export const PART_ROLLER = ['sykehus', 'kartleggingsteam', 'kommune'] as const satisfies readonly Rolle[];


export const AvvikHistorikkSchema = z
  .object({
    tidspunkt: Tidspunkt,
    av: z
      .object({
        rolle: z.enum([...ROLLER, 'system']).openapi({ description: '`system`: motoren selv (brudd registrert, trukket)' }),
        org: z.string(),
      })
      .openapi({ description: 'Hvem som gjorde endringen' }),
    status: z.enum(AVVIK_STATUSER).openapi({ description: 'Status etter endringen' }),
    kommentar: z.string().nullable(),
  })
  .openapi('AvvikHistorikk', { description: 'Én endring av avviket: hvem, når, status etter endringen og kommentar' });

export const AvvikSchema = z
  .object({
    id: Uuid,
    forlopId: Uuid,
    type: z.enum(AVVIK_TYPER).openapi({ description: 'Fristens id, eller MANUELT for et avvik meldt for hånd' }),
    ansvarlig: PrincipalSchema.openapi({ description: 'Parten avviket gjelder' }),
    motpart: PrincipalSchema.openapi({ description: 'Den andre parten (for MANUELT: den som meldte avviket)' }),
    frist: Tidspunkt.nullable().openapi({ description: 'Fristens forfall; null når fristen var en hendelse eller avviket er meldt for hånd' }),
    brutt: Tidspunkt.openapi({ description: 'Når fristen ble brutt (for MANUELT: når avviket ble meldt)' }),
    tekst: z.string(),
    status: z.enum(AVVIK_STATUSER),
    svarfrist: Tidspunkt.nullable().openapi({
      description:
        'Når parten avviket gjelder må ha svart: registreringen pluss avvikSvarfrist i kommunens konfigurasjon (regionalt 4 uker). Null bare et øyeblikk mens en gjentatt skriving fullføres.',
    }),
    svarStatus: z.enum(SVAR_STATUSER).openapi({
      description:
        '`besvart` når parten har kommentert eller satt avviket under behandling (eller det er lukket/trukket); ellers `forfalt` fra svarfristen, før den `venter`. Parten får PAMINNELSE før svarfristen, og ved svarfristen uten svar går ESKALERING til parten og samhandlingsavdelingen.',
    }),
    besvart: Tidspunkt.nullable().openapi({ description: 'Når avviket første gang ble besvart (null: ikke ennå)' }),
    kategori: z.enum(AVVIK_KATEGORIER).nullable().openapi({ description: 'Kategori for et avvik meldt for hånd; null for motorens egne avvik og når den ikke ble oppgitt' }),
    hjemmel: z.string().nullable().openapi({ description: 'Hvilket punkt i tjenesteavtale eller forskrift avviket gjelder' }),
    strakstiltak: z.string().nullable().openapi({ description: 'Tiltak som ble gjort straks' }),
    historikk: z.array(AvvikHistorikkSchema).openapi({ description: 'Hver endring, eldste først' }),
  })
  .openapi('Avvik', { description: 'Et samhandlingsavvik med historikk; slettes aldri' });
export type AvvikVisning = z.infer<typeof AvvikSchema>;

export const AvvikListeQuery = z
  .strictObject({
    type: z.enum(AVVIK_TYPER).optional(),
    ansvarlig: z.enum(PART_ROLLER).optional().openapi({ description: 'Den ansvarlige partens rolle' }),
    oppholdskommune: Kommunenummer.optional(),
    sykehus: Kode.optional(),
    status: z.enum(AVVIK_STATUSER).optional(),
    svarStatus: z.enum(SVAR_STATUSER).optional(),
    kategori: z.enum(AVVIK_KATEGORIER).optional(),
    fra: Dato.optional().openapi({ description: 'Brutt fra og med denne datoen (Europe/Oslo)' }),
    til: Dato.optional().openapi({ description: 'Brutt til og med denne datoen (Europe/Oslo)' }),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .superRefine(fraForTil);

export const AvvikListeSvar = z
  .object({ data: z.array(AvvikSchema), nesteCursor: z.string().nullable() })
  .openapi('AvvikListe');

export const AvvikIdParams = z.object({ id: Uuid.openapi({ param: { name: 'id', in: 'path' } }) });

export const NyttAvvikBody = z
  .strictObject({
    forlopId: Uuid,
    beskrivelse: Fritekst.openapi({ description: 'Hva avviket gjelder; blir avvikets tekst' }),
    ansvarlig: z
      .union([
        z.enum(PART_ROLLER),
        z.strictObject({ rolle: z.enum(PART_ROLLER), org: Kode }),
      ])
      .openapi({
        description:
          'Parten avviket gjelder: `{ rolle, org }` som i avviket, eller bare rollen. Organisasjonen er alltid forløpets part med den rollen (sykehus: forløpets sykehus; kommune: oppholdskommunen; kartleggingsteam: teamet ved sykehuset, når kartlegging er inkludert); en annen org gir 400.',
        example: { rolle: 'sykehus', org: 'HSYK-MO' },
      }),
    kategori: z.enum(AVVIK_KATEGORIER).optional().openapi({ description: 'Avvikets kategori (regionens avviksrutine)' }),
    hjemmel: Fritekst.optional().openapi({ description: 'Hvilket punkt i tjenesteavtale eller forskrift avviket gjelder', example: 'Tjenesteavtale 3, punkt 6.2' }),
    strakstiltak: Fritekst.optional().openapi({ description: 'Tiltak som ble gjort straks' }),
  })
  .openapi('NyttAvvik', { description: 'Et avvik meldt for hånd (type MANUELT); innmelderen blir motpart' });
export type NyttAvvikBody = z.infer<typeof NyttAvvikBody>;

export const AvvikBehandlingBody = z
  .strictObject({
    status: z.enum(AVVIK_STATUSER).optional().openapi({ description: 'Ny status; utelatt: uendret (bare en kommentar)' }),
    kommentar: Fritekst.optional().openapi({ description: 'Påkrevd for lukket, og når status er uendret' }),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'lukket' && v.kommentar === undefined) {
      ctx.addIssue({ code: 'custom', path: ['kommentar'], message: 'påkrevd når avviket lukkes' });
    }
    if (v.status === undefined && v.kommentar === undefined) {
      ctx.addIssue({ code: 'custom', path: ['kommentar'], message: 'påkrevd når status ikke endres' });
    }
  })
  .openapi('AvvikBehandling', { description: 'Flytt avviket videre og/eller kommenter det' });
export type AvvikBehandlingBody = z.infer<typeof AvvikBehandlingBody>;

// --- answers ---

export function avvikVisning(a: AvvikRad): AvvikVisning {
  return {
    id: a.id,
    forlopId: a.forlopId,
    type: a.type as AvvikVisning['type'],
    ansvarlig: { rolle: a.ansvarlig.rolle as Rolle, org: a.ansvarlig.org },
    motpart: { rolle: a.motpart.rolle as Rolle, org: a.motpart.org },
    frist: isoOslo(a.frist),
    brutt: isoOslo(a.brutt),
    tekst: a.tekst,
    status: a.status,
    svarfrist: isoOslo(a.svarfrist),
    svarStatus: a.svarStatus,
    besvart: isoOslo(a.besvart),
    kategori: a.kategori as AvvikVisning['kategori'],
    hjemmel: a.hjemmel,
    strakstiltak: a.strakstiltak,
    historikk: a.historikk.map((h) => ({
      tidspunkt: isoOslo(h.tidspunkt),
      av: { rolle: h.av.rolle as Rolle | 'system', org: h.av.org },
      status: h.status,
      kommentar: h.kommentar,
    })),
  };
}

/** The path id, or 404 (a malformed id names no avvik). */
function avvikIdFra(param: unknown): string {
  if (typeof param !== 'string' || !Uuid.safeParse(param).success) throw problemer.ikkeFunnet('Avviket finnes ikke');
  return param.toLowerCase();
}

// --- behandling rules ---

const AVSLUTTET: readonly AvvikStatus[] = ['lukket', 'trukket'];

/**
 * Whether `p` may take the avvik from its status to `mal` (equal: a comment). Throws 403 for
 * a move the caller may not make, 409 for one the avvik's status does not allow.
 */
export function kontrollerBehandling(p: Principal, a: Pick<AvvikRad, 'status' | 'ansvarlig'>, mal: AvvikStatus, kommentar: boolean): void {
  if (p.rolle === 'samhandling') return; // any move (lukket's comment is checked by the schema)
  if (a.ansvarlig.org !== p.org) {
    throw problemer.forbudt('Bare den ansvarlige parten og samhandlingsavdelingen kan behandle avviket');
  }
  if (mal === a.status) {
    if (kommentar && AVSLUTTET.includes(a.status)) {
      throw problemer.ugyldigOvergang(`Avviket har status «${a.status}» og tar ikke imot flere kommentarer fra parten`, {
        avvikStatus: a.status,
        tillatte: [],
      });
    }
    return;
  }
  if (mal === 'under_behandling') {
    if (a.status === 'åpen') return;
    throw problemer.ugyldigOvergang(
      `Avviket har status «${a.status}»; bare et åpent avvik kan settes under behandling`,
      { avvikStatus: a.status, tillatte: [] },
    );
  }
  throw problemer.forbudt(
    `Den ansvarlige parten kan kommentere og sette et åpent avvik under behandling; status «${mal}» settes av samhandlingsavdelingen`,
  );
}

// --- the avvik's workflow ---

/** A Temporal error of POST /avvik as a problem: refused as data 422, unreachable 503; anything else as it is. */
/** Namespace of a hand-reported avvik's varsel id (uuid v5 of the avvik id): a retry sends the same varsel. */
const AVVIK_VARSEL_NAMESPACE = '0d6f5a52-3c1e-4f1b-9a7e-6c2b8e4d9f10';

function registreringsProblem(e: unknown): unknown {
  if (e instanceof WorkflowUpdateFailedError) {
    const c = e.cause;
    if (c instanceof ApplicationFailure && c.type === LAGRING_AVVIST) return problemer.ugyldigHendelse(c.message);
    return e;
  }
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || e instanceof ServiceError) return problemer.utilgjengelig();
  return e;
}

/**
 * Tells the avvik's workflow it was answered (after the commit). Best effort: a workflow that
 * is gone (an avvik from before the follow-up, or one already escalated) needs no word, and a
 * lost signal only means the workflow finds the answer in PostgreSQL when its timer fires.
 */
async function signalBesvart(deps: ApiDeps, avvikId: string): Promise<void> {
  try {
    await deps.client.workflow.getHandle(avvikWorkflowId(avvikId)).signal(avvikBesvartSignal);
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return;
    deps.logger.warn({ avvikId, feil: (e as { message?: unknown })?.message ?? String(e) }, 'avvik-arbeidsflyten fikk ikke beskjed om svaret');
  }
}

// --- CSV ---

type AvvikCsvRad = Omit<AvvikVisning, 'ansvarlig' | 'motpart' | 'historikk'> & {
  ansvarligRolle: string;
  ansvarligOrg: string;
  motpartRolle: string;
  motpartOrg: string;
  oppholdskommune: string | null;
  sykehus: string | null;
};

export const AVVIK_CSV_KOLONNER: readonly CsvKolonne<AvvikCsvRad>[] = [
  { key: 'id', header: 'id' },
  { key: 'forlopId', header: 'forlopId' },
  { key: 'type', header: 'type' },
  { key: 'kategori', header: 'kategori' },
  { key: 'status', header: 'status' },
  { key: 'svarStatus', header: 'svarStatus' },
  { key: 'ansvarligRolle', header: 'ansvarligRolle' },
  { key: 'ansvarligOrg', header: 'ansvarligOrg' },
  { key: 'motpartRolle', header: 'motpartRolle' },
  { key: 'motpartOrg', header: 'motpartOrg' },
  { key: 'oppholdskommune', header: 'oppholdskommune' },
  { key: 'sykehus', header: 'sykehus' },
  { key: 'frist', header: 'frist' },
  { key: 'brutt', header: 'brutt' },
  { key: 'svarfrist', header: 'svarfrist' },
  { key: 'besvart', header: 'besvart' },
  { key: 'tekst', header: 'tekst' },
  { key: 'hjemmel', header: 'hjemmel' },
  { key: 'strakstiltak', header: 'strakstiltak' },
];

function csvRad(a: AvvikRad): AvvikCsvRad {
  const { ansvarlig, motpart, historikk: _h, ...resten } = avvikVisning(a);
  return {
    ...resten,
    ansvarligRolle: ansvarlig.rolle,
    ansvarligOrg: ansvarlig.org,
    motpartRolle: motpart.rolle,
    motpartOrg: motpart.org,
    oppholdskommune: a.oppholdskommune ?? null,
    sykehus: a.sykehus ?? null,
  };
}

/** At most this many rows in one CSV answer (a narrower filter gives the rest). */
const CSV_MAKS_RADER = 100_000;

// --- router ---

export function avvikRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const r = Router();

  r.get('/avvik', tillat('GET /api/v1/avvik'), async (req, res) => {
    const p = hentPrincipal(res);
    const q = valider(AvvikListeQuery, req.query, 'query');
    const filter: AvvikFilter = {
      type: q.type,
      ansvarlig: q.ansvarlig,
      oppholdskommune: q.oppholdskommune,
      sykehus: q.sykehus,
      status: q.status,
      svarStatus: q.svarStatus,
      kategori: q.kategori,
      fra: q.fra,
      til: q.til,
    };
    if (vilHaCsv(req)) {
      // Every matching avvik from the cursor on (not one page), in the list's order.
      const rader: AvvikRad[] = [];
      let cursor = q.cursor;
      try {
        do {
          const s = await listAvvik(pool, filter, p, cursor, 1000);
          rader.push(...s.rader);
          cursor = s.nesteCursor ?? undefined;
        } while (cursor && rader.length < CSV_MAKS_RADER);
      } catch (e) {
        if (e instanceof UgyldigCursor) throw problemer.validering([{ felt: 'query.cursor', melding: 'ugyldig cursor' }]);
        throw e;
      }
      await loggLesing(pool, p, [...new Set(rader.map((a) => a.forlopId))], 'avvik-liste');
      sendCsv(res, AVVIK_CSV_KOLONNER, rader.slice(0, CSV_MAKS_RADER).map(csvRad), { filnavn: 'avvik.csv' });
      return;
    }
    let side;
    try {
      side = await listAvvik(pool, filter, p, q.cursor, q.limit);
    } catch (e) {
      if (e instanceof UgyldigCursor) throw problemer.validering([{ felt: 'query.cursor', melding: 'ugyldig cursor' }]);
      throw e;
    }
    await loggLesing(pool, p, [...new Set(side.rader.map((a) => a.forlopId))], 'avvik-liste');
    res.json({ data: side.rader.map(avvikVisning), nesteCursor: side.nesteCursor });
  });

  r.get('/avvik/:id', tillat('GET /api/v1/avvik/{id}'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = avvikIdFra(req.params.id);
    const a = await hentAvvik(pool, id, p);
    if (!a) throw problemer.ikkeFunnet('Avviket finnes ikke');
    await loggLesing(pool, p, a.forlopId, 'avvik');
    res.json(avvikVisning(a));
  });

  r.post('/avvik', tillat('POST /api/v1/avvik'), async (req, res) => {
    const p = hentPrincipal(res);
    const { 'idempotency-key': nokkel } = valider(IdempotencyKeyHeader, { 'idempotency-key': req.get('idempotency-key') }, 'header');
    const body = valider(NyttAvvikBody, req.body);
    const forlopId = body.forlopId.toLowerCase();
    // The reporter must see the forløp, as GET /forlop/{id}.
    if (!(await forlopIScope(pool, forlopId, p))) throw problemer.ikkeFunnet('Forløpet finnes ikke');
    const parter = await forlopParter(pool, forlopId);
    if (!parter) throw problemer.ikkeFunnet('Forløpet finnes ikke');

    const rolle = typeof body.ansvarlig === 'string' ? body.ansvarlig : body.ansvarlig.rolle;
    const org = rolle === 'sykehus' ? parter.sykehus : rolle === 'kommune' ? parter.oppholdskommune : parter.kartleggingsteam;
    if (org === null) {
      throw problemer.validering([
        { felt: 'ansvarlig', melding: 'forløpet har ingen kartleggingsteam (kartlegging er ikke inkludert)' },
      ]);
    }
    if (typeof body.ansvarlig !== 'string' && body.ansvarlig.org !== org) {
      throw problemer.validering([{ felt: 'ansvarlig.org', melding: `forløpets ${rolle} er ${org}` }]);
    }
    if (org === p.org) {
      throw problemer.validering([{ felt: 'ansvarlig', melding: 'kan ikke være innmelderen selv' }]);
    }

    // With an Idempotency-Key a retry (after a 503, a lost answer) reaches the same avvik and its workflow.
    const id = await idempotentId(deps, p.org, 'avvik', nokkel, body);
    const registrering: AvvikRegistrering = {
      avvik: {
        id,
        forlopId,
        type: 'MANUELT',
        nokkel: `MANUELT:${id}`,
        ansvarlig: { rolle, org },
        motpart: { rolle: p.rolle, org: p.org },
        frist: null,
        brutt: naaOslo(),
        tekst: body.beskrivelse,
        kategori: body.kategori ?? null,
        hjemmel: body.hjemmel ?? null,
        strakstiltak: body.strakstiltak ?? null,
      },
      varsel: {
        id: navnUuid(id, AVVIK_VARSEL_NAMESPACE),
        mottakerOrg: org,
        type: 'AVVIK',
        forlopId,
        frist: null,
        tekst: `Samhandlingsavvik meldt (MANUELT) av ${p.rolle} ${p.org}: ${body.beskrivelse}`,
      } satisfies NyttVarsel,
      av: { rolle: p.rolle, org: p.org },
    };
    // Stored by the avvik's own workflow (its Update returns once the avvik is committed).
    try {
      await deps.client.workflow.executeUpdateWithStart(registrerAvvikUpdate, {
        args: [registrering],
        updateId: id,
        startWorkflowOperation: new WithStartWorkflowOperation<typeof avvikOppfolging>('avvikOppfolging', {
          workflowId: avvikWorkflowId(id),
          taskQueue: deps.config.taskQueue,
          args: [id, { meldtForHand: true }],
          // A retry with the same key finds the workflow and the Update (same id) answered once.
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      });
    } catch (e) {
      // A retry of a registration whose workflow has already ended answers the stored avvik.
      if (!(nokkel && (await hentAvvik(pool, id)))) throw registreringsProblem(e);
    }
    const lagret = await hentAvvik(pool, id);
    if (!lagret) throw new Error('Avviket ble registrert, men er ikke lagret');
    await loggLesing(pool, p, forlopId, 'avvik-opprett');
    res.status(201).location(`${API_PREFIKS}/avvik/${id}`).json(avvikVisning(lagret));
  });

  r.post('/avvik/:id/behandling', tillat('POST /api/v1/avvik/{id}/behandling'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = avvikIdFra(req.params.id);
    const body = valider(AvvikBehandlingBody, req.body);
    const a = await iTransaksjon(pool, async (c) => {
      const naa = await lasAvvik(c, id, p);
      if (!naa) throw problemer.ikkeFunnet('Avviket finnes ikke');
      const mal = body.status ?? naa.status;
      const kommentar = body.kommentar ?? null;
      kontrollerBehandling(p, naa, mal, kommentar !== null);
      // The same status without a comment changes nothing (a repeated request is harmless).
      if (mal !== naa.status || kommentar !== null) await endreAvvik(c, id, mal, p, kommentar);
      const etter = await hentAvvik(c, id);
      return etter && { ...etter, nettoppBesvart: naa.besvart === null && etter.besvart !== null };
    });
    if (!a) throw problemer.ikkeFunnet('Avviket finnes ikke');
    if (a.nettoppBesvart) await signalBesvart(deps, id);
    await loggLesing(pool, p, a.forlopId, 'avvik-behandling');
    res.json(avvikVisning(a));
  });

  return r;
}

// --- OpenAPI ---


export function avvikOpenApi(registry: OpenAPIRegistry): void {
  const felles = {
    401: problem('Mangler eller ugyldig token'),
    403: problem('Rollen har ikke tilgang (admin)'),
  };
  const omfang =
    'samhandling ser alle avvik; et sykehus, et kartleggingsteam og en kommune ser avvikene der egen org er ansvarlig eller motpart.';
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/avvik`,
    tags: ['avvik'],
    summary: 'List avvik i innringerens omfang',
    description: `${omfang} Sortert etter brutt (eldste først) og id, sidevis som GET /forlop; \`nesteCursor\` er null på siste side.`,
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
