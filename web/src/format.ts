/** Dates, times and numbers in Norwegian form (Intl, nb-NO, Europe/Oslo), and Oslo wall time to ISO. */

const TZ = 'Europe/Oslo';

const datoF = new Intl.DateTimeFormat('nb-NO', { timeZone: TZ, day: 'numeric', month: 'short', year: 'numeric' });
const tidF = new Intl.DateTimeFormat('nb-NO', {
  timeZone: TZ,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const klokkeF = new Intl.DateTimeFormat('nb-NO', { timeZone: TZ, hour: '2-digit', minute: '2-digit', second: '2-digit' });
const tallF = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 1 });
const kronerF = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', maximumFractionDigits: 0 });
const prosentF = new Intl.NumberFormat('nb-NO', { style: 'percent', maximumFractionDigits: 0 });
const manedF = new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', month: 'short', year: 'numeric' });

export const tidspunkt = (iso: string | null | undefined): string => (iso ? tidF.format(new Date(iso)) : '–');
export const klokke = (d: Date): string => klokkeF.format(d);
export const tall = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : tallF.format(n));
export const kroner = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : kronerF.format(n));
export const prosent = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : prosentF.format(n));

/** A date `YYYY-MM-DD` (a calendar date, no time zone) in words. */
export function dato(d: string | null | undefined): string {
  if (!d) return '–';
  if (d.length > 10) return datoF.format(new Date(d));
  const [a, m, dag] = d.split('-').map(Number);
  return new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(Date.UTC(a, m - 1, dag)));
}

/** `YYYY-MM` as "jan. 2026"; `YYYY` and `total` as they are. */
export function periode(p: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  if (!m) return p === 'total' ? 'Hele perioden' : p;
  return manedF.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** Today's date in Oslo, `YYYY-MM-DD`. */
export function iDag(naa = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(naa);
}

/** The first day of this month in Oslo. */
export const manedStart = (naa = new Date()): string => `${iDag(naa).slice(0, 7)}-01`;

/** `YYYY-MM-DD` plus `dager` calendar days. */
export function leggTilDager(d: string, dager: number): string {
  const [a, m, dag] = d.split('-').map(Number);
  return new Date(Date.UTC(a, m - 1, dag + dager)).toISOString().slice(0, 10);
}

/** Oslo's offset from UTC at an instant, in minutes. */
function osloOffset(ms: number): number {
  const deler = new Intl.DateTimeFormat('en-US', {
    timeZone: TZ,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const v = (t: string) => Number(deler.find((p) => p.type === t)?.value);
  const somUtc = Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute'), v('second'));
  return Math.round((somUtc - (ms - (ms % 1000))) / 60_000);
}

/**
 * A wall time in Oslo (`YYYY-MM-DDTHH:mm`, as <input type="datetime-local"> gives it) as an ISO
 * instant, whatever time zone the browser is in.
 */
export function osloTilIso(lokal: string): string {
  const [d, t] = lokal.split('T');
  const [a, m, dag] = d.split('-').map(Number);
  const [h, min] = t.split(':').map(Number);
  const somUtc = Date.UTC(a, m - 1, dag, h, min);
  let ms = somUtc - osloOffset(somUtc) * 60_000;
  ms = somUtc - osloOffset(ms) * 60_000;
  return new Date(ms).toISOString();
}

/** The time left (or past) until `frist`, in words: "3 d 4 t 10 min", "2 t 14 min 5 s", "45 s". */
export function varighet(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const t = Math.floor((s % 86_400) / 3600);
  const min = Math.floor((s % 3600) / 60);
  const sek = s % 60;
  if (d > 0) return `${d} d ${t} t ${min} min`;
  if (t > 0) return `${t} t ${min} min ${sek} s`;
  if (min > 0) return `${min} min ${sek} s`;
  return `${sek} s`;
}
