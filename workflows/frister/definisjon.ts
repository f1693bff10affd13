/**
 * What a frist rule file declares (workflows/frister/<ID>.ts), and the common judgement of a
 * frist with a due instant that most rules use. Adding a rule: README, "Legge til en frist".
 */
import type { Ansvarlig, FristId, FristInstans, FristKonfigurasjon, FristStatus } from '../types';
import type { ForlopFakta, Periode } from './fakta';
import { tidspunktTekst } from '../formatering';
import { minus, ms, pluss } from './tid';

/** A configuration key (config/frister.default.json). */
export type InnstillingNokkel = keyof FristKonfigurasjon;
export type VarighetNokkel = Exclude<InnstillingNokkel, 'dagligStatusKlokken'>;

/**
 * One setting: a `frist` (a deadline or window: longer than zero), a `varighet` (a reminder's
 * lead time or a grace: zero allowed) or a `klokketime` (an hour of the Oslo day).
 */
export interface Innstilling {
  art: 'frist' | 'varighet' | 'klokketime';
  /** What it sets, in bokmål, as /konfigurasjon documents it. */
  beskrivelse: string;
}
export type Innstillinger = Partial<Record<InnstillingNokkel, Innstilling>>;

/** What a rule's computation is given: the forløp's facts at `naa` under its configuration. */
export interface FristKontekst {
  fakta: ForlopFakta;
  konfig: FristKonfigurasjon;
  naa: string;
  /** The utskrivningsklar periods, computed once for every rule. */
  perioder: readonly Periode[];
}

/**
 * How a rule computes its instances: once for the forløp, or once for each utskrivningsklar
 * period (the period rules' instances are listed period by period, in the rule table's order).
 */
export type FristBeregning =
  { per: 'forlop'; beregn: (k: FristKontekst) => FristInstans[] } | { per: 'periode'; beregn: (p: Periode, k: FristKontekst) => FristInstans[] };

export interface FristRegel<Id extends FristId = FristId> {
  id: Id;
  ansvarlig: Ansvarlig;
  art: FristInstans['art'];
  /** Its name in bokmål, for texts people read (varsler): never the id. */
  navn: string;
  /** The legal or contractual basis, for avvik texts and the API's documentation. */
  grunnlag: string;
  /** What the responsible party must do, as a sentence naming the configured durations. */
  krav: (konfig: FristKonfigurasjon) => string;
  /** A breach records a samhandlingsavvik (TILBUD_KLART escalates instead). */
  avvikVedBrudd: boolean;
  /** The configuration keys the rule reads (beside the shared ones in felles.ts); may be none. */
  innstillinger: Innstillinger;
  beregning: FristBeregning;
}

export interface Vurderingsgrunnlag {
  nokkel: string;
  start: string;
  frist: string;
  /** When the deed was done (clinical time), if it was. */
  oppfylt: string | null;
  /** When the frist stopped applying (the forløp ended, a new melding replaced it), if it did. */
  bortfaltVed: string | null;
  paminnelseFor?: string;
  grunn?: string;
}

/** The common judgement of a frist with a due instant. */
export function vurder(regel: FristRegel, g: Vurderingsgrunnlag, konfig: FristKonfigurasjon, naa: string): FristInstans {
  const frist = ms(g.frist);
  let status: FristStatus;
  if (g.oppfylt !== null) status = ms(g.oppfylt) <= frist ? 'oppfylt' : 'brutt';
  else if (g.bortfaltVed !== null && ms(g.bortfaltVed) <= frist) status = 'bortfalt';
  else status = ms(naa) >= frist || g.bortfaltVed !== null ? 'brutt' : 'aktiv';

  const ulost = status === 'brutt' && g.oppfylt === null && g.bortfaltVed === null;
  const paminnelse = g.paminnelseFor ? minus(g.frist, g.paminnelseFor) : null;
  return {
    nokkel: g.nokkel,
    id: regel.id,
    ansvarlig: regel.ansvarlig,
    art: regel.art,
    start: g.start,
    frist: g.frist,
    status,
    oppfyltTidspunkt: g.oppfylt,
    bruttTidspunkt: status === 'brutt' ? g.frist : null,
    paminnelser: status === 'aktiv' && paminnelse && ms(paminnelse) > ms(g.start) ? [paminnelse] : [],
    eskalering: ulost ? (regel.avvikVedBrudd ? pluss(g.frist, konfig.eskalering) : g.frist) : null,
    ...(status === 'brutt' ? { grunn: g.grunn ?? `${regel.krav(konfig)}: fristen ${tidspunktTekst(g.frist, true)} ble ikke overholdt` } : {}),
  };
}
