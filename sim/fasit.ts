/**
 * The ground truth: what the engine must answer for each simulated forløp, worked out here from
 * the rules of docs/domain.md (frister, the payment rule, reinnleggelse) and the states of docs/api.md,
 * INDEPENDENTLY of the engine's code: nothing is imported from workflows/. Calendar days are
 * Europe/Oslo (luxon); "24 h" and "+4 h" are elapsed time; a frist is judged by the clinical
 * `tidspunkt`, whenever the hendelse was registered.
 *
 * Everything is evaluated at an instant `naa` (when the engine is read), from the hendelser that
 * were actually sent (registered before the year's end).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime, Duration } from 'luxon';
import { datoOslo, dagSlutt, dagerMellom, plussDager, SONE, type SimForlop, type SimHendelse } from './modell';

/** The frist settings the ground truth needs (config/frister.default.json, overridden per kommune). */
export interface Frister {
  innleggelsesmelding: string;
  kommunesvar: string;
  epikriseGrace: string;
  oppfolging: string;
  observasjonsvindu: string;
  /** A discharge registered after its window stays open this long after its registration (README, Frister). */
  etterregistrering: string;
}

/** When the engine registered a hendelse (the driver's record); the model's registration by default. */
export type RegistrertIMotoren = (h: SimHendelse) => number;
const somModellen: RegistrertIMotoren = (h) => h.registrert;

/**
 * When the window after utskrivning closes: 30 days (observasjonsvindu) after it, or, for a
 * discharge the engine registered later than that, `etterregistrering` after its registration.
 */
function vinduSlutt(utskrevet: SimHendelse, konfig: Frister, reg: RegistrertIMotoren): number {
  return Math.max(pluss(utskrevet.tidspunkt, konfig.observasjonsvindu), pluss(reg(utskrevet), konfig.etterregistrering));
}

export function standardFrister(): Frister & Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'config', 'frister.default.json'), 'utf8'));
}

/** An instant plus an ISO 8601 duration: hours are elapsed time, days calendar days in Oslo. */
function pluss(ms: number, iso: string): number {
  return DateTime.fromMillis(ms, { zone: SONE }).plus(Duration.fromISO(iso)).toMillis();
}

export interface FasitDag {
  dato: string;
  /** The payment conditions are met (melding om innlagt pasient in time, a complete melding). */
  betalbar: boolean;
  /** The epikrise was missing at utskrivning. */
  omstridt: boolean;
}

export interface FasitAvvik {
  type: string;
  /** When the frist broke (for the report's period). */
  brutt: number;
}

export interface Fasit {
  nokkel: string;
  status: string;
  kartleggingInkludert: boolean;
  /** Avvik that stand (not withdrawn), by type, sorted. */
  avvik: FasitAvvik[];
  dager: FasitDag[];
  /** The sim key of the forløp this is a reinnleggelse after, or null. */
  reinnleggelseAv: string | null;
  /** Instants where the answer changes by itself (a frist due, midnight while waiting, the window's end). */
  vendepunkter: number[];
  /** Hendelser the forløp must refuse (none, when the generator is right): their nokler. */
  avvist: string[];
  utskrevet: number | null;
  destinasjon: string | null;
}

const I_SYKEHUS = ['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning'];
const HJEM = ['hjem', 'hjem_med_tjenester'];

function fullstendig(h: SimHendelse): boolean {
  const v = h.data.vurdering as Record<string, boolean> | undefined;
  return !!v && v.problemstillingerVedInnleggelseAvklart && v.ovrigeProblemstillingerAvklart && v.uavklarteProblemstillingerAngitt && v.funksjonsnivaaVurdert;
}

/**
 * The forløp's state after the hendelser in the order they arrive (docs/api.md statuses, the states
 * README's diagram documents): which hendelser it accepts, and its status at `naa`.
 */
