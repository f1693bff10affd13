/**
 * `npm start -- --demo`: a slice of a simulated year (the last weeks up to now, a few hundred
 * forløp, so frister are live) loaded into the engine that has just started, so a newcomer sees
 * a populated system and web interface at once. Skipped when the engine already has forløp.
 */
import type { Fremdrift } from './driver';
import { Klient } from './klient';
import { STORRELSE_DAGER } from './modell';
import { devTokens, type Motor } from './motor';
import { nyTilstand, simuler } from './simulering';

export async function lastDemo(v: { url: string; jwtSecret: Uint8Array; issuer: string; logg: (m: string) => void }): Promise<void> {
  const token = devTokens(v.jwtSecret, v.issuer);
  const klient = new Klient(v.url, token);
  const finnes = await klient.kall({ rolle: 'samhandling', org: 'HSYK' }, 'GET', '/api/v1/forlop?limit=1');
  if (finnes.status === 200 && finnes.body?.data?.length) {
    v.logg('--demo: the engine already has forløp; nothing loaded');
    return;
  }
  const motor: Motor = { url: v.url, token, egenDatabase: false, beskrivelse: 'engine just started', sjekk: () => undefined, stopp: async () => undefined };
  let totalt = 0;
  let sist = 0;
  const fremdrift: Fremdrift = {
    start: (t) => {
      totalt = t;
    },
    oppdater: (gjort, i) => {
      if (Date.now() - sist < 10_000) return;
      sist = Date.now();
      v.logg(`--demo: ${gjort}/${totalt} hendelser, ${i.forlop} forløp ...`);
    },
    stopp: () => undefined,
  };
  v.logg(`--demo: loading the last ${STORRELSE_DAGER.demo} days of a simulated Helgeland year (sim/) ...`);
  const r = await simuler({
    motor,
    tilstand: nyTilstand('demo', 'demo', Date.now() - 60_000),
    samtidighet: 8,
    sammenlign: false,
    fremdrift,
    avbrutt: () => false,
    logg: () => undefined,
  });
  v.logg(
    `--demo: ${r.forlop} forløp and ${r.hendelser} hendelser loaded (admitted ${r.fra} to now) in ${r.sekunder.toFixed(0)} s; ` +
      'sign in at / as a ward (HSYK-MO, HSYK-SSJ), a team (KT-RANA), a kommune (1833 Rana, 1824 Vefsn …) or samhandling HSYK',
  );
}
