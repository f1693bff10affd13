/**
 * The generator: a seeded, reproducible Helgeland year as a discrete-event simulation.
 *
 * Admissions arrive day by day (fewer at weekends, more in winter) from the 18 kommuner in
 * proportion to their population, at the catchment hospital (Mosjøen after its acute function
 * closed: almost none). The ward starts a forløp for the admissions it assumes need kommunale
 * tjenester (domain.md, stage 1), and a few more when a need appears during the stay. Each forløp
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
 */
import { DOGN, Kvote, Senger, TIME, type Ressurs } from './kapasitet';
import {
  alder,
  datoOslo,
  dagSlutt,
  inkluderesAvKriterier,
  isoOslo,
  klokken,
  plussDager,
  timeAv,
  ukedag,
  TEAM,
  type Behov,
  type KommuneModell,
  type Kriterier,
  type Part,
  type Region,
  type SimAr,
  type SimForlop,
  type SimHendelse,
  type SykehusId,
} from './modell';
import { strom, type Strom } from './tilfeldig';

export interface GeneratorValg {
  seed: string;
  /** The year's end, epoch ms (just before now). */
  slutt: number;
  region: Region;
  kriterier: Kriterier;
  /** Mixed into the fødselsnummer only, so two runs into one database are different patients. */
  fnrSalt?: string;
}

const MIN = 60_000;
const VURDERING = {
  problemstillingerVedInnleggelseAvklart: true,
  ovrigeProblemstillingerAvklart: true,
  uavklarteProblemstillingerAngitt: true,
  funksjonsnivaaVurdert: true,
};
const TILBUD: Record<Behov, string> = { hjemmetjeneste: 'hjem_med_tjenester', korttid: 'korttidsopphold', langtid: 'langtidsopphold' };
const DESTINASJON: Record<Behov, string> = { hjemmetjeneste: 'hjem_med_tjenester', korttid: 'korttidsopphold', langtid: 'langtidsopphold' };

// ---------------------------------------------------------------- the event queue

interface Hendelse {
  t: number;
  n: number;
  fn: () => void;
}

class Ko {
  private readonly a: Hendelse[] = [];
  private n = 0;
  get tom(): boolean {
    return this.a.length === 0;
  }
  min(): number {
    return this.a.length ? this.a[0].t : Infinity;
  }
  legg(t: number, fn: () => void): void {
    const a = this.a;
    a.push({ t, n: this.n++, fn });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (mindre(a[p], a[i])) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  ta(): Hendelse {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && mindre(a[l], a[m])) m = l;
        if (r < a.length && mindre(a[r], a[m])) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
const mindre = (x: Hendelse, y: Hendelse) => x.t < y.t || (x.t === y.t && x.n < y.n);

// ---------------------------------------------------------------- fødselsnummer

const V1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const V2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
function kontroll(d: number[], v: number[]): number {
  const k = 11 - (v.reduce((s, w, i) => s + w * d[i], 0) % 11);
  return k === 11 ? 0 : k;
}

/**
 * A synthetic fødselsnummer (the month + 80, as the Tenor test numbers: never a real person's),
 * for a birth date, with both control digits; sometimes a D-nummer.
 */
export function lagFnr(fodt: string, s: Strom, brukt: Set<string>): string {
  const [ar, mnd, dag] = fodt.split('-').map(Number);
  for (;;) {
    const d = s.ja(0.3) ? dag + 40 : dag;
    const individ = ar >= 2000 ? s.heltall(500, 999) : s.heltall(0, 499);
    const siffer = `${String(d).padStart(2, '0')}${String(mnd + 80).padStart(2, '0')}${String(ar % 100).padStart(2, '0')}${String(individ).padStart(3, '0')}`
      .split('')
      .map(Number);
    const k1 = kontroll(siffer, V1);
    if (k1 === 10) continue;
    const k2 = kontroll([...siffer, k1], V2);
    if (k2 === 10) continue;
    const fnr = [...siffer, k1, k2].join('');
    if (brukt.has(fnr)) continue;
    brukt.add(fnr);
    return fnr;
  }
}

// ---------------------------------------------------------------- the generator

interface Pasient {
  nr: string;
  kommune: KommuneModell;
  fodt: string;
  fnr: string;
}

interface KommuneTilstand {
  m: KommuneModell;
  korttid: Senger;
  hjemmetjeneste: Kvote;
  langtid: Kvote;
}

/** A forløp under way: the simulated forløp and what the model keeps while it runs. */
interface Arbeid {
  f: SimForlop;
  s: Strom;
  p: Pasient;
  k: KommuneTilstand;
  iSykehus: boolean;
  /** Meldt and waiting for the kommune. */
  venter: boolean;
  /** The kommune's capacity request in force (its id), and when it was served. */
  foresporsel: string | null;
  betjent: number | null;
  /** The kommune answered this period. */
  besvart: boolean;
  /** The kommune can receive (said yes or tilbud klart) and the patient has not left yet. */
  klarNa: boolean;
  svarVentende: boolean;
  aldriSvar: boolean;
  behov: Behov | null;
  meldinger: number;
  perioder: number;
  /** Late registration delays (ms) by hendelse nokkel. */
  sen: Map<string, number>;
  nesteNr: number;
}

export function generer(v: GeneratorValg): SimAr {
  const { seed, slutt, region, kriterier } = v;
  const start = slutt - 365 * DOGN;
  const oppvarming = start - 45 * DOGN;
  const ko = new Ko();
  const brukteFnr = new Set<string>();
  const forlop: SimForlop[] = [];
  const perSykehus: Record<string, number> = {};
  let innleggelser = 0;
  let nesteForesporsel = 0;
  const salt = v.fnrSalt ?? '';

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
          kt[r].be({ id: `b${nesteForesporsel++}`, varighet: b.lognormal(14, 0.5) * DOGN }, t2);
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
  const nedlagt = Date.parse(`${region.mosjoenAkuttNedlagt}T00:00:00+02:00`);
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
      ko.legg(t, () => innleggelse(`I${nokkel}`, t, null, kommuner.get(kommune)!, strom(seed, 'innleggelse', nokkel), null));
    }
  }

