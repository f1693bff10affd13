/**
 * The API's data rules, each answered in bokmål with nothing changed: one open forløp per patient
 * and sykehus (409 naming it; race-safe), a "kan ikke" with an expected date before the answer,
 * a kontakt without its enhet; and what it accepts and shows plainly: an empty kartlegging list
 * means "ingen", and a melding om utskrivningsklar pasient without points a–d is taken but shown
 * as not a valid melding.
 */
import { dato } from '../../workflows/frister';
import { forlopBody, KT_RANA, RANA, startStack, SYKEHUS, testFnr, type Stack } from '../helpers/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stopp();
});

const naa = (minutterSiden = 0): string => new Date(Date.now() - minutterSiden * 60_000).toISOString();

/** How many forløp the engine holds for the patient with this fødselsnummer's forløp `id`. */
async function forlopForPasienten(id: string): Promise<number> {
  const r = await s.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM forlop WHERE pasient_id = (SELECT pasient_id FROM forlop WHERE id = $1)', [id]);
  return r.rows[0].n;
}

const hendelse = (id: string, av: typeof SYKEHUS, body: Record<string, unknown>) => s.kall(av, 'POST', `/api/v1/forlop/${id}/hendelser`, body);

describe('one open forløp per patient and sykehus', () => {
  test('a second admission while the patient is in hospital is 409 naming the open forløp; nothing is started', async () => {
    const fnr = testFnr();
    const forste = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ pasient: { fnr }, innlagtTidspunkt: naa(60) }));
    expect(forste.status).toBe(201);
    const andre = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ pasient: { fnr }, avdeling: 'Kirurgisk avdeling' }));
    expect(andre.status).toBe(409);
    expect(andre.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(andre.body).toMatchObject({
      type: 'https://utskrivningsforlop.no/problem/apent-forlop',
      status: 409,
      forlopId: forste.body.id,
      forlopStatus: 'innlagt',
      lenke: `/api/v1/forlop/${forste.body.id}`,
    });
    expect(andre.body.detail).toContain(forste.body.id);
    // The admission time as a person reads it on the Oslo clock, not a UTC stamp.
    expect(andre.body.detail).toMatch(/innlagt \d{1,2}\. \p{L}+ \d{4} kl\. \d\d:\d\d/u);
    expect(andre.body.detail).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(await forlopForPasienten(forste.body.id)).toBe(1);

    // The link names the forløp the ward can open.
    const lenket = await s.kall(SYKEHUS, 'GET', andre.body.lenke);
    expect(lenket.status).toBe(200);
  });

  test('a retry with the same Idempotency-Key answers the first forløp, not 409', async () => {
    const body = forlopBody();
    const nokkel = { 'idempotency-key': `regler-${testFnr()}` };
    const forste = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', body, nokkel);
    expect(forste.status).toBe(201);
    const igjen = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', body, nokkel);
    expect([200, 201]).toContain(igjen.status);
    expect(igjen.body.id).toBe(forste.body.id);
    expect(await forlopForPasienten(forste.body.id)).toBe(1);
  });

  test('two concurrent admissions of one patient: one 201, one 409 naming it', async () => {
    const fnr = testFnr();
    const svar = await Promise.all([0, 1].map(() => s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ pasient: { fnr } }))));
    const statuser = svar.map((r) => r.status).sort();
    expect(statuser).toEqual([201, 409]);
    const startet = svar.find((r) => r.status === 201)!;
    const nektet = svar.find((r) => r.status === 409)!;
    expect(nektet.body.forlopId).toBe(startet.body.id);
    expect(await forlopForPasienten(startet.body.id)).toBe(1);
  });

  test('another sykehus, a discharge (a reinnleggelse follows) and a forløp registered in error do not stand in the way', async () => {
    const fnr = testFnr();
    const mo = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ pasient: { fnr }, innlagtTidspunkt: naa(120) }));
    expect(mo.status).toBe(201);
    const ssj = { rolle: 'sykehus' as const, org: 'HSYK-SSJ' };
    const annet = await s.kall(ssj, 'POST', '/api/v1/forlop', forlopBody({ pasient: { fnr }, sykehus: 'HSYK-SSJ', oppholdskommune: '1820' }));
    expect(annet.status).toBe(201);

    // Discharged home: utskrevet, waiting for oppfølging, yet the patient may be admitted again.
    expect((await hendelse(mo.body.id, SYKEHUS, { type: 'UTSKREVET', tidspunkt: naa(60), destinasjon: 'hjem' })).body.status).toBe('utskrevet');
    const igjen = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ pasient: { fnr }, innlagtTidspunkt: naa(30) }));
    expect(igjen.status).toBe(201);

    // Registered in error: a new one may be started at once.
    expect((await hendelse(igjen.body.id, SYKEHUS, { type: 'FORLOP_AVBRUTT', tidspunkt: naa(), arsak: 'Feil pasient' })).body.status).toBe('avbrutt');
    const ny = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ pasient: { fnr } }));
    expect(ny.status).toBe(201);
  });
});

