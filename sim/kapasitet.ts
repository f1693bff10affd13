/**
 * The kommuner's capacity: what decides whether and when a kommune can receive a patient who is
 * meldt utskrivningsklar, so that overliggerdøgn come from queues, not from dice.
 *
 * Two kinds of resource, each with one FIFO queue, shared by the hospital's patients and the
 * kommune's own (background) demand:
 *
 *   Senger       places with an occupancy (korttidsplasser): a request is served when a place
 *                is free; the place is then held for the stay's length and freed at its end.
 *   Kvote        starts per week (hjemmetjeneste, langtidsplasser freed): slots spread over the
 *                working hours of the week; a slot not used in its week is lost.
 *
 * Pure and synchronous: the simulator advances each resource in time order (`nesteTid`/`steg`)
 * interleaved with its own events, and a served request is told through its callback with the
 * instant it was served. Times are epoch milliseconds.
 */
import { DateTime } from 'luxon';

export const TIME = 3_600_000;
export const DOGN = 24 * TIME;
const SONE = 'Europe/Oslo';

export interface Foresporsel {
  id: string;
  /** How long a place is held once served (Senger only), ms. */
  varighet: number;
  /** Called once, with the instant the request was served. */
  betjent?: (t: number) => void;
}

export interface Ressurs {
  readonly navn: string;
  /** The instant of the next internal event (a place freed, a slot, a new week); Infinity when none. */
  nesteTid(): number;
  /** Processes the next internal event. */
  steg(): void;
  /** A request at instant t: served at once when something is free and nobody waits, else queued. */
  be(f: Foresporsel, t: number): void;
  /** Withdraws a waiting request (death, avmelding, another tilbud); false when it was not waiting. */
  trekk(id: string): boolean;
  /** Requests waiting now. */
  ventende(): number;
  /** Whether a new request at t would be served at once. */
  ledigNaa(t: number): boolean;
  /** The kommune's own estimate of when a new request at t would be served (ms from t). */
  estimertVentetid(t: number): number;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly a: number[] = [];
  get length(): number {
    return this.a.length;
  }
  min(): number {
    return this.a.length ? this.a[0] : Infinity;
  }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p] <= a[i]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
  sortert(): number[] {
    return [...this.a].sort((x, y) => x - y);
  }
}

/** Places with an occupancy: korttidsplasser. */
export class Senger implements Ressurs {
  private readonly opptatt = new MinHeap();
  private ko: Foresporsel[] = [];

  /**
   * @param antall the number of places
   * @param opptattTil instants at which places occupied at the start are freed (at most `antall`)
   */
  constructor(
    readonly navn: string,
    private readonly antall: number,
    opptattTil: number[] = [],
  ) {
    for (const t of opptattTil.slice(0, antall)) this.opptatt.push(t);
  }

  nesteTid(): number {
    return this.opptatt.min();
  }

  steg(): void {
    const t = this.opptatt.pop();
    const f = this.ko.shift();
    if (f) this.betjen(f, t);
  }

  private betjen(f: Foresporsel, t: number): void {
    this.opptatt.push(t + f.varighet);
    f.betjent?.(t);
  }

  be(f: Foresporsel, t: number): void {
    if (this.ledigNaa(t)) this.betjen(f, t);
    else this.ko.push(f);
  }

  trekk(id: string): boolean {
    const n = this.ko.length;
    this.ko = this.ko.filter((f) => f.id !== id);
    return this.ko.length !== n;
  }

  ventende(): number {
    return this.ko.length;
  }

  ledigNaa(_t: number): boolean {
    return this.ko.length === 0 && this.opptatt.length < this.antall;
  }

  estimertVentetid(t: number): number {
    if (this.ledigNaa(t)) return 0;
    // The k-th place to be freed among those held now (a new request is k-th in line).
    const frigjort = this.opptatt.sortert();
    const k = this.ko.length + 1 - (this.antall - this.opptatt.length);
    if (k <= 0) return 0;
    const i = Math.min(k, frigjort.length) - 1;
    return Math.max(0, frigjort[i] - t) * Math.max(1, k / Math.max(1, frigjort.length));
  }
}

