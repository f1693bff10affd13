/**
 * The zod building blocks of the hendelse bodies: the clinical time, the date and the value
 * objects a hendelse carries. In a module of their own because the hendelse catalogue
 * (workflows/hendelser/) declares each type's schema as a function of these blocks: the catalogue
 * imports only their type, so zod never enters the workflow bundle; api/schemas.ts hands them in.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { BRUKERSVAR_VERDIER, DESTINASJONER, PLL_STATUSER, TILBUD } from '../workflows/types';
import { Innhold, SkjemaVersjonFelt, validerInnhold } from './kartlegging-skjema';
import { dato, datoTekst } from '../workflows/frister/tid';
import { Fritekst, fritekst } from './tekst';

extendZodWithOpenApi(z);

/** How far in the future a clinical time may be (clock skew between systems). */
export const MAKS_FREMTID_MS = 5 * 60 * 1000;
/**
 * How far back a clinical time may be: room for imports, late registrations and a simulated
 * year, not for a typo of a century (a stay back-dated to 1900 counted 46 355 overliggerdøgn).
 */
export const MAKS_TILBAKE_AR = 5;
const MAKS_TILBAKE_MS = MAKS_TILBAKE_AR * 366 * 86_400_000;

export const Tidspunkt = z.iso.datetime({ offset: true }).openapi({ example: '2026-03-02T08:15:00+01:00' });

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

export const Dato = z.iso.date().openapi({ example: '2026-03-05', description: 'Kalenderdato, Europe/Oslo' });

export const Vurdering = z
  .strictObject({
    problemstillingerVedInnleggelseAvklart: z.boolean(),
    ovrigeProblemstillingerAvklart: z.boolean(),
    uavklarteProblemstillingerAngitt: z.boolean(),
    funksjonsnivaaVurdert: z.boolean(),
  })
  .openapi('Vurdering', { description: 'Utskrivningsklar-vurderingens fire punkter (a–d)' });

export const Kartleggingsresultat = z
  .strictObject({
    funksjon: Fritekst,
    mestring: Fritekst,
    behov: z.array(Fritekst).max(100).openapi({ description: 'Behovene kartleggingen fant; tom liste: ingen behov' }),
    anbefaling: Fritekst,
  })
  .openapi('Kartleggingsresultat');

export const Kontakt = z
  .strictObject({
    // A telephone number alone says nothing of who follows the patient up: refused, never dropped.
    enhet: fritekst('mangler: oppgi enheten som følger opp pasienten (et telefonnummer alene er ikke nok)')
      .max(200)
      .openapi({ example: 'Hjemmetjenesten sone sentrum' }),
    telefon: z
      .string()
      .regex(/^\+?[0-9 ]{5,20}$/, { error: 'må være et telefonnummer (sifre, mellomrom, ev. + først)' })
      .optional(),
  })
  .openapi('Kontakt', { description: 'Kommunens enhet som følger opp pasienten (aldri et fødselsnummer)' });

const BrukersvarVerdi = z.enum(BRUKERSVAR_VERDIER);
export const BrukersvarSchema = z.strictObject({ tilstrekkeligInformasjon: BrukersvarVerdi, vetHvemKontakte: BrukersvarVerdi }).openapi('Brukersvar', {
  description: 'Pasientens egne svar ved første besøk: fikk tilstrekkelig informasjon, vet hvem som skal kontaktes',
});

export const LegemiddellisteSchema = z
  .strictObject({ status: z.enum(PLL_STATUSER), samstemtTidspunkt: KliniskTidspunkt.optional() })
  .openapi('Legemiddelliste', { description: 'Om pasientens liste i Pasientens legemiddelliste (PLL) ble samstemt ved utskrivning' });

/** What a catalogue entry's `skjema` is given: zod itself and the blocks above. */
export const BYGGEKLOSSER = {
  z,
  Fritekst,
  Tidspunkt,
  KliniskTidspunkt,
  Dato,
  MAKS_FREMTID_MS,
  Vurdering,
  Kartleggingsresultat,
  Kontakt,
  Brukersvar: BrukersvarSchema,
  Legemiddelliste: LegemiddellisteSchema,
  Destinasjon: z.enum(DESTINASJONER),
  Tilbud: z.enum(TILBUD),
  SkjemaVersjonFelt,
  Innhold,
  validerInnhold,
  /** The Oslo calendar date of an instant, and a date as a person reads it: for rules across a body's dates. */
  dato,
  datoTekst,
};
export type Byggeklosser = typeof BYGGEKLOSSER;
