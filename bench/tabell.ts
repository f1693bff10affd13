/** The short table the bench prints to stdout at the end of a run. */
import type { BenchResultat } from './resultat';

export function tabell(r: BenchResultat, fil: string): string {
  const l: string[] = [];
  const rad = (a: string, b: string) => l.push(`  ${a.padEnd(30)} ${b}`);
  const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? '–' : v.toFixed(d));
  l.push('');
  l.push(
    `utskrivningsforløp bench — size ${r.parameters.size}: N=${r.parameters.forlop}, C=${r.parameters.concurrency}; ` +
      `${r.machine.cpuCount} × ${r.machine.cpuModel}, ${Math.round(r.machine.totalMemoryMB / 1024)} GB; load ${r.machine.loadAverageAtStart.join(' ')}`,
  );
  const cpu = (c: Record<string, number | null>) =>
    Object.entries(c)
      .map(([k, v]) => `${k} ${f(v)}`)
      .join(', ');
  if (r.baseline) {
    rad(
      '1 baseline (bare Temporal)',
      `${f(r.baseline.workflowsPerSecond, 2)} workflows/s, ${f(r.baseline.updatesPerSecond)} Updates/s  (${r.baseline.completed}/${r.baseline.workflows})`,
    );
    rad('  CPU ms per Update', cpu(r.baseline.cpuMsPerUpdate));
  }
  if (r.engine)
    rad(
      '2 engine (1 worker)',
      `${f(r.engine.forlopPerSecond, 2)} forløp/s, ${f(r.engine.hendelserPerSecond)} hendelser/s  (${r.engine.completed}/${r.engine.forlop}); ${f(r.engine.ratioToBaseline, 3)} × baseline`,
    );
  if (r.engine) rad('  CPU ms per hendelse', `${cpu(r.engine.cpuMsPerHendelse)} (PostgreSQL not counted)`);
  for (const [i, l] of [r.latency, ...(r.latencyAlsoAt ?? [])].entries()) {
    if (!l) continue;
    const d = l.latencyMs;
    rad(
      `${i === 0 ? '3' : ' '} API latency ${l.rate}/s × ${l.durationSeconds} s`,
      `p50 ${f(d.p50)} ms, p95 ${f(d.p95)} ms, p99 ${f(d.p99)} ms  (${l.ok}/${l.scheduled} ok)` +
        (l.saturated ? `  SATURATED: answered ${f(l.answeredPerSecond)}/s` : ''),
    );
  }
  if (r.frister) {
    const a = r.frister.dueToAvvikMs;
    const v = r.frister.dueToVarselMs;
    rad(`4 frist → avvik committed`, `p50 ${f(a.p50, 0)} ms, p99 ${f(a.p99, 0)} ms  (${r.frister.avvikCommitted}/${r.frister.forlop})`);
    rad(
      `  frist → varsel received`,
      `p50 ${f(v.p50, 0)} ms, p99 ${f(v.p99, 0)} ms  (${r.frister.varselReceived}/${r.frister.forlop}; webhook via ${r.frister.webhookRegistration.via})`,
    );
  }
  if (r.footprint) {
    rad(
      '5 worker memory',
      `${f(r.footprint.workerMBPer1000OpenForlop)} MB per 1 000 open forløp  (RSS ${f(r.footprint.workerRssBeforeMB)} → ${f(r.footprint.workerRssAfterMB)} MB, ${r.footprint.opened} opened)`,
    );
    rad('  bare Temporal', `${f(r.footprint.baselineWorkerMBPer1000OpenWorkflows)} MB per 1 000 open workflows  (${r.footprint.baselineOpened} opened)`);
    const bc = r.footprint.boundedCache;
    rad(
      `  cache ${bc.maxCachedWorkflows}`,
      `${f(bc.workerMBPer1000OpenForlop)} MB per 1 000 open forløp; hendelse p50/p99 evicted ${f(bc.hendelseEvictedMs.p50)}/${f(bc.hendelseEvictedMs.p99)} ms, cached ${f(bc.hendelseCachedMs.p50)}/${f(bc.hendelseCachedMs.p99)} ms`,
    );
    rad(
      '  PostgreSQL size',
      `${f(r.footprint.pgMBPer10000CompletedForlop)} MB per 10 000 completed forløp  (from ${r.footprint.completedForlopMeasured ?? '–'})`,
    );
  }
  if (r.scaleOut)
    rad(
      '6 scale-out (2 workers)',
      `${f(r.scaleOut.forlopPerSecond, 2)} forløp/s, ${f(r.scaleOut.hendelserPerSecond)} hendelser/s  (${r.scaleOut.completed}/${r.scaleOut.forlop}); ${f(r.scaleOut.ratioToOneWorker, 3)} × one worker`,
    );
  if (r.national) {
    const n = r.national;
    rad(
      '7 national scale (1 worker)',
      `${n.opened} open forløp, cache ${n.maxCachedWorkflows}: RSS ${f(n.workerRssBeforeMB)} → ${f(n.workerRssAfterMB)} MB; ${f(n.workerMBPer1000OpenAfterCacheFull)} MB per 1 000 more once the cache is full`,
    );
    rad(
      '  hendelse evicted / cached',
      `p50/p99 ${f(n.hendelseEvictedMs.p50)}/${f(n.hendelseEvictedMs.p99)} ms vs ${f(n.hendelseCachedMs.p50)}/${f(n.hendelseCachedMs.p99)} ms`,
    );
    rad(
      '  at 100 000 open',
      `worker ≈ ${f(n.extrapolated100000.workerRssMB, 0)} MB RSS; PostgreSQL ≈ ${f(n.extrapolated100000.pgMB, 0)} MB (${f(n.pgMBPer1000OpenForlop, 2)} MB per 1 000)`,
    );
  }
  if (r.rapporter) {
    const p = r.rapporter;
    rad(
      '8 reports',
      `${p.forlop} forløp (${p.hendelser} hendelser) loaded in ${f(p.loadSeconds)} s; p50 per report, ${p.runsPerReport} runs, target ${p.targetMs} ms:`,
    );
    for (const [navn, d] of Object.entries(p.timingsMs)) rad(`  ${navn}`, `${f(d.p50)} ms (max ${f(d.max)})`);
  }
  if (r.plo) {
    const p = r.plo;
    rad(
      '9 PLO live',
      `${f(p.live.messagesPerSecond)} messages/s (${p.live.concurrency} at a time); at ${p.live.rate}/s receipt p50 ${f(p.live.latencyMs.p50)} / p99 ${f(p.live.latencyMs.p99)} ms`,
    );
    rad(
      '  archive import',
      `${p.import.files} messages, ${p.import.forlopSimulated} simulated forløp (${p.import.years} year(s)) in ${f(p.import.seconds)} s, ${f(p.import.messagesPerSecond)}/s (target < ${p.import.targetSeconds} s for three years)`,
    );
  }
  l.push(`  results: ${fil}`);
  l.push('');
  return l.join('\n');
}
