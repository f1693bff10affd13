/** The forløp resource's schemas that are its own (the forløp and hendelse schemas are in api/schemas.ts). */
import { z } from 'zod';
import { FORLOP_STATUSER } from '../../workflows/types';
import { HENDELSE_TYPER } from '../../workflows/hendelser';

const HendelseTypeSchema = z.enum(HENDELSE_TYPER);
export const TillatteHendelserSvar = z
  .object({
    forlopId: z.uuid(),
    status: z.enum(FORLOP_STATUSER),
    tillatte: z.array(HendelseTypeSchema).openapi({ description: 'Hendelsene innringerens rolle kan sende nå' }),
    alle: z.array(HendelseTypeSchema).openapi({ description: 'Alle hendelsene forløpets tilstand tar imot nå, uansett rolle' }),
  })
  .openapi('TillatteHendelser');
export type TillatteHendelserSvar = z.infer<typeof TillatteHendelserSvar>;
