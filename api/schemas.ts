/**
 * The zod schemas of the HTTP contract (docs/api.md): they validate requests and, through
 * @asteasolutions/zod-to-openapi, are the OpenAPI document, so the two cannot drift.
 *
 * Names and value sets come from workflows/types.ts (defined once). zod stays in api/: the
 * workflow bundle never imports this file.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { fnrGyldig } from '../db/pasient';
import {
  AVVIK_STATUSER,
  DESTINASJONER,
  FORLOP_STATUSER,
  FRIST_IDER,
  FRIST_STATUSER,
  HENDELSE_TYPER,
  BRUKERSVAR_VERDIER,
  KARTLEGGING_STATUSER,
  PLL_STATUSER,
  TILBUD,
  type HendelseDataFor,
  type HendelseType,
} from '../workflows/types';
import { ROLLER } from './principal';
import { Fritekst } from './tekst';
import { Innhold, SkjemaVersjonFelt, validerInnhold } from './kartlegging-skjema';

extendZodWithOpenApi(z);

/** How far in the future a clinical time may be (clock skew between systems). */
export const MAKS_FREMTID_MS = 5 * 60 * 1000;
/**
 * How far back a clinical time may be: room for imports, late registrations and a simulated
 * year, not for a typo of a century (a stay back-dated to 1900 counted 46 355 overliggerdøgn).
 */
export const MAKS_TILBAKE_AR = 5;
const MAKS_TILBAKE_MS = MAKS_TILBAKE_AR * 366 * 86_400_000;

// --- building blocks ---

export const Tidspunkt = z.iso
  .datetime({ offset: true, error: 'må være ISO 8601 dato og tid med tidssone, f.eks. 2026-03-02T08:15:00+01:00' })
  .openapi({ example: '2026-03-02T08:15:00+01:00' });

/** A clinical time: ISO 8601 with offset, not more than 5 minutes in the future nor MAKS_TILBAKE_AR years back. */
export const KliniskTidspunkt = Tidspunkt.refine(
  // An unparseable value is already reported by the format check above.
  (v) => Number.isNaN(Date.parse(v)) || Date.parse(v) <= Date.now() + MAKS_FREMTID_MS,
  { message: 'kan ikke være mer enn 5 minutter frem i tid' },
)
  .refine((v) => Number.isNaN(Date.parse(v)) || Date.parse(v) >= Date.now() - MAKS_TILBAKE_MS, {
    message: `kan ikke være mer enn ${MAKS_TILBAKE_AR} år tilbake i tid`,
  })
  .openapi({
    description: `Når det skjedde (ISO 8601 med tidssone); ikke mer enn 5 minutter frem i tid og ikke mer enn ${MAKS_TILBAKE_AR} år tilbake.`,
    example: '2026-03-02T08:15:00+01:00',
  });

export const Dato = z.iso
  .date({ error: 'må være en dato på formen YYYY-MM-DD' })
  .openapi({ example: '2026-03-05', description: 'Kalenderdato, Europe/Oslo' });

export const Uuid = z.uuid({ error: 'må være en UUID' }).openapi({ example: '3f1c2d9e-6b1a-4c55-9f0e-2a7d9b8c1e42' });

export const Kommunenummer = z
  .string()
  .regex(/^\d{4}$/, { error: 'må være et kommunenummer med fire siffer' })
  .openapi({ example: '1833' });

export const Fnr = z
  .string()
  .refine((v) => fnrGyldig(v), { error: 'må være et gyldig fødselsnummer eller D-nummer (11 siffer, begge kontrollsifre)' })
  .openapi({ description: 'Fødselsnummer eller D-nummer, 11 siffer', example: '01017012345' });

export { Fritekst, utenKontrolltegn } from './tekst';

/** An id from reference data or a token (sykehus, team, org): letters, digits, - _ . ; at most 50. */
export const Kode = z
  .string()
  .min(1, { error: 'kan ikke være tom' })
  .max(50, { error: 'kan være høyst 50 tegn' })
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u, { error: 'må være en id (bokstaver, sifre, - _ .)' });

/** An integer query parameter with its bounds, each named in its own message. */
export function Heltall(min: number, max: number, standard: number, description: string) {
  return z.coerce
    .number({ error: 'må være et heltall' })
    .int({ error: 'må være et heltall' })
    .min(min, { error: `må være minst ${min}` })
    .max(max, { error: `kan være høyst ${max}` })
    .default(standard)
    .openapi({ type: 'integer', description });
}

export const PrincipalSchema = z
  .object({ rolle: z.enum(ROLLER), org: z.string() })
  .openapi('Principal', { description: 'Hvem som gjorde noe: rolle og organisasjon' });

// --- POST /forlop ---

