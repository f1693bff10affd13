/**
 * The simulated year as the hospital's PLO archive (`npm run simulate -- --plo-ut <folder>`):
 * every hendelse the wards send as a PLO logistics message, one MsgHead per file, named so that
 * file name order is sending order, with the project's own HER-ids (the address table's seed,
 * db/seed/helgeland.json) and the simulator's fictitious fødselsnummer.
 *
 *   INNLEGGELSESMELDING_SENDT  LOG_INNLAGT
 *   UTSKRIVNINGSKLAR           LOG_UTSKRIVNINGSKLAR (assessed at Hendelsekode 3)
 *   UTSKRIVNINGSKLAR_AVMELDT   LOG_AVMELDING
 *   UTSKREVET                  LOG_UTSKREVET (UtTil, Uttilstand)
 *   DOD                        LOG_DOD
 *   FORLOP_AVBRUTT             a kansellering of its LOG_INNLAGT (when one was sent)
 *
 * Each message is sent at the hendelse's time (GenDate) and carries the admission (Hendelsekode
 * 1). What the kommuner and the kartleggingsteam register is not the hospital's to send.
 *
 * Beside the files: the forløp as the archive tells them (`plan`), the ground truth's input
 * (sim/fasit.ts judges them as it judges a driven year), worked out from the messages and
 * docs/domain.md's table of what each message means, not from the engine's code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { PloType } from '../plo/melding';
import { ploMeldingXml, type NyMelding, type SkrevetHendelse } from '../plo/skriv';
import { ploId } from '../plo/tolkning';
import { navnUuid } from '../workflows/navn-uuid';
import type { Plan } from './driver';
import { fasitFor, standardFrister } from './fasit';
import { alder, datoOslo, inkluderesAvKriterier, SONE, type Kriterier, type SimForlop, type SimHendelse } from './modell';

/** The simulator's namespace for its messages' MsgIds (a random UUID, fixed). */
const ARKIV_NAVNEROM = '7d1e4b2a-93c5-4f08-b6a1-5e2c8d9f0a37';

interface SeedAdresse {
  herId: string;
  org: string;
  navn: string;
}

export interface PloArkiv {
  /** In sending order: the file's name and its message. */
  filer: Array<{ navn: string; xml: string }>;
  /** The forløp the archive makes (those a message starts) with their hendelser in sending order. */
  plan: Plan;
  /** forløp key → the engine's forløp id (named by the message that starts it). */
  forlopId: Record<string, string>;
  /** hendelse key → its message (sender's HER-id and MsgId). */
  melding: Record<string, { avsenderHer: string; msgId: string }>;
}

