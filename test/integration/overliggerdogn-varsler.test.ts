/**
 * Overliggerdøgn from one source, and varsler people can read (issue 21): for the same forløp the
 * forløp view, the kommune's month figure (the indicators and the invoice basis) and the daily
 * varsel state the same days and kroner, each day not billed says why; the varsel feed names the
 * patient and the forløp to a reader who may see it, and nobody else, in plain bokmål.
 * Kommune 1820 (Alstahaug) is this file's own, so its figures are these forløp's alone.
 */
import { DateTime } from 'luxon';
import { KOMPLETT } from '../helpers/fakta';
import { forlopBody, KT_RANA, SYKEHUS, startStack, testFnr, type Stack } from '../helpers/stack';
import { kroner } from '../../workflows/formatering';
import type { Principal } from '../../workflows/types';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
  // The daily status at 00:00, so it goes out whenever the test runs (default 08:00 would wait for the morning).
  const r = await s.kall(ADMIN, 'PUT', `/api/v1/konfigurasjon/kommuner/${KOMMUNE}`, { dagligStatusKlokken: 0 });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await s?.stopp();
});

const KOMMUNE = '1820';
const ALSTAHAUG: Principal = { rolle: 'kommune', org: KOMMUNE };
const ADMIN: Principal = { rolle: 'admin', org: '' };
const oslo = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Oslo' }).toISO()!;
const idag = () => DateTime.now().setZone('Europe/Oslo').toISODate()!;
const UFULLSTENDIG = { ...KOMPLETT, funksjonsnivaaVurdert: false };

async function start(body: Record<string, unknown>): Promise<{ id: string; fnr: string }> {
  const b = forlopBody({ oppholdskommune: KOMMUNE, ...body });
  const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', b);
  expect(r.status).toBe(201);
  return { id: r.body.id, fnr: b.pasient.fnr };
}

async function send(id: string, hvem: Principal, hendelse: Record<string, unknown>) {
  const r = await s.kall(hvem, 'POST', `/api/v1/forlop/${id}/hendelser`, hendelse);
  expect({ type: hendelse.type, status: r.status, body: r.status === 200 ? 'ok' : r.body }).toEqual({ type: hendelse.type, status: 200, body: 'ok' });
  return r.body;
}

