/**
 * What the engine knows for the patient's sheet, read from the forløp as stored (its columns,
 * frister and hendelser) and the reference data: pure, so every combination is a unit test.
 * Each fact comes from one place: the discharge from the forløp's row, the kontakt from the
 * kommune's latest answer that named one, the tilbud from TILBUD_KLART, the first contact from
 * the OPPFOLGING frist, the medicine list from EPIKRISE_SENDT / UTSKREVET, the patient's own
 * words from the completed kartlegging.
 */
import type { ForlopDetaljer, HendelseRad } from '../../db/les';
import { dato } from '../../workflows/frister';
import { erHjem, legemiddelliste } from '../../workflows/utskrivning';
import type { Kontakt, Tilbud } from '../../workflows/types';
import type { ArkFakta } from './tekst';

/** Reference data about the forløp's parties (db/utskrivningsinformasjon.ts). */
export interface ArkReferanse {
  sykehusNavn: string;
  kommuneNavn: string;
  avdelingTelefon: string | null;
  pasientNavn: string | null;
}

const siste = (hendelser: readonly HendelseRad[], hvilken: (h: HendelseRad) => boolean): HendelseRad | undefined => [...hendelser].reverse().find(hvilken);

/** "Hva er viktig for deg?" from the common tool's content (the older `resultat` asked nothing of the kind). */
function viktigForDeg(innhold: unknown): string | null {
  const mal = (innhold as { pasientensMal?: { hvaErViktigForDeg?: unknown } } | undefined)?.pasientensMal;
  return typeof mal?.hvaErViktigForDeg === 'string' ? mal.hvaErViktigForDeg : null;
}

export function arkFakta(f: ForlopDetaljer, ref: ArkReferanse): ArkFakta {
  const h = f.hendelser;
  const kontakt = siste(h, (x) => x.type === 'KOMMUNESVAR' && !!x.data.kontakt)?.data.kontakt as Kontakt | undefined;
  const tilbud = siste(h, (x) => x.type === 'TILBUD_KLART');
  const kartlegging = siste(h, (x) => x.type === 'KARTLEGGING_FULLFORT');
  const oppfolging = erHjem(f.destinasjon) ? f.frister.find((x) => x.id === 'OPPFOLGING' && x.status === 'aktiv' && x.frist) : undefined;
  return {
    pasientNavn: ref.pasientNavn,
    utskrivning: f.utskrevetTidspunkt && f.destinasjon ? { dato: dato(f.utskrevetTidspunkt.toISOString()), destinasjon: f.destinasjon } : null,
    tilbud: tilbud?.data.tilbud ? { tilbud: tilbud.data.tilbud as Tilbud, fra: dato(tilbud.tidspunkt.toISOString()) } : null,
    kommuneNavn: ref.kommuneNavn,
    kontakt: kontakt ?? null,
    oppfolgingSenest: oppfolging?.frist ?? null,
    legemiddelliste: legemiddelliste(h)?.status ?? null,
    viktigForDeg: viktigForDeg(kartlegging?.data.innhold),
    sykehusNavn: ref.sykehusNavn,
    avdeling: f.avdeling,
    avdelingTelefon: ref.avdelingTelefon,
  };
}