function tilstand(f: SimForlop, sendt: SimHendelse[], konfig: Frister, naa: number, reg: RegistrertIMotoren): { status: string; avvist: string[] } {
  let s = 'innlagt';
  let ufullstendig = false;
  let epikrise = false;
  let oppfolging = false;
  let destinasjon: string | null = null;
  let kartlegging = (f.kartleggingGitt ?? f.inkludertAvKriterier) ? 'ikke_startet' : 'ikke_inkludert';
  let utskrevet: SimHendelse | null = null;
  const avvist: string[] = [];
  const ferdig = () => epikrise && (oppfolging || !HJEM.includes(destinasjon ?? ''));
  for (const h of sendt) {
    if (h.type === 'INNLAGT') continue;
    // After utskrivning with something missing, the forløp closes when the observation window ends.
    if (s === 'utskrevet' && utskrevet !== null && vinduSlutt(utskrevet, konfig, reg) <= reg(h)) s = 'avsluttet';
    const iSykehus = I_SYKEHUS.includes(s);
    const venter = s === 'utskrivningsklar' || s === 'venter_pa_kommune';
    let ok: boolean;
    switch (h.type) {
      case 'INNLEGGELSESMELDING_SENDT':
      case 'STATUSENDRING':
        ok = iSykehus;
        break;
      case 'KARTLEGGING_STARTET':
        ok = iSykehus && kartlegging === 'ikke_startet';
        if (ok) kartlegging = 'pagar';
        break;
      case 'KARTLEGGING_FULLFORT':
        ok = iSykehus && (kartlegging === 'ikke_startet' || kartlegging === 'pagar');
        if (ok) kartlegging = 'fullfort';
        break;
      case 'UTSKRIVNINGSKLAR':
        ok = s === 'innlagt' || (venter && ufullstendig);
        if (ok) {
          s = 'utskrivningsklar';
          ufullstendig = !fullstendig(h);
        }
        break;
      case 'UTSKRIVNINGSKLAR_AVMELDT':
        ok = venter || s === 'klar_for_utskrivning';
        if (ok) s = 'innlagt';
        break;
      case 'KOMMUNESVAR':
        ok = venter;
        if (ok) s = h.data.kanTaImot ? 'klar_for_utskrivning' : 'venter_pa_kommune';
        break;
      case 'TILBUD_KLART':
        ok = venter;
        if (ok) s = 'klar_for_utskrivning';
        break;
      case 'EPIKRISE_SENDT':
        ok = (iSykehus || s === 'utskrevet') && !epikrise;
        if (ok) epikrise = true;
        break;
      case 'UTSKREVET':
        // While waiting for the kommune: to another hospital, or as the hospital's EPJ reports it (PLO).
        ok = s === 'innlagt' || s === 'klar_for_utskrivning' || (venter && (h.data.destinasjon === 'annet_sykehus' || h.data.meldtAvEpj === true));
        if (ok) {
          destinasjon = h.data.destinasjon as string;
          utskrevet = h;
          s = destinasjon === 'dod' ? 'avsluttet' : 'utskrevet';
        }
        break;
      case 'OPPFOLGING_STARTET':
        ok = s === 'utskrevet' && HJEM.includes(destinasjon ?? '') && !oppfolging;
        if (ok) oppfolging = true;
        break;
      case 'DOD':
        ok = iSykehus || s === 'utskrevet';
        if (ok) s = 'avsluttet';
        break;
      case 'FORLOP_AVBRUTT':
        ok = iSykehus || s === 'utskrevet';
        if (ok) s = 'avbrutt';
        break;
      // The sheet given changes no state (the simulated year does not send it).
      case 'INFORMASJON_GITT':
        ok = iSykehus || s === 'utskrevet';
        break;
      // The simulated year never changes inclusion during a stay; the ground truth does not judge it.
      case 'KARTLEGGING_INKLUSJON':
        ok = false;
        break;
      default: {
        const ukjent: never = h.type;
        throw new Error(`fasit: ukjent hendelse ${String(ukjent)}`);
      }
    }
    if (!ok) avvist.push(h.nokkel);
    if (s === 'utskrevet' && ferdig()) s = 'avsluttet';
  }
  if (s === 'utskrevet' && utskrevet !== null && vinduSlutt(utskrevet, konfig, reg) <= naa) s = 'avsluttet';
  return { status: s, avvist };
}

/**
 * The ground truth of one forløp at `naa`. `sendt` are its hendelser that were sent, in the
 * order they were sent. The window after utskrivning is judged by when each was registered.
 */
