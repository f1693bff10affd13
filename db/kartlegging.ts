/**
 * Kartlegging (Trygt hjem) in PostgreSQL: the versioned inclusion criteria, the team's drafts
 * (every save kept), the completed kartlegging (the KARTLEGGING_FULLFORT hendelse) and the
 * team's worklist.
 */
import standard from '../config/kartlegging.default.json';
import { PA_SYKEHUS_STATUSER } from '../workflows/forlop.machine';
import type { KartleggingKriterier } from '../workflows/kartlegging';
import type { ForlopStatus, FristInstans, KartleggingStatus, Principal } from '../workflows/types';
import type { HendelseFelt } from '../workflows/hendelser';
import type { ClientBase } from 'pg';
import type { Pool, PoolClient } from './pool';

type Db = Pool | PoolClient;

export const STANDARD_KRITERIER: KartleggingKriterier = standard as KartleggingKriterier;

export interface KriterierRad {
  versjon: number;
  kriterier: KartleggingKriterier;
  opprettet: Date;
  /** rolle `system` for the seeded first version (seedKriterier). */
  av: { rolle: Principal['rolle'] | 'system'; org: string };
}

interface KriterierRaRad {
  versjon: number;
  kriterier: KartleggingKriterier;
  opprettet: Date;
  av_rolle: Principal['rolle'] | 'system';
  av_org: string;
}

const tilKriterier = (r: KriterierRaRad): KriterierRad => ({
  versjon: r.versjon,
  kriterier: r.kriterier,
  opprettet: r.opprettet,
  av: { rolle: r.av_rolle, org: r.av_org },
});

/** Every version, newest first; the first is the one in force. */
export async function listKriterier(db: Db): Promise<KriterierRad[]> {
  const r = await db.query<KriterierRaRad>('SELECT versjon, kriterier, opprettet, av_rolle, av_org FROM kartlegging_kriterier ORDER BY versjon DESC');
  return r.rows.map(tilKriterier);
}

/** The version in force, or null before the seed has run. */
export async function gjeldendeKriterier(db: Db): Promise<KriterierRad | null> {
  const r = await db.query<KriterierRaRad>('SELECT versjon, kriterier, opprettet, av_rolle, av_org FROM kartlegging_kriterier ORDER BY versjon DESC LIMIT 1');
  return r.rows[0] ? tilKriterier(r.rows[0]) : null;
}

/** A new version (the next number; concurrent writers serialise on the table lock). */
export async function lagreKriterier(c: PoolClient, kriterier: KartleggingKriterier, av: Principal): Promise<KriterierRad> {
  await c.query('LOCK TABLE kartlegging_kriterier IN SHARE ROW EXCLUSIVE MODE');
  const r = await c.query<KriterierRaRad>(
    `INSERT INTO kartlegging_kriterier (versjon, kriterier, av_rolle, av_org)
     SELECT coalesce(max(versjon), 0) + 1, $1::jsonb, $2, $3 FROM kartlegging_kriterier
     RETURNING versjon, kriterier, opprettet, av_rolle, av_org`,
    [JSON.stringify(kriterier), av.rolle, av.org],
  );
  return tilKriterier(r.rows[0]);
}

/** Seeds version 1 from config/kartlegging.default.json when there is none (db/migrate.ts). */
export async function seedKriterier(c: ClientBase): Promise<number> {
  const r = await c.query(
    `INSERT INTO kartlegging_kriterier (versjon, kriterier, av_rolle, av_org)
     SELECT 1, $1::jsonb, 'system', 'utskrivningsforlop'
      WHERE NOT EXISTS (SELECT 1 FROM kartlegging_kriterier)`,
    [JSON.stringify(STANDARD_KRITERIER)],
  );
  return r.rowCount ?? 0;
}

// --- the document ---

export interface UtkastRad {
  versjon: number;
  skjemaVersjon: string;
  innhold: Record<string, unknown>;
  av: Principal;
  lagret: Date;
}

/** Why a draft was not saved: the forløp's kartlegging is done or the patient has left (or it is not included). */
export class KartleggingLukket extends Error {
  constructor(
    readonly status: ForlopStatus,
    readonly kartleggingStatus: KartleggingStatus,
  ) {
    super('Kartleggingen tar ikke imot utkast nå');
    this.name = 'KartleggingLukket';
  }
}

