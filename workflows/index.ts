/** The workflow bundle's entry: every workflow type the worker runs. */
export { forlopWorkflow } from './forlop.workflow';
export { webhookLevering } from './levering.workflow';
export { avvikOppfolging } from './avvik.workflow';
export { ediMottak } from './edi-mottak.workflow';
export { dialogmeldingLevering } from './dialogmelding.workflow';
