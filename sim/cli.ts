/**
 * `npm run simulate`: a simulated Helgeland year through the engine, checked against its own
 * ground truth; or, with --hva-om, the capacity what-if (no servers).
 *
 *   npm run simulate -- --size small            a few hundred forløp, the last weeks (own engine)
 *   npm run simulate -- --size year             the whole year
 *   npm run simulate -- --url http://127.0.0.1:3000 [--tokens tokens.json]   a running engine
 *   npm run simulate -- --hva-om 1833:korttid+2 [--csv fil.csv]              the what-if
 *   npm run simulate -- --plo-ut <folder> [--size year]                      the year as the hospital's PLO archive
 *
 * Ctrl-C stops and keeps the run's state (data/sim/…json); the same command goes on where it
 * stopped (--ny starts afresh). Exit status 1 when any case disagrees with the ground truth.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Fremdrift } from './driver';
import { hvaOm, hvaOmCsv, hvaOmTabell } from './hva-om';
import { lastRegion, lesEndring, standardKriterier, STORRELSE_DAGER, type Storrelse } from './modell';
import { egenMotor, koblingTil, slettEgenMotor, type Motor } from './motor';
import { nyTilstand, planFor, simuler, type SimResultat } from './simulering';
import { ploArkiv, seedAdresser, skrivArkiv } from './plo-arkiv';
import { lagreTilstand, lagreTilstandNaa, lesTilstand } from './tilstand';
import fs from 'node:fs';

const REPO = path.resolve(__dirname, '..');
const BRUK = `Bruk: npm run simulate -- [--size small|year|demo] [--seed S] [--url URL [--tokens FIL]] [--samtidighet N]
                            [--tilstand FIL] [--ny] [--behold] [--slutt ISO]
       npm run simulate -- --plo-ut <mappe> [--size small|year] [--seed S] [--slutt ISO]
       npm run simulate -- --hva-om <kommunenummer>:<korttid|hjemmetjeneste|langtid><+|-><n> [--seed S] [--slutt ISO] [--csv FIL]`;

const T0 = Date.now();
const logg = (m: string) => process.stdout.write(`[sim +${((Date.now() - T0) / 1000).toFixed(0)}s] ${m}\n`);

/** cli-progress on a terminal; a plain line every 10 s otherwise (CI, a log file). */
export function lagFremdrift(): Fremdrift {
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: ' {bar} {percentage}% | {value}/{total} hendelser | {forlop} forløp | {perSekund}/s | {feil} avvist | ETA {eta_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (totalt, gjort) => bar.start(totalt, gjort, { forlop: 0, perSekund: '0', feil: 0 }),
      oppdater: (gjort, i) => bar.update(gjort, { forlop: i.forlop, perSekund: i.perSekund.toFixed(1), feil: i.feil }),
      stopp: () => bar.stop(),
    };
  }
  let totalt = 0;
  let sist = 0;
  let siste = '';
  return {
    start: (t, g) => {
      totalt = t;
      logg(`  ${g}/${t} hendelser sent before (resumed)`.replace(/^ {2}0\/.*$/, `  ${t} hendelser to send`));
    },
    oppdater: (gjort, i) => {
      siste = `  ${gjort}/${totalt} hendelser (${((100 * gjort) / Math.max(1, totalt)).toFixed(1)} %), ${i.forlop} forløp, ${i.perSekund.toFixed(1)} hendelser/s, ${i.feil} refused`;
      if (Date.now() - sist >= 10_000) {
        sist = Date.now();
        logg(siste);
      }
    },
    stopp: () => logg(siste),
  };
}

function tabell(linjer: string[][]): string {
  const bredde = linjer[0].map((_, i) => Math.max(...linjer.map((l) => (l[i] ?? '').length)));
  return linjer
    .map(
      (l, j) =>
        l.map((c, i) => (i === 0 ? c.padEnd(bredde[i]) : c.padStart(bredde[i]))).join('  ') +
        (j === 0 ? `\n${bredde.map((b) => '-'.repeat(b)).join('  ')}` : ''),
    )
    .join('\n');
}