export const OpprettForlopBody = z
  .strictObject({
    pasient: z.strictObject({ fnr: Fnr }),
    oppholdskommune: Kommunenummer,
    sykehus: Kode.openapi({ example: 'HSYK-MO' }),
    avdeling: Fritekst.max(200, { error: 'kan være høyst 200 tegn' }).openapi({ example: 'Medisinsk avdeling' }),
    innlagtTidspunkt: KliniskTidspunkt,
    antattBehovKommunaleTjenester: z.boolean(),
    kartlegging: z
      .strictObject({ inkludert: z.boolean().optional() })
      .optional()
      .openapi({
        description:
          'Utelates `inkludert`, avgjør inklusjonskriteriene i kraft (GET /konfigurasjon/kartlegging); svaret sier grunn og kriterieversjon',
      }),
  })
  .openapi('OpprettForlop', { description: 'Innleggelse: starter et utskrivningsforløp' });
export type OpprettForlopBody = z.infer<typeof OpprettForlopBody>;

// --- POST /forlop/{id}/hendelser ---

/** The hendelse types sent to /hendelser: all but INNLAGT (which is POST /forlop). */
export type ApiHendelseType = Exclude<HendelseType, 'INNLAGT'>;
export const API_HENDELSE_TYPER = HENDELSE_TYPER.filter((t): t is ApiHendelseType => t !== 'INNLAGT');

function hendelse<T extends ApiHendelseType, S extends z.ZodRawShape>(type: T, ekstra: S, beskrivelse: string) {
  return z
    .strictObject({
      type: z.literal(type),
      tidspunkt: KliniskTidspunkt,
      hendelseId: Uuid.optional().openapi({
        description: 'Klientens id for hendelsen; en gjentakelse med samme id besvares som den første og endrer ingenting',
      }),
      ...ekstra,
    })
    .openapi(`Hendelse_${type}`, { description: beskrivelse });
}

const Vurdering = z
  .strictObject({
    problemstillingerVedInnleggelseAvklart: z.boolean(),
    ovrigeProblemstillingerAvklart: z.boolean(),
    uavklarteProblemstillingerAngitt: z.boolean(),
    funksjonsnivaaVurdert: z.boolean(),
  })
  .openapi('Vurdering', { description: 'Utskrivningsklar-vurderingens fire punkter (a–d)' });

const Kartleggingsresultat = z
  .strictObject({
    funksjon: Fritekst,
    mestring: Fritekst,
    behov: z.array(Fritekst).max(100),
    anbefaling: Fritekst,
  })
  .openapi('Kartleggingsresultat');

const Kontakt = z
  .strictObject({
    enhet: Fritekst.max(200, { error: 'kan være høyst 200 tegn' }).openapi({ example: 'Hjemmetjenesten sone sentrum' }),
    telefon: z
      .string()
      .regex(/^\+?[0-9 ]{5,20}$/, { error: 'må være et telefonnummer (sifre, mellomrom, ev. + først)' })
      .optional(),
  })
  .openapi('Kontakt', { description: 'Kommunens enhet som følger opp pasienten (aldri et fødselsnummer)' });

const BrukersvarVerdi = z.enum(BRUKERSVAR_VERDIER);
export const BrukersvarSchema = z
  .strictObject({ tilstrekkeligInformasjon: BrukersvarVerdi, vetHvemKontakte: BrukersvarVerdi })
  .openapi('Brukersvar', {
    description: 'Pasientens egne svar ved første besøk: fikk tilstrekkelig informasjon, vet hvem som skal kontaktes',
  });

export const LegemiddellisteSchema = z
  .strictObject({ status: z.enum(PLL_STATUSER), samstemtTidspunkt: KliniskTidspunkt.optional() })
  .openapi('Legemiddelliste', { description: 'Om pasientens liste i Pasientens legemiddelliste (PLL) ble samstemt ved utskrivning' });

