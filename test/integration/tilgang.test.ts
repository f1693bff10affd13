/**
 * The authorization table (api/tilgang.ts) walked against the running API: every documented
 * route has a row, every row a route; no token, an expired token, a wrong issuer and a wrong
 * signature are 401 on every API route; and for every route and every rolle, the rolle's own
 * party is let in (no 401/403/404), another party is refused (403 or 404), a rolle marked `nei`
 * is 403, one marked `skjult` finds nothing (404), and a list shows a party only its own.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { TILGANG, type Rute, type Tilgang } from '../../api/tilgang';
import type { Principal, Rolle } from '../../workflows/types';
import { iTransaksjon } from '../../db/pool';
import { leggTilVarsler } from '../../db/varsler';
import { ploXml } from '../helpers/plo';
import { forlopBody, HEMNES, KT_RANA, RANA, SAMHANDLING, startStack, SYKEHUS, testFnr, type Stack } from '../helpers/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.pool.query('DELETE FROM dognpris WHERE ar = 2018').catch(() => undefined);
  await s?.stopp();
});

/** Each rolle's own party (the fixtures belong to these) and another party of the same rolle. */
const PARTER: Record<Rolle, { egen: Principal; annen: Principal | null }> = {
  sykehus: { egen: SYKEHUS, annen: { rolle: 'sykehus', org: 'HSYK-SSJ' } },
  kartleggingsteam: { egen: KT_RANA, annen: { rolle: 'kartleggingsteam', org: 'KT-ALSTAHAUG' } },
  kommune: { egen: RANA, annen: HEMNES },
  samhandling: { egen: SAMHANDLING, annen: null },
  admin: { egen: { rolle: 'admin', org: '' }, annen: null },
};
const ROLLER = Object.keys(PARTER) as Rolle[];

interface Fixtur {
  forlopId: string;
  /** One avvik on the forløp for each party that can be responsible. */
  avvikFor: Record<'sykehus' | 'kartleggingsteam' | 'kommune', string>;
}
let f: Fixtur;
const ediFixtur = randomUUID();

beforeAll(async () => {
  const sykehus = PARTER.sykehus.egen;
  const r = await s.kall(sykehus, 'POST', '/api/v1/forlop', forlopBody({ kartlegging: { inkludert: true } }));
  expect(r.status).toBe(201);
  const avvikFor = {} as Fixtur['avvikFor'];
  for (const ansvarlig of ['sykehus', 'kartleggingsteam', 'kommune'] as const) {
    const melder = ansvarlig === 'kommune' ? sykehus : PARTER.kommune.egen;
    const a = await s.kall(melder, 'POST', '/api/v1/avvik', { forlopId: r.body.id, beskrivelse: 'Tilgangstest', ansvarlig });
    expect(a.status).toBe(201);
    avvikFor[ansvarlig] = a.body.id;
  }
  f = { forlopId: r.body.id, avvikFor };
  // One PLO message from HSYK-MO to Rana, for the message log's scope.
  const plo = ploMelding('sykehus');
  const p = await s.kall(sykehus, 'POST', '/api/v1/plo/meldinger', plo.xml, { 'content-type': 'application/xml' });
  expect(p.status).toBe(200);
  ploFixtur = plo.msgId;
  // An incoming EDI message set aside, for prov-igjen to find.
  await s.pool.query(
    `INSERT INTO edi_mottak (melding_id, dokument_kryptert, forsok, siste_feil, feilet) VALUES ($1, 'x', 5, 'TypeError: tilgangstest', now())`,
    [ediFixtur],
  );
});

interface Foresporsel {
  metode: string;
  sti: string;
  body?: unknown;
  /** For a list: whether the answer shows the fixture (a party sees only its own). */
  viser?: (svar: any) => boolean;
  headers?: Record<string, string>;
}

/**
 * A PLO message of the rolle's own party (its HER-ids in the seeded address table): the sykehus
 * (HSYK-MO's medisinsk avdeling) melds an admission to Rana, Rana orients about a death. Another
 * party posting it is not its sender (403).
 */
