/** The report resource's request and answer schemas (the router validates with them; the OpenAPI document shows them). */
import { z } from 'zod';
import { ANDEL_NOKLER, GRUPPERINGER, INDIKATOR_NOKLER, SNITT_NOKLER, type IndikatorNokkel } from '../../db/rapporter';
import { INDIKATOR_DEFINISJONER, INDIKATOR_NAVN } from '../rapporter/definisjoner';
import { Dato, fraForTil, Kode, Kommunenummer } from '../schemas';

/** A report date: a calendar date within what PostgreSQL and the engine's data can hold. */
const RapportDato = Dato.refine((v) => v >= '1970-01-01' && v <= '2199-12-31', { message: 'må være mellom 1. januar 1970 og 31. desember 2199' })
  // The same bounds in the document: the year 1970–2199 (with format date, the rest of the date).
  .openapi({ pattern: '^(19[7-9][0-9]|2[01][0-9]{2})-' });

const filterFelt = {
  fra: RapportDato.openapi({ description: 'Fra og med denne datoen (Europe/Oslo)' }),
  til: RapportDato.openapi({ description: 'Til og med denne datoen (Europe/Oslo)' }),
  oppholdskommune: Kommunenummer.optional().openapi({ description: 'Bare denne kommunen (en kommune får uansett bare sine egne tall)' }),
  sykehus: Kode.optional().openapi({ description: 'Bare forløp ved dette sykehuset' }),
};
const Gruppering = z.enum(GRUPPERINGER).default('maned').openapi({ description: 'Per måned (standard), år eller hele perioden' });

export const IndikatorQuery = z.strictObject({ ...filterFelt, gruppering: Gruppering }).superRefine(fraForTil);

export const OverliggerdognQuery = z
  .strictObject({
    ...filterFelt,
    gruppering: Gruppering,
    detaljer: z.enum(['true', 'false']).default('false').openapi({ description: 'true: også dagslisten (i CSV: bare dagslisten)' }),
  })
  .superRefine(fraForTil);

export const SammenligningQuery = z
  .strictObject({
    ...filterFelt,
    grunnlagFra: RapportDato.openapi({ description: 'Grunnlagsperioden fra og med (Europe/Oslo)' }),
    grunnlagTil: RapportDato.openapi({ description: 'Grunnlagsperioden til og med (Europe/Oslo)' }),
    deltakere: z
      .string()
      .regex(/^\d{4}(,\d{4}){0,49}$/, { message: 'må være kommunenummer skilt med komma' })
      .optional()
      .openapi({
        description: 'Kommunene som regnes som deltakere, kommaseparert; standard: kommunene i kartleggingskriteriene som gjelder (siste versjon)',
        example: '1833,1832',
      }),
  })
  .superRefine((v, ctx) => {
    fraForTil(v, ctx);
    if (v.grunnlagFra > v.grunnlagTil) ctx.addIssue({ code: 'custom', path: ['grunnlagTil'], message: 'kan ikke være før grunnlagsperiodens fra-dato' });
  });

const Andel = z.number().nullable();
const indikatorFelt = Object.fromEntries(
  INDIKATOR_NOKLER.map((k) => [k, ([...ANDEL_NOKLER, ...SNITT_NOKLER].includes(k) ? Andel : z.number()).openapi({ description: INDIKATOR_DEFINISJONER[k] })]),
) as unknown as Record<IndikatorNokkel, z.ZodType<number | null>>;

export const IndikatorerSchema = z
  .object({
    ...indikatorFelt,
    avvikPerType: z.record(z.string(), z.number()).openapi({ description: INDIKATOR_DEFINISJONER.avvikPerType }),
    avvikPerAnsvarlig: z.record(z.string(), z.number()).openapi({ description: INDIKATOR_DEFINISJONER.avvikPerAnsvarlig }),
  })
  .openapi('Indikatorer', { description: 'Prosjektets indikatorer (docs/domain.md); en andel er 0–1, null når nevneren er 0' });

const Definisjoner = z.record(z.string(), z.string()).openapi({ description: 'For hvert tall: navnet, kodenavnet og hva som telles, i ord' });

const TellerNevnerSchema = z.record(z.string(), z.object({ teller: z.number(), nevner: z.number() })).openapi('TellerNevner', {
  description: `For hver andel (${ANDEL_NOKLER.join(', ')}): telleren og nevneren den er regnet av; andelen er null når nevneren er 0 (ingen data, ikke 0 %)`,
});