describe('the kommune answers', () => {
  let id: string;
  beforeAll(async () => {
    const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ innlagtTidspunkt: naa(180) }));
    id = r.body.id;
    const m = await hendelse(id, SYKEHUS, {
      type: 'UTSKRIVNINGSKLAR',
      tidspunkt: naa(10),
      vurdertTidspunkt: naa(20),
      vurdering: {
        problemstillingerVedInnleggelseAvklart: true,
        ovrigeProblemstillingerAvklart: true,
        uavklarteProblemstillingerAngitt: true,
        funksjonsnivaaVurdert: true,
      },
    });
    expect(m.status).toBe(200);
  });

  test('"kan ikke" with an expected date before the day it answers is 400 in bokmål, and nothing changes', async () => {
    const for2Dager = dato(naa(2 * 24 * 60));
    const r = await hendelse(id, RANA, { type: 'KOMMUNESVAR', tidspunkt: naa(), kanTaImot: false, forventetKlarDato: for2Dager });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      { felt: 'forventetKlarDato', melding: expect.stringMatching(/^kan ikke være før dagen kommunen svarer \(\d{1,2}\. \p{L}+ \d{4}\)/u) },
    ]);
    const etter = await s.kall(RANA, 'GET', `/api/v1/forlop/${id}`);
    expect(etter.body.status).toBe('utskrivningsklar');
    expect(etter.body.hendelser.some((h: { type: string }) => h.type === 'KOMMUNESVAR')).toBe(false);
  });

  test('a kontakt with a telephone but no enhet is 400 saying the enhet is missing, never dropped', async () => {
    const r = await hendelse(id, RANA, { type: 'KOMMUNESVAR', tidspunkt: naa(), kanTaImot: true, kontakt: { telefon: '+47 75 00 00 00' } });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ felt: 'kontakt.enhet', melding: 'mangler: oppgi enheten som følger opp pasienten (et telefonnummer alene er ikke nok)' }]);
    const etter = await s.kall(RANA, 'GET', `/api/v1/forlop/${id}`);
    expect(etter.body.hendelser.some((h: { type: string }) => h.type === 'KOMMUNESVAR')).toBe(false);

    // With its enhet it is kept exactly as given.
    const kontakt = { enhet: 'Hjemmetjenesten sone sentrum', telefon: '+47 75 00 00 00' };
    const ok = await hendelse(id, RANA, { type: 'KOMMUNESVAR', tidspunkt: naa(), kanTaImot: false, forventetKlarDato: dato(naa()), kontakt });
    expect(ok.status).toBe(200);
    expect(ok.body.hendelser.find((h: { type: string }) => h.type === 'KOMMUNESVAR').kontakt).toEqual(kontakt);
  });
});

