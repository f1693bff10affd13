/**
 * docker-compose.yml is what a hospital's operator runs; these are the checks they would make
 * by reading it (no Docker engine needed).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

type Env = Record<string, string>;
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Env | string[];
  env_file?: string | Array<string | { path: string }>;
  ports?: Array<string | { target: number; published?: string | number }>;
  expose?: Array<string | number>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test: string | string[]; disable?: boolean };
  volumes?: Array<string | { source?: string; target: string }>;
  configs?: Array<string | { source: string; target?: string }>;
}

const rot = path.join(__dirname, '..', '..');
const compose = YAML.parse(fs.readFileSync(path.join(rot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  configs?: Record<string, unknown>;
};
const services = compose.services;

function env(s: Service): Env {
  const e = s.environment ?? {};
  if (!Array.isArray(e)) return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(
    e.map((linje) => {
      const i = linje.indexOf('=');
      return i < 0 ? [linje, ''] : [linje.slice(0, i), linje.slice(i + 1)];
    }),
  );
}
function avhengigheter(s: Service): Record<string, string | undefined> {
  const d = s.depends_on ?? [];
  return Array.isArray(d) ? Object.fromEntries(d.map((n) => [n, undefined])) : Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v?.condition]));
}
function build(s: Service): { context: string; dockerfile: string } | undefined {
  if (!s.build) return undefined;
  if (typeof s.build === 'string') return { context: s.build, dockerfile: 'Dockerfile' };
  return { context: s.build.context ?? '.', dockerfile: s.build.dockerfile ?? 'Dockerfile' };
}
function envFiler(s: Service): string[] {
  const f = s.env_file ?? [];
  return (Array.isArray(f) ? f : [f]).map((x) => (typeof x === 'string' ? x : x.path));
}
function harHelsesjekk(s: Service): boolean {
  return !!s.healthcheck && !s.healthcheck.disable && s.healthcheck.test !== 'NONE' && !(Array.isArray(s.healthcheck.test) && s.healthcheck.test[0] === 'NONE');
}
/** A value that is only an interpolation from the operator's .env, e.g. `${X:?...}`. */
const KUN_INTERPOLASJON = /^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$/;

