/**
 * The reports against a small fixed set of forløp driven through the HTTP API with back-dated
 * tidspunkt, every expected figure worked out BY HAND below from that set (never by asking the
 * report's SQL), for JSON and for CSV (parsed with csv-parse).
 *
 * This file keeps to kommune 1812 (Sømna, "A") and 1822 (Leirfjord, "B"), which no other file
 * uses; rows are per kommune, so other files' forløp in the shared test database do not touch
 * these figures. Both kommuner get a long observation window first (configuration), so a
 * back-dated forløp stays open for its OPPFOLGING_STARTET instead of closing at once.
 *
 * The fixture (all times Europe/Oslo, winter time; KT = KT-RANA at HSYK-MO):
 *
 *   F1  A  patient P  innlagt 2024-11-20  melding in time; meldt 11-25; kommune yes at once (kontakt);
 *                     epikrise (pll_oppdatert); utskrevet 11-26 hjem_med_tjenester; oppfølging 5 h (ja/ja)
 *   F2  A  patient P  innlagt 2024-11-28 (2 days after F1: reinnleggelse 2d); meldt 12-02; kommune no,
 *                     klart 12-04: 2 days 12-02, 12-03 à 5745; epikrise (ikke_pll); utskrevet 12-04 korttidsopphold
 *   F3  A  patient P  innlagt 2024-12-24 (20 days after F2: reinnleggelse 30d only); meldt 12-30; no
 *                     (kontakt), klart 2025-01-02: 12-30, 12-31 à 5745, 01-01 à 5981 (month + year
 *                     boundary); epikrise (pll_oppdatert); utskrevet 01-02 hjem_med_tjenester; oppfølging 6 h (nei/ja)
 *   F4  B  patient Q  innlagt 2025-01-10, kartlegging included and completed 01-13 (with the common tool
 *                     when the engine has it) before meldt 01-14; yes at once (kontakt); epikrise (ukjent);
 *                     utskrevet 01-15 hjem; oppfølging 6 h (ja/vet_ikke)
 *   F5  B  patient R  innlagt 2025-01-20, included, NOT kartlagt before meldt 01-22 (avvik KARTLEGGING);
 *                     yes at once; epikrise; utskrevet 01-23 hjem; NO oppfølging (avvik OPPFOLGING)
 *   F6  B  patient S  innlagt 2025-02-03, innleggelsesmelding after 26 h (avvik; not billable); meldt
 *                     02-05, no, klart 02-07: 02-05, 02-06 not billable; epikrise; utskrevet 02-07 langtidsopphold
 *   F7  A  patient T  innlagt 2025-02-10; meldt 02-12, no, klart 02-13: 02-12 disputed (no epikrise at
 *                     utskrivning: avvik EPIKRISE); utskrevet 02-13 hjem; oppfølging 3 h
 *   F8  B  patient U  innlagt 2025-01-05, FORLOP_AVBRUTT: counted nowhere
 *   F9  A  patient V  innlagt 2026-11-02; meldt 11-05, no, klart 11-07: 11-05, 11-06 priced provisionally
 *                     (no døgnpris for 2026); epikrise; utskrevet 11-07 korttidsopphold
 *
 * And, in kommune 1825 (Grane) on its own, G1 and G2 of patient W: G2's admission registered
 * before G1's (earlier) discharge, a reinnleggelse all the same.
 */
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { KOMPLETT } from '../helpers/fakta';
import { KOMPLETT_KARTLEGGING } from '../helpers/kartlegging';
import { forlopBody, KT_RANA, SAMHANDLING, startStack, SYKEHUS, testFnr, type Stack } from '../helpers/stack';
import type { Principal } from '../../workflows/types';

let s: Stack;
const A = '1812';
const B = '1822';
const KA: Principal = { rolle: 'kommune', org: A };
const KB: Principal = { rolle: 'kommune', org: B };
const ADMIN: Principal = { rolle: 'admin', org: '' };

const oslo = (t: string) => DateTime.fromISO(t, { zone: 'Europe/Oslo' }).toISO()!;

/** Which of the newer data shapes (docs/api.md) the engine takes; the expected figures follow. */
const stotte = { kontakt: false, pll: false, brukersvar: false, felles: false };
const fnr: Record<string, string> = {};
const id: Record<string, string> = {};

async function start(navn: string, kommune: string, pasient: string, innlagt: string, inkludert = false, sykehus = SYKEHUS): Promise<string> {
  fnr[pasient] ??= testFnr();
  const r = await s.kall(
    sykehus,
    'POST',
    '/api/v1/forlop',
    forlopBody({ pasient: { fnr: fnr[pasient] }, oppholdskommune: kommune, sykehus: sykehus.org, innlagtTidspunkt: oslo(innlagt), kartlegging: { inkludert } }),
  );
  expect({ navn, status: r.status, body: r.status === 201 ? 'ok' : r.body }).toEqual({ navn, status: 201, body: 'ok' });
  id[navn] = r.body.id;
  return r.body.id;
}

async function send(forlop: string, hvem: Principal, hendelse: Record<string, unknown>) {
  const body = { ...hendelse, tidspunkt: oslo(hendelse.tidspunkt as string) };
  const r = await s.kall(hvem, 'POST', `/api/v1/forlop/${forlop}/hendelser`, body);
  expect({ type: hendelse.type, status: r.status, body: r.status === 200 ? 'ok' : r.body }).toEqual({ type: hendelse.type, status: 200, body: 'ok' });
  return r.body;
}

/** Sends the hendelse with `ekstra` when the engine takes it (400 naming the field: without); true when taken. */
async function sendMed(
  forlop: string,
  hvem: Principal,
  hendelse: Record<string, unknown>,
  ekstra: Record<string, unknown>,
  funksjon: keyof typeof stotte,
): Promise<void> {
  const body = { ...hendelse, ...ekstra, tidspunkt: oslo(hendelse.tidspunkt as string) };
  const r = await s.kall(hvem, 'POST', `/api/v1/forlop/${forlop}/hendelser`, body);
  if (r.status === 200) {
    stotte[funksjon] = true;
    return;
  }
  expect(r.status).toBe(400);
  await send(forlop, hvem, hendelse);
}

