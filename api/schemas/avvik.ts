/** The avvik resource's request and answer schemas (the router validates with them; the OpenAPI document shows them). */
import { z } from 'zod';
import { KOMMENTAR_PAKREVD } from '../../workflows/avvik-behandling';
import { AVVIK_KATEGORIER, SVAR_STATUSER } from '../../workflows/avvik-oppfolging';
import { AVVIK_TYPER } from '../../workflows/avvik-typer';
import { PART_ROLLER } from '../../workflows/parter';
import { AVVIK_STATUSER } from '../../workflows/types';
import { ROLLER } from '../principal';
import { Cursor, Dato, fraForTil, Fritekst, Kode, Kommunenummer, Limit, PrincipalSchema, Tidspunkt, Uuid } from '../schemas';

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
        '`besvart` når parten avviket gjelder (den ansvarlige) har kommentert eller selv satt avviket under behandling; `lukket_uten_svar` når avviket er lukket eller trukket uten et slikt svar (samhandlingsavdelingens behandling er ikke partens svar); ellers `forfalt` fra svarfristen, før den `venter`. Parten får PAMINNELSE før svarfristen, og ved svarfristen uten svar går ESKALERING til parten og samhandlingsavdelingen.',
    }),
    besvart: Tidspunkt.nullable().openapi({ description: 'Når den ansvarlige parten første gang svarte (null: ikke ennå)' }),
    kategori: z
      .enum(AVVIK_KATEGORIER)
      .nullable()
      .openapi({ description: 'Kategori for et avvik meldt for hånd; null for motorens egne avvik og når den ikke ble oppgitt' }),
    hjemmel: z.string().nullable().openapi({ description: 'Hvilket punkt i tjenesteavtale eller forskrift avviket gjelder' }),
    strakstiltak: z.string().nullable().openapi({ description: 'Tiltak som ble gjort straks' }),
    historikk: z.array(AvvikHistorikkSchema).openapi({ description: 'Hver endring, eldste først' }),
    pasient: z
      .object({
        fnr: z.string(),
        navn: z.object({ fornavn: z.string(), etternavn: z.string() }).nullable().openapi({ description: 'null når ingen har oppgitt det' }),
      })
      .nullable()
      .openapi({
        description:
          'Pasienten i forløpet avviket gjelder, når innringeren kan se forløpet (som GET /forlop/{id}); ellers null. Lesingen logges som annen lesing av forløpet.',
      }),
    tillatteHandlinger: z
      .object({
        status: z.array(z.enum(AVVIK_STATUSER)).openapi({ description: 'Statusene innringeren kan flytte avviket til nå' }),
        kommentar: z.boolean().openapi({ description: 'Om innringeren kan kommentere uten å endre status' }),
        kommentarPakrevd: z.array(z.enum(AVVIK_STATUSER)).openapi({ description: 'Av `status`: de som krever kommentar' }),
      })
      .openapi('AvvikTillatteHandlinger', {
        description:
          'Det POST /avvik/{id}/behandling godtar fra innringeren nå, spurt av den samme regelen som avgjør forespørselen: alt annet gir 403 eller 409.',
      }),
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

export const AvvikListeSvar = z.object({ data: z.array(AvvikSchema), nesteCursor: z.string().nullable() }).openapi('AvvikListe');

export const AvvikIdParams = z.object({ id: Uuid.openapi({ param: { name: 'id', in: 'path' } }) });

export const NyttAvvikBody = z
  .strictObject({
    forlopId: Uuid,
    beskrivelse: Fritekst.openapi({ description: 'Hva avviket gjelder; blir avvikets tekst' }),
    ansvarlig: z.union([z.enum(PART_ROLLER), z.strictObject({ rolle: z.enum(PART_ROLLER), org: Kode })]).openapi({
      description:
        'Parten avviket gjelder: `{ rolle, org }` som i avviket, eller bare rollen. Organisasjonen er alltid forløpets part med den rollen (sykehus: forløpets sykehus; kommune: oppholdskommunen; kartleggingsteam: teamet ved sykehuset, når kartlegging er inkludert); en annen org gir 400.',
      example: { rolle: 'sykehus', org: 'HSYK-MO' },
    }),
    kategori: z.enum(AVVIK_KATEGORIER).optional().openapi({ description: 'Avvikets kategori (regionens avviksrutine)' }),
    hjemmel: Fritekst.optional().openapi({
      description: 'Hvilket punkt i tjenesteavtale eller forskrift avviket gjelder',
      example: 'Tjenesteavtale 3, punkt 6.2',
    }),
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
    if (v.status !== undefined && KOMMENTAR_PAKREVD.includes(v.status) && v.kommentar === undefined) {
      ctx.addIssue({ code: 'custom', path: ['kommentar'], message: 'påkrevd når avviket lukkes' });
    }
    if (v.status === undefined && v.kommentar === undefined) {
      ctx.addIssue({ code: 'custom', path: ['kommentar'], message: 'påkrevd når status ikke endres' });
    }
  })
  .openapi('AvvikBehandling', { description: 'Flytt avviket videre og/eller kommenter det' });
export type AvvikBehandlingBody = z.infer<typeof AvvikBehandlingBody>;
