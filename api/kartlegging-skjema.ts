/**
 * The common structured kartlegging model of Trygt hjem (docs/domain.md, "One common tool"), as zod
 * schemas: they validate drafts and completed kartlegginger, and are the JSON Schema served at
 * GET /kartlegging/skjema (z.toJSONSchema), so the two cannot drift.
 *
 * Versioned: a kartlegging records the version it used, and every version stays here, readable
 * and valid for the kartlegginger made with it. A change to the model is a new version, never an
 * edit of an old one.
 *
 * Coded answers where the field is a choice (the indicators and the kommune's systems use them),
 * free text where a person writes.
 */
import { z } from 'zod';
import { PLL_STATUSER } from '../workflows/types';
import { Fritekst } from './tekst';

const Kommentar = Fritekst.max(2000).optional();

/** How much help a person needs with one activity (ADL). */
const HJELPEBEHOV = ['selvhjulpen', 'litt_hjelp', 'mye_hjelp', 'helt_avhengig'] as const;
const Hjelpebehov = z.enum(HJELPEBEHOV).describe('Selvhjulpen, litt hjelp, mye hjelp eller helt avhengig av hjelp');

const TJENESTER = [
  'hjemmesykepleie',
  'praktisk_bistand',
  'trygghetsalarm',
  'matombringing',
  'dagsenter',
  'hjemmerehabilitering',
  'korttidsopphold',
  'langtidsopphold',
  'omsorgsbolig',
  'brukerstyrt_personlig_assistanse',
  'fysioterapi_ergoterapi',
  'hjelpemidler',
  'avlastning',
] as const;

const HJELPEMIDLER = [
  'rullator',
  'rullestol',
  'krykker_stokk',
  'dusjstol',
  'toalettforhoyer',
  'seng_med_motor',
  'personloefter',
  'trygghetsalarm',
  'horeapparat',
  'briller',
] as const;

const v1Seksjoner = {
  funksjonOgAdl: z
    .strictObject({
      personligHygiene: Hjelpebehov,
      paOgAvkledning: Hjelpebehov,
      toalett: Hjelpebehov,
      forflytning: Hjelpebehov,
      mobilitetInne: Hjelpebehov,
      mobilitetUte: Hjelpebehov,
      fallSisteAr: z.enum(['ingen', 'ett', 'flere', 'vet_ikke']).describe('Fall siste år'),
      kommentar: Kommentar,
    })
    .describe('Funksjon og ADL'),
  kognisjon: z
    .strictObject({
      svikt: z.enum(['ingen', 'lett', 'moderat', 'alvorlig', 'ikke_vurdert']).describe('Kognitiv svikt'),
      kommentar: Kommentar,
    })
    .describe('Kognisjon'),
  ernaering: z
    .strictObject({
      risiko: z.enum(['ingen', 'noe', 'hoy', 'ikke_vurdert']).describe('Ernæringsmessig risiko'),
      utilsiktetVekttap: z.boolean().describe('Utilsiktet vekttap siste 3–6 måneder'),
      kommentar: Kommentar,
    })
    .describe('Ernæring'),
  legemiddelhandtering: z
    .strictObject({
      handteresAv: z.enum(['pasienten', 'parorende', 'hjemmetjenesten', 'multidose', 'annet']).describe('Hvem håndterer legemidlene'),
      pll: z.enum(PLL_STATUSER).describe('Status i Pasientens legemiddelliste'),
      kommentar: Kommentar,
    })
    .describe('Legemiddelhåndtering'),
  bolig: z
    .strictObject({
      boform: z.enum(['enebolig', 'leilighet', 'omsorgsbolig', 'institusjon', 'annet']),
      borAlene: z.boolean(),
      tilgjengelighet: z.enum(['tilrettelagt', 'trapp_med_heis', 'trapp_uten_heis', 'ikke_tilrettelagt']).describe('Tilgjengelighet i og til boligen'),
      kommentar: Kommentar,
    })
    .describe('Bolig og tilgjengelighet'),
  hjelpemidler: z
    .strictObject({
      // An empty list is an answer ("ingen"), never a missing one.
      har: z.array(z.enum(HJELPEMIDLER)).max(HJELPEMIDLER.length).describe('Hjelpemidler pasienten har; tom liste: ingen'),
      trenger: z.array(z.enum(HJELPEMIDLER)).max(HJELPEMIDLER.length).describe('Hjelpemidler pasienten trenger; tom liste: ingen'),
      kommentar: Kommentar,
    })
    .describe('Hjelpemidler (har, trenger)'),
  parorendeOgNettverk: z
    .strictObject({
      harParorende: z.boolean(),
      parorendeInvolvert: z.enum(['ja', 'delvis', 'nei']),
      kommentar: Kommentar,
    })
    .describe('Pårørende og nettverk'),
  tjenesterForInnleggelse: z
    .strictObject({
      tjenester: z.array(z.enum(TJENESTER)).max(TJENESTER.length).describe('Kommunale tjenester før innleggelsen; tom liste: ingen tjenester'),
      kommentar: Kommentar,
    })
    .describe('Tjenester før innleggelse'),
  pasientensMal: z.strictObject({ hvaErViktigForDeg: Fritekst.max(2000) }).describe('Pasientens egne mål: «Hva er viktig for deg?»'),
  behovEtterUtskrivning: z
    .strictObject({
      tjenester: z.array(z.enum(TJENESTER)).max(TJENESTER.length).describe('Behov for kommunale tjenester etter utskrivning; tom liste: ingen tjenester'),
      kommentar: Kommentar,
    })
    .describe('Behov for kommunale tjenester etter utskrivning (kodet)'),
  anbefaling: z
    .strictObject({ tekst: Fritekst.describe('Teamets anbefaling; et grunnlag for kommunens vedtak, ikke et vedtak') })
    .describe('Kartleggingsteamets anbefaling'),
};

