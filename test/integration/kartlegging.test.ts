/**
 * The kartleggingsteam's day through HTTP, on the real Temporal dev server and PostgreSQL:
 * inclusion by the criteria in force, the worklist, drafts, the structured kartlegging
 * completed and sent to the oppholdskommune (and nobody else), the patient's answers and PLL.
 */
import { DateTime } from 'luxon';
import { forlopWorkflowId } from '../../workflows/definitions';
import { KOMPLETT } from '../helpers/fakta';
import { allePayloadBytes } from '../helpers/historikk';
import { KOMPLETT_KARTLEGGING } from '../helpers/kartlegging';
import { forlopBody, HEMNES, KT_RANA, RANA, SAMHANDLING, SYKEHUS, startStack, testFnr, type Stack } from '../helpers/stack';
import type { Principal } from '../../workflows/types';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stopp();
});

const KT_ALSTAHAUG: Principal = { rolle: 'kartleggingsteam', org: 'KT-ALSTAHAUG' };
const ADMIN: Principal = { rolle: 'admin', org: '' };
const BRONNOY: Principal = { rolle: 'kommune', org: '1813' };

const minutterSiden = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const omDager = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

/** An 80-year-old admitted 10 hours ago, kommunale tjenester assumed; inclusion left to the criteria. */
function eldreBody(overstyr: Record<string, unknown> = {}) {
  const { kartlegging: _k, ...body } = forlopBody({ pasient: { fnr: testFnr(1946) }, innlagtTidspunkt: minutterSiden(600), ...overstyr });
  return body;
}

async function start(body: Record<string, unknown>, hvem = SYKEHUS) {
  const r = await s.kall(hvem, 'POST', '/api/v1/forlop', body);
  expect(r.status).toBe(201);
  return r.body;
}

async function hendelse(hvem: Principal, id: string, h: Record<string, unknown>) {
  const r = await s.kall(hvem, 'POST', `/api/v1/forlop/${id}/hendelser`, h);
  expect({ type: h.type, status: r.status, detail: r.body?.detail }).toEqual({ type: h.type, status: 200, detail: undefined });
  return r.body;
}

/** The team's whole worklist (every page), as forløp ids in order. */
async function arbeidsliste(team: Principal): Promise<string[]> {
  const ider: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `?limit=50&cursor=${cursor}` : '?limit=50';
    const r = await s.kall(team, 'GET', `/api/v1/kartleggingsteam/${team.org}/arbeidsliste${q}`);
    expect(r.status).toBe(200);
    ider.push(...r.body.data.map((x: any) => x.forlopId));
    cursor = r.body.nesteCursor;
  } while (cursor);
  return ider;
}

test("a patient from a participating kommune is included by the criteria and is on KT-RANA's worklist, not KT-ALSTAHAUG's", async () => {
  const forlop = await start(eldreBody());
  const versjon = (await s.kall(ADMIN, 'GET', '/api/v1/konfigurasjon/kartlegging')).body.versjon;
  expect(forlop.kartlegging).toMatchObject({ inkludert: true, status: 'ikke_startet', kriterierVersjon: versjon });
  expect(forlop.kartlegging.grunn).toMatch(/^Inkludert etter kriterier versjon \d+: kommune 1833 deltar/);
  expect(forlop.frister.find((f: any) => f.id === 'KARTLEGGING')).toMatchObject({ status: 'aktiv', ansvarlig: 'kartleggingsteam' });

  expect(await arbeidsliste(KT_RANA)).toContain(forlop.id);
  expect(await arbeidsliste(KT_ALSTAHAUG)).not.toContain(forlop.id);
  // Another team's list is as missing as an unknown team's; samhandling reads any.
  expect((await s.kall(KT_ALSTAHAUG, 'GET', '/api/v1/kartleggingsteam/KT-RANA/arbeidsliste')).status).toBe(404);
  expect((await s.kall(SAMHANDLING, 'GET', '/api/v1/kartleggingsteam/KT-RANA/arbeidsliste?limit=200')).status).toBe(200);
  // The team is told of its new patient.
  const feed = await s.kall(KT_RANA, 'GET', '/api/v1/varsler?etter=0&limit=1000');
  expect(feed.body.data.filter((v: any) => v.forlopId === forlop.id).map((v: any) => v.type)).toEqual(['KARTLEGGING']);
});

