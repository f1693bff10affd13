/**
 * A local Norsk helsenett message server (EDI 2.0, API version 2), from its published OpenAPI
 * document (ks-no/fiks-nhn-client, msh-api-v2/spec/msh-api-v2.json): the paths the engine uses,
 * with the spec's shapes. Every call must carry `api-version: 2`, `nhn-source-system`, a
 * DPoP-bound access token from the HelseID stand-in (at+jwt, its issuer, audience and scope) and
 * a fresh DPoP proof for this method and URL naming the token; anything else is a 401 with
 * `WWW-Authenticate: DPoP error=…`. The first call of each key is asked for a nonce, as a
 * resource server may. Tests put messages on it, set receipts and make it fail. Never shipped.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { DpopAvvisning, verifiserBevis } from './dpop';

export const MSH_AUDIENCE = 'nhn:msh';
export const MSH_SCOPE = 'nhn:msh/api';

type AppRecStatus = 'Ok' | 'Rejected' | 'OkErrorInMessagePart';
interface AppRecError {
  errorCode: string | null;
  details: string | null;
  description?: string | null;
  oid?: string | null;
}

export interface LagretMelding {
  id: string;
  senderHerId: number;
  receiverHerId: number;
  businessDocumentId: string;
  businessDocumentGenDate: string;
  /** The XML as it was put or posted. */
  xml: string;
  contentType: string;
  isAppRec: boolean;
  lest: boolean;
  /** Receipts the receiver posted for this message (POST /Messages/{id}/apprec/{herId}). */
  kvitteringer: Array<{ id: string; avsenderHerId: number; appRecStatus: AppRecStatus; appRecErrorList: AppRecError[] | null }>;
  /** For a message the engine sent: the receiver's receipt, as the test sets it. */
  mottakersKvittering?: { appRecStatus: AppRecStatus; appRecErrorList: AppRecError[] | null };
}

export interface KallLogg {
  metode: string;
  sti: string;
  status: number;
  /** The refusal, if any (invalid_token, invalid_dpop_proof, use_dpop_nonce). */
  feil?: string;
}

export interface MeldingstjenerStandin {
  url: string;
  meldinger: Map<string, LagretMelding>;
  kall: KallLogg[];
  /** Puts a message for `receiverHerId` on the server, unread; answers its id. */
  leggInn(m: { senderHerId: number; receiverHerId: number; xml: string; msgId?: string; genDate?: string }): string;
  /** The messages the engine has posted (POST /Messages), oldest first. */
  sendte(): LagretMelding[];
  /** The receiver's AppRec of a message the engine sent. */
  settKvittering(id: string, status: AppRecStatus, feil?: AppRecError[]): void;
  /**
   * How the EPJ behind `herId` answers every message posted to it from now on: an AppRec with this
   * status (Rejected with its errors), or 'ingen': never a receipt. Unset: no receipt until settKvittering.
   */
  svarSom(herId: number, svar: AppRecStatus | 'ingen', feil?: AppRecError[]): void;
  /** The next `antall` calls answer `status` (500, 503) or, with 'tidsavbrudd', never answer within `ms`. */
  feilNeste(antall: number, feil: number | 'tidsavbrudd', ms?: number): void;
  stopp(): Promise<void>;
}

/** The HER-id of the MsgHead's receiver: its innermost HER identifier (the unit, else the organisation). */
export function mottakerHerId(xml: string): number | undefined {
  const mottaker = /<(?:\w+:)?Receiver\b[\s\S]*?<\/(?:\w+:)?Receiver>/.exec(xml)?.[0];
  if (!mottaker) return undefined;
  const ider = [...mottaker.matchAll(/<(?:\w+:)?Ident>([\s\S]*?)<\/(?:\w+:)?Ident>/g)]
    .map((m) => m[1])
    .filter((i) => /<(?:\w+:)?TypeId\b[^>]*\bV="HER"/.test(i))
    .map((i) => Number(/<(?:\w+:)?Id>\s*(\d+)\s*<\/(?:\w+:)?Id>/.exec(i)?.[1]));
  return ider.length ? ider[ider.length - 1] : undefined;
}

