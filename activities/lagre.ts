/**
 * The forløp workflow's one write: everything a change produced, in ONE PostgreSQL
 * transaction, idempotent so Temporal may retry it at any point:
 *
 *   forløp row (first call) + reinnleggelse link   INSERT … ON CONFLICT (id) DO NOTHING
 *   hendelser                                        ON CONFLICT DO NOTHING ((forlop_id, hendelse_id), (forlop_id, sekvens))
 *   projection + overliggerdøgn days                 only WHERE versjon <= the change's versjon
 *   avvik (+ first history row)                      ON CONFLICT (forlop_id, nokkel) DO NOTHING
 *   withdrawn avvik (+ history row)                  only where not already 'trukket'
 *   varsler                                          by id; a gap-free sequence per receiving org
 *
 * After COMMIT a webhookLevering workflow is started per (varsel, webhook) with a
 * deterministic workflow id, so a retry (or a crash between commit and start) neither
 * loses nor duplicates a delivery.
 *
 * Nothing here logs: the rows are health information (no patient identifier travels
 * through this module; the forløp only knows the internal pasientId).
 */
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { LAGRING_AVVIST } from '../workflows/definitions';
import { iTransaksjon, type Pool, type PoolClient } from '../db/pool';
import { kalenderdager } from '../workflows/frister';
import { REINNLEGGELSE_DAGER } from '../workflows/reinnleggelse';
import type { ForlopStart, NyttVarsel } from '../workflows/types';
import type { Endring } from './contract';
import type { webhookLevering } from '../workflows/levering.workflow';
import { settSvarfristerFor } from '../db/avvik';
import { startAvvikOppfolging } from './avvik-start';
import { startEnGang } from './workflow-start';
import { startDialogmeldinger, type EdiUt } from './dialogmelding';

export interface LagreDeps {
  pool: Pool;
  /** Used only when a varsel has a webhook to deliver to. */
  client: Client;
  taskQueue: string;
  /** Set (EDI_URL): varsler to a kommune with a PLO address go to its EPJ as Dialogmelding too. */
  ediUt?: EdiUt;
}

/** Who writes the system's own avvik history rows. */
export const SYSTEM = { rolle: 'system', org: 'utskrivningsforlop' } as const;

export const webhookWorkflowId = (varselId: string, webhookId: string): string => `webhook-${varselId}-${webhookId}`;

export async function lagre(deps: LagreDeps, endring: Endring): Promise<void> {
  const { start } = endring;
  let leveringer: Levering[];
  let avvikIder: string[] = [];
  const avvikNokler = endring.nyeAvvik.map((a) => a.nokkel);
  try {
    // The first write creates the forløp row (and links a reinnleggelse) in the same transaction;
    // a change with new avvik sets their svarfrist in it too (db/avvik.ts settSvarfrister);
    // every other one is the single statement alone.
    leveringer =
      start || avvikNokler.length > 0
        ? await iTransaksjon(deps.pool, async (c) => {
            const s = await skrivEndringer(c, [endring]);
            avvikIder = s.avvikIder;
            return s.leveringer;
          })
        : await skriv(deps.pool, [endring]);
  } catch (e) {
    throw avvistSomData(e) ?? e;
  }
  if (leveringer.length > 0) await startLeveringer(deps, leveringer);
  await startDialogmeldinger(deps, endring.varsler);
  // After COMMIT, each avvik's follow-up workflow (reminder, escalation), idempotent by its id.
  if (avvikIder.length > 0) await startAvvikOppfolging(deps, avvikIder);
}

/**
 * Changes of history the PLO archive import computed (plo/import.ts), a batch of forløp (one
 * change each) through the statements `lagre` uses, inside the caller's transaction. History is
 * not news: the import passes no varsler, and nothing is started here (no webhook delivery, no
 * avvik follow-up).
 */
export async function skrivHistorikk(c: PoolClient, endringer: readonly Endring[]): Promise<void> {
  if (endringer.some((e) => e.varsler.length > 0)) throw new Error('Historikk skrives uten varsler');
  await skrivEndringer(c, endringer);
}