/** The statuses of a patient still in hospital (the machine's `pa_sykehus` region). */
const PA_SYKEHUS = [...PA_SYKEHUS_STATUSER];

/**
 * Saves a draft as the next version, while the patient is included, in hospital and not yet
 * kartlagt (checked in the same statement, on the forløp's row lock).
 */
export async function lagreUtkast(db: Db, forlopId: string, skjemaVersjon: string, innhold: Record<string, unknown>, av: Principal): Promise<UtkastRad> {
  const r = await db.query<{ versjon: number | null; lagret: Date | null; status: ForlopStatus; kartlegging_status: KartleggingStatus }>(
    `WITH f AS (
       SELECT id, status, kartlegging_status,
              (kartlegging_inkludert AND status = ANY ($6::text[]) AND kartlegging_status IN ('ikke_startet', 'pagar')) AS apen
         FROM forlop WHERE id = $1 FOR UPDATE
     ), ny AS (
       INSERT INTO kartlegging_utkast (forlop_id, versjon, skjema_versjon, innhold, av_rolle, av_org)
       SELECT f.id, coalesce((SELECT max(u.versjon) FROM kartlegging_utkast u WHERE u.forlop_id = f.id), 0) + 1,
              $2, $3::jsonb, $4, $5
         FROM f WHERE f.apen
       RETURNING versjon, lagret
     )
     SELECT ny.versjon, ny.lagret, f.status, f.kartlegging_status FROM f LEFT JOIN ny ON TRUE`,
    [forlopId, skjemaVersjon, JSON.stringify(innhold), av.rolle, av.org, PA_SYKEHUS],
  );
  const rad = r.rows[0];
  if (!rad) throw new Error(`Forløpet ${forlopId} finnes ikke`);
  if (rad.versjon === null || rad.lagret === null) throw new KartleggingLukket(rad.status, rad.kartlegging_status);
  return { versjon: rad.versjon, skjemaVersjon, innhold, av, lagret: rad.lagret };
}

export interface KartleggingDokument {
  forlopId: string;
  kartleggingStatus: KartleggingStatus;
  utkast: UtkastRad[];
  /** The KARTLEGGING_FULLFORT hendelse, once it is recorded. */
  fullfort: { tidspunkt: Date; av: Principal; data: HendelseFelt } | null;
}

/** The drafts (oldest first) and the completed kartlegging of one forløp. */
export async function hentKartlegging(db: Db, forlopId: string): Promise<KartleggingDokument | null> {
  const r = await db.query<{
    kartlegging_status: KartleggingStatus;
    utkast: { versjon: number; skjemaVersjon: string; innhold: Record<string, unknown>; avRolle: Principal['rolle']; avOrg: string; lagret: string }[];
    fullfort: { tidspunkt: string; avRolle: Principal['rolle']; avOrg: string; data: HendelseFelt } | null;
  }>(
    `SELECT f.kartlegging_status,
            coalesce((SELECT json_agg(json_build_object('versjon', u.versjon, 'skjemaVersjon', u.skjema_versjon,
                        'innhold', u.innhold, 'avRolle', u.av_rolle, 'avOrg', u.av_org, 'lagret', u.lagret) ORDER BY u.versjon)
                        FROM kartlegging_utkast u WHERE u.forlop_id = f.id), '[]'::json) AS utkast,
            (SELECT json_build_object('tidspunkt', h.tidspunkt, 'avRolle', h.av_rolle, 'avOrg', h.av_org, 'data', h.data)
               FROM hendelse h WHERE h.forlop_id = f.id AND h.type = 'KARTLEGGING_FULLFORT'
              ORDER BY h.sekvens LIMIT 1) AS fullfort
       FROM forlop f WHERE f.id = $1`,
    [forlopId],
  );
  const rad = r.rows[0];
  if (!rad) return null;
  return {
    forlopId,
    kartleggingStatus: rad.kartlegging_status,
    utkast: rad.utkast.map((u) => ({
      versjon: u.versjon,
      skjemaVersjon: u.skjemaVersjon,
      innhold: u.innhold,
      av: { rolle: u.avRolle, org: u.avOrg },
      lagret: new Date(u.lagret),
    })),
    fullfort: rad.fullfort
      ? { tidspunkt: new Date(rad.fullfort.tidspunkt), av: { rolle: rad.fullfort.avRolle, org: rad.fullfort.avOrg }, data: rad.fullfort.data }
      : null,
  };
}

