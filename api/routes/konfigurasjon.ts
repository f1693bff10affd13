/**
 * Configuration (rolle admin): a kommune's frist overrides from its samarbeidsavtale, and the
 * døgnpris table by year.
 *
 * A forløp reads its frist configuration once, when it starts (workflows/forlop.workflow.ts),
 * so a change applies to forløp started after it; running forløp keep the configuration they
 * started with.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { STANDARD_FRISTER } from '../../activities/konfigurasjon';
import { hentKommuneKonfigurasjon, listDognpris, settDognpris, settKommuneFrister, type KommuneKonfigurasjonRad } from '../../db/konfigurasjon';
import { fristKonfigurasjon, gyldigInnstilling, INNSTILLING_ART, INNSTILLINGER, type VarighetNokkel } from '../../workflows/frister';
import type { FristKonfigurasjon } from '../../workflows/types';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { hentPrincipal } from '../principal';
import { tillat } from '../tilgang';
import { problemer, valider } from '../problem';
import { jsonInnhold as json, Kommunenummer, problemSvar as problem, Tidspunkt } from '../schemas';
import { isoOslo } from '../visning';

// --- the frist settings ---

/** Each setting's kind and description come from its frist rule (workflows/frister/), its default from config. */
function varighetSkjema(nokkel: VarighetNokkel) {
  const art = INNSTILLING_ART[nokkel];
  const beskrivelse = `${INNSTILLINGER[nokkel].beskrivelse} (standard ${STANDARD_FRISTER[nokkel]})`;
  return z
    .string({ error: 'må være en ISO 8601-varighet (tekst), f.eks. PT4H' })
    .max(50)
    .refine((v) => gyldigInnstilling(nokkel, v), {
      error:
        art === 'frist'
          ? 'må være en ISO 8601-varighet større enn null, f.eks. PT4H eller P1D'
          : 'må være en ISO 8601-varighet, null eller mer, f.eks. PT0S eller PT2H',
    })
    .openapi({ description: beskrivelse, example: STANDARD_FRISTER[nokkel] });
}

const varighetFelt = Object.fromEntries((Object.keys(INNSTILLING_ART) as VarighetNokkel[]).map((k) => [k, varighetSkjema(k).optional()])) as {
  [K in VarighetNokkel]: z.ZodOptional<ReturnType<typeof varighetSkjema>>;
};

const DagligStatusKlokken = z
  .number({ error: 'må være et heltall 0–23' })
  .int({ error: 'må være et heltall 0–23' })
  .min(0, { error: 'må være et heltall 0–23' })
  .max(23, { error: 'må være et heltall 0–23' })
  .openapi({ description: `${INNSTILLINGER.dagligStatusKlokken.beskrivelse} (standard ${STANDARD_FRISTER.dagligStatusKlokken})` });

export const FristOverstyringerSchema = z.strictObject({ ...varighetFelt, dagligStatusKlokken: DagligStatusKlokken.optional() }).openapi('FristOverstyringer', {
  description:
    'En kommunes overstyringer fra samarbeidsavtalen: hver nøkkel er valgfri; en utelatt nøkkel følger standardverdien. Varigheter er ISO 8601; timer og mindre er medgått tid, dager og mer kalenderdager (Europe/Oslo).',
});

export const FristKonfigurasjonSchema = z
  .object({
    ...Object.fromEntries((Object.keys(INNSTILLING_ART) as VarighetNokkel[]).map((k) => [k, varighetSkjema(k)])),
    dagligStatusKlokken: DagligStatusKlokken,
  })
  .openapi('FristKonfigurasjon', { description: 'Gjeldende fristinnstillinger: standardverdiene flettet med overstyringene' });

export const KommuneKonfigurasjonSchema = z
  .object({
    kommune: Kommunenummer,
    navn: z.string(),
    frister: FristKonfigurasjonSchema,
    overstyringer: FristOverstyringerSchema,
    oppdatert: Tidspunkt,
  })
  .openapi('KommuneKonfigurasjon');

export const KommuneParams = z.object({ nr: Kommunenummer.openapi({ param: { name: 'nr', in: 'path' } }) });

// --- døgnpris ---

export const DognprisSchema = z
  .object({
    ar: z.number().int().openapi({ example: 2025 }),
    belop: z.number().int().openapi({ description: 'Kroner per overliggerdøgn', example: 5981 }),
  })
  .openapi('Dognpris');

export const DognprisListeSvar = z.object({ data: z.array(DognprisSchema) }).openapi('DognprisListe');

export const DognprisBody = z
  .strictObject({
    belop: z
      .number({ error: 'må være et positivt heltall (kroner)' })
      .int({ error: 'må være et positivt heltall (kroner)' })
      .positive({ error: 'må være et positivt heltall (kroner)' })
      .max(1_000_000)
      .openapi({ description: 'Kroner per overliggerdøgn', example: 5981 }),
  })
  .openapi('DognprisEndring');

export const ArParams = z.object({
  ar: z.coerce
    .number({ error: 'må være et årstall' })
    .int({ error: 'må være et årstall' })
    .min(2000)
    .max(2100)
    .openapi({ type: 'integer', minimum: 2000, maximum: 2100, param: { name: 'ar', in: 'path' }, example: 2026 }),
});

// --- answers ---

function kommuneVisning(k: KommuneKonfigurasjonRad) {
  const overstyringer = (k.frister && typeof k.frister === 'object' && !Array.isArray(k.frister) ? k.frister : {}) as Partial<FristKonfigurasjon>;
  return {
    kommune: k.nummer,
    navn: k.navn,
    frister: fristKonfigurasjon(STANDARD_FRISTER, overstyringer),
    overstyringer,
    oppdatert: isoOslo(k.oppdatert),
  };
}