const IndikatorNavnSchema = z
  .object(Object.fromEntries(Object.keys(INDIKATOR_NAVN).map((k) => [k, z.string()])) as Record<keyof typeof INDIKATOR_NAVN, z.ZodString>)
  .openapi('IndikatorNavn', { description: 'Hvert talls navn på norsk (overskriften i CSV)' });

export const IndikatorRapportSchema = z
  .object({
    fra: Dato,
    til: Dato,
    gruppering: z.enum(GRUPPERINGER),
    data: z.array(
      z.object({
        periode: z.string().openapi({ example: '2025-01' }),
        oppholdskommune: Kommunenummer,
        indikatorer: IndikatorerSchema,
        tellerNevner: TellerNevnerSchema,
      }),
    ),
    navn: IndikatorNavnSchema,
    definisjoner: Definisjoner,
  })
  .openapi('IndikatorRapport', { description: 'Indikatorene per kommune og periode; bare kombinasjoner der noe er telt' });

const OverliggerdognRadSchema = z
  .object({
    periode: z.string(),
    oppholdskommune: Kommunenummer,
    dager: z.number().int(),
    betalbareDager: z.number().int(),
    betalbartBelop: z.number(),
    ikkeBetalbareDager: z.number().int(),
    ikkeBetalbartBelop: z.number(),
    omstridteDager: z.number().int(),
    omstridtBelop: z.number(),
    forelopigPrisedeDager: z.number().int(),
    forelopigPrisetBelop: z.number(),
  })
  .openapi('OverliggerdognRapportRad');

const OverliggerdognDagSchema = z
  .object({
    forlopId: z.string().uuid(),
    dato: Dato,
    oppholdskommune: Kommunenummer,
    sykehus: z.string(),
    belop: z.number(),
    status: z.enum(['betalbar', 'ikke_betalbar', 'omstridt']),
    prisForelopig: z.boolean(),
  })
  .openapi('OverliggerdognRapportDag', { description: 'Én dag; aldri pasientens fødselsnummer' });

export const OverliggerdognRapportSchema = z
  .object({
    fra: Dato,
    til: Dato,
    gruppering: z.enum(GRUPPERINGER),
    data: z.array(OverliggerdognRadSchema),
    dager: z.array(OverliggerdognDagSchema).optional().openapi({ description: 'Med detaljer=true' }),
    definisjoner: Definisjoner,
  })
  .openapi('OverliggerdognRapport', { description: 'Fakturagrunnlaget per kommune og periode' });

/** The two groups of a sammenligning. */
export const GRUPPER = ['deltakere', 'andre'] as const;
const EndringSchema = z
  .object({
    ...indikatorFelt,
    avvikPerType: z.record(z.string(), z.number()),
    avvikPerAnsvarlig: z.record(z.string(), z.number()),
  })
  .openapi('IndikatorEndring', { description: 'periode minus grunnlag for hvert tall; null når et av dem er null' });

export const SammenligningSchema = z
  .object({
    periode: z.object({ fra: Dato, til: Dato }),
    grunnlag: z.object({ fra: Dato, til: Dato }),
    deltakere: z.object({ kommuner: z.array(Kommunenummer), kilde: z.string() }),
    data: z.array(
      z.object({
        gruppe: z.enum(GRUPPER).openapi({ description: 'deltakere: kommunene i `deltakere.kommuner`; andre: alle andre kommuner' }),
        periode: IndikatorerSchema,
        grunnlag: IndikatorerSchema,
        endring: EndringSchema,
      }),
    ),
    definisjoner: Definisjoner,
  })
  .openapi('Sammenligning', { description: 'Indikatorene for perioden mot grunnlaget, deltakende kommuner mot de andre' });
export type IndikatorRapport = z.infer<typeof IndikatorRapportSchema>;
export type OverliggerdognRapport = z.infer<typeof OverliggerdognRapportSchema>;
export type Sammenligning = z.infer<typeof SammenligningSchema>;
export type IndikatorQuery = z.infer<typeof IndikatorQuery>;
export type OverliggerdognQuery = z.infer<typeof OverliggerdognQuery>;
export type SammenligningQuery = z.infer<typeof SammenligningQuery>;
