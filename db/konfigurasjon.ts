/**
 * Configuration the admin manages: a kommune's frist overrides (kommune.frister, from its
 * samarbeidsavtale) and the døgnpris table by year. A forløp is started with both (the API
 * reads them at POST /forlop; a forløp of release 0.1.0 reads them through its activity).
 */
import standard from '../config/frister.default.json';
import { fristKonfigurasjon } from '../workflows/frister';
import type { Dognpris, FristKonfigurasjon, Forlopskonfigurasjon } from '../workflows/types';
import type { Pool, PoolClient } from './pool';

export const STANDARD_FRISTER: FristKonfigurasjon = standard as FristKonfigurasjon;

/** The defaults with the kommune's valid overrides; the rule lives with the frister (one place). */
export function flettFrister(overstyring: unknown): FristKonfigurasjon {
  const gyldig = overstyring && typeof overstyring === 'object' && !Array.isArray(overstyring);
  return fristKonfigurasjon(STANDARD_FRISTER, gyldig ? (overstyring as Partial<FristKonfigurasjon>) : null);
}

/** What a forløp of the kommune runs with, in one query. */
export async function hentForlopskonfigurasjon(db: Db, kommune: string, samhandlingOrg: string): Promise<Forlopskonfigurasjon> {
  const { rows } = await db.query<{ frister: unknown; dognpris: Record<string, number | string> | null }>(
    `SELECT (SELECT k.frister FROM kommune k WHERE k.nummer = $1) AS frister,
            (SELECT json_object_agg(d.ar::text, d.belop ORDER BY d.ar) FROM dognpris d) AS dognpris`,
    [kommune],
  );
  const rad = rows[0];
  const dognpris: Dognpris = {};
  for (const [ar, belop] of Object.entries(rad?.dognpris ?? {})) dognpris[ar] = Number(belop);
  return { frister: flettFrister(rad?.frister), dognpris, samhandlingOrg };
}

type Db = Pool | PoolClient;

export interface KommuneKonfigurasjonRad {
  nummer: string;
  navn: string;
  /** The stored overrides as they are (validated when written through the API). */
  frister: Record<string, unknown>;
  oppdatert: Date;
}

export async function hentKommuneKonfigurasjon(db: Db, nummer: string): Promise<KommuneKonfigurasjonRad | null> {
  const r = await db.query<KommuneKonfigurasjonRad>('SELECT nummer, navn, frister, oppdatert FROM kommune WHERE nummer = $1', [nummer]);
  return r.rows[0] ?? null;
}

/** Replaces the kommune's overrides; null when there is no such kommune. */
export async function settKommuneFrister(db: Db, nummer: string, frister: Record<string, unknown>): Promise<KommuneKonfigurasjonRad | null> {
  const r = await db.query<KommuneKonfigurasjonRad>(
    `UPDATE kommune SET frister = $2::jsonb, oppdatert = now() WHERE nummer = $1
     RETURNING nummer, navn, frister, oppdatert`,
    [nummer, JSON.stringify(frister)],
  );
  return r.rows[0] ?? null;
}

export interface DognprisRad {
  ar: number;
  belop: number;
}

export async function listDognpris(db: Db): Promise<DognprisRad[]> {
  const r = await db.query<DognprisRad>('SELECT ar, belop FROM dognpris ORDER BY ar');
  return r.rows.map((x) => ({ ar: Number(x.ar), belop: Number(x.belop) }));
}

/** Sets the døgnpris of a year (insert or replace); `ny` tells whether the year was new. */
export async function settDognpris(db: Db, ar: number, belop: number): Promise<DognprisRad & { ny: boolean }> {
  const r = await db.query<{ ar: number; belop: number; ny: boolean }>(
    `INSERT INTO dognpris (ar, belop) VALUES ($1, $2)
     ON CONFLICT (ar) DO UPDATE SET belop = EXCLUDED.belop
     RETURNING ar, belop, (xmax = 0) AS ny`,
    [ar, belop],
  );
  const rad = r.rows[0];
  return { ar: Number(rad.ar), belop: Number(rad.belop), ny: rad.ny };
}
