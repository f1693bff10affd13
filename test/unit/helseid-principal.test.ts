/** The principal from a HelseID token's claims: the rolle from the one scope, the org from orgnr_child before orgnr_parent. */
import { ORGNR_CHILD, ORGNR_PARENT, principalFraHelseId } from '../../api/auth-helseid';
import { Problem } from '../../api/problem';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { lastKonfig } from '../../config';

/** As the address table gives it (db/plo.ts hentOrgnrKart). */
const KART = new Map(Object.entries({ '999000001': 'HSYK-MO', '999000002': 'HSYK', '999000003': '1833' }));

test('the unit (orgnr_child) is the org when it is mapped, else the organisation (orgnr_parent)', () => {
  expect(
    principalFraHelseId({ scope: 'openid utskrivningsforlop:sykehus', [ORGNR_PARENT]: '999000002', [ORGNR_CHILD]: '999000001' }, 'utskrivningsforlop', KART),
  ).toEqual({
    rolle: 'sykehus',
    org: 'HSYK-MO',
  });
  expect(
    principalFraHelseId({ scope: 'utskrivningsforlop:samhandling', [ORGNR_PARENT]: '999000002', [ORGNR_CHILD]: '999000099' }, 'utskrivningsforlop', KART),
  ).toEqual({
    rolle: 'samhandling',
    org: 'HSYK',
  });
  expect(principalFraHelseId({ scope: ['utskrivningsforlop:kommune'], [ORGNR_PARENT]: '999000003' }, 'utskrivningsforlop', KART)).toEqual({
    rolle: 'kommune',
    org: '1833',
  });
});

test('admin needs no mapped organisation (it is who maps them); any other rolle is refused 401 invalid_token', () => {
  expect(principalFraHelseId({ scope: 'utskrivningsforlop:admin', [ORGNR_PARENT]: '999999999' }, 'utskrivningsforlop', KART)).toEqual({
    rolle: 'admin',
    org: '',
  });
  expect(() => principalFraHelseId({ scope: 'utskrivningsforlop:kommune', [ORGNR_PARENT]: '999999999' }, 'utskrivningsforlop', KART)).toThrow(
    expect.objectContaining({ status: 401, detail: 'Organisasjonen i tokenet er ikke registrert i motoren' }),
  );
  for (const claims of [{ [ORGNR_PARENT]: '999999999' }, {}]) {
    let feil: unknown;
    try {
      principalFraHelseId({ scope: 'utskrivningsforlop:sykehus', ...claims }, 'utskrivningsforlop', KART);
    } catch (e) {
      feil = e;
    }
    expect((feil as Problem).status).toBe(401);
    expect((feil as Problem).headers['WWW-Authenticate']).toMatch(/^DPoP error="invalid_token"/);
  }
});

test('HELSEID_ORGNR, still set from before, stops the engine at start with a message that says where the numbers go now', () => {
  expect(() => lastKonfig({ AUTH_MODUS: 'helseid', HELSEID_ORGNR: '{"999000001":"HSYK-MO"}' })).toThrow(/HELSEID_ORGNR er fjernet.*adressetabellen/);
  expect(() => lastKonfig({ AUTH_MODUS: 'helseid' })).not.toThrow();
});

test('scripts/start.ts with HELSEID_ORGNR set exits 1 saying so, before it starts anything', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { PATH: process.env.PATH, HELSEID_ORGNR: '{"999000001":"HSYK-MO"}', START_ROLLER: 'api' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('[start] HELSEID_ORGNR er fjernet');
  expect(r.stdout).toBe('');
}, 90_000);

test('no rolle scope, an unknown rolle or two rolle scopes: 403 insufficient_scope', () => {
  for (const scope of ['openid nhn:msh/api', 'utskrivningsforlop:pasient', 'utskrivningsforlop:sykehus utskrivningsforlop:admin', 'annet:sykehus']) {
    let feil: unknown;
    try {
      principalFraHelseId({ scope, [ORGNR_PARENT]: '999000002' }, 'utskrivningsforlop', KART);
    } catch (e) {
      feil = e;
    }
    expect([scope, feil]).toEqual([scope, expect.any(Problem)]);
    expect((feil as Problem).status).toBe(403);
    expect((feil as Problem).headers['WWW-Authenticate']).toMatch(/^DPoP error="insufficient_scope"/);
  }
});
