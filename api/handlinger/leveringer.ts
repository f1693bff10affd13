/**
 * A varsel's deliveries, one per channel (GET /varsler/{id}/leveringer): each webhook of the
 * receiving org, from its attempts, and the Dialogmelding to the kommune's EPJ with its receipt;
 * and the list of varsler not delivered to a kommune's EPJ, for the samhandling desk
 * (GET /varsler/ikke-levert). The receiving org sees its own varsel; samhandling sees all; any
 * other caller gets 404, as if the varsel did not exist.
 */
import { ikkeLevert, hentDialogmelding, varselMottaker, webhookLeveringer, type DialogmeldingRad } from '../../db/dialogmelding-ut';
import type { Pool } from '../../db/pool';
import { tidspunktJson } from '../../activities/webhooks';
import type { Principal } from '../../workflows/types';
import { problemer } from '../problem';

export const IKKE_LEVERT_TEKST = 'Ikke levert til kommunens EPJ';

export interface DialogmeldingLevering {
  kanal: 'dialogmelding';
  /** venter: sent (or being sent), no receipt yet; levert: Ok receipt; avvist / ikke_kvittert: not delivered. */
  status: 'venter' | 'levert' | 'avvist' | 'ikke_kvittert';
  levert: boolean | null;
  mottakerHerId: string;
  msgId: string;
  sendt: string | null;
  avgjort: string | null;
  kvittering: { status: string | null; kode: string | null; beskrivelse: string | null } | null;
  /** "Ikke levert til kommunens EPJ" when not delivered, else null. */
  merknad: string | null;
}

export interface WebhookLevering {
  kanal: 'webhook';
  webhookId: string;
  status: 'levert' | 'feilet';
  levert: boolean;
  forsok: number;
  sisteForsok: string;
  httpStatus: number | null;
  feil: string | null;
}

export function dialogmeldingLevering(d: DialogmeldingRad): DialogmeldingLevering {
  const status = d.status === 'laget' || d.status === 'sendt' ? 'venter' : d.status;
  const ikke = status === 'avvist' || status === 'ikke_kvittert';
  return {
    kanal: 'dialogmelding',
    status,
    levert: status === 'venter' ? null : status === 'levert',
    mottakerHerId: d.mottakerHer,
    msgId: d.msgId,
    sendt: d.sendt && tidspunktJson(d.sendt),
    avgjort: d.avgjort && tidspunktJson(d.avgjort),
    kvittering: d.avgjort ? { status: d.kvitteringStatus, kode: d.kvitteringKode, beskrivelse: d.kvitteringBeskrivelse } : null,
    merknad: ikke ? IKKE_LEVERT_TEKST : null,
  };
}

export async function varselLeveringer(pool: Pool, p: Principal, varselId: string): Promise<Array<WebhookLevering | DialogmeldingLevering>> {
  const mottaker = await varselMottaker(pool, varselId);
  if (mottaker === undefined || (p.rolle !== 'samhandling' && mottaker !== p.org)) throw problemer.ikkeFunnet('Varselet finnes ikke');
  const [webhooks, dialogmelding] = await Promise.all([webhookLeveringer(pool, varselId), hentDialogmelding(pool, varselId)]);
  return [
    ...webhooks.map((w): WebhookLevering => ({
      kanal: 'webhook',
      webhookId: w.webhookId,
      status: w.levert ? 'levert' : 'feilet',
      levert: w.levert,
      forsok: w.forsok,
      sisteForsok: tidspunktJson(w.sisteForsok),
      httpStatus: w.httpStatus,
      feil: w.feil,
    })),
    ...(dialogmelding ? [dialogmeldingLevering(dialogmelding)] : []),
  ];
}

/** Varsler not delivered to a kommune's EPJ, newest first: a kommune its own, samhandling all. */
export async function ikkeLevertTilEpj(pool: Pool, p: Principal, limit: number) {
  const rader = await ikkeLevert(pool, p.rolle === 'samhandling' ? null : p.org, limit);
  return rader.map((r) => ({
    varselId: r.varselId,
    forlopId: r.forlopId,
    kommune: r.kommune,
    type: r.type,
    tekst: r.tekst,
    opprettet: tidspunktJson(r.opprettet),
    levering: dialogmeldingLevering(r),
  }));
}
