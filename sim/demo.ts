/**
 * `npm start -- --demo`: a slice of a simulated year (the last weeks up to now, a few hundred
 * forløp, so frister are live) loaded into the engine that has just started, so a newcomer sees
 * a populated system and web interface at once; first, for each sykehus and one kommune it
 * serves, a patient in every status of the ward board and the kommune's inbox
 * (sim/demo-tavle.ts). Skipped when the engine already has forløp.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_PARTER, demoTavle } from './demo-tavle';
import { kjor, type Fremdrift, type Kjoring } from './driver';
import { Klient } from './klient';
import { STORRELSE_DAGER } from './modell';
import { devTokens, type Motor } from './motor';
import { nyTilstand, simuler } from './simulering';

export async function lastDemo(v: {
  url: string;
  jwtSecret: Uint8Array;
  issuer: string;
  logg: (m: string) => void;
  /** The simulated slice's days (default STORRELSE_DAGER.demo); the test drives fewer, to save time. */
  dager?: number;
}): Promise<void> {
  const dager = v.dager ?? STORRELSE_DAGER.demo;
  const token = devTokens(v.jwtSecret, v.issuer);
  const klient = new Klient(v.url, token);
  const finnes = await klient.kall({ rolle: 'samhandling', org: 'HSYK' }, 'GET', '/api/v1/forlop?limit=1');
  if (finnes.status === 200 && finnes.body?.data?.length) {
    v.logg('--demo: the engine already has forløp; nothing loaded');
    return;
  }
  // The board first: it is what the newcomer opens while the slice is still loading.
  const tavle = demoTavle(Date.now(), randomBytes(4).toString('hex'));
  const k: Kjoring = { ider: {}, sendt: {}, feil: {}, sekunder: 0 };
  const stille: Fremdrift = { start: () => undefined, oppdater: () => undefined, stopp: () => undefined };
  await kjor({ runId: `demo-${randomBytes(4).toString('hex')}`, forlop: tavle, sendes: new Map(tavle.map((f) => [f.nokkel, f.hendelser])) }, klient, k, {
    samtidighet: 4,
    fremdrift: stille,
    avbrutt: () => false,
  });
  const avvist = Object.entries(k.feil);
  if (avvist.length) v.logg(`--demo: ${avvist.length} of the board's hendelser refused, the first: ${avvist[0].join(': ')}`);
  v.logg(`--demo: ${Object.keys(k.ider).length} forløp in every status of the board for ${DEMO_PARTER.map((p) => `${p.sykehus} and ${p.kommune}`).join(', ')}`);

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
  v.logg(`--demo: loading the last ${dager} days of a simulated Helgeland year (sim/) ...`);
  const r = await simuler({
    motor,
    tilstand: nyTilstand('demo', 'demo', Date.now() - 60_000, dager),
    samtidighet: 8,
    sammenlign: false,
    fremdrift,
    avbrutt: () => false,
    logg: () => undefined,
  });
  v.logg(
    `--demo: ${r.forlop} forløp and ${r.hendelser} hendelser loaded (admitted ${r.fra} to now) in ${r.sekunder.toFixed(0)} s; ` +
      'sign in at / as a ward (HSYK-MO, HSYK-SSJ, HSYK-MOS), a team (KT-RANA), a kommune (1833 Rana, 1820 Alstahaug, 1824 Vefsn …) or samhandling HSYK',
  );
}
