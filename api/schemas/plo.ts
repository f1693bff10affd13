/** The PLO message resource's schemas: the log's rows, its query and its page. */
import { z } from 'zod';
import { PLO_TYPE_LISTE } from '../../plo/melding';
import { Cursor, Dato, fraForTil, Limit, Tidspunkt, Uuid } from '../schemas';

/** The media types a message may be posted as. */
export const XML_TYPER = ['application/xml', 'text/xml'];

export const PloMeldingSchema = z
  .object({
    msgId: z.string(),
    type: z.string().openapi({ description: 'MsgInfo/Type, f.eks. LOG_INNLAGT' }),
    versjon: z.string().nullable().openapi({ description: 'Pasientlogistikk-versjonen (1.6 eller 1.5)' }),
    kansellering: z.boolean().openapi({ description: 'Forsendelsesstatus C' }),
    refToParent: z.string().nullable(),
    avsender: z.object({ herId: z.string(), org: z.string().nullable() }),
    mottaker: z.object({ org: z.string().nullable() }),
    genDate: Tidspunkt.nullable(),
    mottatt: Tidspunkt,
    status: z.enum(['ok', 'avvist']).openapi({ description: 'Kvitteringens status: ok (1) eller avvist (2)' }),
    anvendt: z.boolean().openapi({ description: 'Meldingen endret et forløp; ok uten anvendt er registrert, men til ingen nytte' }),
    merknad: z.string().nullable(),
    feil: z.array(z.object({ kode: z.string(), tekst: z.string() })).openapi({ description: 'Kodeverk 8221 med beskrivelse' }),
    forlopId: Uuid.nullable().openapi({ description: 'Forløpet meldingen gjaldt, når det er i innringerens omfang' }),
    kansellertAv: z.string().nullable().openapi({ description: 'MsgId til meldingen som kansellerte denne' }),
  })
  .openapi('PloMelding');
export type PloMeldingVisning = z.infer<typeof PloMeldingSchema>;

export const PloListeQuery = z
  .strictObject({
    status: z.enum(['ok', 'avvist']).optional(),
    type: z
      .string()
      .max(50)
      .optional()
      .openapi({ description: `MsgInfo/Type, f.eks. ${PLO_TYPE_LISTE.join(', ')}` }),
    fra: Dato.optional().openapi({ description: 'Mottatt fra og med (Europe/Oslo)' }),
    til: Dato.optional().openapi({ description: 'Mottatt til og med (Europe/Oslo)' }),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .superRefine(fraForTil);
export type PloListeQuery = z.infer<typeof PloListeQuery>;

export const PloListeSvar = z.object({ data: z.array(PloMeldingSchema), nesteCursor: z.string().nullable() }).openapi('PloMeldingListe');
