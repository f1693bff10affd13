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
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { iTransaksjon, type Pool, type PoolClient } from '../db/pool';
import { leggTilVarsler } from '../db/varsler';
import { kalenderdager } from '../workflows/frister';
import type { ForlopStart, NyttVarsel } from '../workflows/types';
import type { Endring } from './contract';
import type { webhookLevering } from '../workflows/levering.workflow';

export interface LagreDeps {
  pool: Pool;
  /** Used only when a varsel has a webhook to deliver to. */
  client: Client;
  taskQueue: string;
}

/** A new admission within this many calendar days after an utskrivning is a reinnleggelse (domain.md). */
export const REINNLEGGELSE_DAGER = 30;
/** Who writes the system's own avvik history rows. */
export const SYSTEM = { rolle: 'system', org: 'utskrivningsforlop' } as const;

export const webhookWorkflowId = (varselId: string, webhookId: string): string => `webhook-${varselId}-${webhookId}`;

export async function lagre(deps: LagreDeps, endring: Endring): Promise<void> {
  const leveringer = await iTransaksjon(deps.pool, (c) => skriv(c, endring));
  if (leveringer.length > 0) await startLeveringer(deps, leveringer);
}

export interface Levering {
  varselId: string;
  webhookId: string;
}

async function skriv(c: PoolClient, e: Endring): Promise<Levering[]> {
  const p = e.projeksjon;
  const forlopId = p.forlopId;

  if (e.start) await opprettForlop(c, e.start, p.status, p.kartleggingStatus);

  if (e.hendelser.length > 0) {
    await c.query(
      `INSERT INTO hendelse (forlop_id, sekvens, hendelse_id, type, tidspunkt, registrert, av_rolle, av_org, data)
       SELECT $1, x.sekvens, x.hendelse_id, x.type, x.tidspunkt, x.registrert, x.av_rolle, x.av_org, x.data
         FROM jsonb_to_recordset($2::jsonb) AS x(sekvens integer, hendelse_id uuid, type text, tidspunkt timestamptz,
                                                registrert timestamptz, av_rolle text, av_org text, data jsonb)
       ON CONFLICT DO NOTHING`,
      [
        forlopId,
        JSON.stringify(
          e.hendelser.map((h) => ({
            sekvens: h.sekvens,
            hendelse_id: h.hendelseId,
            type: h.type,
            tidspunkt: h.tidspunkt,
            registrert: h.registrert,
            av_rolle: h.av.rolle,
            av_org: h.av.org,
            data: h.data ?? {},
          })),
        ),
      ],
    );
  }

  // The projection, unless a newer one is stored; in the same statement the old days go
  // (only when the write applies). The days come priced from the workflow.
  const proj = await c.query<{ oppholdskommune: string }>(
    `WITH oppdatert AS (
       UPDATE forlop SET
         status = $3, kartlegging_status = $4, frister = $5::jsonb, siste_sekvens = $6,
         utskrevet_tidspunkt = $7, destinasjon = $8, kartlegging_fullfort_tidspunkt = $9,
         forste_utskrivningsklar_tidspunkt = $10, versjon = $2, oppdatert = now()
        WHERE id = $1 AND versjon <= $2
       RETURNING id, oppholdskommune
     ), slettet AS (
       DELETE FROM overliggerdogn_dag o USING oppdatert u WHERE o.forlop_id = u.id
     )
     SELECT oppholdskommune FROM oppdatert`,
    [
      forlopId,
      p.versjon,
      p.status,
      p.kartleggingStatus,
      JSON.stringify(p.frister),
      p.sisteSekvens,
      p.utskrevetTidspunkt,
      p.destinasjon,
      p.kartleggingFullfortTidspunkt,
      p.forsteUtskrivningsklarTidspunkt,
    ],
  );
  const anvendt = proj.rows[0]?.oppholdskommune ?? null;
  const d = p.overliggerdogn;
  if (anvendt !== null && d.length > 0) {
    await c.query(
      `INSERT INTO overliggerdogn_dag (forlop_id, dato, oppholdskommune, belop, pris_forelopig, betalingsvilkar_oppfylt, omstridt)
       SELECT $1, x.dato, $2, x.belop, x.forelopig, x.betalbar, x.omstridt
         FROM unnest($3::date[], $4::integer[], $5::boolean[], $6::boolean[], $7::boolean[])
              AS x(dato, belop, forelopig, betalbar, omstridt)`,
      [
        forlopId,
        anvendt,
        d.map((x) => x.dato),
        d.map((x) => Math.round(x.belop)),
        d.map((x) => x.prisForelopig),
        d.map((x) => x.betalingsvilkarOppfylt),
        d.map((x) => x.omstridt),
      ],
    );
  }

  if (e.nyeAvvik.length > 0) {
    await c.query(
      `WITH ny AS (
         INSERT INTO avvik (id, forlop_id, nokkel, type, ansvarlig_rolle, ansvarlig_org, motpart_rolle, motpart_org, frist, brutt, tekst, status)
         SELECT x.id, x.forlop_id, x.nokkel, x.type, x.ansvarlig_rolle, x.ansvarlig_org, x.motpart_rolle, x.motpart_org,
                x.frist, x.brutt, x.tekst, 'åpen'
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, forlop_id uuid, nokkel text, type text, ansvarlig_rolle text,
                                                   ansvarlig_org text, motpart_rolle text, motpart_org text,
                                                   frist timestamptz, brutt timestamptz, tekst text)
         ON CONFLICT (forlop_id, nokkel) DO NOTHING
         RETURNING id, tekst
       )
       INSERT INTO avvik_historikk (avvik_id, av_rolle, av_org, status, kommentar)
       SELECT id, $2, $3, 'åpen', tekst FROM ny`,
      [
        JSON.stringify(
          e.nyeAvvik.map((a) => ({
            id: a.id,
            forlop_id: a.forlopId,
            nokkel: a.nokkel,
            type: a.type,
            ansvarlig_rolle: a.ansvarlig.rolle,
            ansvarlig_org: a.ansvarlig.org,
            motpart_rolle: a.motpart.rolle,
            motpart_org: a.motpart.org,
            frist: a.frist,
            brutt: a.brutt,
            tekst: a.tekst,
          })),
        ),
        SYSTEM.rolle,
        SYSTEM.org,
      ],
    );
  }

  if (e.trukneAvvik.length > 0) {
    await c.query(
      `WITH trukket AS (
         UPDATE avvik a SET status = 'trukket'
           FROM jsonb_to_recordset($2::jsonb) AS x(nokkel text, grunn text, tidspunkt timestamptz)
          WHERE a.forlop_id = $1 AND a.nokkel = x.nokkel AND a.status <> 'trukket'
         RETURNING a.id, x.grunn, x.tidspunkt
       )
       INSERT INTO avvik_historikk (avvik_id, tidspunkt, av_rolle, av_org, status, kommentar)
       SELECT id, coalesce(tidspunkt, now()), $3, $4, 'trukket', grunn FROM trukket`,
      [forlopId, JSON.stringify(e.trukneAvvik), SYSTEM.rolle, SYSTEM.org],
    );
  }

  let leveringer: Levering[] = [];
  if (e.varsler.length > 0) {
    leveringer = await webhooksFor(c, e.varsler);
    // Gap-free per-org sequence, idempotent by id (db/varsler.ts: lock the counter, then check).
    await leggTilVarsler(c, e.varsler);
  }
  return leveringer;
}