// --- the worklist ---

export interface ArbeidslisteRad {
  forlopId: string;
  sykehus: string;
  avdeling: string;
  oppholdskommune: string;
  innlagtTidspunkt: Date;
  forventetUtskrivningsdato: string | null;
  kartleggingStatus: KartleggingStatus;
  /** The KARTLEGGING frist as it stands (null before the workflow has written it). */
  frist: FristInstans | null;
  paminnelse: Date | null;
  status: ForlopStatus;
  /** The patient's name, encrypted (db/pasient.ts): the team sees who the patient is. */
  navnKryptert: string | null;
  /** The fødselsnummer, encrypted: with the name, so the team can tell two patients apart. */
  fnrKryptert: string;
}

/**
 * The team's worklist: included patients at its sykehus, still in hospital, not yet kartlagt.
 * Most urgent first:
 *   1. a patient already meldt utskrivningsklar without kartlegging (the frist is broken);
 *   2. the forventet utskrivningsdato, earliest first (one without comes after those with one);
 *   3. on the same date, the earlier reminder (kommuner may configure different lead times), a
 *      patient with none first (its moment had passed when the patient was included);
 *   4. the admission, oldest first.
 * Not by the reminder first: a reminder whose moment had already passed is not in `paminnelser`,
 * and the patient closest to discharge would sort last.
 * Paged by position (`fra`); the list is a day's work, not a history.
 */
export async function arbeidsliste(db: Db, team: string, fra: number, limit: number): Promise<ArbeidslisteRad[]> {
  const r = await db.query<{
    id: string;
    sykehus: string;
    avdeling: string;
    oppholdskommune: string;
    innlagt_tidspunkt: Date;
    forventet: string | null;
    kartlegging_status: KartleggingStatus;
    frist: FristInstans | null;
    paminnelse: Date | null;
    status: ForlopStatus;
    navn_kryptert: string | null;
    fnr_kryptert: string;
  }>(
    `SELECT f.id, f.sykehus, f.avdeling, f.oppholdskommune, f.innlagt_tidspunkt, f.kartlegging_status, f.status,
            m.forventet, k.frist, (k.frist->'paminnelser'->>0)::timestamptz AS paminnelse, p.navn_kryptert, p.fnr_kryptert
       FROM forlop f
       JOIN pasient p ON p.id = f.pasient_id
       JOIN kartleggingsteam kt ON kt.sykehus = f.sykehus AND kt.id = $1
       LEFT JOIN LATERAL (
         SELECT h.data->>'forventetUtskrivningsdato' AS forventet FROM hendelse h
          WHERE h.forlop_id = f.id AND h.type = 'INNLEGGELSESMELDING_SENDT' AND h.data ? 'forventetUtskrivningsdato'
          ORDER BY h.sekvens DESC LIMIT 1) m ON TRUE
       LEFT JOIN LATERAL (
         SELECT x AS frist FROM jsonb_array_elements(f.frister) x WHERE x->>'id' = 'KARTLEGGING' LIMIT 1) k ON TRUE
      WHERE f.kartlegging_inkludert AND f.kartlegging_status IN ('ikke_startet', 'pagar')
        AND f.status = ANY ($4::text[])
      ORDER BY (k.frist->>'status' = 'brutt') DESC NULLS LAST,
               m.forventet::date NULLS LAST,
               (k.frist->'paminnelser'->>0)::timestamptz NULLS FIRST,
               f.innlagt_tidspunkt, f.id
      OFFSET $2 LIMIT $3`,
    [team, fra, limit, PA_SYKEHUS],
  );
  return r.rows.map((x) => ({
    forlopId: x.id,
    sykehus: x.sykehus,
    avdeling: x.avdeling,
    oppholdskommune: x.oppholdskommune,
    innlagtTidspunkt: x.innlagt_tidspunkt,
    forventetUtskrivningsdato: x.forventet,
    kartleggingStatus: x.kartlegging_status,
    frist: x.frist,
    paminnelse: x.paminnelse,
    navnKryptert: x.navn_kryptert,
    fnrKryptert: x.fnr_kryptert,
    status: x.status,
  }));
}
