/**
 * The zod schemas of the HTTP contract (docs/api.md): they validate requests and, through
 * @asteasolutions/zod-to-openapi, are the OpenAPI document, so the two cannot drift.
 *
 * Names and value sets come from workflows/types.ts (defined once), each hendelse type's body
 * from its entry in the hendelse catalogue (workflows/hendelser/). zod stays in api/: the workflow
 * bundle never imports this file.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { fnrGyldig } from '../db/pasient';
import { AVVIK_STATUSER, DESTINASJONER, FORLOP_STATUSER, FRIST_IDER, FRIST_STATUSER, KARTLEGGING_STATUSER } from '../workflows/types';
import {
  API_HENDELSE_TYPER,
  HENDELSE_TYPER,
  hendelseBeskrivelse,
  oppforing,
  type ApiHendelseType,
  type HendelseDataFor,
  type HendelseKatalog,
} from '../workflows/hendelser';
import type { ApiSkjema } from '../workflows/hendelser/definisjon';
import { BYGGEKLOSSER, Dato, KliniskTidspunkt, LegemiddellisteSchema, Tidspunkt, type Byggeklosser } from './hendelse-byggeklosser';
import { ROLLER } from './principal';
import { Fritekst } from './tekst';
import { DialogmeldingSchema } from './schemas/dialogmelding';

extendZodWithOpenApi(z);

export { BrukersvarSchema, Dato, KliniskTidspunkt, LegemiddellisteSchema, MAKS_FREMTID_MS, MAKS_TILBAKE_AR, Tidspunkt } from './hendelse-byggeklosser';

// --- building blocks ---

export const Uuid = z.uuid().openapi({ example: '3f1c2d9e-6b1a-4c55-9f0e-2a7d9b8c1e42' });

export const Kommunenummer = z
  .string()
  .regex(/^\d{4}$/, { error: 'må være et kommunenummer med fire siffer' })
  .openapi({ example: '1833' });

export const Fnr = z
  .string()
  .refine((v) => fnrGyldig(v), { error: 'må være et gyldig fødselsnummer eller D-nummer (11 siffer, begge kontrollsifre)' })
  .openapi({ description: 'Fødselsnummer eller D-nummer, 11 siffer', example: '01017012345' });

export { Fritekst, utenKontrolltegn } from './tekst';

const KODE = /^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u;

/** An id from reference data or a token (sykehus, team, org): letters, digits, - _ . ; at most 50. */
export const Kode = z
  .string()
  .min(1)
  .max(50)
  .regex(KODE, { error: 'må være en id (bokstaver, sifre, - _ .)' })
  // The pattern as the document's regex (ECMA-262 with \p): zod-to-openapi writes a flagged regex as "…$/u", which matches nothing.
  .openapi({ pattern: KODE.source });

/** An integer query parameter with its bounds, each named in its own message. */
export function Heltall(min: number, max: number, standard: number, description: string) {
  return z.coerce
    .number({ error: 'må være et heltall' })
    .int({ error: 'må være et heltall' })
    .min(min, { error: `må være minst ${min}` })
    .max(max, { error: `kan være høyst ${max}` })
    .default(standard)
    .openapi({ type: 'integer', minimum: min, maximum: max, default: standard, description });
}

export const PrincipalSchema = z
  .object({ rolle: z.enum(ROLLER), org: z.string() })
  .openapi('Principal', { description: 'Hvem som gjorde noe: rolle og organisasjon' });

/** Who made a change: a principal, or the engine itself (what it seeded or decided). */
export const AktorSchema = z
  .object({
    rolle: z.enum([...ROLLER, 'system']).openapi({ description: '`system`: tjenesten selv (f.eks. kriteriene den la inn ved første oppstart)' }),
    org: z.string(),
  })
  .openapi('Aktor', { description: 'Hvem som gjorde endringen: rolle og organisasjon, eller tjenesten selv' });

// --- POST /forlop ---

/** The patient's name: personal health information like the fødselsnummer (stored encrypted, shown only with the forløp). */
export const PasientNavn = z
  .strictObject({
    fornavn: Fritekst.max(100),
    etternavn: Fritekst.max(100),
  })
  .openapi('PasientNavn', { description: 'Pasientens navn (kryptert lagret; vises bare der forløpet vises)' });

