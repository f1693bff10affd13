/**
 * The worker's part of EDI in: when EDI_URL is set, the poller's activities (bound to the HelseID
 * and EDI clients, made once per process) and the start of its workflow, `edi-mottak-<herId>`,
 * once per cluster: a worker that finds it running leaves it be; one that finds it ended (stopped
 * by an operator, failed) starts a new run.
 */
import type { Client } from '@temporalio/client';
import { Duration } from 'luxon';
import pino from 'pino';
import { ediMottakActivities } from '../activities/edi-mottak';
import type { EdiMottakActivities } from '../activities/edi-mottak-kontrakt';
import type { AppConfig } from '../config';
import type { Pool } from '../db/pool';
import { lagNhn } from '../nhn/fra-konfig';
import { ediMottakWorkflowId, type EdiMottakValg } from '../workflows/edi-mottak.definitions';
import type { ediMottak } from '../workflows/edi-mottak.workflow';

export interface EdiMottakOppsett {
  pool: Pool;
  client: Client;
  config: AppConfig;
  pasientNokkel: Buffer;
  tidligerePasientNokler?: readonly Buffer[];
}

const aktiviteter = new WeakMap<AppConfig, Promise<EdiMottakActivities | undefined>>();

/** The poller's activities, or undefined when EDI_URL is not set (a half-set configuration throws, naming what is missing). */
export function ediMottakAktiviteter(o: EdiMottakOppsett): Promise<EdiMottakActivities | undefined> {
  let a = aktiviteter.get(o.config);
  if (!a) {
    a = lagNhn(o.config.nhn).then(
      (nhn) =>
        nhn &&
        ediMottakActivities({
          api: {
            pool: o.pool,
            client: o.client,
            config: o.config,
            // The development-token secret is the API's; the PLO path never signs a token.
            nokler: { pasientNokkel: o.pasientNokkel, tidligerePasientNokler: o.tidligerePasientNokler, jwtSecret: new Uint8Array() },
            logger: pino({ level: o.config.logLevel, base: { tjeneste: 'edi-mottak' } }),
          },
          edi: nhn.edi,
          maksForsok: o.config.nhn.maksForsok,
          holdEtterAnvendt: o.config.testkrok.holdEtterEdiAnvendt,
          feilVedAnvend: o.config.testkrok.feilVedEdiAnvend,
        }),
    );
    aktiviteter.set(o.config, a);
  }
  return a;
}

/** Starts the poller's workflow unless it runs already; nothing when EDI_URL is not set. */
export async function startEdiMottak(o: EdiMottakOppsett): Promise<void> {
  const { ediUrl, ediHerId, hentIntervall } = o.config.nhn;
  if (!ediUrl || !ediHerId) return;
  const intervall = Duration.fromISO(hentIntervall);
  if (!intervall.isValid || intervall.toMillis() <= 0) throw new Error(`EDI_HENT_INTERVALL=${hentIntervall} er ingen ISO 8601-varighet (f.eks. PT30S)`);
  const valg: EdiMottakValg = { intervallMs: intervall.toMillis() };
  await o.client.workflow.start<typeof ediMottak>('ediMottak', {
    taskQueue: o.config.taskQueue,
    workflowId: ediMottakWorkflowId(ediHerId),
    args: [valg],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
}