  /** A patient, known by the key of the admission that first brought them (stable whatever the capacity). */
  function nyPasient(k: KommuneModell, fodt: string, nokkel: string): Pasient {
    const p: Pasient = { nr: nokkel, kommune: k, fodt, fnr: lagFnr(fodt, strom(seed, salt, 'fnr', nokkel), brukteFnr) };
    return p;
  }

  function fodselsdato(s: Strom, a: number): { fodt: string; alder: number } {
    const gruppe = s.velg({ ung: 0.2, middel: 0.2, eldre: 0.3, gammel: 0.3 });
    const aar = gruppe === 'ung' ? s.heltall(18, 49) : gruppe === 'middel' ? s.heltall(50, 64) : gruppe === 'eldre' ? s.heltall(65, 79) : s.heltall(80, 99);
    const fodt = plussDager(datoOslo(a), -Math.round(aar * 365.25 + s.mellom(1, 364)));
    return { fodt, alder: alder(fodt, datoOslo(a)) };
  }

  function velgSykehus(k: KommuneModell, s: Strom, t: number): SykehusId {
    const mosjoenOmrade = ['1824', '1825', '1826'].includes(k.nummer);
    if (mosjoenOmrade && s.ja(t < nedlagt ? 0.7 : 0.015)) return 'HSYK-MOS';
    if (s.ja(0.1)) return k.sykehus === 'HSYK-MO' ? 'HSYK-SSJ' : 'HSYK-MO';
    return k.sykehus;
  }

