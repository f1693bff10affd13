/**
 * The EDI poller's steps (workflows/edi-mottak.workflow.ts), each an activity that may run again
 * after a crash and then does nothing twice:
 *
 *   uleste      the server's unread messages for EDI_HER_ID: ids only (the workflow sees no document)
 *   hent        the business document, stored encrypted under the server's message id (once)
 *   anvend      applied once (nhn/mottak.ts: PLO's own path, keyed by sender and MsgId), the receipt
 *               to answer with stored (once); an error of the message's own (not the database's or
 *               Temporal's absence: nhn/mottak-feil.ts) is counted in PostgreSQL, and at
 *               EDI_MAKS_FORSOK the message is set aside (`feilet`): not receipted, left unread,
 *               passed by in later rounds until an admin sends it back
 *   kvitter     the AppRec posted, unless this message's is already recorded as posted
 *   merkLest    marked read on the server (idempotent there) and here
 *
 * The window that remains: the server took our AppRec and the process died before PostgreSQL
 * recorded it; the retry posts it again. The server gives a receipt no id of ours to deduplicate
 * on, so this one write is at least once; every other step is exactly once.
 */
import { Context } from '@temporalio/activity';
import { dekrypterTekst, krypterTekst } from '../db/pasient';
import { feiletBlant, hentEdiMottak, lagreHentet, lagreUtfall, merkKvittert, merkLestLagret, registrerFeiletForsok } from '../db/edi-mottak';
import type { ApiDeps } from '../api/deps';
import type { AppRecError, EdiKlient } from '../nhn/edi';
import { anvendDokument } from '../nhn/mottak';
import { erForbigaende, feiltekst } from '../nhn/mottak-feil';
import { registrerEdiMottakFeil } from './metrikker';
import { FEILKODER } from '../plo/melding';
import type { EdiMottakActivities, UlestMelding } from './edi-mottak-kontrakt';

/** What the stored business document is encrypted under. */
const DOKUMENT_FORMAL = 'edi.dokument';
/** How many unread messages one round takes. */
const PER_RUNDE = 50;
const KODEVERK_FEIL = '2.16.578.1.12.4.1.1.8221';

export interface EdiMottakDeps {
  /** The PLO path's dependencies (pool, Temporal client, keys): the same as the API's. */
  api: ApiDeps;
  edi: EdiKlient;
  /** EDI_MAKS_FORSOK: failed applies of a message's own before it is set aside. */
  maksForsok: number;
  /** Test-only (config testkrok): the anvend step of this MsgId holds after its outcome is stored. */
  holdEtterAnvendt?: string;
  /** Test-only (config testkrok): the apply of the message with this MsgId throws, as a bug would. */
  feilVedAnvend?: string;
}

async function lagret(deps: EdiMottakDeps, meldingId: string) {
  const rad = await hentEdiMottak(deps.api.pool, meldingId);
  if (!rad) throw new Error(`EDI-melding ${meldingId} er ikke hentet`);
  return rad;
}

/** Beats while `fn` runs, so a worker that died is noticed by its heartbeat timeout, not the long start-to-close. */
async function medHjerteslag<T>(fn: () => Promise<T>): Promise<T> {
  const ctx = Context.current();
  const t = setInterval(() => ctx.heartbeat(), 2000);
  try {
    ctx.heartbeat();
    return await fn();
  } finally {
    clearInterval(t);
  }
}

