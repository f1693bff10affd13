/**
 * Phase 4, frist precision: kommune 1835 gets a PT5S KOMMUNESVAR frist and a webhook to a receiver
 * in the bench; K forløp are meldt utskrivningsklar now and never answered. Due → avvik committed,
 * due → FRIST_BRUTT varsel received.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { feilNokkel, SYKEHUS, TRAENA } from './api';
import { fordeling, iBaner, vent, type Fordeling } from './statistikk';
import { AVBRUTT, fremdrift, iso, KOMPLETT_VURDERING, type Kontekst, logg, type Motor, nyeTellere, nyttForlop, sjekk, tellFeil } from './motor';

export interface FristResultat {
  kommune: string;
  frist: string;
  forlop: number;
  meldt: number;
  avvikCommitted: number;
  varselReceived: number;
  /** due instant (melding tidspunkt + 5 s) → avvik.opprettet in PostgreSQL, ms */
  dueToAvvikMs: Fordeling;
  /** due instant → FRIST_BRUTT varsel received by the local webhook receiver, ms */
  dueToVarselMs: Fordeling;
  webhookRegistration: { via: 'api' | 'database'; note?: string };
  errors: Record<string, number>;
}

const FRIST_KOMMUNE = '1835';
const KORT_FRIST = 'PT5S';
const KORT_FRIST_MS = 5000;

export async function frister(ctx: Kontekst, motor: Motor): Promise<FristResultat> {
  const k = ctx.valg.frister;
  logg(`phase 4/7 frist precision: ${k} forløp in kommune ${FRIST_KOMMUNE} meldt utskrivningsklar now, KOMMUNESVAR frist ${KORT_FRIST}, never answered`);
  // The workflow reads the kommune's frister when it starts: set before any forløp starts.
  await ctx.pool.query('UPDATE kommune SET frister = $1::jsonb WHERE nummer = $2', [JSON.stringify({ kommunesvar: KORT_FRIST }), FRIST_KOMMUNE]);

  // The receiver: the first FRIST_BRUTT per forløp, with the instant it arrived.
  const mottatt = new Map<string, number>();
  const mottaker: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const naa = Date.now();
      try {
        const v = JSON.parse(body) as { type?: string; forlopId?: string };
        if (v.type === 'FRIST_BRUTT' && v.forlopId && !mottatt.has(v.forlopId)) mottatt.set(v.forlopId, naa);
      } catch {
        /* not ours */
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => mottaker.listen(0, '127.0.0.1', () => r()));
  const stoppMottaker = ctx.rydd.legg(
    'webhook receiver',
    () =>
      new Promise<void>((r) => {
        mottaker.closeAllConnections();
        mottaker.close(() => r());
      }),
  );
  try {
    const url = `http://127.0.0.1:${(mottaker.address() as AddressInfo).port}/varsler`;
    const webhookRegistration = await registrerWebhook(ctx, motor, url);

    const frist = new Map<string, number>(); // forlopId → due (epoch ms)
    const t = nyeTellere();
    // Few lanes: the melding must be answered well within the 5 s, or the breach is found by the
    // Update itself instead of by the timer this phase measures.
    await iBaner(k, Math.min(ctx.valg.concurrency, 5), async () => {
      if (AVBRUTT) return;
      const r = await motor.api.kall(SYKEHUS, 'POST', '/api/v1/forlop', nyttForlop(ctx.nesteFnr(), FRIST_KOMMUNE, iso(Date.now() - 180 * 60_000), false));
      if (r.status !== 201) {
        tellFeil(t, 'INNLAGT', r);
        return;
      }
      const id = r.body.id as string;
      const tidspunkt = new Date().toISOString();
      const s = await motor.api.kall(SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, {
        type: 'UTSKRIVNINGSKLAR',
        tidspunkt,
        vurdertTidspunkt: tidspunkt,
        vurdering: KOMPLETT_VURDERING,
      });
      if (s.status !== 200 || s.body?.status !== 'utskrivningsklar') {
        tellFeil(t, 'UTSKRIVNINGSKLAR', s, 'utskrivningsklar');
        return;
      }
      frist.set(id, Date.parse(tidspunkt) + KORT_FRIST_MS);
    });
    sjekk();
    motor.sjekkLevende();
    logg(`  ${frist.size}/${k} meldt; waiting for the frister to break and the varsler to arrive ...`);
    const sisteFrist = Math.max(...frist.values(), Date.now());
    const grense = sisteFrist + 60_000;
    const avvikFor = new Map<string, number>();
    const lesAvvik = async () => {
      const { rows } = await ctx.pool.query<{ forlop_id: string; opprettet: Date }>(
        `SELECT forlop_id, min(opprettet) AS opprettet FROM avvik
          WHERE forlop_id = ANY($1::uuid[]) AND type = 'KOMMUNESVAR' GROUP BY forlop_id`,
        [[...frist.keys()]],
      );
      for (const r of rows) avvikFor.set(r.forlop_id, r.opprettet.getTime());
    };
    const stopp = fremdrift(
      () =>
        `frister: ${avvikFor.size}/${frist.size} avvik committed, ${[...frist.keys()].filter((id) => mottatt.has(id)).length}/${frist.size} varsler received`,
    );
    try {
      while (!AVBRUTT && Date.now() < grense) {
        await lesAvvik();
        if (avvikFor.size >= frist.size && [...frist.keys()].every((id) => mottatt.has(id))) break;
        await vent(250);
      }
      sjekk();
      await lesAvvik();
    } finally {
      stopp();
    }
    const tilAvvik: number[] = [];
    const tilVarsel: number[] = [];
    for (const [id, due] of frist) {
      const a = avvikFor.get(id);
      if (a !== undefined) tilAvvik.push(a - due);
      const m = mottatt.get(id);
      if (m !== undefined) tilVarsel.push(m - due);
    }
    if (Object.keys(t.feil).length) logg(`  frist errors: ${JSON.stringify(t.feil)}`);
    return {
      kommune: FRIST_KOMMUNE,
      frist: KORT_FRIST,
      forlop: k,
      meldt: frist.size,
      avvikCommitted: tilAvvik.length,
      varselReceived: tilVarsel.length,
      dueToAvvikMs: fordeling(tilAvvik),
      dueToVarselMs: fordeling(tilVarsel),
      webhookRegistration,
      errors: t.feil,
    };
  } finally {
    await stoppMottaker();
  }
}