/** The path's kommunenummer, or 404 (a malformed number names no kommune). */
function kommuneFra(param: unknown): string {
  if (typeof param !== 'string' || !Kommunenummer.safeParse(param).success) throw problemer.ikkeFunnet('Kommunen finnes ikke');
  return param;
}

// --- router ---

export function konfigurasjonRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const r = Router();

  r.get('/konfigurasjon/kommuner/:nr', tillat('GET /api/v1/konfigurasjon/kommuner/{nr}'), async (req, res) => {
    const k = await hentKommuneKonfigurasjon(pool, kommuneFra(req.params.nr));
    if (!k) throw problemer.ikkeFunnet('Kommunen finnes ikke');
    res.json(kommuneVisning(k));
  });

  r.put('/konfigurasjon/kommuner/:nr', tillat('PUT /api/v1/konfigurasjon/kommuner/{nr}'), async (req, res) => {
    const nr = kommuneFra(req.params.nr);
    const body = valider(FristOverstyringerSchema, req.body);
    const overstyringer = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const k = await settKommuneFrister(pool, nr, overstyringer);
    if (!k) throw problemer.ikkeFunnet('Kommunen finnes ikke');
    const p = hentPrincipal(res);
    deps.logger.info({ rolle: p.rolle, kommune: nr, nokler: Object.keys(overstyringer) }, 'fristkonfigurasjon endret');
    res.json(kommuneVisning(k));
  });

  r.get('/konfigurasjon/dognpris', tillat('GET /api/v1/konfigurasjon/dognpris'), async (_req, res) => {
    res.json({ data: await listDognpris(pool) });
  });

  r.put('/konfigurasjon/dognpris/:ar', tillat('PUT /api/v1/konfigurasjon/dognpris/{ar}'), async (req, res) => {
    const { ar } = valider(ArParams, { ar: req.params.ar }, 'path');
    const { belop } = valider(DognprisBody, req.body);
    const satt = await settDognpris(pool, ar, belop);
    const p = hentPrincipal(res);
    deps.logger.info({ rolle: p.rolle, ar, belop }, 'døgnpris satt');
    res.json({ ar: satt.ar, belop: satt.belop });
  });

  return r;
}

// --- OpenAPI ---

const GJELDER_NYE =
  'Endringen gjelder forløp som startes etter den: et forløp leser fristkonfigurasjonen én gang, når det starter, og beholder den til det avsluttes.';

export function konfigurasjonOpenApi(registry: OpenAPIRegistry): void {
  const felles = {
    401: problem('Mangler eller ugyldig token'),
    403: problem('Krever rollen admin'),
  };
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/konfigurasjon/kommuner/{nr}`,
    tags: ['konfigurasjon'],
    summary: 'En kommunes fristkonfigurasjon (admin)',
    description: `\`frister\` er de gjeldende innstillingene (standardverdiene flettet med kommunens overstyringer); \`overstyringer\` er det samarbeidsavtalen endrer. ${GJELDER_NYE}`,
    request: { params: KommuneParams },
    responses: {
      200: { description: 'Konfigurasjonen', content: json(KommuneKonfigurasjonSchema) },
      ...felles,
      404: problem('Kommunen finnes ikke'),
    },
  });
  registry.registerPath({
    method: 'put',
    path: `${API_PREFIKS}/konfigurasjon/kommuner/{nr}`,
    tags: ['konfigurasjon'],
    summary: 'Sett en kommunes fristoverstyringer (admin)',
    description: `Kroppen erstatter kommunens overstyringer i sin helhet; en utelatt nøkkel følger standardverdien (\`{}\` tilbakestiller alt). Hver nøkkel valideres: frister er ISO 8601-varigheter større enn null, påminnelser og epikriseGrace null eller mer, dagligStatusKlokken et heltall 0–23; en ukjent nøkkel gir 400. ${GJELDER_NYE}`,
    request: { params: KommuneParams, body: { required: true, content: json(FristOverstyringerSchema) } },
    responses: {
      200: { description: 'Konfigurasjonen slik den nå står', content: json(KommuneKonfigurasjonSchema) },
      400: problem('Ugyldig eller ukjent nøkkel (errors navngir hver)'),
      ...felles,
      404: problem('Kommunen finnes ikke'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/konfigurasjon/dognpris`,
    tags: ['konfigurasjon'],
    summary: 'Døgnprisen per år (admin)',
    description: 'Hvert overliggerdøgn prises med døgnprisen for sitt år; et år uten pris bruker siste kjente (merket foreløpig).',
    responses: { 200: { description: 'Tabellen, eldste år først', content: json(DognprisListeSvar) }, ...felles },
  });
  registry.registerPath({
    method: 'put',
    path: `${API_PREFIKS}/konfigurasjon/dognpris/{ar}`,
    tags: ['konfigurasjon'],
    summary: 'Sett døgnprisen for et år (admin)',
    description:
      'Legger til eller erstatter årets pris. Et forløps lagrede overliggerdøgn prises på nytt fra tabellen ved forløpets neste endring; det daglige statusvarselet i et forløp som går, bruker tabellen forløpet startet med.',
    request: { params: ArParams, body: { required: true, content: json(DognprisBody) } },
    responses: {
      200: { description: 'Årets pris slik den nå står', content: json(DognprisSchema) },
      400: problem('Ugyldig år eller beløp'),
      ...felles,
    },
  });
}

export const konfigurasjonModul: ApiModul = { navn: 'konfigurasjon', router: konfigurasjonRouter, openapi: konfigurasjonOpenApi };
