/** A kommune's Dialogmelding answer as the forløp shows it (GET /forlop/{id}, `dialogmeldinger`). */
import { z } from 'zod';
import { Tidspunkt } from '../hendelse-byggeklosser';

export const DialogmeldingSchema = z
  .object({
    id: z.uuid(),
    svarPaVarsel: z.uuid().openapi({ description: 'Varselet meldingen svarer på (MsgId i Dialogmeldingen motoren sendte)' }),
    svarPaVarselTekst: z.string().nullable().openapi({ description: 'Teksten i varselet meldingen svarer på, når varselet er kjent' }),
    fra: z.object({ org: z.string().openapi({ description: 'Kommunenummeret, fra adressetabellen' }) }),
    sendt: Tidspunkt.nullable().openapi({ description: 'GenDate i meldingen' }),
    mottatt: Tidspunkt,
    tema: z.string().nullable(),
    tekst: z.string().openapi({ description: 'Kommunens tekst slik den ble sendt' }),
  })
  .openapi('Dialogmelding', {
    description: 'Et svar fra kommunen over Helsenettet (Dialogmelding 1.1 med ConversationRef til et varsel); vises på forløpets tidslinje, er ingen hendelse',
  });
export type DialogmeldingVisning = z.infer<typeof DialogmeldingSchema>;
