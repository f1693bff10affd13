/**
 * The forløp as a value: everything the workflow knows, and pure functions from one value to
 * the next. The workflow file only wires these to Temporal (Update, timer, `lagre`); tests
 * drive them over whole simulated days and weeks without Temporal or a database.
 *
 *   motta(tilstand, hendelse, naa, nyId)  a hendelse was accepted
 *   vaakne(tilstand, naa, nyId)           the timer fired
 *
 * Both answer a `Steg`: the next value, the change to persist (or null when nothing changed)
 * and the next instant the forløp must wake. `naa` is the workflow's deterministic clock (epoch
 * ms); `nyId(navn)` the id of the effect so named (the workflow: a name-based UUID,
 * navn-uuid.ts), the same whenever a step is computed again: each varsel and avvik is named by
 * its forløp and its cause (the hendelse, the frist's reminder or breach, the day), so a change
 * computed twice (its first write in PostgreSQL, its workflow task lost with a worker or the
 * server) writes nothing twice. Nothing here reads a clock, draws a random number or does I/O.
 */
import type { Endring } from '../activities/contract';
import {
  erAvsluttet,
  forlopStatus,
  kanMotta,
  kartleggingStatus,
  neste,
  startTilstand,
  tillatteHendelser,
  ugyldigOvergangTekst,
  venterPaKommunen,
  type ForlopSnapshot,
} from './forlop.machine';
import { beregnFrister, dagensSlutt, dato, FRIST_REGLER, klokkeslettPaDato, ms, nesteKlokkeslett, pluss, tidTekst } from './frister';
import { tidspunktTekst } from './formatering';
import { beregnOverliggerdogn, oppsummer, overliggerdognTekst } from './overliggerdogn';
import { partOrg } from './parter';
import type {
  Ansvarlig,
  Forlopskonfigurasjon,
  ForlopProjeksjon,
  ForlopStart,
  FristInstans,
  NyttAvvik,
  NyttVarsel,
  Overliggerdogn,
  Principal,
  VarselType,
} from './types';
import { hendelsensVarsler, type Hendelse, type HendelseInput } from './hendelser';
import type { VarselKontekst } from './hendelser/definisjon';
import { gjeldendeInklusjon } from './kartlegging';
import { legemiddelliste } from './utskrivning';

export interface ForlopTilstand {
  readonly start: ForlopStart;
  /** Null only until the configuration of a forløp started without it has been fetched. */
  readonly konfig: Forlopskonfigurasjon | null;
  readonly snapshot: ForlopSnapshot;
  /** In sekvens order. */
  readonly hendelser: readonly Hendelse[];
  readonly frister: readonly FristInstans[];
  /** Priced here, once: the projection, the daily varsel and the API all show these figures. */
  readonly overliggerdogn: Overliggerdogn;
  /** Effects done once: a reminder, an escalation, the daily status of a date. */
  readonly utfort: readonly string[];
  /** frist nokkel → the nokkel of its avvik, while the avvik stands. */
  readonly avvikFor: Readonly<Record<string, string>>;
  /** frist nokkel → how many avvik it has had (a frist broken again after a withdrawal gets a new one). */
  readonly avvikGenerasjon: Readonly<Record<string, number>>;
  /** Changes produced so far; the projection's versjon. 0: the forløp row is not written yet. */
  readonly versjon: number;
  /** What the stored projection last showed, to write only when it moved. */
  readonly signatur: string;
  /** The discharge was registered late: the window closes `etterregistrering` after its registration. */
  readonly vinduUtsatt?: boolean;
}

export interface Steg {
  tilstand: ForlopTilstand;
  /** What to persist in one `lagre`, or null when nothing changed. */
  endring: Endring | null;
  /** The next instant (epoch ms) something is due, or null when nothing is. */
  vekking: number | null;
}

/** Why a hendelse is refused: the Update validator throws it, the API answers 409 or 422. */
export type Avvisning = { art: 'overgang'; melding: string; status: string; tillatte: string[] } | { art: 'hendelse'; melding: string };

