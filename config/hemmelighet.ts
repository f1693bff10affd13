/**
 * A secret in the configuration (the engine's HelseID private key): its value only by asking for
 * it. Printed, logged, serialised or inspected it shows `[skjult]`, so a configuration dumped into
 * a log line or an error never carries it.
 */
import { inspect } from 'node:util';

export class Hemmelighet {
  readonly #verdi: string;
  constructor(verdi: string) {
    this.#verdi = verdi;
  }
  verdi(): string {
    return this.#verdi;
  }
  toString(): string {
    return '[skjult]';
  }
  toJSON(): string {
    return '[skjult]';
  }
  [inspect.custom](): string {
    return '[skjult]';
  }
}
