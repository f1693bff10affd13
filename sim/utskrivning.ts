/**
 * The end of a stay: death, or the utskrivning with its epikrise and (home) oppfølging, and a
 * readmission of the same patient within 30 days for about a fifth of the utskrivningsklare.
 */
import { hendelse, kommunePart, MIN, sykehusPart, type Aret, type Arbeid } from './aret';
import { DOGN, TIME } from './kapasitet';
import { strom, type Strom } from './tilfeldig';

export function doedsfall(w: Arbeid, t: number): void {
  if (!w.iSykehus) return;
  hendelse(w, 'DOD', t, sykehusPart(w));
  w.iSykehus = false;
  w.f.modell.dod = true;
  if (w.venter && w.foresporsel) w.k[w.behov!].trekk(w.foresporsel);
  w.venter = false;
}

export function utskriv(ar: Aret, w: Arbeid, u: number, destinasjon: string): void {
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
      hendelse(
        w,
        'OPPFOLGING_STARTET',
        t,
        kommunePart(w),
        {
          beskrivelse: 'Første besøk av hjemmetjenesten',
          brukersvar: {
            tilstrekkeligInformasjon: s.velg({ ja: 0.8, nei: 0.1, vet_ikke: 0.1 }),
            vetHvemKontakte: s.velg({ ja: 0.85, nei: 0.1, vet_ikke: 0.05 }),
          },
        },
        s.ja(0.15) ? s.mellom(12, 72) * TIME : 0,
      );
    }
  }
  if (destinasjon === 'annet_sykehus' || destinasjon === 'annen_institusjon') return;
  // Readmission of the same patient within 30 days: about a fifth after an utskrivningsklar stay.
  if (s.ja(f.modell.meldt !== null ? 0.21 : 0.09)) {
    const gap = Math.max(3 * TIME, gapTilReinnleggelse(s));
    const ny = u + gap;
    ar.ko.legg(ny, () =>
      ar.reinnlegg(`${f.nokkel}r`, ny, w.p, w.k, strom(ar.seed, 'reinnleggelse', f.nokkel), { forlop: f.nokkel, meldt: f.modell.meldt !== null }),
    );
  }
}

/** The days from an utskrivning to the readmission (epoch ms): most late, a few within two days. */
export function gapTilReinnleggelse(s: Strom): number {
  const gruppe = s.velg({ tidlig: 0.14, kort: 0.16, senere: 0.7 });
  const dager = gruppe === 'tidlig' ? s.mellom(0.15, 2) : gruppe === 'kort' ? s.mellom(2, 5) : 5 + 25 * Math.pow(s.neste(), 1.4);
  return dager * DOGN;
}
