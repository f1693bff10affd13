/**
 * A varsel's deliveries in words (GET /varsler/{id}/leveringer, GET /varsler/ikke-levert): each
 * channel's status, and why a Dialogmelding did not reach the kommune's EPJ. Pure, so the words
 * are tested without a browser.
 */
import type { components } from './generert/api';

type S = components['schemas'];
export type DialogmeldingLevering = S['DialogmeldingLevering'];
export type WebhookLevering = S['WebhookLevering'];
export type Levering = DialogmeldingLevering | WebhookLevering;

export const KANAL_NAVN: Record<Levering['kanal'], string> = {
  dialogmelding: 'Dialogmelding til EPJ',
  webhook: 'Webhook',
};

export const DIALOGMELDING_STATUS_NAVN: Record<DialogmeldingLevering['status'], string> = {
  venter: 'Venter på kvittering',
  levert: 'Levert',
  avvist: 'Avvist',
  ikke_kvittert: 'Ikke kvittert',
};

export const WEBHOOK_STATUS_NAVN: Record<WebhookLevering['status'], string> = {
  levert: 'Levert',
  feilet: 'Feilet',
};

export const INGEN_KVITTERING = 'Ingen kvittering innen fristen';

/** Why the Dialogmelding was not delivered: the receipt's code and text when Avvist, or no receipt in time; null when it was delivered or still waits. */
export function ikkeLevertGrunn(l: DialogmeldingLevering): string | null {
  if (l.status === 'ikke_kvittert') return INGEN_KVITTERING;
  if (l.status !== 'avvist') return null;
  const k = l.kvittering;
  const hva = [k?.kode, k?.beskrivelse].filter(Boolean).join(' ');
  return hva ? `Avvist: ${hva}` : 'Avvist av kommunens EPJ';
}

/** The channel's status in words. */
export function leveringStatus(l: Levering): string {
  return l.kanal === 'webhook' ? WEBHOOK_STATUS_NAVN[l.status] : DIALOGMELDING_STATUS_NAVN[l.status];
}

/** When the channel last moved: the receipt's decision (or the send) for a Dialogmelding, the last attempt for a webhook. */
export function leveringTid(l: Levering): string | null {
  return l.kanal === 'webhook' ? l.sisteForsok : (l.avgjort ?? l.sendt);
}

/** What more there is to say of it: the receipt or the reason, the attempts and the answer. */
export function leveringDetalj(l: Levering): string {
  if (l.kanal === 'dialogmelding') {
    const grunn = ikkeLevertGrunn(l);
    const deler = [`til HER-id ${l.mottakerHerId}`];
    if (grunn) deler.push(grunn);
    else if (l.kvittering?.status) deler.push(`kvittering ${l.kvittering.status}`);
    return deler.join(' · ');
  }
  const deler = [`${l.forsok} forsøk`];
  if (l.httpStatus !== null) deler.push(`HTTP ${l.httpStatus}`);
  if (l.feil) deler.push(l.feil);
  return deler.join(' · ');
}