/** The forløp row at its first write, and the link to the stay it is a reinnleggelse after. */
async function opprettForlop(c: PoolClient, s: ForlopStart, status: string, kartleggingStatus: string): Promise<void> {
  await c.query(
    `INSERT INTO forlop (id, pasient_id, oppholdskommune, sykehus, avdeling, innlagt_tidspunkt,
                         antatt_behov_kommunale_tjenester, kartlegging_inkludert, status, kartlegging_status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
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
 * Every (varsel, webhook) pair of the change that should be delivered: the receiving org's
 * active webhooks that take the varsel's type, minus pairs already delivered. For ALL the
 * change's varsler, new or already stored, so a retry restarts a start lost in a crash;
 * the workflow id makes the start itself idempotent.
 */
export async function webhooksFor(c: Pool | PoolClient, varsler: readonly NyttVarsel[]): Promise<Levering[]> {
  const orgs = [...new Set(varsler.map((v) => v.mottakerOrg))];
  const { rows } = await c.query<{ id: string; org: string; typer: string[] | null }>(
    'SELECT id, org, typer FROM webhook WHERE org = ANY($1::text[]) AND slettet IS NULL ORDER BY opprettet, id',
    [orgs],
  );
  if (rows.length === 0) return [];
  const par: Levering[] = [];
  const sett = new Set<string>();
  for (const v of varsler) {
    for (const w of rows) {
      if (w.org !== v.mottakerOrg) continue;
      if (w.typer !== null && !w.typer.includes(v.type)) continue;
      const k = `${v.id}/${w.id}`;
      if (sett.has(k)) continue;
      sett.add(k);
      par.push({ varselId: v.id, webhookId: w.id });
    }
  }
  if (par.length === 0) return [];
  const levert = await c.query<{ varsel_id: string; webhook_id: string }>(
    `SELECT DISTINCT varsel_id, webhook_id FROM webhook_forsok
      WHERE varsel_id = ANY($1::uuid[]) AND levert`,
    [[...new Set(par.map((p) => p.varselId))]],
  );
  const ferdig = new Set(levert.rows.map((r) => `${r.varsel_id}/${r.webhook_id}`));
  return par.filter((p) => !ferdig.has(`${p.varselId}/${p.webhookId}`));
}

/** One webhookLevering workflow per pair; an id already used (running or closed) is not started again. */
export async function startLeveringer(deps: LagreDeps, leveringer: readonly Levering[]): Promise<void> {
  await Promise.all(
    leveringer.map(async ({ varselId, webhookId }) => {
      try {
        await deps.client.workflow.start<typeof webhookLevering>('webhookLevering', {
          taskQueue: deps.taskQueue,
          workflowId: webhookWorkflowId(varselId, webhookId),
          args: [varselId, webhookId],
          // A closed delivery (done, or given up after its 3 days) is never redone under the same id.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          // A running one is left alone: the start fails with WorkflowExecutionAlreadyStartedError.
          workflowIdConflictPolicy: 'FAIL',
        });
      } catch (e) {
        if (e instanceof WorkflowExecutionAlreadyStartedError) return;
        throw e;
      }
    }),
  );
}

/**
 * For varsler stored outside `lagre` (e.g. the API's hand-reported avvik): after their
 * transaction has committed, start their webhook deliveries. Safe to repeat.
 */
export async function startWebhookLeveringer(deps: LagreDeps, varsler: readonly NyttVarsel[]): Promise<void> {
  if (varsler.length === 0) return;
  const leveringer = await webhooksFor(deps.pool, varsler);
  if (leveringer.length > 0) await startLeveringer(deps, leveringer);
}
