/**
 * The PLO archive import (`npm run plo:import -- <folder>`): a hospital's sent messages of earlier
 * years, one MsgHead per file, applied in sending order (file name order), so the baseline before
 * the kartleggingsteam is measured with the engine's own definitions.
 *
 * One Temporal round trip per message would take hours for a few years, so the archive is
 * replayed without workflows, through the same code as live ingestion:
 *
 *   reading      plo/les.ts, the parties from the address table (plo/tolkning.ts finnParter)
 *   matching     plo/tolkning.ts tolk, against the patient's forløp as they stood at the message
 *   a forløp     its start as POST /forlop builds it (api/handlinger/forlop.ts forlopStart), then
 *                the pure forløp module (workflows/forlop.tilstand.ts): `motta` at the message's
 *                GenDate (registered then), `vaakne` at every instant something fell due between
 *                messages, as the forløp's workflow would have done at the time (not at midnight
 *                and the daily status while the patient waits: those only send varsler, and
 *                the overliggerdøgn are counted again at the next step and at the end)
 *   writing      the forløp's changes merged into one, through the write `lagre` uses
 *                (activities/lagre.ts skrivHistorikk, set-based over the batch), with the new
 *                patients and names (db/pasient.ts lagrePasienter) and each message and its
 *                receipt (db/plo.ts), a batch per transaction every `batch` messages read; the
 *                replay goes on while the batch before is written (one writer in flight)
 *
 * History is not news: the changes are written without their varsler, so no varsel, webhook or
 * avvik follow-up comes of an import. A forløp still open at the archive's end gets its workflow,
 * started from the replayed value (forlopWorkflow's `importert`), so its frister keep running.
 *
 * Resumable: a forløp is written with its messages in one transaction, only once it has closed
 * and every earlier stay of the patient is written (the reinnleggelse link reads them); a rerun
 * replays the archive again in memory (pure and fast) and skips the writes of what is stored. The
 * fødselsnummer lives in memory only, as the key of the patient's forløp; nothing here logs.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Endring } from '../activities/contract';
import { skrivHistorikk } from '../activities/lagre';
import type { ApiDeps } from '../api/deps';
import { forlopStart, innlagtHendelseId, type GjeldendeKriterier } from '../api/handlinger/forlop';
import { gjeldendeKriterier } from '../db/kartlegging';
import { hentForlopskonfigurasjon } from '../db/konfigurasjon';
import { hentSykehus } from '../db/les';
import { finnPasienter, fnrGyldig, krypterTekst, lagrePasienter, type PasientRad } from '../db/pasient';
import { hentAdresser, kjenteOrger, kvitterteMeldinger, lagreHistoriskeMeldinger, meldingFelter, type HistoriskMelding } from '../db/plo';
import { iTransaksjon } from '../db/pool';
import { forlopWorkflowId } from '../workflows/definitions';
import type { forlopWorkflow } from '../workflows/forlop.workflow';
import {
  avsluttet,
  avvisning,
  motta,
  nesteVekking,
  nyttForlop,
  sekvensFor,
  status,
  tilImportert,
  vaakne,
  type ForlopTilstand,
  type Steg,
} from '../workflows/forlop.tilstand';
import type { HendelseInput } from '../workflows/hendelser';
import { navnUuid } from '../workflows/navn-uuid';
import type { Forlopskonfigurasjon, Principal } from '../workflows/types';
import { lagKvittering } from './kvittering';
import { IkkeMsgHead, lesPloMelding } from './les';
import type { Kvitteringsfeil, PloHode, PloMelding } from './melding';
import { finnParter, motoren, PLO_NAVNEROM, tolk, type ApentForlop, type Kansellert } from './tolkning';
import { XmlFeil } from './xml';

export interface ImportValg {
  /** The instant the archive is replayed up to (epoch ms): now, unless a test says otherwise. */
  naa?: number;
  /** About this many messages between two writes (each a transaction); 500 by default. */
  batch?: number;
  /** After each file: how many are read of how many. */
  fremdrift?: (lest: number, totalt: number) => void;
}

