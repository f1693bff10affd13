/**
 * Kartlegging (Trygt hjem): the common structured model (its JSON Schema, every version), the
 * team's drafts and the completed document on a forløp, the team's worklist, and the inclusion
 * criteria (admin, versioned).
 *
 * Who reads the document: the team (drafts and every saved version), the ward and the
 * oppholdskommune (the completed kartlegging only); anyone else finds no forløp (404). The
 * document is health information: it is never logged, and every read is in the access log.
 * Completion is the hendelse KARTLEGGING_FULLFORT (POST /forlop/{id}/hendelser).
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import {
  arbeidsliste,
  hentKartlegging,
  KartleggingLukket,
  lagreKriterier,
  lagreUtkast,
  listKriterier,
  type KartleggingDokument,
  type KriterierRad,
} from '../../db/kartlegging';
import { forlopIScope, hentKartleggingsteam, kommuneFinnes, loggLesing } from '../../db/les';
import { iTransaksjon } from '../../db/pool';
import { FORLOP_STATUSER, KARTLEGGING_STATUSER, type Principal } from '../../workflows/types';
import { dekrypterNavn } from '../../db/pasient';
import { API_PREFIKS, pasientNokler, type ApiDeps, type ApiModul } from '../deps';
import { GJELDENDE_SKJEMA, Innhold, jsonSchema, SKJEMA_VERSJONER, skjemaVersjon, SkjemaVersjonFelt, validerInnhold } from '../kartlegging-skjema';
import { hentPrincipal } from '../principal';
import { problemer, valider } from '../problem';
import {
  Cursor,
  Dato,
  ForlopIdParams,
  FristSchema,
  jsonInnhold as json,
  Kode,
  Kommunenummer,
  Limit,
  PrincipalSchema,
  AktorSchema,
  problemSvar as problem,
  Tidspunkt,
  Uuid,
} from '../schemas';
import { tillat } from '../tilgang';
import { fristVisning, isoOslo } from '../visning';
import { forlopIdFra } from './forlop';

// --- schemas ---

const UtkastBody = z
  .strictObject({ skjemaVersjon: SkjemaVersjonFelt, innhold: Innhold })
  .superRefine((v, ctx) => validerInnhold(v, 'utkast', ctx))
  .openapi('KartleggingUtkast', {
    description: 'Et utkast: innholdet valideres mot skjemaversjonen, men hvert felt kan vente (delvis er lov)',
  });

const VersjonSchema = z.object({
  versjon: z.number().int().openapi({ description: 'Utkastets løpenummer i forløpet' }),
  skjemaVersjon: z.string(),
  innhold: Innhold,
  av: PrincipalSchema,
  lagret: Tidspunkt,
});

const KartleggingSchema = z
  .object({
    forlopId: Uuid,
    kartleggingStatus: z.enum(KARTLEGGING_STATUSER),
    fullfort: z
      .object({
        tidspunkt: Tidspunkt,
        av: PrincipalSchema,
        fellesVerktoy: z.boolean().openapi({ description: 'Laget med det felles strukturerte verktøyet (ellers det eldre resultat)' }),
        skjemaVersjon: z.string().nullable(),
        innhold: Innhold.nullable(),
        resultat: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'Det eldre resultatet med fire felt' }),
      })
      .nullable()
      .openapi({ description: 'Den fullførte kartleggingen; null til den er fullført' }),
    utkast: VersjonSchema.nullable().openapi({ description: 'Siste lagrede utkast (bare kartleggingsteamet)' }),
    historikk: z.array(VersjonSchema).openapi({ description: 'Hvert lagrede utkast, eldste først, med hvem og når (bare kartleggingsteamet)' }),
  })
  .openapi('Kartlegging');

const ArbeidslisteQuery = z.strictObject({ cursor: Cursor.optional(), limit: Limit });

const ArbeidslisteElement = z
  .object({
    forlopId: Uuid,
    sykehus: z.string(),
    avdeling: z.string(),
    oppholdskommune: z.string(),
    innlagtTidspunkt: Tidspunkt,
    forventetUtskrivningsdato: Dato.nullable(),
    kartleggingStatus: z.enum(KARTLEGGING_STATUSER),
    frist: FristSchema.nullable(),
    paminnelse: Tidspunkt.nullable().openapi({ description: 'Når teamet minnes på: konfigurert tid før forventet utskrivningsdato' }),
    status: z.enum(FORLOP_STATUSER),
    pasient: z.object({
      navn: z.object({ fornavn: z.string(), etternavn: z.string() }).nullable().openapi({ description: 'Fra PLO-melding eller POST /forlop; null når ingen har oppgitt det' }),
    }),
  })
  .openapi('ArbeidslisteElement');

const ArbeidslisteSvar = z
  .object({ data: z.array(ArbeidslisteElement), nesteCursor: z.string().nullable() })
  .openapi('Arbeidsliste');

const TeamParams = z.object({ id: Kode.openapi({ param: { name: 'id', in: 'path' }, example: 'KT-RANA' }) });
const VersjonParams = z.object({ versjon: z.string().openapi({ param: { name: 'versjon', in: 'path' }, example: '1' }) });

export const KartleggingKriterierSchema = z
  .strictObject({
    kommuner: z
      .array(z.strictObject({ nummer: Kommunenummer, fra: Dato.openapi({ description: 'Deltar fra og med denne datoen' }) }))
      .max(500)
      .superRefine((k, ctx) => {
        const sett = new Set<string>();
        k.forEach((x, i) => {
          if (sett.has(x.nummer)) ctx.addIssue({ code: 'custom', path: [i, 'nummer'], message: 'kommunen står to ganger' });
          sett.add(x.nummer);
        });
      })
      .openapi({ description: 'Kommunene som deltar i prosjektet, hver fra en dato' }),
    pasientgrupper: z.strictObject({
      antattBehovKommunaleTjenester: z.boolean().openapi({ description: 'Bare pasienter som antas å trenge kommunale tjenester' }),
      minAlder: z.number().int().min(0).max(130).nullable().openapi({ description: 'Bare pasienter minst så gamle ved innleggelsen (null: alle aldre)' }),
      avdelinger: z
        .array(z.string().trim().min(1).max(200))
        .max(100)
        .nullable()
        .openapi({ description: 'Bare disse avdelingene (null: alle)' }),
    }),
  })
  .openapi('KartleggingKriterier', {
    description: 'Inklusjonskriteriene for kartlegging (Trygt hjem). En endring er en ny versjon og gjelder forløp startet etter den.',
  });

const KriterierVersjonSchema = z.object({
  versjon: z.number().int(),
  kriterier: KartleggingKriterierSchema,
  opprettet: Tidspunkt,
  // The first version is the engine's own seed (db/kartlegging.ts seedKriterier): rolle `system`.
  av: AktorSchema,
});
const KriterierSvar = KriterierVersjonSchema.extend({ tidligere: z.array(KriterierVersjonSchema) }).openapi('KartleggingKriterierVersjoner');

// --- answers ---

const kriterierVisning = (k: KriterierRad) => ({ versjon: k.versjon, kriterier: k.kriterier, opprettet: isoOslo(k.opprettet), av: k.av });

function kartleggingVisning(d: KartleggingDokument, p: Principal): z.infer<typeof KartleggingSchema> {
  // The team sees its drafts; the ward and the kommune only what is completed.
  const historikk =
    p.rolle === 'kartleggingsteam'
      ? d.utkast.map((u) => ({ versjon: u.versjon, skjemaVersjon: u.skjemaVersjon, innhold: u.innhold, av: u.av, lagret: isoOslo(u.lagret) }))
      : [];
  const f = d.fullfort;
  return {
    forlopId: d.forlopId,
    kartleggingStatus: d.kartleggingStatus,
    fullfort: f
      ? {
          tidspunkt: isoOslo(f.tidspunkt),
          av: f.av,
          fellesVerktoy: f.data.skjemaVersjon !== undefined,
          skjemaVersjon: f.data.skjemaVersjon ?? null,
          innhold: f.data.innhold ?? null,
          resultat: f.data.resultat ? { ...f.data.resultat } : null,
        }
      : null,
    utkast: historikk.at(-1) ?? null,
    historikk,
  };
}

/** The worklist's page position as an opaque cursor. */
const tilCursor = (posisjon: number): string => Buffer.from(`p${posisjon}`).toString('base64url');
function fraCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^p(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw problemer.validering([{ felt: 'query.cursor', melding: 'ugyldig cursor' }]);
  return Number(m[1]);
}

