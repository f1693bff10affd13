/**
 * The bench's HTTP client for the engine's API: bearer tokens signed with the secret the
 * bench gave the API process (utstedDevToken, the same issuer), made once per principal.
 */
import { utstedDevToken } from '../api/auth';
import type { Principal } from '../workflows/types';

export const SYKEHUS: Principal = { rolle: 'sykehus', org: 'HSYK-MO' };
export const KT_RANA: Principal = { rolle: 'kartleggingsteam', org: 'KT-RANA' };
export const RANA: Principal = { rolle: 'kommune', org: '1833' };
export const TRAENA: Principal = { rolle: 'kommune', org: '1835' };

export interface Svar {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export class ApiKlient {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    readonly baseUrl: string,
    private readonly jwtSecret: Uint8Array,
    private readonly issuer: string,
  ) {}

  token(p: Principal): Promise<string> {
    const k = `${p.rolle}:${p.org}`;
    let t = this.tokens.get(k);
    if (!t) {
      t = utstedDevToken(p, this.jwtSecret, this.issuer, 12);
      this.tokens.set(k, t);
    }
    return t;
  }

  /** A JSON request as `p`; network errors become status 0 with the message as body. */
  async kall(p: Principal, metode: string, sti: string, body?: unknown): Promise<Svar> {
    try {
      const res = await fetch(`${this.baseUrl}${sti}`, {
        method: metode,
        headers: {
          authorization: `Bearer ${await this.token(p)}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const tekst = await res.text();
      let parsed: unknown = tekst;
      try {
        parsed = tekst ? JSON.parse(tekst) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed };
    } catch (e) {
      const f = e as { message?: string; cause?: { code?: string; message?: string } };
      return { status: 0, body: `${f.cause?.code ?? ''} ${f.cause?.message ?? f.message ?? String(e)}`.trim() };
    }
  }
}

/** A short description of a failed answer, for the error tally (`409 ugyldig-overgang`, `0 ECONNREFUSED`). */
export function feilNokkel(s: Svar, forventetStatus?: string): string {
  if (s.status === 0) return `nettverk: ${String(s.body).slice(0, 80)}`;
  const b: unknown = s.body;
  const o = (b && typeof b === 'object' ? b : {}) as { type?: unknown; status?: unknown };
  if (s.status >= 200 && s.status < 300) return `${s.status} status ${String(o.status ?? '?')} (expected ${forventetStatus ?? '?'})`;
  const type = typeof o.type === 'string' ? o.type.split('/').pop() : typeof b === 'string' ? b.slice(0, 60) : '';
  return `${s.status} ${type ?? ''}`.trim();
}
