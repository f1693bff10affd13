/**
 * The comparison: the engine's answers through the API against the ground truth, case by case.
 *
 * Each forløp is read as the samhandlingsavdeling reads it (GET /api/v1/forlop/{id}) and compared
 * field by field with sim/fasit.ts at the instant it was read: status, kartlegging inclusion,
 * the avvik that stand (by type), the overliggerdøgn (date, billable, disputed), the
 * reinnleggelse link, and whether every hendelse was accepted. A forløp whose answer changes by
 * itself within seconds of the read (a frist falling due, midnight while waiting) is read again a
 * little later, so a timer that is a moment late is not a disagreement. Then the indicators
 * report (GET /api/v1/rapporter/indikatorer), per kommune, when the database is the simulator's own.
 */
import { fasitFor, fasitIndikatorer, reinnleggelser, type Fasit, type FasitIndikatorer, type Frister } from './fasit';
import type { Klient, Svar } from './klient';
import type { Kjoring, Plan } from './driver';
import { type SimForlop, type SimHendelse } from './modell';

export interface Uenighet {
  forlopId: string | null;
  nokkel: string;
  felt: string;
  forventet: string;
  faktisk: string;
}

export interface Sammenligning {
  /** Per field: cases that agreed and that did not. */
  felt: Record<string, { enige: number; uenige: number }>;
  uenigheter: Uenighet[];
  fasiter: Map<string, Fasit>;
  /** The engine's indicators (total per kommune), when the report was read. */
  indikatorer: Array<{ oppholdskommune: string; indikatorer: Record<string, unknown> }> | null;
  fasitIndikatorer: Map<string, FasitIndikatorer> | null;
}

const SAMHANDLING = { rolle: 'samhandling' as const, org: 'HSYK' };
const MARGIN = 20_000;
const vent = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dagTekst = (d: { dato: string; betalbar: boolean; omstridt: boolean }) =>
  `${d.dato}${d.betalbar ? '' : ' ikke betalbar'}${d.omstridt ? ' omstridt' : ''}`;