// --- router ---

export function kartleggingRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const r = Router();

  /** The document as the caller may see it, the read in the access log. */
  async function lesDokument(id: string, p: Principal, handling: string) {
    const d = await hentKartlegging(pool, id);
    if (!d) throw problemer.ikkeFunnet('Forløpet finnes ikke');
    await loggLesing(pool, p, id, handling);
    return kartleggingVisning(d, p);
  }

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
    if (!(await forlopIScope(pool, id, p))) throw problemer.ikkeFunnet('Forløpet finnes ikke');
    res.json(await lesDokument(id, p, 'kartlegging'));
  });

  r.put('/forlop/:id/kartlegging', tillat('PUT /api/v1/forlop/{id}/kartlegging'), async (req, res) => {
    const p = hentPrincipal(res);
    const id = forlopIdFra(req.params.id);
    const body = valider(UtkastBody, req.body);
    if (!(await forlopIScope(pool, id, p))) throw problemer.ikkeFunnet('Forløpet finnes ikke');
    try {
      await lagreUtkast(pool, id, body.skjemaVersjon, body.innhold, p);
    } catch (e) {
      if (!(e instanceof KartleggingLukket)) throw e;
      throw problemer.ugyldigOvergang(
        `Kartleggingen tar ikke imot utkast: forløpet har status «${e.status}», kartleggingen «${e.kartleggingStatus}». ` +
          'Utkast lagres mens pasienten er inkludert og innlagt, til kartleggingen er fullført.',
        { status: e.status, kartleggingStatus: e.kartleggingStatus },
      );
    }
    res.json(await lesDokument(id, p, 'kartlegging-utkast'));
  });

  r.get('/kartleggingsteam/:id/arbeidsliste', tillat('GET /api/v1/kartleggingsteam/{id}/arbeidsliste'), async (req, res) => {
    const p = hentPrincipal(res);
    const team = String(req.params.id);
    // Another team's list is as missing as an unknown team's.
    if ((p.rolle === 'kartleggingsteam' && p.org !== team) || !(await hentKartleggingsteam(pool, team))) {
      throw problemer.ikkeFunnet('Kartleggingsteamet finnes ikke');
    }
    const q = valider(ArbeidslisteQuery, req.query, 'query');
    const fra = fraCursor(q.cursor);
    const rader = await arbeidsliste(pool, team, fra, q.limit + 1);
    const side = rader.slice(0, q.limit);
    await loggLesing(pool, p, side.map((x) => x.forlopId), 'arbeidsliste');
    res.json({
      data: side.map(({ navnKryptert, ...x }) => ({
        ...x,
        pasient: { navn: dekrypterNavn(navnKryptert, pasientNokler(deps.nokler)) },
        innlagtTidspunkt: isoOslo(x.innlagtTidspunkt),
        frist: x.frist ? fristVisning(x.frist) : null,
        paminnelse: isoOslo(x.paminnelse),
      })),
      nesteCursor: rader.length > q.limit ? tilCursor(fra + q.limit) : null,
    });
  });

  r.get('/konfigurasjon/kartlegging', tillat('GET /api/v1/konfigurasjon/kartlegging'), async (_req, res) => {
    const [gjeldende, ...tidligere] = await listKriterier(pool);
    if (!gjeldende) throw new Error('Inklusjonskriteriene for kartlegging mangler (de legges inn av db/migrate.ts)');
    res.json({ ...kriterierVisning(gjeldende), tidligere: tidligere.map(kriterierVisning) });
  });

  r.put('/konfigurasjon/kartlegging', tillat('PUT /api/v1/konfigurasjon/kartlegging'), async (req, res) => {
    const p = hentPrincipal(res);
    const kriterier = valider(KartleggingKriterierSchema, req.body);
    const ukjente = [];
    for (const [i, k] of kriterier.kommuner.entries()) {
      if (!(await kommuneFinnes(pool, k.nummer))) ukjente.push({ felt: `kommuner.${i}.nummer`, melding: 'ukjent kommunenummer' });
    }
    if (ukjente.length) throw problemer.validering(ukjente);
    await iTransaksjon(pool, (c) => lagreKriterier(c, kriterier, p));
    const [gjeldende, ...tidligere] = await listKriterier(pool);
    res.json({ ...kriterierVisning(gjeldende), tidligere: tidligere.map(kriterierVisning) });
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
