/**
 * The patient's own sheet at discharge, as words: from what the engine knows about the forløp
 * (ArkFakta) to a structured sheet (Ark) in bokmål or nynorsk, which the HTML and the PDF both
 * render. Pure: no I/O, no clock.
 *
 * Plain language for a reader of 85 on the bus home: short sentences, no codes, no
 * abbreviations, readability (LIX) under 40 (test/unit/utskrivningsinformasjon.test.ts). What the
 * engine does not know is left out, never guessed: a section with nothing to say is not there.
 */
import { DateTime } from 'luxon';
import { TIDSSONE } from '../../workflows/frister';
import type { Destinasjon, Kontakt, PllStatus, Tilbud } from '../../workflows/types';

export const MALFORMER = ['nb', 'nn'] as const;
export type Malform = (typeof MALFORMER)[number];

/** What the engine knows about the patient's discharge; null where it knows nothing. */
export interface ArkFakta {
  /** The patient's name, where the engine holds it. */
  pasientNavn: string | null;
  /** The discharge as registered (UTSKREVET): its date in Oslo (YYYY-MM-DD) and where to. */
  utskrivning: { dato: string; destinasjon: Destinasjon } | null;
  /** The kommune's tilbud, when it said it is ready (TILBUD_KLART): what, and from which date (YYYY-MM-DD). */
  tilbud: { tilbud: Tilbud; fra: string } | null;
  /** The oppholdskommune's name (without "kommune"). */
  kommuneNavn: string;
  /** The unit that follows the patient up, from the kommune's answer. */
  kontakt: Kontakt | null;
  /** When the kommune's oppfølging is due after a discharge home (the OPPFOLGING frist), ISO instant. */
  oppfolgingSenest: string | null;
  /** The medicine list's status at discharge (EPIKRISE_SENDT / UTSKREVET). */
  legemiddelliste: PllStatus | null;
  /** What the patient said matters most, from a completed kartlegging. */
  viktigForDeg: string | null;
  sykehusNavn: string;
  avdeling: string;
  /** The ward's telephone (reference data), when the avdeling is known there. */
  avdelingTelefon: string | null;
}

/** One line of the sheet; a `sitat` is the patient's own words, shown as they were said. */
export interface Linje {
  tekst: string;
  art: 'tekst' | 'sitat';
}

export interface Avsnitt {
  /** Stable name of the section (for tests and anchors), never shown. */
  id: 'reise' | 'kommunen' | 'medisiner' | 'viktig' | 'verre' | 'sykehuset';
  overskrift: string;
  linjer: Linje[];
}

export interface Ark {
  malform: Malform;
  tittel: string;
  innledning: Linje[];
  avsnitt: Avsnitt[];
}

// --- words ---

const UKEDAGER: Record<Malform, readonly string[]> = {
  nb: ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'],
  nn: ['måndag', 'tysdag', 'onsdag', 'torsdag', 'fredag', 'laurdag', 'sundag'],
};
const MANEDER = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'];

/** "tirsdag 1. desember 2026": a date in words, in Oslo. */
export function dagIOrd(d: DateTime, m: Malform): string {
  const o = d.setZone(TIDSSONE);
  return `${UKEDAGER[m][o.weekday - 1]} ${o.day}. ${MANEDER[o.month - 1]} ${o.year}`;
}

const datoIOrd = (isoDato: string, m: Malform) => dagIOrd(DateTime.fromISO(isoDato, { zone: TIDSSONE }), m);

function tidspunktIOrd(iso: string, m: Malform): string {
  const t = DateTime.fromISO(iso, { setZone: true }).setZone(TIDSSONE);
  return `${dagIOrd(t, m)} ${m === 'nb' ? 'klokken' : 'klokka'} ${t.toFormat('HH.mm')}`;
}

interface Ordbok {
  tittel: string;
  navn: (n: string) => string;
  intro: string;
  reise: string;
  reiserDag: (dag: string) => string;
  destinasjon: Record<Destinasjon, string>;
  tilbudSomMal: Record<Tilbud, string>;
  kommunen: (k: string) => string;
  ringKontakt: (enhet: string, tlf: string) => string;
  kontaktUtenTelefon: (enhet: string) => string;
  tilbudFra: Record<Tilbud, (dag: string) => string>;
  oppfolging: (naar: string) => string;
  medisiner: string;
  pll: Record<PllStatus, string[]>;
  viktig: string;
  duSa: string;
  verre: string;
  verreLinjer: string[];
  sykehuset: string;
  ringAvdeling: (avdeling: string, sykehus: string, tlf: string) => string;
}

