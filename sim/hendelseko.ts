/**
 * The generator's event queue: a binary heap by time, ties in the order they were put in, so the
 * year runs the same way every time.
 */

interface Hendelse {
  t: number;
  n: number;
  fn: () => void;
}

export class Ko {
  private readonly a: Hendelse[] = [];
  private n = 0;
  get tom(): boolean {
    return this.a.length === 0;
  }
  min(): number {
    return this.a.length ? this.a[0].t : Infinity;
  }
  legg(t: number, fn: () => void): void {
    const a = this.a;
    a.push({ t, n: this.n++, fn });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (mindre(a[p], a[i])) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  ta(): Hendelse {
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
        if (l < a.length && mindre(a[l], a[m])) m = l;
        if (r < a.length && mindre(a[r], a[m])) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
const mindre = (x: Hendelse, y: Hendelse) => x.t < y.t || (x.t === y.t && x.n < y.n);
