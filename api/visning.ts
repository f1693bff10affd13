/**
 * From rows (db/les.ts) to the answer shapes of docs/api.md. Times are ISO 8601 with the
 * Europe/Oslo offset; the fødselsnummer is decrypted here, only for an authorised answer.
 */
import { oppsummer } from '../workflows/overliggerdogn';
import { varselJson, type VarselJson } from '../activities/webhooks';
import type { VarselMedPasientRad } from '../db/varsler';
import type { Pasientnavn } from '../db/pasient';
import { dekrypterFnr, dekrypterNavn } from '../db/pasient';
import type { ForlopDetaljer, ForlopMedAvvik, HendelseRad, OverliggerDagRad } from '../db/les';
import { iOslo, ms } from '../workflows/frister';
import { legemiddelliste } from '../workflows/utskrivning';
import type { FristInstans } from '../workflows/types';
import type { ForlopSammendrag, ForlopVisning } from './schemas';

/** ISO 8601 with the Europe/Oslo offset (milliseconds only when not zero). */
export function isoOslo(t: Date | string): string;
export function isoOslo(t: Date | string | null | undefined): string | null;
export function isoOslo(t: Date | string | null | undefined): string | null {
  if (t === null || t === undefined) return null;
  const millis = typeof t === 'string' ? ms(t) : t.getTime();
  if (Number.isNaN(millis)) return typeof t === 'string' ? t : null;
  return iOslo(millis).toISO({ suppressMilliseconds: true });
}

export const naaOslo = (): string => isoOslo(new Date());

type FristVisning = ForlopVisning['frister'][number];
type HendelseVisning = ForlopVisning['hendelser'][number];

export function fristVisning(f: FristInstans): FristVisning {
  return {
    id: f.id,
    nokkel: f.nokkel,
    ansvarlig: f.ansvarlig,
    art: f.art,
    start: isoOslo(f.start),
    frist: isoOslo(f.frist),
    status: f.status,
    oppfyltTidspunkt: isoOslo(f.oppfyltTidspunkt),
    bruttTidspunkt: isoOslo(f.bruttTidspunkt),
    grunn: f.status === 'brutt' ? (f.grunn ?? null) : null,
    ...(f.manglendePunkter ? { manglendePunkter: f.manglendePunkter } : {}),
  };
}

/**
 * The overliggerdøgn of a forløp from its stored day rows, as the workflow priced and judged them
 * (workflows/overliggerdogn.ts), summed by the same module: the figures the reports and the
 * daily varsel show too.
 */
export function overliggerdognVisning(dager: OverliggerDagRad[]): ForlopVisning['overliggerdogn'] {
  return oppsummer(
    dager
      .filter((d) => d.overliggerdogn)
      .map((d) => ({
        dato: d.dato,
        belop: d.belop,
        prisForelopig: d.prisForelopig,
        betalingsvilkarOppfylt: d.betalingsvilkarOppfylt,
        omstridt: d.omstridt,
        fakturerbar: d.fakturerbar,
        ...(d.grunn && !d.fakturerbar ? { grunn: d.grunn } : {}),
      })),
    dager.filter((d) => !d.overliggerdogn).map((d) => ({ dato: d.dato, grunn: d.grunn ?? '' })),
  );
}

export function hendelseVisning(h: HendelseRad): HendelseVisning {
  // The structured kartlegging is read where its readers are decided (GET /forlop/{id}/kartlegging),
  // not with every reader of the forløp.
  const { innhold: _innhold, ...data } = { ...h.data };
  if (data.vurdertTidspunkt) data.vurdertTidspunkt = isoOslo(data.vurdertTidspunkt);
  return {
    ...data,
    sekvens: h.sekvens,
    hendelseId: h.hendelseId,
    type: h.type,
    tidspunkt: isoOslo(h.tidspunkt),
    registrert: isoOslo(h.registrert),
    av: { rolle: h.av.rolle, org: h.av.org },
    ...(h.kilde ? { kilde: h.kilde } : {}),
  };
}

/** The decrypted number; a failure names the forløp (never the data) so a wrong PASIENT_NOKKEL is easy to find. */
function fnrFor(f: ForlopMedAvvik, nokler: readonly Buffer[]): string {
  try {
    return dekrypterFnr(f.fnrKryptert, nokler);
  } catch {
    throw new Error(`Fødselsnummeret til forløp ${f.id} (pasient ${f.pasientId}) kan ikke dekrypteres: feil pasientnøkkel?`);
  }
}

/**
 * A varsel of the feed: its webhook form (activities/webhooks.ts) and the patient it concerns, for a
 * reader who may see the forløp (else `pasient: null`). The webhook body never carries the patient.
 */
export function varselVisning(r: VarselMedPasientRad, nokler: readonly Buffer[]): VarselJson & { pasient: { fnr: string; navn: Pasientnavn | null } | null } {
  let pasient = null;
  if (r.fnr_kryptert) {
    try {
      pasient = { fnr: dekrypterFnr(r.fnr_kryptert, nokler), navn: dekrypterNavn(r.navn_kryptert, nokler) };
    } catch {
      throw new Error(`Fødselsnummeret til forløp ${r.forlop_id} (varsel ${r.id}) kan ikke dekrypteres: feil pasientnøkkel?`);
    }
  }
  return { ...varselJson(r), pasient };
}

export function forlopSammendrag(f: ForlopMedAvvik, nokler: readonly Buffer[]): ForlopSammendrag {
  return {
    id: f.id,
    status: f.status,
    pasient: { fnr: fnrFor(f, nokler), navn: dekrypterNavn(f.navnKryptert, nokler) },
    oppholdskommune: f.oppholdskommune,
    sykehus: f.sykehus,
    avdeling: f.avdeling,
    innlagtTidspunkt: isoOslo(f.innlagtTidspunkt),
    antattBehovKommunaleTjenester: f.antattBehovKommunaleTjenester,
    kartlegging: {
      inkludert: f.kartleggingInkludert,
      status: f.kartleggingStatus,
      grunn: f.kartleggingGrunn,
      kriterierVersjon: f.kartleggingKriterierVersjon,
    },
    frister: f.frister.map(fristVisning),
    avvik: f.avvik.map((a) => ({ id: a.id, type: a.type, status: a.status })),
    overliggerdogn: overliggerdognVisning(f.overliggerdogn),
    reinnleggelseAv: f.reinnleggelseAv,
    reinnleggelseDager: f.reinnleggelseDager,
    utskrevetTidspunkt: isoOslo(f.utskrevetTidspunkt),
    destinasjon: f.destinasjon,
  };
}

/** The forløp exactly as docs/api.md shows it (plus the additive fields of ForlopSchema). */
export function forlopVisning(f: ForlopDetaljer, nokler: readonly Buffer[]): ForlopVisning {
  return {
    ...forlopSammendrag(f, nokler),
    legemiddelliste: legemiddelliste(f.hendelser),
    hendelser: f.hendelser.map(hendelseVisning),
  };
}