const ORD: Record<Malform, Ordbok> = {
  nb: {
    tittel: 'Til deg som reiser fra sykehuset',
    navn: (n) => `Navn: ${n}`,
    intro: 'Her står det du trenger å vite når du reiser.',
    reise: 'Når og hvor du reiser',
    reiserDag: (dag) => `Du reiser fra sykehuset ${dag}.`,
    destinasjon: {
      hjem: 'Du skal hjem.',
      hjem_med_tjenester: 'Du skal hjem. Kommunen gir deg hjelp der.',
      korttidsopphold: 'Du skal bo en kort tid på et sykehjem eller helsehus.',
      langtidsopphold: 'Du skal bo fast på et sykehjem.',
      annen_institusjon: 'Du skal til et annet sted der du får hjelp.',
      annet_sykehus: 'Du skal til et annet sykehus.',
      dod: '',
    },
    tilbudSomMal: {
      hjem_med_tjenester: 'Du skal hjem. Kommunen gir deg hjelp der.',
      korttidsopphold: 'Du skal bo en kort tid på et sykehjem eller helsehus.',
      langtidsopphold: 'Du skal bo fast på et sykehjem.',
      annet: '',
    },
    kommunen: (k) => `Hjelp fra ${k} kommune`,
    ringKontakt: (enhet, tlf) => `Ring ${enhet} på telefon ${tlf}.`,
    kontaktUtenTelefon: (enhet) => `Du får hjelp fra ${enhet}.`,
    tilbudFra: {
      hjem_med_tjenester: (dag) => `Hjelpen hjemme starter ${dag}.`,
      korttidsopphold: (dag) => `Plassen din er klar ${dag}.`,
      langtidsopphold: (dag) => `Plassen din er klar ${dag}.`,
      annet: (dag) => `Hjelpen fra kommunen er klar ${dag}.`,
    },
    oppfolging: (naar) => `Kommunen tar kontakt med deg før ${naar}.`,
    medisiner: 'Medisinene dine',
    pll: {
      pll_oppdatert: ['Legemiddellisten din er oppdatert i Pasientens legemiddelliste.', 'Fastlegen og kommunen ser den samme listen.'],
      ikke_pll: ['Legemiddellisten din er ikke oppdatert i Pasientens legemiddelliste.', 'Be fastlegen se på medisinene dine snart.'],
      ukjent: ['Vi vet ikke om legemiddellisten din er oppdatert.', 'Be fastlegen se på medisinene dine snart.'],
    },
    viktig: 'Dette er viktig for deg',
    duSa: 'Dette sa du da vi snakket med deg:',
    verre: 'Hvis du blir dårligere',
    verreLinjer: ['Ring fastlegen din på dagtid.', 'Ring legevakten på 116 117 når fastlegen er stengt.', 'Er det fare for livet? Ring 113.'],
    sykehuset: 'Spørsmål til sykehuset',
    ringAvdeling: (avdeling, sykehus, tlf) => `Du lå på ${avdeling}, ${sykehus}. Ring dit på telefon ${tlf}.`,
  },
  nn: {
    tittel: 'Til deg som reiser frå sjukehuset',
    navn: (n) => `Namn: ${n}`,
    intro: 'Her står det du treng å vite når du reiser.',
    reise: 'Når og kvar du reiser',
    reiserDag: (dag) => `Du reiser frå sjukehuset ${dag}.`,
    destinasjon: {
      hjem: 'Du skal heim.',
      hjem_med_tjenester: 'Du skal heim. Kommunen gir deg hjelp der.',
      korttidsopphold: 'Du skal bu ei kort tid på ein sjukeheim eller eit helsehus.',
      langtidsopphold: 'Du skal bu fast på ein sjukeheim.',
      annen_institusjon: 'Du skal til ein annan stad der du får hjelp.',
      annet_sykehus: 'Du skal til eit anna sjukehus.',
      dod: '',
    },
    tilbudSomMal: {
      hjem_med_tjenester: 'Du skal heim. Kommunen gir deg hjelp der.',
      korttidsopphold: 'Du skal bu ei kort tid på ein sjukeheim eller eit helsehus.',
      langtidsopphold: 'Du skal bu fast på ein sjukeheim.',
      annet: '',
    },
    kommunen: (k) => `Hjelp frå ${k} kommune`,
    ringKontakt: (enhet, tlf) => `Ring ${enhet} på telefon ${tlf}.`,
    kontaktUtenTelefon: (enhet) => `Du får hjelp frå ${enhet}.`,
    tilbudFra: {
      hjem_med_tjenester: (dag) => `Hjelpa heime startar ${dag}.`,
      korttidsopphold: (dag) => `Plassen din er klar ${dag}.`,
      langtidsopphold: (dag) => `Plassen din er klar ${dag}.`,
      annet: (dag) => `Hjelpa frå kommunen er klar ${dag}.`,
    },
    oppfolging: (naar) => `Kommunen tek kontakt med deg før ${naar}.`,
    medisiner: 'Medisinane dine',
    pll: {
      pll_oppdatert: ['Legemiddellista di er oppdatert i Pasientens legemiddelliste.', 'Fastlegen og kommunen ser den same lista.'],
      ikke_pll: ['Legemiddellista di er ikkje oppdatert i Pasientens legemiddelliste.', 'Be fastlegen sjå på medisinane dine snart.'],
      ukjent: ['Vi veit ikkje om legemiddellista di er oppdatert.', 'Be fastlegen sjå på medisinane dine snart.'],
    },
    viktig: 'Dette er viktig for deg',
    duSa: 'Dette sa du då vi snakka med deg:',
    verre: 'Om du blir dårlegare',
    verreLinjer: ['Ring fastlegen din på dagtid.', 'Ring legevakta på 116 117 når fastlegen er stengd.', 'Er det fare for livet? Ring 113.'],
    sykehuset: 'Spørsmål til sjukehuset',
    ringAvdeling: (avdeling, sykehus, tlf) => `Du låg på ${avdeling}, ${sykehus}. Ring dit på telefon ${tlf}.`,
  },
};

