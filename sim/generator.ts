/**
 * The generator: a seeded, reproducible Helgeland year as a discrete-event simulation.
 *
 * Admissions arrive day by day (fewer at weekends, more in winter) from the 18 kommuner in
 * proportion to their population, at the catchment hospital (Mosjøen after its acute function
 * closed: almost none). The ward starts a forløp for the admissions it assumes need kommunale
 * tjenester (docs/domain.md, stage 1), and a few more when a need appears during the stay. Each forløp
 * draws its clinical path from its own random stream: innleggelsesmelding, kartlegging for
 * included patients, the assessment and the melding (now and then late or incomplete), death,
 * transfer, avmelding and a new melding. A patient meldt utskrivningsklar asks the kommune's
 * capacity (sim/kapasitet.ts): served at once, the kommune says yes; otherwise it says no with
 * an expected date and reports the tilbud klart when a place or a start comes free. So
 * overliggerdøgn come from queues. Discharge follows, with epikrise and (home) oppfølging, and a
 * readmission of the same patient within 30 days for about a fifth of the utskrivningsklare.
 *
 * Then each hendelse gets the time it is registered: mostly at once, some late (the melding
 * registered the next day, the kommune's phone answer typed in hours later, the epikrise after the
 * utskrivning), always in an order the forløp accepts.
 *
 * This file sets up the year (each kommune's capacity and its own demand from home, the admissions
 * day by day) and runs it in time order; the forløp's path is sim/innleggelse.ts (admission to the
 * assessment), sim/kommunesvar.ts (the melding and the kommune's answer) and sim/utskrivning.ts
 * (death, discharge, readmission), on the state in sim/aret.ts; the registration times are
 * sim/registrering.ts.
 */
import type { Aret, KommuneTilstand } from './aret';
import { Ko } from './hendelseko';
import { innleggelse } from './innleggelse';
import { DOGN, Kvote, Senger, TIME, type Ressurs } from './kapasitet';
import { datoOslo, klokken, ukedag, type Kriterier, type Region, type SimAr } from './modell';
import { registrer } from './registrering';
import { strom } from './tilfeldig';

export interface GeneratorValg {
  seed: string;
  /** The year's end, epoch ms (just before now). */
  slutt: number;
  region: Region;
  kriterier: Kriterier;
  /** Mixed into the fødselsnummer only, so two runs into one database are different patients. */
  fnrSalt?: string;
}

export function generer(v: GeneratorValg): SimAr {
  const { seed, slutt, region, kriterier } = v;
  const start = slutt - 365 * DOGN;
  const oppvarming = start - 45 * DOGN;
  const ar: Aret = {
    seed,
    slutt,
    start,
    kriterier,
    salt: v.fnrSalt ?? '',
    nedlagt: Date.parse(`${region.mosjoenAkuttNedlagt}T00:00:00+02:00`),
    ko: new Ko(),
    brukteFnr: new Set<string>(),
    forlop: [],
    paaVent: [],
    innleggelser: 0,
    perSykehus: {},
    nesteForesporsel: 0,
    reinnlegg: (nokkel, a, kjent, k, s, etter) => innleggelse(ar, nokkel, a, kjent, k, s, etter),
  };
  const ko = ar.ko;

  // --- capacity, with places occupied at the start and the kommune's own demand ---
  const kommuner = new Map<string, KommuneTilstand>();
  const ressurser: Ressurs[] = [];
  for (const m of region.kommuner) {
    const s = strom(seed, 'kapasitet', m.nummer);
    const plasser = Math.round(m.kapasitet.korttidsplasser);
    const opptatt = Array.from({ length: Math.round(plasser * 0.8) }, () => oppvarming + s.mellom(0, 20) * DOGN);
    const kt: KommuneTilstand = {
      m,
      korttid: new Senger(`${m.nummer}:korttid`, plasser, opptatt),
      hjemmetjeneste: Kvote.ukentlig(`${m.nummer}:hjemmetjeneste`, m.kapasitet.hjemmetjenestePerUke, oppvarming, slutt + 30 * DOGN),
      langtid: Kvote.ukentlig(`${m.nummer}:langtid`, m.kapasitet.langtidPerUke, oppvarming, slutt + 30 * DOGN),
    };
    kommuner.set(m.nummer, kt);
    ressurser.push(kt.korttid, kt.hjemmetjeneste, kt.langtid);
    for (const r of ['korttid', 'hjemmetjeneste', 'langtid'] as const) {
      const perUke = m.bakgrunn[`${r}PerUke` as const];
      if (perUke <= 0) continue;
      const b = strom(seed, 'bakgrunn', m.nummer, r);
      const neste = (t: number) => {
        const t2 = t + b.eksponentiell((7 * DOGN) / perUke);
        if (t2 > slutt) return;
        ko.legg(t2, () => {
          kt[r].be({ id: `b${ar.nesteForesporsel++}`, varighet: b.lognormal(14, 0.5) * DOGN }, t2);
          neste(t2);
        });
      };
      neste(oppvarming);
    }
  }

  // --- admissions ---
  const totalBefolkning = region.kommuner.reduce((s, k) => s + k.innbyggere, 0);
  const vekter = Object.fromEntries(region.kommuner.map((k) => [k.nummer, k.innbyggere / totalBefolkning]));
  // Readmissions make up about 8 % of admissions; the rest are first admissions.
  const forstePerDag = (region.innleggelserPerAr * 0.915) / 365;
  for (let d = 0; oppvarming + d * DOGN < slutt; d++) {
    const dagStart = klokken(oppvarming + d * DOGN + 12 * TIME, 0);
    const s = strom(seed, 'dag', d);
    const wd = ukedag(dagStart + 12 * TIME);
    const mnd = Number(datoOslo(dagStart + 12 * TIME).slice(5, 7));
    const sesong = 1 + 0.1 * Math.cos(((mnd - 1) / 12) * 2 * Math.PI);
    const n = s.poisson(forstePerDag * (wd >= 6 ? 0.72 : 1.11) * sesong);
    for (let j = 0; j < n; j++) {
      const kommune = s.velg(vekter);
      // Day-time peak: most admissions between 08 and 22.
      const time = s.ja(0.8) ? s.mellom(8, 22) : s.mellom(0, 24);
      const t = dagStart + time * TIME;
      const nokkel = `${d}-${j}`;
      ko.legg(t, () => innleggelse(ar, `I${nokkel}`, t, null, kommuner.get(kommune)!, strom(seed, 'innleggelse', nokkel), null));
    }
  }

  // --- run: the capacity's own events and the forløp's, in time order ---
  for (;;) {
    let r: Ressurs | null = null;
    let tr = Infinity;
    for (const x of ressurser) {
      const t = x.nesteTid();
      if (t < tr) {
        tr = t;
        r = x;
      }
    }
    const tg = ko.min();
    if (Math.min(tr, tg) > slutt) break;
    if (r && tr <= tg) r.steg();
    else ko.ta().fn();
  }

  for (const w of ar.paaVent) registrer(w);
  const medIAret = ar.forlop.filter((f) => f.innlagt >= start);
  return { seed, slutt, start, innleggelser: ar.innleggelser, innleggelserPerSykehus: ar.perSykehus, forlop: medIAret };
}
