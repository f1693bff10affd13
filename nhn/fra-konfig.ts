/**
 * The engine's HelseID and EDI clients from its configuration, or undefined when EDI_URL is not
 * set. A half-done configuration is an error at once, naming what is missing (never a value).
 *
 * One pair per process and configuration: the poller, the Dialogmelding sender and /readyz share
 * it, so they share one DPoP key and one cached token, not a token request per caller.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config';
import { lagEdiKlient, type EdiKlient } from './edi';
import { lagHelseIdKlient, type HelseIdKlient } from './helseid';

export interface Nhn {
  helseId: HelseIdKlient;
  edi: EdiKlient;
}

/** The engine's version for nhn-source-system, from the nearest package.json above (works from nhn/ and dist/nhn/). */
function versjon(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const fil = path.join(dir, 'package.json');
    if (fs.existsSync(fil)) return (JSON.parse(fs.readFileSync(fil, 'utf8')) as { version?: string }).version ?? 'ukjent';
  }
  return 'ukjent';
}

const perProsess = new Map<string, Promise<Nhn>>();

export async function lagNhn(k: AppConfig['nhn']): Promise<Nhn | undefined> {
  if (!k.ediUrl) return undefined;
  // The same settings give the same clients; the key's text enters the map's key as a hash only.
  const nokkel = JSON.stringify([
    k.ediUrl,
    k.ediHerId,
    k.helseidIssuer,
    k.helseidKlientId,
    k.helseidScope,
    k.helseidPrivatNokkel && createHash('sha256').update(k.helseidPrivatNokkel.verdi()).digest('base64'),
  ]);
  let nhn = perProsess.get(nokkel);
  if (!nhn) {
    nhn = byggNhn(k);
    perProsess.set(nokkel, nhn);
    // A configuration error is not kept: it throws again, naming what is wrong, for each caller.
    nhn.catch(() => perProsess.delete(nokkel));
  }
  return nhn;
}

async function byggNhn(k: AppConfig['nhn']): Promise<Nhn> {
  const mangler = [
    ['EDI_HER_ID', k.ediHerId !== undefined && Number.isInteger(k.ediHerId) && k.ediHerId > 0],
    ['HELSEID_ISSUER', !!k.helseidIssuer],
    ['HELSEID_CLIENT_ID', !!k.helseidKlientId],
    ['HELSEID_PRIVATE_KEY eller HELSEID_PRIVATE_KEY_FIL', !!k.helseidPrivatNokkel],
    ['HELSEID_SCOPE', !!k.helseidScope],
  ]
    .filter(([, ok]) => !ok)
    .map(([navn]) => navn);
  if (mangler.length) throw new Error(`EDI_URL er satt, men ${mangler.join(', ')} mangler eller er ugyldig`);
  const helseId = await lagHelseIdKlient({
    issuer: k.helseidIssuer!,
    klientId: k.helseidKlientId!,
    privatNokkel: k.helseidPrivatNokkel!.verdi(),
    scope: k.helseidScope,
  });
  const edi = lagEdiKlient({ url: k.ediUrl!, herId: k.ediHerId!, kildesystem: `utskrivningsforlop, v${versjon()}` }, helseId);
  return { helseId, edi };
}
