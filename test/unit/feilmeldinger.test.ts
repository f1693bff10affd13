/**
 * The API's bokmål message catalogue (api/feilmeldinger.ts): every zod issue code gets a plain
 * bokmål text, a time in Oslo as a person reads it, and a schema's own words still win.
 */
import { z } from 'zod';
import { feilkart, installerFeilmeldinger } from '../../api/feilmeldinger';
import { datoTekst, tidTekst } from '../../workflows/frister';

installerFeilmeldinger();

/** zod's English defaults (and their type names) a caller must never see. */
const ENGELSK = /Invalid|expected|received|Too (small|big)|Unrecognized|must|string|object|undefined/;

const meldinger = (schema: z.ZodType, v: unknown): string[] => {
  const r = schema.safeParse(v);
  if (r.success) throw new Error('the value was accepted');
  return r.error.issues.map((i) => i.message);
};

describe('every issue code in bokmål', () => {
  const saker: [string, z.ZodType, unknown, string][] = [
    ['invalid_type, missing', z.object({ a: z.string() }), {}, 'mangler: feltet må være med'],
    ['invalid_type, wrong type', z.object({ a: z.string() }), { a: 3 }, 'må være tekst, ikke et tall'],
    ['invalid_type, null', z.number(), null, 'må være et tall, ikke null'],
    ['invalid_type, boolean', z.boolean(), 'ja', 'må være true eller false (ja eller nei), ikke tekst'],
    ['invalid_type, array', z.array(z.string()), {}, 'må være en liste, ikke et objekt'],
    ['invalid_type, body not an object', z.object({}), 'x', 'må være et objekt, ikke tekst'],
    ['too_small, empty text', z.string().min(1), '', 'kan ikke være tom'],
    ['too_small, text', z.string().min(3), 'ab', 'må være minst 3 tegn'],
    ['too_small, number', z.number().min(1), 0, 'må være minst 1'],
    ['too_small, list', z.array(z.string()).min(1), [], 'kan ikke være en tom liste'],
    ['too_big, text', z.string().max(2), 'abc', 'kan være høyst 2 tegn'],
    ['too_big, number', z.number().max(200), 201, 'kan være høyst 200'],
    ['too_big, list', z.array(z.number()).max(1), [1, 2], 'kan ha høyst 1 element'],
    ['invalid_format uuid', z.uuid(), 'x', 'må være en UUID, f.eks. 3f1c2d9e-6b1a-4c55-9f0e-2a7d9b8c1e42'],
    [
      'invalid_format datetime',
      z.iso.datetime({ offset: true }),
      '2026-03-02 08:15',
      'må være dato og klokkeslett med tidssone (ISO 8601), f.eks. 2026-03-02T08:15:00+01:00',
    ],
    ['invalid_format date', z.iso.date(), '02.03.2026', 'må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2026-03-05'],
    ['invalid_format email', z.email(), 'x', 'må være en e-postadresse'],
    ['invalid_format url', z.url(), 'x', 'må være en nettadresse (URL), f.eks. https://eksempel.no/varsler'],
    ['invalid_format regex', z.string().regex(/^\d+$/), 'x', 'har ugyldig form'],
    ['invalid_value, enum', z.enum(['hjem', 'korttidsopphold']), 'x', 'må være ett av valgene «hjem» eller «korttidsopphold»'],
    ['invalid_value, literal', z.literal('PLO'), 'x', 'må være «PLO»'],
    ['not_multiple_of', z.number().multipleOf(5), 3, 'må gå opp i 5'],
    ['unrecognized_keys', z.strictObject({}), { x: 1 }, 'ukjent felt «x»'],
    ['invalid_union', z.union([z.string(), z.number()]), true, 'passer ikke med noen av formene feltet kan ha'],
    [
      'invalid_union, discriminator',
      z.discriminatedUnion('type', [z.object({ type: z.literal('A') }), z.object({ type: z.literal('B') })]),
      { type: 'C' },
      'må være en av typene A eller B',
    ],
    ['invalid_key', z.record(z.string().regex(/^a$/), z.number()), { b: 1 }, 'har en ugyldig nøkkel'],
    ['custom, without words of its own', z.string().refine(() => false), 'x', 'er ugyldig'],
  ];
  test.each(saker)('%s', (_navn, schema, v, forventet) => {
    const m = meldinger(schema, v);
    expect(m).toContain(forventet);
    for (const x of m) expect(x).not.toMatch(ENGELSK);
  });

  test('a date bound is Oslo time as a person reads it, never a UTC ISO stamp', () => {
    const grense = new Date('2026-12-03T09:00:00Z');
    expect(meldinger(z.date().min(grense), new Date('2026-12-01T00:00:00Z'))).toEqual(['kan ikke være før 3. desember 2026 kl. 10:00']);
    expect(tidTekst('2026-07-01T09:05:00Z')).toBe('1. juli 2026 kl. 11:05');
    expect(datoTekst('2026-12-03')).toBe('3. desember 2026');
  });

  test("a schema's own words win over the catalogue", () => {
    expect(meldinger(z.string().regex(/^\d{4}$/, { error: 'må være et kommunenummer med fire siffer' }), 'x')).toEqual([
      'må være et kommunenummer med fire siffer',
    ]);
  });

  test('the catalogue answers every code zod has (none falls through to English)', () => {
    const koder = [
      'invalid_type',
      'too_big',
      'too_small',
      'invalid_format',
      'not_multiple_of',
      'unrecognized_keys',
      'invalid_union',
      'invalid_key',
      'invalid_element',
      'invalid_value',
      'custom',
    ] as const;
    for (const code of koder) {
      const m = feilkart({
        code,
        input: undefined,
        path: [],
        values: ['a'],
        keys: ['a'],
        origin: 'string',
        format: 'uuid',
        expected: 'string',
        minimum: 1,
        maximum: 1,
        divisor: 2,
        errors: [],
      } as never);
      expect(typeof m === 'string' ? m : '').toMatch(/\S/);
      expect(String(m)).not.toMatch(ENGELSK);
    }
  });
});
