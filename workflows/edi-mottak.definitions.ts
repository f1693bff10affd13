/** The EDI poller's workflow id and argument, shared by the workflow and the worker that starts it (no I/O, no workflow runtime). */
export const ediMottakWorkflowId = (herId: number): string => `edi-mottak-${herId}`;

export interface EdiMottakValg {
  /** How long to sleep after a round that found nothing (EDI_HENT_INTERVALL). */
  intervallMs: number;
}