export async function sammenlign(
  plan: Plan,
  k: Kjoring,
  klient: Klient,
  frister: (kommune: string) => Frister,
  valg: { samtidighet: number; dognpris: Record<string, number>; rapporter: boolean; fra: string; til: string; logg: (m: string) => void },
): Promise<Sammenligning> {
  const felt: Sammenligning['felt'] = {};
  const uenigheter: Uenighet[] = [];
  const fasiter = new Map<string, Fasit>();
  const tell = (navn: string, forlop: SimForlop, forventet: string, faktisk: string) => {
    const f = (felt[navn] ??= { enige: 0, uenige: 0 });
    if (forventet === faktisk) f.enige++;
    else {
      f.uenige++;
      uenigheter.push({ forlopId: k.ider[forlop.nokkel] ?? null, nokkel: forlop.nokkel, felt: navn, forventet, faktisk });
    }
  };

  const rader = plan.forlop.map((f) => ({ f, sendt: plan.sendes.get(f.nokkel) ?? [] }));
  const reinn = reinnleggelser(rader);
  // The window after a late-registered discharge is judged by when the engine registered it.
  const registrert = (h: SimHendelse) => k.sendtVed?.[h.nokkel] ?? h.registrert;
  const fasit = (f: SimForlop, sendt: SimHendelse[], naa: number) => fasitFor(f, sendt, frister(f.kommune), naa, reinn.get(f.nokkel) ?? null, registrert);
  const nokkelFasit = (x: Fasit) => JSON.stringify([x.status, x.avvik.map((a) => a.type), x.dager, x.reinnleggelseAv]);

  const lesEn = async (f: SimForlop, sendt: SimHendelse[]): Promise<void> => {
    const id = k.ider[f.nokkel];
    if (!id) {
      tell('opprettet', f, 'ja', `nei: ${k.feil[sendt[0]?.nokkel ?? ''] ?? 'ikke sendt'}`);
      return;
    }
    let svar: Svar | null = null;
    let forventet: Fasit | null = null;
    for (let forsok = 1; forsok <= 5; forsok++) {
      const r0 = Date.now();
      svar = await klient.kall(SAMHANDLING, 'GET', `/api/v1/forlop/${id}`);
      const r1 = Date.now();
      forventet = fasit(f, sendt, r1);
      // Stable around the read: the same answer a little before and after it.
      const stabil = nokkelFasit(fasit(f, sendt, r0 - MARGIN)) === nokkelFasit(forventet) && nokkelFasit(fasit(f, sendt, r1 + 2000)) === nokkelFasit(forventet);
      if (stabil || forsok === 5) break;
      await vent(MARGIN + 2000);
    }
    fasiter.set(f.nokkel, forventet!);
    const x = forventet!;
    tell('opprettet', f, 'ja', 'ja');
    if (!svar || svar.status !== 200) {
      tell('lest', f, '200', String(svar?.status));
      return;
    }
    const b = svar.body;
    const avvist = sendt.filter((h) => k.sendt[h.nokkel] === undefined || k.sendt[h.nokkel] < 200 || k.sendt[h.nokkel] > 299);
    // The same hendelser refused (the engine's reasons shown only where they differ).
    const forventetAvvist = x.avvist.length ? `avvist: ${x.avvist.join(', ')}` : 'alle';
    const sammeAvvist = avvist.map((h) => h.nokkel).join(', ') === x.avvist.join(', ');
    tell(
      'hendelser godtatt',
      f,
      forventetAvvist,
      sammeAvvist
        ? forventetAvvist
        : avvist.length
          ? `avvist: ${avvist.map((h) => `${h.nokkel} ${h.type} (${k.feil[h.nokkel] ?? k.sendt[h.nokkel] ?? 'ikke sendt'})`).join('; ')}`
          : 'alle',
    );
    tell('status', f, x.status, String(b.status));
    tell('kartlegging.inkludert', f, String(x.kartleggingInkludert), String(b.kartlegging?.inkludert));
    const avvikMotor = ((b.avvik ?? []) as Array<{ type: string; status: string }>)
      .filter((a) => a.status !== 'trukket')
      .map((a) => a.type)
      .sort();
    tell('avvik', f, x.avvik.map((a) => a.type).join(', ') || '(ingen)', avvikMotor.join(', ') || '(ingen)');
    const dagerMotor = ((b.overliggerdogn?.dager ?? []) as Array<{ dato: string; betalingsvilkarOppfylt: boolean; omstridt: boolean }>).map((d) =>
      dagTekst({ dato: d.dato, betalbar: d.betalingsvilkarOppfylt, omstridt: d.omstridt }),
    );
    tell('overliggerdogn.dager', f, x.dager.map(dagTekst).join(', ') || '(ingen)', dagerMotor.join(', ') || '(ingen)');
    const forventetReinn = x.reinnleggelseAv ? (k.ider[x.reinnleggelseAv] ?? `(${x.reinnleggelseAv}, ikke opprettet)`) : 'null';
    tell('reinnleggelseAv', f, forventetReinn, String(b.reinnleggelseAv ?? null));
  };

  let i = 0;
  let lest = 0;
  const tikk = setInterval(() => valg.logg(`  compared ${lest}/${rader.length} forløp ...`), 10_000);
  try {
    await Promise.all(
      Array.from({ length: valg.samtidighet }, async () => {
        while (i < rader.length) {
          const r = rader[i++];
          await lesEn(r.f, r.sendt);
          lest++;
        }
      }),
    );
  } finally {
    clearInterval(tikk);
  }

  // --- the indicators, per kommune, over the period the driven forløp were admitted in ---
  let indikatorer: Sammenligning['indikatorer'] = null;
  let fasitInd: Map<string, FasitIndikatorer> | null = null;
  const s = await klient.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/indikatorer?fra=${valg.fra}&til=${valg.til}&gruppering=total`);
  if (s.status === 200) {
    indikatorer = (s.body.data as Array<{ oppholdskommune: string; indikatorer: Record<string, unknown> }>).map((d) => ({
      oppholdskommune: d.oppholdskommune,
      indikatorer: d.indikatorer,
    }));
    if (valg.rapporter) {
      fasitInd = fasitIndikatorer(
        rader.map((r) => ({ ...r, fasit: fasiter.get(r.f.nokkel)! })).filter((r) => r.fasit),
        valg.fra,
        valg.til,
        valg.dognpris,
      );
      const andel = (t: number, n: number) => (n === 0 ? 'null' : (t / n).toFixed(6));
      const tall = (v: unknown) =>
        v === null || v === undefined ? 'null' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(6)) : String(v);
      const andelTall = (v: unknown) => (typeof v === 'number' ? v.toFixed(6) : tall(v));
      const kommuner = new Set([...fasitInd.keys(), ...indikatorer.map((d) => d.oppholdskommune)]);
      for (const kommune of [...kommuner].sort()) {
        const m = indikatorer.find((d) => d.oppholdskommune === kommune)?.indikatorer ?? {};
        const x = fasitInd.get(kommune);
        const r = (navn: string, forventet: string, faktisk: string) => {
          const f = (felt[`rapport: ${navn}`] ??= { enige: 0, uenige: 0 });
          if (forventet === faktisk) f.enige++;
          else {
            f.uenige++;
            uenigheter.push({ forlopId: null, nokkel: `kommune ${kommune}`, felt: `rapport: ${navn}`, forventet, faktisk });
          }
        };
        if (!x) {
          if (Number(m.forlop ?? 0) > 0) r('forlop', '0', tall(m.forlop));
          continue;
        }
        r('forlop', String(x.forlop), tall(m.forlop));
        r('meldtUtskrivningsklar', String(x.meldtUtskrivningsklar), tall(m.meldtUtskrivningsklar));
        r('overliggerdogn', String(x.overliggerdogn), tall(m.overliggerdogn));
        r('overliggerdognBelop', String(x.overliggerdognBelop), tall(m.overliggerdognBelop));
        r('andelUtskrevetHjem', andel(x.utskrevetHjem, x.utskrivninger), andelTall(m.andelUtskrevetHjem));
        r('reinnleggelse30d', andel(x.reinnleggelse30d, x.utskrivninger), andelTall(m.reinnleggelse30d));
        r('avvik', String(x.avvik), tall(m.avvik));
        const perType = (o: unknown) =>
          Object.entries((o ?? {}) as Record<string, number>)
            .filter(([, n]) => n > 0)
            .sort()
            .map(([t, n]) => `${t}=${n}`)
            .join(' ') || '(ingen)';
        r('avvikPerType', perType(x.avvikPerType), perType(m.avvikPerType));
      }
    }
  } else {
    valg.logg(`  GET /rapporter/indikatorer answered ${s.status}: the report is not compared`);
  }
  return { felt, uenigheter, fasiter, indikatorer, fasitIndikatorer: fasitInd };
}
