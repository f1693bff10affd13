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
import { settSvarfrister } from '../db/avvik';
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
            if (start) await opprettForlop(c, start, endring.projeksjon.status, endring.projeksjon.kartleggingStatus);
            const l = await skriv(c, endring);
            avvikIder = await settSvarfrister(c, endring.projeksjon.forlopId, avvikNokler);
            return l;
          })
        : await skriv(deps.pool, endring);
  } catch (e) {
    throw avvistSomData(e) ?? e;
  }
  if (leveringer.length > 0) await startLeveringer(deps, leveringer);
  await startDialogmeldinger(deps, endring.varsler);
  // After COMMIT, each avvik's follow-up workflow (reminder, escalation), idempotent by its id.
  if (avvikIder.length > 0) await startAvvikOppfolging(deps, avvikIder);
}

/**
 * A change of history the PLO archive import computed (plo/import.ts) through the same
 * statements, inside the caller's transaction: the forløp row and its reinnleggelse link, the
 * change (db function lagre_endring), the avvik's svarfrist. History is not news: the import
 * passes no varsler, and nothing is started here (no webhook delivery, no avvik follow-up).
 */
export async function skrivHistorikk(c: PoolClient, endring: Endring): Promise<void> {
  if (endring.varsler.length > 0) throw new Error('Historikk skrives uten varsler');
  if (endring.start) await opprettForlop(c, endring.start, endring.projeksjon.status, endring.projeksjon.kartleggingStatus);
  await skriv(c, endring);
  await settSvarfrister(
    c,
    endring.projeksjon.forlopId,
    endring.nyeAvvik.map((a) => a.nokkel),
  );
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

/** The change in one statement (db function lagre_endring): its webhook deliveries to start. */
async function skriv(c: Pool | PoolClient, e: Endring): Promise<Levering[]> {
  const { start: _start, ...endring } = e;
  const { rows } = await c.query<{ varsel_id: string; webhook_id: string }>('SELECT varsel_id, webhook_id FROM lagre_endring($1::jsonb, $2, $3)', [
    JSON.stringify(endring),
    SYSTEM.rolle,
    SYSTEM.org,
  ]);
  return rows.map((r) => ({ varselId: r.varsel_id, webhookId: r.webhook_id }));
}

/** Sets the forløp's driftsfeil (kept until an operator clears it). */
export async function merkDriftsfeil(pool: Pool, forlopId: string, melding: string): Promise<void> {
  await pool.query('UPDATE forlop SET driftsfeil = $2, driftsfeil_tidspunkt = now() WHERE id = $1', [forlopId, melding]);
}

/** The forløp row at its first write, and the link to the stay it is a reinnleggelse after. */
async function opprettForlop(c: PoolClient, s: ForlopStart, status: string, kartleggingStatus: string): Promise<void> {
  await c.query(
    `INSERT INTO forlop (id, pasient_id, oppholdskommune, sykehus, avdeling, innlagt_tidspunkt,
                         antatt_behov_kommunale_tjenester, kartlegging_inkludert, status, kartlegging_status,
                         kartlegging_grunn, kartlegging_kriterier_versjon)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (id) DO NOTHING`,
    [
      s.forlopId,
      s.pasientId,
      s.oppholdskommune,
      s.sykehus,
      s.avdeling,
      s.innlagtTidspunkt,
      s.antattBehovKommunaleTjenester,
      s.kartleggingInkludert,
      status,
      kartleggingStatus,
      s.kartleggingGrunn ?? null,
      s.kartleggingKriterierVersjon ?? null,
    ],
  );

  // The most recent other stay of the patient that ended at most 30 calendar days (Europe/Oslo)
  // before this admission. The elapsed-time bound only narrows the search (a 30-day calendar
  // gap is under 32 × 24 h even across a daylight-saving change); the calendar rule decides.
  const { rows } = await c.query<{ id: string; utskrevet_tidspunkt: Date }>(
    `SELECT id, utskrevet_tidspunkt FROM forlop
      WHERE pasient_id = $1 AND id <> $2 AND status <> 'avbrutt'
        AND utskrevet_tidspunkt IS NOT NULL
        AND utskrevet_tidspunkt <= $3::timestamptz
        AND utskrevet_tidspunkt >= $3::timestamptz - interval '32 days'
      ORDER BY utskrevet_tidspunkt DESC, id
      LIMIT 1`,
    [s.pasientId, s.forlopId, s.innlagtTidspunkt],
  );
  const forrige = rows[0];
  if (!forrige) return;
  const dager = kalenderdager(forrige.utskrevet_tidspunkt.toISOString(), s.innlagtTidspunkt);
  if (dager < 0 || dager > REINNLEGGELSE_DAGER) return;
  await c.query(
    `UPDATE forlop SET reinnleggelse_av = $2, reinnleggelse_dager = $3
      WHERE id = $1 AND reinnleggelse_av IS NULL`,
    [s.forlopId, forrige.id, dager],
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