const TOM_OVERLIGGERDOGN: Overliggerdogn = oppsummer([]);

export function nyttForlop(start: ForlopStart, konfig: Forlopskonfigurasjon | null): ForlopTilstand {
  return {
    start,
    konfig,
    snapshot: startTilstand(start.kartleggingInkludert),
    hendelser: [],
    frister: [],
    overliggerdogn: TOM_OVERLIGGERDOGN,
    utfort: [],
    avvikFor: {},
    avvikGenerasjon: {},
    versjon: 0,
    signatur: '',
  };
}

/**
 * What a forløp replayed outside a workflow (the PLO archive import, plo/import.ts) hands the
 * workflow that takes it over: plain data, so it travels in the start arguments. The machine's
 * snapshot is rebuilt from the hendelser by `fraImportert`, the same transitions `motta` made.
 */
export interface ImportertTilstand {
  hendelser: Hendelse[];
  frister: FristInstans[];
  overliggerdogn: Overliggerdogn;
  utfort: string[];
  avvikFor: Record<string, string>;
  avvikGenerasjon: Record<string, number>;
  versjon: number;
  vinduUtsatt?: boolean;
}

export function tilImportert(t: ForlopTilstand): ImportertTilstand {
  return {
    hendelser: [...t.hendelser],
    frister: [...t.frister],
    overliggerdogn: t.overliggerdogn,
    utfort: [...t.utfort],
    avvikFor: { ...t.avvikFor },
    avvikGenerasjon: { ...t.avvikGenerasjon },
    versjon: t.versjon,
    ...(t.vinduUtsatt ? { vinduUtsatt: true } : {}),
  };
}

/** The value `tilImportert` was made from (its snapshot replayed; an OBSERVASJON_UTLOPT closes it, so an open one has none). */
export function fraImportert(start: ForlopStart, konfig: Forlopskonfigurasjon, i: ImportertTilstand): ForlopTilstand {
  let snapshot = startTilstand(start.kartleggingInkludert);
  for (const h of i.hendelser) if (h.type !== 'INNLAGT') snapshot = neste(snapshot, h);
  return {
    start,
    konfig,
    snapshot,
    hendelser: i.hendelser,
    frister: i.frister,
    overliggerdogn: i.overliggerdogn,
    utfort: i.utfort,
    avvikFor: i.avvikFor,
    avvikGenerasjon: i.avvikGenerasjon,
    versjon: i.versjon,
    signatur: JSON.stringify([snapshot.value, i.frister, i.overliggerdogn.dager]),
    ...(i.vinduUtsatt ? { vinduUtsatt: true } : {}),
  };
}

export function medKonfig(t: ForlopTilstand, konfig: Forlopskonfigurasjon): ForlopTilstand {
  return { ...t, konfig };
}

/** The sekvens a hendelseId was recorded under, if it was: a repeat is answered as the first. */
export function sekvensFor(t: ForlopTilstand, hendelseId: string): number | undefined {
  return t.hendelser.find((h) => h.hendelseId === hendelseId)?.sekvens;
}

export const status = (t: ForlopTilstand) => forlopStatus(t.snapshot);
export const avsluttet = (t: ForlopTilstand) => erAvsluttet(t.snapshot);

/** Null when the forløp accepts the hendelse now (or already has it); otherwise why not. */
export function avvisning(t: ForlopTilstand, input: HendelseInput): Avvisning | null {
  if (sekvensFor(t, input.hendelseId) !== undefined) return null;
  const forst = t.hendelser.length === 0;
  const tillatt = input.type === 'INNLAGT' ? forst : !forst && kanMotta(t.snapshot, input);
  if (!tillatt) {
    const s = forlopStatus(t.snapshot);
    const tillatte = tillatteHendelser(t.snapshot);
    return { art: 'overgang', melding: ugyldigOvergangTekst(s, input.type, tillatte), status: s, tillatte };
  }
  if (input.type !== 'INNLAGT' && ms(input.tidspunkt) < ms(t.start.innlagtTidspunkt)) {
    return {
      art: 'hendelse',
      melding: `Hendelsen er oppgitt å ha skjedd ${tidTekst(input.tidspunkt)}, før innleggelsen ${tidTekst(t.start.innlagtTidspunkt)}`,
    };
  }
  return null;
}

