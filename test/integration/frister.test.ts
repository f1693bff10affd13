/**
 * Frister kept by the workflow on the real Temporal server, judged by back-dated clinical
 * `tidspunkt` and, where time must pass, by short durations set in a kommune's configuration.
 */
import { DateTime } from 'luxon';
import { KOMPLETT } from '../helpers/fakta';
import { forlopBody, RANA, SYKEHUS, startStack, testFnr, venterPa, type Stack } from '../helpers/stack';
import type { Principal } from '../../workflows/types';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stopp();
});

const oslo = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Oslo' }).toISO()!;
const komplett = KOMPLETT;

async function start(innlagt: string, kommune = '1833'): Promise<string> {
  const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ oppholdskommune: kommune, innlagtTidspunkt: innlagt }));
  expect(r.status).toBe(201);
  return r.body.id;
}

async function send(id: string, hvem: Principal, hendelse: Record<string, unknown>) {
  const r = await s.kall(hvem, 'POST', `/api/v1/forlop/${id}/hendelser`, hendelse);
  expect({ type: hendelse.type, status: r.status, body: r.status === 200 ? 'ok' : r.body }).toEqual({ type: hendelse.type, status: 200, body: 'ok' });
  return r.body;
}

async function avvik(id: string) {
  const r = await s.pool.query('SELECT id, type, status, nokkel, frist, brutt FROM avvik WHERE forlop_id = $1 ORDER BY opprettet', [id]);
  return r.rows;
}

/**
 * The avvik that stand. Back-dated registration opens an avvik the moment a frist is seen to
 * have passed, and the next hendelse, showing the deed was done in time, withdraws it
 * (docs/domain.md: kept, marked trukket). Those are not breaches.
 */
async function stående(id: string) {
  return (await avvik(id)).filter((a) => a.status !== 'trukket');
}

const meldt = (t: string) => ({ type: 'UTSKRIVNINGSKLAR', tidspunkt: oslo(t), vurdertTidspunkt: oslo(t), vurdering: komplett });

test('melding om innlagt pasient 25 h after admission: one avvik, and the stay is not billable', async () => {
  const id = await start(oslo('2025-06-01T10:00'));
  // The admission is back-dated: the 24 h had already passed, so the avvik exists at once.
  expect((await avvik(id)).map((a) => a.type)).toEqual(['INNLEGGELSESMELDING']);
  await send(id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: oslo('2025-06-02T11:00') });
  await send(id, SYKEHUS, meldt('2025-06-04T10:00'));
  await send(id, RANA, { type: 'KOMMUNESVAR', tidspunkt: oslo('2025-06-04T11:00'), kanTaImot: false, forventetKlarDato: '2025-06-07' });
  const f = await send(id, RANA, { type: 'TILBUD_KLART', tidspunkt: oslo('2025-06-07T09:00'), tilbud: 'korttidsopphold' });

  const a = await stående(id);
  expect(a).toHaveLength(1);
  expect(a[0]).toMatchObject({ type: 'INNLEGGELSESMELDING', status: 'åpen' });
  // The KOMMUNESVAR opened while the melding waited for its (in time) answer was withdrawn, not deleted.
  expect((await avvik(id)).filter((x) => x.status === 'trukket').map((x) => x.type)).toEqual(['KOMMUNESVAR']);
  expect(new Date(a[0].frist).toISOString()).toBe(new Date(oslo('2025-06-02T10:00')).toISOString());
  expect(f.frister.find((x: any) => x.id === 'INNLEGGELSESMELDING').status).toBe('brutt');
  expect(f.overliggerdogn).toMatchObject({ antall: 3, belop: 0, betalingsvilkarOppfylt: false });
});

test('utskrivningsklar on D, "kan ikke", TILBUD_KLART on D+3: exactly 3 overliggerdøgn priced at D\'s year', async () => {
  // D = 2025-03-28; the wait spans the change to summer time (2025-03-30), which must not lose a day.
  const id = await start(oslo('2025-03-27T08:00'));
  await send(id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: oslo('2025-03-27T09:00') });
  await send(id, SYKEHUS, meldt('2025-03-28T13:00'));
  await send(id, RANA, { type: 'KOMMUNESVAR', tidspunkt: oslo('2025-03-28T14:00'), kanTaImot: false, forventetKlarDato: '2025-03-31' });
  const f = await send(id, RANA, { type: 'TILBUD_KLART', tidspunkt: oslo('2025-03-31T08:00'), tilbud: 'hjem_med_tjenester' });
  expect(f.overliggerdogn.antall).toBe(3);
  expect(f.overliggerdogn.dager.map((d: any) => d.dato)).toEqual(['2025-03-28', '2025-03-29', '2025-03-30']);
  expect(f.overliggerdogn.belop).toBe(3 * 5981);
  expect(f.overliggerdogn.betalingsvilkarOppfylt).toBe(true);
  expect(await stående(id)).toEqual([]);
  // The days are in the table the monthly report reads.
  const rader = await s.pool.query('SELECT dato, belop FROM overliggerdogn_dag WHERE forlop_id = $1 ORDER BY dato', [id]);
  expect(rader.rows).toEqual([
    { dato: '2025-03-28', belop: 5981 },
    { dato: '2025-03-29', belop: 5981 },
    { dato: '2025-03-30', belop: 5981 },
  ]);
});

