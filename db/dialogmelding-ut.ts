/**
 * Varsler sent to a kommune's EPJ as a Dialogmelding (table dialogmelding_ut): the document made
 * once, the message server's id, the receipt. Read by the receipt follow-up, by
 * GET /varsler/{id}/leveringer and the list of varsler not delivered, and by the inbound poller
 * (a kommune's answer names our msg_id as its ConversationRef).
 */
import type { NyttVarsel } from '../workflows/types';
import type { AdresseOppforing } from '../nhn/plo-adresse';
import type { Pool, PoolClient } from './pool';

type Db = Pool | PoolClient;

export type DialogmeldingStatus = 'laget' | 'sendt' | 'levert' | 'avvist' | 'ikke_kvittert';
/** The final outcomes, as counted in /metrics. */
export type DialogmeldingUtfall = 'levert' | 'avvist' | 'ikke_kvittert';

export interface DialogmeldingRad {
  varselId: string;
  msgId: string;
  forlopId: string;
  kommune: string;
  mottakerHer: string;
  dokument: string;
  meldingId: string | null;
  sendt: Date | null;
  status: DialogmeldingStatus;
  kvitteringStatus: string | null;
  kvitteringKode: string | null;
  kvitteringBeskrivelse: string | null;
  avgjort: Date | null;
}

const KOLONNER = `varsel_id, msg_id, forlop_id, kommune, mottaker_her, dokument, melding_id, sendt, status,
                  kvittering_status, kvittering_kode, kvittering_beskrivelse, avgjort`;

interface Rad {
  varsel_id: string;
  msg_id: string;
  forlop_id: string;
  kommune: string;
  mottaker_her: string;
  dokument: string;
  melding_id: string | null;
  sendt: Date | null;
  status: DialogmeldingStatus;
  kvittering_status: string | null;
  kvittering_kode: string | null;
  kvittering_beskrivelse: string | null;
  avgjort: Date | null;
}

const fraRad = (r: Rad): DialogmeldingRad => ({
  varselId: r.varsel_id,
  msgId: r.msg_id,
  forlopId: r.forlop_id,
  kommune: r.kommune,
  mottakerHer: r.mottaker_her,
  dokument: r.dokument,
  meldingId: r.melding_id,
  sendt: r.sendt,
  status: r.status,
  kvitteringStatus: r.kvittering_status,
  kvitteringKode: r.kvittering_kode,
  kvitteringBeskrivelse: r.kvittering_beskrivelse,
  avgjort: r.avgjort,
});

/** The address-table rows of each org named (for nhn/plo-adresse.ts), kommuner only. */
export async function kommuneAdresser(db: Db, orger: readonly string[]): Promise<Map<string, AdresseOppforing[]>> {
  const kart = new Map<string, AdresseOppforing[]>();
  if (orger.length === 0) return kart;
  const { rows } = await db.query<{ org: string; her_id: string; navn: string }>(
    `SELECT a.org, a.her_id, a.navn FROM adresse a JOIN kommune k ON k.nummer = a.org WHERE a.org = ANY($1::text[])`,
    [[...new Set(orger)]],
  );
  for (const r of rows) kart.set(r.org, [...(kart.get(r.org) ?? []), { herId: r.her_id, navn: r.navn }]);
  return kart;
}

/** The engine's own name in the address table (its EDI_HER_ID's row), if there. */
export async function adresseNavn(db: Db, herId: number): Promise<string | undefined> {
  const { rows } = await db.query<{ navn: string }>('SELECT navn FROM adresse WHERE her_id = $1', [String(herId)]);
  return rows[0]?.navn;
}

/** The varsel as stored (the document is made from the stored row, never from workflow input). */
export async function hentVarsel(db: Db, varselId: string): Promise<NyttVarsel | undefined> {
  const { rows } = await db.query<{ id: string; mottaker_org: string; type: NyttVarsel['type']; forlop_id: string; frist: Date | null; tekst: string }>(
    'SELECT id, mottaker_org, type, forlop_id, frist, tekst FROM varsel WHERE id = $1',
    [varselId],
  );
  const v = rows[0];
  return v && { id: v.id, mottakerOrg: v.mottaker_org, type: v.type, forlopId: v.forlop_id, frist: v.frist?.toISOString() ?? null, tekst: v.tekst };
}