  /** An admission at t: of a patient known (a readmission) or new. */
  function innleggelse(nokkel: string, a: number, kjent: Pasient | null, k: KommuneTilstand, s: Strom, etter: { forlop: string; meldt: boolean } | null): void {
    if (a > slutt) return;
    const { fodt, alder: alderNa } = kjent ? { fodt: kjent.fodt, alder: alder(kjent.fodt, datoOslo(a)) } : fodselsdato(s, a);
    const sykehus = velgSykehus(k.m, s, a);
    if (a >= start) {
      innleggelser++;
      perSykehus[sykehus] = (perSykehus[sykehus] ?? 0) + 1;
    }
    const avdeling = s.velg({ 'Medisinsk avdeling': 0.6, 'Kirurgisk avdeling': 0.28, 'Ortopedisk avdeling': 0.12 });
    // Back soon after an utskrivningsklar stay: the ward assumes the need at once.
    const pBehov = etter?.meldt ? 0.95 : (alderNa >= 80 ? 0.62 : alderNa >= 65 ? 0.3 : 0.06) + (etter ? 0.15 : 0);
    const antattBehov = s.ja(pBehov);
    const senBehov = !antattBehov && s.ja(0.02);
    // Length of stay to the assessment (utskrivningsklar) or discharge.
    const liggetid = Math.max(0.3, s.lognormal(alderNa >= 80 ? 4.2 : 3.2, 0.6)) * DOGN;
    if (!antattBehov && !senBehov) {
      // No forløp: the patient goes home; sometimes comes back.
      const u = a + liggetid;
      ko.legg(u, () => {
        if (s.ja(0.05)) {
          const p = kjent ?? nyPasient(k.m, fodt, nokkel);
          const gap = gapTilReinnleggelse(s);
          ko.legg(u + gap, () => innleggelse(`${nokkel}r`, u + gap, p, k, strom(seed, 'reinnleggelse', nokkel), null));
        }
      });
      return;
    }
    const p = kjent ?? nyPasient(k.m, fodt, nokkel);
    // Now and then a forløp is started on the wrong patient and cancelled (registered in error).
    if (s.ja(0.004)) feilregistrert(`${nokkel}x`, a, k, sykehus, avdeling, s);
    startForlop(nokkel, a, p, k, s, { sykehus, avdeling, antattBehov, alderNa, liggetid, etter: etter?.forlop ?? null, senBehov });
  }

  function gapTilReinnleggelse(s: Strom): number {
    const gruppe = s.velg({ tidlig: 0.14, kort: 0.16, senere: 0.7 });
    const dager = gruppe === 'tidlig' ? s.mellom(0.15, 2) : gruppe === 'kort' ? s.mellom(2, 5) : 5 + 25 * Math.pow(s.neste(), 1.4);
    return dager * DOGN;
  }

  function nyttArbeid(
    nokkel: string,
    a: number,
    p: Pasient,
    k: KommuneTilstand,
    s: Strom,
    felt: { sykehus: SykehusId; avdeling: string; antattBehov: boolean; alderNa: number; etter: string | null },
  ): Arbeid {
    const innlagtDato = datoOslo(a);
    const kriterie = inkluderesAvKriterier(kriterier, {
      sykehus: felt.sykehus,
      kommune: k.m.nummer,
      innlagtDato,
      antattBehov: felt.antattBehov,
      alder: felt.alderNa,
      avdeling: felt.avdeling,
    });
    // The ward includes a few patients the criteria leave out (younger, with a team at the hospital).
    const gitt = !kriterie && felt.antattBehov && TEAM[felt.sykehus] !== null && s.ja(0.05) ? true : undefined;
    const f: SimForlop = {
      nokkel,
      pasient: p.nr,
      fnr: p.fnr,
      fodt: p.fodt,
      kommune: k.m.nummer,
      sykehus: felt.sykehus,
      avdeling: felt.avdeling,
      innlagt: a,
      antattBehov: felt.antattBehov,
      kartleggingGitt: gitt,
      inkludertAvKriterier: kriterie,
      hendelser: [],
      modell: { behov: null, meldt: null, klar: null, utskrevet: null, destinasjon: null, dod: false, avbrutt: false, reinnleggelseEtter: felt.etter },
    };
    forlop.push(f);
    return {
      f,
      s,
      p,
      k,
      iSykehus: true,
      venter: false,
      foresporsel: null,
      betjent: null,
      besvart: false,
      klarNa: false,
      svarVentende: false,
      aldriSvar: s.ja(k.m.svar.aldriAndel),
      behov: null,
      meldinger: 0,
      perioder: 0,
      sen: new Map(),
      nesteNr: 0,
    };
  }

  /** Records a hendelse (clinical time t) with the given late registration (ms), if any. */
  function hendelse(w: Arbeid, type: string, t: number, av: Part, data: Record<string, unknown> = {}, sen = 0): SimHendelse {
    const h: SimHendelse = { nokkel: `${w.f.nokkel}:${w.nesteNr++}`, type, tidspunkt: Math.round(t), registrert: Math.round(t), av, data };
    w.f.hendelser.push(h);
    if (sen > 0) w.sen.set(h.nokkel, sen);
    return h;
  }

  const sykehusPart = (w: Arbeid): Part => ({ rolle: 'sykehus', org: w.f.sykehus });
  const kommunePart = (w: Arbeid): Part => ({ rolle: 'kommune', org: w.f.kommune });