export const OpprettForlopBody = z
  .strictObject({
    pasient: z.strictObject({ fnr: Fnr, navn: PasientNavn.optional() }),
    oppholdskommune: Kommunenummer,
    sykehus: Kode.openapi({ example: 'HSYK-MO' }),
    avdeling: Fritekst.max(200).openapi({ example: 'Medisinsk avdeling' }),
    innlagtTidspunkt: KliniskTidspunkt,
    antattBehovKommunaleTjenester: z.boolean(),
    kartlegging: z.strictObject({ inkludert: z.boolean().optional() }).optional().openapi({
      description: 'Utelates `inkludert`, avgjør inklusjonskriteriene i kraft (GET /konfigurasjon/kartlegging); svaret sier grunn og kriterieversjon',
    }),
  })
  .openapi('OpprettForlop', { description: 'Innleggelse: starter et utskrivningsforløp' });
export type OpprettForlopBody = z.infer<typeof OpprettForlopBody>;

// --- POST /forlop/{id}/hendelser ---

/** The common fields of every hendelse body; the type's own come from its catalogue entry. */
function hendelseSkjema<T extends ApiHendelseType, F extends z.ZodRawShape>(type: T) {
  const e = oppforing(type);
  const s = (e.skjema as (b: Byggeklosser) => ApiSkjema<HendelseDataFor[T], F>)(BYGGEKLOSSER);
  const o = z
    .strictObject({
      type: z.literal(type),
      tidspunkt: KliniskTidspunkt,
      hendelseId: Uuid.optional().openapi({
        description: 'Klientens id for hendelsen; en gjentakelse med samme id besvares som den første og endrer ingenting',
      }),
      ...s.felt,
    })
    .openapi(`Hendelse_${type}`, { description: hendelseBeskrivelse(type) });
  const sjekk = s.sjekk;
  return sjekk ? o.superRefine((v, ctx) => sjekk(v as HendelseDataFor[T] & { tidspunkt: string }, ctx)) : o;
}

/** The fields of each API hendelse type's schema, as its catalogue entry declares them. */
type FeltFor<T extends ApiHendelseType> = ReturnType<NonNullable<HendelseKatalog[T]['skjema']>>['felt'];
type HendelseSkjemaFor<T extends ApiHendelseType> = ReturnType<typeof hendelseSkjema<T, FeltFor<T>>>;

/**
 * One schema per hendelse type, from the catalogue; the check below makes each body carry the
 * fields the workflow expects of its type (HendelseDataFor).
 */
export const HENDELSE_SKJEMA = Object.fromEntries(API_HENDELSE_TYPER.map((t) => [t, hendelseSkjema(t)])) as unknown as {
  [T in ApiHendelseType]: HendelseSkjemaFor<T>;
};
HENDELSE_SKJEMA satisfies { [T in ApiHendelseType]: z.ZodType<{ type: T } & HendelseDataFor[T]> };

type EttHendelseSkjema = (typeof HENDELSE_SKJEMA)[ApiHendelseType];
const HENDELSE_SKJEMAER = API_HENDELSE_TYPER.map((t) => HENDELSE_SKJEMA[t]) as [EttHendelseSkjema, ...EttHendelseSkjema[]];
export const HendelseBody = z
  .discriminatedUnion('type', HENDELSE_SKJEMAER)
  .openapi('Hendelse', { description: 'Én hendelse i forløpet; feltene avhenger av type' });
export type HendelseBody = z.infer<typeof HendelseBody>;

// --- the forløp (answers) ---

export const FristSchema = z
  .object({
    id: z.enum(FRIST_IDER),
    nokkel: z.string().openapi({ description: 'Fristens nøkkel i forløpet (id og sekvensen som startet den)' }),
    ansvarlig: z.enum(['sykehus', 'kartleggingsteam', 'kommune']),
    art: z.enum(['elapsed', 'calendar', 'event']),
    start: Tidspunkt,
    frist: Tidspunkt.nullable().openapi({ description: 'Forfall; null når fristen er en hendelse (KARTLEGGING)' }),
    status: z.enum(FRIST_STATUSER),
    oppfyltTidspunkt: Tidspunkt.nullable(),
    bruttTidspunkt: Tidspunkt.nullable(),
    grunn: z.string().nullable().openapi({ description: 'Hvorfor fristen er brutt, i ord (null når den ikke er brutt)' }),
    manglendePunkter: z
      .array(z.enum(['a', 'b', 'c', 'd']))
      .optional()
      .openapi({
        description:
          'Bare UTSKRIVNINGSKLAR_MELDING: punktene (a–d) vurderingen ikke dokumenterer. Da er meldingen ikke gyldig: fristen er brutt fra den ble sendt, og kommunens betalingsplikt starter ikke før en fullstendig melding er sendt',
      }),
  })
  .openapi('Frist');

