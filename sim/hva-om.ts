/**
 * The what-if: the same seed replayed with one kommune's capacity changed, both years priced by
 * the engine's OWN pure rule modules (workflows/frister/, workflows/overliggerdogn.ts), so the
 * kroner are the engine's kroner; no servers, a few seconds. Here importing the engine's modules
 * is the point (the ground truth, sim/fasit.ts, never does).
 *
 * Per kommune: overliggerdøgn (billable and not disputed), their kroner, the calendar days the
 * utskrivningsklare patients waited for the kommune, and the discharges home.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { beregnFrister } from '../workflows/frister';
import { beregnOverliggerdogn } from '../workflows/overliggerdogn';
import type { Dognpris, FristKonfigurasjon, ForlopStart } from '../workflows/types';
import type { Hendelse } from '../workflows/hendelser';
import { generer } from './generator';
import { dagerMellom, datoOslo, isoOslo, medEndring, TEAM, type Endring, type Kriterier, type Region, type SimAr, type SimForlop } from './modell';

export interface Tall {
  overliggerdogn: number;
  kroner: number;
  ventedager: number;
  utskrevetHjem: number;
  meldt: number;
}

const tomt = (): Tall => ({ overliggerdogn: 0, kroner: 0, ventedager: 0, utskrevetHjem: 0, meldt: 0 });

export function lesDognpris(): Dognpris {
  const seed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'db', 'seed', 'helgeland.json'), 'utf8'));
  return seed.dognpris as Dognpris;
}

export function lesFristKonfig(): FristKonfigurasjon {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'config', 'frister.default.json'), 'utf8'));
}

/** A simulated forløp as the engine's pure modules see it: its start and its hendelser up to `naa`. */
function fakta(f: SimForlop, naa: number): { start: ForlopStart; hendelser: Hendelse[] } {
  const hs = f.hendelser.filter((h) => h.tidspunkt <= naa && h.registrert <= naa && h.type !== 'INNLAGT');
  return {
    start: {
      forlopId: f.nokkel,
      pasientId: String(f.pasient),
      oppholdskommune: f.kommune,
      sykehus: f.sykehus,
      avdeling: f.avdeling,
      innlagtTidspunkt: isoOslo(f.innlagt),
      antattBehovKommunaleTjenester: f.antattBehov,
      kartleggingInkludert: f.kartleggingGitt ?? f.inkludertAvKriterier,
      kartleggingsteam: TEAM[f.sykehus],
    },
    hendelser: hs.map((h, i) => ({
      hendelseId: h.nokkel,
      type: h.type,
      tidspunkt: isoOslo(h.tidspunkt),
      registrert: isoOslo(h.registrert),
      av: h.av,
      data: h.data,
      sekvens: i + 2,
    })) as unknown as Hendelse[],
  };
}

/** The year's figures per kommune, priced by the engine's rules at the year's end. */
export function prisAr(ar: SimAr, konfig: FristKonfigurasjon, dognpris: Dognpris): Map<string, Tall> {
  const naa = isoOslo(ar.slutt);
  const ut = new Map<string, Tall>();
  for (const f of ar.forlop) {
    const x = ut.get(f.kommune) ?? tomt();
    ut.set(f.kommune, x);
    const fa = fakta(f, ar.slutt);
    const frister = beregnFrister(fa, konfig, naa);
    const priset = beregnOverliggerdogn(fa, frister, naa, dognpris);
    for (const d of priset.dager) {
      if (!d.fakturerbar) continue;
      x.overliggerdogn++;
      x.kroner += d.belop;
    }
    const m = f.modell;
    if (m.meldt !== null && m.meldt <= ar.slutt) {
      x.meldt++;
      const slutt = Math.min(m.klar ?? m.utskrevet ?? ar.slutt, m.utskrevet ?? ar.slutt, ar.slutt);
      x.ventedager += Math.max(0, dagerMellom(datoOslo(m.meldt), datoOslo(slutt)));
    }
    if (m.utskrevet !== null && m.utskrevet <= ar.slutt && (m.destinasjon === 'hjem' || m.destinasjon === 'hjem_med_tjenester')) x.utskrevetHjem++;
  }
  return ut;
}