  function feilregistrert(nokkel: string, a: number, k: KommuneTilstand, sykehus: SykehusId, avdeling: string, s: Strom): void {
    const annen = fodselsdato(s, a);
    const p = nyPasient(k.m, annen.fodt, nokkel);
    const w = nyttArbeid(nokkel, a, p, k, s, { sykehus, avdeling, antattBehov: true, alderNa: annen.alder, etter: null });
    hendelse(w, 'INNLAGT', a, sykehusPart(w));
    if (s.ja(0.5)) hendelse(w, 'INNLEGGELSESMELDING_SENDT', a + s.mellom(0.3, 3) * TIME, sykehusPart(w), { antattForlop: 'Feil pasient' });
    hendelse(w, 'FORLOP_AVBRUTT', a + s.mellom(3.5, 30) * TIME, sykehusPart(w), { arsak: 'Registrert på feil pasient' });
    w.f.modell.avbrutt = true;
    w.iSykehus = false;
    ferdig(w);
  }

  const paaVent: Arbeid[] = [];
  function ferdig(w: Arbeid): void {
    paaVent.push(w);
  }

  function startForlop(
    nokkel: string,
    a: number,
    p: Pasient,
    k: KommuneTilstand,
    s: Strom,
    felt: { sykehus: SykehusId; avdeling: string; antattBehov: boolean; alderNa: number; liggetid: number; etter: string | null; senBehov: boolean },
  ): void {
    const w = nyttArbeid(nokkel, a, p, k, s, felt);
    const f = w.f;
    ferdig(w);
    const innlagt = hendelse(w, 'INNLAGT', a, sykehusPart(w));
    // A need that appears during the stay: the ward registers the forløp then (antatt behov: nei).
    if (felt.senBehov) w.sen.set(innlagt.nokkel, felt.liggetid * s.mellom(0.3, 0.8));
    else if (s.ja(0.05)) w.sen.set(innlagt.nokkel, s.mellom(2, 20) * TIME);

    const vurdert = vurderingstid(a + felt.liggetid, s);
    if (felt.antattBehov) {
      const kat = s.velg({ iTide: 0.94, sen: 0.05, aldri: 0.01 });
      const t = kat === 'iTide' ? a + Math.min(23.5, s.lognormal(3, 0.9)) * TIME : a + s.mellom(25, 60) * TIME;
      if (kat !== 'aldri') {
        const sen = s.ja(0.08) ? s.mellom(4, 40) * TIME : 0;
        ko.legg(t, () => {
          if (w.iSykehus)
            hendelse(w, 'INNLEGGELSESMELDING_SENDT', t, sykehusPart(w), { antattForlop: 'Innlagt for akutt sykdom', forventetUtskrivningsdato: datoOslo(vurdert + DOGN) }, sen);
        });
      }
    }
    if (s.ja(0.06)) {
      const t = a + s.mellom(0.2, 0.9) * (vurdert - a);
      ko.legg(t, () => {
        if (w.iSykehus) hendelse(w, 'STATUSENDRING', t, sykehusPart(w), { beskrivelse: 'Vesentlig endring i pasientens tilstand' });
      });
    }

    // What ends the stay before the assessment: death, transfer; else the assessment.
    const dodFor = s.ja(felt.alderNa >= 80 ? 0.03 : 0.012);
    const overfort = !dodFor && s.ja(0.03);
    const meldes = felt.senBehov || s.ja(felt.alderNa >= 80 ? 0.62 : 0.5);
    const behov: Behov = felt.alderNa >= 80 ? s.velg({ hjemmetjeneste: 0.45, korttid: 0.4, langtid: 0.15 }) : s.velg({ hjemmetjeneste: 0.62, korttid: 0.3, langtid: 0.08 });
    // The first melding, as planned (for the kartlegging's timing).
    const planlagtMelding = vurdert + 2 * TIME;

    // Kartlegging for included patients: mostly before the melding, sometimes late or never.
    const inkludert = f.kartleggingGitt ?? f.inkludertAvKriterier;
    const team = TEAM[f.sykehus];
    if (inkludert && team) {
      const tp: Part = { rolle: 'kartleggingsteam', org: team };
      const startet = a + s.mellom(3, 30) * TIME;
      if (s.ja(0.6)) ko.legg(startet, () => w.iSykehus && hendelse(w, 'KARTLEGGING_STARTET', startet, tp));
      const kat = s.velg({ for: 0.82, sen: 0.09, aldri: 0.09 });
      const fra = startet + TIME;
      const til = (meldes ? planlagtMelding : vurdert) - 0.5 * TIME;
      const t = kat === 'for' && til > fra ? s.mellom(fra, til) : kat !== 'aldri' ? planlagtMelding + s.mellom(2, 30) * TIME : null;
      if (t !== null) {
        const sen = s.ja(0.1) ? s.mellom(2, 24) * TIME : 0;
        ko.legg(t, () => {
          if (w.iSykehus)
            hendelse(w, 'KARTLEGGING_FULLFORT', t, tp, {
              resultat: { funksjon: 'Går med rullator', mestring: 'Trenger hjelp til stell', behov: [behov], anbefaling: TILBUD[behov] },
            }, sen);
        });
      }
    }

    if (dodFor || overfort) {
      const t = a + s.mellom(0.1, 1) * (vurdert - a);
      ko.legg(t, () => {
        if (!w.iSykehus) return;
        if (dodFor) doedsfall(w, t);
        else utskriv(w, t, 'annet_sykehus');
      });
      return;
    }
    if (!meldes) {
      const t = vurdert + s.mellom(1, 6) * TIME;
      const dest = s.velg({ hjem: 0.68, hjem_med_tjenester: 0.29, annen_institusjon: 0.03 });
      ko.legg(t, () => w.iSykehus && utskriv(w, t, dest));
      return;
    }
    w.behov = behov;
    f.modell.behov = behov;
    ko.legg(vurdert, () => vurdering(w, vurdert, true));
  }

