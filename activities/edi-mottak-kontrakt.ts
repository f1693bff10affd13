/** What the EDI poller's workflow asks of the outside world (activities/edi-mottak.ts): message ids in, statuses out, no document. */
export interface UlestMelding {
  /** The server's id of the message. */
  id: string;
  /** A receipt (AppRec) of a message we sent: marked read only, never receipted. */
  kvittering: boolean;
}

export interface EdiMottakActivities {
  /** The unread messages, but those set aside (feilet) until an admin sends them back. */
  ediUleste(): Promise<UlestMelding[]>;
  ediHent(meldingId: string): Promise<void>;
  /** The receipt's status: Ok or Rejected; feilet: the message is set aside, neither receipted nor marked read. */
  ediAnvend(meldingId: string): Promise<'Ok' | 'Rejected' | 'feilet'>;
  ediKvitter(meldingId: string): Promise<void>;
  ediMerkLest(meldingId: string): Promise<void>;
}
