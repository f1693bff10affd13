/**
 * One business document from the message server, applied: what the EDI poller's `anvend` step
 * does (activities/edi-mottak.ts). Answers the receipt to post (Ok, or Rejected with kodeverk 8221
 * errors), and does what the document says exactly once, however often it is called:
 *
 *   a Dialogmelding answering a varsel of ours  attached to the varsel's forløp (its text encrypted),
 *                                               from the kommune the varsel went to only
 *   anything else                               PLO's path, the very function POST /plo/meldinger
 *                                               uses (api/handlinger/plo.ts): a logistics message
 *                                               applied, anything else Avvist in its codes
 *
 * The channel vouches for the sender: the server's sender HER-id must be one of the MsgHead's
 * sender HER-ids, and the address table must know it (no caller's token here to check against).
 */
import { krypterTekst } from '../db/pasient';
import { hentAdresser, kjenteOrger } from '../db/plo';
import { hentVarselForSvar, lagreDialogmelding, type EdiArt, type EdiKvitteringStatus } from '../db/edi-mottak';
import type { ApiDeps } from '../api/deps';
import { mottaPloMelding } from '../api/handlinger/plo';
import { Problem } from '../api/problem';
import { lesKvittering } from '../plo/kvittering';
import type { Feilkode, Kvitteringsfeil, PloHode } from '../plo/melding';
import { finnParter, PLO_NAVNEROM } from '../plo/tolkning';
import { navnUuid } from '../workflows/navn-uuid';
import { erDialogmelding, lesDialogmeldingSvar } from './dialogmelding-svar';

export interface EdiUtfall {
  art: EdiArt;
  msgId: string | null;
  status: EdiKvitteringStatus;
  feil: Kvitteringsfeil[];
}

/** The purpose the kommune's answer text is encrypted under (db/pasient.ts krypterTekst). */
export const DIALOGMELDING_FORMAL = 'forlop.dialogmelding';

class Avvist extends Error {
  constructor(readonly feil: Kvitteringsfeil[]) {
    super(feil.map((f) => f.tekst).join('; '));
  }
}

/** The server's sender must be the MsgHead's. */
function sjekkKanal(hode: PloHode, serverAvsender: number | null): void {
  if (serverAvsender !== null && !hode.avsender.herIder.includes(String(serverAvsender))) {
    throw new Avvist([{ kode: 'X99', tekst: `Meldingstjenerens avsender (HER-id ${serverAvsender}) er ikke avsenderen i MsgHead` }]);
  }
}

const avvistUtfall = (art: EdiArt, msgId: string | null, feil: Kvitteringsfeil[]): EdiUtfall => ({ art, msgId, status: 'Rejected', feil });

async function ploDokument(deps: ApiDeps, xml: string, serverAvsender: number | null): Promise<EdiUtfall> {
  let msgId: string | null = null;
  try {
    const kvittering = await mottaPloMelding(deps, xml, (hode, parter) => {
      msgId = hode.msgId;
      sjekkKanal(hode, serverAvsender);
      if (!parter.avsender) throw new Avvist([{ kode: 'X99', tekst: 'Avsenderens HER-id-er er ikke i motorens adressetabell' }]);
    });
    const k = lesKvittering(kvittering);
    return {
      art: k.status === 'ok' || k.feil.every((f) => f.kode !== 'T10') ? 'plo' : 'ukjent',
      msgId: k.originalMsgId,
      status: k.status === 'ok' ? 'Ok' : 'Rejected',
      feil: k.feil.map((f) => ({ kode: f.kode as Feilkode, tekst: f.tekst })),
    };
  } catch (e) {
    if (e instanceof Avvist) return avvistUtfall('ukjent', msgId, e.feil);
    // Not XML, a DOCTYPE, no MsgHead, too large: what the API answers 400/413 is Avvist here.
    if (e instanceof Problem && (e.status === 400 || e.status === 413)) {
      return avvistUtfall('ukjent', msgId, [{ kode: 'T01', tekst: e.detail ?? e.message }]);
    }
    throw e;
  }
}

async function dialogmelding(deps: ApiDeps, xml: string, serverAvsender: number | null): Promise<EdiUtfall> {
  const lest = lesDialogmeldingSvar(xml);
  const hode = lest.ok ? lest.svar.hode : lest.hode;
  try {
    sjekkKanal(hode, serverAvsender);
    if (!lest.ok) throw new Avvist(lest.feil);
    const { svar } = lest;
    const [adresser, orger] = await Promise.all([hentAdresser(deps.pool), kjenteOrger(deps.pool)]);
    const parter = finnParter(hode, new Map(adresser.map((a) => [a.herId, a])), orger.sykehus, orger.kommuner);
    if (parter.avsender?.rolle !== 'kommune') {
      throw new Avvist([{ kode: 'X99', tekst: 'Avsenderen er ingen kommune i motorens adressetabell' }]);
    }
    const varsel = await hentVarselForSvar(deps.pool, svar.refToParent);
    // Only the kommune the varsel went to may answer it; anything else is no answer of ours.
    if (!varsel || varsel.mottakerOrg !== parter.avsender.org) {
      throw new Avvist([{ kode: 'E10', tekst: `Dialogmeldingen svarer på ${svar.refToParent}, som ikke er en melding motoren har sendt til avsenderen` }]);
    }
    await lagreDialogmelding(deps.pool, {
      id: navnUuid(`dialogmelding:${parter.avsenderHer}:${hode.msgId}`, PLO_NAVNEROM),
      forlopId: varsel.forlopId,
      varselId: svar.refToParent,
      avsenderHer: parter.avsenderHer,
      avsenderOrg: parter.avsender.org,
      msgId: hode.msgId,
      sendt: hode.genDate,
      innholdKryptert: krypterTekst(JSON.stringify({ tema: svar.tema, tekst: svar.tekst }), deps.nokler.pasientNokkel, DIALOGMELDING_FORMAL),
    });
    return { art: 'dialogmelding', msgId: hode.msgId, status: 'Ok', feil: [] };
  } catch (e) {
    if (e instanceof Avvist) return avvistUtfall('dialogmelding', hode.msgId, e.feil);
    throw e;
  }
}

/** The document's outcome: applied once, and the receipt to answer with. */
export function anvendDokument(deps: ApiDeps, xml: string, serverAvsender: number | null): Promise<EdiUtfall> {
  return erDialogmelding(xml) ? dialogmelding(deps, xml, serverAvsender) : ploDokument(deps, xml, serverAvsender);
}
