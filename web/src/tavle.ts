/**
 * "What now" on the ward board and in the kommune's inbox, as plain functions: which frist a card
 * shows, the most urgent first, search by name or fødselsnummer, and the filters. Typed by the
 * shapes they read only, so a unit test needs no browser (test/unit/web-tavle.test.ts).
 */

export interface FristLik {
  id: string;
  ansvarlig: string;
  status: string;
  start: string;
  frist: string | null;
  oppfyltTidspunkt: string | null;
  bruttTidspunkt: string | null;
}

export interface ForlopLik {
  pasient: { fnr: string; navn: { fornavn: string; etternavn: string } | null };
  oppholdskommune: string;
  status: string;
  frister: FristLik[];
}

export type FristNivaa = 'brutt' | 'naer' | 'ok' | 'ferdig';

/** How urgent a frist is: broken, near (under an hour, or under a fifth of its span left), in time, or done. */
export function fristNivaa(f: FristLik, naa: number): FristNivaa {
  if (f.status === 'brutt') return 'brutt';
  if (f.status !== 'aktiv' || !f.frist) return 'ferdig';
  const igjen = Date.parse(f.frist) - naa;
  if (igjen <= 0) return 'brutt';
  const spenn = Date.parse(f.frist) - Date.parse(f.start);
  return igjen < 3_600_000 || (spenn > 0 && igjen / spenn < 0.2) ? 'naer' : 'ok';
}

/** Still to be acted on: running, or broken and not done since (a melding sent late is done). */
const aapen = (f: FristLik): boolean => f.status === 'aktiv' || (f.status === 'brutt' && !f.oppfyltTidspunkt);

/** When the frist is (was) due, in ms: a broken one without a time by when it broke; none is last. */
export function forfall(f: FristLik | null): number {
  if (!f || !aapen(f)) return Number.POSITIVE_INFINITY;
  if (f.frist) return Date.parse(f.frist);
  return f.bruttTidspunkt ? Date.parse(f.bruttTidspunkt) : Number.POSITIVE_INFINITY;
}

/**
 * The frist a card shows: the viewer's own (`egen`: the rolle responsible) that is due first, a
 * broken one before any running one; when the viewer has none open, anyone's.
 */
export function viktigsteFrist<F extends FristLik>(frister: F[], egen?: string): F | null {
  const apne = frister.filter((f) => aapen(f) && (f.frist || f.status === 'brutt'));
  const egne = egen ? apne.filter((f) => f.ansvarlig === egen) : apne;
  const kandidater = egne.length > 0 ? egne : apne;
  return kandidater.reduce<F | null>((best, f) => (best === null || forfall(f) < forfall(best) ? f : best), null);
}

/** The most urgent first (by the frist each card shows), then by fødselsnummer so the order is stable. */
export function sorterEtterHast<T extends ForlopLik>(liste: T[], egen?: string): T[] {
  return liste
    .map((f) => ({ f, n: forfall(viktigsteFrist(f.frister, egen)) }))
    .sort((a, b) => (a.n === b.n ? a.f.pasient.fnr.localeCompare(b.f.pasient.fnr) : a.n < b.n ? -1 : 1))
    .map((x) => x.f);
}

/**
 * A search hit: digits look in the fødselsnummer (spaces ignored), words in the name (each word
 * must be in it, any order, case ignored). An empty search hits everything.
 */
export function treff(f: ForlopLik, sok: string): boolean {
  const s = sok.trim().toLocaleLowerCase('nb');
  if (!s) return true;
  const siffer = s.replace(/\s+/g, '');
  if (/^\d+$/.test(siffer)) return f.pasient.fnr.includes(siffer);
  const navn = f.pasient.navn ? `${f.pasient.navn.fornavn} ${f.pasient.navn.etternavn}`.toLocaleLowerCase('nb') : '';
  return s.split(/\s+/).every((ord) => navn.includes(ord));
}

export interface Filter {
  sok: string;
  /** '' for all. */
  status: string;
  /** A kommunenummer, '' for all. */
  kommune: string;
  /** 'snart': near or broken; 'brutt': broken; '' all. */
  frist: '' | 'snart' | 'brutt';
}

export const TOMT_FILTER: Filter = { sok: '', status: '', kommune: '', frist: '' };

/** The forløp the filter lets through (the frist judged as the card shows it). */
export function filtrer<T extends ForlopLik>(liste: T[], filter: Filter, naa: number, egen?: string): T[] {
  return liste.filter((f) => {
    if (filter.status && f.status !== filter.status) return false;
    if (filter.kommune && f.oppholdskommune !== filter.kommune) return false;
    if (!treff(f, filter.sok)) return false;
    if (filter.frist) {
      const frist = viktigsteFrist(f.frister, egen);
      const nivaa = frist ? fristNivaa(frist, naa) : 'ferdig';
      if (filter.frist === 'brutt' && nivaa !== 'brutt') return false;
      if (filter.frist === 'snart' && nivaa !== 'brutt' && nivaa !== 'naer') return false;
    }
    return true;
  });
}
