/**
 * A kommune's webhook receiver for the integration tests: a local HTTP server that records what
 * each delivery carries (the Standard Webhooks headers and the raw body), and the signature check
 * a receiver does.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery as it arrived: the webhook-id, webhook-timestamp and webhook-signature headers and the raw body. */
export interface Melding {
  id: string;
  timestamp: string;
  signatur: string;
  body: string;
}

export interface Mottaker {
  /** Where to register the webhook. */
  url: string;
  /** The deliveries it accepted (204), in order of arrival. */
  mottatt: Melding[];
  /** How many of the first deliveries it still will refuse. */
  gjenstaendeFeil(): number;
  stopp(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1; it refuses the first `feilForst` deliveries with 503 (none unless given) and accepts the rest. */
export async function startMottaker(opts: { feilForst?: number } = {}): Promise<Mottaker> {
  let feil = opts.feilForst ?? 0;
  const mottatt: Melding[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (feil > 0) {
        feil -= 1;
        res.writeHead(503).end('nede');
        return;
      }
      mottatt.push({
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signatur: String(req.headers['webhook-signature']),
        body,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/varsler`,
    mottatt,
    gjenstaendeFeil: () => feil,
    stopp: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body" keyed by the secret's bytes after "whsec_". */
export function verifiserSignatur(secret: string, m: Melding): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const forventet = createHmac('sha256', key).update(`${m.id}.${m.timestamp}.${m.body}`).digest();
  return m.signatur.split(' ').some((sig) => {
    const [versjon, verdi] = sig.split(',');
    const b = Buffer.from(verdi ?? '', 'base64');
    return versjon === 'v1' && b.length === forventet.length && timingSafeEqual(b, forventet);
  });
}
