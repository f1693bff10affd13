/**
 * Where a webhook may point (server-side request forgery): an org's URL must not reach the
 * engine's own network. Checked when the webhook is registered (the URL and every address its
 * host resolves to) and again at every delivery, at connection time, on the address actually
 * connected to (a name that resolved to a public address at registration may not later point
 * inwards). Redirects are never followed; every request has a timeout (activities/webhooks.ts).
 *
 *   production (NODE_ENV=production)   https only
 *   always, unless WEBHOOK_TILLAT_PRIVATE_ADRESSER=true (a test or a closed network)
 *                                      no loopback, link-local, private, shared, multicast,
 *                                      unspecified or documentation addresses, IPv4 or IPv6
 */
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import { Agent } from 'undici';

export interface WebhookPolicy {
  kreverHttps: boolean;
  tillatPrivateAdresser: boolean;
}

export function webhookPolicy(env: NodeJS.ProcessEnv = process.env): WebhookPolicy {
  return {
    kreverHttps: env.NODE_ENV === 'production',
    tillatPrivateAdresser: env.WEBHOOK_TILLAT_PRIVATE_ADRESSER === 'true',
  };
}

const SPERRET = new BlockList();
for (const [nett, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  SPERRET.addSubnet(nett, bits, 'ipv4');
}
for (const [nett, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
  ['64:ff9b::', 96], // NAT64 onto IPv4
] as const) {
  SPERRET.addSubnet(nett, bits, 'ipv6');
}

/** Whether an address (IPv4, IPv6, or IPv4 mapped into IPv6) is one a webhook may not reach. */
export function erSperretAdresse(adresse: string): boolean {
  const v = isIP(adresse);
  if (v === 0) return true;
  const mappet = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(adresse);
  if (mappet) return SPERRET.check(mappet[1], 'ipv4');
  return SPERRET.check(adresse, v === 4 ? 'ipv4' : 'ipv6');
}

const slaOpp = promisify(lookup);

/** An absolute http(s) URL with a host: the form every webhook URL has (the API's schema asks this too). */
export function erHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Null when the URL may be registered; otherwise why not, in words for the caller. */
export async function sjekkWebhookUrl(url: string, policy: WebhookPolicy): Promise<string | null> {
  if (!erHttpUrl(url)) return 'må være en absolutt http- eller https-URL';
  const u = new URL(url);
  if (policy.kreverHttps && u.protocol !== 'https:') return 'må være en https-URL';
  if (u.username || u.password) return 'kan ikke inneholde brukernavn eller passord';
  if (policy.tillatPrivateAdresser) return null;
  const vert = u.hostname.replace(/^\[(.*)\]$/, '$1');
  let adresser: string[];
  if (isIP(vert)) adresser = [vert];
  else {
    try {
      adresser = ((await slaOpp(vert, { all: true })) as LookupAddress[]).map((a) => a.address);
    } catch {
      return `verten ${vert} finnes ikke (DNS)`;
    }
  }
  return adresser.some(erSperretAdresse) ? 'peker til en intern adresse (loopback, lenkelokal eller privat), som ikke er tillatt' : null;
}

/** The error a delivery fails with when the address it would connect to is not allowed. */
export class SperretAdresse extends Error {
  readonly code = 'WEBHOOK_SPERRET_ADRESSE';
  constructor(readonly adresse: string) {
    super(`adressen ${adresse} er ikke tillatt for webhooks`);
  }
}

/** A DNS look-up that refuses an address the policy forbids (net.connect asks for one address, or all of them). */
function sjekketOppslag(policy: WebhookPolicy): LookupFunction {
  return (vert, valg, svar) => {
    lookup(vert, { ...valg, all: true }, (feil, adresser) => {
      if (feil) return svar(feil, []);
      const sperret = policy.tillatPrivateAdresser ? undefined : adresser.find((a) => erSperretAdresse(a.address));
      if (sperret) return svar(new SperretAdresse(sperret.address), []);
      if (valg.all) return svar(null, adresser);
      svar(null, adresser[0].address, adresser[0].family);
    });
  };
}

/**
 * The HTTP agent of webhook deliveries: its DNS look-up refuses an address the policy does not
 * allow, so the check is on the address the connection is actually made to.
 */
export function webhookAgent(policy: WebhookPolicy, tidsavbruddMs: number): Agent {
  return new Agent({
    connect: {
      timeout: tidsavbruddMs,
      lookup: sjekketOppslag(policy),
    },
    headersTimeout: tidsavbruddMs,
    bodyTimeout: tidsavbruddMs,
  });
}
