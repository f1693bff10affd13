/**
 * What a valid PLO logistics message means for the engine's forløp: docs/api.md's table, as a pure
 * function of the message, its parties (from the address table), the patient's open forløp at
 * that sykehus, and (for a kansellering) the message it cancels.
 *
 *   LOG_INNLAGT           the forløp at admission (Hendelsekode 1's time), then INNLEGGELSESMELDING_SENDT at GenDate
 *   LOG_UTSKRIVNINGSKLAR  UTSKRIVNINGSKLAR at GenDate, assessed at Hendelsekode 3, the four points documented
 *   LOG_AVMELDING         UTSKRIVNINGSKLAR_AVMELDT
 *   LOG_UTSKREVET         UTSKREVET, the destination from UtskrevetTil (8408, 8431)
 *   LOG_DOD               DOD where a forløp is open
 *   Forsendelsesstatus C  the cancelled message's effect withdrawn (LOG_INNLAGT: FORLOP_AVBRUTT;
 *                         LOG_UTSKRIVNINGSKLAR: UTSKRIVNINGSKLAR_AVMELDT); a discharge, an
 *                         avmelding or a death cannot be withdrawn by a message: Avvist, in words
 *
 * Matching: the patient's open forløp at the sykehus whose admission is the message's Hendelsekode
 * 1; else, the one still in hospital (the admission's time was corrected); a message without
 * Hendelsekode 1 goes to the latest open one. A message with Hendelsekode 1 and no forløp starts
 * one (so an utskrivningsklar melding that arrives before its innlagt melding ends in the same
 * forløp); one without is recorded, of no use. Every id is named by the message (navn-uuid), so
 * a message applied twice is one effect.
 */
import { navnUuid } from '../workflows/navn-uuid';
import type { Destinasjon, ForlopStatus, Vurdering } from '../workflows/types';
import type { HendelseDataFor, HendelseType } from '../workflows/hendelser';
import { HENDELSEKODE, type Kvitteringsfeil, type PloMelding, type PloType, type TidsfestetHendelse } from './melding';

/** This engine's namespace for the ids PLO messages give forløp and hendelser (a random UUID, fixed forever). */
export const PLO_NAVNEROM = '0c3b8a51-6d0e-4f7b-a2c9-3e51d7f4b806';

/** One party of the address table: HER-id → org. */
export interface Adresse {
  herId: string;
  org: string;
  navn: string;
}

/** The engine's own entry in the address table (org MOTOR): the receipts' sender. */
export function motoren(adresser: readonly Adresse[]): { herId: string; navn: string } {
  const a = adresser.find((x) => x.org === 'MOTOR');
  return a ? { herId: a.herId, navn: a.navn } : { herId: '', navn: 'Utskrivningsforløp' };
}

export interface Parter {
  /** The sending institution's HER-id: with the MsgId, the message's key. */
  avsenderHer: string;
  avsender: { org: string; rolle: 'sykehus' | 'kommune' } | null;
  /** The engine's own entry (org MOTOR), the original's receiver in the receipt. */
  mottaker: Adresse | null;
  sykehus: string | null;
  kommune: string | null;
}

/**
 * The parties from the address table: the deepest HER-id of each organisation path that the table
 * knows (a unit before its institution).
 */
export function finnParter(
  m: Pick<PloMelding, 'avsender' | 'mottaker'>,
  adresser: ReadonlyMap<string, Adresse>,
  sykehusIder: ReadonlySet<string>,
  kommuner: ReadonlySet<string>,
): Parter {
  const dypest = (herIder: string[]): Adresse | null => {
    for (const h of [...herIder].reverse()) {
      const a = adresser.get(h);
      if (a) return a;
    }
    return null;
  };
  const rolle = (org: string | undefined): 'sykehus' | 'kommune' | null =>
    org === undefined ? null : sykehusIder.has(org) ? 'sykehus' : kommuner.has(org) ? 'kommune' : null;
  const a = dypest(m.avsender.herIder);
  const mo = dypest(m.mottaker.herIder);
  const ar = rolle(a?.org);
  const mr = rolle(mo?.org);
  return {
    avsenderHer: m.avsender.herIder[0] ?? '',
    avsender: a && ar ? { org: a.org, rolle: ar } : null,
    mottaker: mo,
    sykehus: ar === 'sykehus' ? a!.org : mr === 'sykehus' ? mo!.org : null,
    kommune: ar === 'kommune' ? a!.org : mr === 'kommune' ? mo!.org : null,
  };
}

/** A forløp of the patient at the sykehus that is not closed. */
export interface ApentForlop {
  id: string;
  status: ForlopStatus;
  innlagtTidspunkt: string;
}

/** The message a kansellering names, as recorded. */
export interface Kansellert {
  msgId: string;
  type: string;
  status: 'mottatt' | 'ok' | 'avvist';
  anvendt: boolean | null;
  forlopId: string | null;
  kansellertAv: string | null;
}