/**
 * POST /api/v1/webhooks as kommune 1835. Should the API not offer it (404) or refuse the local
 * URL, the webhook row is written directly, so the phase still measures delivery; the
 * results say which way it went.
 */
async function registrerWebhook(ctx: Kontekst, motor: Motor, url: string): Promise<FristResultat['webhookRegistration']> {
  const r = await motor.api.kall(TRAENA, 'POST', '/api/v1/webhooks', { url, typer: ['FRIST_BRUTT', 'AVVIK'] });
  if (r.status === 201 && typeof r.body?.id === 'string') return { via: 'api' };
  const note = `POST /api/v1/webhooks answered ${feilNokkel(r)}${r.body?.detail ? ` (${String(r.body.detail).slice(0, 200)})` : ''}; the webhook row was inserted directly`;
  if (r.status !== 404 && r.status !== 400 && r.status !== 422) throw new Error(`webhook registration failed: ${note}`);
  logg(`  NOTE: ${note}`);
  await ctx.pool.query('INSERT INTO webhook (id, org, url, typer, secret) VALUES ($1, $2, $3, $4, $5)', [
    randomUUID(),
    FRIST_KOMMUNE,
    url,
    ['FRIST_BRUTT', 'AVVIK'],
    `whsec_${randomBytes(24).toString('base64')}`,
  ]);
  return { via: 'database', note };
}
