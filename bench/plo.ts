/**
 * Phase 9, PLO-meldinger: live messages through POST /plo/meldinger (as many as the engine takes,
 * C at a time, and the receipt's latency at a fixed rate, open loop), then the archive import
 * (`npm run plo:import`, a child process) of simulated Helgeland years written as the hospital's
 * PLO archive (sim/plo-arkiv.ts) into the same engine: messages/s and the whole import's time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DOGN } from '../sim/kapasitet';
import { standardKriterier, type SimForlop } from '../sim/modell';
import { ploArkiv, seedAdresser, skrivArkiv } from '../sim/plo-arkiv';
import { dagerFor, nyTilstand, planFor } from '../sim/simulering';
import type { Principal } from '../workflows/types';
import { barnEnv, type Kontekst, logg, type Motor, sjekk } from './motor';
import { barnNodeArgs, REPO } from './prosesser';
import { fordeling, iBaner, perSekund, vent, type Fordeling } from './statistikk';

export interface PloResultat {
  live: {
    messages: number;
    concurrency: number;
    ok: number;
    messagesPerSecond: number;
    /** Receipt latency from each message's scheduled send to its AppRec, at `rate` per second (open loop). */
    rate: number;
    atRate: number;
    latencyMs: Fordeling;
  };
  import: {
    years: number;
    files: number;
    /** The simulated forløp whose messages the archive holds (the import's summary says how many forløp they made). */
    forlopSimulated: number;
    seconds: number;
    messagesPerSecond: number;
    /** The command's summary (read, applied, avvist, forløp created, open). */
    summary: string;
    targetSeconds: number;
  };
}

const MO: Principal = { rolle: 'sykehus', org: 'HSYK-MO' };

/** `aar` simulated years ending a year apart, one archive (sending order across them). */
function arkiv(aar: number, dager: number | undefined, seed: string, fortalt: boolean) {
  const naa = Date.now() - 60_000;
  const forlop: SimForlop[] = [];
  const kriterier = standardKriterier();
  for (let i = aar - 1; i >= 0; i--) {
    const t = nyTilstand(`${seed}-${i}`, 'year', naa - i * 365 * DOGN, dager);
    t.kriterier = kriterier;
    const { plan } = planFor(t);
    logg(`  year ${aar - i}/${aar}: ${plan.forlop.length} forløp (${dagerFor(t)} days)`);
    // The years' keys (and so the messages' MsgIds) made distinct: each year numbers its admissions from the start.
    const ar = (x: string) => `${aar - i}/${x}`;
    forlop.push(
      ...plan.forlop.map((f) => ({ ...f, nokkel: ar(f.nokkel), pasient: ar(f.pasient), hendelser: f.hendelser.map((h) => ({ ...h, nokkel: ar(h.nokkel) })) })),
    );
  }
  return { arkiv: ploArkiv(forlop, naa, kriterier, seedAdresser(), `bench-${seed}`, { fortalt }), forlop: forlop.length };
}

export async function plo(ctx: Kontekst, motor: Motor): Promise<PloResultat> {
  const { valg } = ctx;
  const p = valg.plo;
  logg(
    `phase 9 PLO: live messages (${p.liveMessages}, ${valg.concurrency} at a time; ${p.rate}/s for latency), then the import of ${p.years} simulated year(s)`,
  );

  // BENCH_PLO_BARE_IMPORT=1: the import alone (to iterate on it); the live figures are then zero.
  const bareImport = process.env.BENCH_PLO_BARE_IMPORT === '1';
  // --- live: Mo i Rana's messages of a simulated slice, posted as its EPJ posts them ---
  const mo = bareImport ? [] : arkiv(1, p.liveDays, `${ctx.runId}-live`, false).arkiv.filer.filter((f) => f.xml.includes('<Id>8101001</Id>'));
  const token = await motor.api.token(MO);
  const post = async (xml: string): Promise<boolean> => {
    const r = await fetch(`${motor.api.baseUrl}/api/v1/plo/meldinger`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
      body: xml,
    });
    await r.text();
    return r.status === 200;
  };
  const forste = mo.slice(0, p.liveMessages);
  let ok = 0;
  const t0 = performance.now();
  // C lanes take the messages in sending order (a message that overtakes its forløp's earlier one is still receipted).
  await iBaner(forste.length, valg.concurrency, async (i) => {
    if (await post(forste[i].xml)) ok++;
  });
  const ms = performance.now() - t0;
  sjekk();
  const rest = mo.slice(p.liveMessages, p.liveMessages + Math.round(p.rate * p.rateSeconds));
  const latenser: number[] = [];
  const start = performance.now() + 50;
  await Promise.all(
    rest.map(async (f, n) => {
      const planlagt = start + (n * 1000) / p.rate;
      await vent(Math.max(0, planlagt - performance.now()));
      if (await post(f.xml)) latenser.push(performance.now() - planlagt);
    }),
  );
  sjekk();
  const live = {
    messages: forste.length,
    concurrency: valg.concurrency,
    ok,
    messagesPerSecond: perSekund(ok, ms),
    rate: p.rate,
    atRate: rest.length,
    latencyMs: fordeling(latenser),
  };
  logg(`  live: ${live.messagesPerSecond} messages/s; at ${p.rate}/s p50 ${live.latencyMs.p50} ms, p99 ${live.latencyMs.p99} ms`);

  // --- the archive import ---
  const { arkiv: a, forlop: simulerte } = arkiv(p.years, p.importDays, `${ctx.runId}-arkiv`, false);
  const mappe = path.join(ctx.tmp, 'plo-arkiv');
  skrivArkiv(a, mappe);
  logg(`  archive: ${a.filer.length} messages of ${simulerte} simulated forløp; importing ...`);
  const ti = performance.now();
  const ut = await new Promise<string>((resolve, reject) => {
    const barn = spawn(process.execPath, [...barnNodeArgs(), '--import', 'tsx', 'scripts/plo-import.ts', mappe], {
      cwd: REPO,
      env: barnEnv(ctx, { TEMPORAL_TASK_QUEUE: motor.taskQueue }),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let s = '';
    barn.stdout.on('data', (d: Buffer) => (s += d.toString()));
    barn.on('exit', (kode) => (kode === 0 ? resolve(s) : reject(new Error(`plo:import exited ${kode}: ${s}`))));
  });
  const sekunder = (performance.now() - ti) / 1000;
  fs.rmSync(mappe, { recursive: true, force: true });
  const resultat: PloResultat = {
    live,
    import: {
      years: p.years,
      files: a.filer.length,
      forlopSimulated: simulerte,
      seconds: Math.round(sekunder * 10) / 10,
      messagesPerSecond: perSekund(a.filer.length, sekunder * 1000),
      summary: ut.trim(),
      targetSeconds: 180,
    },
  };
  logg(`  import: ${a.filer.length} messages in ${resultat.import.seconds} s (${resultat.import.messagesPerSecond}/s)`);
  return resultat;
}