const meldt = (t: string) => ({ type: 'UTSKRIVNINGSKLAR', tidspunkt: t, vurdertTidspunkt: oslo(t), vurdering: KOMPLETT });
const melding = (t: string) => ({ type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: t });
const ja = (t: string) => ({ type: 'KOMMUNESVAR', tidspunkt: t, kanTaImot: true });
const nei = (t: string, forventet: string) => ({ type: 'KOMMUNESVAR', tidspunkt: t, kanTaImot: false, forventetKlarDato: forventet });
const klart = (t: string, tilbud: string) => ({ type: 'TILBUD_KLART', tidspunkt: t, tilbud });
const epikrise = (t: string) => ({ type: 'EPIKRISE_SENDT', tidspunkt: t });
const utskrevet = (t: string, destinasjon: string) => ({ type: 'UTSKREVET', tidspunkt: t, destinasjon });
const oppfolging = (t: string) => ({ type: 'OPPFOLGING_STARTET', tidspunkt: t });
const informasjon = (t: string) => ({ type: 'INFORMASJON_GITT', tidspunkt: t });
const kontakt = (enhet: string) => ({ kontakt: { enhet, telefon: '75000000' } });
const pll = (status: string) => ({ legemiddelliste: { status } });
const brukersvar = (tilstrekkeligInformasjon: string, vetHvemKontakte: string) => ({ brukersvar: { tilstrekkeligInformasjon, vetHvemKontakte } });

beforeAll(async () => {
  s = await startStack();
  for (const k of [A, B]) {
    const r = await s.kall(ADMIN, 'PUT', `/api/v1/konfigurasjon/kommuner/${k}`, { observasjonsvindu: 'P3000D' });
    expect(r.status).toBe(200);
  }

  // F1
  const f1 = await start('F1', A, 'P', '2024-11-20T10:00');
  await send(f1, SYKEHUS, melding('2024-11-20T12:00'));
  await send(f1, SYKEHUS, meldt('2024-11-25T10:00'));
  await sendMed(f1, KA, ja('2024-11-25T11:00'), kontakt('Hjemmetjenesten Sømna'), 'kontakt');
  await sendMed(f1, SYKEHUS, epikrise('2024-11-26T09:00'), pll('pll_oppdatert'), 'pll');
  await send(f1, SYKEHUS, informasjon('2024-11-26T09:30'));
  await send(f1, SYKEHUS, utskrevet('2024-11-26T10:00', 'hjem_med_tjenester'));
  await sendMed(f1, KA, oppfolging('2024-11-26T15:00'), brukersvar('ja', 'ja'), 'brukersvar');

  // F2
  const f2 = await start('F2', A, 'P', '2024-11-28T08:00');
  await send(f2, SYKEHUS, melding('2024-11-28T09:00'));
  await send(f2, SYKEHUS, meldt('2024-12-02T10:00'));
  await send(f2, KA, nei('2024-12-02T11:00', '2024-12-04'));
  await send(f2, KA, klart('2024-12-04T09:00', 'korttidsopphold'));
  await sendMed(f2, SYKEHUS, epikrise('2024-12-04T10:00'), pll('ikke_pll'), 'pll');
  await send(f2, SYKEHUS, utskrevet('2024-12-04T12:00', 'korttidsopphold'));

  // F3
  const f3 = await start('F3', A, 'P', '2024-12-24T10:00');
  await send(f3, SYKEHUS, melding('2024-12-24T11:00'));
  await send(f3, SYKEHUS, meldt('2024-12-30T10:00'));
  await sendMed(f3, KA, nei('2024-12-30T11:00', '2025-01-02'), kontakt('Korttidsavdelingen'), 'kontakt');
  await send(f3, KA, klart('2025-01-02T09:00', 'hjem_med_tjenester'));
  await sendMed(f3, SYKEHUS, epikrise('2025-01-02T10:00'), pll('pll_oppdatert'), 'pll');
  await send(f3, SYKEHUS, utskrevet('2025-01-02T12:00', 'hjem_med_tjenester'));
  await sendMed(f3, KA, oppfolging('2025-01-02T18:00'), brukersvar('nei', 'ja'), 'brukersvar');

  // F4
  const f4 = await start('F4', B, 'Q', '2025-01-10T09:00', true);
  await send(f4, SYKEHUS, melding('2025-01-10T10:00'));
  await send(f4, KT_RANA, { type: 'KARTLEGGING_STARTET', tidspunkt: '2025-01-12T09:00' });
  const skjema = await s.kall(KT_RANA, 'GET', '/api/v1/kartlegging/skjema');
  const innhold = KOMPLETT_KARTLEGGING;
  const fullfort = { type: 'KARTLEGGING_FULLFORT', tidspunkt: '2025-01-13T12:00' };
  const gammelt = {
    resultat: { funksjon: 'Går med rullator', mestring: 'Klarer seg med hjelp', behov: ['hjemmesykepleie'], anbefaling: 'Hjem med tjenester' },
  };
  if (skjema.status === 200 && innhold !== undefined) {
    await sendMed(f4, KT_RANA, fullfort, { skjemaVersjon: String(skjema.body.versjon), innhold }, 'felles');
    // (400 without the tool: sent again with the older resultat below)
  }
  if (!stotte.felles) await send(f4, KT_RANA, { ...fullfort, ...gammelt });
  await send(f4, SYKEHUS, meldt('2025-01-14T10:00'));
  await sendMed(f4, KB, ja('2025-01-14T10:30'), kontakt('Hjemmesykepleien Leirfjord'), 'kontakt');
  await sendMed(f4, SYKEHUS, epikrise('2025-01-15T09:00'), pll('ukjent'), 'pll');
  await send(f4, SYKEHUS, utskrevet('2025-01-15T10:00', 'hjem'));
  await send(f4, SYKEHUS, informasjon('2025-01-15T10:05')); // given just after the discharge
  await sendMed(f4, KB, oppfolging('2025-01-15T16:00'), brukersvar('ja', 'vet_ikke'), 'brukersvar');

  // F5
  const f5 = await start('F5', B, 'R', '2025-01-20T09:00', true);
  await send(f5, SYKEHUS, melding('2025-01-20T10:00'));
  await send(f5, SYKEHUS, meldt('2025-01-22T10:00'));
  await send(f5, KB, ja('2025-01-22T11:00'));
  await send(f5, SYKEHUS, epikrise('2025-01-23T09:00'));
  await send(f5, SYKEHUS, utskrevet('2025-01-23T10:00', 'hjem'));

  // F6
  const f6 = await start('F6', B, 'S', '2025-02-03T08:00');
  await send(f6, SYKEHUS, melding('2025-02-04T10:00'));
  await send(f6, SYKEHUS, meldt('2025-02-05T10:00'));
  await send(f6, KB, nei('2025-02-05T11:00', '2025-02-07'));
  await send(f6, KB, klart('2025-02-07T09:00', 'langtidsopphold'));
  await send(f6, SYKEHUS, epikrise('2025-02-07T11:00'));
  await send(f6, SYKEHUS, informasjon('2025-02-07T11:30')); // not home: counted in no share
  await send(f6, SYKEHUS, utskrevet('2025-02-07T12:00', 'langtidsopphold'));

  // F7
  const f7 = await start('F7', A, 'T', '2025-02-10T08:00');
  await send(f7, SYKEHUS, melding('2025-02-10T09:00'));
  await send(f7, SYKEHUS, meldt('2025-02-12T10:00'));
  await send(f7, KA, nei('2025-02-12T11:00', '2025-02-13'));
  await send(f7, KA, klart('2025-02-13T09:00', 'hjem_med_tjenester'));
  await send(f7, SYKEHUS, utskrevet('2025-02-13T12:00', 'hjem'));
  await send(f7, KA, oppfolging('2025-02-13T15:00'));

  // F8
  const f8 = await start('F8', B, 'U', '2025-01-05T09:00');
  await send(f8, SYKEHUS, melding('2025-01-05T10:00'));
  await send(f8, SYKEHUS, { type: 'FORLOP_AVBRUTT', tidspunkt: '2025-01-05T11:00', arsak: 'Registrert på feil pasient' });

  // F9
  const f9 = await start('F9', A, 'V', '2026-11-02T08:00');
  await send(f9, SYKEHUS, melding('2026-11-02T09:00'));
  await send(f9, SYKEHUS, meldt('2026-11-05T10:00'));
  await send(f9, KA, nei('2026-11-05T11:00', '2026-11-07'));
  await send(f9, KA, klart('2026-11-07T09:00', 'korttidsopphold'));
  await send(f9, SYKEHUS, epikrise('2026-11-07T10:00'));
  await send(f9, SYKEHUS, utskrevet('2026-11-07T12:00', 'korttidsopphold'));
  // (which newer data shapes the engine took decides some expected figures below)
  process.stdout.write(`rapporter.test: the engine took ${JSON.stringify(stotte)}\n`);
}, 240_000);

