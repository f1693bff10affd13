/**
 * Admissions and the stay up to the assessment: the patient (new or known), the hospital, whether
 * the ward starts a forløp (and the few started on the wrong patient), then the forløp's first
 * hendelser — innleggelsesmelding, a change of state, kartlegging for included patients — and
 * what ends the stay before the assessment (death, transfer, home without a melding). A patient
 * to be meldt goes on to the assessment (sim/kommunesvar.ts).
 */
import { hendelse, sykehusPart, TILBUD, type Aret, type Arbeid, type KommuneTilstand, type Pasient } from './aret';
import { lagFnr } from './fodselsnummer';
import { DOGN, TIME } from './kapasitet';
import { vurdering, vurderingstid } from './kommunesvar';
import { alder, datoOslo, inkluderesAvKriterier, plussDager, TEAM, type Behov, type KommuneModell, type Part, type SimForlop, type SykehusId } from './modell';
import { strom, type Strom } from './tilfeldig';
import { doedsfall, gapTilReinnleggelse, utskriv } from './utskrivning';

/** A patient, known by the key of the admission that first brought them (stable whatever the capacity). */
export function nyPasient(ar: Aret, k: KommuneModell, fodt: string, nokkel: string): Pasient {
  const p: Pasient = { nr: nokkel, kommune: k, fodt, fnr: lagFnr(fodt, strom(ar.seed, ar.salt, 'fnr', nokkel), ar.brukteFnr) };
  return p;
}

export function fodselsdato(s: Strom, a: number): { fodt: string; alder: number } {
  const gruppe = s.velg({ ung: 0.2, middel: 0.2, eldre: 0.3, gammel: 0.3 });
  const aar = gruppe === 'ung' ? s.heltall(18, 49) : gruppe === 'middel' ? s.heltall(50, 64) : gruppe === 'eldre' ? s.heltall(65, 79) : s.heltall(80, 99);
  const fodt = plussDager(datoOslo(a), -Math.round(aar * 365.25 + s.mellom(1, 364)));
  return { fodt, alder: alder(fodt, datoOslo(a)) };
}

export function velgSykehus(ar: Aret, k: KommuneModell, s: Strom, t: number): SykehusId {
  const mosjoenOmrade = ['1824', '1825', '1826'].includes(k.nummer);
  if (mosjoenOmrade && s.ja(t < ar.nedlagt ? 0.7 : 0.015)) return 'HSYK-MOS';
  if (s.ja(0.1)) return k.sykehus === 'HSYK-MO' ? 'HSYK-SSJ' : 'HSYK-MO';
  return k.sykehus;
}

/** An admission at t: of a patient known (a readmission) or new. */
export function innleggelse(
  ar: Aret,
  nokkel: string,
  a: number,
  kjent: Pasient | null,
  k: KommuneTilstand,
  s: Strom,
  etter: { forlop: string; meldt: boolean } | null,
): void {
  if (a > ar.slutt) return;
  const { fodt, alder: alderNaa } = kjent ? { fodt: kjent.fodt, alder: alder(kjent.fodt, datoOslo(a)) } : fodselsdato(s, a);
  const sykehus = velgSykehus(ar, k.m, s, a);
  if (a >= ar.start) {
    ar.innleggelser++;
    ar.perSykehus[sykehus] = (ar.perSykehus[sykehus] ?? 0) + 1;
  }
  const avdeling = s.velg({ 'Medisinsk avdeling': 0.6, 'Kirurgisk avdeling': 0.28, 'Ortopedisk avdeling': 0.12 });
  // Back soon after an utskrivningsklar stay: the ward assumes the need at once.
  const pBehov = etter?.meldt ? 0.95 : (alderNaa >= 80 ? 0.62 : alderNaa >= 65 ? 0.3 : 0.06) + (etter ? 0.15 : 0);
  const antattBehov = s.ja(pBehov);
  const senBehov = !antattBehov && s.ja(0.02);
  // Length of stay to the assessment (utskrivningsklar) or discharge.
  const liggetid = Math.max(0.3, s.lognormal(alderNaa >= 80 ? 4.2 : 3.2, 0.6)) * DOGN;
  if (!antattBehov && !senBehov) {
    // No forløp: the patient goes home; sometimes comes back.
    const u = a + liggetid;
    ar.ko.legg(u, () => {
      if (s.ja(0.05)) {
        const p = kjent ?? nyPasient(ar, k.m, fodt, nokkel);
        const gap = gapTilReinnleggelse(s);
        ar.ko.legg(u + gap, () => innleggelse(ar, `${nokkel}r`, u + gap, p, k, strom(ar.seed, 'reinnleggelse', nokkel), null));
      }
    });
    return;
  }
  const p = kjent ?? nyPasient(ar, k.m, fodt, nokkel);
  // Now and then a forløp is started on the wrong patient and cancelled (registered in error).
  if (s.ja(0.004)) feilregistrert(ar, `${nokkel}x`, a, k, sykehus, avdeling, s);
  startForlop(ar, nokkel, a, p, k, s, { sykehus, avdeling, antattBehov, alderNaa, liggetid, etter: etter?.forlop ?? null, senBehov });
}