export interface MottaValg {
  /**
   * Asked when a discharge is registered so late that its observation window is over before the
   * parties could register what is missing: true keeps the forløp open `etterregistrering` after
   * the registration (else no timer would ever close it). The workflow answers with `patched`:
   * forløp of release 0.2.0 and before kept the clinical window only.
   */
  utsettVindu?: () => boolean;
}

/** A hendelse the forløp accepted (the caller asked `avvisning` first and has the configuration). */
export function motta(t: ForlopTilstand, input: HendelseInput, naa: number, nyId: (navn: string) => string, valg: MottaValg = {}): Steg {
  const a = new Arbeid(t, naa, nyId);
  const h: Hendelse = { ...input, sekvens: t.hendelser.length + 1 };
  a.hendelser.push(h);
  a.nye.push(h);
  if (h.type !== 'INNLAGT') a.snapshot = neste(a.snapshot, h);
  if (h.type === 'UTSKREVET' && t.konfig && !t.vinduUtsatt) {
    const { observasjonsvindu, etterregistrering = ETTERREGISTRERING } = t.konfig.frister;
    const klinisk = ms(pluss(h.tidspunkt, observasjonsvindu));
    if (klinisk < ms(pluss(h.registrert, etterregistrering)) && (valg.utsettVindu?.() ?? true)) a.vinduUtsatt = true;
  }
  a.oppdater();
  a.varslerFor(h);
  return a.ferdig();
}

/** The timer fired: whatever is due now (reminders, breaches, escalations, the daily status, the window's end). */
export function vaakne(t: ForlopTilstand, naa: number, nyId: (navn: string) => string): Steg {
  const a = new Arbeid(t, naa, nyId);
  const vindu = observasjonSlutt(t);
  if (vindu !== null && naa >= vindu) a.snapshot = neste(a.snapshot, { type: 'OBSERVASJON_UTLOPT' });
  a.oppdater();
  return a.ferdig();
}

/** The forløp's current state row, as `lagre` stores it and the tilstand query answers. */
export function projeksjon(t: ForlopTilstand, versjon = t.versjon): ForlopProjeksjon {
  const utskrevet = forste(t, 'UTSKREVET');
  return {
    forlopId: t.start.forlopId,
    versjon,
    status: forlopStatus(t.snapshot),
    kartleggingStatus: kartleggingStatus(t.snapshot),
    frister: [...t.frister],
    overliggerdogn: t.overliggerdogn.dager,
    ikkeOverliggerdogn: t.overliggerdogn.ikkeOverliggerdogn,
    sisteSekvens: t.hendelser.length,
    utskrevetTidspunkt: utskrevet?.tidspunkt ?? null,
    destinasjon: utskrevet?.data.destinasjon ?? null,
    kartleggingFullfortTidspunkt: forste(t, 'KARTLEGGING_FULLFORT')?.tidspunkt ?? null,
    forsteUtskrivningsklarTidspunkt: forste(t, 'UTSKRIVNINGSKLAR')?.tidspunkt ?? null,
  };
}

/**
 * The next instant something is due after `naa`: a reminder, a due time, an escalation, the daily
 * status, the window's end. `dagligStatus: false` leaves out midnight and the daily status while
 * the patient waits: the archive import replays history, whose varsler are not sent, and the
 * overliggerdøgn are counted again at every later step.
 */
