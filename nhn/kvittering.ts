/**
 * What the message server says of a message the engine sent, read as the varsel's delivery
 * outcome: an Ok receipt (also OkErrorInMessagePart: the EPJ took it) is delivered; a Rejected
 * receipt, or a transport rejection, is avvist with the receipt's first error (kodeverk 8221);
 * anything else is still waiting. Pure.
 */
import type { ApprecInfo, StatusInfo } from './edi';

export type KvitteringUtfall =
  { utfall: 'venter' } | { utfall: 'levert' | 'avvist'; kvitteringStatus: string; kode: string | null; beskrivelse: string | null };

export function tolkKvittering(mottaker: number, status: readonly StatusInfo[], kvitteringer: readonly ApprecInfo[]): KvitteringUtfall {
  const s = status.find((x) => x.receiverHerId === mottaker) ?? (status.length === 1 ? status[0] : undefined);
  if (!s) return { utfall: 'venter' };
  const k = kvitteringer.find((x) => x.receiverHerId === mottaker) ?? (kvitteringer.length === 1 ? kvitteringer[0] : undefined);
  const appRec = s.appRecStatus ?? k?.appRecStatus ?? null;
  const forste = k?.appRecErrorList?.[0];
  const kode = forste?.errorCode ?? null;
  const beskrivelse = forste ? (forste.description ?? forste.details ?? null) : null;
  if (appRec === 'Ok' || appRec === 'OkErrorInMessagePart') return { utfall: 'levert', kvitteringStatus: appRec, kode, beskrivelse };
  if (appRec === 'Rejected') return { utfall: 'avvist', kvitteringStatus: appRec, kode, beskrivelse };
  if (s.transportDeliveryState === 'Rejected') {
    return { utfall: 'avvist', kvitteringStatus: 'Rejected', kode, beskrivelse: beskrivelse ?? 'Meldingstjeneren kunne ikke levere meldingen til mottakeren' };
  }
  return { utfall: 'venter' };
}