export interface HvaOmResultat {
  endring: Endring;
  rader: Array<{ kommune: string; navn: string; for: Tall; etter: Tall }>;
  total: { for: Tall; etter: Tall };
  sekunder: number;
}

export function hvaOm(v: { seed: string; slutt: number; region: Region; kriterier: Kriterier; endring: Endring }): HvaOmResultat {
  const t0 = Date.now();
  const konfig = lesFristKonfig();
  const dognpris = lesDognpris();
  const for_ = prisAr(generer({ seed: v.seed, slutt: v.slutt, region: v.region, kriterier: v.kriterier }), konfig, dognpris);
  const etter = prisAr(generer({ seed: v.seed, slutt: v.slutt, region: medEndring(v.region, v.endring), kriterier: v.kriterier }), konfig, dognpris);
  const rader = v.region.kommuner.map((k) => ({ kommune: k.nummer, navn: k.navn, for: for_.get(k.nummer) ?? tomt(), etter: etter.get(k.nummer) ?? tomt() }));
  const sum = (l: Tall[]) =>
    l.reduce(
      (s, x) => ({
        overliggerdogn: s.overliggerdogn + x.overliggerdogn,
        kroner: s.kroner + x.kroner,
        ventedager: s.ventedager + x.ventedager,
        utskrevetHjem: s.utskrevetHjem + x.utskrevetHjem,
        meldt: s.meldt + x.meldt,
      }),
      tomt(),
    );
  return { endring: v.endring, rader, total: { for: sum(rader.map((r) => r.for)), etter: sum(rader.map((r) => r.etter)) }, sekunder: (Date.now() - t0) / 1000 };
}

const FELT: Array<[keyof Tall, string]> = [
  ['overliggerdogn', 'overliggerdøgn'],
  ['kroner', 'kroner'],
  ['ventedager', 'ventedager'],
  ['utskrevetHjem', 'utskrevet hjem'],
];

/** The rows as CSV (csv-stringify): one row per kommune and the total, before, after and the difference of each figure. */
export function hvaOmCsv(r: HvaOmResultat): string {
  const hode = ['kommune', 'navn', ...FELT.flatMap(([k]) => [`${k}_for`, `${k}_etter`, `${k}_endring`])];
  const rad = (kommune: string, navn: string, a: Tall, b: Tall) => [kommune, navn, ...FELT.flatMap(([k]) => [a[k], b[k], b[k] - a[k]])];
  return stringify([hode, ...r.rader.map((x) => rad(x.kommune, x.navn, x.for, x.etter)), rad('total', 'Helgeland', r.total.for, r.total.etter)], {
    delimiter: ';',
    record_delimiter: 'windows',
    bom: true,
  });
}

/** The table for the terminal: the kommuner whose figures moved, and the total. */
export function hvaOmTabell(r: HvaOmResultat): string {
  const tall = (n: number) => n.toLocaleString('nb-NO').replace(/\u00a0/g, ' ');
  const diff = (n: number) => (n > 0 ? `+${tall(n)}` : tall(n));
  const linjer = [['kommune', ...FELT.map(([, n]) => n)]];
  const vis = (navn: string, a: Tall, b: Tall) => [navn, ...FELT.map(([k]) => `${tall(a[k])} → ${tall(b[k])} (${diff(b[k] - a[k])})`)];
  for (const x of r.rader)
    if (FELT.some(([k]) => x.for[k] !== x.etter[k]) || x.kommune === r.endring.kommune) linjer.push(vis(`${x.kommune} ${x.navn}`, x.for, x.etter));
  linjer.push(vis('Helgeland i alt', r.total.for, r.total.etter));
  const bredde = linjer[0].map((_, i) => Math.max(...linjer.map((l) => l[i].length)));
  return linjer.map((l, j) => l.map((c, i) => c.padEnd(bredde[i])).join('  ') + (j === 0 ? `\n${bredde.map((b) => '-'.repeat(b)).join('  ')}` : '')).join('\n');
}
