/**
 * What a fault test checks afterwards, the way an auditor would: each side read on its own,
 * PostgreSQL by SQL and the workflow by its query, and compared.
 *
 *   - every hendelse a client had accepted is in PostgreSQL exactly once, the forløp's
 *     hendelser numbered 1..n without a gap or a repeat;
 *   - the workflow and PostgreSQL agree on the forløp (sekvens, versjon, status, every frist);
 *   - every frist the workflow holds as broken has its avvik, and PostgreSQL has no avvik the
 *     workflow does not hold (one per frist instance: the table's key says at most one);
 *   - a receiving org's varsel feed is numbered 1..n without a gap;
 *   - every varsel to an org reached its webhook receiver, and nothing else did.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Client } from '@temporalio/client';
import type { Pool } from '../../db/pool';
import { forlopWorkflowId, tilstandQuery } from '../../workflows/definitions';
import type { Mottaker } from './mottaker';
import { venterPa } from './stack';

export interface ForlopSamsvar {
  id: string;
  /** The forløp's hendelse ids in sekvens order, from PostgreSQL. */
  hendelser: string[];
  status: string;
  /** The avvik PostgreSQL holds for it (not withdrawn): frist type per nokkel. */
  avvik: Array<{ nokkel: string; type: string }>;
}

/**
 * Checks one forløp on both sides (expect inside) and answers what PostgreSQL holds.
 * `aksepterte`: the hendelse ids the client got a 2xx for; each must be stored exactly once.
 */
export async function forventSamsvar(pool: Pool, client: Client, id: string, aksepterte: readonly string[] = []): Promise<ForlopSamsvar> {
  const h = await pool.query<{ sekvens: number; hendelse_id: string }>('SELECT sekvens, hendelse_id FROM hendelse WHERE forlop_id = $1 ORDER BY sekvens', [id]);
  const ider = h.rows.map((r) => r.hendelse_id);
  expect(h.rows.map((r) => r.sekvens)).toEqual(ider.map((_, i) => i + 1));
  expect(new Set(ider).size).toBe(ider.length);
  for (const a of aksepterte) expect({ hendelseId: a, ganger: ider.filter((x) => x === a).length }).toEqual({ hendelseId: a, ganger: 1 });

  // A timer may be taking its step as we look (the workflow holds it, its write not yet
  // committed): the two sides must come to agree within a few seconds, and stay so.
  const lesBegge = async () => {
    const f = await pool.query<{ siste_sekvens: number; versjon: number; status: string; kartlegging_status: string; frister: unknown }>(
      'SELECT siste_sekvens, versjon, status, kartlegging_status, frister FROM forlop WHERE id = $1',
      [id],
    );
    expect(f.rows).toHaveLength(1);
    const r = f.rows[0];
    const wf = await client.workflow.getHandle(forlopWorkflowId(id)).query(tilstandQuery);
    return {
      wf,
      pg: { id, sisteSekvens: r.siste_sekvens, versjon: r.versjon, status: r.status, kartleggingStatus: r.kartlegging_status, frister: r.frister },
      workflow: { id, sisteSekvens: wf.sisteSekvens, versjon: wf.versjon, status: wf.status, kartleggingStatus: wf.kartleggingStatus, frister: wf.frister },
    };
  };
  let begge = await lesBegge();
  for (const slutt = Date.now() + 10_000; !isDeepStrictEqual(begge.pg, begge.workflow) && Date.now() < slutt;) {
    await new Promise((r) => setTimeout(r, 250));
    begge = await lesBegge();
  }
  expect(begge.pg).toEqual(begge.workflow);
  const { wf } = begge;
  const pg = { siste_sekvens: begge.pg.sisteSekvens, status: begge.pg.status };
  expect(pg.siste_sekvens).toBe(ider.length);

  const a = await pool.query<{ nokkel: string; type: string }>("SELECT nokkel, type FROM avvik WHERE forlop_id = $1 AND status <> 'trukket' ORDER BY nokkel", [
    id,
  ]);
  const brutte = wf.frister
    .filter((x) => x.status === 'brutt')
    .map((x) => x.nokkel)
    .sort();
  expect({ id, avvik: a.rows.map((r) => r.nokkel).sort() }).toEqual({ id, avvik: brutte });
  return { id, hendelser: ider, status: pg.status, avvik: a.rows };
}

/** The org's varsel feed in PostgreSQL, checked gap-free (1..n); answers its rows. */
export async function forventFeedUtenHull(pool: Pool, org: string): Promise<Array<{ id: string; sekvens: number; type: string; forlop_id: string }>> {
  const { rows } = await pool.query<{ id: string; sekvens: number; type: string; forlop_id: string }>(
    'SELECT id, sekvens, type, forlop_id FROM varsel WHERE mottaker_org = $1 ORDER BY sekvens',
    [org],
  );
  expect(rows.map((r) => r.sekvens)).toEqual(rows.map((_, i) => i + 1));
  return rows;
}

/**
 * Waits until the receiver has every varsel PostgreSQL holds for the org (by the webhook-id
 * header, which is the varsel id), then checks it got nothing else. A delivery may arrive
 * twice after a crash (at least once); the receiver deduplicates by webhook-id.
 */
export async function forventAltLevert(pool: Pool, org: string, mottaker: Mottaker, timeoutMs = 90_000): Promise<number> {
  const varsler = async () => (await pool.query<{ id: string }>('SELECT id FROM varsel WHERE mottaker_org = $1', [org])).rows.map((r) => r.id);
  await venterPa(
    async () => {
      const mottatt = new Set(mottaker.mottatt.map((m) => m.id));
      const mangler = (await varsler()).filter((v) => !mottatt.has(v));
      return mangler.length === 0 ? true : undefined;
    },
    timeoutMs,
    `every varsel to ${org} at its webhook`,
  );
  const alle = new Set(await varsler());
  expect([...new Set(mottaker.mottatt.map((m) => m.id))].filter((m) => !alle.has(m))).toEqual([]);
  return alle.size;
}
