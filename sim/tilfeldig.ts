/**
 * Seeded random numbers for the simulator. Every draw comes from a named stream
 * (`strom(seed, 'innleggelse', 17, 'liggetid')`): the same seed and name always give the same
 * numbers, whatever else the model draws or in which order. That is what lets the what-if replay
 * the same year with one capacity changed and see only the consequences of the change (common
 * random numbers), and what lets a resumed run regenerate exactly the year it started.
 */

/** 32-bit FNV-1a over a string, then mixed (murmur3 finaliser). */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A small, fast generator (sfc32) seeded from four hashes of the stream's name. */
export class Strom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(navn: string) {
    this.a = hash32(`${navn}#a`);
    this.b = hash32(`${navn}#b`);
    this.c = hash32(`${navn}#c`);
    this.d = hash32(`${navn}#d`) | 1;
    for (let i = 0; i < 12; i++) this.neste();
  }

  /** Uniform in [0, 1). */
  neste(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** true with probability p. */
  ja(p: number): boolean {
    return this.neste() < p;
  }

  /** An integer in [fra, til] (both inclusive). */
  heltall(fra: number, til: number): number {
    return fra + Math.floor(this.neste() * (til - fra + 1));
  }

  /** Uniform in [fra, til). */
  mellom(fra: number, til: number): number {
    return fra + this.neste() * (til - fra);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = Math.max(this.neste(), 1e-12);
    const v = this.neste();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and spread (sigma of the log). */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential with the given mean. */
  eksponentiell(snitt: number): number {
    return -snitt * Math.log(1 - this.neste());
  }

  /** Poisson with mean lambda (Knuth for small, normal approximation for large). */
  poisson(lambda: number): number {
    if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.neste();
    } while (p > l);
    return k - 1;
  }

  /** One key of a table of weights. */
  velg<T extends string>(vekter: Readonly<Record<T, number>>): T {
    const nokler = Object.keys(vekter) as T[];
    const sum = nokler.reduce((s, k) => s + vekter[k], 0);
    let x = this.neste() * sum;
    for (const k of nokler) {
      x -= vekter[k];
      if (x < 0) return k;
    }
    return nokler[nokler.length - 1];
  }
}

/** The stream named by the seed and the parts. */
export function strom(seed: string | number, ...deler: Array<string | number>): Strom {
  return new Strom([String(seed), ...deler.map(String)].join('/'));
}

/** A deterministic RFC 4122 version-4-shaped UUID from a name (ids the driver can repeat after a restart). */
export function uuidFra(navn: string): string {
  const hex = [0, 1, 2, 3].map((i) => hash32(`${navn}#uuid${i}`).toString(16).padStart(8, '0')).join('');
  const v = `${hex.slice(0, 12)}4${hex.slice(13, 16)}${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 32)}`;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20, 32)}`;
}