/** What the run drove, the comparison's table and every disagreement, and the engine's indicators. */
export function rapport(r: SimResultat): { tekst: string; uenige: number } {
  const ut: string[] = [];
  const perS = (n: number) => (r.sekunder > 0 ? (n / r.sekunder).toFixed(1) : '–');
  ut.push(
    '',
    `Drove ${r.forlop} forløp and ${r.hendelser} hendelser in ${r.sekunder.toFixed(0)} s: ${perS(r.forlop)} forløp/s, ${perS(r.hendelser)} hendelser/s.`,
  );
  ut.push(
    `The model's year: ${r.ar.innleggelser} admissions (${Object.entries(r.ar.innleggelserPerSykehus)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}), ${r.ar.forlop.length} forløp.`,
  );
  const s = r.sammenligning;
  let uenige = 0;
  if (s) {
    ut.push('', 'Comparison with the ground truth (sim/fasit.ts):', '');
    const rader = [['felt', 'enige', 'uenige']];
    for (const [navn, x] of Object.entries(s.felt)) rader.push([navn, String(x.enige), String(x.uenige)]);
    ut.push(tabell(rader));
    uenige = s.uenigheter.length;
    if (uenige) {
      ut.push('', `${uenige} disagreement${uenige > 1 ? 's' : ''}:`);
      for (const u of s.uenigheter) ut.push(`  ${u.forlopId ?? '-'} (${u.nokkel}) ${u.felt}: expected ${u.forventet}; the engine: ${u.faktisk}`);
    } else ut.push('', 'Every case agreed.');
  }
  if (s?.indikatorer) {
    ut.push('', `The engine's indicators ${r.fra} – ${r.til} (GET /api/v1/rapporter/indikatorer, gruppering=total):`, '');
    const kol = [
      'forlop',
      'meldtUtskrivningsklar',
      'overliggerdogn',
      'overliggerdognBelop',
      'liggetidUtskrivningsklarSnitt',
      'andelKartlagtForUtskrivningsklar',
      'andelUtskrevetHjem',
      'reinnleggelse30d',
      'avvik',
    ];
    const vis = (v: unknown) => (v === null || v === undefined ? '–' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v));
    const rader = [['kommune', ...kol]];
    for (const d of [...s.indikatorer].sort((a, b) => a.oppholdskommune.localeCompare(b.oppholdskommune)))
      rader.push([d.oppholdskommune, ...kol.map((k) => vis(d.indikatorer[k]))]);
    const sum = (k: string) => s.indikatorer!.reduce((x, d) => x + Number(d.indikatorer[k] ?? 0), 0);
    rader.push([
      'i alt',
      String(sum('forlop')),
      String(sum('meldtUtskrivningsklar')),
      String(sum('overliggerdogn')),
      String(sum('overliggerdognBelop')),
      '',
      '',
      '',
      '',
      String(sum('avvik')),
    ]);
    ut.push(tabell(rader));
  }
  return { tekst: ut.join('\n'), uenige };
}

