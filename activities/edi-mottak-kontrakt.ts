/** What the EDI poller's workflow asks of the outside world (activities/edi-mottak.ts): message ids in, statuses out, no document. */
export interface UlestMelding {
  /** The server's id of the message. */
  id: string;
  /** A receipt (AppRec) of a message we sent: marked read only, never receipted. */
  kvittering: boolean;
}

export interface EdiMottakActivities {
  ediUleste(): Promise<UlestMelding[]>;
  ediHent(meldingId: string): Promise<void>;
  /** The receipt's status: Ok or Rejected. */
  ediAnvend(meldingId: string): Promise<'Ok' | 'Rejected'>;
  ediKvitter(meldingId: string): Promise<void>;
  ediMerkLest(meldingId: string): Promise<void>;
}
