/**
 * The simulator's capacity model (sim/kapasitet.ts) on tiny cases worked out by hand: places held
 * for a stay and a FIFO queue (korttidsplasser), and starts per week spread over the working week
 * and lost when unused (hjemmetjeneste).
 */
import { DateTime } from 'luxon';
import { Kvote, kvoteTider, Senger, type Ressurs } from '../../sim/kapasitet';

/** Runs the resource's own events up to and including t (as the simulator's loop does). */
function frem(r: Ressurs, t: number): void {
  while (r.nesteTid() <= t) r.steg();
}

test('two korttidsplasser: served at once while free, then in arrival order as places are freed', () => {
  const r = new Senger('test:korttid', 2);
  const betjent: Record<string, number> = {};
  const be = (id: string, t: number, varighet: number) => {
    frem(r, t);
    r.be({ id, varighet, betjent: (tb) => (betjent[id] = tb) }, t);
  };
  be('A', 0, 10); // place 1 until 10
  be('B', 1, 5); // place 2 until 6
  expect(r.ledigNaa(1.5)).toBe(false);
  be('C', 2, 3); // waits: served at 6 (B leaves), holds until 9
  be('D', 3, 1); // waits: served at 9 (C leaves), holds until 10
  be('E', 3.5, 4); // waits, then withdrawn (the patient died)
  expect(r.ventende()).toBe(3);
  expect(r.trekk('E')).toBe(true);
  expect(r.trekk('E')).toBe(false);
  frem(r, 100);
  expect(betjent).toEqual({ A: 0, B: 1, C: 6, D: 9 });
  // Waiting: C 6 − 2 = 4, D 9 − 3 = 6; everyone gone by 10, both places free again.
  expect(r.ventende()).toBe(0);
  expect(r.ledigNaa(100)).toBe(true);
});

test('places occupied at the start are freed at their own times', () => {
  const r = new Senger('test:korttid', 1, [5]);
  let t = -1;
  r.be({ id: 'A', varighet: 1, betjent: (tb) => (t = tb) }, 0);
  frem(r, 10);
  expect(t).toBe(5);
});

const oslo = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Oslo' }).toMillis();

test('five hjemmetjeneste starts a week: one each weekday at 12:00 (the middle of 08–16), Europe/Oslo', () => {
  const mandag = oslo('2026-03-02T00:00');
  const tider = kvoteTider(5, mandag, mandag + 7 * 86_400_000).map((t) => DateTime.fromMillis(t, { zone: 'Europe/Oslo' }).toFormat('ccc HH:mm'));
  expect(tider).toEqual(['Mon 12:00', 'Tue 12:00', 'Wed 12:00', 'Thu 12:00', 'Fri 12:00']);
  // Ten a week: every working day at 10:00 and 14:00.
  const ti = kvoteTider(10, mandag, mandag + 86_400_000).map((t) => DateTime.fromMillis(t, { zone: 'Europe/Oslo' }).toFormat('HH:mm'));
  expect(ti).toEqual(['10:00', '14:00']);
});

test('a weekly quota: a request waits for the next start; an unused start serves a later request that week; unused starts are lost at the week end', () => {
  const mandag = oslo('2026-03-02T00:00');
  const k = Kvote.ukentlig('test:hjemmetjeneste', 5, mandag, mandag + 14 * 86_400_000);
  const betjent: Record<string, string> = {};
  const be = (id: string, iso: string) => {
    const t = oslo(iso);
    frem(k, t);
    k.be({ id, varighet: 0, betjent: (tb) => (betjent[id] = DateTime.fromMillis(tb, { zone: 'Europe/Oslo' }).toFormat('ccc d HH:mm')) }, t);
  };
  be('A', '2026-03-02T09:00'); // Monday 09:00: no start yet → Monday 12:00
  be('B', '2026-03-02T10:00'); // behind A → Tuesday 12:00
  be('C', '2026-03-04T13:00'); // Wednesday 13:00: Wednesday's start (12:00) unused → at once
  // Thursday's and Friday's starts go unused and are lost when the week ends.
  be('D', '2026-03-09T08:00'); // next Monday 08:00 → Monday 12:00
  frem(k, oslo('2026-03-20T00:00'));
  expect(betjent).toEqual({ A: 'Mon 2 12:00', B: 'Tue 3 12:00', C: 'Wed 4 13:00', D: 'Mon 9 12:00' });
});
