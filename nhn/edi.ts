/**
 * A typed client of Norsk helsenett's message server (EDI 2.0, API version 2; the OpenAPI
 * document is msh-api-v2.json in ks-no/fiks-nhn-client). Every call goes through the HelseID
 * client, so it carries a DPoP-bound token and a fresh proof, plus `api-version: 2` and
 * `nhn-source-system`.
 *
 * Retries: a 5xx, a 429, a broken connection or a timeout is tried again with exponential
 * backoff (EDI_FORSOK times in all). GET and PUT …/read are idempotent. The two POSTs are not
 * on the server's side, but a retry sends the very same business document, with the same MsgId,
 * and a receiver's duplicate control (HIS 1037) discards a MsgId it has seen; the callers
 * (activities) make the document once and keep it, so a retried activity sends the same bytes
 * too. Anything else (4xx, a refused token) is an EdiFeil at once, with the server's requestId.
 */
import { HelseIdFeil, type HelseIdKlient } from './helseid';

export type AppRecStatus = 'Ok' | 'Rejected' | 'OkErrorInMessagePart';
export type DeliveryState = 'Unconfirmed' | 'Acknowledged' | 'Rejected';

export interface AppRecError {
  /** Kodeverk 8221, e.g. E10, T01, X99. */
  errorCode: string | null;
  details: string | null;
  description?: string | null;
  oid?: string | null;
}

/** A message on the server (`Message`); the metadata fields are there because we ask IncludeMetadata. */
export interface Melding {
  id: string;
  contentType?: string | null;
  receiverHerId: number;
  senderHerId?: number | null;
  businessDocumentId?: string | null;
  businessDocumentGenDate?: string | null;
  isAppRec?: boolean | null;
}

export interface StatusInfo {
  receiverHerId: number;
  transportDeliveryState: DeliveryState;
  appRecStatus?: AppRecStatus | null;
}

export interface ApprecInfo {
  receiverHerId: number;
  appRecStatus?: AppRecStatus | null;
  appRecErrorList?: AppRecError[] | null;
}

export interface EdiKonfig {
  /** EDI_URL: the message server's base URL. */
  url: string;
  /** EDI_HER_ID: the engine's own HER-id (receiver of its messages, sender of its receipts). */
  herId: number;
  /** nhn-source-system: the client system's name and version. */
  kildesystem: string;
  /** Per attempt. */
  tidsavbruddMs?: number;
  /** Attempts in all, the first included. */
  forsok?: number;
  /** The first backoff; doubled each time, at most 10 s. */
  ventMs?: number;
}

export class EdiFeil extends Error {
  constructor(
    melding: string,
    readonly status: number | undefined,
    /** True when it was worth another try later (5xx, timeout): the caller's retry may succeed. */
    readonly midlertidig: boolean,
    readonly requestId?: string,
  ) {
    super(melding);
    this.name = 'EdiFeil';
  }
}

export interface EdiKlient {
  herId: number;
  /** Unread messages to our HER-id, oldest first (at most `antall`, 1–100). */
  uleste(antall?: number): Promise<Melding[]>;
  melding(id: string): Promise<Melding>;
  /** The business document, decoded from base64 (UTF-8 XML). */
  forretningsdokument(id: string): Promise<{ xml: string; contentType: string }>;
  /** Posts our AppRec of a received message; answers the receipt's id. */
  kvitter(id: string, status: AppRecStatus, feil?: AppRecError[]): Promise<string>;
  merkLest(id: string): Promise<void>;
  /** Sends a business document (UTF-8 XML); answers the message's id on the server. */
  send(xml: string, mottakere?: number[]): Promise<string>;
  status(id: string): Promise<StatusInfo[]>;
  kvitteringer(id: string): Promise<ApprecInfo[]>;
}

