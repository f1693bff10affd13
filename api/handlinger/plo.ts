/**
 * What the PLO routes do, each in one call: receive one message and answer its receipt, and
 * list the log a page at a time.
 *
 * Receiving reads (plo/les.ts), asks the address table who sent it (403 when not the caller),
 * answers a MsgId it has seen with the stored receipt, records the message, lets the pure
 * mapping decide (plo/tolkning.ts), applies it through the same calls a ward's click makes
 * (api/handlinger/forlop.ts), and stores the receipt. Every effect is named by the MsgId, so a
 * repeat after a lost answer applies nothing twice and gets the same receipt.
 */
import { hentSykehus } from '../../db/les';
import { finnPasient, krypterTekst, lagreNavn } from '../../db/pasient';
import {
  meldingFelter,
  apneForlop,
  fullfor,
  hentAdresser,
  hentKansellert,
  hentPloMelding,
  kjenteOrger,
  listPloMeldinger,
  registrerMottatt,
  type PloMeldingRad,
} from '../../db/plo';
import { lagKvittering } from '../../plo/kvittering';
import { IkkeMsgHead, lesPloMelding } from '../../plo/les';
import type { Kvitteringsfeil, PloHode, PloMelding } from '../../plo/melding';
import { finnParter, motoren, PLO_NAVNEROM, ploId, tolk, type Parter, type Plan } from '../../plo/tolkning';
import { XmlFeil } from '../../plo/xml';
import type { HendelseInput } from '../../workflows/hendelser';
import { navnUuid } from '../../workflows/navn-uuid';
import type { Principal } from '../../workflows/types';
import type { ApiDeps } from '../deps';
import { Problem, problemer } from '../problem';
import { CURSOR_FEIL } from '../schemas';
import type { PloListeQuery } from '../schemas/plo';
import { isoOslo, naaOslo } from '../visning';
import { innlagtHendelseId, sendHendelse, startForlop } from './forlop';

interface Utfall {
  status: 'ok' | 'avvist';
  anvendt: boolean;
  merknad: string | null;
  feil: Kvitteringsfeil[];
  pasientId: string | null;
  forlopId: string | null;
  hendelseIder: string[];
  kansellerer: string | null;
}

const avvist = (feil: Kvitteringsfeil[], pasientId: string | null = null): Utfall => ({
  status: 'avvist',
  anvendt: false,
  merknad: null,
  feil,
  pasientId,
  forlopId: null,
  hendelseIder: [],
  kansellerer: null,
});

/** Applies a plan through the forløp's workflow; a refusal by the forløp is an Avvist in its words. */
async function anvend(deps: ApiDeps, m: PloMelding, parter: Parter, plan: Plan, pasientId: string | null): Promise<Utfall> {
  if (plan.art === 'avvist') return avvist(plan.feil, pasientId);
  if (plan.art === 'ubrukt') {
    return { ...avvist([], pasientId), status: 'ok', merknad: plan.merknad, forlopId: plan.forlopId ?? null };
  }
  const navn = m.pasient.fornavn && m.pasient.etternavn ? { fornavn: m.pasient.fornavn, etternavn: m.pasient.etternavn } : undefined;
  // A forløp this message started holds its INNLAGT too (also when a repeat finds it already started).
  const hendelseIder: string[] = plan.start || plan.forlopId === ploId(m, parter.avsenderHer, 'forlop') ? [innlagtHendelseId(plan.forlopId)] : [];
  let id = pasientId;
  try {
    if (plan.start) {
      const s = plan.start;
      const sykehus = await hentSykehus(deps.pool, s.sykehus);
      await startForlop(
        deps,
        { rolle: 'sykehus', org: s.sykehus },
        { pasient: { fnr: m.pasient.fnr, navn }, ...s },
        s.forlopId,
        sykehus?.kartleggingsteam ?? null,
      );
      id ??= await finnPasient(deps.pool, m.pasient.fnr, deps.nokler.pasientNokkel, deps.nokler.tidligerePasientNokler);
    } else if (id && navn) {
      await lagreNavn(deps.pool, id, navn, deps.nokler.pasientNokkel);
    }
    if (plan.hendelse) {
      const av: Principal = parter.avsender ? { rolle: parter.avsender.rolle, org: parter.avsender.org } : { rolle: 'sykehus', org: parter.sykehus ?? '' };
      await sendHendelse(deps, plan.forlopId, { ...plan.hendelse, registrert: naaOslo(), av } as HendelseInput);
      hendelseIder.push(plan.hendelse.hendelseId);
    }
  } catch (e) {
    // The forløp's state does not allow it (409), or it contradicts the forløp (422): nothing changed.
    if (e instanceof Problem && (e.status === 409 || e.status === 422)) {
      return avvist([{ kode: 'X99', tekst: `Forløpet kan ikke ta imot meldingen: ${e.detail ?? e.message}` }], id);
    }
    throw e;
  }
  return { status: 'ok', anvendt: true, merknad: null, feil: [], pasientId: id, forlopId: plan.forlopId, hendelseIder, kansellerer: plan.kansellerer };
}