export const AvvikKortSchema = z
  .object({ id: Uuid, type: z.string().openapi({ example: 'INNLEGGELSESMELDING' }), status: z.enum(AVVIK_STATUSER) })
  .openapi('AvvikKort');

export const OverliggerDagSchema = z
  .object({
    dato: Dato,
    belop: z.number().int(),
    prisForelopig: z.boolean().openapi({ description: 'Årets døgnpris er ikke fastsatt; siste kjente er brukt' }),
    betalingsvilkarOppfylt: z.boolean(),
    omstridt: z.boolean(),
    fakturerbar: z.boolean().openapi({ description: 'Fakturerbar: betalingsvilkårene er oppfylt og dagen er ikke omstridt' }),
    grunn: z.string().optional().openapi({
      description:
        'Hvorfor dagen ikke faktureres (bare når fakturerbar er false): «meldingen om innlagt pasient kom for sent», «ikke gyldig melding (punkt a–d mangler)» eller «omstridt: epikrise mangler»',
    }),
  })
  .openapi('OverliggerDag');

export const IkkeOverliggerdagSchema = z
  .object({
    dato: Dato,
    grunn: z.string().openapi({
      description: 'Hvorfor dagen ikke er et overliggerdøgn: «meldingen om utskrivningsklar pasient kom for sent» eller «kommunen kunne ta imot»',
    }),
  })
  .openapi('IkkeOverliggerdag');

export const OverliggerdognSchema = z
  .object({
    antall: z.number().int().openapi({ description: 'Overliggerdøgn: dagene i betalingsperioden, fakturerbare eller ikke' }),
    fakturerbare: z.number().int().openapi({ description: 'Av dem de fakturerbare (betalingsvilkårene oppfylt, ikke omstridt)' }),
    belop: z
      .number()
      .int()
      .openapi({ description: 'Sum i kroner over de fakturerbare dagene: det samme tallet som kommunens månedstall og det daglige varselet' }),
    dager: z.array(OverliggerDagSchema),
    ikkeOverliggerdogn: z.array(IkkeOverliggerdagSchema).openapi({
      description:
        'Andre dager etter utskrivningsklar som ikke er overliggerdøgn, med grunn (bare avsluttede perioder: etter utskrivning, avmelding eller ny melding)',
    }),
    betalingsvilkarOppfylt: z.boolean(),
    omstridt: z.boolean(),
  })
  .openapi('Overliggerdogn');

/**
 * The fields a recorded hendelse shows: every entry's, each optional. Two types that share a field
 * name declare it alike (the catalogue's unit test compares them); the first one declared is used.
 */
function visningsfelt(): z.ZodRawShape {
  const felt: Record<string, z.ZodType> = {};
  for (const t of API_HENDELSE_TYPER) {
    const visning = oppforing(t).skjema?.(BYGGEKLOSSER).visning ?? {};
    for (const [navn, schema] of Object.entries(visning)) felt[navn] ??= (schema as z.ZodType).optional();
  }
  return felt;
}

export const HendelseVisningSchema = z
  .object({
    sekvens: z.number().int(),
    hendelseId: Uuid,
    type: z.enum(HENDELSE_TYPER),
    tidspunkt: Tidspunkt,
    registrert: Tidspunkt,
    av: PrincipalSchema,
    kilde: z
      .object({ type: z.literal('PLO'), msgId: z.string() })
      .optional()
      .openapi({ description: 'Hendelsen kom med en PLO-melding (MsgId); uten feltet er den registrert i motoren' }),
    ...visningsfelt(),
  })
  .openapi('HendelseRegistrert', { description: 'En registrert hendelse med typens egne felt' });