export function nyttArbeid(
  ar: Aret,
  nokkel: string,
  a: number,
  p: Pasient,
  k: KommuneTilstand,
  s: Strom,
  felt: { sykehus: SykehusId; avdeling: string; antattBehov: boolean; alderNaa: number; etter: string | null },
): Arbeid {
  const innlagtDato = datoOslo(a);
  const kriterie = inkluderesAvKriterier(ar.kriterier, {
    sykehus: felt.sykehus,
    kommune: k.m.nummer,
    innlagtDato,
    antattBehov: felt.antattBehov,
    alder: felt.alderNaa,
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
  ar.forlop.push(f);
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
    klarNaa: false,
    svarVentende: false,
    aldriSvar: s.ja(k.m.svar.aldriAndel),
    behov: null,
    meldinger: 0,
    perioder: 0,
    sen: new Map(),
    nesteNr: 0,
  };
}

export function feilregistrert(ar: Aret, nokkel: string, a: number, k: KommuneTilstand, sykehus: SykehusId, avdeling: string, s: Strom): void {
  const annen = fodselsdato(s, a);
  const p = nyPasient(ar, k.m, annen.fodt, nokkel);
  const w = nyttArbeid(ar, nokkel, a, p, k, s, { sykehus, avdeling, antattBehov: true, alderNaa: annen.alder, etter: null });
  hendelse(w, 'INNLAGT', a, sykehusPart(w));
  if (s.ja(0.5)) hendelse(w, 'INNLEGGELSESMELDING_SENDT', a + s.mellom(0.3, 3) * TIME, sykehusPart(w), { antattForlop: 'Feil pasient' });
  hendelse(w, 'FORLOP_AVBRUTT', a + s.mellom(3.5, 30) * TIME, sykehusPart(w), { arsak: 'Registrert på feil pasient' });
  w.f.modell.avbrutt = true;
  w.iSykehus = false;
  ferdig(ar, w);
}

export function ferdig(ar: Aret, w: Arbeid): void {
  ar.paaVent.push(w);
}

export function startForlop(
  ar: Aret,
  nokkel: string,
  a: number,
  p: Pasient,
  k: KommuneTilstand,
  s: Strom,
  felt: { sykehus: SykehusId; avdeling: string; antattBehov: boolean; alderNaa: number; liggetid: number; etter: string | null; senBehov: boolean },
): void {
  const w = nyttArbeid(ar, nokkel, a, p, k, s, felt);
  const f = w.f;
  ferdig(ar, w);
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
      ar.ko.legg(t, () => {
        if (w.iSykehus)
          hendelse(
            w,
            'INNLEGGELSESMELDING_SENDT',
            t,
            sykehusPart(w),
            { antattForlop: 'Innlagt for akutt sykdom', forventetUtskrivningsdato: datoOslo(vurdert + DOGN) },
            sen,
          );
      });
    }
  }
  if (s.ja(0.06)) {
    const t = a + s.mellom(0.2, 0.9) * (vurdert - a);
    ar.ko.legg(t, () => {
      if (w.iSykehus) hendelse(w, 'STATUSENDRING', t, sykehusPart(w), { beskrivelse: 'Vesentlig endring i pasientens tilstand' });
    });
  }

  // What ends the stay before the assessment: death, transfer; else the assessment.
  const dodFor = s.ja(felt.alderNaa >= 80 ? 0.03 : 0.012);
  const overfort = !dodFor && s.ja(0.03);
  const meldes = felt.senBehov || s.ja(felt.alderNaa >= 80 ? 0.62 : 0.5);
  const behov: Behov =
    felt.alderNaa >= 80 ? s.velg({ hjemmetjeneste: 0.45, korttid: 0.4, langtid: 0.15 }) : s.velg({ hjemmetjeneste: 0.62, korttid: 0.3, langtid: 0.08 });
  // The first melding, as planned (for the kartlegging's timing).
  const planlagtMelding = vurdert + 2 * TIME;

  // Kartlegging for included patients: mostly before the melding, sometimes late or never.
  const inkludert = f.kartleggingGitt ?? f.inkludertAvKriterier;
  const team = TEAM[f.sykehus];
  if (inkludert && team) {
    const tp: Part = { rolle: 'kartleggingsteam', org: team };
    const startet = a + s.mellom(3, 30) * TIME;
    if (s.ja(0.6)) ar.ko.legg(startet, () => w.iSykehus && hendelse(w, 'KARTLEGGING_STARTET', startet, tp));
    const kat = s.velg({ for: 0.82, sen: 0.09, aldri: 0.09 });
    const fra = startet + TIME;
    const til = (meldes ? planlagtMelding : vurdert) - 0.5 * TIME;
    const t = kat === 'for' && til > fra ? s.mellom(fra, til) : kat !== 'aldri' ? planlagtMelding + s.mellom(2, 30) * TIME : null;
    if (t !== null) {
      const sen = s.ja(0.1) ? s.mellom(2, 24) * TIME : 0;
      ar.ko.legg(t, () => {
        if (w.iSykehus)
          hendelse(
            w,
            'KARTLEGGING_FULLFORT',
            t,
            tp,
            {
              resultat: { funksjon: 'Går med rullator', mestring: 'Trenger hjelp til stell', behov: [behov], anbefaling: TILBUD[behov] },
            },
            sen,
          );
      });
    }
  }

  if (dodFor || overfort) {
    const t = a + s.mellom(0.1, 1) * (vurdert - a);
    ar.ko.legg(t, () => {
      if (!w.iSykehus) return;
      if (dodFor) doedsfall(w, t);
      else utskriv(ar, w, t, 'annet_sykehus');
    });
    return;
  }
  if (!meldes) {
    const t = vurdert + s.mellom(1, 6) * TIME;
    const dest = s.velg({ hjem: 0.68, hjem_med_tjenester: 0.29, annen_institusjon: 0.03 });
    ar.ko.legg(t, () => w.iSykehus && utskriv(ar, w, t, dest));
    return;
  }
  w.behov = behov;
  f.modell.behov = behov;
  ar.ko.legg(vurdert, () => vurdering(ar, w, vurdert, true));
}