afterAll(async () => {
  await s?.stopp();
});

// --- the expected figures, by hand from the fixture above ---

const P2024 = 5745;
const P2025 = 5981;

/** Kommune A, 2024-11-01..2025-02-28, gruppering total: F1, F2, F3, F7 (F9 is outside). */
function forventetA() {
  return {
    forlop: 4, // F1, F2, F3, F7
    meldtUtskrivningsklar: 4,
    overliggerdogn: 5, // F2: 12-02, 12-03; F3: 12-30, 12-31, 01-01 (F7's 02-12 is disputed)
    overliggerdognBelop: 2 * P2024 + 2 * P2024 + P2025,
    liggetidUtskrivningsklarSnitt: (1 + 2 + 3 + 1) / 4, // 11-25→11-26, 12-02→12-04, 12-30→01-02, 02-12→02-13
    andelKartlagtForUtskrivningsklar: null, // none included
    andelKartlagtFellesVerktoy: null, // no kartlegging completed
    andelAvtaltOppfolging: 3 / 3, // F1, F3, F7 home, each followed up within 24 h
    andelUtskrevetHjem: 3 / 4,
    andelUtskrevetInstitusjon: 1 / 4, // F2 korttidsopphold
    andelKorttidsopphold: 1 / 4,
    reinnleggelse2d: 1 / 4, // F1 → F2 after 2 days
    reinnleggelse3d: 1 / 4,
    reinnleggelse5d: 1 / 4,
    reinnleggelse30d: 2 / 4, // and F2 → F3 after 20 days
    gjentatteReinnleggelser: 1, // patient P: F2 and F3
    avvik: 1, // F7 EPIKRISE
    avvikPerType: { EPIKRISE: 1 },
    avvikPerAnsvarlig: { sykehus: 1 },
    andelPllOppdatert: stotte.pll ? 2 / 3 : null, // F1, F3 pll_oppdatert; F2 ikke_pll; F7 none
    andelAnsvarAvklart: stotte.kontakt ? 2 / 4 : 0, // F1, F3 named a kontakt
    andelTilstrekkeligInformasjon: stotte.brukersvar ? 1 / 2 : null, // F1 ja, F3 nei
    andelVetHvemKontakte: stotte.brukersvar ? 2 / 2 : null, // F1 ja, F3 ja
    andelSkriftligInformasjon: 1 / 3, // F1 of F1, F3, F7 home
  };
}

/** Kommune B, same period: F4, F5, F6 (F8 avbrutt). */
function forventetB() {
  return {
    forlop: 3,
    meldtUtskrivningsklar: 3,
    overliggerdogn: 0, // F6's two days are not billable
    overliggerdognBelop: 0,
    liggetidUtskrivningsklarSnitt: (1 + 1 + 2) / 3,
    andelKartlagtForUtskrivningsklar: 1 / 2, // F4 of F4, F5
    andelKartlagtFellesVerktoy: stotte.felles ? 1 : 0, // F4 the only completed
    andelAvtaltOppfolging: 1 / 2, // F4 yes, F5 never
    andelUtskrevetHjem: 2 / 3,
    andelUtskrevetInstitusjon: 1 / 3, // F6 langtidsopphold
    andelKorttidsopphold: 0,
    reinnleggelse2d: 0,
    reinnleggelse3d: 0,
    reinnleggelse5d: 0,
    reinnleggelse30d: 0,
    gjentatteReinnleggelser: 0,
    avvik: 3, // F5 KARTLEGGING, F5 OPPFOLGING, F6 INNLEGGELSESMELDING
    avvikPerType: { KARTLEGGING: 1, OPPFOLGING: 1, INNLEGGELSESMELDING: 1 },
    avvikPerAnsvarlig: { kartleggingsteam: 1, kommune: 1, sykehus: 1 },
    andelPllOppdatert: stotte.pll ? 0 : null, // F4 ukjent
    andelAnsvarAvklart: stotte.kontakt ? 1 / 3 : 0, // F4
    andelTilstrekkeligInformasjon: stotte.brukersvar ? 1 : null, // F4 ja
    andelVetHvemKontakte: stotte.brukersvar ? 0 : null, // F4 vet_ikke
    andelSkriftligInformasjon: 1 / 2, // F4 of F4, F5 home (F6's sheet went to langtidsopphold)
  };
}

