/**
 * What the web interface needs from the API, through HTTP: the open sign-in endpoints (the
 * development token only in development), the hendelser a forløp accepts now as the machine says
 * (per rolle), and the interface at / with a Content-Security-Policy that lets in only its own
 * files. The interface itself is driven in a real browser by test/integration/web.test.ts.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { feilhandterer } from '../../api/problem';
import { innloggingRouter, webCsp } from '../../api/web';
import { ARK_STIL_KILDE } from '../../api/utskrivningsinformasjon/html';
import pino from 'pino';
import { forlopBody, RANA, SAMHANDLING, startStack, SYKEHUS, type Stack } from '../helpers/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stopp();
});

const json = (r: Response): Promise<any> => r.json();

const post = (sti: string, body: unknown) =>
  fetch(`${s.baseUrl}${sti}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('sign-in', () => {
  test('GET /api/v1/innlogging is open and names the mode and the parties to choose from', async () => {
    const r = await fetch(`${s.baseUrl}/api/v1/innlogging`);
    expect(r.status).toBe(200);
    const b = await json(r);
    expect(b).toMatchObject({ modus: 'dev', utviklingstoken: true, oidc: null });
    expect(b.parter.sykehus.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['HSYK-MO', 'HSYK-SSJ']));
    expect(b.parter.kommune).toContainEqual({ id: '1833', navn: 'Rana' });
    expect(b.parter.kartleggingsteam.map((x: { id: string }) => x.id)).toContain('KT-RANA');
    expect(b.parter.samhandling).toEqual([{ id: 'HSYK', navn: 'Samhandlingsavdelingen' }]);
  });

  test('a development token for a known party works against the API; an unknown org is 400 naming it', async () => {
    const r = await post('/api/v1/innlogging/utviklingstoken', { rolle: 'sykehus', org: 'HSYK-MO' });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const { token, rolle, org, utloper } = await json(r);
    expect({ rolle, org }).toEqual({ rolle: 'sykehus', org: 'HSYK-MO' });
    expect(Date.parse(utloper)).toBeGreaterThan(Date.now());
    const liste = await fetch(`${s.baseUrl}/api/v1/forlop?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(liste.status).toBe(200);

    const ukjent = await post('/api/v1/innlogging/utviklingstoken', { rolle: 'kommune', org: '9999' });
    expect(ukjent.status).toBe(400);
    expect((await json(ukjent)).errors).toEqual([expect.objectContaining({ felt: 'org' })]);
  });

  test('refused with NODE_ENV=production', async () => {
    const for_ = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const r = await post('/api/v1/innlogging/utviklingstoken', { rolle: 'samhandling', org: 'HSYK' });
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
      expect((await json(await fetch(`${s.baseUrl}/api/v1/innlogging`))).utviklingstoken).toBe(false);
    } finally {
      process.env.NODE_ENV = for_;
    }
  });

  test('refused with AUTH_MODUS=oidc, where the interface is told the issuer and its client for PKCE', async () => {
    const config = {
      ...s.config,
      auth: { ...s.config.auth, modus: 'oidc' as const, issuer: 'https://helseid-sts.test.nhn.no', webKlientId: 'utskrivning-web' },
    };
    const app = express();
    app.use('/api/v1', innloggingRouter({ pool: s.pool, config, jwtSecret: s.jwtSecret }));
    app.use(feilhandterer(pino({ level: 'silent' })));
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const x = app.listen(0, '127.0.0.1', () => resolve(x));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await fetch(`${base}/api/v1/innlogging/utviklingstoken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rolle: 'samhandling', org: 'HSYK' }),
      });
      expect(r.status).toBe(403);
      const i = await json(await fetch(`${base}/api/v1/innlogging`));
      expect(i).toMatchObject({
        modus: 'oidc',
        utviklingstoken: false,
        oidc: { issuer: 'https://helseid-sts.test.nhn.no', klientId: 'utskrivning-web', scope: 'openid' },
      });
      // The identity provider's origin is the only other place the interface may connect to.
      expect(webCsp(config)).toMatch(/connect-src 'self' https:\/\/helseid-sts\.test\.nhn\.no;/);
    } finally {
      server.close();
    }
  });
});

test('GET /api/v1/forlop/{id}/tillatte-hendelser: what the machine accepts now, and what the caller’s rolle may send of it', async () => {
  const f = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody());
  expect(f.status).toBe(201);
  const id = f.body.id as string;
  const sti = `/api/v1/forlop/${id}/tillatte-hendelser`;

  const avdeling = await s.kall(SYKEHUS, 'GET', sti);
  expect(avdeling.status).toBe(200);
  expect(avdeling.body.status).toBe('innlagt');
  expect(avdeling.body.tillatte).toEqual(expect.arrayContaining(['INNLEGGELSESMELDING_SENDT', 'UTSKRIVNINGSKLAR', 'UTSKREVET', 'FORLOP_AVBRUTT']));
  expect(avdeling.body.tillatte).not.toContain('KOMMUNESVAR');
  expect((await s.kall(RANA, 'GET', sti)).body.tillatte).toEqual([]);

  const naa = new Date().toISOString();
  const meldt = await s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, {
    type: 'UTSKRIVNINGSKLAR',
    tidspunkt: naa,
    vurdertTidspunkt: naa,
    vurdering: {
      problemstillingerVedInnleggelseAvklart: true,
      ovrigeProblemstillingerAvklart: true,
      uavklarteProblemstillingerAngitt: true,
      funksjonsnivaaVurdert: true,
    },
  });
  expect(meldt.status).toBe(200);
  const kommune = await s.kall(RANA, 'GET', sti);
  expect(kommune.body).toMatchObject({ status: 'utskrivningsklar' });
  expect(kommune.body.tillatte.sort()).toEqual(['KOMMUNESVAR', 'TILBUD_KLART']);
  // Samhandling reads every forløp and sends no hendelse.
  const samhandling = await s.kall(SAMHANDLING, 'GET', sti);
  expect(samhandling.body.tillatte).toEqual([]);
  expect(samhandling.body.alle).toEqual(expect.arrayContaining(['KOMMUNESVAR', 'UTSKRIVNINGSKLAR_AVMELDT']));
  // Another kommune: as if it did not exist.
  expect((await s.kall({ rolle: 'kommune', org: '1832' }, 'GET', sti)).status).toBe(404);

  await s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, {
    type: 'FORLOP_AVBRUTT',
    tidspunkt: new Date().toISOString(),
    arsak: 'Registrert ved en feil',
  });
  expect((await s.kall(SYKEHUS, 'GET', sti)).body).toMatchObject({ status: 'avbrutt', tillatte: [], alle: [] });
});

test('GET / serves the interface with a policy that allows its own scripts and styles only', async () => {
  const r = await fetch(`${s.baseUrl}/`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/text\/html/);
  const csp = r.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  // Its own styles, and the patient's sheet's one style by its hash (the sheet opens from a blob, which keeps this policy).
  expect(csp).toContain(`style-src 'self' ${ARK_STIL_KILDE};`);
  expect(ARK_STIL_KILDE).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
  expect(csp).toMatch(/connect-src 'self'(;|$)/);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(await r.text()).toMatch(/<html lang="nb"/);
  // An unknown asset is a 404 problem, not the page.
  const mangler = await fetch(`${s.baseUrl}/assets/finnes-ikke.js`);
  expect(mangler.status).toBe(404);
});

test('the interface’s own addresses (a forløp, an avvik, a kartlegging) serve the same page; the API’s and unknown paths do not', async () => {
  const side = await (await fetch(`${s.baseUrl}/`)).text();
  const id = '8d6f1c2e-4b1a-4f7e-9a51-2f0c3d4e5a6b';
  for (const sti of [`/forlop/${id}`, '/forlop', `/avvik/${id}`, '/avvik', `/kartlegging/${id}`, '/indikatorer', '/plo', '/ikke-levert']) {
    const r = await fetch(`${s.baseUrl}${sti}`);
    expect({ sti, status: r.status, type: r.headers.get('content-type') }).toEqual({ sti, status: 200, type: expect.stringMatching(/text\/html/) });
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    expect(await r.text()).toBe(side);
  }
  // Under /api the API answers (no token: 401 as a problem), and a path the interface does not have is a 404 problem.
  for (const [sti, status] of [
    [`/api/v1/forlop/${id}`, 401],
    [`/forlop/${id}/hendelser`, 404],
    ['/kartlegging', 404],
    ['/ukjent', 404],
  ] as const) {
    const r = await fetch(`${s.baseUrl}${sti}`);
    expect({ sti, status: r.status, type: r.headers.get('content-type') }).toEqual({ sti, status, type: expect.stringMatching(/problem\+json/) });
  }
});

test('the icon the page links, and /favicon.ico where a browser asks by default, are the same SVG', async () => {
  const side = await (await fetch(`${s.baseUrl}/`)).text();
  expect(side).toMatch(/<link rel="icon" type="image\/svg\+xml" href="\/favicon.svg"/);
  const [svg, ico] = await Promise.all([fetch(`${s.baseUrl}/favicon.svg`), fetch(`${s.baseUrl}/favicon.ico`)]);
  for (const r of [svg, ico]) {
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  }
  const tekst = await svg.text();
  expect(tekst).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(await ico.text()).toBe(tekst);
});
