/**
 * The worker's own metrics (prom-client), in a registry of its own: webhook deliveries of
 * varsler by outcome and varsel type, and the endpoint's latency; Dialogmelding outcomes; failed
 * applies of incoming EDI messages by kind. No label names a patient,
 * a forløp, a varsel or a webhook: only the varsel type and the outcome.
 *
 * When the API runs in the same process (`npm start`, START_ROLLER=api,worker) its /metrics
 * includes this registry; a worker alone serves it on WORKER_METRICS_PORT (scripts/start.ts).
 */
import { Counter, Histogram, Registry } from 'prom-client';

export const arbeiderRegister = new Registry();

/** levert: 2xx; feilet: any other answer or a network error (retried); sperret: the address is not allowed. */
export type LeveringUtfall = 'levert' | 'feilet' | 'sperret';

const leveringer = new Counter({
  name: 'utskrivningsforlop_varsel_leveringer_total',
  help: 'Leveringsforsøk av varsler til webhooks, etter utfall (levert, feilet, sperret) og varseltype',
  labelNames: ['utfall', 'type'] as const,
  registers: [arbeiderRegister],
});

const latens = new Histogram({
  name: 'utskrivningsforlop_webhook_latens_sekunder',
  help: 'Tid fra en webhook-levering sendes til mottakeren har svart (eller forsøket feilet), etter utfall',
  labelNames: ['utfall'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [arbeiderRegister],
});

/** One delivery attempt: its outcome, the varsel's type, and how long the endpoint took (seconds; null: never sent). */
export function registrerLevering(utfall: LeveringUtfall, type: string, sekunder: number | null): void {
  leveringer.inc({ utfall, type });
  if (sekunder !== null) latens.observe({ utfall }, sekunder);
}

/**
 * A worker without the API in its process (START_ROLLER=worker) serves its metrics itself:
 * GET /metrics on `port`, with the process's default metrics. Resolves when listening.
 */
export async function serverArbeiderMetrikker(port: number, host: string): Promise<{ port: number; stopp(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const { collectDefaultMetrics } = await import('prom-client');
  collectDefaultMetrics({ register: arbeiderRegister });
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    arbeiderRegister.metrics().then(
      (tekst) => res.writeHead(200, { 'content-type': arbeiderRegister.contentType }).end(tekst),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((ok, feil) => {
    server.once('error', feil);
    server.listen(port, host, () => ok());
  });
  const adresse = server.address();
  return {
    port: typeof adresse === 'object' && adresse ? adresse.port : port,
    stopp: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** levert: an Ok receipt; avvist: a Rejected receipt or a message the server refused; ikke_kvittert: no receipt within EDI_KVITTERING_FRIST. */
export type DialogmeldingMaaling = 'levert' | 'avvist' | 'ikke_kvittert';

const dialogmeldinger = new Counter({
  name: 'utskrivningsforlop_dialogmelding_utfall_total',
  help: 'Varsler sendt som Dialogmelding til kommunens EPJ, etter utfall (levert, avvist, ikke_kvittert)',
  labelNames: ['utfall'] as const,
  registers: [arbeiderRegister],
});

/** One Dialogmelding's outcome, counted once (when it is decided). */
export function registrerDialogmelding(utfall: DialogmeldingMaaling): void {
  dialogmeldinger.inc({ utfall });
}

/** forbigaende: the surroundings failed (not counted against the message); permanent: the message's own error, counted. */
export type EdiMottakFeil = 'forbigaende' | 'permanent';

const ediMottakFeil = new Counter({
  name: 'utskrivningsforlop_edi_mottak_feil_total',
  help: 'EDI-meldinger inn som ikke kunne anvendes, per forsøk, etter art (forbigaende: omgivelsene; permanent: meldingens egen feil, telt mot EDI_MAKS_FORSOK)',
  labelNames: ['art'] as const,
  registers: [arbeiderRegister],
});

/** One failed apply of an incoming EDI message. */
export function registrerEdiMottakFeil(art: EdiMottakFeil): void {
  ediMottakFeil.inc({ art });
}