export interface ImportOppsummering {
  filer: number;
  /** Messages read as MsgHead (every file but the unreadable). */
  lest: number;
  /** Applied and receipted by an earlier run: not written again. */
  alleredeImportert: number;
  /** Not XML or not a MsgHead (live: 400), or a sender the address table does not know (live: 403): not stored. */
  uleselig: number;
  ukjentAvsender: number;
  /** The same sender and MsgId twice in the archive: the second is not applied. */
  duplikater: number;
  ok: number;
  anvendt: number;
  avvist: number;
  /** Avvist by code (kodeverk 8221); a message may have several. */
  avvistPerKode: Record<string, number>;
  forlopOpprettet: number;
  /** Still open at the archive's end: their workflows were started. */
  forlopApne: number;
  sekunder: number;
  /** Where the time went (seconds): reading and parsing the files, the replay, the writes, the workflow starts. */
  faser: { lesing: number; avspilling: number; skriving: number; ventetPaaSkriving: number; starter: number };
}

/** One forløp while its archive is replayed. */
interface Arbeid {
  nr: number;
  tilstand: ForlopTilstand;
  /** The instant it is replayed to (epoch ms). */
  naa: number;
  endringer: Endring[];
  meldinger: HistoriskMelding[];
  /** A message of it was not stored by an earlier run. */
  nytt: boolean;
  skrevet: boolean;
  pasient: Pasient;
}

interface Pasient {
  id: string;
  /** In the order they were started; written in that order (a reinnleggelse reads the stay before). */
  forlop: Arbeid[];
  skrevetTil: number;
}

/** Workflow starts in flight at the end (each a round trip to Temporal, most of it waiting). */
const MAKS_SAMTIDIGE_STARTER = 32;
/** Files read (and their patients looked up) together. */
const LES_SAMMEN = 256;

type Utfall = Pick<HistoriskMelding, 'status' | 'anvendt' | 'merknad' | 'feil' | 'forlopId' | 'hendelseIder'>;

/** The changes of one forløp as one, without varsler (history is not news). */
function slaSammen(e: readonly Endring[]): Endring {
  const start = e.find((x) => x.start)?.start;
  return {
    ...(start ? { start } : {}),
    hendelser: e.flatMap((x) => x.hendelser),
    projeksjon: e[e.length - 1].projeksjon,
    nyeAvvik: e.flatMap((x) => x.nyeAvvik),
    trukneAvvik: e.flatMap((x) => x.trukneAvvik),
    varsler: [],
  };
}

/** The archive's files in sending order (by name). */
export async function arkivFiler(mappe: string): Promise<string[]> {
  const navn = (await fs.readdir(mappe)).filter((n) => n.toLowerCase().endsWith('.xml')).sort();
  return navn.map((n) => path.join(mappe, n));
}