/** The message's outcome: Avvist as read, or what the mapping decides and the forløp accepts. */
async function behandle(deps: ApiDeps, lest: ReturnType<typeof lesPloMelding>, parter: Parter): Promise<Utfall> {
  const e21: Kvitteringsfeil[] = parter.mottaker ? [] : [{ kode: 'E21', tekst: 'Ingen av mottakerens HER-id-er er i motorens adressetabell' }];
  if (!lest.ok) return avvist([...lest.feil, ...e21]);
  const m = lest.melding;
  const { pool, nokler } = deps;
  const pasientId = await finnPasient(pool, m.pasient.fnr, nokler.pasientNokkel, nokler.tidligerePasientNokler);
  const [apne, kansellert] = await Promise.all([
    pasientId ? apneForlop(pool, pasientId, parter.sykehus) : Promise.resolve([]),
    m.forsendelsesstatus === 'C' && m.refToParent ? hentKansellert(pool, parter.avsenderHer, m.refToParent) : Promise.resolve(null),
  ]);
  return anvend(deps, m, parter, tolk(m, parter, apne, kansellert), pasientId);
}

/** 400/413 for what is no message to receipt. */
function lesEllerAvvis(xml: string): ReturnType<typeof lesPloMelding> {
  try {
    return lesPloMelding(xml);
  } catch (e) {
    if (e instanceof XmlFeil) {
      if (e.art === 'for-stor') throw new Problem(413, 'for-stor', e.message);
      throw new Problem(400, 'ugyldig-xml', e.message);
    }
    if (e instanceof IkkeMsgHead) throw new Problem(400, 'ugyldig-xml', e.message);
    throw e;
  }
}

/** POST /plo/meldinger: the AppRec for one message as sent (the stored one for a MsgId seen before). */
export async function mottaMelding(deps: ApiDeps, p: Principal, xml: string): Promise<string> {
  return mottaPloMelding(deps, xml, (hode, parter) => {
    if (parter.avsender?.org !== p.org) {
      throw problemer.forbudt(`Avsenderens HER-id-er (${hode.avsender.herIder.join(', ') || 'ingen'}) hører ikke til ${p.org} i adressetabellen`);
    }
  });
}

/**
 * One message, however it came (the API's POST, or the EDI poller, nhn/mottak.ts): read it, let
 * `sjekkAvsender` refuse a sender the channel does not vouch for (it throws), then record, apply
 * and receipt it once by (sender, MsgId). Answers the AppRec; the same one for a MsgId seen before.
 */
export async function mottaPloMelding(deps: ApiDeps, xml: string, sjekkAvsender: (hode: PloHode, parter: Parter) => void): Promise<string> {
  const { pool } = deps;
  const lest = lesEllerAvvis(xml);
  const hode: PloHode = lest.ok ? lest.melding : lest.hode;
  const [adresser, orger] = await Promise.all([hentAdresser(pool), kjenteOrger(pool)]);
  const parter = finnParter(hode, new Map(adresser.map((a) => [a.herId, a])), orger.sykehus, orger.kommuner);
  sjekkAvsender(hode, parter);
  if (!parter.avsender) throw problemer.forbudt('Avsenderen er ikke i adressetabellen');
  const kjent = await hentPloMelding(pool, parter.avsenderHer, hode.msgId);
  if (kjent?.kvittering) return kjent.kvittering;

  const rad = await registrerMottatt(pool, {
    ...meldingFelter(hode, lest.ok ? lest.melding : null, parter),
    meldingKryptert: krypterTekst(xml, deps.nokler.pasientNokkel, 'plo.melding'),
  });
  const u = await behandle(deps, lest, parter);
  const kvittering = lagKvittering({
    // Named by the message, timed by its first arrival: a repeat after a lost answer gets these bytes.
    id: navnUuid(`apprec:${parter.avsenderHer}:${hode.msgId}`, PLO_NAVNEROM),
    tidspunkt: isoOslo(rad.mottatt),
    avsender: motoren(adresser),
    original: hode,
    status: u.status,
    feil: u.feil,
  });
  return fullfor(pool, parter.avsenderHer, hode.msgId, { ...u, kvittering });
}

const lagCursor = (m: PloMeldingRad): string => Buffer.from(JSON.stringify([m.mikros, m.avsenderHer, m.msgId])).toString('base64url');
function lesCursor(c: string): { mikros: string; avsenderHer: string; msgId: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 3 && /^\d+$/.test(String(v[0])) && typeof v[1] === 'string' && typeof v[2] === 'string') {
      return { mikros: String(v[0]), avsenderHer: v[1], msgId: v[2] };
    }
  } catch {
    // falls through
  }
  throw problemer.validering([{ felt: 'query.cursor', melding: CURSOR_FEIL }]);
}

/** GET /plo/meldinger: one page of the caller's log, newest first, and the cursor to the next (null on the last). */
export async function listMeldinger(deps: ApiDeps, p: Principal, q: PloListeQuery): Promise<{ rader: PloMeldingRad[]; nesteCursor: string | null }> {
  const rader = await listPloMeldinger(deps.pool, p, q, q.cursor ? lesCursor(q.cursor) : null, q.limit + 1);
  const side = rader.slice(0, q.limit);
  return { rader: side, nesteCursor: rader.length > q.limit ? lagCursor(side[side.length - 1]) : null };
}