/**
 * The slot instants of a weekly quota between two instants: `perUke` slots a week (fractional
 * rates accumulate across weeks), spread evenly over Monday–Friday 08:00–16:00 (Europe/Oslo).
 */
export function kvoteTider(perUke: number, fra: number, til: number): number[] {
  if (perUke <= 0) return [];
  const ut: number[] = [];
  // Working time is 5 × 8 h a week; slot k lies at working-minute (k + 0.5) × (2400 / perUke).
  const arbeidsminutterPerUke = 5 * 8 * 60;
  let uke = DateTime.fromMillis(fra, { zone: SONE }).startOf('week'); // ISO week: Monday
  let k = 0;
  const mellom = arbeidsminutterPerUke / perUke;
  let ukeNr = 0;
  while (uke.toMillis() < til) {
    const ukeSlutt = (ukeNr + 1) * arbeidsminutterPerUke;
    for (;;) {
      const min = (k + 0.5) * mellom;
      if (min >= ukeSlutt) break;
      const iUka = min - ukeNr * arbeidsminutterPerUke;
      const dag = Math.floor(iUka / 480);
      const minuttPaDagen = iUka - dag * 480;
      const t = uke.plus({ days: dag }).set({ hour: 8, minute: 0 }).plus({ minutes: minuttPaDagen }).toMillis();
      if (t >= fra && t < til) ut.push(t);
      k++;
    }
    uke = uke.plus({ weeks: 1 });
    ukeNr++;
  }
  return ut;
}

/** The Monday 00:00 (Europe/Oslo) instants between two instants. */
function ukestarter(fra: number, til: number): number[] {
  const ut: number[] = [];
  let uke = DateTime.fromMillis(fra, { zone: SONE }).startOf('week').plus({ weeks: 1 });
  while (uke.toMillis() < til) {
    ut.push(uke.toMillis());
    uke = uke.plus({ weeks: 1 });
  }
  return ut;
}

/** Starts per week: hjemmetjeneste starts, langtidsplasser freed. */
export class Kvote implements Ressurs {
  private ledige = 0;
  private ko: Foresporsel[] = [];
  private i = 0;
  private j = 0;

  constructor(
    readonly navn: string,
    private readonly slots: number[],
    private readonly nyUke: number[],
  ) {}

  static ukentlig(navn: string, perUke: number, fra: number, til: number): Kvote {
    return new Kvote(navn, kvoteTider(perUke, fra, til), ukestarter(fra, til));
  }

  nesteTid(): number {
    return Math.min(this.slots[this.i] ?? Infinity, this.nyUke[this.j] ?? Infinity);
  }

  steg(): void {
    const slot = this.slots[this.i] ?? Infinity;
    const uke = this.nyUke[this.j] ?? Infinity;
    if (uke <= slot) {
      // A new week: what was not used last week is gone.
      this.j++;
      this.ledige = 0;
      return;
    }
    this.i++;
    const f = this.ko.shift();
    if (f) f.betjent?.(slot);
    else this.ledige++;
  }

  be(f: Foresporsel, t: number): void {
    if (this.ledigNaa(t)) {
      this.ledige--;
      f.betjent?.(t);
    } else {
      this.ko.push(f);
    }
  }

  trekk(id: string): boolean {
    const n = this.ko.length;
    this.ko = this.ko.filter((f) => f.id !== id);
    return this.ko.length !== n;
  }

  ventende(): number {
    return this.ko.length;
  }

  ledigNaa(_t: number): boolean {
    return this.ko.length === 0 && this.ledige > 0;
  }

  estimertVentetid(t: number): number {
    if (this.ledigNaa(t)) return 0;
    const k = this.ko.length; // the k-th coming slot (0-based) serves a new request
    const slot = this.slots[this.i + k];
    return slot === undefined ? 60 * DOGN : Math.max(0, slot - t);
  }
}