/** One schema per hendelse type; `satisfies` makes the compiler insist every type has one. */
export const HENDELSE_SKJEMA = {
  INNLEGGELSESMELDING_SENDT: hendelse(
    'INNLEGGELSESMELDING_SENDT',
    { antattForlop: Fritekst.optional(), forventetUtskrivningsdato: Dato.optional() },
    'Melding om innlagt pasient er sendt kommunen (sykehus)',
  ),
  STATUSENDRING: hendelse('STATUSENDRING', { beskrivelse: Fritekst }, 'Vesentlig endring i pasientens tilstand (sykehus)'),
  KARTLEGGING_INKLUSJON: hendelse(
    'KARTLEGGING_INKLUSJON',
    { inkludert: z.boolean(), grunn: Fritekst.max(1000, { error: 'kan være høyst 1000 tegn' }) },
    'Pasienten inkluderes i eller tas ut av kartleggingen, med grunn (sykehus, kartleggingsteam); mens pasienten er innlagt og kartleggingen ikke er fullført',
  ),
  KARTLEGGING_STARTET: hendelse('KARTLEGGING_STARTET', {}, 'Kartleggingen er startet (kartleggingsteam)'),
  KARTLEGGING_FULLFORT: hendelse(
    'KARTLEGGING_FULLFORT',
    {
      skjemaVersjon: SkjemaVersjonFelt.optional(),
      innhold: Innhold.optional(),
      resultat: Kartleggingsresultat.optional().openapi({
        description: 'Det eldre resultatet med fire felt; godtas fortsatt, telles som «ikke laget med felles verktøy»',
      }),
    },
    'Kartleggingen er fullført (kartleggingsteam): enten `skjemaVersjon` og komplett `innhold` etter det felles verktøyet, eller det eldre `resultat`',
  ).superRefine((v, ctx) => {
    const strukturert = v.skjemaVersjon !== undefined || v.innhold !== undefined;
    if (strukturert && v.resultat !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['resultat'], message: 'oppgi enten skjemaVersjon og innhold, eller resultat, ikke begge' });
    } else if (!strukturert && v.resultat === undefined) {
      ctx.addIssue({ code: 'custom', path: ['innhold'], message: 'påkrevd: skjemaVersjon og innhold (eller det eldre resultat)' });
    } else if (strukturert) {
      if (v.skjemaVersjon === undefined) ctx.addIssue({ code: 'custom', path: ['skjemaVersjon'], message: 'påkrevd sammen med innhold' });
      else if (v.innhold === undefined) ctx.addIssue({ code: 'custom', path: ['innhold'], message: 'påkrevd sammen med skjemaVersjon' });
      else validerInnhold({ skjemaVersjon: v.skjemaVersjon, innhold: v.innhold }, 'komplett', ctx);
    }
  }),
  UTSKRIVNINGSKLAR: hendelse(
    'UTSKRIVNINGSKLAR',
    { vurdertTidspunkt: KliniskTidspunkt, vurdering: Vurdering },
    'Melding om utskrivningsklar pasient (sykehus); tidspunkt er når meldingen ble sendt, vurdertTidspunkt når legen vurderte',
  ).superRefine((v, ctx) => {
    // The assessment comes before the melding; the same clock-skew tolerance as for the future.
    if (Date.parse(v.vurdertTidspunkt) > Date.parse(v.tidspunkt) + MAKS_FREMTID_MS) {
      ctx.addIssue({ code: 'custom', path: ['vurdertTidspunkt'], message: 'kan ikke være etter tidspunkt (meldingen)' });
    }
  }),
  UTSKRIVNINGSKLAR_AVMELDT: hendelse(
    'UTSKRIVNINGSKLAR_AVMELDT',
    { arsak: Fritekst },
    'Avmelding av utskrivningsklar pasient (sykehus)',
  ),
  KOMMUNESVAR: hendelse(
    'KOMMUNESVAR',
    {
      kanTaImot: z.boolean(),
      forventetKlarDato: Dato.optional().openapi({ description: 'Påkrevd når kanTaImot er false' }),
      kontakt: Kontakt.optional(),
    },
    'Kommunens svar på om den kan ta imot pasienten (kommune)',
  ).superRefine((v, ctx) => {
    if (v.kanTaImot === false && v.forventetKlarDato === undefined) {
      ctx.addIssue({ code: 'custom', path: ['forventetKlarDato'], message: 'påkrevd når kanTaImot er false' });
    }
  }),
  TILBUD_KLART: hendelse('TILBUD_KLART', { tilbud: z.enum(TILBUD) }, 'Kommunens tilbud er klart (kommune)'),
  EPIKRISE_SENDT: hendelse(
    'EPIKRISE_SENDT',
    { legemiddelliste: LegemiddellisteSchema.optional() },
    'Epikrise (eller tilsvarende) er sendt (sykehus)',
  ),
  UTSKREVET: hendelse(
    'UTSKREVET',
    { destinasjon: z.enum(DESTINASJONER), legemiddelliste: LegemiddellisteSchema.optional() },
    'Pasienten er utskrevet (sykehus)',
  ),
  INFORMASJON_GITT: hendelse(
    'INFORMASJON_GITT',
    {},
    'Pasienten har fått informasjonsarket ved utskrivning (GET /forlop/{id}/utskrivningsinformasjon) (sykehus); før utskrivningen eller like etter',
  ),
  OPPFOLGING_STARTET: hendelse(
    'OPPFOLGING_STARTET',
    { beskrivelse: Fritekst.optional(), brukersvar: BrukersvarSchema.optional() },
    'Kommunal oppfølging etter hjemkomst er startet (kommune)',
  ),
  DOD: hendelse('DOD', {}, 'Pasienten er død under oppholdet (sykehus)'),
  FORLOP_AVBRUTT: hendelse(
    'FORLOP_AVBRUTT',
    { arsak: Fritekst },
    'Forløpet var registrert ved en feil; avbrytes og beholdes for revisjon (sykehus)',
  ),
} satisfies { [T in ApiHendelseType]: z.ZodType<{ type: T } & HendelseDataFor[T]> };