/** Compares figures, shares to 10 decimals. */
function likt(faktisk: Record<string, unknown>, forventet: Record<string, unknown>, hva: string) {
  for (const [k, v] of Object.entries(forventet)) {
    const f = faktisk[k];
    if (typeof v === 'number' && typeof f === 'number') {
      expect({ hva, k, v: Math.round(f * 1e10) / 1e10 }).toEqual({ hva, k, v: Math.round(v * 1e10) / 1e10 });
    } else {
      expect({ hva, k, v: f }).toEqual({ hva, k, v });
    }
  }
}

const PERIODE = 'fra=2024-11-01&til=2025-02-28';

/** A CSV answer as bytes: status, content type, and the rows parsed by csv-parse (after checking the BOM). */
async function hentCsv(p: Principal, sti: string): Promise<{ status: number; type: string | null; tekst: string; rader: Record<string, string>[] }> {
  const r = await fetch(`${s.baseUrl}${sti}`, { headers: { authorization: `Bearer ${await s.token(p.rolle, p.org)}`, accept: 'text/csv' } });
  const bytes = Buffer.from(await r.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 with BOM, so Excel reads æøå right
  const tekst = bytes.toString('utf8');
  const rader = parse(bytes, { delimiter: ';', columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  return { status: r.status, type: r.headers.get('content-type'), tekst, rader };
}
/** A CSV cell as the number it holds (decimal comma), or null when empty. */
const tall = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v.replace(',', '.')));

describe('GET /rapporter/indikatorer', () => {
  test('per kommune, total: every key as worked out by hand (JSON)', async () => {
    const r = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/indikatorer?${PERIODE}&gruppering=total`);
    expect(r.status).toBe(200);
    const rad = (k: string) => r.body.data.find((x: { oppholdskommune: string }) => x.oppholdskommune === k);
    expect(rad(A).periode).toBe('total');
    likt(rad(A).indikatorer, forventetA(), 'A');
    likt(rad(B).indikatorer, forventetB(), 'B');
    // Every key of docs/api.md, each with its plain name and its definition in words: the name, the code name beside it, then plain text.
    for (const k of Object.keys(forventetA())) {
      expect(Object.keys(rad(A).indikatorer)).toContain(k);
      const navn = r.body.navn[k];
      expect(navn).toMatch(/^[A-ZÆØÅ][a-zæøå]/);
      expect(navn).not.toMatch(/[a-zæøå][A-Z]|_/); // no camelCase or snake_case code name
      const def: string = r.body.definisjoner[k];
      expect(def.startsWith(`${navn} (${k}): `)).toBe(true);
      const tekst = def.slice(`${navn} (${k}): `.length);
      expect(tekst.length).toBeGreaterThan(20);
      // The text itself speaks Norwegian: no table, column or other figure's code name.
      expect(tekst).not.toMatch(/\b[a-z]+_[a-z_]+\b|\b[a-z]+[A-Z][A-Za-z]+\b|\b[A-Z]+_[A-Z_]+\b/);
    }
    expect(r.body.navn.andelKartlagtForUtskrivningsklar).toBe('Andel kartlagt før utskrivningsklar');
    // The counts behind each share, worked out by hand; a share over nothing is none (null), not 0 %.
    const tn = (k: string) => r.body.data.find((x: { oppholdskommune: string }) => x.oppholdskommune === k).tellerNevner;
    expect(tn(A)).toMatchObject({
      andelUtskrevetHjem: { teller: 3, nevner: 4 },
      reinnleggelse30d: { teller: 2, nevner: 4 },
      andelSkriftligInformasjon: { teller: 1, nevner: 3 },
      andelKartlagtForUtskrivningsklar: { teller: 0, nevner: 0 },
    });
    expect(rad(A).indikatorer.andelKartlagtForUtskrivningsklar).toBeNull();
    expect(tn(B)).toMatchObject({ andelKartlagtForUtskrivningsklar: { teller: 1, nevner: 2 }, andelKorttidsopphold: { teller: 0, nevner: 3 } });
    expect(rad(B).indikatorer.andelKorttidsopphold).toBe(0);
    // Only shares have a teller and a nevner.
    expect(Object.keys(tn(A))).not.toContain('forlop');
    expect(Object.keys(tn(A))).not.toContain('liggetidUtskrivningsklarSnitt');
  });

  test('the same figures in CSV: plain Norwegian headers, semicolons, decimal comma, shares in per cent to one decimal with teller and nevner', async () => {
    const json = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/indikatorer?${PERIODE}&gruppering=total`);
    const navn: Record<string, string> = json.body.navn;
    const r = await hentCsv(SAMHANDLING, `/api/v1/rapporter/indikatorer?${PERIODE}&gruppering=total`);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/csv/);
    const hode = r.tekst
      .split('\r\n')[0]
      .replace(/^\uFEFF/, '')
      .split(';');
    expect(hode.slice(0, 4)).toEqual(['Periode', 'Oppholdskommune', 'Forløp', 'Meldt utskrivningsklar']);
    expect(hode).toEqual(
      expect.arrayContaining([
        'Andel kartlagt før utskrivningsklar (%)',
        'Andel kartlagt før utskrivningsklar, teller',
        'Andel kartlagt før utskrivningsklar, nevner',
        'Overliggerdøgn i kroner',
        'Avvik per type: EPIKRISE',
        'Avvik per ansvarlig part: sykehus',
      ]),
    );
    // No header is a code name.
    for (const h of hode) expect(h).not.toMatch(/^[a-z]+[A-Z]|^[a-z]+$/);
    const andel = (k: string) => k.startsWith('andel') || k.startsWith('reinnleggelse');
    const rader = r.rader;
    for (const [k, forventet] of [
      [A, forventetA()],
      [B, forventetB()],
    ] as const) {
      const rad = rader.find((x) => x.Oppholdskommune === k)!;
      expect(rad.Periode).toBe('total');
      const flat: Record<string, unknown> = {};
      for (const [n, v] of Object.entries(forventet)) {
        if (typeof v === 'object' && v !== null) for (const [d, x] of Object.entries(v)) flat[`${navn[n]}: ${d}`] = x;
        else if (andel(n)) flat[`${navn[n]} (%)`] = v === null ? null : Math.round((v as number) * 1000) / 10;
        else if (n === 'liggetidUtskrivningsklarSnitt') flat[navn[n]] = Math.round((v as number) * 10) / 10;
        else flat[navn[n]] = v;
      }
      likt(Object.fromEntries(Object.keys(flat).map((n) => [n, tall(rad[n])])), flat, `CSV ${k}`);
    }
    // Rounded and with a decimal comma: 3/4 is 75, 1/3 is 33,3 (never 0,3333333333333333); a share over nothing is empty.
    const a = rader.find((x) => x.Oppholdskommune === A)!;
    expect(a['Andel utskrevet hjem (%)']).toBe('75');
    expect(a['Andel som fikk skriftlig informasjon (%)']).toBe('33,3');
    expect([a['Andel som fikk skriftlig informasjon, teller'], a['Andel som fikk skriftlig informasjon, nevner']]).toEqual(['1', '3']);
    expect([a['Andel kartlagt før utskrivningsklar (%)'], a['Andel kartlagt før utskrivningsklar, nevner']]).toEqual(['', '0']);
    expect(rader.find((x) => x.Oppholdskommune === B)!['Andel utskrevet til korttidsopphold (%)']).toBe('0');
    for (const celle of r.tekst.split(/[;\r\n]/)) expect(celle).not.toMatch(/^\d+,\d{2,}$/);
  });

  test('per month and per year: the month and year boundaries', async () => {
    const m = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/indikatorer?${PERIODE}&oppholdskommune=${A}`);
    expect(m.status).toBe(200);
    const per = Object.fromEntries(m.body.data.map((x: { periode: string; indikatorer: unknown }) => [x.periode, x.indikatorer]));
    expect(Object.keys(per)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    likt(per['2024-11'], { forlop: 2, overliggerdogn: 0, andelUtskrevetHjem: 1, reinnleggelse2d: 1, gjentatteReinnleggelser: 0 }, '2024-11');
    likt(
      per['2024-12'],
      { forlop: 1, overliggerdogn: 4, overliggerdognBelop: 4 * P2024, andelKorttidsopphold: 1, reinnleggelse30d: 1, reinnleggelse5d: 0 },
      '2024-12',
    );
    likt(per['2025-01'], { forlop: 0, overliggerdogn: 1, overliggerdognBelop: P2025, liggetidUtskrivningsklarSnitt: 3, reinnleggelse30d: 0 }, '2025-01');
    likt(per['2025-02'], { forlop: 1, overliggerdogn: 0, avvik: 1, avvikPerType: { EPIKRISE: 1 } }, '2025-02');

    const ar = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/indikatorer?${PERIODE}&oppholdskommune=${A}&gruppering=ar`);
    const perAr = Object.fromEntries(ar.body.data.map((x: { periode: string; indikatorer: unknown }) => [x.periode, x.indikatorer]));
    likt(perAr['2024'], { forlop: 3, overliggerdogn: 4, overliggerdognBelop: 4 * P2024, gjentatteReinnleggelser: 1 }, '2024');
    likt(perAr['2025'], { forlop: 1, overliggerdogn: 1, overliggerdognBelop: P2025, gjentatteReinnleggelser: 0 }, '2025');
  });

  test('the sykehus filter: all of A at HSYK-MO, none at HSYK-SSJ', async () => {
    const mo = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/indikatorer?${PERIODE}&gruppering=total&oppholdskommune=${A}&sykehus=HSYK-MO`);
    likt(mo.body.data[0].indikatorer, forventetA(), 'A at HSYK-MO');
    const ssj = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/indikatorer?${PERIODE}&gruppering=total&oppholdskommune=${A}&sykehus=HSYK-SSJ`);
    expect(ssj.body.data).toEqual([]);
    const dager = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/overliggerdogn?${PERIODE}&gruppering=total&oppholdskommune=${A}&sykehus=HSYK-MO`);
    expect(dager.body.data).toEqual([expect.objectContaining({ dager: 6, betalbareDager: 5, omstridteDager: 1 })]);
  });
});

describe('the facts the reports read (rapport_fakta)', () => {
  test('agree with the forløp rows and hendelser they are kept from, for every forløp of the fixture', async () => {
    const ider = Object.values(id);
    const fakta = await s.pool.query(
      `SELECT forlop_id, oppholdskommune, status, innlagt_tidspunkt, forste_utskrivningsklar_tidspunkt, kartlegging_fullfort_tidspunkt,
              utskrevet_tidspunkt, destinasjon, oppfolging_oppfylt, ansvar_avklart, pll_status, brukersvar_informasjon,
              brukersvar_kontakte, kartlegging_felles, neste_innlagt_tidspunkt, forrige_utskrevet_tidspunkt
         FROM rapport_fakta WHERE forlop_id = ANY($1::uuid[]) ORDER BY forlop_id`,
      [ider],
    );
    const kilde = await s.pool.query(
      `SELECT f.id AS forlop_id, f.oppholdskommune, f.status, f.innlagt_tidspunkt, f.forste_utskrivningsklar_tidspunkt,
              f.kartlegging_fullfort_tidspunkt, f.utskrevet_tidspunkt, f.destinasjon,
              coalesce(f.frister @> '[{"id": "OPPFOLGING", "status": "oppfylt"}]'::jsonb, false) AS oppfolging_oppfylt,
              EXISTS (SELECT 1 FROM hendelse h WHERE h.forlop_id = f.id AND h.type = 'KOMMUNESVAR' AND h.data->'kontakt'->>'enhet' <> '') AS ansvar_avklart,
              (SELECT h.data->'legemiddelliste'->>'status' FROM hendelse h WHERE h.forlop_id = f.id AND h.type IN ('EPIKRISE_SENDT', 'UTSKREVET')
                  AND h.data ? 'legemiddelliste' ORDER BY h.sekvens DESC LIMIT 1) AS pll_status,
              (SELECT h.data->'brukersvar'->>'tilstrekkeligInformasjon' FROM hendelse h WHERE h.forlop_id = f.id AND h.type = 'OPPFOLGING_STARTET'
                  AND h.data ? 'brukersvar' ORDER BY h.sekvens DESC LIMIT 1) AS brukersvar_informasjon,
              (SELECT h.data->'brukersvar'->>'vetHvemKontakte' FROM hendelse h WHERE h.forlop_id = f.id AND h.type = 'OPPFOLGING_STARTET'
                  AND h.data ? 'brukersvar' ORDER BY h.sekvens DESC LIMIT 1) AS brukersvar_kontakte,
              (SELECT h.data ? 'skjemaVersjon' FROM hendelse h WHERE h.forlop_id = f.id AND h.type = 'KARTLEGGING_FULLFORT'
                  ORDER BY h.sekvens DESC LIMIT 1) AS kartlegging_felles,
              (SELECT min(n.innlagt_tidspunkt) FROM forlop n WHERE n.pasient_id = f.pasient_id AND n.id <> f.id AND n.status <> 'avbrutt'
                  AND n.innlagt_tidspunkt >= f.utskrevet_tidspunkt) AS neste_innlagt_tidspunkt,
              (SELECT max(e.utskrevet_tidspunkt) FROM forlop e WHERE e.pasient_id = f.pasient_id AND e.id <> f.id AND e.status <> 'avbrutt'
                  AND e.utskrevet_tidspunkt <= f.innlagt_tidspunkt) AS forrige_utskrevet_tidspunkt
         FROM forlop f WHERE f.id = ANY($1::uuid[]) ORDER BY f.id`,
      [ider],
    );
    expect(fakta.rows).toEqual(kilde.rows);
    // And the reinnleggelse facts of patient P by hand: F1 → F2 → F3.
    const p = Object.fromEntries(fakta.rows.map((r) => [r.forlop_id, r]));
    expect(p[id.F1].neste_innlagt_tidspunkt.toISOString()).toBe(new Date(oslo('2024-11-28T08:00')).toISOString());
    expect(p[id.F3].forrige_utskrevet_tidspunkt.toISOString()).toBe(new Date(oslo('2024-12-04T12:00')).toISOString());
    expect(p[id.F3].neste_innlagt_tidspunkt).toBeNull();
  });
});

describe('a reinnleggelse whichever forløp was registered first', () => {
  test("an admission registered before the earlier stay's discharge still counts as a reinnleggelse after it", async () => {
    // Kommune 1825 (Grane), only here. G1 admitted 2025-03-03 at Mo i Rana; G2, the same patient,
    // admitted 2025-03-12 at Mosjøen (one sykehus never has the patient in two open forløp) and
    // registered while G1 is still open; then G1's discharge on 2025-03-10 is registered
    // (back-dated): 2 calendar days from G1's discharge to G2's admission.
    const C = '1825';
    const MOSJOEN: Principal = { rolle: 'sykehus', org: 'HSYK-MOS' };
    const g1 = await start('G1', C, 'W', '2025-03-03T09:00');
    await send(g1, SYKEHUS, melding('2025-03-03T10:00'));
    const g2 = await start('G2', C, 'W', '2025-03-12T09:00', false, MOSJOEN);
    await send(g2, MOSJOEN, melding('2025-03-12T10:00'));
    await send(g1, SYKEHUS, epikrise('2025-03-10T11:00'));
    await send(g1, SYKEHUS, utskrevet('2025-03-10T12:00', 'korttidsopphold'));
    await send(g2, MOSJOEN, epikrise('2025-03-20T11:00'));
    const siste = await send(g2, MOSJOEN, utskrevet('2025-03-20T12:00', 'korttidsopphold'));
    // The link made at admission could not see a discharge not yet registered ...
    expect(siste.reinnleggelseAv).toBeNull();
    // ... the report counts it all the same: G1 → G2 within 2 days; G2 → none.
    const r = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/indikatorer?fra=2025-03-01&til=2025-03-31&gruppering=total&oppholdskommune=${C}`);
    likt(r.body.data[0].indikatorer, { forlop: 2, reinnleggelse2d: 1 / 2, reinnleggelse30d: 1 / 2, andelKorttidsopphold: 1, gjentatteReinnleggelser: 0 }, 'C');
  });
});