test('an empty list in a kartlegging means "ingen": accepted, kept as given, and the model says so', async () => {
  const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ kartlegging: { inkludert: true } }));
  expect(r.status).toBe(201);
  const skjema = await s.kall(KT_RANA, 'GET', '/api/v1/kartlegging/skjema');
  const p = skjema.body.properties;
  for (const liste of [
    p.tjenesterForInnleggelse.properties.tjenester,
    p.behovEtterUtskrivning.properties.tjenester,
    p.hjelpemidler.properties.har,
    p.hjelpemidler.properties.trenger,
  ]) {
    expect(liste.description).toMatch(/tom liste: ingen/);
    expect(liste.minItems ?? 0).toBe(0);
  }
  const innhold = {
    funksjonOgAdl: {
      personligHygiene: 'selvhjulpen',
      paOgAvkledning: 'selvhjulpen',
      toalett: 'selvhjulpen',
      forflytning: 'selvhjulpen',
      mobilitetInne: 'selvhjulpen',
      mobilitetUte: 'litt_hjelp',
      fallSisteAr: 'ingen',
    },
    kognisjon: { svikt: 'ingen' },
    ernaering: { risiko: 'ingen', utilsiktetVekttap: false },
    legemiddelhandtering: { handteresAv: 'pasienten', pll: 'pll_oppdatert' },
    bolig: { boform: 'enebolig', borAlene: false, tilgjengelighet: 'tilrettelagt' },
    hjelpemidler: { har: [], trenger: [] },
    parorendeOgNettverk: { harParorende: true, parorendeInvolvert: 'ja' },
    tjenesterForInnleggelse: { tjenester: [] },
    pasientensMal: { hvaErViktigForDeg: 'Å komme hjem til hagen' },
    behovEtterUtskrivning: { tjenester: [] },
    anbefaling: { tekst: 'Hjem uten nye tjenester' },
  };
  const f = await hendelse(r.body.id, KT_RANA, { type: 'KARTLEGGING_FULLFORT', tidspunkt: naa(), skjemaVersjon: skjema.body.versjon, innhold });
  expect(f.status).toBe(200);
  const lagret = await s.kall(KT_RANA, 'GET', `/api/v1/forlop/${r.body.id}/kartlegging`);
  expect(lagret.body.fullfort.innhold.tjenesterForInnleggelse.tjenester).toEqual([]);
  expect(lagret.body.fullfort.innhold.hjelpemidler).toEqual({ har: [], trenger: [] });

  // The older form too: no behov found is an empty list.
  const r2 = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ kartlegging: { inkludert: true } }));
  const eldre = await hendelse(r2.body.id, KT_RANA, {
    type: 'KARTLEGGING_FULLFORT',
    tidspunkt: naa(),
    resultat: { funksjon: 'Selvhjulpen', mestring: 'God', behov: [], anbefaling: 'Hjem' },
  });
  expect(eldre.status).toBe(200);
});

describe('a melding om utskrivningsklar pasient without points a–d', () => {
  test('is accepted, and its frist says why it is not a valid melding and that payment does not start', async () => {
    const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ innlagtTidspunkt: naa(180) }));
    const tillatte = await s.kall(SYKEHUS, 'GET', `/api/v1/forlop/${r.body.id}/tillatte-hendelser`);
    expect(tillatte.body.vurderingPunkter.map((x: { punkt: string; felt: string }) => `${x.punkt}:${x.felt}`)).toEqual([
      'a:problemstillingerVedInnleggelseAvklart',
      'b:ovrigeProblemstillingerAvklart',
      'c:uavklarteProblemstillingerAngitt',
      'd:funksjonsnivaaVurdert',
    ]);

    const m = await hendelse(r.body.id, SYKEHUS, {
      type: 'UTSKRIVNINGSKLAR',
      tidspunkt: naa(5),
      vurdertTidspunkt: naa(10),
      vurdering: {
        problemstillingerVedInnleggelseAvklart: false,
        ovrigeProblemstillingerAvklart: true,
        uavklarteProblemstillingerAngitt: true,
        funksjonsnivaaVurdert: false,
      },
    });
    expect(m.status).toBe(200);
    const frist = m.body.frister.find((f: { id: string }) => f.id === 'UTSKRIVNINGSKLAR_MELDING');
    expect(frist).toMatchObject({ status: 'brutt', manglendePunkter: ['a', 'd'] });
    expect(frist.grunn).toMatch(/punkt a og d; den er ikke en gyldig melding, og kommunens betalingsplikt starter ikke/);

    // The ward's board reads the list: the same words there.
    const liste = await s.kall(SYKEHUS, 'GET', '/api/v1/forlop?sykehus=HSYK-MO&limit=200&status=utskrivningsklar');
    const kort = liste.body.data.find((f: { id: string }) => f.id === r.body.id);
    expect(kort.frister.find((f: { id: string }) => f.id === 'UTSKRIVNINGSKLAR_MELDING')).toMatchObject({ manglendePunkter: ['a', 'd'], grunn: frist.grunn });

    // A complete melding after it: its own frist is met, with no points missing and no grunn.
    const ny = await hendelse(r.body.id, SYKEHUS, {
      type: 'UTSKRIVNINGSKLAR',
      tidspunkt: naa(),
      vurdertTidspunkt: naa(1),
      vurdering: {
        problemstillingerVedInnleggelseAvklart: true,
        ovrigeProblemstillingerAvklart: true,
        uavklarteProblemstillingerAngitt: true,
        funksjonsnivaaVurdert: true,
      },
    });
    expect(ny.status).toBe(200);
    const siste = ny.body.frister.filter((f: { id: string }) => f.id === 'UTSKRIVNINGSKLAR_MELDING').at(-1);
    expect(siste).toMatchObject({ status: 'oppfylt', grunn: null });
    expect(siste.manglendePunkter).toBeUndefined();
  });
});