export async function importerArkiv(deps: ApiDeps, mappe: string, valg: ImportValg = {}): Promise<ImportOppsummering> {
  const t0 = performance.now();
  const { pool, nokler, config } = deps;
  const slutt = valg.naa ?? Date.now();
  const batch = valg.batch ?? 500;
  const filer = await arkivFiler(mappe);
  const sum: ImportOppsummering = {
    filer: filer.length,
    lest: 0,
    alleredeImportert: 0,
    uleselig: 0,
    ukjentAvsender: 0,
    duplikater: 0,
    ok: 0,
    anvendt: 0,
    avvist: 0,
    avvistPerKode: {},
    forlopOpprettet: 0,
    forlopApne: 0,
    sekunder: 0,
    faser: { lesing: 0, avspilling: 0, skriving: 0, ventetPaaSkriving: 0, starter: 0 },
  };
  const ms = { lesing: 0, skriving: 0, venter: 0, starter: 0 };

  const [adresser, orger, ferdige, kriterier] = await Promise.all([hentAdresser(pool), kjenteOrger(pool), kvitterteMeldinger(pool), gjeldendeKriterier(pool)]);
  const adressetabell = new Map(adresser.map((a) => [a.herId, a]));
  const avsenderMotor = motoren(adresser);
  const konfigurasjoner = new Map<string, Promise<Forlopskonfigurasjon>>();
  const konfig = (kommune: string) => {
    let k = konfigurasjoner.get(kommune);
    if (!k) konfigurasjoner.set(kommune, (k = hentForlopskonfigurasjon(pool, kommune, config.samhandlingOrg)));
    return k;
  };
  const team = new Map<string, Promise<string | null>>();
  const kartleggingsteam = (sykehus: string) => {
    let t = team.get(sykehus);
    if (!t) team.set(sykehus, (t = hentSykehus(pool, sykehus).then((s) => s?.kartleggingsteam ?? null)));
    return t;
  };

  // In memory only: the fødselsnummer is the key of the patient's forløp here and nowhere else.
  const pasienter = new Map<string, Pasient>();
  const forlop = new Map<string, Arbeid>();
  const meldinger = new Map<string, { kansellert: Kansellert; rad: HistoriskMelding | null }>();
  let nr = 0;
  let klokke = Number.NEGATIVE_INFINITY;
  const ventende: HistoriskMelding[] = [];
  /** The patients with a forløp not yet written; messages read since the last write. */
  const uskrevne = new Set<Pasient>();
  let sidenSkrevet = 0;
  /** fødselsnummer → the id of a patient stored before this run (found by `finnPasienter`). */
  const lagret = new Map<string, string>();
  /** The patient rows (new, or a name to store) for the next batch. */
  const pasientRader = new Map<string, PasientRad>();
  const klare: Arbeid[] = [];

  const ta = (f: Arbeid, steg: Steg): void => {
    f.tilstand = steg.tilstand;
    if (steg.endring) f.endringer.push({ ...steg.endring, varsler: [] });
  };
  /** Everything that fell due up to `t`, as the forløp's timer would have woken it. */
  const fremTil = (f: Arbeid, t: number): void => {
    while (!avsluttet(f.tilstand)) {
      const v = nesteVekking(f.tilstand, f.naa, { dagligStatus: false });
      if (v === null || v > t) break;
      ta(f, vaakne(f.tilstand, v, navnUuid));
      f.naa = v;
    }
    if (t > f.naa) f.naa = t;
  };
  /** The patient's stays, oldest first, that are closed and whose earlier stays are: ready to write. */
  const samleKlare = (p: Pasient): void => {
    while (p.skrevetTil < p.forlop.length && avsluttet(p.forlop[p.skrevetTil].tilstand)) klare.push(p.forlop[p.skrevetTil++]);
  };

  // One writer in flight while the replay (CPU) goes on: `skriv` takes what is ready now and waits
  // only for the batch before it, so at most two batches are held in memory.
  let skriver: Promise<void> = Promise.resolve();
  const skriv = async (forlopListe: Arbeid[], lose: HistoriskMelding[]): Promise<void> => {
    const skal = forlopListe.filter((f) => (f.nytt || !avsluttet(f.tilstand)) && f.endringer.length > 0);
    const endringer = skal.map((f) => slaSammen(f.endringer));
    // Copies: a later message may still mark the replayed row cancelled; the batch is written as it stands now.
    const rader = [...forlopListe.flatMap((f) => f.meldinger.filter((m) => !ferdige.has(`${m.avsenderHer} ${m.msgId}`))), ...lose].map((r) => ({ ...r }));
    const pas = [...pasientRader.values()];
    pasientRader.clear();
    for (const f of forlopListe) {
      f.skrevet = true;
      f.endringer = [];
      f.meldinger = [];
    }
    const tv = performance.now();
    await skriver;
    ms.venter += performance.now() - tv;
    if (endringer.length === 0 && rader.length === 0 && pas.length === 0) return;
    skriver = (async () => {
      const ts = performance.now();
      await iTransaksjon(pool, async (c) => {
        // A crash may lose the last committed batch: the import is resumable (a rerun replays the
        // archive and writes what is not stored), so it need not wait for the WAL flush. Here only.
        await c.query('SET LOCAL synchronous_commit = off');
        await lagrePasienter(c, pas, nokler.pasientNokkel);
        await skrivHistorikk(c, endringer);
        await lagreHistoriskeMeldinger(c, rader);
      });
      ms.skriving += performance.now() - ts;
    })();
    skriver.catch(() => undefined); // its error is thrown where it is awaited: the next batch, or the end
  };

  const avvistUtfall = (feil: Kvitteringsfeil[]): Utfall => ({ status: 'avvist', anvendt: false, merknad: null, feil, forlopId: null, hendelseIder: [] });

  /** The files read and parsed LES_SAMMEN at a time, with one look-up of their patients stored before (a rerun, or the engine's own). */
  async function* lesteFiler(): AsyncGenerator<{ xml: string; lest: ReturnType<typeof lesPloMelding> | null }> {
    for (let i = 0; i < filer.length; i += LES_SAMMEN) {
      const tl = performance.now();
      const del = await Promise.all(
        filer.slice(i, i + LES_SAMMEN).map(async (fil) => {
          const xml = await fs.readFile(fil, 'utf8');
          try {
            return { xml, lest: lesPloMelding(xml) };
          } catch (e) {
            if (e instanceof XmlFeil || e instanceof IkkeMsgHead) return { xml, lest: null };
            throw e;
          }
        }),
      );
      const ukjente = new Set(del.flatMap((d) => (d.lest?.ok && !pasienter.has(d.lest.melding.pasient.fnr) ? [d.lest.melding.pasient.fnr] : [])));
      for (const [fnr, id] of await finnPasienter(
        pool,
        [...ukjente].filter((fnr) => !lagret.has(fnr)),
        nokler.pasientNokkel,
        nokler.tidligerePasientNokler,
      ))
        lagret.set(fnr, id);
      ms.lesing += performance.now() - tl;
      yield* del;
    }
  }

  for await (const { xml, lest } of lesteFiler()) {
    valg.fremdrift?.(sum.lest + sum.uleselig + 1, filer.length);
    if (!lest) {
      sum.uleselig++;
      continue;
    }
    sum.lest++;
    const hode: PloHode = lest.ok ? lest.melding : lest.hode;
    const parter = finnParter(hode, adressetabell, orger.sykehus, orger.kommuner);
    if (!parter.avsender) {
      sum.ukjentAvsender++;
      continue;
    }
    const nokkel = `${parter.avsenderHer} ${hode.msgId}`;
    if (meldinger.has(nokkel)) {
      sum.duplikater++;
      continue;
    }
    const ferdig = ferdige.has(nokkel);
    if (ferdig) sum.alleredeImportert++;
    const t = hode.genDate ? Date.parse(hode.genDate) : klokke;
    if (t > klokke) klokke = t;

    // What live ingestion decides (api/handlinger/plo.ts behandle/anvend), against the forløp as they stood then.
    let utfall: Utfall;
    let pasientId: string | null = null;
    let eier: Arbeid | null = null;
    let kansellerer: string | null = null;
    const e21: Kvitteringsfeil[] = parter.mottaker ? [] : [{ kode: 'E21', tekst: 'Ingen av mottakerens HER-id-er er i motorens adressetabell' }];
    if (!lest.ok) utfall = avvistUtfall([...lest.feil, ...e21]);
    else {
      const m: PloMelding = lest.melding;
      const p = pasienter.get(m.pasient.fnr) ?? null;
      pasientId = p?.id ?? null;
      const apne: ApentForlop[] = [];
      for (const f of p?.forlop ?? []) {
        if (parter.sykehus !== null && f.tilstand.start.sykehus !== parter.sykehus) continue;
        fremTil(f, t);
        if (!avsluttet(f.tilstand))
          apne.push({ id: f.tilstand.start.forlopId, status: status(f.tilstand), innlagtTidspunkt: f.tilstand.start.innlagtTidspunkt });
      }
      if (p) samleKlare(p);
      const kansellert = m.forsendelsesstatus === 'C' && m.refToParent ? (meldinger.get(`${parter.avsenderHer} ${m.refToParent}`)?.kansellert ?? null) : null;
      const plan = tolk(m, parter, apne, kansellert);
      if (plan.art === 'avvist') utfall = avvistUtfall(plan.feil);
      else if (plan.art === 'ubrukt')
        utfall = { status: 'ok', anvendt: false, merknad: plan.merknad, feil: [], forlopId: plan.forlopId ?? null, hendelseIder: [] };
      else {
        const navn = m.pasient.fornavn && m.pasient.etternavn ? { fornavn: m.pasient.fornavn, etternavn: m.pasient.etternavn } : undefined;
        const hendelseIder: string[] = [];
        let f = forlop.get(plan.forlopId) ?? null;
        if (plan.start) {
          const s = plan.start;
          let pasient = p;
          if (!pasient) {
            // A new patient gets its id now (the replay needs it) and its row with the next batch.
            const lagretId = lagret.get(m.pasient.fnr);
            if (!lagretId && !fnrGyldig(m.pasient.fnr)) throw new Error('Ugyldig fødselsnummer/D-nummer'); // never the number itself
            pasient = { id: lagretId ?? randomUUID(), forlop: [], skrevetTil: 0 };
            pasienter.set(m.pasient.fnr, pasient);
            if (!lagretId) pasientRader.set(pasient.id, { id: pasient.id, fnr: m.pasient.fnr, ny: true, navn: null });
          }
          if (navn && !ferdig) {
            const r = pasientRader.get(pasient.id);
            if (r) r.navn = navn;
            else pasientRader.set(pasient.id, { id: pasient.id, fnr: m.pasient.fnr, ny: false, navn });
          }
          pasientId = pasient.id;
          const [k, kt] = await Promise.all([konfig(s.oppholdskommune), kartleggingsteam(s.sykehus)]);
          const start = forlopStart({ pasient: { fnr: m.pasient.fnr, navn }, ...s }, s.forlopId, kt, pasient.id, k, kriterier as GjeldendeKriterier | null);
          f = { nr: nr++, tilstand: nyttForlop(start, k), naa: t, endringer: [], meldinger: [], nytt: false, skrevet: false, pasient };
          const innlagt: HendelseInput = {
            hendelseId: innlagtHendelseId(s.forlopId),
            type: 'INNLAGT',
            tidspunkt: s.innlagtTidspunkt,
            registrert: m.genDate,
            av: { rolle: 'sykehus', org: s.sykehus },
            data: {},
          };
          ta(f, motta(f.tilstand, innlagt, t, navnUuid));
          forlop.set(s.forlopId, f);
          pasient.forlop.push(f);
          uskrevne.add(pasient);
          sum.forlopOpprettet++;
          hendelseIder.push(innlagt.hendelseId);
        }
        let refusert: string | null = null;
        if (f && plan.hendelse) {
          fremTil(f, t);
          const av: Principal = parter.avsender ? { rolle: parter.avsender.rolle, org: parter.avsender.org } : { rolle: 'sykehus', org: parter.sykehus ?? '' };
          const input = { ...plan.hendelse, registrert: m.genDate, av } as HendelseInput;
          if (sekvensFor(f.tilstand, input.hendelseId) === undefined) {
            const a = avvisning(f.tilstand, input);
            if (a) refusert = a.melding;
            else ta(f, motta(f.tilstand, input, f.naa, navnUuid));
          }
          if (!refusert) hendelseIder.push(plan.hendelse.hendelseId);
        } else if (!f) refusert = 'forløpet finnes ikke';
        if (refusert) {
          // The forløp's state does not allow it (live: 409/422 from the workflow): nothing changed.
          utfall = avvistUtfall([{ kode: 'X99', tekst: `Forløpet kan ikke ta imot meldingen: ${refusert}` }]);
          if (plan.start) utfall = { ...utfall, forlopId: null };
        } else {
          utfall = { status: 'ok', anvendt: true, merknad: null, feil: [], forlopId: plan.forlopId, hendelseIder };
          eier = f;
          kansellerer = plan.kansellerer;
        }
        if (f && plan.start && refusert) eier = f; // the forløp it started stays, and is written with it
      }
    }

    if (utfall.status === 'avvist') {
      sum.avvist++;
      for (const x of utfall.feil) sum.avvistPerKode[x.kode] = (sum.avvistPerKode[x.kode] ?? 0) + 1;
    } else {
      sum.ok++;
      if (utfall.anvendt) sum.anvendt++;
    }
    const rad: HistoriskMelding = {
      ...meldingFelter(hode, lest.ok ? lest.melding : null, parter),
      mottatt: hode.genDate ?? new Date(slutt).toISOString(),
      meldingKryptert: ferdig ? '' : krypterTekst(xml, nokler.pasientNokkel, 'plo.melding'),
      pasientId,
      ...utfall,
      kansellerer,
      kansellertAv: null,
      kvittering: ferdig
        ? ''
        : lagKvittering({
            id: navnUuid(`apprec:${parter.avsenderHer}:${hode.msgId}`, PLO_NAVNEROM),
            tidspunkt: hode.genDate ?? new Date(slutt).toISOString(),
            avsender: avsenderMotor,
            original: hode,
            status: utfall.status,
            feil: utfall.feil,
          }),
    };
    meldinger.set(nokkel, {
      kansellert: { msgId: rad.msgId, type: rad.type, status: rad.status, anvendt: rad.anvendt, forlopId: rad.forlopId, kansellertAv: null },
      rad: ferdig ? null : rad,
    });
    // The cancelled row still held here gets its mark in itself; one written already (an earlier batch
    // or run) gets it from this row's `kansellerer`, when this row is written (db/plo.ts merkKansellert).
    if (kansellerer) {
      const k = meldinger.get(`${parter.avsenderHer} ${kansellerer}`);
      if (k && !k.kansellert.kansellertAv) {
        k.kansellert.kansellertAv = hode.msgId;
        if (k.rad) k.rad.kansellertAv = hode.msgId;
      }
    }
    if (eier && !eier.skrevet) {
      eier.meldinger.push(rad);
      if (!ferdig) eier.nytt = true;
      samleKlare(eier.pasient);
    } else if (!ferdig) ventende.push(rad);

    if (++sidenSkrevet >= batch) {
      // Every forløp not yet written replayed to the archive's clock (most close by their timer, the
      // observation window, with no message of their own): what closed by then is written with its messages.
      sidenSkrevet = 0;
      for (const p of uskrevne) {
        for (let i = p.skrevetTil; i < p.forlop.length; i++) fremTil(p.forlop[i], klokke);
        samleKlare(p);
        if (p.skrevetTil === p.forlop.length) uskrevne.delete(p);
      }
      await skriv(klare.splice(0), ventende.splice(0));
    }
  }

  // The archive's end: every forløp replayed to now; the closed and the open written, the open handed to a workflow.
  const rest: Arbeid[] = [...klare.splice(0)];
  for (const p of pasienter.values()) {
    for (let i = p.skrevetTil; i < p.forlop.length; i++) {
      const f = p.forlop[i];
      fremTil(f, slutt);
      // Now, as its workflow would stand today: the overliggerdøgn counted to this day.
      if (!avsluttet(f.tilstand)) ta(f, vaakne(f.tilstand, Math.max(f.naa, slutt), navnUuid));
      rest.push(f);
    }
    p.skrevetTil = p.forlop.length;
  }
  rest.sort((a, b) => a.nr - b.nr);
  for (let i = 0; i < rest.length; i += 500) await skriv(rest.slice(i, i + 500), i === 0 ? ventende.splice(0) : []);
  await skriv([], ventende.splice(0));
  const tv = performance.now();
  await skriver;
  ms.venter += performance.now() - tv;
  const apne = rest.filter((f) => !avsluttet(f.tilstand));
  sum.forlopApne = apne.length;
  const tw = performance.now();
  await startApne(deps, apne);
  ms.starter = performance.now() - tw;
  sum.sekunder = (performance.now() - t0) / 1000;
  const s = (x: number) => Math.round(x / 100) / 10;
  sum.faser = {
    lesing: s(ms.lesing),
    avspilling: s(performance.now() - t0 - ms.lesing - ms.venter - ms.starter),
    skriving: s(ms.skriving),
    ventetPaaSkriving: s(ms.venter),
    starter: s(ms.starter),
  };
  return sum;
}

/** The forløp still open: a workflow each, going on from the replayed value (one already started is left as it is). */
async function startApne(deps: ApiDeps, apne: readonly Arbeid[]): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: MAKS_SAMTIDIGE_STARTER }, async () => {
      while (i < apne.length) {
        const f = apne[i++];
        try {
          await deps.client.workflow.start<typeof forlopWorkflow>('forlopWorkflow', {
            workflowId: forlopWorkflowId(f.tilstand.start.forlopId),
            taskQueue: deps.config.taskQueue,
            args: [f.tilstand.start, tilImportert(f.tilstand)],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (e) {
          if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
        }
      }
    }),
  );
}