const H = HENDELSE_SKJEMA;
export const HendelseBody = z
  .discriminatedUnion('type', [
    H.INNLEGGELSESMELDING_SENDT,
    H.STATUSENDRING,
    H.KARTLEGGING_INKLUSJON,
    H.KARTLEGGING_STARTET,
    H.KARTLEGGING_FULLFORT,
    H.UTSKRIVNINGSKLAR,
    H.UTSKRIVNINGSKLAR_AVMELDT,
    H.KOMMUNESVAR,
    H.TILBUD_KLART,
    H.EPIKRISE_SENDT,
    H.UTSKREVET,
    H.INFORMASJON_GITT,
    H.OPPFOLGING_STARTET,
    H.DOD,
    H.FORLOP_AVBRUTT,
  ])
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
  })
  .openapi('OverliggerDag');

export const OverliggerdognSchema = z
  .object({
    antall: z.number().int(),
    belop: z.number().int().openapi({ description: 'Sum i kroner over dager der betalingsvilkårene er oppfylt' }),
    dager: z.array(OverliggerDagSchema),
    betalingsvilkarOppfylt: z.boolean(),
    omstridt: z.boolean(),
  })
  .openapi('Overliggerdogn');

export const HendelseVisningSchema = z
  .object({
    sekvens: z.number().int(),
    hendelseId: Uuid,
    type: z.enum(HENDELSE_TYPER),
    tidspunkt: Tidspunkt,
    registrert: Tidspunkt,
    av: PrincipalSchema,
    antattForlop: z.string().optional(),
    forventetUtskrivningsdato: Dato.optional(),
    beskrivelse: z.string().optional(),
    resultat: Kartleggingsresultat.optional(),
    skjemaVersjon: z.string().optional(),
    inkludert: z.boolean().optional(),
    grunn: z.string().optional(),
    kontakt: Kontakt.optional(),
    brukersvar: BrukersvarSchema.optional(),
    legemiddelliste: LegemiddellisteSchema.optional(),
    vurdertTidspunkt: Tidspunkt.optional(),
    vurdering: Vurdering.optional(),
    arsak: z.string().optional(),
    kanTaImot: z.boolean().optional(),
    forventetKlarDato: Dato.optional(),
    tilbud: z.enum(TILBUD).optional(),
    destinasjon: z.enum(DESTINASJONER).optional(),
  })
  .openapi('HendelseRegistrert', { description: 'En registrert hendelse med typens egne felt' });

export const ForlopSchema = z
  .object({
    id: Uuid,
    status: z.enum(FORLOP_STATUSER),
    pasient: z.object({ fnr: z.string() }),
    oppholdskommune: z.string(),
    sykehus: z.string(),
    avdeling: z.string(),
    innlagtTidspunkt: Tidspunkt,
    antattBehovKommunaleTjenester: z.boolean(),
    kartlegging: z.object({
      inkludert: z.boolean(),
      status: z.enum(KARTLEGGING_STATUSER),
      grunn: z.string().nullable().openapi({ description: 'Hvorfor pasienten er (ikke) inkludert: kriterienes grunn, eller den siste KARTLEGGING_INKLUSJON' }),
      kriterierVersjon: z.number().int().nullable().openapi({ description: 'Inklusjonskriterienes versjon som avgjorde ved start; null når avdelingen oppga det selv' }),
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
  })
  .openapi('Forlop');
export type ForlopVisning = z.infer<typeof ForlopSchema>;

/** A forløp as listed: everything but its hendelser and PLL status (GET /forlop/{id} has them). */
export const ForlopSammendragSchema = ForlopSchema.omit({ hendelser: true, legemiddelliste: true }).openapi('ForlopSammendrag');
export type ForlopSammendrag = z.infer<typeof ForlopSammendragSchema>;

// --- GET /forlop ---

export const Limit = Heltall(1, 200, 50, 'Antall per side (1–200, standard 50)');

export const Cursor = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'ugyldig cursor' })
  .openapi({ description: 'nesteCursor fra forrige side' });

/** A date range filter names `til` when it lies before `fra`. */
export function fraForTil(v: { fra?: string; til?: string }, ctx: z.RefinementCtx): void {
  if (v.fra && v.til && v.fra > v.til) ctx.addIssue({ code: 'custom', path: ['til'], message: 'kan ikke være før fra' });
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

export const ForlopListeSvar = z
  .object({ data: z.array(ForlopSammendragSchema), nesteCursor: z.string().nullable() })
  .openapi('ForlopListe');

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