  /** An assessment time: during the day's rounds (09–14), on the day the stay reaches it or the next. */
  function vurderingstid(t: number, s: Strom): number {
    const h = timeAv(t);
    if (h < 9) return klokken(t, s.mellom(9, 14));
    if (h > 14) return klokken(t + DOGN, s.mellom(9, 14));
    return t;
  }

  /** The doctor's assessment: the patient is utskrivningsklar; the ward melds the kommune. */
  function vurdering(w: Arbeid, v: number, forste: boolean): void {
    if (!w.iSykehus) return;
    const s = w.s;
    const kat = forste ? s.velg({ iTide: 0.92, sen: 0.04, ufullstendig: 0.04 }) : 'iTide';
    const vurdertIso = isoOslo(v);
    if (kat === 'ufullstendig') {
      const m1 = Math.min(v + s.mellom(0.3, 2) * TIME, dagSlutt(v) - 10 * MIN);
      const m2 = m1 + s.mellom(1, 8) * TIME;
      const punkt = s.velg({ problemstillingerVedInnleggelseAvklart: 1, ovrigeProblemstillingerAvklart: 1, uavklarteProblemstillingerAngitt: 1, funksjonsnivaaVurdert: 1 });
      ko.legg(m1, () => melding(w, m1, { vurdertTidspunkt: vurdertIso, vurdering: { ...VURDERING, [punkt]: false } }));
      ko.legg(m2, () => melding(w, m2, { vurdertTidspunkt: vurdertIso, vurdering: VURDERING }));
      return;
    }
    const m = kat === 'sen' ? klokken(v + DOGN, s.mellom(9, 13)) : Math.min(v + s.mellom(0.3, 3) * TIME, dagSlutt(v) - 10 * MIN);
    ko.legg(m, () => melding(w, m, { vurdertTidspunkt: vurdertIso, vurdering: VURDERING }));
  }

  /** A melding om utskrivningsklar pasient is sent: the kommune is asked, and answers. */
  function melding(w: Arbeid, m: number, data: Record<string, unknown>): void {
    // Discharged, or the kommune already said it can receive: no corrected melding is sent.
    if (!w.iSykehus || w.klarNa) return;
    const s = w.s;
    hendelse(w, 'UTSKRIVNINGSKLAR', m, sykehusPart(w), data);
    w.meldinger++;
    w.f.modell.meldt ??= m;
    w.besvart = false;
    if (!w.venter) {
      // A new period of waiting: ask for capacity, and draw when death or avmelding would strike.
      w.venter = true;
      w.perioder++;
      w.betjent = null;
      be(w, w.behov!, m);
      const periode = w.perioder;
      const tDod = m + s.eksponentiell(250) * DOGN;
      const tAvmeld = m + s.eksponentiell(80) * DOGN;
      ko.legg(tDod, () => w.venter && w.perioder === periode && doedsfall(w, tDod));
      ko.legg(tAvmeld, () => w.venter && w.perioder === periode && avmelding(w, tAvmeld));
      morgensjekk(w, periode, klokken(m + DOGN, 10));
    }
    if (!w.svarVentende) {
      w.svarVentende = true;
      const sen = s.ja(w.k.m.svar.senAndel);
      const t = m + (sen ? s.mellom(4.3, 20) : Math.max(0.1, Math.min(3.8, s.lognormal(1, 0.7)))) * TIME;
      ko.legg(t, () => svar(w, t));
    }
  }