export function nesteVekking(t: ForlopTilstand, naa: number, valg: { dagligStatus?: boolean } = {}): number | null {
  if (!t.konfig || t.hendelser.length === 0) return null;
  const kandidater: number[] = [];
  for (const f of t.frister) {
    if (f.status === 'aktiv') {
      if (f.frist) kandidater.push(ms(f.frist));
      for (const p of f.paminnelser) kandidater.push(ms(p));
    }
    if (f.status === 'brutt' && f.eskalering) kandidater.push(ms(f.eskalering));
  }
  if (valg.dagligStatus !== false && venterPaKommunen(t.snapshot)) {
    const iso = new Date(naa).toISOString();
    kandidater.push(ms(dagensSlutt(iso))); // a new overliggerdøgn begins at midnight
    kandidater.push(ms(nesteKlokkeslett(iso, t.konfig.frister.dagligStatusKlokken)));
  }
  const vindu = observasjonSlutt(t);
  if (vindu !== null) kandidater.push(vindu);
  const fremtidige = kandidater.filter((k) => k > naa);
  return fremtidige.length ? Math.min(...fremtidige) : null;
}

/**
 * While discharged with something still missing: when the observation window closes (epoch ms):
 * its clinical end, or for a discharge registered late, `etterregistrering` after the registration.
 */
function observasjonSlutt(t: Pick<ForlopTilstand, 'konfig' | 'hendelser' | 'snapshot' | 'vinduUtsatt'>): number | null {
  const utskrevet = forste(t, 'UTSKREVET');
  if (!t.konfig || !utskrevet || forlopStatus(t.snapshot) !== 'utskrevet') return null;
  const klinisk = ms(pluss(utskrevet.tidspunkt, t.konfig.frister.observasjonsvindu));
  if (!t.vinduUtsatt) return klinisk;
  return Math.max(klinisk, ms(pluss(utskrevet.registrert, t.konfig.frister.etterregistrering ?? ETTERREGISTRERING)));
}

/** For forløp started with a configuration from before `etterregistrering` existed (release 0.2.0). */
const ETTERREGISTRERING = 'PT24H';

function forste<T extends Hendelse['type']>(t: Pick<ForlopTilstand, 'hendelser'>, type: T): Extract<Hendelse, { type: T }> | undefined {
  return t.hendelser.find((h): h is Extract<Hendelse, { type: T }> => h.type === type);
}

const motpart = (a: Ansvarlig): Ansvarlig => (a === 'kommune' ? 'sykehus' : a === 'sykehus' ? 'kommune' : 'sykehus');

/**
 * One step's working copy: the given value is never changed; `ferdig()` answers the next one.
 * The rules of what a change causes live here, in the order the workflow used to apply them.
 */
class Arbeid {
  readonly hendelser: Hendelse[];
  readonly nye: Hendelse[] = [];
  snapshot: ForlopSnapshot;
  vinduUtsatt: boolean;
  private frister: FristInstans[];
  private overliggerdogn: Overliggerdogn;
  private readonly utfort: Set<string>;
  private readonly avvikFor: Map<string, string>;
  private readonly avvikGenerasjon: Map<string, number>;
  private readonly nyeAvvik: NyttAvvik[] = [];
  private readonly trukneAvvik: Endring['trukneAvvik'] = [];
  private readonly varsler: NyttVarsel[] = [];
  private readonly naaIso: string;

  constructor(
    private readonly t: ForlopTilstand,
    private readonly naa: number,
    private readonly nyId: (navn: string) => string,
  ) {
    this.hendelser = [...t.hendelser];
    this.snapshot = t.snapshot;
    this.vinduUtsatt = t.vinduUtsatt ?? false;
    this.frister = [...t.frister];
    this.overliggerdogn = t.overliggerdogn;
    this.utfort = new Set(t.utfort);
    this.avvikFor = new Map(Object.entries(t.avvikFor));
    this.avvikGenerasjon = new Map(Object.entries(t.avvikGenerasjon));
    this.naaIso = new Date(naa).toISOString();
  }

  private get konfig(): Forlopskonfigurasjon {
    if (!this.t.konfig) throw new Error('Forløpet har ingen konfigurasjon ennå');
    return this.t.konfig;
  }

  private org(a: Ansvarlig): string {
    return partOrg(this.t.start, a);
  }

  private principal(a: Ansvarlig): Principal {
    return { rolle: a, org: this.org(a) };
  }

