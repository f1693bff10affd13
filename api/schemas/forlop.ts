/** The forløp resource's schemas that are its own (the forløp and hendelse schemas are in api/schemas.ts). */
import { z } from 'zod';
import { FORLOP_STATUSER } from '../../workflows/types';
import { HENDELSE_TYPER } from '../../workflows/hendelser';
import { VURDERING_PUNKTER } from '../../workflows/utskrivning';

const HendelseTypeSchema = z.enum(HENDELSE_TYPER);
export const TillatteHendelserSvar = z
  .object({
    forlopId: z.uuid(),
    status: z.enum(FORLOP_STATUSER),
    tillatte: z.array(HendelseTypeSchema).openapi({ description: 'Hendelsene innringerens rolle kan sende nå' }),
    alle: z.array(HendelseTypeSchema).openapi({ description: 'Alle hendelsene forløpets tilstand tar imot nå, uansett rolle' }),
    vurderingPunkter: z
      .array(
        z.object({
          punkt: z.enum(VURDERING_PUNKTER.map((p) => p.punkt) as ['a', 'b', 'c', 'd']),
          felt: z.enum(VURDERING_PUNKTER.map((p) => p.felt) as [string, ...string[]]),
          tekst: z.string(),
        }),
      )
      .openapi({
        description:
          'Punktene a–d en UTSKRIVNINGSKLAR-melding må dokumentere (felt i `vurdering`, og ordene): en melding uten alle er ikke gyldig, så skjemaet kan advare før den sendes. Den samme regelen for TypeScript: `manglendePunkter` i workflows/utskrivning.ts',
      }),
  })
  .openapi('TillatteHendelser');
export type TillatteHendelserSvar = z.infer<typeof TillatteHendelserSvar>;
