/**
 * A run's state, kept in a JSON file so a run stopped with Ctrl-C goes on where it was: the seed,
 * size and year's end (so the same year is generated again), the criteria and frister it was
 * generated with, its own engine (folder, database, keys) and what was already sent.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Kjoring } from './driver';
import type { Frister } from './fasit';
import type { Kriterier, Storrelse } from './modell';
import type { EgenMotorTilstand } from './motor';

export interface Tilstand {
  versjon: 1;
  runId: string;
  seed: string;
  storrelse: Storrelse;
  /** The days driven, when not the size's (STORRELSE_DAGER): the demo's test drives a few. */
  dager?: number;
  /** The year's end, ISO. */
  slutt: string;
  fnrSalt: string;
  url: string | null;
  motor: EgenMotorTilstand | null;
  kriterier: Kriterier | null;
  frister: Record<string, Frister> | null;
  dognpris: Record<string, number> | null;
  kjoring: Kjoring;
  ferdig: boolean;
}

export function lesTilstand(fil: string): Tilstand | null {
  try {
    return JSON.parse(fs.readFileSync(fil, 'utf8')) as Tilstand;
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed: a Ctrl-C mid-write leaves the previous state whole. */
export async function lagreTilstand(fil: string, t: Tilstand): Promise<void> {
  await fsp.mkdir(path.dirname(fil), { recursive: true });
  const tmp = `${fil}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, JSON.stringify(t), { mode: 0o600 });
  await fsp.rename(tmp, fil);
}

export function lagreTilstandNaa(fil: string, t: Tilstand): void {
  fs.mkdirSync(path.dirname(fil), { recursive: true });
  const tmp = `${fil}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(t), { mode: 0o600 });
  fs.renameSync(tmp, fil);
}
