/**
 * Driving the simulated year through the engine's public HTTP API, as the wards, the
 * kartleggingsteam and the kommuner would: each patient is one lane whose hendelser go in the
 * order they were registered (so a readmission comes after the discharge it follows), many
 * patients at once. Every hendelse carries a hendelseId derived from the run and its key, and
 * every forløp an Idempotency-Key, so a run stopped and resumed sends nothing twice.
 *
 * What was sent is kept in the run's state (sim/tilstand.ts), saved every few seconds.
 */
import { isoOslo, type SimForlop, type SimHendelse } from './modell';
import { feiltekst, type Klient } from './klient';
import { uuidFra } from './tilfeldig';

export interface Kjoring {
  /** forløp key → the engine's forløp id */
  ider: Record<string, string>;
  /** hendelse key → the HTTP status it was answered with (2xx: accepted) */
  sendt: Record<string, number>;
  /** hendelse key → when the engine answered it (epoch ms): the registration the engine judged by */
  sendtVed?: Record<string, number>;
  /** hendelse key → why it was refused */
  feil: Record<string, string>;
  /** Seconds spent driving so far (over every resumed part). */
  sekunder: number;
}

export interface Plan {
  runId: string;
  forlop: SimForlop[];
  /** The hendelser to send of each forløp (registered before the year's end), in registration order. */
  sendes: Map<string, SimHendelse[]>;
}

export interface Fremdrift {
  start(totalt: number, gjort: number): void;
  oppdater(gjort: number, info: { forlop: number; perSekund: number; feil: number }): void;
  stopp(): void;
}

/** The POST /forlop body of a simulated forløp. */
export function forlopBody(f: SimForlop): Record<string, unknown> {
  return {
    pasient: { fnr: f.fnr },
    oppholdskommune: f.kommune,
    sykehus: f.sykehus,
    avdeling: f.avdeling,
    innlagtTidspunkt: isoOslo(f.innlagt),
    antattBehovKommunaleTjenester: f.antattBehov,
    ...(f.kartleggingGitt !== undefined ? { kartlegging: { inkludert: f.kartleggingGitt } } : {}),
  };
}

/** The POST /forlop/{id}/hendelser body of a simulated hendelse. */
export function hendelseBody(runId: string, h: SimHendelse): Record<string, unknown> {
  return { type: h.type, tidspunkt: isoOslo(h.tidspunkt), hendelseId: uuidFra(`${runId}/${h.nokkel}`), ...h.data };
}

export async function kjor(
  plan: Plan,
  klient: Klient,
  k: Kjoring,
  valg: { samtidighet: number; fremdrift: Fremdrift; avbrutt: () => boolean; sjekk?: () => void },
): Promise<{ hendelser: number; sekunder: number }> {
  const perForlop = new Map(plan.forlop.map((f) => [f.nokkel, f]));
  // One lane per patient, in registration order across the patient's forløp.
  const baner = new Map<string, Array<{ f: SimForlop; h: SimHendelse }>>();
  for (const f of plan.forlop) {
    const l = baner.get(f.pasient) ?? [];
    for (const h of plan.sendes.get(f.nokkel) ?? []) l.push({ f, h });
    baner.set(f.pasient, l);
  }
  const ko = [...baner.values()].map((l) => l.sort((a, b) => a.h.registrert - b.h.registrert));
  // Earliest-registered lanes first, so the year fills in roughly from its start.
  ko.sort((a, b) => (a[0]?.h.registrert ?? 0) - (b[0]?.h.registrert ?? 0));
  const totalt = ko.reduce((s, l) => s + l.length, 0);
  let gjort = ko.reduce((s, l) => s + l.filter((x) => k.sendt[x.h.nokkel] !== undefined).length, 0);
  const forGjort = gjort;
  const t0 = Date.now();
  const sek0 = k.sekunder;
  valg.fremdrift.start(totalt, gjort);
  const tikk = setInterval(() => {
    k.sekunder = sek0 + (Date.now() - t0) / 1000;
    valg.fremdrift.oppdater(gjort, {
      forlop: Object.keys(k.ider).length,
      perSekund: (gjort - forGjort) / Math.max(0.001, (Date.now() - t0) / 1000),
      feil: Object.keys(k.feil).length,
    });
  }, 500);

  /**
   * Keeps the answer. Only a definitive one counts as sent: a hendelse that met the network or a
   * 5xx (after the client's retries, or while stopping) is sent again by a resumed run, with the
   * same hendelseId.
   */
  const svar = (h: SimHendelse, s: { status: number; body: unknown }, ok: boolean) => {
    if (ok) {
      k.sendt[h.nokkel] = s.status;
      (k.sendtVed ??= {})[h.nokkel] = Date.now();
      delete k.feil[h.nokkel];
      return;
    }
    k.feil[h.nokkel] = feiltekst(s);
    if (s.status !== 0 && s.status < 500) k.sendt[h.nokkel] = s.status;
  };
  const enHendelse = async (f: SimForlop, h: SimHendelse) => {
    if (h.type === 'INNLAGT') {
      const s = await klient.kall(h.av, 'POST', '/api/v1/forlop', forlopBody(f), { 'idempotency-key': uuidFra(`${plan.runId}/${f.nokkel}/forlop`) });
      const ok = (s.status === 201 || s.status === 200) && typeof s.body?.id === 'string';
      if (ok) k.ider[f.nokkel] = s.body.id;
      svar(h, s, ok);
      return;
    }
    const id = k.ider[f.nokkel];
    if (!id) {
      k.feil[h.nokkel] = 'forløpet ble ikke opprettet';
      return;
    }
    const s = await klient.kall(h.av, 'POST', `/api/v1/forlop/${id}/hendelser`, hendelseBody(plan.runId, h));
    svar(h, s, s.status === 200);
  };

  let i = 0;
  const arbeider = async () => {
    while (i < ko.length && !valg.avbrutt()) {
      const bane = ko[i++];
      for (const { f, h } of bane) {
        if (valg.avbrutt()) return;
        if (k.sendt[h.nokkel] !== undefined) continue;
        await enHendelse(perForlop.get(f.nokkel)!, h);
        gjort++;
      }
      valg.sjekk?.();
    }
  };
  try {
    await Promise.all(Array.from({ length: valg.samtidighet }, arbeider));
  } finally {
    clearInterval(tikk);
    k.sekunder = sek0 + (Date.now() - t0) / 1000;
    valg.fremdrift.oppdater(gjort, {
      forlop: Object.keys(k.ider).length,
      perSekund: (gjort - forGjort) / Math.max(0.001, (Date.now() - t0) / 1000),
      feil: Object.keys(k.feil).length,
    });
    valg.fremdrift.stopp();
  }
  return { hendelser: gjort - forGjort, sekunder: (Date.now() - t0) / 1000 };
}