const MIDLERTIDIG = new Set([429, 500, 502, 503, 504]);
const vent = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Network and timeout errors from fetch (undici wraps the cause), which a retry may cure. */
function erNettverksfeil(e: unknown): boolean {
  // AbortSignal.timeout rejects with a DOMException, not always an Error of this realm: go by name.
  const { name, message } = (e ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return true;
  return name === 'TypeError' && /fetch failed/i.test(String(message));
}

export function lagEdiKlient(k: EdiKonfig, helseId: Pick<HelseIdKlient, 'kall'>): EdiKlient {
  const base = k.url.replace(/\/+$/, '');
  const forsok = Math.max(1, k.forsok ?? 4);
  const tidsavbrudd = k.tidsavbruddMs ?? 15_000;
  const forsteVent = k.ventMs ?? 500;

  async function kall(metode: string, sti: string, body?: unknown): Promise<Response> {
    const url = new URL(base + sti);
    const headers: Record<string, string> = { 'api-version': '2', 'nhn-source-system': k.kildesystem, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let sist: EdiFeil | undefined;
    for (let i = 0; i < forsok; i++) {
      if (i > 0) await vent(Math.min(10_000, forsteVent * 2 ** (i - 1)) * (0.75 + Math.random() * 0.5));
      let svar: Response;
      try {
        svar = await helseId.kall(metode, url, {
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(tidsavbrudd),
        });
      } catch (e) {
        if (e instanceof HelseIdFeil) throw new EdiFeil(`Meldingstjeneren avviste tilgangen (${metode} ${sti}): ${e.message}`, e.status, false);
        if (!erNettverksfeil(e)) throw e;
        sist = new EdiFeil(`Meldingstjeneren svarte ikke (${metode} ${sti}): ${String((e as { name?: unknown }).name)}`, undefined, true);
        continue;
      }
      if (svar.ok) return svar;
      const feil = (await svar.json().catch(() => ({}))) as { error?: string | null; requestId?: string };
      const tekst = `Meldingstjeneren svarte ${svar.status} på ${metode} ${sti}${feil.error ? `: ${feil.error}` : ''}`;
      if (!MIDLERTIDIG.has(svar.status)) throw new EdiFeil(tekst, svar.status, false, feil.requestId);
      sist = new EdiFeil(tekst, svar.status, true, feil.requestId);
    }
    throw sist ?? new EdiFeil(`Meldingstjeneren svarte ikke (${metode} ${sti})`, undefined, true);
  }

  const json = async <T>(metode: string, sti: string, body?: unknown): Promise<T> => (await kall(metode, sti, body)).json() as Promise<T>;
  const id = (v: string) => encodeURIComponent(v);

  return {
    herId: k.herId,
    uleste: (antall = 10) => json<Melding[]>('GET', `/Messages?ReceiverHerIds=${k.herId}&IncludeMetadata=true&MessagesToFetch=${antall}&OrderBy=Ascending`),
    melding: (m) => json<Melding>('GET', `/Messages/${id(m)}`),
    async forretningsdokument(m) {
      const d = await json<{ businessDocument: string; contentType: string; contentTransferEncoding: string }>('GET', `/Messages/${id(m)}/business-document`);
      if (d.contentTransferEncoding.toLowerCase() !== 'base64') {
        throw new EdiFeil(`Forretningsdokumentet er kodet som ${d.contentTransferEncoding}, ikke base64`, undefined, false);
      }
      return { xml: Buffer.from(d.businessDocument, 'base64').toString('utf8'), contentType: d.contentType };
    },
    kvitter: (m, status, feil) =>
      json<string>('POST', `/Messages/${id(m)}/apprec/${k.herId}`, { appRecStatus: status, ...(feil?.length ? { appRecErrorList: feil } : {}) }),
    async merkLest(m) {
      await kall('PUT', `/Messages/${id(m)}/read/${k.herId}`);
    },
    send: (xml, mottakere) =>
      json<string>('POST', '/Messages', {
        businessDocument: Buffer.from(xml, 'utf8').toString('base64'),
        contentType: 'application/xml',
        contentTransferEncoding: 'base64',
        ...(mottakere?.length ? { receiverHerIdsSubset: mottakere } : {}),
      }),
    status: (m) => json<StatusInfo[]>('GET', `/Messages/${id(m)}/status`),
    kvitteringer: (m) => json<ApprecInfo[]>('GET', `/Messages/${id(m)}/apprec`),
  };
}