type Seksjoner = Record<string, z.ZodObject>;

/** One version of the model: the complete form, and the draft form where every field may wait. */
export interface SkjemaVersjon {
  versjon: string;
  innfort: string;
  komplett: z.ZodObject;
  utkast: z.ZodObject;
}

function versjon(v: string, innfort: string, seksjoner: Seksjoner): SkjemaVersjon {
  const utkast: Record<string, z.ZodType> = {};
  for (const [navn, s] of Object.entries(seksjoner)) utkast[navn] = s.partial().optional();
  return {
    versjon: v,
    innfort,
    komplett: z.strictObject(seksjoner).describe(`Felles kartleggingsverktøy, Trygt hjem (versjon ${v})`),
    utkast: z.strictObject(utkast),
  };
}

/** Every version ever in force, oldest first; the last is the one in force. */
export const SKJEMA_VERSJONER: readonly SkjemaVersjon[] = [versjon('1', '2026-12-01', v1Seksjoner)];

export const GJELDENDE_SKJEMA = SKJEMA_VERSJONER[SKJEMA_VERSJONER.length - 1];

export const skjemaVersjon = (v: string): SkjemaVersjon | undefined => SKJEMA_VERSJONER.find((s) => s.versjon === v);

/** The version as a JSON Schema (draft 2020-12), with its version and where it is served. */
export function jsonSchema(s: SkjemaVersjon, baseUrl = ''): Record<string, unknown> {
  return {
    ...z.toJSONSchema(s.komplett, { target: 'draft-2020-12' }),
    $id: `${baseUrl}/api/v1/kartlegging/skjema/${s.versjon}`,
    title: `Felles kartleggingsverktøy, Trygt hjem, versjon ${s.versjon}`,
    versjon: s.versjon,
    innfort: s.innfort,
  };
}

export const SkjemaVersjonFelt = z
  .string()
  .max(20)
  .refine((v) => skjemaVersjon(v) !== undefined, {
    error: `ukjent skjemaversjon (kjente: ${SKJEMA_VERSJONER.map((s) => s.versjon).join(', ')})`,
  })
  .openapi({ description: 'Versjonen av det felles kartleggingsverktøyet (GET /kartlegging/skjema)', example: '1' });

/**
 * Validates `innhold` against the version named (complete or draft), reporting each problem
 * under `innhold.<path>` so the caller sees which field.
 */
export function validerInnhold(v: { skjemaVersjon: string; innhold: unknown }, art: 'komplett' | 'utkast', ctx: z.RefinementCtx): void {
  const s = skjemaVersjon(v.skjemaVersjon);
  if (!s) return; // reported by SkjemaVersjonFelt
  const r = s[art].safeParse(v.innhold);
  if (r.success) return;
  for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: ['innhold', ...i.path.map(String)], message: i.message });
}

export const Innhold = z
  .record(z.string(), z.unknown())
  .openapi({ description: 'Kartleggingen etter skjemaVersjon (JSON Schema: GET /kartlegging/skjema/{versjon})' });
