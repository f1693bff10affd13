/**
 * What the worker needs to send varsler as Dialogmelding: the EDI client (nhn/fra-konfig.ts) and
 * EDI_KVITTERING_FRIST in milliseconds, or undefined when EDI_URL is not set. A frist that is not
 * a positive ISO 8601 duration is an error at start.
 */
import { Duration } from 'luxon';
import type { AppConfig } from '../config';
import type { EdiUt } from '../activities/dialogmelding';
import { lagNhn } from './fra-konfig';

export function kvitteringFristMs(iso: string): number {
  const d = Duration.fromISO(iso);
  const ms = d.isValid ? d.toMillis() : NaN;
  if (!(ms > 0)) throw new Error(`EDI_KVITTERING_FRIST må være en positiv ISO 8601-varighet (f.eks. PT4H), ikke «${iso}»`);
  return ms;
}

export async function lagEdiUt(k: AppConfig['nhn']): Promise<EdiUt | undefined> {
  if (!k.ediUrl) return undefined;
  const fristMs = kvitteringFristMs(k.kvitteringFrist);
  const nhn = await lagNhn(k);
  return nhn && { edi: nhn.edi, kvitteringFristMs: fristMs };
}
