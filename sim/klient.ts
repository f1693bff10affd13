/**
 * The simulator's HTTP client: JSON to the engine's public API as a party (bearer token), with
 * retries where a retry is safe (every hendelse carries its own hendelseId and every POST /forlop
 * an Idempotency-Key): the network, 429 (after Retry-After), 502–504.
 */
import type { Part } from './modell';
import type { Tokenkilde } from './motor';

export interface Svar {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

const vent = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Klient {
  forsok = 0;

  constructor(
    readonly url: string,
    private readonly token: Tokenkilde,
  ) {}

  async kall(p: Part, metode: string, sti: string, body?: unknown, headers: Record<string, string> = {}): Promise<Svar> {
    for (let forsok = 1; ; forsok++) {
      let s: Svar;
      let ventMs = Math.min(10_000, 200 * 2 ** forsok);
      try {
        const res = await fetch(`${this.url}${sti}`, {
          method: metode,
          headers: {
            authorization: `Bearer ${await this.token(p)}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(120_000),
        });
        const tekst = await res.text();
        let parsed: unknown = tekst;
        try {
          parsed = tekst ? JSON.parse(tekst) : null;
        } catch {
          /* not JSON */
        }
        s = { status: res.status, body: parsed };
        const etter = Number(res.headers.get('retry-after'));
        if (Number.isFinite(etter) && etter > 0) ventMs = etter * 1000;
      } catch (e) {
        s = { status: 0, body: (e as Error).message };
      }
      const igjen = s.status === 0 || s.status === 429 || (s.status >= 502 && s.status <= 504);
      if (!igjen || forsok >= 8) return s;
      this.forsok++;
      await vent(ventMs);
    }
  }
}

/** A short text for a refused answer: status and problem type or detail. */
export function feiltekst(s: Svar): string {
  if (s.status === 0) return `nettverk: ${String(s.body).slice(0, 100)}`;
  const b = (s.body && typeof s.body === 'object' ? s.body : {}) as { type?: string; detail?: string; title?: string };
  return `${s.status} ${(b.type ?? '').split('/').pop()} ${(b.detail ?? b.title ?? (typeof s.body === 'string' ? s.body : '')).slice(0, 160)}`.trim();
}
