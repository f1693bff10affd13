/** What the Dialogmelding delivery workflow (workflows/dialogmelding.workflow.ts) asks of the outside world (activities/dialogmelding.ts). */

/** ingen: the varsel's kommune has no PLO address (any more): nothing to send. */
export type SendUtfall = 'sendt' | 'avvist' | 'ingen';
export type KvitteringSjekk = 'venter' | 'levert' | 'avvist' | 'ikke_kvittert';

export interface DialogmeldingActivities {
  /** Makes the varsel's Dialogmelding once (kept), sends it unless sent before; a refusal by the server is avvist. */
  sendDialogmelding(varselId: string): Promise<SendUtfall>;
  /** Reads the receipt and records a decided outcome; `siste`: no receipt now is ikke_kvittert. */
  sjekkDialogmelding(varselId: string, siste: boolean): Promise<KvitteringSjekk>;
}