describe('GET /rapporter/overliggerdogn', () => {
  test('billable, not billable, disputed and provisionally priced days kept apart, per kommune and month', async () => {
    const r = await s.kall(SAMHANDLING, 'GET', '/api/v1/rapporter/overliggerdogn?fra=2024-11-01&til=2026-11-30');
    expect(r.status).toBe(200);
    const rad = (k: string, p: string) => r.body.data.find((x: { oppholdskommune: string; periode: string }) => x.oppholdskommune === k && x.periode === p);
    const tom = { ikkeBetalbareDager: 0, ikkeBetalbartBelop: 0, omstridteDager: 0, omstridtBelop: 0, forelopigPrisedeDager: 0, forelopigPrisetBelop: 0 };
    expect(rad(A, '2024-12')).toEqual({ periode: '2024-12', oppholdskommune: A, dager: 4, betalbareDager: 4, betalbartBelop: 4 * P2024, ...tom });
    expect(rad(A, '2025-01')).toEqual({ periode: '2025-01', oppholdskommune: A, dager: 1, betalbareDager: 1, betalbartBelop: P2025, ...tom });
    expect(rad(A, '2025-02')).toEqual({
      periode: '2025-02',
      oppholdskommune: A,
      dager: 1,
      betalbareDager: 0,
      betalbartBelop: 0,
      ...tom,
      omstridteDager: 1,
      omstridtBelop: P2025,
    });
    expect(rad(B, '2025-02')).toEqual({
      periode: '2025-02',
      oppholdskommune: B,
      dager: 2,
      betalbareDager: 0,
      betalbartBelop: 0,
      ...tom,
      ikkeBetalbareDager: 2,
      ikkeBetalbartBelop: 2 * P2025,
    });
    // 2026 has no døgnpris: priced at 2025's, marked provisional (and still billable).
    expect(rad(A, '2026-11')).toEqual({
      periode: '2026-11',
      oppholdskommune: A,
      dager: 2,
      betalbareDager: 2,
      betalbartBelop: 2 * P2025,
      ...tom,
      forelopigPrisedeDager: 2,
      forelopigPrisetBelop: 2 * P2025,
    });
    expect(rad(A, '2024-11')).toBeUndefined();
    expect(r.body.dager).toBeUndefined();
    expect(Object.keys(r.body.definisjoner)).toEqual(
      expect.arrayContaining(['betalbareDager', 'ikkeBetalbareDager', 'omstridteDager', 'forelopigPrisedeDager']),
    );

    const csv = (await hentCsv(SAMHANDLING, '/api/v1/rapporter/overliggerdogn?fra=2024-11-01&til=2026-11-30')).rader;
    const c = csv.find((x) => x.oppholdskommune === A && x.periode === '2024-12')!;
    expect([tall(c.dager), tall(c.betalbareDager), tall(c.betalbartBelop), tall(c.omstridteDager)]).toEqual([4, 4, 4 * P2024, 0]);
    const c2 = csv.find((x) => x.oppholdskommune === B && x.periode === '2025-02')!;
    expect([tall(c2.ikkeBetalbareDager), tall(c2.ikkeBetalbartBelop)]).toEqual([2, 2 * P2025]);
  });

  test('detaljer=true: the day list with forløp id, date, price and status, never a fødselsnummer; each forløp in the access log', async () => {
    const r = await s.kall(KA, 'GET', '/api/v1/rapporter/overliggerdogn?fra=2024-12-01&til=2025-02-28&detaljer=true&gruppering=total');
    expect(r.status).toBe(200);
    expect(r.body.dager).toEqual([
      { forlopId: id.F2, dato: '2024-12-02', oppholdskommune: A, sykehus: 'HSYK-MO', belop: P2024, status: 'betalbar', prisForelopig: false },
      { forlopId: id.F2, dato: '2024-12-03', oppholdskommune: A, sykehus: 'HSYK-MO', belop: P2024, status: 'betalbar', prisForelopig: false },
      { forlopId: id.F3, dato: '2024-12-30', oppholdskommune: A, sykehus: 'HSYK-MO', belop: P2024, status: 'betalbar', prisForelopig: false },
      { forlopId: id.F3, dato: '2024-12-31', oppholdskommune: A, sykehus: 'HSYK-MO', belop: P2024, status: 'betalbar', prisForelopig: false },
      { forlopId: id.F3, dato: '2025-01-01', oppholdskommune: A, sykehus: 'HSYK-MO', belop: P2025, status: 'betalbar', prisForelopig: false },
      { forlopId: id.F7, dato: '2025-02-12', oppholdskommune: A, sykehus: 'HSYK-MO', belop: P2025, status: 'omstridt', prisForelopig: false },
    ]);
    expect(r.body.data).toEqual([
      expect.objectContaining({ periode: 'total', oppholdskommune: A, dager: 6, betalbareDager: 5, betalbartBelop: 4 * P2024 + P2025, omstridteDager: 1 }),
    ]);
    const tekst = JSON.stringify(r.body);
    for (const f of Object.values(fnr)) expect(tekst).not.toContain(f);

    const csv = await hentCsv(KA, '/api/v1/rapporter/overliggerdogn?fra=2024-12-01&til=2025-02-28&detaljer=true');
    const dager = csv.rader;
    expect(dager.map((d) => [d.forlopId, d.dato, tall(d.belop), d.status])).toEqual(
      r.body.dager.map((d: { forlopId: string; dato: string; belop: number; status: string }) => [d.forlopId, d.dato, d.belop, d.status]),
    );
    for (const f of Object.values(fnr)) expect(csv.tekst).not.toContain(f);

    const logg = await s.pool.query<{ forlop_id: string | null; handling: string }>(
      `SELECT forlop_id, handling FROM lesing WHERE rolle = 'kommune' AND org = $1 AND handling LIKE 'rapport:overliggerdogn%detaljer=true%' ORDER BY id`,
      [A],
    );
    expect(new Set(logg.rows.map((x) => x.forlop_id))).toEqual(new Set([null, id.F2, id.F3, id.F7]));
  });
});

