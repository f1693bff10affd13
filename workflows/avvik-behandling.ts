/**
 * What a behandling of an avvik may do (docs/api.md): samhandling may make any move among åpen,
 * under_behandling, lukket and trukket (lukket's closing comment is the request schema's
 * rule); the responsible party (the ansvarlig org) may comment and move åpen →
 * under_behandling. Pure: the API turns a refusal into its problem.
 */
import type { AvvikStatus, Principal } from './types';

const AVSLUTTET: readonly AvvikStatus[] = ['lukket', 'trukket'];

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
