/** The kartlegging resource's request and answer schemas (the router validates with them; the OpenAPI document shows them). */
import { z } from 'zod';
import { FORLOP_STATUSER, KARTLEGGING_STATUSER } from '../../workflows/types';
import { Innhold, SkjemaVersjonFelt, validerInnhold } from '../kartlegging-skjema';
import { AktorSchema, Dato, FristSchema, Kode, Kommunenummer, Cursor, Limit, PrincipalSchema, Tidspunkt, Uuid } from '../schemas';

export const UtkastBody = z
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

export const KartleggingSchema = z
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

export const ArbeidslisteQuery = z.strictObject({ cursor: Cursor.optional(), limit: Limit });

export const ArbeidslisteElement = z
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
      fnr: z.string().openapi({ description: 'Fødselsnummer eller D-nummer: teamet skiller to pasienter med samme navn' }),
      navn: z
        .object({ fornavn: z.string(), etternavn: z.string() })
        .nullable()
        .openapi({ description: 'Fra PLO-melding eller POST /forlop; null når ingen har oppgitt det' }),
    }),
  })
  .openapi('ArbeidslisteElement');

export const ArbeidslisteSvar = z.object({ data: z.array(ArbeidslisteElement), nesteCursor: z.string().nullable() }).openapi('Arbeidsliste');

export const TeamParams = z.object({ id: Kode.openapi({ param: { name: 'id', in: 'path' }, example: 'KT-RANA' }) });
export const VersjonParams = z.object({ versjon: z.string().openapi({ param: { name: 'versjon', in: 'path' }, example: '1' }) });

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
      avdelinger: z.array(z.string().trim().min(1).max(200)).max(100).nullable().openapi({ description: 'Bare disse avdelingene (null: alle)' }),
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
export const KriterierSvar = KriterierVersjonSchema.extend({ tidligere: z.array(KriterierVersjonSchema) }).openapi('KartleggingKriterierVersjoner');

export type UtkastBody = z.infer<typeof UtkastBody>;
export type KartleggingVisning = z.infer<typeof KartleggingSchema>;
export type ArbeidslisteQuery = z.infer<typeof ArbeidslisteQuery>;
export type ArbeidslisteElement = z.infer<typeof ArbeidslisteElement>;
export type KartleggingKriterier = z.infer<typeof KartleggingKriterierSchema>;
export type KriterierSvar = z.infer<typeof KriterierSvar>;