  function be(w: Arbeid, behov: Behov, t: number): void {
    const id = `f${nesteForesporsel++}`;
    w.foresporsel = id;
    const varighet = behov === 'korttid' ? Math.max(3, w.s.lognormal(16, 0.5)) * DOGN : 0;
    w.k[behov].be(
      {
        id,
        varighet,
        betjent: (tb) => {
          if (w.foresporsel !== id) return;
          w.betjent = tb;
          // Served after the kommune said no (or never answers): it reports the tilbud klart.
          if (w.venter && (w.besvart || (w.aldriSvar && !w.svarVentende))) {
            const tk = tb + w.s.mellom(0.1, 2) * TIME;
            ko.legg(tk, () => w.venter && w.foresporsel === id && klar(w, tk, 'TILBUD_KLART'));
          }
        },
      },
      t,
    );
  }

  /** The kommune's answer to the melding in force at t. */
  function svar(w: Arbeid, t: number): void {
    w.svarVentende = false;
    if (!w.venter || !w.iSykehus) return;
    const s = w.s;
    if (w.betjent !== null && w.betjent <= t) {
      klar(w, t, w.aldriSvar ? 'TILBUD_KLART' : 'KOMMUNESVAR');
      return;
    }
    const est = w.k[w.behov!].estimertVentetid(t);
    if (tilbyKorttid(w, t, est)) return;
    if (w.aldriSvar) return;
    neiSvar(w, t, est);
  }

  /**
   * A long wait for a start at home or a langtidsplass: a free korttidsplass is offered instead
   * (at the answer and each morning while the patient waits).
   */
  function tilbyKorttid(w: Arbeid, t: number, est: number): boolean {
    if (w.behov === 'korttid' || est <= (w.behov === 'langtid' ? 5 : 3) * DOGN || !w.k.korttid.ledigNa(t)) return false;
    w.k[w.behov!].trekk(w.foresporsel!);
    w.behov = 'korttid';
    w.f.modell.behov = 'korttid';
    be(w, 'korttid', t);
    klar(w, t, w.aldriSvar || w.besvart ? 'TILBUD_KLART' : 'KOMMUNESVAR');
    return true;
  }

  /** Each morning while the patient waits, the kommune looks for a korttidsplass again. */
  function morgensjekk(w: Arbeid, periode: number, t: number): void {
    ko.legg(t, () => {
      if (!w.venter || w.perioder !== periode || !w.iSykehus) return;
      if (w.besvart || w.aldriSvar) tilbyKorttid(w, t, w.k[w.behov!].estimertVentetid(t));
      morgensjekk(w, periode, klokken(t + DOGN, 10));
    });
  }

  function neiSvar(w: Arbeid, t: number, est: number): void {
    const s = w.s;
    const dato = plussDager(datoOslo(t + est), s.heltall(-2, 2));
    const forventet = dato <= datoOslo(t) ? plussDager(datoOslo(t), 1) : dato;
    hendelse(w, 'KOMMUNESVAR', t, kommunePart(w), { kanTaImot: false, forventetKlarDato: forventet, kontakt: { enhet: 'Tildelingskontoret' } }, s.ja(0.1) ? s.mellom(1, 8) * TIME : 0);
    w.besvart = true;
    // When the expected date has passed and the tilbud is still not ready: sometimes a new date.
    const sjekk = klokken(dagSlutt(Date.parse(`${forventet}T12:00:00Z`)), 10);
    const periode = w.perioder;
    ko.legg(sjekk, () => {
      if (!w.venter || w.perioder !== periode || !w.besvart || !w.s.ja(0.5)) return;
      neiSvar(w, sjekk, Math.max(DOGN, w.k[w.behov!].estimertVentetid(sjekk)));
    });
  }