test('a patient from a kommune outside the project is not included, and the answer says why', async () => {
  const forlop = await start(eldreBody({ oppholdskommune: '1813' }));
  expect(forlop.kartlegging).toMatchObject({ inkludert: false, status: 'ikke_inkludert' });
  expect(forlop.kartlegging.grunn).toMatch(/kommune 1813 deltar ikke i prosjektet/);
  expect(forlop.frister.map((f: any) => f.id)).not.toContain('KARTLEGGING');
  // A ward that says so itself decides; the answer says it was the ward.
  const sagt = await start(forlopBody({ kartlegging: { inkludert: true } }));
  expect(sagt.kartlegging).toMatchObject({ inkludert: true, kriterierVersjon: null, grunn: 'Avdelingen oppga om pasienten er inkludert' });
});

test('the worklist puts the earliest expected discharge first', async () => {
  const [a, b, c] = [await start(eldreBody()), await start(eldreBody()), await start(eldreBody())];
  // b leaves first, then c, then a.
  for (const [f, dager] of [
    [a, 9],
    [b, 2],
    [c, 5],
  ] as const) {
    await hendelse(SYKEHUS, f.id, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: minutterSiden(500), forventetUtskrivningsdato: omDager(dager) });
  }
  const liste = (await arbeidsliste(KT_RANA)).filter((id) => [a.id, b.id, c.id].includes(id));
  expect(liste).toEqual([b.id, c.id, a.id]);
  const forste = (await s.kall(KT_RANA, 'GET', '/api/v1/kartleggingsteam/KT-RANA/arbeidsliste?limit=200')).body.data.find((x: any) => x.forlopId === b.id);
  expect(forste).toMatchObject({ forventetUtskrivningsdato: omDager(2), kartleggingStatus: 'ikke_startet', status: 'innlagt', oppholdskommune: '1833' });
  // The team sees who the patient is: the fødselsnummer the ward gave (and the name when it did).
  expect(forste.pasient.fnr).toBe(b.pasient.fnr);
  expect(forste.frist).toMatchObject({ id: 'KARTLEGGING', status: 'aktiv' });
  // The reminder: one day (the default) before the start of the expected discharge date, Europe/Oslo.
  expect(forste.paminnelse).toMatch(new RegExp(`^${omDager(1)}T00:00:00\\+0[12]:00$`));
});

test('a patient whose reminder has already gone off is first when closest to discharge', async () => {
  const [pending, utenDato, gaatt] = [await start(eldreBody()), await start(eldreBody()), await start(eldreBody())];
  // Leaving today (Oslo): the reminder, a day before today's start, had passed before the admission
  // 10 hours ago, so the frist holds none; another leaves in three days, its reminder still to come.
  const iDag = DateTime.now().setZone('Europe/Oslo');
  await hendelse(SYKEHUS, gaatt.id, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: minutterSiden(500), forventetUtskrivningsdato: iDag.toISODate() });
  await hendelse(SYKEHUS, pending.id, {
    type: 'INNLEGGELSESMELDING_SENDT',
    tidspunkt: minutterSiden(500),
    forventetUtskrivningsdato: iDag.plus({ days: 3 }).toISODate(),
  });
  const side = (await s.kall(KT_RANA, 'GET', '/api/v1/kartleggingsteam/KT-RANA/arbeidsliste?limit=200')).body.data;
  const rad = (id: string) => side.find((x: any) => x.forlopId === id);
  expect(rad(gaatt.id)).toMatchObject({ forventetUtskrivningsdato: iDag.toISODate(), paminnelse: null, frist: { status: 'aktiv' } });
  expect(rad(pending.id).paminnelse).not.toBeNull();
  const liste = (await arbeidsliste(KT_RANA)).filter((id) => [pending.id, utenDato.id, gaatt.id].includes(id));
  expect(liste).toEqual([gaatt.id, pending.id, utenDato.id]);
});