function ploMelding(rolle: Rolle): { xml: string; msgId: string } {
  const lokal = new Date(Date.now() + 3_600_000).toISOString().slice(0, 19);
  return rolle === 'kommune'
    ? ploXml({
        type: 'LOG_DOD',
        genDate: lokal,
        avsender: ['918330', '918331'],
        mottaker: ['8100000', '8101000'],
        fnr: testFnr(),
        hendelser: [{ kode: 13, tid: lokal.slice(0, 10) }],
      })
    : ploXml({
        type: 'LOG_INNLAGT',
        genDate: lokal,
        avsender: ['8100000', '8101001'],
        mottaker: ['918330', '918331'],
        fnr: testFnr(),
        hendelser: [{ kode: 1, tid: lokal }],
      });
}
let ploFixtur: string;

const HENDELSE_FOR: Record<Rolle, Record<string, unknown>> = {
  sykehus: { type: 'STATUSENDRING', beskrivelse: 'Tilgangstest' },
  kartleggingsteam: { type: 'KARTLEGGING_STARTET' },
  kommune: { type: 'KOMMUNESVAR', kanTaImot: true },
  samhandling: { type: 'STATUSENDRING', beskrivelse: 'Tilgangstest' },
  admin: { type: 'STATUSENDRING', beskrivelse: 'Tilgangstest' },
};

