/**
 * The reports as the API shows them: the JSON answers (api/schemas/rapporter.ts) and the CSV
 * tables (one header row, then rows in its order; api/csv.ts writes them).
 */
import type { Response } from 'express';
import { ANDEL_NOKLER, INDIKATOR_NOKLER, SNITT_NOKLER, tommeIndikatorer, type IndikatorNokkel, type IndikatorRad, type Indikatorer } from '../../db/rapporter';
import { AVVIK_TYPER } from '../../workflows/avvik-typer';
import { sendCsv } from '../csv';
import type { SammenligningRader } from '../handlinger/rapporter';
import {
  GRUPPER,
  type IndikatorQuery,
  type IndikatorRapport,
  type OverliggerdognQuery,
  type OverliggerdognRapport,
  type Sammenligning,
  type SammenligningQuery,
} from '../schemas/rapporter';
import { FELLES_DEFINISJONER, INDIKATOR_DEFINISJONER, INDIKATOR_NAVN, OVERLIGGERDOGN_DEFINISJONER, sammenligningDefinisjoner } from './definisjoner';

type CsvVerdi = string | number | boolean | null | undefined;

/** A CSV answer: its header row and its rows, each in the order of `kolonner`. */
export interface CsvTabell {
  kolonner: readonly string[];
  rader: ReadonlyArray<ReadonlyArray<CsvVerdi>>;
}

/** The table through the shared CSV helper (api/csv.ts writes decimals with a comma, as a Norwegian spreadsheet reads them). */
export function sendTabell(res: Response, filnavn: string, t: CsvTabell): void {
  sendCsv(
    res,
    t.kolonner.map((k, i) => ({ key: String(i), header: k })),
    t.rader.map((r) => Object.fromEntries(r.map((v, i) => [String(i), v]))),
    { filnavn: `${filnavn}.csv` },
  );
}

// --- indikatorer ---

const ANSVARLIGE_CSV: readonly string[] = ['sykehus', 'kartleggingsteam', 'kommune'];

interface DelKolonner {
  type: string[];
  ansvarlig: string[];
}

/** The avvik sub-keys as CSV columns: the known ones always, then any other seen, sorted. */
function delKolonner(alle: Indikatorer[]): DelKolonner {
  const flere = (kjente: readonly string[], sett: string[]) => [...kjente, ...[...new Set(sett)].filter((x) => !kjente.includes(x)).sort()];
  return {
    type: flere(
      AVVIK_TYPER,
      alle.flatMap((i) => Object.keys(i.avvikPerType)),
    ),
    ansvarlig: flere(
      ANSVARLIGE_CSV,
      alle.flatMap((i) => Object.keys(i.avvikPerAnsvarlig)),
    ),
  };
}

const erAndel = (k: IndikatorNokkel) => (ANDEL_NOKLER as readonly string[]).includes(k);
const erSnitt = (k: IndikatorNokkel) => (SNITT_NOKLER as readonly string[]).includes(k);

/** A share in per cent, one decimal at most (0.7777… → 77.8); none stays none. */
export const prosent = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 10);
/** A mean or an amount: one decimal (a mean) or two (kroner) at most. */
const avrund = (v: number | null, desimaler: number): number | null => (v === null ? null : Math.round(v * 10 ** desimaler) / 10 ** desimaler);

/** One figure as its CSV cell: a share in per cent, a mean to one decimal, kroner to øre. */
function csvTall(k: IndikatorNokkel, v: number | null): number | null {
  if (erAndel(k)) return prosent(v);
  if (erSnitt(k)) return avrund(v, 1);
  return avrund(v, 2);
}

function indikatorCsvVerdier(x: Pick<IndikatorRad, 'indikatorer'> & Partial<Pick<IndikatorRad, 'tellerNevner'>>, d: DelKolonner): CsvVerdi[] {
  const i = x.indikatorer;
  return [
    ...INDIKATOR_NOKLER.flatMap((k): CsvVerdi[] => {
      if (!erAndel(k) || !x.tellerNevner) return [csvTall(k, i[k])];
      const tn = x.tellerNevner[k] ?? { teller: 0, nevner: 0 };
      return [csvTall(k, i[k]), tn.teller, tn.nevner];
    }),
    ...d.type.map((t) => i.avvikPerType[t] ?? 0),
    ...d.ansvarlig.map((r) => i.avvikPerAnsvarlig[r] ?? 0),
  ];
}

/** A figure's CSV header: its plain name, "(%)" for a share. */
const indikatorOverskrift = (k: IndikatorNokkel) => (erAndel(k) ? `${INDIKATOR_NAVN[k]} (%)` : INDIKATOR_NAVN[k]);

/** The columns: each figure by its plain name (a share with its teller and nevner when `medTellerNevner`), then the avvik breakdowns. */
const indikatorCsvKolonner = (d: DelKolonner, medTellerNevner: boolean) => [
  ...INDIKATOR_NOKLER.flatMap((k) =>
    erAndel(k) && medTellerNevner ? [indikatorOverskrift(k), `${INDIKATOR_NAVN[k]}, teller`, `${INDIKATOR_NAVN[k]}, nevner`] : [indikatorOverskrift(k)],
  ),
  ...d.type.map((t) => `${INDIKATOR_NAVN.avvikPerType}: ${t}`),
  ...d.ansvarlig.map((r) => `${INDIKATOR_NAVN.avvikPerAnsvarlig}: ${r}`),
];

