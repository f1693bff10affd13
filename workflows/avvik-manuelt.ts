/**
 * A hand-reported avvik (type MANUELT): who answers for it and what it and its varsel say.
 * Pure; the API validates the request, and the avvik's workflow stores what this makes.
 *
 * The ansvarlig is always the forløp's party with the rolle asked for (partOrg). The
 * kartleggingsteam is a party only while kartlegging is included; the reporter cannot name itself.
 */
import type { AvvikKategori } from './avvik-oppfolging';
import type { AvvikRegistrering } from './avvik.definitions';
import { MANUELT } from './avvik-typer';
import { navnUuid } from './navn-uuid';
import { partOrg, type ForlopParter } from './parter';
import type { Ansvarlig, NyttVarsel, Principal } from './types';

/** Namespace of a hand-reported avvik's varsel id (uuid v5 of the avvik id): a retry sends the same varsel. */
/** The reporting party in the varsel's words (never the rolle's code). */
const ROLLE_NAVN: Partial<Record<string, string>> = {
  sykehus: 'sykehuset',
  kommune: 'kommunen',
  kartleggingsteam: 'kartleggingsteamet',
  samhandling: 'samhandlingsavdelingen',
};

const AVVIK_VARSEL_NAMESPACE = '0d6f5a52-3c1e-4f1b-9a7e-6c2b8e4d9f10';

/** The ansvarlig as asked: the rolle alone, or `{ rolle, org }` (then the org must be the forløp's). */
export type OppgittAnsvarlig = Ansvarlig | { rolle: Ansvarlig; org: string };

export interface FeltFeil {
  felt: string;
  melding: string;
}

/** The responsible party for the avvik, or what is wrong with the one asked for. */
export function ansvarligForManueltAvvik(
  parter: ForlopParter & { kartleggingInkludert: boolean },
  oppgitt: OppgittAnsvarlig,
  innmelder: Principal,
): { ansvarlig: Principal } | { feil: FeltFeil } {
  const rolle = typeof oppgitt === 'string' ? oppgitt : oppgitt.rolle;
  if (rolle === 'kartleggingsteam' && !parter.kartleggingInkludert) {
    return { feil: { felt: 'ansvarlig', melding: 'forløpet har ingen kartleggingsteam (kartlegging er ikke inkludert)' } };
  }
  const org = partOrg(parter, rolle);
  if (typeof oppgitt !== 'string' && oppgitt.org !== org) return { feil: { felt: 'ansvarlig.org', melding: `forløpets ${rolle} er ${org}` } };
  if (org === innmelder.org) return { feil: { felt: 'ansvarlig', melding: 'kan ikke være innmelderen selv' } };
  return { ansvarlig: { rolle, org } };
}

export interface ManueltAvvik {
  id: string;
  forlopId: string;
  ansvarlig: Principal;
  innmelder: Principal;
  /** When it was reported (ISO, Europe/Oslo). */
  naa: string;
  beskrivelse: string;
  kategori?: AvvikKategori;
  hjemmel?: string;
  strakstiltak?: string;
}

/** What the avvik's workflow stores: the avvik (the reporter its motpart) and the varsel AVVIK to the ansvarlig org. */
export function manueltAvvikRegistrering(m: ManueltAvvik): AvvikRegistrering {
  const innmelder = { rolle: m.innmelder.rolle, org: m.innmelder.org };
  const varsel: NyttVarsel = {
    id: navnUuid(m.id, AVVIK_VARSEL_NAMESPACE),
    mottakerOrg: m.ansvarlig.org,
    type: 'AVVIK',
    forlopId: m.forlopId,
    frist: null,
    tekst: `Samhandlingsavvik meldt manuelt av ${ROLLE_NAVN[innmelder.rolle] ?? innmelder.rolle} ${innmelder.org}: ${m.beskrivelse}`,
  };
  return {
    avvik: {
      id: m.id,
      forlopId: m.forlopId,
      type: MANUELT,
      nokkel: `${MANUELT}:${m.id}`,
      ansvarlig: m.ansvarlig,
      motpart: innmelder,
      frist: null,
      brutt: m.naa,
      tekst: m.beskrivelse,
      kategori: m.kategori ?? null,
      hjemmel: m.hjemmel ?? null,
      strakstiltak: m.strakstiltak ?? null,
    },
    varsel,
    av: innmelder,
  };
}