test('excluding a patient takes them off the worklist and lets the frist lapse', async () => {
  const forlop = await start(eldreBody());
  expect(await arbeidsliste(KT_RANA)).toContain(forlop.id);
  const etter = await hendelse(KT_RANA, forlop.id, {
    type: 'KARTLEGGING_INKLUSJON',
    tidspunkt: minutterSiden(60),
    inkludert: false,
    grunn: 'Pasienten ønsker ikke kartlegging',
  });
  expect(etter.kartlegging).toMatchObject({ inkludert: false, status: 'ikke_inkludert', grunn: 'Pasienten ønsker ikke kartlegging' });
  expect(etter.frister.find((f: any) => f.id === 'KARTLEGGING').status).toBe('bortfalt');
  expect(await arbeidsliste(KT_RANA)).not.toContain(forlop.id);
  // The team no longer sees the patient; the ward may include them again, with a reason.
  expect((await s.kall(KT_RANA, 'GET', `/api/v1/forlop/${forlop.id}`)).status).toBe(404);
  const igjen = await hendelse(SYKEHUS, forlop.id, {
    type: 'KARTLEGGING_INKLUSJON',
    tidspunkt: minutterSiden(30),
    inkludert: true,
    grunn: 'Pasienten ombestemte seg',
  });
  expect(igjen.kartlegging).toMatchObject({ inkludert: true, status: 'ikke_startet' });
  expect(igjen.frister.find((f: any) => f.id === 'KARTLEGGING').status).toBe('aktiv');
  expect(await arbeidsliste(KT_RANA)).toContain(forlop.id);
  // A kommune may not change inclusion.
  const kommune = await s.kall(RANA, 'POST', `/api/v1/forlop/${forlop.id}/hendelser`, {
    type: 'KARTLEGGING_INKLUSJON',
    tidspunkt: minutterSiden(1),
    inkludert: false,
    grunn: 'x',
  });
  expect(kommune.status).toBe(403);
});

test('drafts are kept per save; the completed structured kartlegging reaches the oppholdskommune and nobody else', async () => {
  const forlop = await start(eldreBody());
  const url = `/api/v1/forlop/${forlop.id}/kartlegging`;
  await hendelse(KT_RANA, forlop.id, { type: 'KARTLEGGING_STARTET', tidspunkt: minutterSiden(120) });

  const forste = await s.kall(KT_RANA, 'PUT', url, { skjemaVersjon: '1', innhold: { kognisjon: { svikt: 'lett' } } });
  expect(forste.status).toBe(200);
  const andre = await s.kall(KT_RANA, 'PUT', url, {
    skjemaVersjon: '1',
    innhold: { kognisjon: { svikt: 'moderat' }, bolig: { borAlene: true } },
  });
  expect(andre.status).toBe(200);
  expect(andre.body.historikk.map((v: any) => [v.versjon, v.innhold.kognisjon.svikt, v.av.org])).toEqual([
    [1, 'lett', 'KT-RANA'],
    [2, 'moderat', 'KT-RANA'],
  ]);
  expect(andre.body.utkast.innhold).toEqual({ kognisjon: { svikt: 'moderat' }, bolig: { borAlene: true } });

  // An invalid draft is refused naming the field, and nothing is saved.
  const feil = await s.kall(KT_RANA, 'PUT', url, { skjemaVersjon: '1', innhold: { funksjonOgAdl: { toalett: 'av og til' } } });
  expect(feil.status).toBe(400);
  expect(feil.body.errors.map((e: any) => e.felt)).toEqual(['innhold.funksjonOgAdl.toalett']);
  expect((await s.kall(KT_RANA, 'GET', url)).body.historikk).toHaveLength(2);
  // Drafts are the team's: the kommune sees nothing before completion.
  const tidlig = await s.kall(RANA, 'GET', url);
  expect(tidlig.status).toBe(200);
  expect(tidlig.body).toMatchObject({ fullfort: null, utkast: null, historikk: [] });

  const hemmelig = 'Bor alene med hunden Fido ved Langvatnet';
  const innhold = { ...KOMPLETT_KARTLEGGING, pasientensMal: { hvaErViktigForDeg: hemmelig } };
  const fullfort = await hendelse(KT_RANA, forlop.id, { type: 'KARTLEGGING_FULLFORT', tidspunkt: minutterSiden(60), skjemaVersjon: '1', innhold });
  expect(fullfort.kartlegging.status).toBe('fullfort');
  expect(fullfort.frister.find((f: any) => f.id === 'KARTLEGGING').status).toBe('oppfylt');

  // The oppholdskommune is told and reads it; the ward reads it; another kommune and the other team do not.
  const feed = await s.kall(RANA, 'GET', '/api/v1/varsler?etter=0&limit=1000');
  const varsel = feed.body.data.find((v: any) => v.forlopId === forlop.id && v.type === 'KARTLEGGING');
  expect(varsel.tekst).toMatch(/felles kartleggingsverktøy, versjon 1/);
  for (const hvem of [RANA, SYKEHUS]) {
    const r = await s.kall(hvem, 'GET', url);
    expect(r.status).toBe(200);
    expect(r.body.fullfort).toMatchObject({ fellesVerktoy: true, skjemaVersjon: '1', av: KT_RANA });
    expect(r.body.fullfort.innhold.pasientensMal.hvaErViktigForDeg).toBe(hemmelig);
    expect(r.body.historikk).toEqual([]);
  }
  expect((await s.kall(HEMNES, 'GET', url)).status).toBe(404);
  expect((await s.kall(KT_ALSTAHAUG, 'GET', url)).status).toBe(404);
  expect((await s.kall(SAMHANDLING, 'GET', url)).status).toBe(403);
  // Nor through the forløp: its hendelse names the model version, not the content.
  const sett = await s.kall(SAMHANDLING, 'GET', `/api/v1/forlop/${forlop.id}`);
  expect(sett.body.hendelser.find((h: any) => h.type === 'KARTLEGGING_FULLFORT')).toMatchObject({ skjemaVersjon: '1' });
  expect(JSON.stringify(sett.body)).not.toContain(hemmelig);
  // Done: no more drafts, and off the worklist.
  expect((await s.kall(KT_RANA, 'PUT', url, { skjemaVersjon: '1', innhold: {} })).status).toBe(409);
  expect(await arbeidsliste(KT_RANA)).not.toContain(forlop.id);
  // Every read of the document is in the access log.
  const lesinger = await s.pool.query("SELECT DISTINCT org FROM lesing WHERE forlop_id = $1 AND handling = 'kartlegging'", [forlop.id]);
  expect(lesinger.rows.map((r) => r.org).sort()).toEqual(['1833', 'HSYK-MO', 'KT-RANA']);

  // The kartlegging text is health information: not readable in Temporal's history.
  const historikk = await s.client.workflow.getHandle(forlopWorkflowId(forlop.id)).fetchHistory();
  const ra = allePayloadBytes(historikk);
  expect(ra).toContain('binary/encrypted');
  expect(ra).not.toContain(hemmelig);
  expect(ra).not.toContain('hvaErViktigForDeg');
});