export function fasitFor(
  f: SimForlop,
  sendt: SimHendelse[],
  konfig: Frister,
  naa: number,
  reinnleggelseAv: string | null,
  reg: RegistrertIMotoren = somModellen,
): Fasit {
  const { status, avvist } = tilstand(f, sendt, konfig, naa, reg);
  const gyldige = sendt.filter((h) => !avvist.includes(h.nokkel));
  const alle = [...gyldige].sort((a, b) => a.tidspunkt - b.tidspunkt || a.registrert - b.registrert);
  const av = (type: string) => alle.filter((h) => h.type === type);
  const forste = (type: string) => av(type)[0]?.tidspunkt ?? null;
  const avbrutt = av('FORLOP_AVBRUTT').length > 0;
  const utskrevetH = av('UTSKREVET')[0];
  const utskrevet = utskrevetH?.tidspunkt ?? null;
  const destinasjon = (utskrevetH?.data.destinasjon as string | undefined) ?? null;
  // The stay ends (for frister that need the patient in hospital) at utskrivning, death or cancellation.
  const sluttOpphold = Math.min(...['UTSKREVET', 'DOD', 'FORLOP_AVBRUTT'].map((t) => forste(t) ?? Infinity));
  const vendepunkter: number[] = [];
  const avvik: FasitAvvik[] = [];
  const inkludert = f.kartleggingGitt ?? f.inkludertAvKriterier;

  /**
   * A frist with a due instant: broken when the deed came after it, or when it has passed (or
   * the stay ended after it) without the deed. Lapses when the stay ended before it undone.
   */
  const frist = (forfall: number, gjort: number | null, bortfallerVed: number): boolean => {
    vendepunkter.push(forfall);
    if (gjort !== null) return gjort > forfall;
    if (bortfallerVed <= forfall) return false;
    return naa >= forfall;
  };

  // INNLEGGELSESMELDING: 24 h elapsed after admission, when kommunale tjenester are assumed needed.
  let innleggelsesmeldingBrutt = false;
  if (f.antattBehov) {
    const forfall = pluss(f.innlagt, konfig.innleggelsesmelding);
    innleggelsesmeldingBrutt = frist(forfall, forste('INNLEGGELSESMELDING_SENDT'), sluttOpphold);
    if (innleggelsesmeldingBrutt) avvik.push({ type: 'INNLEGGELSESMELDING', brutt: forfall });
  }

  // KARTLEGGING: completed before the (first) melding om utskrivningsklar pasient.
  const meldinger = av('UTSKRIVNINGSKLAR');
  if (inkludert && meldinger.length) {
    const fullfort = forste('KARTLEGGING_FULLFORT');
    if (fullfort === null || fullfort > meldinger[0].tidspunkt) avvik.push({ type: 'KARTLEGGING', brutt: meldinger[0].tidspunkt });
  }

  // Periods of waiting: each melding until the next melding, an avmelding, or the stay's end.
  const periodeSlutt = ['UTSKRIVNINGSKLAR', 'UTSKRIVNINGSKLAR_AVMELDT', 'UTSKREVET', 'DOD', 'FORLOP_AVBRUTT'];
  const perioder = meldinger.map((m) => {
    const i = alle.indexOf(m);
    let j = alle.findIndex((h, k) => k > i && periodeSlutt.includes(h.type));
    if (j < 0) j = alle.length;
    const innen = alle.slice(i + 1, j);
    const slutt = alle[j] as SimHendelse | undefined;
    const svar = innen.find((h) => h.type === 'KOMMUNESVAR' || h.type === 'TILBUD_KLART');
    const klar = innen.find((h) => h.type === 'TILBUD_KLART' || (h.type === 'KOMMUNESVAR' && h.data.kanTaImot === true));
    return { m, slutt, svar, klar };
  });

  for (const p of perioder) {
    // UTSKRIVNINGSKLAR_MELDING: sent the same calendar day (Oslo) as the assessment, with points a–d.
    const vurdert = Date.parse((p.m.data.vurdertTidspunkt as string | undefined) ?? new Date(p.m.tidspunkt).toISOString());
    const dagensSlutt = dagSlutt(vurdert);
    const iTide = p.m.tidspunkt < dagensSlutt;
    if (!iTide || !fullstendig(p.m)) avvik.push({ type: 'UTSKRIVNINGSKLAR_MELDING', brutt: iTide ? p.m.tidspunkt : dagensSlutt });
    // KOMMUNESVAR: the kommune answers within 4 h (elapsed) of the melding it received.
    const forfall = pluss(p.m.tidspunkt, konfig.kommunesvar);
    if (frist(forfall, p.svar?.tidspunkt ?? null, p.slutt?.tidspunkt ?? Infinity)) avvik.push({ type: 'KOMMUNESVAR', brutt: forfall });
  }

  // EPIKRISE at utskrivning (+ grace), except when the patient left dead; OPPFOLGING 24 h after discharge home.
  let epikriseBrutt = false;
  if (utskrevet !== null && destinasjon !== 'dod') {
    const forfall = pluss(utskrevet, konfig.epikriseGrace);
    const dod = av('DOD').find((h) => h.tidspunkt >= utskrevet)?.tidspunkt ?? Infinity;
    epikriseBrutt = frist(forfall, forste('EPIKRISE_SENDT'), dod);
    if (epikriseBrutt) avvik.push({ type: 'EPIKRISE', brutt: forfall });
    if (HJEM.includes(destinasjon ?? '')) {
      const forfallO = pluss(utskrevet, konfig.oppfolging);
      if (frist(forfallO, forste('OPPFOLGING_STARTET'), dod)) avvik.push({ type: 'OPPFOLGING', brutt: forfallO });
    }
    if (status === 'utskrevet') vendepunkter.push(vinduSlutt(utskrevetH, konfig, reg));
  }

  // Overliggerdøgn: from the day of the melding, while the kommune has said no or not answered,
  // up to (not including) the day it can receive; avmelding or leaving stops the count that day.
  const dager = new Map<string, FasitDag>();
  if (!avbrutt) {
    for (const p of perioder) {
      const stopp = [p.klar?.tidspunkt, p.slutt?.tidspunkt].filter((x): x is number => x !== undefined);
      const til = stopp.length ? datoOslo(Math.min(...stopp)) : plussDager(datoOslo(naa), 1);
      if (!stopp.length) vendepunkter.push(dagSlutt(naa), dagSlutt(naa) - 24 * 3_600_000);
      const betalbar = !innleggelsesmeldingBrutt && fullstendig(p.m);
      for (let d = datoOslo(p.m.tidspunkt); d < til; d = plussDager(d, 1)) dager.set(d, { dato: d, betalbar, omstridt: epikriseBrutt });
    }
  }

  return {
    nokkel: f.nokkel,
    status,
    kartleggingInkludert: inkludert,
    avvik: avbrutt ? [] : avvik.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.brutt - b.brutt)),
    dager: [...dager.values()].sort((a, b) => (a.dato < b.dato ? -1 : 1)),
    reinnleggelseAv: avbrutt ? null : reinnleggelseAv,
    vendepunkter,
    avvist,
    utskrevet,
    destinasjon,
  };
}