  /** A varsel, its id named by the forløp, its cause (`arsak`), its type and its receiver. */
  private varsle(arsak: string, mottakerOrg: string, type: VarselType, tekst: string, frist: string | null = null): void {
    const forlopId = this.t.start.forlopId;
    this.varsler.push({ id: this.nyId(`varsel/${forlopId}/${arsak}/${type}/${mottakerOrg}`), mottakerOrg, type, forlopId, frist, tekst });
  }

  /** Recompute frister and overliggerdøgn at `naa` and queue every effect now due. */
  oppdater(): void {
    const { frister: fk, dognpris, samhandlingOrg } = this.konfig;
    const fakta = { start: this.t.start, hendelser: this.hendelser };
    this.frister = beregnFrister(fakta, fk, this.naaIso);
    this.overliggerdogn = beregnOverliggerdogn(fakta, this.frister, this.naaIso, dognpris);

    for (const f of this.frister) {
      const regel = FRIST_REGLER[f.id];
      if (f.status === 'aktiv') {
        for (const p of f.paminnelser) {
          const gang = `${f.nokkel}:paminnelse:${p}`;
          if (ms(p) <= this.naa && this.enGang(gang)) {
            this.varsle(
              gang,
              this.org(f.ansvarlig),
              'PAMINNELSE',
              `Påminnelse om ${regel.navn}: ${regel.krav(fk)}. Frist ${f.frist ? tidspunktTekst(f.frist) : 'før melding om utskrivningsklar'}.`,
              f.frist,
            );
          }
        }
      }
      if (f.status !== 'brutt') continue;
      if (regel.avvikVedBrudd && !this.avvikFor.has(f.nokkel)) this.nyttAvvik(f);
      if (f.eskalering && ms(f.eskalering) <= this.naa && this.enGang(`${f.nokkel}:eskalering`)) {
        const tekst = `Eskalering, ${regel.navn}: ${f.grunn ?? regel.krav(fk)}. Fortsatt ikke løst.`;
        this.varsle(`${f.nokkel}:eskalering`, this.org(f.ansvarlig), 'ESKALERING', tekst, f.frist);
        this.varsle(`${f.nokkel}:eskalering`, samhandlingOrg, 'ESKALERING', tekst, f.frist);
      }
    }

    // An avvik whose frist is no longer broken was not a breach after all: withdraw it, keep it.
    for (const [fristNokkel, avvikNokkel] of [...this.avvikFor]) {
      const f = this.frister.find((x) => x.nokkel === fristNokkel);
      if (f && f.status === 'brutt') continue;
      this.avvikFor.delete(fristNokkel);
      const avbrutt = this.hendelser.some((h) => h.type === 'FORLOP_AVBRUTT');
      this.trukneAvvik.push({
        nokkel: avvikNokkel,
        tidspunkt: this.naaIso,
        grunn: avbrutt
          ? 'Forløpet er registrert ved feil (avbrutt)'
          : `Hendelse registrert senere viser at fristen ble overholdt (oppfylt ${f?.oppfyltTidspunkt ?? 'i tide'})`,
      });
    }

    this.dagligStatus();
  }

  private enGang(nokkel: string): boolean {
    if (this.utfort.has(nokkel)) return false;
    this.utfort.add(nokkel);
    return true;
  }

  private nyttAvvik(f: FristInstans): void {
    // A frist that broke again after its avvik was withdrawn gets a new avvik, not the old one back.
    const gen = (this.avvikGenerasjon.get(f.nokkel) ?? 0) + 1;
    this.avvikGenerasjon.set(f.nokkel, gen);
    const nokkel = gen === 1 ? f.nokkel : `${f.nokkel}#${gen}`;
    this.avvikFor.set(f.nokkel, nokkel);
    const tekst = f.grunn ?? FRIST_REGLER[f.id].krav(this.konfig.frister);
    this.nyeAvvik.push({
      id: this.nyId(`avvik/${this.t.start.forlopId}/${nokkel}`),
      forlopId: this.t.start.forlopId,
      type: f.id,
      nokkel,
      ansvarlig: this.principal(f.ansvarlig),
      motpart: this.principal(motpart(f.ansvarlig)),
      frist: f.frist,
      brutt: f.bruttTidspunkt ?? this.naaIso,
      tekst,
    });
    const navn = FRIST_REGLER[f.id].navn;
    this.varsle(`avvik:${nokkel}`, this.org(f.ansvarlig), 'FRIST_BRUTT', `Frist brutt, ${navn}: ${tekst}`, f.frist);
    this.varsle(`avvik:${nokkel}`, this.org(motpart(f.ansvarlig)), 'AVVIK', `Samhandlingsavvik registrert, ${navn}: ${tekst}`, f.frist);
  }