export function indikatorSvar(q: IndikatorQuery, rader: IndikatorRad[]): IndikatorRapport {
  return {
    fra: q.fra,
    til: q.til,
    gruppering: q.gruppering,
    data: rader.map((x) => ({ periode: x.periode, oppholdskommune: x.gruppe, indikatorer: x.indikatorer, tellerNevner: x.tellerNevner })),
    navn: INDIKATOR_NAVN,
    definisjoner: { ...FELLES_DEFINISJONER, ...INDIKATOR_DEFINISJONER },
  };
}

/** One row per (periode, kommune), one column per figure (a share in per cent with its teller and nevner). */
export function indikatorCsv(rader: IndikatorRad[]): CsvTabell {
  const d = delKolonner(rader.map((x) => x.indikatorer));
  return {
    kolonner: ['Periode', 'Oppholdskommune', ...indikatorCsvKolonner(d, true)],
    rader: rader.map((x) => [x.periode, x.gruppe, ...indikatorCsvVerdier(x, d)]),
  };
}

// --- overliggerdøgn ---

type OverliggerdognData = Pick<OverliggerdognRapport, 'data' | 'dager'>;

export function overliggerdognSvar(q: OverliggerdognQuery, { data, dager }: OverliggerdognData): OverliggerdognRapport {
  return { fra: q.fra, til: q.til, gruppering: q.gruppering, data, ...(dager ? { dager } : {}), definisjoner: OVERLIGGERDOGN_DEFINISJONER };
}

const OVERLIGGERDOGN_KOLONNER = [
  'periode',
  'oppholdskommune',
  'dager',
  'betalbareDager',
  'betalbartBelop',
  'ikkeBetalbareDager',
  'ikkeBetalbartBelop',
  'omstridteDager',
  'omstridtBelop',
  'forelopigPrisedeDager',
  'forelopigPrisetBelop',
] as const;
const DAG_KOLONNER = ['forlopId', 'dato', 'oppholdskommune', 'sykehus', 'belop', 'status', 'prisForelopig'] as const;

/** With the day list (detaljer=true) only the day list; otherwise the summary. */
export function overliggerdognCsv(q: OverliggerdognQuery, { data, dager }: OverliggerdognData): { filnavn: string; tabell: CsvTabell } {
  if (dager) {
    return { filnavn: `overliggerdogn_dager_${q.fra}_${q.til}`, tabell: { kolonner: DAG_KOLONNER, rader: dager.map((d) => DAG_KOLONNER.map((k) => d[k])) } };
  }
  return {
    filnavn: `overliggerdogn_${q.fra}_${q.til}`,
    tabell: { kolonner: OVERLIGGERDOGN_KOLONNER, rader: data.map((x) => OVERLIGGERDOGN_KOLONNER.map((k) => x[k])) },
  };
}

// --- sammenligning ---

/** periode minus grunnlag for each figure (per key for the avvik breakdowns); null where either is null. */
function endring(a: Indikatorer, b: Indikatorer): Indikatorer {
  const ut = tommeIndikatorer();
  for (const k of INDIKATOR_NOKLER) {
    const x = a[k];
    const y = b[k];
    (ut as Record<string, unknown>)[k] = x === null || y === null ? null : x - y;
  }
  for (const k of ['avvikPerType', 'avvikPerAnsvarlig'] as const) {
    for (const del of new Set([...Object.keys(a[k]), ...Object.keys(b[k])])) ut[k][del] = (a[k][del] ?? 0) - (b[k][del] ?? 0);
  }
  return ut;
}

/** Each group's figures for the period and the baseline, and the change; a group with nothing counted is all zero. */
export function sammenligningData({ periode, grunnlag }: SammenligningRader): Sammenligning['data'] {
  const av = (rader: IndikatorRad[], g: string) => rader.find((x) => x.gruppe === g)?.indikatorer ?? tommeIndikatorer();
  return GRUPPER.map((g) => {
    const a = av(periode, g);
    const b = av(grunnlag, g);
    return { gruppe: g, periode: a, grunnlag: b, endring: endring(a, b) };
  });
}

export function sammenligningSvar(q: SammenligningQuery, s: SammenligningRader): Sammenligning {
  return {
    periode: { fra: q.fra, til: q.til },
    grunnlag: { fra: q.grunnlagFra, til: q.grunnlagTil },
    deltakere: s.deltakere,
    data: sammenligningData(s),
    definisjoner: sammenligningDefinisjoner(s.deltakere.kilde),
  };
}

/** One row per (gruppe, indikator): the figure's plain name and its code name; a share and its change in per cent (points). */
export function sammenligningCsv(s: SammenligningRader): CsvTabell {
  const data = sammenligningData(s);
  const d = delKolonner(data.flatMap((x) => [x.periode, x.grunnlag]));
  const navn = indikatorCsvKolonner(d, false);
  const koder = [...INDIKATOR_NOKLER, ...d.type.map((t) => `avvikPerType.${t}`), ...d.ansvarlig.map((r) => `avvikPerAnsvarlig.${r}`)];
  const rader: CsvVerdi[][] = [];
  for (const x of data) {
    const [a, b, e] = [x.periode, x.grunnlag, x.endring].map((i) => indikatorCsvVerdier({ indikatorer: i }, d));
    navn.forEach((k, n) => rader.push([x.gruppe, k, koder[n], a[n], b[n], e[n]]));
  }
  return { kolonner: ['Gruppe', 'Indikator', 'Kode', 'Periode', 'Grunnlag', 'Endring'], rader };
}
