/**
 * What the workflows ask of the outside world. One activity per change keeps a
 * hendelse to one round trip and one PostgreSQL transaction.
 */
import type { AvvikOppfolgingTilstand, OppfolgingVarsel } from '../workflows/avvik-oppfolging';
import type { AvvikRegistrering } from '../workflows/avvik.definitions';
import type { ForlopProjeksjon, ForlopStart, Forlopskonfigurasjon, NyttAvvik, NyttVarsel } from '../workflows/types';
import type { Hendelse } from '../workflows/hendelser';

export interface Endring {
  /** Present on the first call only: creates the forløp row (and links a reinnleggelse). */
  start?: ForlopStart;
  /** New hendelser to append (idempotent on (forlop_id, hendelse_id)). */
  hendelser: Hendelse[];
  /** Current state; written only if its sisteSekvens/version is not older than the stored one. */
  projeksjon: ForlopProjeksjon;
  nyeAvvik: NyttAvvik[];
  trukneAvvik: { nokkel: string; grunn: string; tidspunkt: string }[];
  varsler: NyttVarsel[];
}

export interface ForlopActivities {
  /** One transaction: forløp row, hendelser, projection, overliggerdøgn days, avvik, varsler. Then webhook deliveries are started. */
  lagre(endring: Endring): Promise<void>;
  /**
   * Frist defaults merged with the kommune's samarbeidsavtale overrides, the døgnpris table and
   * the samhandling org. Only for forløp started without `konfig` (release 0.1.0 always fetched it);
   * their recorded answers carry no samhandlingOrg.
   */
  hentKonfigurasjon(kommune: string): Promise<Omit<Forlopskonfigurasjon, 'samhandlingOrg'> & { samhandlingOrg?: string }>;
  /** Marks the forløp as needing attention (a timer-driven change was refused as data), for operations. */
  merkDriftsfeil(forlopId: string, melding: string): Promise<void>;
}

/** What an avvik's follow-up workflow asks of the outside world (activities/avvik-oppfolging.ts). */
export interface AvvikActivities {
  /** A hand-reported avvik, its svarfrist and its varsel in one transaction (a local activity of the Update); then its deliveries. */
  registrerAvvik(r: AvvikRegistrering): Promise<void>;
  hentAvvikOppfolging(avvikId: string): Promise<AvvikOppfolgingTilstand | null>;
  sendAvvikOppfolging(avvikId: string, varsel: OppfolgingVarsel): Promise<AvvikOppfolgingTilstand | null>;
}

export interface WebhookActivities {
  /** One delivery attempt of one varsel to one webhook; records the attempt; throws on non-2xx so Temporal retries. */
  leverWebhook(varselId: string, webhookId: string): Promise<void>;
}