describe('GET /rapporter/sammenligning', () => {
  const q = 'fra=2025-01-01&til=2025-02-28&grunnlagFra=2024-11-01&grunnlagTil=2024-12-31';

  test('a period against a baseline, participating kommuner against the others, with the change for each', async () => {
    // B participates here; the filter keeps the figures to this file's kommuner.
    const b = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/sammenligning?${q}&deltakere=${B}&oppholdskommune=${B}`);
    expect(b.status).toBe(200);
    expect(b.body.deltakere.kommuner).toEqual([B]);
    const d = b.body.data.find((x: { gruppe: string }) => x.gruppe === 'deltakere');
    likt(d.periode, { forlop: 3, andelUtskrevetHjem: 2 / 3, avvik: 3, andelKartlagtForUtskrivningsklar: 1 / 2 }, 'deltakere periode');
    likt(d.grunnlag, { forlop: 0, andelUtskrevetHjem: null, avvik: 0 }, 'deltakere grunnlag');
    likt(
      d.endring,
      { forlop: 3, andelUtskrevetHjem: null, avvik: 3, avvikPerType: { KARTLEGGING: 1, OPPFOLGING: 1, INNLEGGELSESMELDING: 1 } },
      'deltakere endring',
    );
    likt(b.body.data.find((x: { gruppe: string }) => x.gruppe === 'andre').periode, { forlop: 0 }, 'andre (none of B)');

    // A does not participate: its figures are the others'.
    const a = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/sammenligning?${q}&deltakere=${B}&oppholdskommune=${A}`);
    const andre = a.body.data.find((x: { gruppe: string }) => x.gruppe === 'andre');
    // Period: F7 admitted, F3 and F7 discharged, F3's 01-01; baseline: F1–F3 admitted, F1 and F2 discharged, four 2024 days.
    likt(andre.periode, { forlop: 1, overliggerdogn: 1, overliggerdognBelop: P2025, andelUtskrevetHjem: 1, reinnleggelse30d: 0 }, 'andre periode');
    likt(
      andre.grunnlag,
      { forlop: 3, overliggerdogn: 4, overliggerdognBelop: 4 * P2024, andelUtskrevetHjem: 1 / 2, reinnleggelse30d: 2 / 2, gjentatteReinnleggelser: 1 },
      'andre grunnlag',
    );
    likt(
      andre.endring,
      { forlop: -2, overliggerdogn: -3, overliggerdognBelop: P2025 - 4 * P2024, andelUtskrevetHjem: 1 / 2, reinnleggelse30d: -1, gjentatteReinnleggelser: -1 },
      'andre endring',
    );
    expect(typeof a.body.definisjoner.endring).toBe('string');

    // CSV: one row per (gruppe, indikator).
    const csv = (await hentCsv(SAMHANDLING, `/api/v1/rapporter/sammenligning?${q}&deltakere=${B}&oppholdskommune=${A}`)).rader;
    const rad = csv.find((x) => x.Gruppe === 'andre' && x.Kode === 'overliggerdognBelop')!;
    expect(rad.Indikator).toBe('Overliggerdøgn i kroner');
    expect([tall(rad.Periode), tall(rad.Grunnlag), tall(rad.Endring)]).toEqual([P2025, 4 * P2024, P2025 - 4 * P2024]);
    const hjem = csv.find((x) => x.Gruppe === 'andre' && x.Kode === 'andelUtskrevetHjem')!;
    expect(hjem.Indikator).toBe('Andel utskrevet hjem (%)');
    expect([hjem.Periode, hjem.Grunnlag, hjem.Endring]).toEqual(['100', '50', '50']);
  });
});

