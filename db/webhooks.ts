/**
 * Webhook registrations per org (POST/GET/DELETE /webhooks) and the lookup of which of an
 * org's active webhooks take a varsel. A webhook is never deleted, only marked `slettet`
 * (its delivery attempts reference it); a deleted webhook gets no more deliveries.
 */
import type { VarselType } from '../workflows/types';
import type { Pool, PoolClient } from './pool';

type Db = Pool | PoolClient;

export interface WebhookRad {
  id: string;
  org: string;
  url: string;
  /** null: every varsel type. */
  typer: VarselType[] | null;
  opprettet: Date;
}

export async function opprettWebhook(db: Db, w: { id: string; org: string; url: string; typer: VarselType[] | null; secret: string }): Promise<WebhookRad> {
  const r = await db.query<WebhookRad>(
    `INSERT INTO webhook (id, org, url, typer, secret) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, org, url, typer, opprettet`,
    [w.id, w.org, w.url, w.typer, w.secret],
  );
  return r.rows[0];
}

/** The org's active (not deleted) webhooks, oldest first. Never the secret. */
export async function listWebhooks(db: Db, org: string): Promise<WebhookRad[]> {
  const r = await db.query<WebhookRad>(
    `SELECT id, org, url, typer, opprettet FROM webhook
      WHERE org = $1 AND slettet IS NULL
      ORDER BY opprettet, id`,
    [org],
  );
  return r.rows;
}

/**
 * Marks the org's webhook deleted. 'slettet' when this call deleted it, 'allerede' when it was
 * deleted before, null when the org has no webhook with that id.
 */
export async function slettWebhook(db: Db, org: string, id: string): Promise<'slettet' | 'allerede' | null> {
  const r = await db.query<{ var_slettet: boolean }>(
    `WITH gammel AS (SELECT id, slettet IS NOT NULL AS var_slettet FROM webhook WHERE id = $1 AND org = $2),
          oppdatert AS (UPDATE webhook w SET slettet = now() FROM gammel g WHERE w.id = g.id AND NOT g.var_slettet)
     SELECT var_slettet FROM gammel`,
    [id, org],
  );
  const rad = r.rows[0];
  if (!rad) return null;
  return rad.var_slettet ? 'allerede' : 'slettet';
}
