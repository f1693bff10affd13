/**
 * An avvik as the API shows it: JSON (the Avvik schema) and a CSV row. The patient is decrypted
 * here, only for a caller who may see the forløp (db/avvik.ts read it only then); the CSV names
 * no patient.
 */
import type { AvvikRad } from '../db/avvik';
import { dekrypterFnr, dekrypterNavn } from '../db/pasient';
import { tillatteHandlinger } from '../workflows/avvik-behandling';
import type { Principal, Rolle } from '../workflows/types';
import type { CsvKolonne } from './csv';
import type { AvvikVisning } from './schemas/avvik';
import { isoOslo } from './visning';

/** The patient of the avvik's forløp, decrypted; a failure names the avvik (never the data). */
function pasientVisning(a: AvvikRad, nokler: readonly Buffer[]): AvvikVisning['pasient'] {
  if (!a.pasient) return null;
  try {
    return { fnr: dekrypterFnr(a.pasient.fnrKryptert, nokler), navn: dekrypterNavn(a.pasient.navnKryptert, nokler) };
  } catch {
    throw new Error(`Pasienten til avvik ${a.id} (pasient ${a.pasient.pasientId}) kan ikke dekrypteres: feil pasientnøkkel?`);
  }
}

/** The avvik for `p`: its patient where `p` may see the forløp, and the moves `p` may make. */
export function avvikVisning(a: AvvikRad, p: Principal, nokler: readonly Buffer[]): AvvikVisning {
  return {
    ...avvikUtenPasient(a),
    pasient: pasientVisning(a, nokler),
    tillatteHandlinger: tillatteHandlinger(p, a),
  };
}

function avvikUtenPasient(a: AvvikRad): Omit<AvvikVisning, 'pasient' | 'tillatteHandlinger'> {
  return {
    id: a.id,
    forlopId: a.forlopId,
    type: a.type as AvvikVisning['type'],
    ansvarlig: { rolle: a.ansvarlig.rolle as Rolle, org: a.ansvarlig.org },
    motpart: { rolle: a.motpart.rolle as Rolle, org: a.motpart.org },
    frist: isoOslo(a.frist),
    brutt: isoOslo(a.brutt),
    tekst: a.tekst,
    status: a.status,
    svarfrist: isoOslo(a.svarfrist),
    svarStatus: a.svarStatus,
    besvart: isoOslo(a.besvart),
    kategori: a.kategori as AvvikVisning['kategori'],
    hjemmel: a.hjemmel,
    strakstiltak: a.strakstiltak,
    historikk: a.historikk.map((h) => ({
      tidspunkt: isoOslo(h.tidspunkt),
      av: { rolle: h.av.rolle as Rolle | 'system', org: h.av.org },
      status: h.status,
      kommentar: h.kommentar,
    })),
  };
}

type AvvikCsvRad = Omit<AvvikVisning, 'ansvarlig' | 'motpart' | 'historikk' | 'pasient' | 'tillatteHandlinger'> & {
  ansvarligRolle: string;
  ansvarligOrg: string;
  motpartRolle: string;
  motpartOrg: string;
  oppholdskommune: string | null;
  sykehus: string | null;
};

export const AVVIK_CSV_KOLONNER: readonly CsvKolonne<AvvikCsvRad>[] = [
  { key: 'id', header: 'id' },
  { key: 'forlopId', header: 'forlopId' },
  { key: 'type', header: 'type' },
  { key: 'kategori', header: 'kategori' },
  { key: 'status', header: 'status' },
  { key: 'svarStatus', header: 'svarStatus' },
  { key: 'ansvarligRolle', header: 'ansvarligRolle' },
  { key: 'ansvarligOrg', header: 'ansvarligOrg' },
  { key: 'motpartRolle', header: 'motpartRolle' },
  { key: 'motpartOrg', header: 'motpartOrg' },
  { key: 'oppholdskommune', header: 'oppholdskommune' },
  { key: 'sykehus', header: 'sykehus' },
  { key: 'frist', header: 'frist' },
  { key: 'brutt', header: 'brutt' },
  { key: 'svarfrist', header: 'svarfrist' },
  { key: 'besvart', header: 'besvart' },
  { key: 'tekst', header: 'tekst' },
  { key: 'hjemmel', header: 'hjemmel' },
  { key: 'strakstiltak', header: 'strakstiltak' },
];

export function csvRad(a: AvvikRad): AvvikCsvRad {
  const { ansvarlig, motpart, historikk: _h, ...resten } = avvikUtenPasient(a);
  return {
    ...resten,
    ansvarligRolle: ansvarlig.rolle,
    ansvarligOrg: ansvarlig.org,
    motpartRolle: motpart.rolle,
    motpartOrg: motpart.org,
    oppholdskommune: a.oppholdskommune ?? null,
    sykehus: a.sykehus ?? null,
  };
}

/** At most this many rows in one CSV answer (a narrower filter gives the rest). */
export const CSV_MAKS_RADER = 100_000;