  /** While the patient waits for the kommune: once a day at its hour, the running count and sum. */
  private dagligStatus(): void {
    const o = this.overliggerdogn;
    if (!venterPaKommunen(this.snapshot) || o.antall === 0) return;
    const idag = dato(this.naaIso);
    const klokken = ms(klokkeslettPaDato(idag, this.konfig.frister.dagligStatusKlokken));
    const melding = [...this.hendelser].reverse().find((h) => h.type === 'UTSKRIVNINGSKLAR');
    const venterFra = melding ? ms(melding.tidspunkt) : this.naa;
    // Not on the day of the melding itself before its time: the melding's own varsel says it all.
    if (this.naa < klokken || klokken <= venterFra || !this.enGang(`OVERLIGGERDOGN:${idag}`)) return;
    this.varsle(`OVERLIGGERDOGN:${idag}`, this.t.start.oppholdskommune, 'OVERLIGGERDOGN', `Pasienten venter på kommunalt tilbud: ${overliggerdognTekst(o)}.`);
  }

  /** The notifications a hendelse itself sends (its catalogue entry's; the frist ones come from `oppdater`). */
  varslerFor(h: Hendelse): void {
    const s = this.t.start;
    const kontekst: VarselKontekst = {
      sykehus: s.sykehus,
      kommune: s.oppholdskommune,
      kartleggingsteam: s.kartleggingsteam,
      kartleggingInkludert: s.kartleggingInkludert,
      fristFor: (nokkel) => this.frister.find((f) => f.nokkel === nokkel)?.frist ?? null,
      inkludertFor: () =>
        gjeldendeInklusjon(
          s,
          this.hendelser.filter((x) => x.sekvens < h.sekvens),
        ).inkludert,
      legemiddelliste: () => legemiddelliste(this.hendelser),
    };
    for (const v of hendelsensVarsler(h, kontekst)) {
      this.varsle(`hendelse:${h.hendelseId}`, v.mottakerOrg, v.type, v.tekst, v.frist ?? null);
    }
  }

  /** The next value, and what changed since the given one. */
  ferdig(): Steg {
    const t = this.t;
    const signatur = JSON.stringify([this.snapshot.value, this.frister, this.overliggerdogn.dager]);
    const endret =
      t.versjon === 0 || signatur !== t.signatur || this.nye.length > 0 || this.nyeAvvik.length > 0 || this.trukneAvvik.length > 0 || this.varsler.length > 0;
    const neste: ForlopTilstand = {
      start: t.start,
      konfig: t.konfig,
      snapshot: this.snapshot,
      hendelser: this.hendelser,
      frister: this.frister,
      overliggerdogn: this.overliggerdogn,
      utfort: [...this.utfort],
      avvikFor: Object.fromEntries(this.avvikFor),
      avvikGenerasjon: Object.fromEntries(this.avvikGenerasjon),
      versjon: endret ? t.versjon + 1 : t.versjon,
      signatur,
      ...(this.vinduUtsatt ? { vinduUtsatt: true } : {}),
    };
    const endring: Endring | null = endret
      ? {
          ...(t.versjon === 0 ? { start: t.start } : {}),
          hendelser: this.nye,
          projeksjon: projeksjon(neste),
          nyeAvvik: this.nyeAvvik,
          trukneAvvik: this.trukneAvvik,
          varsler: this.varsler,
        }
      : null;
    return { tilstand: neste, endring, vekking: nesteVekking(neste, this.naa) };
  }
}