/** The request a principal makes on a route, against the fixture of the rolle's own party. */
async function foresporsel(rute: Rute, p: Principal): Promise<Foresporsel> {
  const forlop = f.forlopId;
  const ansvarligAvvik = p.rolle === 'sykehus' || p.rolle === 'kartleggingsteam' || p.rolle === 'kommune' ? f.avvikFor[p.rolle] : f.avvikFor.kommune;
  switch (rute) {
    case 'POST /api/v1/forlop':
      return { metode: 'POST', sti: '/api/v1/forlop', body: forlopBody() };
    case 'GET /api/v1/forlop':
      return { metode: 'GET', sti: '/api/v1/forlop?limit=200&fra=2000-01-01', viser: (b) => b.data.some((x: { id: string }) => x.id === forlop) };
    case 'GET /api/v1/forlop/{id}':
      return { metode: 'GET', sti: `/api/v1/forlop/${forlop}` };
    case 'GET /api/v1/forlop/{id}/tillatte-hendelser':
      return { metode: 'GET', sti: `/api/v1/forlop/${forlop}/tillatte-hendelser` };
    case 'POST /api/v1/forlop/{id}/hendelser':
      return { metode: 'POST', sti: `/api/v1/forlop/${forlop}/hendelser`, body: { tidspunkt: new Date().toISOString(), ...HENDELSE_FOR[p.rolle] } };
    case 'GET /api/v1/avvik':
      return { metode: 'GET', sti: `/api/v1/avvik?limit=200`, viser: (b) => b.data.some((x: { forlopId: string }) => x.forlopId === forlop) };
    case 'GET /api/v1/avvik/{id}':
      // A party sees the avvik it is responsible for or the other party of.
      return { metode: 'GET', sti: `/api/v1/avvik/${ansvarligAvvik}` };
    case 'POST /api/v1/avvik':
      return {
        metode: 'POST',
        sti: '/api/v1/avvik',
        body: { forlopId: forlop, beskrivelse: 'Tilgangstest', ansvarlig: p.rolle === 'kommune' ? 'sykehus' : 'kommune' },
      };
    case 'POST /api/v1/avvik/{id}/behandling':
      // The responsible party's own avvik; a comment keeps its status.
      return { metode: 'POST', sti: `/api/v1/avvik/${ansvarligAvvik}/behandling`, body: { status: 'åpen', kommentar: 'Sett' } };
    case 'GET /api/v1/varsler':
      return { metode: 'GET', sti: '/api/v1/varsler' };
    case 'GET /api/v1/varsler/{id}/leveringer': {
      // A varsel on the fixture to the rolle's own party (samhandling reads one to Rana): another party's is 404.
      const org = p.rolle === 'samhandling' || p.rolle === 'admin' ? RANA.org : PARTER[p.rolle].egen.org;
      const id = randomUUID();
      await iTransaksjon(s.pool, (c) =>
        leggTilVarsler(c, [{ id, mottakerOrg: org, type: 'PAMINNELSE', forlopId: f.forlopId, frist: null, tekst: 'Tilgangstest' }]),
      );
      return { metode: 'GET', sti: `/api/v1/varsler/${id}/leveringer` };
    }
    case 'POST /api/v1/webhooks':
      return { metode: 'POST', sti: '/api/v1/webhooks', body: { url: 'http://127.0.0.1:9/tilgang' } };
    case 'GET /api/v1/webhooks':
      return { metode: 'GET', sti: '/api/v1/webhooks' };
    case 'DELETE /api/v1/webhooks/{id}': {
      // A webhook of the rolle's own party (made by an allowed principal of that org).
      const eier = p.rolle === 'admin' ? PARTER.kommune.egen : PARTER[p.rolle].egen;
      const w = await s.kall(eier, 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/slett' });
      expect(w.status).toBe(201);
      return { metode: 'DELETE', sti: `/api/v1/webhooks/${w.body.id}` };
    }
    case 'GET /api/v1/konfigurasjon/kommuner/{nr}':
      return { metode: 'GET', sti: '/api/v1/konfigurasjon/kommuner/1811' };
    case 'PUT /api/v1/konfigurasjon/kommuner/{nr}':
      return { metode: 'PUT', sti: '/api/v1/konfigurasjon/kommuner/1811', body: {} };
    case 'GET /api/v1/konfigurasjon/dognpris':
      return { metode: 'GET', sti: '/api/v1/konfigurasjon/dognpris' };
    case 'PUT /api/v1/konfigurasjon/dognpris/{ar}':
      return { metode: 'PUT', sti: '/api/v1/konfigurasjon/dognpris/2018', body: { belop: 5000 } };
    case 'POST /api/v1/codec/decode':
    case 'POST /api/v1/codec/encode':
      return { metode: 'POST', sti: `/api/v1/codec/${rute.endsWith('decode') ? 'decode' : 'encode'}`, body: { payloads: [] } };
    case 'GET /api/v1/kartlegging/skjema/{versjon}':
      return { metode: 'GET', sti: '/api/v1/kartlegging/skjema/1' };
    case 'GET /api/v1/forlop/{id}/utskrivningsinformasjon':
      return { metode: 'GET', sti: `/api/v1/forlop/${forlop}/utskrivningsinformasjon` };
    case 'GET /api/v1/forlop/{id}/kartlegging':
      return { metode: 'GET', sti: `/api/v1/forlop/${forlop}/kartlegging` };
    case 'PUT /api/v1/forlop/{id}/kartlegging':
      return { metode: 'PUT', sti: `/api/v1/forlop/${forlop}/kartlegging`, body: { skjemaVersjon: '1', innhold: { kognisjon: { svikt: 'ingen' } } } };
    case 'GET /api/v1/kartleggingsteam/{id}/arbeidsliste': {
      // Its own team's list (samhandling reads KT-RANA's): the fixture is included at HSYK-MO.
      const team = p.rolle === 'kartleggingsteam' ? p.org : 'KT-RANA';
      return {
        metode: 'GET',
        sti: `/api/v1/kartleggingsteam/${team}/arbeidsliste?limit=200`,
        viser: (b) => b.data.some((x: { forlopId: string }) => x.forlopId === forlop),
      };
    }
    case 'PUT /api/v1/konfigurasjon/kartlegging': {
      // The criteria in force, saved again as a new version: allowed, and changes no rule.
      const naa = await s.kall({ rolle: 'admin', org: '' }, 'GET', '/api/v1/konfigurasjon/kartlegging');
      return { metode: 'PUT', sti: '/api/v1/konfigurasjon/kartlegging', body: naa.body.kriterier };
    }
    case 'POST /api/v1/plo/meldinger':
      // The own party's message; another party of the rolle is not its sender.
      return { metode: 'POST', sti: '/api/v1/plo/meldinger', body: ploMelding(p.rolle).xml, headers: { 'content-type': 'application/xml' } };
    case 'GET /api/v1/plo/meldinger':
      return { metode: 'GET', sti: '/api/v1/plo/meldinger?limit=200', viser: (b) => b.data.some((x: { msgId: string }) => x.msgId === ploFixtur) };
    case 'PUT /api/v1/konfigurasjon/adresser/{herId}':
      return { metode: 'PUT', sti: '/api/v1/konfigurasjon/adresser/8199999', body: { org: 'MOTOR', navn: 'Utskrivningsforløp (motoren), PLO-mottak' } };
    case 'GET /api/v1/drift/forlop':
      return { metode: 'GET', sti: '/api/v1/drift/forlop' };
    case 'POST /api/v1/edi/mottak/{meldingId}/prov-igjen':
      return { metode: 'POST', sti: `/api/v1/edi/mottak/${ediFixtur}/prov-igjen` };
    // Reports: a kommune's figures show the fixture (RANA's) only to RANA.
    case 'GET /api/v1/rapporter/indikatorer':
      return {
        metode: 'GET',
        sti: '/api/v1/rapporter/indikatorer?fra=2000-01-01&til=2100-12-31&gruppering=total',
        viser: (b) =>
          b.data.some((x: { oppholdskommune: string; indikatorer: { forlop: number } }) => x.oppholdskommune === '1833' && x.indikatorer.forlop > 0),
      };
    case 'GET /api/v1/rapporter/sammenligning':
      return {
        metode: 'GET',
        sti: '/api/v1/rapporter/sammenligning?fra=2000-01-01&til=2100-12-31&grunnlagFra=1990-01-01&grunnlagTil=1990-12-31&deltakere=1833',
        viser: (b) => b.data.find((x: { gruppe: string }) => x.gruppe === 'deltakere').periode.forlop > 0,
      };
    case 'GET /api/v1/rapporter/overliggerdogn':
      return { metode: 'GET', sti: '/api/v1/rapporter/overliggerdogn?fra=2000-01-01&til=2100-12-31' };
    default: {
      const [metode, sti] = rute.split(' ');
      return { metode, sti };
    }
  }
}

const INN = (status: number) => ![401, 403, 404].includes(status);

const API_RUTER = (Object.keys(TILGANG) as Rute[]).filter((r) => TILGANG[r] !== 'apen');
const APNE_RUTER = (Object.keys(TILGANG) as Rute[]).filter((r) => TILGANG[r] === 'apen');

test('every documented route has a row in the table, and every row is a documented route', async () => {
  const doc = (await fetch(`${s.baseUrl}/openapi.json`).then((r) => r.json())) as { paths: Record<string, Record<string, unknown>> };
  const dokumentert = Object.entries(doc.paths).flatMap(([sti, op]) =>
    Object.keys(op)
      .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
      .map((m) => `${m.toUpperCase()} ${sti}`),
  );
  expect([...dokumentert].sort()).toEqual(Object.keys(TILGANG).sort());
});

/** The body an open POST takes (the development token: a party to sign in as). */
const APEN_KROPP: Partial<Record<Rute, unknown>> = { 'POST /api/v1/innlogging/utviklingstoken': { rolle: 'kommune', org: '1833' } };

test.each(APNE_RUTER)('%s is open without a token', async (rute) => {
  const [metode, sti] = rute.split(' ');
  const kropp = APEN_KROPP[rute];
  const r = await fetch(`${s.baseUrl}${sti}`, {
    method: metode,
    ...(kropp ? { body: JSON.stringify(kropp), headers: { 'content-type': 'application/json' } } : {}),
  });
  expect(r.status).toBe(200);
});

describe('a request without a valid token is 401 on every API route', () => {
  const naa = Math.floor(Date.now() / 1000);
  const tokener: Record<string, () => Promise<string | null>> = {
    'no token': async () => null,
    'an expired token': () =>
      new SignJWT({ rolle: 'samhandling', org: 'HSYK' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(s.config.auth.issuer)
        .setIssuedAt(naa - 7200)
        .setExpirationTime(naa - 3600)
        .sign(s.jwtSecret),
    'a wrong issuer': () =>
      new SignJWT({ rolle: 'samhandling', org: 'HSYK' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('urn:en:annen')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(s.jwtSecret),
    'a wrong signature': () =>
      new SignJWT({ rolle: 'samhandling', org: 'HSYK' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(s.config.auth.issuer)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new Uint8Array(32).fill(7)),
  };
  test.each(Object.keys(tokener))('%s', async (hva) => {
    const token = await tokener[hva]();
    for (const rute of API_RUTER) {
      const [metode, sti] = rute.split(' ');
      const r = await fetch(`${s.baseUrl}${sti.replace(/\{[^}]+\}/g, randomUUID())}`, {
        method: metode,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
        body: metode === 'GET' || metode === 'DELETE' ? undefined : '{}',
      });
      expect({ rute, status: r.status }).toEqual({ rute, status: 401 });
    }
  });
});

const CELLER = API_RUTER.flatMap((rute) => ROLLER.map((rolle) => [rute, rolle] as const));

test.each(CELLER)('%s as %s', async (rute, rolle) => {
  const rad = TILGANG[rute] as Record<Rolle, Tilgang>;
  const { egen, annen } = PARTER[rolle];
  const kall = async (p: Principal) => {
    const q = await foresporsel(rute, p);
    const r = await s.kall(p, q.metode, q.sti, q.body, q.headers);
    return { ...r, viser: q.viser };
  };
  const eget = await kall(egen);
  if (rad[rolle] === 'nei') {
    expect({ status: eget.status, type: eget.body?.type }).toEqual({ status: 403, type: expect.stringMatching(/forbudt$/) });
    return;
  }
  if (rad[rolle] === 'skjult') {
    expect({ status: eget.status, type: eget.body?.type }).toEqual({ status: 404, type: expect.stringMatching(/ikke-funnet$/) });
    return;
  }
  expect({ status: eget.status, inn: INN(eget.status) }).toEqual({ status: eget.status, inn: true });
  if (eget.viser) expect(eget.viser(eget.body)).toBe(true);
  if (rad[rolle] === 'egen' && annen) {
    const annet = await kall(annen);
    if (annet.viser) {
      expect(annet.status).toBe(200);
      expect(annet.viser(annet.body)).toBe(false); // another party's forløp is not in its list
    } else if (
      ![
        'POST /api/v1/webhooks',
        'GET /api/v1/webhooks',
        'GET /api/v1/varsler',
        'GET /api/v1/varsler/ikke-levert',
        'GET /api/v1/rapporter/overliggerdogn',
      ].includes(rute)
    ) {
      // (its own feed, webhooks and undelivered varsler are the other party's own; so are its own overliggerdøgn
      // figures, none of the fixture's: test/integration/rapporter.test.ts shows it another's are not)
      expect([403, 404]).toContain(annet.status);
    }
  }
});

describe('the access log', () => {
  test('every read of a forløp is there, with who, org and how, filtered for the samhandlingsavdeling', async () => {
    const kommune = PARTER.kommune.egen;
    expect((await s.kall(kommune, 'GET', `/api/v1/forlop/${f.forlopId}`)).status).toBe(200);
    const samhandling = PARTER.samhandling.egen;
    const r = await s.kall(samhandling, 'GET', `/api/v1/tilgangslogg?forlopId=${f.forlopId}&rolle=kommune&org=1833`);
    expect(r.status).toBe(200);
    expect(r.body.data.length).toBeGreaterThan(0);
    expect(
      r.body.data.every((x: { forlopId: string; rolle: string; org: string }) => x.forlopId === f.forlopId && x.rolle === 'kommune' && x.org === '1833'),
    ).toBe(true);
    expect(r.body.data.map((x: { handling: string }) => x.handling)).toContain('les');
    expect(r.body.sisteId).toBe(r.body.data[r.body.data.length - 1].id);
    const neste = await s.kall(samhandling, 'GET', `/api/v1/tilgangslogg?forlopId=${f.forlopId}&rolle=kommune&etter=${r.body.sisteId}`);
    expect(neste.body.data).toEqual([]);
  });

  test('it can only grow: an update or a delete is refused by the database itself', async () => {
    await expect(s.pool.query('UPDATE lesing SET org = org WHERE forlop_id = $1', [f.forlopId])).rejects.toThrow(/kan bare utvides/);
    await expect(s.pool.query('DELETE FROM lesing WHERE forlop_id = $1', [f.forlopId])).rejects.toThrow(/kan bare utvides/);
  });
});