describe('who sees what', () => {
  test('a kommune sees only its own rows; another kommune as filter gives none; other roller 403', async () => {
    const egen = await s.kall(KA, 'GET', `/api/v1/rapporter/indikatorer?${PERIODE}&gruppering=total`);
    expect(egen.status).toBe(200);
    expect(egen.body.data.map((x: { oppholdskommune: string }) => x.oppholdskommune)).toEqual([A]);
    likt(egen.body.data[0].indikatorer, forventetA(), 'A as itself');

    const annen = await s.kall(KA, 'GET', `/api/v1/rapporter/indikatorer?${PERIODE}&oppholdskommune=${B}`);
    expect(annen.status).toBe(200);
    expect(annen.body.data).toEqual([]);
    const dager = await s.kall(KB, 'GET', `/api/v1/rapporter/overliggerdogn?${PERIODE}&oppholdskommune=${A}&detaljer=true`);
    expect([dager.body.data, dager.body.dager]).toEqual([[], []]);
    const sml = await s.kall(
      KB,
      'GET',
      `/api/v1/rapporter/sammenligning?fra=2025-01-01&til=2025-02-28&grunnlagFra=2024-11-01&grunnlagTil=2024-12-31&deltakere=${A}`,
    );
    expect(sml.body.data.find((x: { gruppe: string }) => x.gruppe === 'deltakere').periode.forlop).toBe(0); // A's figures not shown to B
    expect(sml.body.data.find((x: { gruppe: string }) => x.gruppe === 'andre').periode.forlop).toBe(3); // B's own

    for (const p of [SYKEHUS, KT_RANA, ADMIN]) {
      for (const rapport of ['indikatorer', 'overliggerdogn', 'sammenligning']) {
        const r = await s.kall(p, 'GET', `/api/v1/rapporter/${rapport}?${PERIODE}`);
        expect({ rolle: p.rolle, rapport, status: r.status }).toEqual({ rolle: p.rolle, rapport, status: 403 });
      }
    }
  });

  test('every report read is in the access log, with the report and its parameters', async () => {
    const for_ = await s.pool.query<{ max: string | null }>('SELECT max(id) FROM lesing');
    const etter = Number(for_.rows[0].max ?? 0);
    await s.kall(KB, 'GET', `/api/v1/rapporter/indikatorer?${PERIODE}&gruppering=ar`);
    await s.kall(KB, 'GET', `/api/v1/rapporter/indikatorer?${PERIODE}`, undefined, { accept: 'text/csv' });
    await s.kall(KB, 'GET', `/api/v1/rapporter/overliggerdogn?${PERIODE}`);
    await s.kall(KB, 'GET', `/api/v1/rapporter/sammenligning?fra=2025-01-01&til=2025-02-28&grunnlagFra=2024-11-01&grunnlagTil=2024-12-31`);
    const r = await s.kall(SAMHANDLING, 'GET', `/api/v1/tilgangslogg?rolle=kommune&org=${B}&etter=${etter}`);
    expect(r.status).toBe(200);
    expect(r.body.data.map((x: { forlopId: string | null; handling: string }) => [x.forlopId, x.handling.split(' ')[0]])).toEqual([
      [null, 'rapport:indikatorer'],
      [null, 'rapport:indikatorer'],
      [null, 'rapport:overliggerdogn'],
      [null, 'rapport:sammenligning'],
    ]);
    expect(r.body.data[0].handling).toContain('fra=2024-11-01');
    expect(r.body.data[0].handling).toContain('gruppering=ar');
  });

  test('bad parameters are 400 naming the field', async () => {
    const felt = async (q: string) => {
      const r = await s.kall(SAMHANDLING, 'GET', `/api/v1/rapporter/${q}`);
      expect(r.status).toBe(400);
      return r.body.errors.map((e: { felt: string }) => e.felt).join(',');
    };
    expect(await felt('indikatorer?fra=2025-02-01&til=2025-01-01')).toContain('til');
    expect(await felt('indikatorer?fra=2025-01-01&til=2025-02-01&gruppering=uke')).toContain('gruppering');
    expect(await felt('indikatorer?fra=0000-01-01&til=2025-02-01')).toContain('fra');
    expect(await felt('sammenligning?fra=2025-01-01&til=2025-02-01&grunnlagFra=2024-12-01&grunnlagTil=2024-11-01')).toContain('grunnlagTil');
    expect(await felt('overliggerdogn?fra=2025-01-01&til=2025-02-01&detaljer=ja')).toContain('detaljer');
    expect((await s.kall(SAMHANDLING, 'GET', '/api/v1/rapporter/indikatorer?til=2025-01-01')).status).toBe(400);
  });
});