/**
 * Reinnleggelse (docs/domain.md, stage 9): a new admission of the same patient within 30 calendar
 * days of an utskrivning is linked to that (the latest such) earlier forløp. Among the forløp the
 * engine was given; a forløp registered in error is neither linked nor linked to.
 */
export function reinnleggelser(forlop: Array<{ f: SimForlop; sendt: SimHendelse[] }>): Map<string, string | null> {
  const perPasient = new Map<string, Array<{ f: SimForlop; utskrevet: number | null; avbrutt: boolean }>>();
  for (const { f, sendt } of forlop) {
    const l = perPasient.get(f.pasient) ?? [];
    l.push({
      f,
      utskrevet: sendt.find((h) => h.type === 'UTSKREVET')?.tidspunkt ?? null,
      avbrutt: sendt.some((h) => h.type === 'FORLOP_AVBRUTT'),
    });
    perPasient.set(f.pasient, l);
  }
  const ut = new Map<string, string | null>();
  for (const l of perPasient.values()) {
    for (const x of l) {
      const kandidater = l.filter(
        (y) => y !== x && !y.avbrutt && y.utskrevet !== null && y.utskrevet <= x.f.innlagt && dagerMellom(datoOslo(y.utskrevet), datoOslo(x.f.innlagt)) <= 30,
      );
      kandidater.sort((a, b) => b.utskrevet! - a.utskrevet!);
      ut.set(x.f.nokkel, x.avbrutt ? null : (kandidater[0]?.f.nokkel ?? null));
    }
  }
  return ut;
}