  /** The kommune can receive: yes, or tilbud klart. The ward discharges the patient. */
  function klar(w: Arbeid, t: number, type: 'KOMMUNESVAR' | 'TILBUD_KLART'): void {
    if (!w.venter || !w.iSykehus) return;
    const s = w.s;
    w.venter = false;
    w.klarNa = true;
    w.f.modell.klar ??= t;
    if (type === 'KOMMUNESVAR') hendelse(w, 'KOMMUNESVAR', t, kommunePart(w), { kanTaImot: true, kontakt: { enhet: 'Tildelingskontoret' } }, s.ja(0.1) ? s.mellom(1, 8) * TIME : 0);
    else hendelse(w, 'TILBUD_KLART', t, kommunePart(w), { tilbud: TILBUD[w.behov!] });
    const u = timeAv(t) < 13 ? t + s.mellom(1, 5) * TIME : klokken(t + DOGN, s.mellom(10, 15));
    ko.legg(u, () => w.iSykehus && utskriv(w, u, DESTINASJON[w.behov!]));
  }

  function avmelding(w: Arbeid, t: number): void {
    const s = w.s;
    hendelse(w, 'UTSKRIVNINGSKLAR_AVMELDT', t, sykehusPart(w), { arsak: 'Forverret tilstand' });
    w.venter = false;
    w.k[w.behov!].trekk(w.foresporsel!);
    w.foresporsel = null;
    if (s.ja(0.85)) {
      const v = vurderingstid(t + s.mellom(1, 6) * DOGN, s);
      ko.legg(v, () => vurdering(w, v, false));
    } else {
      const u = t + s.mellom(2, 8) * DOGN;
      ko.legg(u, () => w.iSykehus && !w.venter && utskriv(w, u, 'hjem'));
    }
  }

  function doedsfall(w: Arbeid, t: number): void {
    if (!w.iSykehus) return;
    hendelse(w, 'DOD', t, sykehusPart(w));
    w.iSykehus = false;
    w.f.modell.dod = true;
    if (w.venter && w.foresporsel) w.k[w.behov!].trekk(w.foresporsel);
    w.venter = false;
  }