test('an unanswered melding counts as "kan ikke", and the missing answer is an avvik for the kommune', async () => {
  const id = await start(oslo('2025-06-01T08:00'));
  await send(id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: oslo('2025-06-01T09:00') });
  await send(id, SYKEHUS, meldt('2025-06-02T10:00'));
  const f = await send(id, RANA, { type: 'TILBUD_KLART', tidspunkt: oslo('2025-06-05T10:00'), tilbud: 'langtidsopphold' });
  expect(f.overliggerdogn).toMatchObject({ antall: 3, belop: 3 * 5981, betalingsvilkarOppfylt: true });
  const a = await stående(id);
  expect(a.map((x) => x.type)).toEqual(['KOMMUNESVAR']);
  expect(new Date(a[0].brutt).toISOString()).toBe(new Date(oslo('2025-06-02T14:00')).toISOString());
});

test('avmelding on D+1 leaves 1 overliggerdøgn', async () => {
  const id = await start(oslo('2025-06-01T08:00'));
  await send(id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: oslo('2025-06-01T09:00') });
  await send(id, SYKEHUS, meldt('2025-06-02T10:00'));
  await send(id, RANA, { type: 'KOMMUNESVAR', tidspunkt: oslo('2025-06-02T11:00'), kanTaImot: false, forventetKlarDato: '2025-06-10' });
  const f = await send(id, SYKEHUS, { type: 'UTSKRIVNINGSKLAR_AVMELDT', tidspunkt: oslo('2025-06-03T07:30'), arsak: 'Feber' });
  expect(f.status).toBe('innlagt');
  expect(f.overliggerdogn.dager.map((d: any) => d.dato)).toEqual(['2025-06-02']);
  // The TILBUD_KLART frist lapsed with the avmelding.
  expect(f.frister.find((x: any) => x.id === 'TILBUD_KLART').status).toBe('bortfalt');
});

test('a late registration showing the deed was done in time withdraws the avvik, which is kept with the reason', async () => {
  const innlagt = DateTime.now().minus({ hours: 30 });
  const id = await start(innlagt.toISO()!);
  const [a] = await avvik(id);
  expect(a).toMatchObject({ type: 'INNLEGGELSESMELDING', status: 'åpen' });

  await send(id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: innlagt.plus({ hours: 2 }).toISO() });
  const etter = await avvik(id);
  expect(etter).toHaveLength(1);
  expect(etter[0]).toMatchObject({ id: a.id, status: 'trukket' });
  const historikk = await s.pool.query('SELECT status, kommentar FROM avvik_historikk WHERE avvik_id = $1 ORDER BY id', [a.id]);
  expect(historikk.rows.map((r) => r.status)).toEqual(['åpen', 'trukket']);
  expect(historikk.rows[1].kommentar).toMatch(/overholdt/);
});

test('a breach while the worker is down is recorded once after it comes back', async () => {
  // Lurøy's samarbeidsavtale (in this test database) gives the kommune 15 seconds to answer: room
  // for the melding's answer and the worker's stop before the frist, on a busy machine too.
  await s.pool.query(`UPDATE kommune SET frister = '{"kommunesvar":"PT15S","kommunesvarPaminnelseFor":"PT5S"}' WHERE nummer = '1834'`);
  const id = await start(DateTime.now().minus({ hours: 2 }).toISO()!, '1834');
  await send(id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: DateTime.now().minus({ hours: 1 }).toISO() });
  const meldtTid = DateTime.now();
  await send(id, SYKEHUS, { type: 'UTSKRIVNINGSKLAR', tidspunkt: meldtTid.toISO(), vurdertTidspunkt: meldtTid.toISO(), vurdering: komplett });

  await s.stoppWorker();
  const frist = meldtTid.plus({ seconds: 15 }).toMillis();
  expect(Date.now()).toBeLessThan(frist); // the worker is down before the frist falls due
  await new Promise((r) => setTimeout(r, frist + 2000 - Date.now()));
  expect(await avvik(id)).toEqual([]); // nobody kept time while the worker was down
  await s.startWorker();

  const [a] = await venterPa(
    async () => {
      const rows = (await avvik(id)).filter((x) => x.type === 'KOMMUNESVAR');
      return rows.length ? rows : undefined;
    },
    30000,
    'KOMMUNESVAR-avviket',
  );
  await new Promise((r) => setTimeout(r, 2000));
  const alle = await avvik(id);
  expect(alle).toHaveLength(1);
  // The breach is dated at the frist, not at the moment the worker came back.
  expect(Math.abs(new Date(a.brutt).getTime() - frist)).toBeLessThan(1000);
  const varsler = await s.pool.query('SELECT mottaker_org, type FROM varsel WHERE forlop_id = $1 ORDER BY mottaker_org, sekvens', [id]);
  expect(varsler.rows).toEqual(
    expect.arrayContaining([
      { mottaker_org: '1834', type: 'FRIST_BRUTT' },
      { mottaker_org: 'HSYK-MO', type: 'AVVIK' },
    ]),
  );
  expect(varsler.rows.filter((v) => v.type === 'FRIST_BRUTT')).toHaveLength(1);
});

