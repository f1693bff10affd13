/**
 * The API's resource modules, in one list: app.ts mounts each module's router under /api/v1
 * and openapi.ts documents each module's paths. To add a resource, write its module (see
 * api/deps.ts) and add it here.
 */
import type { ApiModul } from './deps';
import { forlopModul } from './routes/forlop';

export const MODULER: readonly ApiModul[] = [forlopModul];