  function utskriv(w: Arbeid, u: number, destinasjon: string): void {
    const s = w.s;
    const f = w.f;
    // The epikrise: at the utskrivning, now and then after it (or never); sometimes typed in later.
    const ep = s.velg({ iTide: 0.94, sen: 0.05, aldri: 0.01 });
    if (ep === 'iTide') hendelse(w, 'EPIKRISE_SENDT', u - s.mellom(0, 40) * MIN, sykehusPart(w), {}, s.ja(0.2) ? s.mellom(1, 30) * TIME : 0);
    const pll = s.velg({ pll_oppdatert: 0.8, ikke_pll: 0.15, ukjent: 0.05 });
    hendelse(w, 'UTSKREVET', u, sykehusPart(w), { destinasjon, legemiddelliste: { status: pll } });
    if (ep === 'sen') hendelse(w, 'EPIKRISE_SENDT', u + s.mellom(1, 72) * TIME, sykehusPart(w));
    w.iSykehus = false;
    f.modell.utskrevet = u;
    f.modell.destinasjon = destinasjon;
    if (destinasjon === 'hjem' || destinasjon === 'hjem_med_tjenester') {
      const kat = s.velg({ iTide: 0.9, sen: 0.07, aldri: 0.03 });
      if (kat !== 'aldri') {
        const t = u + (kat === 'iTide' ? s.mellom(2, 22) : s.mellom(25, 72)) * TIME;
        hendelse(w, 'OPPFOLGING_STARTET', t, kommunePart(w), {
          beskrivelse: 'Første besøk av hjemmetjenesten',
          brukersvar: { tilstrekkeligInformasjon: s.velg({ ja: 0.8, nei: 0.1, vet_ikke: 0.1 }), vetHvemKontakte: s.velg({ ja: 0.85, nei: 0.1, vet_ikke: 0.05 }) },
        }, s.ja(0.15) ? s.mellom(12, 72) * TIME : 0);
      }
    }
    if (destinasjon === 'annet_sykehus' || destinasjon === 'annen_institusjon') return;
    // Readmission of the same patient within 30 days: about a fifth after an utskrivningsklar stay.
    if (s.ja(f.modell.meldt !== null ? 0.21 : 0.09)) {
      const gap = Math.max(3 * TIME, gapTilReinnleggelse(s));
      const ny = u + gap;
      ko.legg(ny, () => innleggelse(`${f.nokkel}r`, ny, w.p, w.k, strom(seed, 'reinnleggelse', f.nokkel), { forlop: f.nokkel, meldt: f.modell.meldt !== null }));
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

  for (const w of paaVent) registrer(w);
  const medIAret = forlop.filter((f) => f.innlagt >= start);
  return { seed, slutt, start, innleggelser, innleggelserPerSykehus: perSykehus, forlop: medIAret };
}

// ---------------------------------------------------------------- registration

const RANG: Record<string, number> = {
  INNLAGT: 0,
  INNLEGGELSESMELDING_SENDT: 1,
  STATUSENDRING: 2,
  KARTLEGGING_STARTET: 3,
  KARTLEGGING_FULLFORT: 4,
  UTSKRIVNINGSKLAR: 5,
  KOMMUNESVAR: 6,
  TILBUD_KLART: 7,
  UTSKRIVNINGSKLAR_AVMELDT: 8,
  EPIKRISE_SENDT: 9,
  UTSKREVET: 10,
  OPPFOLGING_STARTET: 11,
  DOD: 12,
  FORLOP_AVBRUTT: 13,
};

const SLUTT = ['UTSKREVET', 'DOD', 'FORLOP_AVBRUTT'];
/** A late registration must still come before these (later) hendelser, or the forløp would refuse it. */
const SPERRES_AV: Record<string, string[]> = {
  INNLAGT: [],
  INNLEGGELSESMELDING_SENDT: SLUTT,
  KARTLEGGING_FULLFORT: SLUTT,
  KOMMUNESVAR: ['KOMMUNESVAR', 'TILBUD_KLART', 'UTSKRIVNINGSKLAR', 'UTSKRIVNINGSKLAR_AVMELDT', ...SLUTT],
  EPIKRISE_SENDT: ['DOD', 'FORLOP_AVBRUTT'],
  OPPFOLGING_STARTET: ['DOD', 'FORLOP_AVBRUTT'],
};
/** …and after these (earlier) ones. */
const FORUTSETTER: Record<string, string[]> = {
  KOMMUNESVAR: ['UTSKRIVNINGSKLAR'],
  OPPFOLGING_STARTET: ['UTSKREVET'],
  KARTLEGGING_FULLFORT: ['KARTLEGGING_STARTET'],
};

/**
 * When each hendelse is registered: a few minutes after it happened, in the order it happened;
 * the late ones (w.sen) later, but never after a hendelse that would make the forløp refuse them,
 * and the forløp itself (INNLAGT) before anything else. Sorted by registration.
 */
function registrer(w: Arbeid): void {
  const s = w.s;
  const hs = [...w.f.hendelser].sort((x, y) => x.tidspunkt - y.tidspunkt || RANG[x.type] - RANG[y.type]);
  const innlagt = hs.find((h) => h.type === 'INNLAGT')!;
  innlagt.registrert = innlagt.tidspunkt + (w.sen.get(innlagt.nokkel) ?? s.mellom(2, 30) * MIN);
  let forrige = innlagt.registrert;
  for (const h of hs) {
    if (h === innlagt || w.sen.has(h.nokkel)) continue;
    h.registrert = Math.max(h.tidspunkt + s.mellom(0, 8) * MIN, forrige + 1, innlagt.registrert + 1);
    forrige = h.registrert;
  }
  hs.forEach((h, i) => {
    if (h === innlagt || !w.sen.has(h.nokkel)) return;
    const etter = hs.slice(i + 1).filter((x) => (SPERRES_AV[h.type] ?? SLUTT).includes(x.type));
    const for_ = hs.slice(0, i).filter((x) => (FORUTSETTER[h.type] ?? []).includes(x.type));
    const ovre = Math.min(...etter.map((x) => x.registrert)) - 1;
    const nedre = Math.max(innlagt.registrert, ...for_.map((x) => x.registrert)) + 1;
    h.registrert = Math.round(Math.max(nedre, Math.min(ovre, h.tidspunkt + w.sen.get(h.nokkel)!)));
  });
  w.f.hendelser = hs.sort((x, y) => x.registrert - y.registrert || RANG[x.type] - RANG[y.type]);
}