export function ediMottakActivities(deps: EdiMottakDeps): EdiMottakActivities {
  const { pool } = deps.api;
  return {
    async ediUleste(): Promise<UlestMelding[]> {
      const uleste = await deps.edi.uleste(PER_RUNDE);
      const tilSide = await feiletBlant(
        pool,
        uleste.map((m) => m.id),
      );
      return uleste.filter((m) => !tilSide.has(m.id)).map((m) => ({ id: m.id, kvittering: m.isAppRec === true }));
    },

    async ediHent(meldingId: string): Promise<void> {
      if (await hentEdiMottak(pool, meldingId)) return;
      const [meta, dok] = await Promise.all([deps.edi.melding(meldingId), deps.edi.forretningsdokument(meldingId)]);
      await lagreHentet(pool, meldingId, meta.senderHerId ?? null, krypterTekst(dok.xml, deps.api.nokler.pasientNokkel, DOKUMENT_FORMAL));
    },

    ediAnvend: (meldingId: string) =>
      medHjerteslag(async () => {
        const rad = await lagret(deps, meldingId);
        if (rad.kvitteringStatus) return rad.kvitteringStatus;
        if (rad.feilet) return 'feilet';
        let u: Awaited<ReturnType<typeof anvendDokument>>;
        try {
          const nokler = [deps.api.nokler.pasientNokkel, ...(deps.api.nokler.tidligerePasientNokler ?? [])];
          const xml = dekrypterTekst(rad.dokumentKryptert, nokler, DOKUMENT_FORMAL);
          if (deps.feilVedAnvend && xml.includes(`<MsgId>${deps.feilVedAnvend}</MsgId>`)) {
            throw new TypeError('testkrok: anvendelsen feiler alltid for denne meldingen (TEST_FEIL_VED_EDI_ANVEND)');
          }
          u = await anvendDokument(deps.api, xml, rad.avsenderHerId);
        } catch (e) {
          if (erForbigaende(e)) {
            // Temporal tries again with backoff; the message is not to blame.
            registrerEdiMottakFeil('forbigaende');
            throw e;
          }
          registrerEdiMottakFeil('permanent');
          const tekst = feiltekst(e);
          const { forsok, feilet } = await registrerFeiletForsok(pool, meldingId, tekst, deps.maksForsok);
          if (feilet) {
            deps.api.logger.error({ meldingId, forsok }, 'EDI: meldingen er lagt til side etter gjentatte feil (GET /api/v1/edi/mottak/feilet)');
            return 'feilet';
          }
          // The activity's failure goes into the workflow's history: the cleaned text, not the error's own
          // (a `cause` would be serialised there too).
          // eslint-disable-next-line preserve-caught-error
          throw new Error(`EDI-melding ${meldingId}: anvendelsen feilet (forsøk ${forsok} av ${deps.maksForsok}): ${tekst}`);
        }
        const lagretUtfall = await lagreUtfall(pool, meldingId, u);
        if (deps.holdEtterAnvendt && u.msgId === deps.holdEtterAnvendt) {
          // Test-only: applied and its receipt stored, not posted; the test kills this worker now.
          deps.api.logger.warn('testkrok: EDI message held after it was applied (TEST_HOLD_ETTER_EDI_ANVENDT)');
          await new Promise<never>(() => undefined);
        }
        return lagretUtfall.status;
      }),

    async ediKvitter(meldingId: string): Promise<void> {
      const rad = await lagret(deps, meldingId);
      if (rad.kvittert) return;
      if (!rad.kvitteringStatus) throw new Error(`EDI-melding ${meldingId} er ikke anvendt`);
      // The server refuses a Rejected AppRec without an error; the PLO path always names one, this is a guard.
      const kvitteringFeil =
        rad.kvitteringStatus === 'Rejected' && rad.kvitteringFeil.length === 0 ? [{ kode: 'X99' as const, tekst: 'Avvist' }] : rad.kvitteringFeil;
      const feil: AppRecError[] = kvitteringFeil.map((f) => ({
        errorCode: f.kode,
        description: FEILKODER[f.kode] ?? null,
        details: f.tekst,
        oid: KODEVERK_FEIL,
      }));
      const id = await deps.edi.kvitter(meldingId, rad.kvitteringStatus, feil);
      await merkKvittert(pool, meldingId, id);
    },

    async ediMerkLest(meldingId: string): Promise<void> {
      await deps.edi.merkLest(meldingId);
      await merkLestLagret(pool, meldingId);
    },
  };
}