const lokal = (ms: number): string => DateTime.fromMillis(ms, { zone: SONE }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
/** A local time as a receiver reads it back (the second occurrence of the autumn's repeated hour is read as the first). */
const tilbake = (ms: number): number => {
  const d = DateTime.fromFormat(lokal(ms), "yyyy-MM-dd'T'HH:mm:ss", { zone: SONE });
  const forst = d.minus({ hours: 1 });
  return (forst.toFormat('yyyy-MM-dd HH:mm:ss') === d.toFormat('yyyy-MM-dd HH:mm:ss') ? forst : d).toMillis();
};
const iso = (ms: number): string => DateTime.fromMillis(ms, { zone: SONE }).toISO({ suppressMilliseconds: true })!;

/** Kodeverk 8408 (UtTil) and 8431 (Uttilstand) for a destination, and the destination a receiver reads back (docs/domain.md). */
function utskrevetTil(destinasjon: string): { utTil: string; uttilstand?: string; lest: string } {
  switch (destinasjon) {
    case 'dod':
      return { utTil: '1', uttilstand: '2', lest: 'dod' };
    case 'hjem':
    case 'hjem_med_tjenester':
      return { utTil: '1', lest: 'hjem_med_tjenester' };
    case 'korttidsopphold':
    case 'langtidsopphold':
      return { utTil: '11', lest: 'korttidsopphold' };
    case 'annet_sykehus':
      return { utTil: '3', lest: 'annet_sykehus' };
    default:
      return { utTil: '88', lest: 'annen_institusjon' };
  }
}

const I_SYKEHUS = ['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning'];

const bokstaver = (s: string): string => [...s.replace(/[^a-z0-9]/gi, '')].map((c) => 'abcdefghijklmnopqrstuvwxyz'[parseInt(c, 36) % 26]).join('');

/** The year's forløp as the hospital's sent PLO messages, and the forløp they tell. */
export function ploArkiv(
  forlop: readonly SimForlop[],
  slutt: number,
  kriterier: Kriterier,
  adresser: readonly SeedAdresse[],
  runId = 'plo',
  valg: { fortalt?: boolean } = {},
): PloArkiv {
  const hf = adresser.find((a) => a.org === 'HSYK')!;
  const enhet = (org: string, hvilken: RegExp) => adresser.find((a) => a.org === org && hvilken.test(a.navn)) ?? adresser.find((a) => a.org === org)!;
  const utkast: Array<{ t: number; rekke: number; m: NyMelding; forlop: SimForlop; h: SimHendelse }> = [];
  let rekke = 0;
  for (const f of forlop) {
    const avd = enhet(f.sykehus, /Medisinsk/);
    const mot = enhet(f.kommune, /Saksbehandler PLO/);
    const kommune = adresser.find((a) => a.org === f.kommune && !/,/.test(a.navn)) ?? mot;
    const base = {
      avsender: { herIder: [hf.herId, avd.herId] as [string, string], navn: [hf.navn, avd.navn] as [string, string] },
      mottaker: { herIder: [kommune.herId, mot.herId] as [string, string], navn: [kommune.navn, mot.navn] as [string, string] },
      pasient: { fnr: f.fnr, fornavn: `Simpasient${bokstaver(f.pasient)}`, etternavn: `Arkivsen${bokstaver(f.pasient)}` },
      avdeling: f.avdeling,
    };
    const innlagt: SkrevetHendelse = { kode: 1, tid: lokal(f.innlagt) };
    let innlagtMelding: string | null = null;
    for (const h of f.hendelser) {
      if (h.tidspunkt > slutt) continue;
      const msgId = navnUuid(`${runId}/${h.nokkel}`, ARKIV_NAVNEROM);
      const melding = (type: PloType, hendelser: SkrevetHendelse[], mer: Partial<NyMelding> = {}): void => {
        utkast.push({ t: h.tidspunkt, rekke: rekke++, forlop: f, h, m: { ...base, type, msgId, genDate: lokal(h.tidspunkt), hendelser, ...mer } });
      };
      switch (h.type) {
        case 'INNLEGGELSESMELDING_SENDT':
          innlagtMelding ??= msgId;
          melding('LOG_INNLAGT', [innlagt]);
          break;
        case 'UTSKRIVNINGSKLAR': {
          const vurdert = Date.parse((h.data.vurdertTidspunkt as string | undefined) ?? new Date(h.tidspunkt).toISOString());
          melding('LOG_UTSKRIVNINGSKLAR', [innlagt, { kode: 3, tid: lokal(vurdert) }]);
          break;
        }
        case 'UTSKRIVNINGSKLAR_AVMELDT':
          melding('LOG_AVMELDING', [innlagt, { kode: 4, tid: lokal(h.tidspunkt), merknad: String(h.data.arsak ?? 'Avmeldt') }]);
          break;
        case 'UTSKREVET': {
          const u = utskrevetTil(String(h.data.destinasjon));
          melding('LOG_UTSKREVET', [innlagt, { kode: 2, tid: lokal(h.tidspunkt) }], { utskrevetTil: { utTil: u.utTil, uttilstand: u.uttilstand } });
          break;
        }
        case 'DOD':
          melding('LOG_DOD', [innlagt, { kode: 13, tid: lokal(h.tidspunkt) }]);
          break;
        case 'FORLOP_AVBRUTT':
          if (innlagtMelding) melding('LOG_INNLAGT', [innlagt], { kansellerer: innlagtMelding });
          break;
        default:
          break;
      }
    }
  }
  utkast.sort((a, b) => a.t - b.t || a.rekke - b.rekke);

  const filer = utkast.map((u, i) => ({ navn: `${String(i + 1).padStart(7, '0')}-${u.m.type}.xml`, xml: ploMeldingXml(u.m) }));
  // The forløp the files tell are the ground truth's input; the bench needs only the files.
  if (valg.fortalt === false) return { filer, plan: { runId, forlop: [], sendes: new Map() }, forlopId: {}, melding: {} };

  // The forløp the messages tell (docs/domain.md, the table of what each message does): each
  // message finds the patient's open forløp at the sykehus with its admission, else the one still
  // in hospital, else (with an admission, not an avmelding, a death or a cancellation) starts one.
  const konfig = standardFrister();
  const fortalt = new Map<string, { f: SimForlop; hendelser: SimHendelse[] }>();
  const perPasient = new Map<string, Array<{ f: SimForlop; hendelser: SimHendelse[] }>>();
  const viste = new Map<string, { x: { f: SimForlop; hendelser: SimHendelse[] }; nokkel: string }>();
  const forlopId: Record<string, string> = {};
  const melding: Record<string, { avsenderHer: string; msgId: string }> = {};
  const status = (x: { f: SimForlop; hendelser: SimHendelse[] }, t: number) => fasitFor(x.f, x.hendelser, konfig, t, null).status;
  for (const u of utkast) {
    const { forlop: f, h, m } = u;
    melding[h.nokkel] = { avsenderHer: hf.herId, msgId: m.msgId };
    const innlagtMelding = tilbake(f.innlagt);
    const sendt = tilbake(h.tidspunkt);
    const pasientens = perPasient.get(`${f.pasient} ${f.sykehus}`) ?? [];
    let x: { f: SimForlop; hendelser: SimHendelse[] } | undefined;
    if (m.kansellerer) {
      const v = viste.get(m.kansellerer);
      // The cancelled message changed no forløp: the kansellering is recorded only.
      x = v && !fasitFor(v.x.f, v.x.hendelser, konfig, sendt, null).avvist.includes(v.nokkel) ? v.x : undefined;
    } else {
      const apne = pasientens.filter((y) => !['avsluttet', 'avbrutt'].includes(status(y, sendt))).sort((a, b) => b.f.innlagt - a.f.innlagt);
      x = apne.find((y) => y.f.innlagt === innlagtMelding) ?? apne.find((y) => I_SYKEHUS.includes(status(y, sendt)));
      if (!x && m.type !== 'LOG_AVMELDING' && m.type !== 'LOG_DOD') {
        const innlagtDato = datoOslo(innlagtMelding);
        let nokkel = f.nokkel;
        for (let n = 2; fortalt.has(nokkel); n++) nokkel = `${f.nokkel}#${n}`;
        x = {
          f: {
            ...f,
            nokkel,
            innlagt: innlagtMelding,
            antattBehov: true,
            kartleggingGitt: undefined,
            inkludertAvKriterier: inkluderesAvKriterier(kriterier, {
              sykehus: f.sykehus,
              kommune: f.kommune,
              innlagtDato,
              antattBehov: true,
              alder: alder(f.fodt, innlagtDato),
              avdeling: f.avdeling,
            }),
            hendelser: [],
          },
          hendelser: [
            { nokkel: `${nokkel}/innlagt`, type: 'INNLAGT', tidspunkt: innlagtMelding, registrert: sendt, av: { rolle: 'sykehus', org: f.sykehus }, data: {} },
          ],
        };
        fortalt.set(nokkel, x);
        pasientens.push(x);
        perPasient.set(`${f.pasient} ${f.sykehus}`, pasientens);
        forlopId[nokkel] = ploId({ msgId: m.msgId }, hf.herId, 'forlop');
      }
    }
    if (!x) continue;
    const mal = x;
    viste.set(m.msgId, { x: mal, nokkel: h.nokkel });
    const innlagt = mal.f.innlagt;
    const ved = (ms: number) => Math.max(tilbake(ms), innlagt);
    const av = { rolle: 'sykehus' as const, org: f.sykehus };
    const ny = (type: SimHendelse['type'], tidspunkt: number, data: Record<string, unknown> = {}) =>
      mal.hendelser.push({ nokkel: h.nokkel, type, tidspunkt, registrert: sendt, av, data });
    if (m.kansellerer) ny('FORLOP_AVBRUTT', sendt);
    else if (h.type === 'INNLEGGELSESMELDING_SENDT') ny('INNLEGGELSESMELDING_SENDT', Math.max(sendt, innlagt));
    else if (h.type === 'UTSKRIVNINGSKLAR') {
      const t = Math.max(sendt, innlagt);
      const vurdert = Date.parse((h.data.vurdertTidspunkt as string | undefined) ?? new Date(h.tidspunkt).toISOString());
      ny('UTSKRIVNINGSKLAR', t, {
        vurdertTidspunkt: iso(Math.min(ved(vurdert), t)),
        // Sent only after the documented assessment: the four points count as documented.
        vurdering: {
          problemstillingerVedInnleggelseAvklart: true,
          ovrigeProblemstillingerAvklart: true,
          uavklarteProblemstillingerAngitt: true,
          funksjonsnivaaVurdert: true,
        },
      });
    } else if (h.type === 'UTSKRIVNINGSKLAR_AVMELDT') ny('UTSKRIVNINGSKLAR_AVMELDT', ved(h.tidspunkt), { arsak: h.data.arsak });
    // The EPJ's melding om utskrevet pasient: the fact that the patient left, kommune's answer or not (plo/tolkning.ts).
    else if (h.type === 'UTSKREVET') ny('UTSKREVET', ved(h.tidspunkt), { destinasjon: utskrevetTil(String(h.data.destinasjon)).lest, meldtAvEpj: true });
    else if (h.type === 'DOD') ny('DOD', ved(h.tidspunkt));
  }
  const fortalte = [...fortalt.values()].map((x) => ({ ...x.f, hendelser: x.hendelser }));
  return {
    filer,
    plan: { runId, forlop: fortalte, sendes: new Map(fortalte.map((f) => [f.nokkel, f.hendelser])) },
    forlopId,
    melding,
  };
}

/** The seed's address table (the HER-ids the region's parties are known by). */
export function seedAdresser(): SeedAdresse[] {
  const seed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'db', 'seed', 'helgeland.json'), 'utf8')) as { adresser: SeedAdresse[] };
  return seed.adresser;
}

/** Writes the archive's files into `mappe` (created; files of an earlier archive there are replaced). */
export function skrivArkiv(a: PloArkiv, mappe: string): void {
  fs.mkdirSync(mappe, { recursive: true });
  for (const n of fs.readdirSync(mappe)) if (/^\d{7}-LOG_[A-Z]+\.xml$/.test(n)) fs.rmSync(path.join(mappe, n));
  for (const f of a.filer) fs.writeFileSync(path.join(mappe, f.navn), f.xml);
}
