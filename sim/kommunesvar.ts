/**
 * From the assessment until the kommune can receive: the melding om utskrivningsklar pasient (now
 * and then late, or first without one of the points), the request to the kommune's capacity
 * (sim/kapasitet.ts), its answer — yes when served at once, otherwise no with an expected date and
 * the tilbud klart when a place or a start comes free, or a free korttidsplass instead of a long
 * wait — and, while the patient waits, avmelding and a new melding.
 */
import { DESTINASJON, hendelse, kommunePart, MIN, sykehusPart, TILBUD, type Aret, type Arbeid } from './aret';
import { DOGN, TIME } from './kapasitet';
import type { Strom } from './tilfeldig';
import { dagSlutt, datoOslo, isoOslo, klokken, plussDager, timeAv, type Behov } from './modell';
import { doedsfall, utskriv } from './utskrivning';

const VURDERING = {
  problemstillingerVedInnleggelseAvklart: true,
  ovrigeProblemstillingerAvklart: true,
  uavklarteProblemstillingerAngitt: true,
  funksjonsnivaaVurdert: true,
};

/** The doctor's assessment: the patient is utskrivningsklar; the ward melds the kommune. */
export function vurdering(ar: Aret, w: Arbeid, v: number, forste: boolean): void {
  if (!w.iSykehus) return;
  const s = w.s;
  const kat = forste ? s.velg({ iTide: 0.92, sen: 0.04, ufullstendig: 0.04 }) : 'iTide';
  const vurdertIso = isoOslo(v);
  if (kat === 'ufullstendig') {
    const m1 = Math.min(v + s.mellom(0.3, 2) * TIME, dagSlutt(v) - 10 * MIN);
    const m2 = m1 + s.mellom(1, 8) * TIME;
    const punkt = s.velg({
      problemstillingerVedInnleggelseAvklart: 1,
      ovrigeProblemstillingerAvklart: 1,
      uavklarteProblemstillingerAngitt: 1,
      funksjonsnivaaVurdert: 1,
    });
    ar.ko.legg(m1, () => melding(ar, w, m1, { vurdertTidspunkt: vurdertIso, vurdering: { ...VURDERING, [punkt]: false } }));
    ar.ko.legg(m2, () => melding(ar, w, m2, { vurdertTidspunkt: vurdertIso, vurdering: VURDERING }));
    return;
  }
  const m = kat === 'sen' ? klokken(v + DOGN, s.mellom(9, 13)) : Math.min(v + s.mellom(0.3, 3) * TIME, dagSlutt(v) - 10 * MIN);
  ar.ko.legg(m, () => melding(ar, w, m, { vurdertTidspunkt: vurdertIso, vurdering: VURDERING }));
}

/** A melding om utskrivningsklar pasient is sent: the kommune is asked, and answers. */
export function melding(ar: Aret, w: Arbeid, m: number, data: Record<string, unknown>): void {
  // Discharged, or the kommune already said it can receive: no corrected melding is sent.
  if (!w.iSykehus || w.klarNaa) return;
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
    be(ar, w, w.behov!, m);
    const periode = w.perioder;
    const tDod = m + s.eksponentiell(250) * DOGN;
    const tAvmeld = m + s.eksponentiell(80) * DOGN;
    ar.ko.legg(tDod, () => w.venter && w.perioder === periode && doedsfall(w, tDod));
    ar.ko.legg(tAvmeld, () => w.venter && w.perioder === periode && avmelding(ar, w, tAvmeld));
    morgensjekk(ar, w, periode, klokken(m + DOGN, 10));
  }
  if (!w.svarVentende) {
    w.svarVentende = true;
    const sen = s.ja(w.k.m.svar.senAndel);
    const t = m + (sen ? s.mellom(4.3, 20) : Math.max(0.1, Math.min(3.8, s.lognormal(1, 0.7)))) * TIME;
    ar.ko.legg(t, () => svar(ar, w, t));
  }
}

export function be(ar: Aret, w: Arbeid, behov: Behov, t: number): void {
  const id = `f${ar.nesteForesporsel++}`;
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
          ar.ko.legg(tk, () => w.venter && w.foresporsel === id && klar(ar, w, tk, 'TILBUD_KLART'));
        }
      },
    },
    t,
  );
}

/** The kommune's answer to the melding in force at t. */
export function svar(ar: Aret, w: Arbeid, t: number): void {
  w.svarVentende = false;
  if (!w.venter || !w.iSykehus) return;
  if (w.betjent !== null && w.betjent <= t) {
    klar(ar, w, t, w.aldriSvar ? 'TILBUD_KLART' : 'KOMMUNESVAR');
    return;
  }
  const est = w.k[w.behov!].estimertVentetid(t);
  if (tilbyKorttid(ar, w, t, est)) return;
  if (w.aldriSvar) return;
  neiSvar(ar, w, t, est);
}