test('the older four-field resultat still completes a kartlegging, counted as not made with the common tool', async () => {
  const forlop = await start(eldreBody());
  await hendelse(KT_RANA, forlop.id, {
    type: 'KARTLEGGING_FULLFORT',
    tidspunkt: minutterSiden(60),
    resultat: { funksjon: 'Går med rullator', mestring: 'Delvis', behov: ['hjemmesykepleie'], anbefaling: 'Hjem' },
  });
  const r = await s.kall(RANA, 'GET', `/api/v1/forlop/${forlop.id}/kartlegging`);
  expect(r.body.fullfort).toMatchObject({ fellesVerktoy: false, skjemaVersjon: null, innhold: null, resultat: { funksjon: 'Går med rullator' } });
});

test("the kommune's kontakt, the patient's answers and the PLL status are kept and told", async () => {
  const forlop = await start(forlopBody({ innlagtTidspunkt: minutterSiden(600) }));
  const id = forlop.id;
  await hendelse(SYKEHUS, id, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: minutterSiden(590) });
  await hendelse(SYKEHUS, id, { type: 'UTSKRIVNINGSKLAR', tidspunkt: minutterSiden(300), vurdertTidspunkt: minutterSiden(300), vurdering: KOMPLETT });
  await hendelse(RANA, id, {
    type: 'KOMMUNESVAR',
    tidspunkt: minutterSiden(290),
    kanTaImot: true,
    kontakt: { enhet: 'Hjemmetjenesten sone sentrum', telefon: '+47 75 00 00 00' },
  });
  await hendelse(SYKEHUS, id, { type: 'EPIKRISE_SENDT', tidspunkt: minutterSiden(100), legemiddelliste: { status: 'ikke_pll' } });
  const ut = await hendelse(SYKEHUS, id, {
    type: 'UTSKREVET',
    tidspunkt: minutterSiden(100),
    destinasjon: 'hjem',
    legemiddelliste: { status: 'pll_oppdatert', samstemtTidspunkt: minutterSiden(110) },
  });
  expect(ut.legemiddelliste).toMatchObject({ status: 'pll_oppdatert' });
  const feed = await s.kall(RANA, 'GET', '/api/v1/varsler?etter=0&limit=1000');
  const vedUtskrivning = feed.body.data.find((v: any) => v.forlopId === id && v.type === 'PAMINNELSE' && /utskrevet/.test(v.tekst));
  expect(vedUtskrivning.tekst).toMatch(/Legemiddelliste: samstemt i Pasientens legemiddelliste \(PLL\)/);

  const slutt = await hendelse(RANA, id, {
    type: 'OPPFOLGING_STARTET',
    tidspunkt: minutterSiden(10),
    brukersvar: { tilstrekkeligInformasjon: 'ja', vetHvemKontakte: 'vet_ikke' },
  });
  const h = (type: string) => slutt.hendelser.find((x: any) => x.type === type);
  expect(h('KOMMUNESVAR').kontakt).toEqual({ enhet: 'Hjemmetjenesten sone sentrum', telefon: '+47 75 00 00 00' });
  expect(h('OPPFOLGING_STARTET').brukersvar).toEqual({ tilstrekkeligInformasjon: 'ja', vetHvemKontakte: 'vet_ikke' });
});

