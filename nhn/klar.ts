/**
 * /readyz's view of Norsk helsenett: can the engine get a token and reach the message server?
 * One quick attempt (a list of at most one unread message, which changes nothing), its answer
 * kept for 30 s so a readiness probe does not become load on NHN. It never makes the engine
 * unready: the API works without the network, and the poller and deliveries retry on their own.
 */
import type { AppConfig } from '../config';
import { lagEdiKlient } from './edi';
import { lagNhn, type Nhn } from './fra-konfig';

export type NhnTilstand = 'ok' | 'utilgjengelig' | 'feilkonfigurert';

const HUSK_MS = 30_000;

/** undefined when EDI_URL is not set: /readyz then says nothing of the network. */
export function nhnKlarSjekk(k: AppConfig['nhn'], naa: () => number = Date.now): (() => Promise<NhnTilstand>) | undefined {
  if (!k.ediUrl) return undefined;
  let klienter: Promise<Nhn | undefined> | undefined;
  let sist: { tilstand: NhnTilstand; tid: number } | undefined;
  return async () => {
    if (sist && naa() - sist.tid < HUSK_MS) return sist.tilstand;
    let tilstand: NhnTilstand;
    try {
      klienter ??= lagNhn(k);
      const nhn = await klienter;
      tilstand = 'ok';
      if (nhn) {
        try {
          await lagEdiKlient(
            { url: k.ediUrl!, herId: nhn.edi.herId, kildesystem: 'utskrivningsforlop (klarsjekk)', forsok: 1, tidsavbruddMs: 1500 },
            nhn.helseId,
          ).uleste(1);
        } catch {
          tilstand = 'utilgjengelig';
        }
      }
    } catch {
      tilstand = 'feilkonfigurert';
    }
    sist = { tilstand, tid: naa() };
    return tilstand;
  };
}
