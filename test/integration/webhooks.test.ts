/**
 * Varsler reach a kommune's webhook even when its receiver fails at first: signed per the
 * Standard Webhooks specification, retried with backoff, every attempt recorded, and the
 * same varsel id never delivered with two different contents.
 */
import { DateTime } from 'luxon';
import { KOMPLETT } from '../helpers/fakta';
import { forlopBody, SYKEHUS, startStack, venterPa, type Stack } from '../helpers/stack';
import { startMottaker, verifiserSignatur, type Mottaker } from '../helpers/mottaker';
import type { Principal } from '../../workflows/types';

const TRAENA: Principal = { rolle: 'kommune', org: '1835' };

let s: Stack;
let mottaker: Mottaker;

beforeAll(async () => {
  s = await startStack();
  mottaker = await startMottaker({ feilForst: 3 });
});
afterAll(async () => {
  await s?.stopp();
  await mottaker?.stopp();
});

test('every varsel arrives at a receiver that fails its first deliveries, signed, and never as two contents', async () => {
  const reg = await s.kall(TRAENA, 'POST', '/api/v1/webhooks', { url: mottaker.url });
  expect(reg.status).toBe(201);
  expect(reg.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
  const liste = await s.kall(TRAENA, 'GET', '/api/v1/webhooks');
  expect(JSON.stringify(liste.body)).not.toContain(reg.body.secret); // the secret is shown once

  // A back-dated admission: the innleggelsesmelding is already late (FRIST_BRUTT to the sykehus, AVVIK to Træna).
  const innlagt = DateTime.now().minus({ hours: 30 });
  const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody({ oppholdskommune: '1835', innlagtTidspunkt: innlagt.toISO() }));
  expect(r.status).toBe(201);
  const id = r.body.id;
  for (const h of [
    { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: innlagt.plus({ hours: 25 }).toISO() },
    {
      type: 'UTSKRIVNINGSKLAR',
      tidspunkt: DateTime.now().toISO(),
      vurdertTidspunkt: DateTime.now().toISO(),
      vurdering: KOMPLETT,
    },
  ]) {
    expect((await s.kall(SYKEHUS, 'POST', `/api/v1/forlop/${id}/hendelser`, h)).status).toBe(200);
  }

  const feed = await s.kall(TRAENA, 'GET', '/api/v1/varsler?etter=0&limit=100');
  expect(feed.status).toBe(200);
  const varsler = feed.body.data.filter((v: any) => v.forlopId === id);
  expect(varsler.map((v: any) => v.type).sort()).toEqual(['AVVIK', 'INNLEGGELSESMELDING', 'UTSKRIVNINGSKLAR']);
  // The feed is gap-free and ordered.
  const sekvenser = feed.body.data.map((v: any) => v.sekvens);
  expect(sekvenser).toEqual(Array.from({ length: sekvenser.length }, (_, i) => i + 1));

  await venterPa(
    async () => {
      const ider = new Set(mottaker.mottatt.map((m) => m.id));
      return varsler.every((v: any) => ider.has(v.id)) ? true : undefined;
    },
    60000,
    'alle varsler hos mottakeren',
  );

  expect(mottaker.gjenstaendeFeil()).toBe(0); // the receiver really refused the first three
  for (const m of mottaker.mottatt) expect(verifiserSignatur(reg.body.secret, m)).toBe(true);
  const innhold = new Map<string, string>();
  for (const m of mottaker.mottatt) {
    const body = JSON.parse(m.body);
    expect(body.id).toBe(m.id);
    const tidligere = innhold.get(m.id);
    if (tidligere) expect(JSON.parse(tidligere)).toEqual(body);
    innhold.set(m.id, m.body);
  }
  for (const v of varsler) expect(JSON.parse(innhold.get(v.id)!)).toMatchObject({ id: v.id, type: v.type, sekvens: v.sekvens, forlopId: id });

  // Every attempt is recorded: the three refusals and the deliveries. A delivery's row is
  // written when the receiver's answer is back, so the last one may lag the receiver a little.
  const forsok = await venterPa(
    async () => {
      const { rows } = await s.pool.query<{ feilet: number; levert: number }>(
        'SELECT count(*) FILTER (WHERE NOT levert)::int AS feilet, count(*) FILTER (WHERE levert)::int AS levert FROM webhook_forsok WHERE webhook_id = $1',
        [reg.body.id],
      );
      return rows[0].levert >= varsler.length ? rows[0] : undefined;
    },
    10000,
    'alle leveranser registrert',
  );
  expect(forsok.feilet).toBe(3);
  expect(forsok.levert).toBe(varsler.length);

  // Another kommune's feed shows none of them.
  const annen = await s.kall({ rolle: 'kommune', org: '1836' }, 'GET', '/api/v1/varsler');
  expect(annen.body.data.filter((v: any) => v.forlopId === id)).toEqual([]);
});
