/**
 * `npm start -- --demo` (sim/demo.ts) loaded into the test stack, with a database of its own (the
 * demo loads only into an engine without forløp, and the test counts what it loaded): a newcomer
 * signing in as each ward finds patients in every column of the board, and as the kommune the
 * demo names for it, in every group of the inbox, with frister counting down and overliggerdøgn
 * this month. Read through the API calls the board and the inbox make.
 */
import { DateTime } from 'luxon';
import { lagEgenDatabase, type EgenDatabase } from '../helpers/egen-database';
import { DEMO_PARTER } from '../../sim/demo-tavle';
import { lastDemo } from '../../sim/demo';
import { noterFnr } from '../helpers/logg';
import { startStack, type Stack } from '../helpers/stack';
import type { ForlopStatus, Principal } from '../../workflows/types';

let stack: Stack | undefined;
let db: EgenDatabase | undefined;

afterAll(async () => {
  await stack?.stopp();
  await db?.drop();
});

/** The ward board's columns (web/src/sider/Avdeling.tsx) and the kommune inbox's groups (Kommune.tsx). */
const TAVLE: ForlopStatus[] = ['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning', 'utskrevet'];
const INNBOKS: Record<string, ForlopStatus[]> = {
  'Venter på vårt svar': ['utskrivningsklar'],
  'Besvart, venter på tilbud eller utskrivning': ['venter_pa_kommune', 'klar_for_utskrivning'],
  'Utskrevet – oppfølging': ['utskrevet'],
  Innlagt: ['innlagt'],
};

/** Every forløp of one status in the caller's scope, every page, as the board reads them. */
async function alle(s: Stack, p: Principal, status: ForlopStatus): Promise<any[]> {
  const ut: any[] = [];
  let cursor: string | null = null;
  do {
    const r = await s.kall(p, 'GET', `/api/v1/forlop?status=${status}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    ut.push(...r.body.data);
    cursor = r.body.nesteCursor;
  } while (cursor);
  return ut;
}

test('the demo puts patients in every column of each ward board and every group of the kommune inbox, frister counting down', async () => {
  db = await lagEgenDatabase();
  stack = await startStack({ databaseUrl: db.url });
  const s = stack;

  const logg: string[] = [];
  // The simulated slice cut to three days: the full 24 (about 300 forløp) only cost minutes here,
  // and the board's every status must not hang on what a slice happens to hold at the moment.
  await lastDemo({ url: s.baseUrl, jwtSecret: s.jwtSecret, issuer: s.config.auth.issuer, logg: (l) => logg.push(l), dager: 3 });
  expect(logg.filter((l) => /refused|failed|nothing loaded/.test(l))).toEqual([]);

  const naa = Date.now();
  for (const { sykehus, kommune } of DEMO_PARTER) {
    const avdeling: Principal = { rolle: 'sykehus', org: sykehus };
    const kommunen: Principal = { rolle: 'kommune', org: kommune };
    const tavle = Object.fromEntries(await Promise.all(TAVLE.map(async (st) => [st, await alle(s, avdeling, st)] as const)));
    for (const f of Object.values(tavle).flat()) noterFnr(f.pasient.fnr);
    expect(Object.fromEntries(TAVLE.map((st) => [st, tavle[st].length > 0]))).toEqual(Object.fromEntries(TAVLE.map((st) => [st, true])));
    // A frist counting down on the board: an active one not yet due.
    const nedtelling = Object.values(tavle)
      .flat()
      .flatMap((f) => f.frister)
      .filter((x: any) => x.status === 'aktiv' && x.frist && Date.parse(x.frist) > naa);
    expect(nedtelling.length).toBeGreaterThan(0);

    const innboks = Object.fromEntries(
      await Promise.all(
        Object.entries(INNBOKS).map(async ([gruppe, statuser]) => [gruppe, (await Promise.all(statuser.map((st) => alle(s, kommunen, st)))).flat()] as const),
      ),
    );
    expect(Object.fromEntries(Object.entries(innboks).map(([g, l]) => [g, l.length > 0]))).toEqual(
      Object.fromEntries(Object.keys(INNBOKS).map((g) => [g, true])),
    );
    // The kommune's answer counting down for one of them.
    const svarfrist = innboks['Venter på vårt svar'].flatMap((f: any) => f.frister).filter((x: any) => x.id === 'KOMMUNESVAR' && x.status === 'aktiv');
    expect(svarfrist.length).toBeGreaterThan(0);

    // Its overliggerdøgn so far this month, as the inbox asks.
    const iDag = DateTime.fromMillis(naa, { zone: 'Europe/Oslo' });
    const q = `fra=${iDag.startOf('month').toISODate()}&til=${iDag.toISODate()}&gruppering=total&oppholdskommune=${kommune}`;
    const r = await s.kall(kommunen, 'GET', `/api/v1/rapporter/overliggerdogn?${q}`);
    expect(r.status).toBe(200);
    expect(r.body.data.reduce((sum: number, x: any) => sum + x.betalbareDager, 0)).toBeGreaterThan(0);
  }
}, 900_000);