/**
 * A long wait for a start at home or a langtidsplass: a free korttidsplass is offered instead
 * (at the answer and each morning while the patient waits).
 */
export function tilbyKorttid(ar: Aret, w: Arbeid, t: number, est: number): boolean {
  if (w.behov === 'korttid' || est <= (w.behov === 'langtid' ? 5 : 3) * DOGN || !w.k.korttid.ledigNaa(t)) return false;
  w.k[w.behov!].trekk(w.foresporsel!);
  w.behov = 'korttid';
  w.f.modell.behov = 'korttid';
  be(ar, w, 'korttid', t);
  klar(ar, w, t, w.aldriSvar || w.besvart ? 'TILBUD_KLART' : 'KOMMUNESVAR');
  return true;
}

/** Each morning while the patient waits, the kommune looks for a korttidsplass again. */
export function morgensjekk(ar: Aret, w: Arbeid, periode: number, t: number): void {
  ar.ko.legg(t, () => {
    if (!w.venter || w.perioder !== periode || !w.iSykehus) return;
    if (w.besvart || w.aldriSvar) tilbyKorttid(ar, w, t, w.k[w.behov!].estimertVentetid(t));
    morgensjekk(ar, w, periode, klokken(t + DOGN, 10));
  });
}

export function neiSvar(ar: Aret, w: Arbeid, t: number, est: number): void {
  const s = w.s;
  const dato = plussDager(datoOslo(t + est), s.heltall(-2, 2));
  const forventet = dato <= datoOslo(t) ? plussDager(datoOslo(t), 1) : dato;
  hendelse(
    w,
    'KOMMUNESVAR',
    t,
    kommunePart(w),
    { kanTaImot: false, forventetKlarDato: forventet, kontakt: { enhet: 'Tildelingskontoret' } },
    s.ja(0.1) ? s.mellom(1, 8) * TIME : 0,
  );
  w.besvart = true;
  // When the expected date has passed and the tilbud is still not ready: sometimes a new date.
  const sjekk = klokken(dagSlutt(Date.parse(`${forventet}T12:00:00Z`)), 10);
  const periode = w.perioder;
  ar.ko.legg(sjekk, () => {
    if (!w.venter || w.perioder !== periode || !w.besvart || !w.s.ja(0.5)) return;
    neiSvar(ar, w, sjekk, Math.max(DOGN, w.k[w.behov!].estimertVentetid(sjekk)));
  });
}

/** The kommune can receive: yes, or tilbud klart. The ward discharges the patient. */
export function klar(ar: Aret, w: Arbeid, t: number, type: 'KOMMUNESVAR' | 'TILBUD_KLART'): void {
  if (!w.venter || !w.iSykehus) return;
  const s = w.s;
  w.venter = false;
  w.klarNaa = true;
  w.f.modell.klar ??= t;
  if (type === 'KOMMUNESVAR')
    hendelse(w, 'KOMMUNESVAR', t, kommunePart(w), { kanTaImot: true, kontakt: { enhet: 'Tildelingskontoret' } }, s.ja(0.1) ? s.mellom(1, 8) * TIME : 0);
  else hendelse(w, 'TILBUD_KLART', t, kommunePart(w), { tilbud: TILBUD[w.behov!] });
  const u = timeAv(t) < 13 ? t + s.mellom(1, 5) * TIME : klokken(t + DOGN, s.mellom(10, 15));
  ar.ko.legg(u, () => w.iSykehus && utskriv(ar, w, u, DESTINASJON[w.behov!]));
}

export function avmelding(ar: Aret, w: Arbeid, t: number): void {
  const s = w.s;
  hendelse(w, 'UTSKRIVNINGSKLAR_AVMELDT', t, sykehusPart(w), { arsak: 'Forverret tilstand' });
  w.venter = false;
  w.k[w.behov!].trekk(w.foresporsel!);
  w.foresporsel = null;
  if (s.ja(0.85)) {
    const v = vurderingstid(t + s.mellom(1, 6) * DOGN, s);
    ar.ko.legg(v, () => vurdering(ar, w, v, false));
  } else {
    const u = t + s.mellom(2, 8) * DOGN;
    ar.ko.legg(u, () => w.iSykehus && !w.venter && utskriv(ar, w, u, 'hjem'));
  }
}

/** An assessment time: during the day's rounds (09–14), on the day the stay reaches it or the next. */
export function vurderingstid(t: number, s: Strom): number {
  const h = timeAv(t);
  if (h < 9) return klokken(t, s.mellom(9, 14));
  if (h > 14) return klokken(t + DOGN, s.mellom(9, 14));
  return t;
}