/**
 * The write of `lagre` (one change) and of the import (a batch, one change per forløp), set-based
 * so a batch costs the statements of one: the new forløp rows, the changes (db function
 * lagre_endring), the reinnleggelse links (after the changes, so a stay written in the same batch
 * is seen with its discharge), the new avvik's svarfrist.
 */
async function skrivEndringer(c: PoolClient, endringer: readonly Endring[]): Promise<{ leveringer: Levering[]; avvikIder: string[] }> {
  const nye = endringer.filter((e) => e.start);
  await opprettForlop(c, nye);
  const leveringer = await skriv(c, endringer);
  await lenkReinnleggelser(
    c,
    nye.map((e) => e.start!),
  );
  const avvikIder = await settSvarfristerFor(
    c,
    endringer.map((e) => ({ forlopId: e.projeksjon.forlopId, nokler: e.nyeAvvik.map((a) => a.nokkel) })),
  );
  return { leveringer, avvikIder };
}

/**
 * SQLSTATE classes that say the data was refused, not that the database is away: 22 data
 * exception (a NUL in text, a value out of range), 23 integrity constraint, 54 program limit.
 * Retrying such a write can never succeed, so it is not retried; every other error (connection
 * refused, shutdown, serialization) is retried by Temporal until the database is back.
 */
const DATAFEIL = /^(22|23|54)/;

/** A non-retryable failure for a refused write, naming the SQLSTATE only (the message can quote the data). */
export function avvistSomData(e: unknown): ApplicationFailure | null {
  const kode = (e as { code?: unknown })?.code;
  if (typeof kode !== 'string' || !DATAFEIL.test(kode)) return null;
  return ApplicationFailure.create({
    type: LAGRING_AVVIST,
    nonRetryable: true,
    message: `PostgreSQL avviste endringen som data (SQLSTATE ${kode})`,
  });
}

export interface Levering {
  varselId: string;
  webhookId: string;
}

/** The changes in one statement (db function lagre_endring, once per change, in their order): the webhook deliveries to start. */
async function skriv(c: Pool | PoolClient, endringer: readonly Endring[]): Promise<Levering[]> {
  if (endringer.length === 0) return [];
  const { rows } = await c.query<{ varsel_id: string; webhook_id: string }>(
    `SELECT l.varsel_id, l.webhook_id
       FROM jsonb_array_elements($1::jsonb) AS e(endring)
       CROSS JOIN LATERAL lagre_endring(e.endring, $2, $3) AS l`,
    [JSON.stringify(endringer.map(({ start: _start, ...e }) => e)), SYSTEM.rolle, SYSTEM.org],
  );
  return rows.map((r) => ({ varselId: r.varsel_id, webhookId: r.webhook_id }));
}

/** Sets the forløp's driftsfeil (kept until an operator clears it). */
export async function merkDriftsfeil(pool: Pool, forlopId: string, melding: string): Promise<void> {
  await pool.query('UPDATE forlop SET driftsfeil = $2, driftsfeil_tidspunkt = now() WHERE id = $1', [forlopId, melding]);
}

/** The forløp rows at their first write (ON CONFLICT: a retry or a rerun of the import writes none twice). */
async function opprettForlop(c: PoolClient, nye: readonly Endring[]): Promise<void> {
  if (nye.length === 0) return;
  const kol = <T>(f: (s: ForlopStart, e: Endring) => T): T[] => nye.map((e) => f(e.start!, e));
  await c.query(
    `INSERT INTO forlop (id, pasient_id, oppholdskommune, sykehus, avdeling, innlagt_tidspunkt,
                         antatt_behov_kommunale_tjenester, kartlegging_inkludert, status, kartlegging_status,
                         kartlegging_grunn, kartlegging_kriterier_versjon)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                          $7::boolean[], $8::boolean[], $9::text[], $10::text[], $11::text[], $12::integer[])
     ON CONFLICT (id) DO NOTHING`,
    [
      kol((s) => s.forlopId),
      kol((s) => s.pasientId),
      kol((s) => s.oppholdskommune),
      kol((s) => s.sykehus),
      kol((s) => s.avdeling),
      kol((s) => s.innlagtTidspunkt),
      kol((s) => s.antattBehovKommunaleTjenester),
      kol((s) => s.kartleggingInkludert),
      kol((_, e) => e.projeksjon.status),
      kol((_, e) => e.projeksjon.kartleggingStatus),
      kol((s) => s.kartleggingGrunn ?? null),
      kol((s) => s.kartleggingKriterierVersjon ?? null),
    ],
  );
}