// ---------------------------------------------------------------- the indicators (docs/api.md "Reports")

export interface FasitIndikatorer {
  forlop: number;
  meldtUtskrivningsklar: number;
  overliggerdogn: number;
  overliggerdognBelop: number;
  utskrivninger: number;
  utskrevetHjem: number;
  reinnleggelse30d: number;
  avvik: number;
  avvikPerType: Record<string, number>;
}

/** The døgnpris of a date's year; a year without one at the latest earlier known price. */
export function prisFor(dognpris: Record<string, number>, dato: string): number {
  const ar = Number(dato.slice(0, 4));
  if (dognpris[String(ar)] !== undefined) return dognpris[String(ar)];
  const kjente = Object.keys(dognpris)
    .map(Number)
    .filter((a) => a < ar)
    .sort((a, b) => b - a);
  return kjente.length ? dognpris[String(kjente[0])] : 0;
}

/** Per oppholdskommune over [fra, til] (Oslo dates), by the definitions of docs/api.md's indicator table. */
export function fasitIndikatorer(
  rader: Array<{ f: SimForlop; sendt: SimHendelse[]; fasit: Fasit }>,
  fra: string,
  til: string,
  dognpris: Record<string, number>,
): Map<string, FasitIndikatorer> {
  const ut = new Map<string, FasitIndikatorer>();
  const hent = (k: string) => {
    let x = ut.get(k);
    if (!x) {
      x = {
        forlop: 0,
        meldtUtskrivningsklar: 0,
        overliggerdogn: 0,
        overliggerdognBelop: 0,
        utskrivninger: 0,
        utskrevetHjem: 0,
        reinnleggelse30d: 0,
        avvik: 0,
        avvikPerType: {},
      };
      ut.set(k, x);
    }
    return x;
  };
  const iPerioden = (d: string) => d >= fra && d <= til;
  const levende = rader.filter((r) => r.fasit.status !== 'avbrutt');
  const innleggelserPerPasient = new Map<string, number[]>();
  for (const r of levende) innleggelserPerPasient.set(r.f.pasient, [...(innleggelserPerPasient.get(r.f.pasient) ?? []), r.f.innlagt]);
  for (const { f, sendt, fasit } of levende) {
    const x = hent(f.kommune);
    if (iPerioden(datoOslo(f.innlagt))) {
      x.forlop++;
      if (sendt.some((h) => h.type === 'UTSKRIVNINGSKLAR')) x.meldtUtskrivningsklar++;
    }
    for (const d of fasit.dager) {
      if (!iPerioden(d.dato) || !d.betalbar || d.omstridt) continue;
      x.overliggerdogn++;
      x.overliggerdognBelop += prisFor(dognpris, d.dato);
    }
    if (fasit.utskrevet !== null && iPerioden(datoOslo(fasit.utskrevet)) && !['dod', 'annet_sykehus'].includes(fasit.destinasjon ?? '')) {
      x.utskrivninger++;
      if (HJEM.includes(fasit.destinasjon!)) x.utskrevetHjem++;
      const neste = (innleggelserPerPasient.get(f.pasient) ?? []).filter((t) => t >= fasit.utskrevet! && t !== f.innlagt).sort((a, b) => a - b)[0];
      if (neste !== undefined && dagerMellom(datoOslo(fasit.utskrevet), datoOslo(neste)) <= 30) x.reinnleggelse30d++;
    }
    for (const a of fasit.avvik) {
      if (!iPerioden(datoOslo(a.brutt))) continue;
      x.avvik++;
      x.avvikPerType[a.type] = (x.avvikPerType[a.type] ?? 0) + 1;
    }
  }
  return ut;
}
