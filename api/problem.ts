/**
 * RFC 9457 problem details (`application/problem+json`) and the Express error handler.
 *
 * Route code throws a `Problem` (or calls `sendProblem`); the error handler turns a thrown
 * `Problem`, a `ZodError`, a malformed JSON body and anything unexpected into one. Problem
 * bodies never carry request bodies or patient identifiers.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { erForbindelsesfeil } from '../db/pool';

export const PROBLEM_BASE = 'https://utskrivningsforlop.no/problem/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The problem types the API answers with; the URI is PROBLEM_BASE + the key. */
export const PROBLEM_TYPER = {
  validering: 'Ugyldig forespørsel',
  'ugyldig-json': 'Ugyldig JSON',
  'ugyldig-xml': 'Ugyldig XML-melding',
  'ikke-autentisert': 'Ikke autentisert',
  forbudt: 'Ikke tillatt',
  'ikke-funnet': 'Ikke funnet',
  'ugyldig-overgang': 'Hendelsen er ikke tillatt i forløpets tilstand',
  'ugyldig-hendelse': 'Hendelsen strider mot forløpet',
  'apent-forlop': 'Pasienten har allerede et åpent forløp ved sykehuset',
  'idempotens-konflikt': 'Idempotency-Key er brukt med en annen forespørsel',
  'for-stor': 'Forespørselen er for stor',
  'ikke-stottet-medietype': 'Ikke støttet medietype',
  'metode-ikke-tillatt': 'Metoden er ikke tillatt for ressursen',
  'for-mange': 'For mange forespørsler',
  'for-store-hoder': 'Forespørselens hoder er for store',
  'ugyldig-foresporsel': 'Ugyldig HTTP-forespørsel',
  utilgjengelig: 'Tjenesten er midlertidig utilgjengelig',
  'ikke-klar': 'Tjenesten er ikke klar',
  intern: 'Intern feil',
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPER;

export const problemUri = (t: ProblemType): string => PROBLEM_BASE + t;

export interface FeltFeil {
  felt: string;
  melding: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FeltFeil[];
  [ekstra: string]: unknown;
}

/** Throw from a handler; the error handler answers it. */
export class Problem extends Error {
  readonly status: number;
  readonly problemType: ProblemType;
  readonly detail: string | undefined;
  readonly ekstra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, problemType: ProblemType, detail?: string, ekstra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(detail ?? PROBLEM_TYPER[problemType]);
    this.name = 'Problem';
    this.status = status;
    this.problemType = problemType;
    this.detail = detail;
    this.ekstra = ekstra;
    this.headers = headers;
  }

  body(instance?: string): ProblemBody {
    return {
      ...this.ekstra,
      type: problemUri(this.problemType),
      title: PROBLEM_TYPER[this.problemType],
      status: this.status,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
    };
  }
}

export const problemer = {
  validering: (errors: FeltFeil[], detail = 'Forespørselen har ugyldige felt') => new Problem(400, 'validering', detail, { errors }),
  ikkeAutentisert: (detail = 'Mangler eller ugyldig Bearer-token') => new Problem(401, 'ikke-autentisert', detail, {}, { 'WWW-Authenticate': 'Bearer' }),
  forbudt: (detail = 'Rollen har ikke tilgang til dette') => new Problem(403, 'forbudt', detail),
  ikkeFunnet: (detail = 'Ressursen finnes ikke') => new Problem(404, 'ikke-funnet', detail),
  ugyldigOvergang: (detail: string, ekstra: Record<string, unknown> = {}) => new Problem(409, 'ugyldig-overgang', detail, ekstra),
  ugyldigHendelse: (detail: string, ekstra: Record<string, unknown> = {}) => new Problem(422, 'ugyldig-hendelse', detail, ekstra),
  idempotensKonflikt: () => new Problem(422, 'idempotens-konflikt', 'Samme Idempotency-Key ble brukt med en annen forespørsel'),
  utilgjengelig: (detail = 'Arbeidsflytmotoren svarer ikke; prøv igjen') => new Problem(503, 'utilgjengelig', detail, {}, { 'Retry-After': '5' }),
  databaseUtilgjengelig: () =>
    new Problem(503, 'utilgjengelig', 'Databasen svarer ikke; prøv igjen (en hendelse med samme hendelseId)', {}, { 'Retry-After': '5' }),
  intern: () => new Problem(500, 'intern', 'Noe gikk galt; feilen er logget'),
};

