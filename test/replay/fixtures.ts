/** Where the replay fixtures live and the fixed test key their payloads are encrypted with (not a secret). */
import { createHash } from 'node:crypto';
import path from 'node:path';

export const FIXTURE_NOKKEL = createHash('sha256').update('utskrivningsforlop replay fixtures').digest();
export const FIXTURE_MAPPE = path.join(__dirname, 'historikk');
