/**
 * Varsler to the kommune's EPJ as a Dialogmelding (nhn/dialogmelding.ts) through Norsk helsenett's
 * message server, and their receipts:
 *
 *   startDialogmeldinger  after a varsel is stored: a dialogmeldingLevering workflow per varsel to
 *                         a kommune with a PLO address (workflow id by the varsel: started once)
 *   sendDialogmelding     the document made once from the stored varsel and kept (dialogmelding_ut)
 *                         before anything is sent; sent unless its server id is kept already, so a
 *                         retried activity posts the same bytes with the same MsgId, and one that
 *                         got its answer posts nothing again
 *   sjekkDialogmelding    GET …/status (and …/apprec when there is a receipt): the outcome recorded
 *                         once and counted in /metrics
 *
 * Logs name the varsel only; the document holds the varsel's text and the forløp id, no patient.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { adresseNavn, avgjor, behold, hentDialogmelding, hentVarsel, kommuneAdresser, merkSendt, type DialogmeldingUtfall } from '../db/dialogmelding-ut';
import type { Pool } from '../db/pool';
import { varselSomDialogmelding } from '../nhn/dialogmelding';
import { EdiFeil, type EdiKlient } from '../nhn/edi';
import { tolkKvittering } from '../nhn/kvittering';
import { mottakerHerId, ploAdresse } from '../nhn/plo-adresse';
import type { NyttVarsel } from '../workflows/types';
import type { dialogmeldingLevering } from '../workflows/dialogmelding.workflow';
import type { DialogmeldingActivities, KvitteringSjekk, SendUtfall } from './dialogmelding-contract';
import { registrerDialogmelding } from './metrikker';
import { startEnGang } from './workflow-start';

/** The engine's EDI as the activities need it (scripts/worker.ts, from EDI_* and HELSEID_*). */
export interface EdiUt {
  edi: EdiKlient;
  /** EDI_KVITTERING_FRIST in milliseconds. */
  kvitteringFristMs: number;
}

export interface DialogmeldingStartDeps {
  pool: Pool;
  client: Client;
  taskQueue: string;
  /** Unset (no EDI_URL): no Dialogmelding is sent. */
  ediUt?: EdiUt;
}

export const dialogmeldingWorkflowId = (varselId: string): string => `dialogmelding-${varselId}`;

/** A workflow per varsel whose receiving kommune has a PLO address; safe to repeat. */
export async function startDialogmeldinger(deps: DialogmeldingStartDeps, varsler: readonly NyttVarsel[]): Promise<void> {
  const ut = deps.ediUt;
  if (!ut || varsler.length === 0) return;
  const adresser = await kommuneAdresser(
    deps.pool,
    varsler.map((v) => v.mottakerOrg),
  );
  const til = varsler.filter((v) => ploAdresse(adresser.get(v.mottakerOrg) ?? []) !== undefined);
  await Promise.all(
    til.map((v) => startEnGang<typeof dialogmeldingLevering>(deps, 'dialogmeldingLevering', dialogmeldingWorkflowId(v.id), [v.id, ut.kvitteringFristMs])),
  );
}

/** The engine's own name in the MsgHead when its HER-id has no row in the address table. */
const MOTOR_NAVN = 'Utskrivningsforløp';

export async function sendDialogmelding(pool: Pool, ut: EdiUt, varselId: string): Promise<SendUtfall> {
  let rad = await hentDialogmelding(pool, varselId);
  if (!rad) {
    const v = await hentVarsel(pool, varselId);
    const mottaker = v && ploAdresse((await kommuneAdresser(pool, [v.mottakerOrg])).get(v.mottakerOrg) ?? []);
    if (!v || !mottaker) return 'ingen';
    const avsender = { herId: ut.edi.herId, navn: (await adresseNavn(pool, ut.edi.herId)) ?? MOTOR_NAVN };
    const dokument = varselSomDialogmelding(v, { avsender, mottaker, naa: new Date() });
    // Kept before it is sent: a retry sends these bytes, whatever the clock says then.
    rad = await behold(pool, {
      varselId: v.id,
      msgId: v.id,
      forlopId: v.forlopId,
      kommune: v.mottakerOrg,
      avsenderHer: ut.edi.herId,
      mottakerHer: mottakerHerId(mottaker),
      dokument,
    });
  }
  if (rad.status === 'avvist' || rad.status === 'ikke_kvittert') return 'avvist';
  if (rad.meldingId) return 'sendt';
  let meldingId: string;
  try {
    meldingId = await ut.edi.send(rad.dokument);
  } catch (e) {
    // A 4xx: the server will not take this message however often it is asked. Undelivered at once.
    if (e instanceof EdiFeil && !e.midlertidig) {
      await utfall(pool, varselId, 'avvist', { status: null, kode: e.status ? `HTTP ${e.status}` : null, beskrivelse: e.message.slice(0, 500) });
      return 'avvist';
    }
    throw e;
  }
  await merkSendt(pool, varselId, meldingId);
  return 'sendt';
}

export async function sjekkDialogmelding(pool: Pool, ut: EdiUt, varselId: string, siste: boolean): Promise<KvitteringSjekk> {
  const rad = await hentDialogmelding(pool, varselId);
  if (!rad) return 'ikke_kvittert'; // never made: nothing to show or count
  if (rad.status !== 'laget' && rad.status !== 'sendt') return rad.status;
  if (rad.meldingId) {
    try {
      const status = await ut.edi.status(rad.meldingId);
      const harSvar = status.some((s) => s.appRecStatus || s.transportDeliveryState === 'Rejected');
      const tolket = tolkKvittering(Number(rad.mottakerHer), status, harSvar ? await ut.edi.kvitteringer(rad.meldingId) : []);
      if (tolket.utfall !== 'venter') {
        await utfall(pool, varselId, tolket.utfall, { status: tolket.kvitteringStatus, kode: tolket.kode, beskrivelse: tolket.beskrivelse });
        return tolket.utfall;
      }
    } catch (e) {
      if (!(e instanceof EdiFeil)) throw e;
      // The server did not answer this time: as good as no receipt yet.
      Context.current().log.warn('kvittering for dialogmelding kunne ikke leses', { varselId, feil: e.message });
    }
  }
  if (!siste) return 'venter';
  await utfall(pool, varselId, 'ikke_kvittert', {
    status: null,
    kode: null,
    beskrivelse: rad.meldingId ? 'Ingen kvittering fra kommunens EPJ innen fristen' : 'Ikke sendt: meldingstjeneren tok ikke imot meldingen innen fristen',
  });
  return 'ikke_kvittert';
}

async function utfall(
  pool: Pool,
  varselId: string,
  u: DialogmeldingUtfall,
  kvittering: { status: string | null; kode: string | null; beskrivelse: string | null },
): Promise<void> {
  if (await avgjor(pool, varselId, u, kvittering)) registrerDialogmelding(u);
}

export function dialogmeldingActivities(pool: Pool, ut: EdiUt | undefined): DialogmeldingActivities {
  const krev = (): EdiUt => {
    if (!ut) throw new Error('EDI_URL er ikke satt: ingen dialogmelding kan sendes');
    return ut;
  };
  return {
    sendDialogmelding: (varselId) => sendDialogmelding(pool, krev(), varselId),
    sjekkDialogmelding: (varselId, siste) => sjekkDialogmelding(pool, krev(), varselId, siste),
  };
}