/** A hendelse the message sends, without who and when it was registered (the caller adds those). */
export type PloHendelse = { [T in HendelseType]: { hendelseId: string; type: T; tidspunkt: string; data: HendelseDataFor[T] } }[HendelseType];

/** The forløp a message starts (what POST /forlop would carry). */
export interface PloStart {
  forlopId: string;
  sykehus: string;
  oppholdskommune: string;
  avdeling: string;
  innlagtTidspunkt: string;
  antattBehovKommunaleTjenester: true;
}

export type Plan =
  | { art: 'avvist'; feil: Kvitteringsfeil[] }
  | { art: 'ubrukt'; merknad: string; forlopId?: string }
  | { art: 'anvend'; forlopId: string; start: PloStart | null; hendelse: PloHendelse | null; kansellerer: string | null };

/** The EPJ sends the melding only after the doctor's documented assessment: the four points count as documented. */
const VURDERING_VED_PLO: Vurdering = {
  problemstillingerVedInnleggelseAvklart: true,
  ovrigeProblemstillingerAvklart: true,
  uavklarteProblemstillingerAngitt: true,
  funksjonsnivaaVurdert: true,
};

/** Kodeverk 8408 (UtTil) → the engine's destinations; Uttilstand (8431) 2 or 3 is death. */
export function destinasjonFra(utTil: string, uttilstand: string | null): Destinasjon {
  if (uttilstand === '2' || uttilstand === '3') return 'dod';
  switch (utTil) {
    case '1':
      // Bosted: the message goes to the kommune's PLO service because the patient has its tjenester.
      return 'hjem_med_tjenester';
    case '11':
    case '21':
      // Sykehjem/helsehus and KAD: a short stay is what a discharge to them begins with.
      return 'korttidsopphold';
    case '3':
    case '5':
    case '7':
    case '8':
      return 'annet_sykehus';
    default:
      // 2 skadested, 10 pasienthotell, 88 annet, 98 ukjent, 99 another institution by reference.
      return 'annen_institusjon';
  }
}

const ms = (iso: string): number => Date.parse(iso);
const maks = (a: string, b: string): string => (ms(a) >= ms(b) ? a : b);
const min = (a: string, b: string): string => (ms(a) <= ms(b) ? a : b);

/**
 * When an event given as a date alone happened: at the message's GenDate when it is that day or
 * a later (estimated) one, else at the day's start; never before the admission.
 */
function naar(h: TidsfestetHendelse, genDate: string, genDato: string, innlagt: string): string {
  if (!h.datoAlene) return maks(h.tidspunkt, innlagt);
  return h.dato >= genDato ? maks(genDate, innlagt) : maks(h.tidspunkt, innlagt);
}

/** A name-based id for what this message gives (its forløp, its hendelse). */
export const ploId = (m: Pick<PloMelding, 'msgId'>, avsenderHer: string, hva: string): string => navnUuid(`plo:${avsenderHer}:${m.msgId}:${hva}`, PLO_NAVNEROM);

const kode = (m: PloMelding, k: number): TidsfestetHendelse | undefined => m.hendelser.find((h) => h.kode === k);

/** The open forløp the message belongs to, by admission. */
export function finnForlop(m: PloMelding, apne: readonly ApentForlop[]): ApentForlop | null {
  const innlagt = kode(m, HENDELSEKODE.innlagt);
  const sortert = [...apne].sort((a, b) => ms(b.innlagtTidspunkt) - ms(a.innlagtTidspunkt));
  if (!innlagt) return sortert[0] ?? null;
  return (
    sortert.find((f) => ms(f.innlagtTidspunkt) === ms(innlagt.tidspunkt)) ??
    // Still in hospital: the same stay (its admission time corrected). A patient discharged and admitted again is a new stay.
    sortert.find((f) => ['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning'].includes(f.status)) ??
    null
  );
}

/** What the message's hendelse is, in the forløp it belongs to (whose admission is `innlagt`). */
function hendelseFor(m: PloMelding, type: PloType, avsenderHer: string, innlagt: string): PloHendelse {
  const hendelseId = ploId(m, avsenderHer, 'hendelse');
  const genDato = m.genDate.slice(0, 10);
  const ved = (k: number): string => naar(kode(m, k)!, m.genDate, genDato, innlagt);
  switch (type) {
    case 'LOG_INNLAGT':
      return { hendelseId, type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: maks(m.genDate, innlagt), data: {} };
    case 'LOG_UTSKRIVNINGSKLAR': {
      const tidspunkt = maks(m.genDate, innlagt);
      return {
        hendelseId,
        type: 'UTSKRIVNINGSKLAR',
        tidspunkt,
        // The assessment cannot be after the melding that reports it.
        data: { vurdertTidspunkt: min(ved(HENDELSEKODE.utskrivningsklar), tidspunkt), vurdering: VURDERING_VED_PLO },
      };
    }
    case 'LOG_AVMELDING':
      return {
        hendelseId,
        type: 'UTSKRIVNINGSKLAR_AVMELDT',
        tidspunkt: ved(HENDELSEKODE.avmelding),
        data: { arsak: kode(m, HENDELSEKODE.avmelding)?.merknad ?? 'Avmeldt ved PLO-melding' },
      };
    case 'LOG_UTSKREVET':
      return {
        hendelseId,
        type: 'UTSKREVET',
        tidspunkt: ved(HENDELSEKODE.utskrevet),
        data: { destinasjon: destinasjonFra(m.utskrevetTil!.utTil, m.utskrevetTil!.uttilstand), meldtAvEpj: true },
      };
    case 'LOG_DOD':
      return { hendelseId, type: 'DOD', tidspunkt: ved(HENDELSEKODE.dod), data: {} };
  }
}