/** `a.b.0.c` for a zod issue path; `(body)` for the root. */
function feltnavn(sti: readonly PropertyKey[]): string {
  return sti.length === 0 ? '(body)' : sti.map((s) => String(s)).join('.');
}

/** One entry per bad field; an unknown key is named as its own field. */
export function feltFeil(err: z.ZodError): FeltFeil[] {
  const ut: FeltFeil[] = [];
  for (const i of err.issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) ut.push({ felt: feltnavn([...i.path, k]), melding: 'ukjent felt' });
    } else {
      ut.push({ felt: feltnavn(i.path), melding: i.message });
    }
  }
  return ut;
}

export function fraZodFeil(err: z.ZodError, kilde?: 'query' | 'path' | 'header'): Problem {
  const errors = feltFeil(err);
  const prefiks = kilde ? `${kilde}.` : '';
  return problemer.validering(prefiks ? errors.map((e) => ({ ...e, felt: prefiks + e.felt })) : errors);
}

/** Parses with `schema` or throws a 400 validation problem naming each bad field. */
export function valider<S extends z.ZodType>(schema: S, data: unknown, kilde?: 'query' | 'path' | 'header'): z.output<S> {
  const r = schema.safeParse(data);
  if (!r.success) throw fraZodFeil(r.error, kilde);
  return r.data;
}

function instans(req: Request): string {
  return req.originalUrl.split('?')[0];
}

export function sendProblem(res: Response, p: Problem, req?: Request): void {
  for (const [k, v] of Object.entries(p.headers)) res.setHeader(k, v);
  const body = p.body(req ? instans(req) : undefined);
  // The request id lets a caller and operations find the same request in the logs.
  if (res.locals.requestId) body.requestId = res.locals.requestId;
  res.status(p.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

interface BodyParserFeil {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

/**
 * The last middleware. Known errors become their problem; body-parser's errors become 400
 * (malformed JSON), 413 or 415; PostgreSQL away (refused or broken connection, shutting down,
 * starting up) becomes 503 with Retry-After, whatever route met it; anything else is logged
 * (name, message, stack; never the request body) and answered as a 500 without detail.
 */
export function feilhandterer(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    let p: Problem;
    if (err instanceof Problem) {
      p = err;
    } else if (err instanceof z.ZodError) {
      p = fraZodFeil(err);
    } else if (err && typeof err === 'object' && typeof (err as BodyParserFeil).type === 'string') {
      const bp = err as BodyParserFeil;
      switch (bp.type) {
        case 'entity.parse.failed':
          p = new Problem(400, 'ugyldig-json', 'Forespørselens kropp er ikke gyldig JSON');
          break;
        case 'entity.too.large':
          p = new Problem(413, 'for-stor', 'Forespørselens kropp er for stor');
          break;
        case 'encoding.unsupported':
        case 'charset.unsupported':
          p = new Problem(415, 'ikke-stottet-medietype', 'Ikke støttet tegnsett eller koding');
          break;
        default:
          p = new Problem(bp.status ?? bp.statusCode ?? 400, 'validering', 'Forespørselen kunne ikke leses', {
            errors: [],
          });
      }
    } else if (erForbindelsesfeil(err)) {
      // The message may name the host; the code is enough for operations.
      logger.warn({ kode: (err as { code?: unknown }).code, method: req.method, path: instans(req), requestId: res.locals.requestId }, 'databasen svarer ikke');
      p = problemer.databaseUtilgjengelig();
    } else {
      const e = err instanceof Error ? err : new Error(String(err));
      logger.error(
        { err: { name: e.name, message: e.message, stack: e.stack }, method: req.method, path: instans(req), requestId: res.locals.requestId },
        'uventet feil',
      );
      p = problemer.intern();
    }
    sendProblem(res, p, req);
  };
}