async function forlop(id: string, hvem: Principal = ALSTAHAUG) {
  const r = await s.kall(hvem, 'GET', `/api/v1/forlop/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** The org's whole feed (GET /varsler, paged by sekvens). */
async function feed(hvem: Principal): Promise<any[]> {
  const alle: any[] = [];
  for (let etter = 0; ;) {
    const r = await s.kall(hvem, 'GET', `/api/v1/varsler?etter=${etter}&limit=1000`);
    expect(r.status).toBe(200);
    alle.push(...r.body.data);
    if (r.body.data.length === 0) return alle;
    etter = r.body.sisteSekvens;
  }
}

/**
 * Reads that must see the same Oslo day (an open stay counts today): read again if midnight
 * passed between the first read and the last.
 */
async function sammeDag<T>(les: () => Promise<T>): Promise<T> {
  for (;;) {
    const for_ = idag();
    const svar = await les();
    if (idag() === for_) return svar;
  }
}

const meldt = (t: string, vurdering = KOMPLETT, vurdert = t) => ({ type: 'UTSKRIVNINGSKLAR', tidspunkt: oslo(t), vurdertTidspunkt: oslo(vurdert), vurdering });
const nei = (t: string, klar: string) => ({ type: 'KOMMUNESVAR', tidspunkt: oslo(t), kanTaImot: false, forventetKlarDato: klar });

/** The daily varsel's words for the view's figures (docs/domain.md: every varsel that states them says it so). */
function dagligTekst(o: any): string {
  if (o.fakturerbare === o.antall) return `Pasienten venter på kommunalt tilbud: ${o.antall} overliggerdøgn, ${kroner(o.belop)}.`;
  const ikke = o.antall - o.fakturerbare;
  const [grunn] = [...new Set(o.dager.filter((d: any) => !d.fakturerbar).map((d: any) => d.grunn))];
  return `Pasienten venter på kommunalt tilbud: ${o.antall} overliggerdøgn, ${o.fakturerbare} fakturerbare: ${kroner(o.belop)}. Ikke fakturerbare: ${ikke} – ${grunn}.`;
}

/** No code name (UTSKRIVNINGSKLAR_MELDING, hjem_med_tjenester, …) and no raw ISO stamp in a text people read. */
function renTekst(tekst: string): void {
  expect({ tekst, kode: /\b[A-Z]{2,}_[A-Z_]+\b|\b[a-z]+_[a-z_]+\b/.test(tekst), iso: /\d{4}-\d{2}-\d{2}/.test(tekst) }).toEqual({
    tekst,
    kode: false,
    iso: false,
  });
}

describe('one forløp, three places, the same figures', () => {
  let a: { id: string; fnr: string };
  let b: { id: string; fnr: string };

  test('an incomplete melding: the daily varsel, the forløp and the reasons agree (no day billable, and why)', async () => {
    a = await start({ innlagtTidspunkt: oslo('2026-09-01T08:00') });
    await send(a.id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: oslo('2026-09-01T09:00') });
    await send(a.id, SYKEHUS, meldt('2026-09-03T10:00', UFULLSTENDIG));
    const [f, varsler] = await sammeDag(async () => [await forlop(a.id), await feed(ALSTAHAUG)] as const);
    const o = f.overliggerdogn;
    expect(o.antall).toBeGreaterThan(60); // 2026-09-03 to today, today included
    expect(o).toMatchObject({ fakturerbare: 0, belop: 0, betalingsvilkarOppfylt: false });
    expect(new Set(o.dager.map((d: any) => [d.fakturerbar, d.grunn].join('|')))).toEqual(new Set(['false|ikke gyldig melding (punkt a–d mangler)']));
    const daglig = varsler.filter((v) => v.forlopId === a.id && v.type === 'OVERLIGGERDOGN');
    expect(daglig.map((v) => v.tekst)).toEqual([dagligTekst(o)]);
  });

  test('a complete melding, klart and utskrivning: every day of the forløp says billable or why not; the month figure is its billable days', async () => {
    await send(a.id, ALSTAHAUG, nei('2026-09-03T11:00', '2026-09-10'));
    await send(a.id, SYKEHUS, meldt('2026-09-05T10:00'));
    await send(a.id, ALSTAHAUG, { type: 'TILBUD_KLART', tidspunkt: oslo('2026-09-10T09:00'), tilbud: 'korttidsopphold' });
    await send(a.id, SYKEHUS, { type: 'EPIKRISE_SENDT', tidspunkt: oslo('2026-09-12T09:00') });
    await send(a.id, SYKEHUS, { type: 'UTSKREVET', tidspunkt: oslo('2026-09-12T10:00'), destinasjon: 'korttidsopphold' });
    const o = (await forlop(a.id)).overliggerdogn;
    const pris = o.dager[0].belop;
    expect(o.dager.map((d: any) => [d.dato, d.fakturerbar, d.grunn ?? null])).toEqual([
      ['2026-09-03', false, 'ikke gyldig melding (punkt a–d mangler)'],
      ['2026-09-04', false, 'ikke gyldig melding (punkt a–d mangler)'],
      ...['05', '06', '07', '08', '09'].map((d) => [`2026-09-${d}`, true, null]),
    ]);
    expect(o).toMatchObject({ antall: 7, fakturerbare: 5, belop: 5 * pris });
    expect(o.ikkeOverliggerdogn).toEqual([
      { dato: '2026-09-10', grunn: 'kommunen kunne ta imot' },
      { dato: '2026-09-11', grunn: 'kommunen kunne ta imot' },
    ]);

    // The kommune's month figure (indicators) and the invoice basis: the same days and kroner.
    const ind = await s.kall(ALSTAHAUG, 'GET', `/api/v1/rapporter/indikatorer?fra=2026-09-01&til=2026-09-30&gruppering=maned`);
    expect(ind.status).toBe(200);
    expect(ind.body.data.find((r: any) => r.periode === '2026-09').indikatorer).toMatchObject({ overliggerdogn: 5, overliggerdognBelop: 5 * pris });
    const faktura = await s.kall(ALSTAHAUG, 'GET', `/api/v1/rapporter/overliggerdogn?fra=2026-09-01&til=2026-09-30`);
    expect(faktura.body.data).toEqual([
      expect.objectContaining({ periode: '2026-09', dager: 7, betalbareDager: 5, betalbartBelop: 5 * pris, ikkeBetalbareDager: 2, omstridteDager: 0 }),
    ]);
  });

  test('a late melding, the kommune says no: the daily varsel, the forløp and the month figures state the same days and kroner', async () => {
    b = await start({ innlagtTidspunkt: oslo('2026-10-01T08:00'), pasient: { fnr: testFnr(), navn: { fornavn: 'Kari', etternavn: 'Nordmann' } } });
    await send(b.id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: oslo('2026-10-01T09:00') });
    await send(b.id, SYKEHUS, meldt('2026-10-05T10:00', KOMPLETT, '2026-10-04T15:00'));
    await send(b.id, ALSTAHAUG, nei('2026-10-05T11:00', '2026-12-31'));

    const [f, varsler, maned, faktura] = await sammeDag(
      async () =>
        [
          await forlop(b.id),
          await feed(ALSTAHAUG),
          await s.kall(ALSTAHAUG, 'GET', `/api/v1/rapporter/indikatorer?fra=2026-10-01&til=${idag()}&gruppering=maned`),
          await s.kall(ALSTAHAUG, 'GET', `/api/v1/rapporter/overliggerdogn?fra=2026-10-01&til=${idag()}&gruppering=total`),
        ] as const,
    );
    const o = f.overliggerdogn;
    expect(o.dager[0].dato).toBe('2026-10-05');
    expect(o.dager.at(-1).dato).toBe(idag());
    expect(o.fakturerbare).toBe(o.antall);
    expect(o.belop).toBe(o.dager.reduce((sum: number, d: any) => sum + d.belop, 0));
    expect(o.ikkeOverliggerdogn).toEqual([{ dato: '2026-10-04', grunn: 'meldingen om utskrivningsklar pasient kom for sent' }]);

    // The daily varsel states the forløp's figures, and names the patient and the forløp.
    const daglig = varsler.filter((v) => v.forlopId === b.id && v.type === 'OVERLIGGERDOGN');
    expect(daglig.map((v) => v.tekst)).toEqual([dagligTekst(o)]);
    expect(daglig[0].pasient).toEqual({ fnr: b.fnr, navn: { fornavn: 'Kari', etternavn: 'Nordmann' } });

    // The kommune's month figures: per month the forløp's billable days of that month (A's are in September).
    expect(maned.status).toBe(200);
    for (const rad of maned.body.data) {
      const dager = o.dager.filter((d: any) => d.dato.startsWith(rad.periode) && d.fakturerbar);
      expect([rad.periode, rad.indikatorer.overliggerdogn, rad.indikatorer.overliggerdognBelop]).toEqual([
        rad.periode,
        dager.length,
        dager.reduce((sum: number, d: any) => sum + d.belop, 0),
      ]);
    }
    expect(faktura.body.data).toEqual([expect.objectContaining({ dager: o.antall, betalbareDager: o.fakturerbare, betalbartBelop: o.belop })]);
  });

  test('every varsel of these forløp, to the kommune and to the ward, is plain bokmål with the forløp and the patient', async () => {
    const ider = new Set([a.id, b.id]);
    const kommunens = (await feed(ALSTAHAUG)).filter((v) => ider.has(v.forlopId));
    const avdelingens = (await feed(SYKEHUS)).filter((v) => ider.has(v.forlopId));
    expect(kommunens.length).toBeGreaterThan(3);
    expect(avdelingens.length).toBeGreaterThan(0);
    for (const v of [...kommunens, ...avdelingens]) {
      renTekst(v.tekst);
      expect(v.pasient?.fnr).toBe(v.forlopId === a.id ? a.fnr : b.fnr);
    }
    // The late melding om utskrivningsklar, to the ward: the frist's name and the date in words.
    expect(avdelingens.filter((v) => v.forlopId === b.id && v.type === 'FRIST_BRUTT').map((v) => v.tekst)).toContain(
      'Frist brutt, melding om utskrivningsklar pasient: Melding om utskrivningsklar pasient ble sendt etter utløpet av vurderingsdagen (4. oktober 2026)',
    );
    expect(kommunens.find((v) => v.forlopId === a.id && v.type === 'UTSKREVET')?.tekst).toBe(
      'Pasienten er utskrevet til korttidsopphold. Legemiddelliste: ikke oppgitt.',
    );
  });
});

test('a varsel names the patient only while the reader may see the forløp: the team after the patient is taken out of kartlegging sees none', async () => {
  const c = await start({ kartlegging: { inkludert: true } });
  const teamets = async () => (await feed(KT_RANA)).filter((v) => v.forlopId === c.id);
  const [inkludert] = await teamets();
  expect(inkludert).toMatchObject({ type: 'KARTLEGGING', forlopId: c.id, pasient: { fnr: c.fnr } });
  // The read is in the access log, as a read of the forløp is.
  const logg = await s.pool.query(
    `SELECT count(*)::int AS n FROM lesing WHERE rolle = 'kartleggingsteam' AND org = $1 AND forlop_id = $2 AND handling = 'varsler'`,
    [KT_RANA.org, c.id],
  );
  expect(logg.rows[0].n).toBeGreaterThan(0);

  await send(c.id, SYKEHUS, { type: 'KARTLEGGING_INKLUSJON', tidspunkt: new Date().toISOString(), inkludert: false, grunn: 'Klarer seg selv' });
  expect((await s.kall(KT_RANA, 'GET', `/api/v1/forlop/${c.id}`)).status).toBe(404);
  const [etter] = await teamets();
  expect(etter).toMatchObject({ id: inkludert.id, forlopId: c.id, tekst: inkludert.tekst, pasient: null });
  // The kommune, which sees the forløp, still gets its patient in its own varsler.
  for (const v of (await feed(ALSTAHAUG)).filter((x) => x.forlopId === c.id)) expect(v.pasient?.fnr).toBe(c.fnr);
});