export const ForlopSchema = z
  .object({
    id: Uuid,
    status: z.enum(FORLOP_STATUSER),
    pasient: z.object({
      fnr: z.string(),
      navn: z
        .object({ fornavn: z.string(), etternavn: z.string() })
        .nullable()
        .openapi({ description: 'Fra PLO-melding eller POST /forlop; null når ingen har oppgitt det' }),
    }),
    oppholdskommune: z.string(),
    sykehus: z.string(),
    avdeling: z.string(),
    innlagtTidspunkt: Tidspunkt,
    antattBehovKommunaleTjenester: z.boolean(),
    kartlegging: z.object({
      inkludert: z.boolean(),
      status: z.enum(KARTLEGGING_STATUSER),
      grunn: z.string().nullable().openapi({ description: 'Hvorfor pasienten er (ikke) inkludert: kriterienes grunn, eller den siste KARTLEGGING_INKLUSJON' }),
      kriterierVersjon: z
        .number()
        .int()
        .nullable()
        .openapi({ description: 'Inklusjonskriterienes versjon som avgjorde ved start; null når avdelingen oppga det selv' }),
    }),
    frister: z.array(FristSchema),
    avvik: z.array(AvvikKortSchema),
    overliggerdogn: OverliggerdognSchema,
    hendelser: z.array(HendelseVisningSchema),
    legemiddelliste: LegemiddellisteSchema.nullable().openapi({
      description: 'PLL-status sist oppgitt (ved EPIKRISE_SENDT eller UTSKREVET); null til den er oppgitt',
    }),
    reinnleggelseAv: Uuid.nullable(),
    reinnleggelseDager: z.number().int().nullable(),
    utskrevetTidspunkt: Tidspunkt.nullable(),
    destinasjon: z.enum(DESTINASJONER).nullable(),
    dialogmeldinger: z
      .array(DialogmeldingSchema)
      .optional()
      .openapi({ description: 'Kommunens svar over Helsenettet på varsler om forløpet, eldste først (GET /forlop/{id})' }),
  })
  .openapi('Forlop');
export type ForlopVisning = z.infer<typeof ForlopSchema>;

/** A forløp as listed: everything but its hendelser and PLL status (GET /forlop/{id} has them). */
export const ForlopSammendragSchema = ForlopSchema.omit({ hendelser: true, legemiddelliste: true, dialogmeldinger: true }).openapi('ForlopSammendrag');
export type ForlopSammendrag = z.infer<typeof ForlopSammendragSchema>;

// --- GET /forlop ---

export const Limit = Heltall(1, 200, 50, 'Antall per side (1–200, standard 50)');

/** What a cursor the engine did not give is told, wherever it is refused. */
export const CURSOR_FEIL = 'er ikke en gyldig markør for neste side (bruk den fra forrige svar)';

export const Cursor = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[A-Za-z0-9_-]+$/, { error: CURSOR_FEIL })
  .openapi({ description: 'nesteCursor fra forrige side' });

/** A date range filter names `til` when it lies before `fra`. */
export function fraForTil(v: { fra?: string; til?: string }, ctx: z.RefinementCtx): void {
  if (v.fra && v.til && v.fra > v.til) ctx.addIssue({ code: 'custom', path: ['til'], message: 'kan ikke være før fra-datoen' });
}

export const ForlopListeQuery = z
  .strictObject({
    status: z.enum(FORLOP_STATUSER).optional(),
    oppholdskommune: Kommunenummer.optional(),
    sykehus: Kode.optional(),
    fra: Dato.optional().openapi({ description: 'Innlagt fra og med denne datoen (Europe/Oslo)' }),
    til: Dato.optional().openapi({ description: 'Innlagt til og med denne datoen (Europe/Oslo)' }),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .superRefine(fraForTil);
export type ForlopListeQuery = z.infer<typeof ForlopListeQuery>;

export const ForlopListeSvar = z.object({ data: z.array(ForlopSammendragSchema), nesteCursor: z.string().nullable() }).openapi('ForlopListe');

export const ForlopIdParams = z.object({ id: Uuid.openapi({ param: { name: 'id', in: 'path' } }) });

// --- problems ---

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://utskrivningsforlop.no/problem/ugyldig-overgang' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ felt: z.string(), melding: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json)' });

// --- OpenAPI building blocks shared by the routers ---

/** An OpenAPI JSON body or response content of `schema`. */
export const jsonInnhold = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });

/** An OpenAPI problem+json response with its description. */
export const problemSvar = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});