// --- the sheet ---

const tekst = (t: string): Linje => ({ tekst: t, art: 'tekst' });
/** A text that may hold two sentences is still one line each, so a reader meets short lines. */
const linjer = (...t: string[]): Linje[] => t.filter((x) => x.trim() !== '').map(tekst);
const renset = (t: string | null | undefined): string | null => {
  const v = t?.replace(/\s+/g, ' ').trim();
  return v ? v : null;
};

export function lagArk(f: ArkFakta, m: Malform): Ark {
  const o = ORD[m];
  const avsnitt: Avsnitt[] = [];
  const legg = (id: Avsnitt['id'], overskrift: string, l: Linje[]) => {
    if (l.length > 0) avsnitt.push({ id, overskrift, linjer: l });
  };

  // When and where: the registered discharge, else where the kommune's tilbud sends the patient.
  const hvor = f.utskrivning ? o.destinasjon[f.utskrivning.destinasjon] : f.tilbud ? o.tilbudSomMal[f.tilbud.tilbud] : '';
  legg('reise', o.reise, linjer(f.utskrivning ? o.reiserDag(datoIOrd(f.utskrivning.dato, m)) : '', hvor));

  const enhet = renset(f.kontakt?.enhet);
  const telefon = renset(f.kontakt?.telefon);
  legg(
    'kommunen',
    o.kommunen(f.kommuneNavn),
    linjer(
      enhet ? (telefon ? o.ringKontakt(enhet, telefon) : o.kontaktUtenTelefon(enhet)) : '',
      f.tilbud ? o.tilbudFra[f.tilbud.tilbud](datoIOrd(f.tilbud.fra, m)) : '',
      f.oppfolgingSenest ? o.oppfolging(tidspunktIOrd(f.oppfolgingSenest, m)) : '',
    ),
  );

  legg('medisiner', o.medisiner, f.legemiddelliste ? linjer(...o.pll[f.legemiddelliste]) : []);

  const viktig = renset(f.viktigForDeg);
  legg('viktig', o.viktig, viktig ? [tekst(o.duSa), { tekst: viktig, art: 'sitat' }] : []);

  legg('verre', o.verre, linjer(...o.verreLinjer));

  const avdelingTelefon = renset(f.avdelingTelefon);
  legg('sykehuset', o.sykehuset, avdelingTelefon ? linjer(o.ringAvdeling(f.avdeling, f.sykehusNavn, avdelingTelefon)) : []);

  const navn = renset(f.pasientNavn);
  return { malform: m, tittel: o.tittel, innledning: linjer(navn ? o.navn(navn) : '', o.intro), avsnitt };
}

/**
 * The sheet's own words, for its readability: the title, every heading and line, but not the
 * patient's own words (a `sitat`), which are shown as they were said.
 */
export function arkTekster(a: Ark): string[] {
  const egne = (l: Linje[]) => l.filter((x) => x.art === 'tekst').map((x) => x.tekst);
  return [a.tittel, ...egne(a.innledning), ...a.avsnitt.flatMap((s) => [s.overskrift, ...egne(s.linjer)])];
}