test('before the frist a reminder, at the frist an avvik to both parties, and escalation while it stays broken', async () => {
  // Rødøy's samarbeidsavtale (in this test database): 20 s to answer, reminder 10 s before,
  // escalation 5 s after; seconds apart, so a busy machine's late workflow task keeps them apart.
  await s.pool.query(`UPDATE kommune SET frister = '{"kommunesvar":"PT20S","kommunesvarPaminnelseFor":"PT10S","eskalering":"PT5S"}' WHERE nummer = '1836'`);
  const id = await start(DateTime.now().minus({ hours: 2 }).toISO()!, '1836');
  await send(id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: DateTime.now().minus({ hours: 1 }).toISO() });
  const meldtTid = DateTime.now();
  await send(id, SYKEHUS, { type: 'UTSKRIVNINGSKLAR', tidspunkt: meldtTid.toISO(), vurdertTidspunkt: meldtTid.toISO(), vurdering: komplett });

  const varsler = async () =>
    (await s.pool.query('SELECT mottaker_org, type, opprettet FROM varsel WHERE forlop_id = $1 ORDER BY opprettet, sekvens', [id])).rows;
  await venterPa(async () => ((await varsler()).some((v) => v.type === 'ESKALERING') ? true : undefined), 90_000, 'eskaleringen');

  const rader = await varsler();
  const kommunens = rader.filter((v) => v.mottaker_org === '1836').map((v) => v.type);
  expect(kommunens).toEqual(['INNLEGGELSESMELDING', 'UTSKRIVNINGSKLAR', 'PAMINNELSE', 'FRIST_BRUTT', 'ESKALERING']);
  expect(rader.filter((v) => v.mottaker_org === 'HSYK-MO').map((v) => v.type)).toEqual(['AVVIK']);
  expect(rader.filter((v) => v.mottaker_org === 'HSYK').map((v) => v.type)).toEqual(['ESKALERING']);
  const tid = (type: string) => new Date(rader.find((v) => v.type === type)!.opprettet).getTime();
  // Each came at (not before) its instant: reminder at +10 s, breach at +20 s, escalation at +25 s.
  expect(tid('PAMINNELSE')).toBeGreaterThanOrEqual(meldtTid.toMillis() + 10_000);
  expect(tid('FRIST_BRUTT')).toBeGreaterThanOrEqual(meldtTid.toMillis() + 20_000);
  expect(tid('ESKALERING')).toBeGreaterThanOrEqual(meldtTid.toMillis() + 25_000);
  expect((await stående(id)).map((a) => a.type)).toEqual(['KOMMUNESVAR']);
});

test('a new admission within 30 days of discharge is linked to the earlier forløp as a reinnleggelse', async () => {
  const fnr = testFnr();
  const forlop = (innlagt: string) =>
    s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ pasient: { fnr }, innlagtTidspunkt: innlagt, antattBehovKommunaleTjenester: false }));
  const forste = await forlop(oslo('2025-09-01T10:00'));
  expect(forste.status).toBe(201);
  await send(forste.body.id, SYKEHUS, { type: 'EPIKRISE_SENDT', tidspunkt: oslo('2025-09-04T12:00') });
  await send(forste.body.id, SYKEHUS, { type: 'UTSKREVET', tidspunkt: oslo('2025-09-04T12:00'), destinasjon: 'korttidsopphold' });

  const andre = await forlop(oslo('2025-09-07T01:30'));
  expect(andre.status).toBe(201);
  expect(andre.body.reinnleggelseAv).toBe(forste.body.id);
  expect(andre.body.reinnleggelseDager).toBe(3);
  // Discharged before the next admission: one patient is never in hospital twice at one sykehus.
  await send(andre.body.id, SYKEHUS, { type: 'UTSKREVET', tidspunkt: oslo('2025-09-20T12:00'), destinasjon: 'korttidsopphold' });

  const senere = await forlop(oslo('2025-11-01T10:00'));
  expect(senere.status).toBe(201);
  expect(senere.body.reinnleggelseAv).toBeNull();
});
