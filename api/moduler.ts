/**
 * The API's resource modules, in one list: app.ts mounts each module's router under /api/v1
 * and openapi.ts documents each module's paths. To add a resource, write its module (see
 * api/deps.ts) and add it here.
 */
import type { ApiModul } from './deps';
import { avvikModul } from './routes/avvik';
import { codecModul } from './routes/codec';
import { driftModul } from './routes/drift';
import { ediModul } from './routes/edi';
import { tilgangsloggModul } from './routes/tilgangslogg';
import { adresserModul } from './routes/adresser';
import { forlopModul } from './routes/forlop';
import { kartleggingModul } from './routes/kartlegging';
import { ploModul } from './routes/plo';
import { konfigurasjonModul } from './routes/konfigurasjon';
import { rapporterModul } from './routes/rapporter';
import { varslerModul } from './routes/varsler';
import { utskrivningsinformasjonModul } from './routes/utskrivningsinformasjon';
import { webhooksModul } from './routes/webhooks';

export const MODULER: readonly ApiModul[] = [
  forlopModul,
  kartleggingModul,
  avvikModul,
  varslerModul,
  webhooksModul,
  konfigurasjonModul,
  driftModul,
  tilgangsloggModul,
  rapporterModul,
  codecModul,
  ploModul,
  adresserModul,
  ediModul,
  utskrivningsinformasjonModul,
];
