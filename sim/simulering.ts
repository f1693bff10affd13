/**
 * One simulation run, for the CLI, the test and `npm start -- --demo`: read the engine's
 * configuration as admin (inclusion criteria, frister per kommune, døgnpris), generate the year,
 * drive the slice of it the size asks for, and compare the engine's answers with the ground truth.
 */
import { randomBytes } from 'node:crypto';
import { Klient } from './klient';
import { kjor, type Fremdrift, type Plan } from './driver';
import { standardFrister, type Frister } from './fasit';
import { generer } from './generator';
import { DOGN } from './kapasitet';
import { datoOslo, lastRegion, standardKriterier, STORRELSE_DAGER, type Kriterier, type SimAr, type Storrelse } from './modell';
import type { Motor } from './motor';
import { sammenlign, type Sammenligning } from './sammenligning';
import type { Tilstand } from './tilstand';

const ADMIN = { rolle: 'admin' as const, org: '' };

export function nyTilstand(seed: string, storrelse: Storrelse, slutt: number, dager?: number): Tilstand {
  return {
    versjon: 1,
    runId: `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`,
    seed,
    storrelse,
    ...(dager !== undefined ? { dager } : {}),
    slutt: new Date(slutt).toISOString(),
    fnrSalt: randomBytes(4).toString('hex'),
    url: null,
    motor: null,
    kriterier: null,
    frister: null,
    dognpris: null,
    kjoring: { ider: {}, sendt: {}, feil: {}, sekunder: 0 },
    ferdig: false,
  };
}

/** The engine's configuration as an admin reads it; kept in the state so a resumed run generates the same year. */
export async function lesKonfigurasjon(klient: Klient, t: Tilstand, logg: (m: string) => void): Promise<void> {
  const region = lastRegion();
  if (!t.kriterier) {
    const s = await klient.kall(ADMIN, 'GET', '/api/v1/konfigurasjon/kartlegging');
    if (s.status === 200) t.kriterier = { versjon: s.body.versjon, ...s.body.kriterier } as Kriterier;
    else {
      logg(`GET /konfigurasjon/kartlegging answered ${s.status}: using config/kartlegging.default.json`);
      t.kriterier = standardKriterier();
    }
  }
  if (!t.frister) {
    const frister: Record<string, Frister> = {};
    await Promise.all(
      region.kommuner.map(async (k) => {
        const s = await klient.kall(ADMIN, 'GET', `/api/v1/konfigurasjon/kommuner/${k.nummer}`);
        frister[k.nummer] = s.status === 200 ? (s.body.frister as Frister) : standardFrister();
      }),
    );
    t.frister = frister;
  }
  if (!t.dognpris) {
    const s = await klient.kall(ADMIN, 'GET', '/api/v1/konfigurasjon/dognpris');
    t.dognpris = s.status === 200 ? Object.fromEntries((s.body.data as Array<{ ar: number; belop: number }>).map((d) => [String(d.ar), d.belop])) : {};
  }
}

/** The days a state drives: its own, or its size's. */
export const dagerFor = (t: Tilstand): number => t.dager ?? STORRELSE_DAGER[t.storrelse];

/** The year of a state, and the slice of it the size drives. */
export function planFor(t: Tilstand): { ar: SimAr; plan: Plan } {
  const slutt = Date.parse(t.slutt);
  const ar = generer({ seed: t.seed, slutt, region: lastRegion(), kriterier: t.kriterier ?? standardKriterier(), fnrSalt: t.fnrSalt });
  const fra = slutt - dagerFor(t) * DOGN;
  // A forløp the ward has not registered by the year's end is not the engine's yet.
  const forlop = ar.forlop.filter((f) => f.innlagt >= fra && f.hendelser[0].registrert <= slutt);
  const sendes = new Map(forlop.map((f) => [f.nokkel, f.hendelser.filter((h) => h.registrert <= slutt)]));
  return { ar, plan: { runId: t.runId, forlop, sendes } };
}

export interface SimResultat {
  ar: SimAr;
  plan: Plan;
  forlop: number;
  hendelser: number;
  sekunder: number;
  sammenligning: Sammenligning | null;
  /** The period compared (the slice's first admission date to the read's date). */
  fra: string;
  til: string;
}

export async function simuler(v: {
  motor: Motor;
  tilstand: Tilstand;
  samtidighet: number;
  sammenlign: boolean;
  fremdrift: Fremdrift;
  avbrutt: () => boolean;
  logg: (m: string) => void;
  /** Called every few seconds while driving, to save the state. */
  lagre?: () => Promise<void>;
}): Promise<SimResultat> {
  const { motor, tilstand: t, logg } = v;
  const klient = new Klient(motor.url, motor.token);
  await lesKonfigurasjon(klient, t, logg);
  const { ar, plan } = planFor(t);
  const antall = [...plan.sendes.values()].reduce((s, l) => s + l.length, 0);
  logg(
    `the year ${datoOslo(ar.start)} – ${datoOslo(ar.slutt)} (seed ${t.seed}): ${ar.innleggelser} admissions, ${ar.forlop.length} forløp; ` +
      `driving ${plan.forlop.length} forløp (${dagerFor(t)} days), ${antall} hendelser, ${v.samtidighet} at a time, into the ${motor.beskrivelse}`,
  );
  let lagrer = false;
  const lagring = v.lagre
    ? setInterval(() => {
        if (lagrer) return;
        lagrer = true;
        void v.lagre!().finally(() => (lagrer = false));
      }, 3000)
    : null;
  try {
    await kjor(plan, klient, t.kjoring, { samtidighet: v.samtidighet, fremdrift: v.fremdrift, avbrutt: v.avbrutt, sjekk: () => motor.sjekk() });
  } finally {
    if (lagring) clearInterval(lagring);
  }
  await v.lagre?.();
  const fra = datoOslo(Date.parse(t.slutt) - dagerFor(t) * DOGN);
  const til = datoOslo(Date.now());
  const res: SimResultat = {
    ar,
    plan,
    forlop: Object.keys(t.kjoring.ider).length,
    hendelser: Object.keys(t.kjoring.sendt).length,
    sekunder: t.kjoring.sekunder,
    sammenligning: null,
    fra,
    til,
  };
  if (v.avbrutt()) return res;
  if (v.sammenlign) {
    logg(`comparing ${plan.forlop.length} forløp with the ground truth ...`);
    res.sammenligning = await sammenlign(plan, t.kjoring, klient, (k) => t.frister?.[k] ?? standardFrister(), {
      samtidighet: Math.max(2, Math.min(8, v.samtidighet)),
      dognpris: t.dognpris ?? {},
      rapporter: motor.egenDatabase,
      fra,
      til,
      logg,
    });
  }
  return res;
}
