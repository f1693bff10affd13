/**
 * When each hendelse of a generated forløp is registered: mostly minutes after it happened, some
 * late, always in an order the forløp accepts.
 */
import type { HendelseType } from '../workflows/hendelser';
import { MIN, type Arbeid } from './aret';

/** Of hendelser at the same instant, which is registered first: one rank for every type of the catalogue. */
const RANG: Record<HendelseType, number> = {
  INNLAGT: 0,
  INNLEGGELSESMELDING_SENDT: 1,
  STATUSENDRING: 2,
  KARTLEGGING_INKLUSJON: 2.5,
  KARTLEGGING_STARTET: 3,
  KARTLEGGING_FULLFORT: 4,
  UTSKRIVNINGSKLAR: 5,
  KOMMUNESVAR: 6,
  TILBUD_KLART: 7,
  UTSKRIVNINGSKLAR_AVMELDT: 8,
  EPIKRISE_SENDT: 9,
  INFORMASJON_GITT: 9.5,
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
export function registrer(w: Arbeid): void {
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