/**
 * Each new forløp's link to the stay it is a reinnleggelse after: the most recent other stay of
 * the patient that ended at most 30 calendar days (Europe/Oslo) before this admission. The
 * elapsed-time bound only narrows the search (a 30-day calendar gap is under 32 × 24 h even
 * across a daylight-saving change); the calendar rule decides.
 */
async function lenkReinnleggelser(c: PoolClient, starter: readonly ForlopStart[]): Promise<void> {
  if (starter.length === 0) return;
  const { rows } = await c.query<{ nr: string; id: string; utskrevet_tidspunkt: Date }>(
    `SELECT s.nr, forrige.id, forrige.utskrevet_tidspunkt
       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) WITH ORDINALITY AS s(id, pasient_id, innlagt, nr)
       CROSS JOIN LATERAL (
         SELECT id, utskrevet_tidspunkt FROM forlop
          WHERE pasient_id = s.pasient_id AND id <> s.id AND status <> 'avbrutt'
            AND utskrevet_tidspunkt IS NOT NULL
            AND utskrevet_tidspunkt <= s.innlagt
            AND utskrevet_tidspunkt >= s.innlagt - interval '32 days'
          ORDER BY utskrevet_tidspunkt DESC, id
          LIMIT 1) AS forrige`,
    [starter.map((s) => s.forlopId), starter.map((s) => s.pasientId), starter.map((s) => s.innlagtTidspunkt)],
  );
  const lenker = rows.flatMap((r) => {
    const s = starter[Number(r.nr) - 1];
    const dager = kalenderdager(r.utskrevet_tidspunkt.toISOString(), s.innlagtTidspunkt);
    return dager < 0 || dager > REINNLEGGELSE_DAGER ? [] : [{ id: s.forlopId, forrige: r.id, dager }];
  });
  if (lenker.length === 0) return;
  await c.query(
    `UPDATE forlop f SET reinnleggelse_av = x.forrige, reinnleggelse_dager = x.dager
       FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS x(id, forrige, dager)
      WHERE f.id = x.id AND f.reinnleggelse_av IS NULL`,
    [lenker.map((l) => l.id), lenker.map((l) => l.forrige), lenker.map((l) => l.dager)],
  );
}

/**
 * Every (varsel, webhook) pair that should be delivered (db function webhook_leveringer, the
 * same rule `lagre` applies): the receiving org's active webhooks that take the varsel's type,
 * minus pairs already delivered; the workflow id makes the start itself idempotent.
 */
export async function webhooksFor(c: Pool | PoolClient, varsler: readonly NyttVarsel[]): Promise<Levering[]> {
  const { rows } = await c.query<{ varsel_id: string; webhook_id: string }>('SELECT varsel_id, webhook_id FROM webhook_leveringer($1::jsonb)', [
    JSON.stringify(varsler),
  ]);
  return rows.map((r) => ({ varselId: r.varsel_id, webhookId: r.webhook_id }));
}

/** One webhookLevering workflow per pair; an id already used (running or closed) is not started again. */
export async function startLeveringer(deps: LagreDeps, leveringer: readonly Levering[]): Promise<void> {
  await Promise.all(
    leveringer.map(({ varselId, webhookId }) =>
      startEnGang<typeof webhookLevering>(deps, 'webhookLevering', webhookWorkflowId(varselId, webhookId), [varselId, webhookId]),
    ),
  );
}

/**
 * For varsler stored outside `lagre` (e.g. the API's hand-reported avvik): after their
 * transaction has committed, start their webhook deliveries (and Dialogmeldinger). Safe to repeat.
 */
export async function startWebhookLeveringer(deps: LagreDeps, varsler: readonly NyttVarsel[]): Promise<void> {
  if (varsler.length === 0) return;
  const leveringer = await webhooksFor(deps.pool, varsler);
  if (leveringer.length > 0) await startLeveringer(deps, leveringer);
  await startDialogmeldinger(deps, varsler);
}