/** Keeps the document made for the varsel, unless one is kept already: then that one stays. Answers the row. */
export async function behold(
  db: Db,
  d: { varselId: string; msgId: string; forlopId: string; kommune: string; avsenderHer: number; mottakerHer: number; dokument: string },
): Promise<DialogmeldingRad> {
  await db.query(
    `INSERT INTO dialogmelding_ut (varsel_id, msg_id, forlop_id, kommune, avsender_her, mottaker_her, dokument)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (varsel_id) DO NOTHING`,
    [d.varselId, d.msgId, d.forlopId, d.kommune, String(d.avsenderHer), String(d.mottakerHer), d.dokument],
  );
  return (await hentDialogmelding(db, d.varselId))!;
}

export async function hentDialogmelding(db: Db, varselId: string): Promise<DialogmeldingRad | undefined> {
  const { rows } = await db.query<Rad>(`SELECT ${KOLONNER} FROM dialogmelding_ut WHERE varsel_id = $1`, [varselId]);
  return rows[0] && fraRad(rows[0]);
}

export async function merkSendt(db: Db, varselId: string, meldingId: string): Promise<void> {
  await db.query(`UPDATE dialogmelding_ut SET melding_id = $2, sendt = now(), status = 'sendt' WHERE varsel_id = $1 AND melding_id IS NULL`, [
    varselId,
    meldingId,
  ]);
}

/** Records the outcome once: true when this call decided it (a repeat changes nothing and answers false). */
export async function avgjor(
  db: Db,
  varselId: string,
  utfall: DialogmeldingUtfall,
  kvittering: { status: string | null; kode: string | null; beskrivelse: string | null },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE dialogmelding_ut
        SET status = $2, kvittering_status = $3, kvittering_kode = $4, kvittering_beskrivelse = $5, avgjort = now()
      WHERE varsel_id = $1 AND status IN ('laget', 'sendt')`,
    [varselId, utfall, kvittering.status, kvittering.kode, kvittering.beskrivelse],
  );
  return (rowCount ?? 0) > 0;
}

/** The varsel's deliveries to webhooks: one row per webhook, from its attempts. */
export interface WebhookLeveringRad {
  webhookId: string;
  forsok: number;
  levert: boolean;
  sisteForsok: Date;
  httpStatus: number | null;
  feil: string | null;
}

export async function webhookLeveringer(db: Db, varselId: string): Promise<WebhookLeveringRad[]> {
  const { rows } = await db.query<{ webhook_id: string; forsok: number; levert: boolean; siste: Date; http_status: number | null; feil: string | null }>(
    `SELECT DISTINCT ON (webhook_id) webhook_id, count(*) OVER (PARTITION BY webhook_id)::int AS forsok,
            bool_or(levert) OVER (PARTITION BY webhook_id) AS levert, tidspunkt AS siste, http_status, feil
       FROM webhook_forsok WHERE varsel_id = $1
      ORDER BY webhook_id, tidspunkt DESC, id DESC`,
    [varselId],
  );
  return rows.map((r) => ({ webhookId: r.webhook_id, forsok: r.forsok, levert: r.levert, sisteForsok: r.siste, httpStatus: r.http_status, feil: r.feil }));
}

/** The varsel's receiving org, or undefined when there is no such varsel. */
export async function varselMottaker(db: Db, varselId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ mottaker_org: string }>('SELECT mottaker_org FROM varsel WHERE id = $1', [varselId]);
  return rows[0]?.mottaker_org;
}

/** Varsler not delivered to the kommune's EPJ (avvist or no receipt), newest first; `kommune` narrows to one. */
export async function ikkeLevert(
  db: Db,
  kommune: string | null,
  limit: number,
): Promise<Array<DialogmeldingRad & { type: string; tekst: string; opprettet: Date }>> {
  const { rows } = await db.query<Rad & { type: string; tekst: string; opprettet: Date }>(
    `SELECT ${KOLONNER.replace(/(\w+)/g, 'd.$1')}, v.type, v.tekst, v.opprettet
       FROM dialogmelding_ut d JOIN varsel v ON v.id = d.varsel_id
      WHERE d.status IN ('avvist', 'ikke_kvittert') AND ($1::text IS NULL OR d.kommune = $1)
      ORDER BY d.avgjort DESC, d.varsel_id
      LIMIT $2`,
    [kommune, Math.max(1, Math.min(limit, 1000))],
  );
  return rows.map((r) => ({ ...fraRad(r), type: r.type, tekst: r.tekst, opprettet: r.opprettet }));
}