async function main(): Promise<number> {
  const { values: a } = parseArgs({
    options: {
      size: { type: 'string', default: 'small' },
      seed: { type: 'string', default: 'helgeland' },
      url: { type: 'string' },
      tokens: { type: 'string' },
      samtidighet: { type: 'string', default: '24' },
      tilstand: { type: 'string' },
      ny: { type: 'boolean', default: false },
      behold: { type: 'boolean', default: false },
      slutt: { type: 'string' },
      'hva-om': { type: 'string' },
      'plo-ut': { type: 'string' },
      csv: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (a.help) {
    process.stdout.write(`${BRUK}\n`);
    return 0;
  }
  const slutt = a.slutt ? Date.parse(a.slutt) : Date.now() - 60_000;
  if (Number.isNaN(slutt)) throw new Error(`--slutt ${a.slutt}: not an ISO 8601 instant`);

  // --- the what-if: no servers ---
  if (a['hva-om']) {
    const endring = lesEndring(a['hva-om']);
    logg(
      `what-if ${a['hva-om']}: the year to ${new Date(slutt).toISOString()} (seed ${a.seed}) twice, priced by workflows/frister/ and workflows/overliggerdogn.ts ...`,
    );
    const r = hvaOm({ seed: a.seed!, slutt, region: lastRegion(), kriterier: standardKriterier(), endring });
    const csv = a.csv ?? path.join(REPO, 'data', 'sim', `hva-om-${a['hva-om'].replace(/[^0-9a-z.+-]/gi, '_')}.csv`);
    fs.mkdirSync(path.dirname(csv), { recursive: true });
    fs.writeFileSync(csv, hvaOmCsv(r));
    process.stdout.write(`\n${hvaOmTabell(r)}\n\n(${r.sekunder.toFixed(1)} s; CSV: ${path.relative(process.cwd(), csv)})\n`);
    return 0;
  }

  const storrelse = a.size as Storrelse;
  if (!(storrelse in STORRELSE_DAGER)) throw new Error(`--size ${a.size}: small, demo or year\n${BRUK}`);

  // --- the year as the hospital's PLO archive: no servers ---
  if (a['plo-ut']) {
    const t = nyTilstand(a.seed!, storrelse, slutt);
    t.kriterier = standardKriterier();
    const { plan } = planFor(t);
    const arkiv = ploArkiv(plan.forlop, slutt, t.kriterier, seedAdresser(), t.runId);
    skrivArkiv(arkiv, path.resolve(a['plo-ut']));
    logg(
      `${arkiv.filer.length} PLO-meldinger (${arkiv.plan.forlop.length} forløp) written to ${a['plo-ut']}; import them with npm run plo:import -- ${a['plo-ut']}`,
    );
    return 0;
  }
  const samtidighet = Number(a.samtidighet);
  const tilstandFil = path.resolve(a.tilstand ?? path.join(REPO, 'data', 'sim', `${storrelse}-${a.seed}${a.url ? '-url' : ''}.json`));
  let t = lesTilstand(tilstandFil);
  if (t && (a.ny || t.ferdig || t.seed !== a.seed || t.storrelse !== storrelse || (t.url ?? undefined) !== a.url)) {
    // Not resumed: an own engine it left behind (stopped with Ctrl-C) goes.
    if (t.motor && !t.ferdig) await slettEgenMotor(t.motor);
    t = null;
  }
  if (t) logg(`resuming the run in ${path.relative(process.cwd(), tilstandFil)} (${Object.keys(t.kjoring.sendt).length} hendelser sent; --ny starts afresh)`);
  t ??= nyTilstand(a.seed!, storrelse, slutt);
  t.url = a.url ?? null;
  const tilstand = t;

  let avbrutt = false;
  let egen: Awaited<ReturnType<typeof egenMotor>> | null = null;
  let forsteSignal = 0;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (avbrutt) {
        if (Date.now() - forsteSignal < 1500) return;
        lagreTilstandNaa(tilstandFil, tilstand);
        process.exit(130);
      }
      avbrutt = true;
      forsteSignal = Date.now();
      process.stdout.write(
        `\n[sim] ${sig}: stopping after the hendelser in flight; the run is kept in ${path.relative(process.cwd(), tilstandFil)} (again to exit at once)\n`,
      );
    });
  }

  let motor: Motor;
  if (a.url) motor = await koblingTil(a.url, a.tokens);
  else {
    egen = await egenMotor(path.join(REPO, 'data', 'sim'), tilstand.runId, tilstand.motor, logg);
    tilstand.motor = egen.tilstand;
    motor = egen.motor;
  }
  await lagreTilstand(tilstandFil, tilstand);
  let kode = 0;
  try {
    const r = await simuler({
      motor,
      tilstand,
      samtidighet,
      sammenlign: storrelse !== 'demo',
      fremdrift: lagFremdrift(),
      avbrutt: () => avbrutt,
      logg,
      lagre: () => lagreTilstand(tilstandFil, tilstand),
    });
    if (avbrutt) {
      await lagreTilstand(tilstandFil, tilstand);
      logg(`stopped; run the same command again to go on (${Object.keys(tilstand.kjoring.sendt).length} hendelser sent)`);
      kode = 130;
    } else {
      const { tekst, uenige } = rapport(r);
      process.stdout.write(`${tekst}\n`);
      tilstand.ferdig = true;
      await lagreTilstand(tilstandFil, tilstand);
      kode = uenige > 0 ? 1 : 0;
    }
  } finally {
    if (egen) {
      if (kode === 130 || a.behold) {
        await egen.motor.stopp();
        if (a.behold && kode !== 130) logg(`the engine's data is kept: database ${egen.tilstand.databaseNavn}, folder ${egen.tilstand.mappe}`);
      } else await egen.slett();
    }
  }
  return kode;
}

if (require.main === module) {
  main().then(
    (kode) => process.exit(kode),
    (e: unknown) => {
      process.stderr.write(`\n[sim] failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