export function msgId(xml: string): string | undefined {
  return /<(?:\w+:)?MsgId>\s*([^<\s]+)\s*<\/(?:\w+:)?MsgId>/.exec(xml)?.[1];
}

export async function startMeldingstjenerStandin(
  helseId: { issuer: string; jwksUrl: string },
  valg: { senderHerId?: number } = {},
): Promise<MeldingstjenerStandin> {
  const jwks = createRemoteJWKSet(new URL(helseId.jwksUrl));
  const meldinger = new Map<string, LagretMelding>();
  const kall: KallLogg[] = [];
  const brukteJti = new Set<string>();
  const nonceFor = new Map<string, string>();
  const svarFra = new Map<number, { appRecStatus: AppRecStatus | 'ingen'; feil?: AppRecError[] }>();
  let feil: { antall: number; hva: number | 'tidsavbrudd'; ms: number } = { antall: 0, hva: 500, ms: 0 };
  let url = '';

  const app = express();
  app.use(express.json({ limit: '10mb', type: ['application/json', 'text/json', 'application/*+json'] }));

  app.use((req, res, next) => {
    res.on('finish', () => {
      const k: KallLogg = { metode: req.method, sti: req.path, status: res.statusCode };
      if (res.locals.feil) k.feil = res.locals.feil as string;
      kall.push(k);
    });
    next();
  });

  // Injected faults come before anything else: the server is down, not the caller wrong.
  app.use((req, res, next) => {
    if (feil.antall <= 0) return next();
    feil.antall -= 1;
    if (feil.hva === 'tidsavbrudd') {
      setTimeout(() => res.status(504).json({ requestId: randomUUID(), error: 'for sent' }), feil.ms);
      return;
    }
    res.status(feil.hva).json({ requestId: randomUUID(), error: 'Intern feil i meldingstjeneren (stand-in)', errorCode: feil.hva });
  });

  const avvis = (res: Response, e: DpopAvvisning, nonce?: string) => {
    res.locals.feil = e.feil;
    if (nonce) res.set('DPoP-Nonce', nonce);
    res
      .status(e.feil === 'invalid_request' ? 400 : 401)
      .set('WWW-Authenticate', e.wwwAuthenticate)
      .json({ requestId: randomUUID(), error: e.message });
  };

  // The access token and its proof.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    const auth = req.get('authorization') ?? '';
    const m = /^DPoP ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(auth);
    if (!m) return avvis(res, new DpopAvvisning('invalid_token', /^Bearer /i.test(auth) ? 'tokenet må brukes som DPoP, ikke Bearer' : 'mangler DPoP-token'));
    const token = m[1];
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, jwks, { issuer: helseId.issuer, audience: MSH_AUDIENCE, typ: 'at+jwt' }));
    } catch (e) {
      return avvis(res, new DpopAvvisning('invalid_token', `tokenet holder ikke: ${(e as Error).message}`));
    }
    if (
      !String(claims.scope ?? '')
        .split(' ')
        .includes(MSH_SCOPE)
    )
      return avvis(res, new DpopAvvisning('invalid_token', `scope ${MSH_SCOPE} mangler`));
    const jkt = (claims.cnf as { jkt?: unknown } | undefined)?.jkt;
    if (typeof jkt !== 'string') return avvis(res, new DpopAvvisning('invalid_token', 'tokenet er ikke DPoP-bundet'));
    const nonce = nonceFor.get(jkt) ?? randomUUID();
    nonceFor.set(jkt, nonce);
    try {
      const tommel = await verifiserBevis(req.get('dpop'), { htm: req.method, htu: `${url}${req.path}`, token, nonce, brukteJti });
      if (tommel !== jkt) throw new DpopAvvisning('invalid_dpop_proof', 'beviset er laget med en annen nøkkel enn tokenet er bundet til');
    } catch (e) {
      if (e instanceof DpopAvvisning) return avvis(res, e, nonce);
      throw e;
    }
    if (req.get('api-version') !== '2' || !req.get('nhn-source-system')) {
      res.status(400).json({ requestId: randomUUID(), error: 'api-version: 2 og nhn-source-system må være satt' });
      return;
    }
    next();
  });

  const ikkeFunnet = (res: Response) => res.status(404).json({ requestId: randomUUID(), error: 'Meldingen finnes ikke' });
  const hent = (req: Request, res: Response): LagretMelding | undefined => {
    const m = meldinger.get(String(req.params.id));
    if (!m) ikkeFunnet(res);
    return m;
  };

  app.get('/Messages', (req, res) => {
    const r = req.query.ReceiverHerIds;
    const mottakere = (Array.isArray(r) ? r : r === undefined ? [] : [r]).map(Number);
    if (mottakere.length === 0 || mottakere.some((n) => !Number.isInteger(n))) {
      res.status(400).json({ requestId: randomUUID(), error: 'ReceiverHerIds er påkrevd', validationErrors: ['ReceiverHerIds'] });
      return;
    }
    const antall = req.query.MessagesToFetch === undefined ? 10 : Number(req.query.MessagesToFetch);
    if (!Number.isInteger(antall) || antall < 1 || antall > 100) {
      res.status(400).json({ requestId: randomUUID(), error: 'MessagesToFetch må være 1–100', validationErrors: ['MessagesToFetch'] });
      return;
    }
    const medMetadata = req.query.IncludeMetadata === 'true';
    const uleste = [...meldinger.values()]
      .filter((m) => !m.lest && mottakere.includes(m.receiverHerId))
      .sort((a, b) => a.businessDocumentGenDate.localeCompare(b.businessDocumentGenDate))
      .slice(0, antall);
    res.json(uleste.map((m) => (medMetadata ? metadata(m) : { id: m.id, receiverHerId: m.receiverHerId })));
  });

  app.get('/Messages/:id', (req, res) => {
    const m = hent(req, res);
    if (m) res.json(metadata(m));
  });

  app.get('/Messages/:id/business-document', (req, res) => {
    const m = hent(req, res);
    if (m) res.json({ businessDocument: Buffer.from(m.xml, 'utf8').toString('base64'), contentType: m.contentType, contentTransferEncoding: 'base64' });
  });

  app.put('/Messages/:id/read/:herId', (req, res) => {
    const m = hent(req, res);
    if (!m) return;
    if (Number(req.params.herId) !== m.receiverHerId) {
      res.status(400).json({ requestId: randomUUID(), error: 'HER-id-en er ikke meldingens mottaker' });
      return;
    }
    m.lest = true;
    res.status(204).end();
  });

  app.post('/Messages/:id/apprec/:herId', (req, res) => {
    const m = hent(req, res);
    if (!m) return;
    const body = req.body as { appRecStatus?: unknown; appRecErrorList?: AppRecError[] | null };
    if (!['Ok', 'Rejected', 'OkErrorInMessagePart'].includes(String(body?.appRecStatus))) {
      res.status(400).json({ requestId: randomUUID(), error: 'appRecStatus mangler eller er ukjent', validationErrors: ['appRecStatus'] });
      return;
    }
    if (body.appRecStatus === 'Rejected' && !body.appRecErrorList?.length) {
      res.status(400).json({ requestId: randomUUID(), error: 'en avvist kvittering må ha minst én feil', validationErrors: ['appRecErrorList'] });
      return;
    }
    const id = randomUUID();
    m.kvitteringer.push({
      id,
      avsenderHerId: Number(req.params.herId),
      appRecStatus: body.appRecStatus as AppRecStatus,
      appRecErrorList: body.appRecErrorList ?? null,
    });
    res.status(201).json(id);
  });

  app.post('/Messages', (req, res) => {
    const body = req.body as { businessDocument?: unknown; contentType?: unknown; contentTransferEncoding?: unknown };
    const mangler = ['businessDocument', 'contentType', 'contentTransferEncoding'].filter((k) => typeof (body as Record<string, unknown>)?.[k] !== 'string');
    if (mangler.length) {
      res.status(400).json({ requestId: randomUUID(), error: 'påkrevde felt mangler', validationErrors: mangler });
      return;
    }
    if (body.contentTransferEncoding !== 'base64') {
      res.status(400).json({ requestId: randomUUID(), error: 'contentTransferEncoding må være base64', validationErrors: ['contentTransferEncoding'] });
      return;
    }
    const xml = Buffer.from(String(body.businessDocument), 'base64').toString('utf8');
    const mottaker = mottakerHerId(xml);
    const id = msgId(xml);
    if (!/^<\?xml[^>]*encoding="UTF-8"/i.test(xml) || mottaker === undefined || !id) {
      res.status(400).json({
        requestId: randomUUID(),
        error: 'forretningsdokumentet er ikke en MsgHead med mottaker og MsgId i UTF-8',
        validationErrors: ['businessDocument'],
      });
      return;
    }
    const melding: LagretMelding = {
      id: randomUUID(),
      senderHerId: valg.senderHerId ?? 0,
      receiverHerId: mottaker,
      businessDocumentId: id,
      businessDocumentGenDate: new Date().toISOString(),
      xml,
      contentType: String(body.contentType),
      isAppRec: /apprec\/2012-02-15/.test(xml),
      lest: false,
      kvitteringer: [],
    };
    const svar = svarFra.get(mottaker);
    if (svar && svar.appRecStatus !== 'ingen') melding.mottakersKvittering = { appRecStatus: svar.appRecStatus, appRecErrorList: svar.feil ?? null };
    sendt.push(melding.id);
    meldinger.set(melding.id, melding);
    res.status(201).json(melding.id);
  });

  app.get('/Messages/:id/status', (req, res) => {
    const m = hent(req, res);
    if (m) {
      res.json([
        {
          receiverHerId: m.receiverHerId,
          transportDeliveryState: m.mottakersKvittering?.appRecStatus === 'Rejected' ? 'Rejected' : 'Acknowledged',
          appRecStatus: m.mottakersKvittering?.appRecStatus ?? null,
        },
      ]);
    }
  });

  app.get('/Messages/:id/apprec', (req, res) => {
    const m = hent(req, res);
    if (m) {
      res.json([
        {
          receiverHerId: m.receiverHerId,
          appRecStatus: m.mottakersKvittering?.appRecStatus ?? null,
          appRecErrorList: m.mottakersKvittering?.appRecErrorList ?? null,
        },
      ]);
    }
  });

  const sendt: string[] = [];
  const metadata = (m: LagretMelding) => ({
    id: m.id,
    contentType: m.contentType,
    receiverHerId: m.receiverHerId,
    senderHerId: m.senderHerId,
    businessDocumentId: m.businessDocumentId,
    businessDocumentGenDate: m.businessDocumentGenDate,
    isAppRec: m.isAppRec,
  });

  const server: Server = await new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    meldinger,
    kall,
    leggInn(m) {
      const id = randomUUID();
      meldinger.set(id, {
        id,
        senderHerId: m.senderHerId,
        receiverHerId: m.receiverHerId,
        businessDocumentId: m.msgId ?? msgId(m.xml) ?? randomUUID(),
        businessDocumentGenDate: m.genDate ?? new Date().toISOString(),
        xml: m.xml,
        contentType: 'application/xml',
        isAppRec: false,
        lest: false,
        kvitteringer: [],
      });
      return id;
    },
    sendte: () => sendt.map((id) => meldinger.get(id)!),
    settKvittering(id, status, feilListe) {
      const m = meldinger.get(id);
      if (!m) throw new Error(`ingen melding ${id}`);
      m.mottakersKvittering = { appRecStatus: status, appRecErrorList: feilListe ?? null };
    },
    svarSom(herId, svar, feilListe) {
      if (svar === 'Rejected' && !feilListe?.length) throw new Error('en avvist kvittering må ha minst én feil');
      svarFra.set(herId, { appRecStatus: svar, feil: feilListe });
    },
    feilNeste(antall, hva, ms = 0) {
      feil = { antall, hva, ms };
    },
    stopp: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