/** What to do with a valid message: Avvist with codes, recorded only, or applied to one forløp. */
export function tolk(m: PloMelding, parter: Parter, apne: readonly ApentForlop[], kansellert: Kansellert | null): Plan {
  if (!parter.mottaker) {
    return {
      art: 'avvist',
      feil: [{ kode: 'E21', tekst: `Ingen av mottakerens HER-id-er (${m.mottaker.herIder.join(', ') || 'ingen'}) er i motorens adressetabell` }],
    };
  }
  if (m.forsendelsesstatus === 'C') return kanseller(m, parter, kansellert);

  const forlop = finnForlop(m, apne);
  if (forlop) {
    return {
      art: 'anvend',
      forlopId: forlop.id,
      start: null,
      hendelse: hendelseFor(m, m.type, parter.avsenderHer, forlop.innlagtTidspunkt),
      kansellerer: null,
    };
  }
  const innlagt = kode(m, HENDELSEKODE.innlagt);
  if (!innlagt || m.type === 'LOG_DOD' || m.type === 'LOG_AVMELDING') {
    return { art: 'ubrukt', merknad: 'Pasienten har ikke noe åpent forløp ved sykehuset som meldingen gjelder; meldingen er registrert' };
  }
  if (!parter.sykehus || !parter.kommune) {
    return {
      art: 'ubrukt',
      merknad: 'Et nytt forløp trenger både sykehuset og oppholdskommunen blant avsender og mottaker; meldingen er registrert',
    };
  }
  const start: PloStart = {
    forlopId: ploId(m, parter.avsenderHer, 'forlop'),
    sykehus: parter.sykehus,
    oppholdskommune: parter.kommune,
    avdeling: m.avdeling ?? 'Ukjent avdeling',
    innlagtTidspunkt: innlagt.tidspunkt,
    antattBehovKommunaleTjenester: true,
  };
  return { art: 'anvend', forlopId: start.forlopId, start, hendelse: hendelseFor(m, m.type, parter.avsenderHer, innlagt.tidspunkt), kansellerer: null };
}

function kanseller(m: PloMelding, parter: Parter, k: Kansellert | null): Plan {
  if (!k) {
    return { art: 'avvist', feil: [{ kode: 'E10', tekst: `Meldingen som kanselleres (RefToParent ${m.refToParent}) er ikke mottatt fra denne avsenderen` }] };
  }
  if (k.type !== m.type) {
    return { art: 'avvist', feil: [{ kode: 'E10', tekst: `Meldingen som kanselleres er av typen ${k.type}, ikke ${m.type}` }] };
  }
  if (k.kansellertAv) return { art: 'ubrukt', merknad: `Meldingen er allerede kansellert (av ${k.kansellertAv})` };
  if (k.status !== 'ok' || !k.anvendt || !k.forlopId) {
    return {
      art: 'ubrukt',
      merknad: 'Den kansellerte meldingen endret ikke noe forløp; kanselleringen er registrert',
      ...(k.forlopId ? { forlopId: k.forlopId } : {}),
    };
  }
  const hendelseId = ploId(m, parter.avsenderHer, 'hendelse');
  const tidspunkt = m.genDate;
  const arsak = `Kansellert ved PLO-melding (${m.type}, MsgId ${k.msgId})`;
  switch (k.type) {
    case 'LOG_INNLAGT':
      return {
        art: 'anvend',
        forlopId: k.forlopId,
        start: null,
        hendelse: { hendelseId, type: 'FORLOP_AVBRUTT', tidspunkt, data: { arsak } },
        kansellerer: k.msgId,
      };
    case 'LOG_UTSKRIVNINGSKLAR':
      return {
        art: 'anvend',
        forlopId: k.forlopId,
        start: null,
        hendelse: { hendelseId, type: 'UTSKRIVNINGSKLAR_AVMELDT', tidspunkt, data: { arsak } },
        kansellerer: k.msgId,
      };
    default:
      return {
        art: 'avvist',
        feil: [
          {
            kode: 'X99',
            tekst: `${k.type} kan ikke trekkes tilbake ved en kansellering i motoren; forløpet er uendret. Meld feilen til samhandlingsavdelingen`,
          },
        ],
      };
  }
}
