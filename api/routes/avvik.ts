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
 * A hand-reported avvik (type MANUELT) notifies the ansvarlig org with a varsel AVVIK, written
 * in the same transaction with the org's gap-free sequence (db/varsler.ts) and delivered to its
 * webhooks as every varsel is.
 */
import { randomUUID } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { webhookWorkflowId } from '../../activities/lagre';
import {
  endreAvvik,
  forlopParter,
  hentAvvik,
  lasAvvik,
  listAvvik,
  opprettAvvik,
  UgyldigCursor,
  type AvvikRad,
} from '../../db/avvik';
import { forlopIScope, loggLesing } from '../../db/les';
import { iTransaksjon } from '../../db/pool';
import { leggTilVarsel } from '../../db/varsler';
import { webhooksForVarsel } from '../../db/webhooks';
import type { webhookLevering } from '../../workflows/levering.workflow';
import {
  AVVIK_STATUSER,
  FRIST_IDER,
  type AvvikStatus,
  type NyttAvvik,
  type Principal,
  type Rolle,
} from '../../workflows/types';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { hentPrincipal, ROLLER } from '../principal';
import { tillat } from '../tilgang';
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

// --- webhooks for a varsel written here ---

/**
 * One webhookLevering workflow per webhook, after COMMIT (as activities/lagre.ts does; the
 * deterministic workflow id makes a repeat harmless). A failure to start is logged, not
 * answered: the avvik and its varsel are stored, and the varsel is in the org's feed.
 */
async function startLeveringer(deps: ApiDeps, varselId: string, webhookIder: string[]): Promise<void> {
  const resultater = await Promise.allSettled(
    webhookIder.map((webhookId) =>
      deps.client.workflow.start<typeof webhookLevering>('webhookLevering', {
        taskQueue: deps.config.taskQueue,
        workflowId: webhookWorkflowId(varselId, webhookId),
        args: [varselId, webhookId],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
      }),
    ),
  );
  resultater.forEach((r, i) => {
    if (r.status === 'rejected' && !(r.reason instanceof WorkflowExecutionAlreadyStartedError)) {
      deps.logger.warn(
        { varselId, webhookId: webhookIder[i], feil: (r.reason as { message?: unknown })?.message ?? String(r.reason) },
        'webhook-levering kunne ikke startes',
      );
    }
  });
}

// --- router ---

export function avvikRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const r = Router();

  r.get('/avvik', tillat('GET /api/v1/avvik'), async (req, res) => {
    const p = hentPrincipal(res);
    const q = valider(AvvikListeQuery, req.query, 'query');
    let side;
    try {
      side = await listAvvik(
        pool,
        {
          type: q.type,
          ansvarlig: q.ansvarlig,
          oppholdskommune: q.oppholdskommune,
          sykehus: q.sykehus,
          status: q.status,
          fra: q.fra,
          til: q.til,
        },
        p,
        q.cursor,
        q.limit,
      );
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

    const id = randomUUID();
    const brutt = naaOslo();
    const avvik: NyttAvvik = {
      id,
      forlopId,
      type: 'MANUELT',
      nokkel: `MANUELT:${id}`,
      ansvarlig: { rolle, org },
      motpart: { rolle: p.rolle, org: p.org },
      frist: null,
      brutt,
      tekst: body.beskrivelse,
    };
    const varselId = randomUUID();
    const { lagret, webhooks } = await iTransaksjon(pool, async (c) => {
      await opprettAvvik(c, avvik, p);
      // Webhooks looked up before the counter is locked (held as briefly as lagre.ts holds it).
      const webhooks = await webhooksForVarsel(c, org, 'AVVIK');
      await leggTilVarsel(c, {
        id: varselId,
        mottakerOrg: org,
        type: 'AVVIK',
        forlopId,
        frist: null,
        tekst: `Samhandlingsavvik meldt (MANUELT) av ${p.rolle} ${p.org}: ${body.beskrivelse}`,
      });
      const lagret = await hentAvvik(c, id);
      if (!lagret) throw new Error('Avviket ble ikke lagret');
      return { lagret, webhooks };
    });
    if (webhooks.length > 0) await startLeveringer(deps, varselId, webhooks);
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
      return hentAvvik(c, id);
    });
    if (!a) throw problemer.ikkeFunnet('Avviket finnes ikke');
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
      200: { description: 'En side avvik', content: json(AvvikListeSvar) },
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
      'Innmelderen må kunne se forløpet (som GET /forlop/{id}) og blir avvikets motpart. Avviket åpnes med en historikkrad «åpen» av innmelderen, og den ansvarlige organisasjonen får et varsel AVVIK (i strømmen og til sine webhooks).',
    request: { body: { required: true, content: json(NyttAvvikBody) } },
    responses: {
      201: { description: 'Avviket er registrert', content: json(AvvikSchema) },
      400: problem('Ugyldige felt (errors navngir hvert), f.eks. en ansvarlig som ikke er part i forløpet'),
      ...felles,
      404: problem('Forløpet finnes ikke (eller er utenfor omfang)'),
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