test('a discharge to korttidsopphold tells the kommune, with the PLL status', async () => {
  const forlop = await start(forlopBody({ innlagtTidspunkt: minutterSiden(600) }));
  await hendelse(SYKEHUS, forlop.id, { type: 'UTSKRIVNINGSKLAR', tidspunkt: minutterSiden(300), vurdertTidspunkt: minutterSiden(300), vurdering: KOMPLETT });
  await hendelse(RANA, forlop.id, { type: 'KOMMUNESVAR', tidspunkt: minutterSiden(290), kanTaImot: true });
  await hendelse(SYKEHUS, forlop.id, { type: 'UTSKREVET', tidspunkt: minutterSiden(100), destinasjon: 'korttidsopphold' });
  const feed = await s.kall(RANA, 'GET', '/api/v1/varsler?etter=0&limit=1000');
  const v = feed.body.data.find((x: any) => x.forlopId === forlop.id && x.type === 'UTSKREVET');
  expect(v.tekst).toBe('Pasienten er utskrevet til korttidsopphold. Legemiddelliste: ikke oppgitt.');
});

test('a criteria change applies only to forløp started after it', async () => {
  const for_ = (await s.kall(ADMIN, 'GET', '/api/v1/konfigurasjon/kartlegging')).body;
  const gammel = await start(eldreBody({ oppholdskommune: '1813' }));
  expect(gammel.kartlegging.inkludert).toBe(false);
  const kriterier = { ...for_.kriterier, kommuner: [...for_.kriterier.kommuner, { nummer: '1813', fra: '2026-01-01' }] };
  try {
    const put = await s.kall(ADMIN, 'PUT', '/api/v1/konfigurasjon/kartlegging', kriterier);
    expect(put.status).toBe(200);
    expect(put.body.versjon).toBe(for_.versjon + 1);
    expect(put.body.tidligere[0]).toMatchObject({ versjon: for_.versjon, kriterier: for_.kriterier });

    const ny = await start(eldreBody({ oppholdskommune: '1813' }));
    expect(ny.kartlegging).toMatchObject({ inkludert: true, kriterierVersjon: for_.versjon + 1 });
    // The forløp started before keeps its answer.
    const les = await s.kall(BRONNOY, 'GET', `/api/v1/forlop/${gammel.id}`);
    expect(les.body.kartlegging).toMatchObject({ inkludert: false, kriterierVersjon: for_.versjon });
  } finally {
    expect((await s.kall(ADMIN, 'PUT', '/api/v1/konfigurasjon/kartlegging', for_.kriterier)).status).toBe(200);
  }
  // A kommune that does not exist is refused naming it; only admin configures.
  const feil = await s.kall(ADMIN, 'PUT', '/api/v1/konfigurasjon/kartlegging', { ...for_.kriterier, kommuner: [{ nummer: '9999', fra: '2026-01-01' }] });
  expect(feil.status).toBe(400);
  expect(feil.body.errors).toEqual([{ felt: 'kommuner.0.nummer', melding: 'ukjent kommunenummer' }]);
  expect((await s.kall(SAMHANDLING, 'PUT', '/api/v1/konfigurasjon/kartlegging', for_.kriterier)).status).toBe(403);
});

test('the served JSON Schema names its version; an earlier version stays served; an unknown one is 404', async () => {
  const r = await s.kall(RANA, 'GET', '/api/v1/kartlegging/skjema');
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ versjon: '1', $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });
  expect(Object.keys(r.body.properties)).toEqual(expect.arrayContaining(['funksjonOgAdl', 'kognisjon', 'legemiddelhandtering', 'anbefaling']));
  expect((await s.kall(KT_RANA, 'GET', '/api/v1/kartlegging/skjema/1')).body).toEqual(r.body);
  expect((await s.kall(KT_RANA, 'GET', '/api/v1/kartlegging/skjema/0')).status).toBe(404);
});