describe('docker-compose.yml', () => {
  it('has the engine database, Temporal, its web UI, the worker and the API', () => {
    for (const navn of ['postgresql', 'temporal', 'temporal-ui', 'engine-worker', 'engine-api']) {
      expect(services[navn]).toBeDefined();
    }
  });

  it('runs the API and the worker as separate services from the same image, selected by START_ROLLER', () => {
    const api = services['engine-api'];
    const worker = services['engine-worker'];
    expect(build(api)).toEqual(build(worker));
    expect(build(api)?.context).toBe('.');
    expect(fs.existsSync(path.join(rot, build(api)!.dockerfile))).toBe(true);
    expect(api.image).toBe(worker.image);
    expect(env(api).START_ROLLER).toBe('api');
    expect(env(worker).START_ROLLER).toBe('worker');
    for (const s of [api, worker]) {
      expect(env(s).NODE_ENV).toBe('production');
      expect(env(s).TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(new URL(env(s).DATABASE_URL.replace(/\$\{[^}]*\}/g, 'x')).host).toBe('postgresql:5432');
    }
    // The worker serves no HTTP.
    expect(worker.ports ?? []).toHaveLength(0);
  });

  it('the Dockerfile starts the compiled start script, which honours START_ROLLER', () => {
    const dockerfile = fs.readFileSync(path.join(rot, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/CMD \[\s*"node",\s*"dist\/scripts\/start\.js"\s*\]/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/db\/migrations/);
    expect(dockerfile).not.toMatch(/COPY \. \./); // never data/ or .tools/ into the image
    const start = fs.readFileSync(path.join(rot, 'scripts', 'start.ts'), 'utf8');
    expect(start).toContain('START_ROLLER');
    const pkg = JSON.parse(fs.readFileSync(path.join(rot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toBeDefined();
  });

  it('persists Temporal to its own PostgreSQL, schema set up before the server starts', () => {
    const t = env(services.temporal);
    expect(t.DB).toMatch(/^postgres/);
    const seed = t.POSTGRES_SEEDS;
    expect(seed).toBeDefined();
    expect(seed).not.toBe('postgresql'); // not the engine's database server
    expect(services[seed].image).toMatch(/^postgres:/);
    expect(t.POSTGRES_PWD).toMatch(KUN_INTERPOLASJON);
    const deps = avhengigheter(services.temporal);
    expect(deps[seed]).toBe('service_healthy');
    const schemajobb = Object.entries(deps).find(([, c]) => c === 'service_completed_successfully');
    expect(schemajobb).toBeDefined();
    // Both PostgreSQL servers keep their data in named volumes.
    for (const navn of ['postgresql', seed]) {
      const v = services[navn].volumes ?? [];
      const data = v.map((x) => (typeof x === 'string' ? x : `${x.source}:${x.target}`)).find((x) => x.endsWith(':/var/lib/postgresql/data'));
      expect(data).toBeDefined();
      expect(Object.keys(compose.volumes ?? {})).toContain(data!.split(':')[0]);
    }
  });

  it('the API publishes its port and waits for a healthy Temporal and PostgreSQL', () => {
    const api = services['engine-api'];
    const porter = (api.ports ?? []).map((p) => (typeof p === 'string' ? p : `${p.published}:${p.target}`));
    expect(porter.some((p) => /:3000$/.test(p))).toBe(true);
    expect(env(api).PORT ?? '3000').toBe('3000');
    const deps = avhengigheter(api);
    expect(deps.temporal).toBe('service_healthy');
    expect(deps.postgresql).toBe('service_healthy');
    expect(avhengigheter(services['engine-worker']).temporal).toBe('service_healthy');
    expect(avhengigheter(services['engine-worker']).postgresql).toBe('service_healthy');
    expect(avhengigheter(services['temporal-ui']).temporal).toBeDefined();
  });

  it('has healthchecks where others wait on them', () => {
    for (const [navn, s] of Object.entries(services)) {
      for (const [dep, betingelse] of Object.entries(avhengigheter(s))) {
        expect(services[dep]).toBeDefined();
        if (betingelse === 'service_healthy') expect({ navn, dep, helsesjekk: harHelsesjekk(services[dep]) }).toEqual({ navn, dep, helsesjekk: true });
      }
    }
    expect(harHelsesjekk(services['engine-api'])).toBe(true);
    expect(JSON.stringify(services['engine-api'].healthcheck!.test)).toContain('/healthz');
  });

  it('hard-codes no secret: passwords come from .env, PASIENT_NOKKEL and AUTH_* from an env file', () => {
    const hemmelig = /PASSWORD|PWD|SECRET|NOKKEL|TOKEN|API_KEY/i;
    for (const [navn, s] of Object.entries(services)) {
      for (const [k, v] of Object.entries(env(s))) {
        if (hemmelig.test(k)) expect({ navn, k, v, ok: KUN_INTERPOLASJON.test(v) }).toEqual({ navn, k, v, ok: true });
        if (/^postgres(ql)?:\/\//.test(v)) {
          const passord = /^postgres(?:ql)?:\/\/[^:/@]+:([^@]*)@/.exec(v)?.[1];
          expect({ navn, k, passord: passord && KUN_INTERPOLASJON.test(passord) }).toEqual({ navn, k, passord: true });
        }
      }
      // The engine's secrets are not named in the compose file at all.
      expect(Object.keys(env(s)).filter((k) => k === 'PASIENT_NOKKEL' || k.startsWith('AUTH_'))).toEqual([]);
    }
    for (const navn of ['engine-api', 'engine-worker']) {
      const filer = envFiler(services[navn]);
      expect(filer.length).toBeGreaterThan(0);
      expect(filer).toEqual(envFiler(services['engine-api']));
    }
    // Only the engine gets the engine's secrets.
    for (const [navn, s] of Object.entries(services)) {
      if (!navn.startsWith('engine-')) expect(envFiler(s)).toEqual([]);
    }
  });

  it('publishes neither database nor the Temporal frontend, and the web UI only on localhost', () => {
    for (const navn of ['postgresql', 'temporal', services.temporal && env(services.temporal).POSTGRES_SEEDS]) {
      expect(services[navn].ports ?? []).toEqual([]);
    }
    for (const p of services['temporal-ui'].ports ?? []) {
      expect(typeof p === 'string' ? p : `${p.published}`).toMatch(/^127\.0\.0\.1:/);
    }
  });
});
