/**
 * Phase 3, latency: POST /forlop/{id}/hendelser (STATUSENDRING) at a fixed rate, open loop (sent on
 * schedule, not after the previous answer), spread over pre-created forløp; p50/p95/p99 from each
 * request's scheduled instant to its answer.
 */
import { performance } from 'node:perf_hooks';
import { feilNokkel, SYKEHUS } from './api';
import { fordeling, iBaner, perSekund, vent, type Fordeling } from './statistikk';
import { AVBRUTT, fremdrift, iso, type Kontekst, logg, type Motor, nyeTellere, nyttForlop, sjekk, tellFeil } from './motor';

export interface LatensResultat {
  endpoint: string;
  hendelse: string;
  rate: number;
  durationSeconds: number;
  forlop: number;
  scheduled: number;
  ok: number;
  failed: number;
  /** Requests sent per second, as achieved by the driver. */
  achievedRate: number;
  /** Latency from each request's scheduled send instant to its answer (ms), 2xx answers only. */
  latencyMs: Fordeling;
  /** How late the driver sent requests against their schedule (ms): should be ~0; large values mean the driver, not the engine, was the limit. */
  sendLagMs: Fordeling;
  /** Answers per second from the first scheduled send to the last answer. */
  answeredPerSecond: number;
  /** Seconds from the last scheduled send to the last answer. */
  drainSeconds: number;
  /** The engine answered well below the offered rate (answeredPerSecond < 80 % of rate): the percentiles then measure a growing queue, not the service time. */
  saturated: boolean;
  errors: Record<string, number>;
}

export async function latens(ctx: Kontekst, motor: Motor, rate: number): Promise<LatensResultat> {
  const { durationSeconds, forlop: p } = ctx.valg.latency;
  const totalt = Math.max(1, Math.round(rate * durationSeconds));
  logg(`phase 3/7 API latency: POST /forlop/{id}/hendelser (STATUSENDRING) at ${rate}/s for ${durationSeconds} s, open loop, over ${p} forløp`);
  logg(`  creating ${p} forløp in innlagt ...`);
  const ider: string[] = [];
  const oppsett = nyeTellere();
  await iBaner(p, ctx.valg.concurrency, async () => {
    const r = await motor.api.kall(SYKEHUS, 'POST', '/api/v1/forlop', nyttForlop(ctx.nesteFnr(), '1833', iso(Date.now() - 180 * 60_000), false));
    if (r.status === 201) ider.push(r.body.id);
    else tellFeil(oppsett, 'INNLAGT', r);
  });
  sjekk();
  if (ider.length === 0) throw new Error(`latency phase: no forløp could be created: ${JSON.stringify(oppsett.feil)}`);

  const latenser: number[] = [];
  const forsinkelser: number[] = [];
  const feil: Record<string, number> = {};
  let sendt = 0;
  let ok = 0;
  let feilet = 0;
  let sisteSvar = 0;
  const underveis: Promise<void>[] = [];
  const t0 = performance.now() + 50;
  const stopp = fremdrift(() => `latency: ${sendt}/${totalt} sent, ${ok} ok, ${feilet} failed`);
  const send = (i: number, planlagt: number) => {
    const id = ider[i % ider.length];
    forsinkelser.push(performance.now() - planlagt);
    sendt += 1;
    underveis.push(
      motor.api
        .kall(SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, {
          type: 'STATUSENDRING',
          tidspunkt: new Date().toISOString(),
          beskrivelse: 'Endret status (bench)',
        })
        .then((s) => {
          sisteSvar = performance.now();
          if (s.status === 200) {
            ok += 1;
            latenser.push(performance.now() - planlagt);
          } else {
            feilet += 1;
            const k = feilNokkel(s);
            feil[k] = (feil[k] ?? 0) + 1;
          }
        }),
    );
  };
  try {
    for (let i = 0; i < totalt && !AVBRUTT;) {
      const planlagt = t0 + (i * 1000) / rate;
      const igjen = planlagt - performance.now();
      if (igjen > 1) {
        await vent(igjen);
        continue;
      }
      send(i, planlagt);
      i += 1;
    }
    const sluttSendt = performance.now();
    await Promise.all(underveis);
    sjekk();
    motor.sjekkLevende();
    const ms = sluttSendt - t0;
    const besvartPerSek = perSekund(ok + feilet, Math.max(1, sisteSvar - t0));
    if (Object.keys(feil).length) logg(`  latency errors: ${JSON.stringify(feil)}`);
    return {
      endpoint: 'POST /api/v1/forlop/{id}/hendelser',
      hendelse: 'STATUSENDRING',
      rate,
      durationSeconds,
      forlop: ider.length,
      scheduled: totalt,
      ok,
      failed: feilet,
      // Requests sent over the schedule's span (n requests span n intervals of 1/rate).
      achievedRate: perSekund(sendt, ms + 1000 / rate),
      latencyMs: fordeling(latenser),
      sendLagMs: fordeling(forsinkelser),
      answeredPerSecond: besvartPerSek,
      drainSeconds: Math.round(Math.max(0, sisteSvar - sluttSendt)) / 1000,
      saturated: besvartPerSek < 0.8 * rate,
      errors: feil,
    };
  } finally {
    stopp();
  }
}
