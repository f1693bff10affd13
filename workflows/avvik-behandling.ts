/**
 * What a behandling of an avvik may do (docs/api.md): samhandling may make any move among åpen,
 * under_behandling, lukket and trukket (lukket's closing comment is the request schema's
 * rule); the responsible party (the ansvarlig org) may comment and move åpen →
 * under_behandling. Pure: the API turns a refusal into its problem.
 */
import { AVVIK_STATUSER, type AvvikStatus, type Principal } from './types';

export const AVSLUTTET: readonly AvvikStatus[] = ['lukket', 'trukket'];

/** The statuses a move to must carry a kommentar (the request schema checks it; the desk marks the field). */
export const KOMMENTAR_PAKREVD: readonly AvvikStatus[] = ['lukket'];

/** Why a behandling is refused: the caller may not make it (`forbudt`), or the avvik's status does not allow it. */
export type BehandlingNekt = { art: 'forbudt'; melding: string } | { art: 'ugyldig-overgang'; melding: string; avvikStatus: AvvikStatus };

/** Whether `p` may take the avvik from its status to `mal` (equal: a comment); null when it may. */
export function behandlingNekt(
  p: Principal,
  a: { status: AvvikStatus; ansvarlig: { org: string } },
  mal: AvvikStatus,
  kommentar: boolean,
): BehandlingNekt | null {
  if (p.rolle === 'samhandling') return null;
  if (a.ansvarlig.org !== p.org) return { art: 'forbudt', melding: 'Bare den ansvarlige parten og samhandlingsavdelingen kan behandle avviket' };
  if (mal === a.status) {
    if (kommentar && AVSLUTTET.includes(a.status)) {
      return { art: 'ugyldig-overgang', melding: `Avviket har status «${a.status}» og tar ikke imot flere kommentarer fra parten`, avvikStatus: a.status };
    }
    return null;
  }
  if (mal === 'under_behandling') {
    if (a.status === 'åpen') return null;
    return { art: 'ugyldig-overgang', melding: `Avviket har status «${a.status}»; bare et åpent avvik kan settes under behandling`, avvikStatus: a.status };
  }
  return {
    art: 'forbudt',
    melding: `Den ansvarlige parten kan kommentere og sette et åpent avvik under behandling; status «${mal}» settes av samhandlingsavdelingen`,
  };
}

/** What `p` may do with the avvik now: the statuses it may move it to, and whether it may comment (status unchanged). */
export interface TillatteHandlinger {
  status: AvvikStatus[];
  kommentar: boolean;
  /** Of `status`, those whose move must carry a kommentar. */
  kommentarPakrevd: AvvikStatus[];
}

/**
 * The moves `behandlingNekt` lets `p` make from the avvik's status, asked of that rule itself for
 * every status, so what the desk offers and what the API accepts cannot disagree.
 */
export function tillatteHandlinger(p: Principal, a: { status: AvvikStatus; ansvarlig: { org: string } }): TillatteHandlinger {
  const status = AVVIK_STATUSER.filter((s) => s !== a.status && behandlingNekt(p, a, s, true) === null);
  return {
    status,
    kommentar: behandlingNekt(p, a, a.status, true) === null,
    kommentarPakrevd: status.filter((s) => KOMMENTAR_PAKREVD.includes(s)),
  };
}
