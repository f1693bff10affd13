/**
 * The worker's own metrics (activities/metrikker.ts): a worker alone serves them on
 * WORKER_METRICS_PORT; a delivery attempt counts by outcome and varsel type, its latency by
 * outcome; no label carries an id.
 */
import { registrerLevering, serverArbeiderMetrikker } from '../../activities/metrikker';

test('a worker alone serves /metrics with the delivery counter and the latency histogram', async () => {
  registrerLevering('levert', 'ESKALERING', 0.042);
  registrerLevering('feilet', 'PAMINNELSE', 1.5);
  registrerLevering('sperret', 'AVVIK', null); // never sent: counted, no latency
  const m = await serverArbeiderMetrikker(0, '127.0.0.1');
  try {
    const res = await fetch(`http://127.0.0.1:${m.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const tekst = await res.text();
    expect(tekst).toMatch(/^utskrivningsforlop_varsel_leveringer_total\{utfall="levert",type="ESKALERING"\} 1$/m);
    expect(tekst).toMatch(/^utskrivningsforlop_varsel_leveringer_total\{utfall="feilet",type="PAMINNELSE"\} 1$/m);
    expect(tekst).toMatch(/^utskrivningsforlop_varsel_leveringer_total\{utfall="sperret",type="AVVIK"\} 1$/m);
    expect(tekst).toMatch(/^utskrivningsforlop_webhook_latens_sekunder_bucket\{le="0\.05",utfall="levert"\} 1$/m);
    expect(tekst).toMatch(/^utskrivningsforlop_webhook_latens_sekunder_count\{utfall="feilet"\} 1$/m);
    expect(tekst).not.toMatch(/utskrivningsforlop_webhook_latens_sekunder_count\{utfall="sperret"\}/);
    expect(tekst).toMatch(/^process_cpu_seconds_total /m); // the process's own
    expect((await fetch(`http://127.0.0.1:${m.port}/annet`)).status).toBe(404);
  } finally {
    await m.stopp();
  }
});
