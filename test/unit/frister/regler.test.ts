/**
 * The frist rule table (workflows/frister/): every rule file has each of its parts, so a rule
 * added with one missing fails here. Its parts: its id, who is responsible, its kind and basis,
 * its krav (naming the configured duration, never one written in code), its configuration keys
 * with their descriptions, and a computation that gives instances of its own id. Every key of
 * config/frister.default.json belongs to one rule or to the shared settings (felles.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import standardJson from '../../../config/frister.default.json';
import { FELLES_INNSTILLINGER } from '../../../workflows/frister/felles';
import { beregnFrister, FRIST_REGLER, INNSTILLING_ART, INNSTILLINGER, perioder, varighetTekst, type FristRegel } from '../../../workflows/frister';
import type { FristKontekst } from '../../../workflows/frister/definisjon';
import { FRIST_IDER } from '../../../workflows/types';
import { forlop, JA, KONFIG, melding, nei, til } from '../../helpers/fakta';

const MAPPE = path.join(__dirname, '../../../workflows/frister');
const IKKE_REGLER = ['index.ts', 'definisjon.ts', 'fakta.ts', 'felles.ts', 'tid.ts'];
const STANDARD_NOKLER = Object.keys(standardJson);
const REGLER: [string, FristRegel][] = Object.entries(FRIST_REGLER);

/** A forløp in which every rule has an instance: included, meldt twice, a "kan ikke" with a date, home. */
const HELT = forlop(
  '2026-01-14T09:00:00+01:00',
  [
    ['INNLEGGELSESMELDING_SENDT', '2026-01-14T10:00:00+01:00'],
    ['UTSKRIVNINGSKLAR', '2026-01-16T09:00:00+01:00', melding()],
    ['KOMMUNESVAR', '2026-01-16T10:00:00+01:00', nei('2026-01-18')],
    ['UTSKRIVNINGSKLAR', '2026-01-17T09:00:00+01:00', melding()],
    ['KOMMUNESVAR', '2026-01-17T10:00:00+01:00', JA],
    ['UTSKREVET', '2026-01-18T12:00:00+01:00', til('hjem')],
  ],
  { kartleggingInkludert: true },
);
const NAA = '2026-01-18T13:00:00+01:00';
const KONTEKST: FristKontekst = { fakta: HELT, konfig: KONFIG, naa: NAA, perioder: perioder(HELT) };

/** What a rule lacks of its parts (empty when it has every one). */
function mangler(id: string, r: Partial<FristRegel>): string[] {
  const m: string[] = [];
  if (r.id !== id) m.push('id');
  if (!['sykehus', 'kommune', 'kartleggingsteam'].includes(r.ansvarlig as string)) m.push('ansvarlig');
  if (!['elapsed', 'calendar', 'event'].includes(r.art as string)) m.push('art');
  if (typeof r.grunnlag !== 'string' || r.grunnlag.trim() === '') m.push('grunnlag');
  if (typeof r.avvikVedBrudd !== 'boolean') m.push('avvikVedBrudd');
  if (typeof r.krav !== 'function' || typeof r.krav(KONFIG) !== 'string' || r.krav(KONFIG).trim() === '') m.push('krav');
  if (typeof r.innstillinger !== 'object' || r.innstillinger === null) m.push('innstillinger');
  else {
    for (const [k, i] of Object.entries(r.innstillinger)) {
      if (!STANDARD_NOKLER.includes(k)) m.push(`innstillinger.${k} (not in config/frister.default.json)`);
      if (!i || !['frist', 'varighet', 'klokketime'].includes(i.art) || !i.beskrivelse?.trim()) m.push(`innstillinger.${k}`);
    }
  }
  const b = r.beregning;
  if (!b || typeof b.beregn !== 'function' || !['forlop', 'periode'].includes(b.per)) m.push('beregning');
  else {
    const ut = b.per === 'forlop' ? b.beregn(KONTEKST) : KONTEKST.perioder.flatMap((p) => b.beregn(p, KONTEKST));
    if (ut.length === 0 || ut.some((f) => f.id !== id)) m.push('beregning (no instance of its own id in a full forløp)');
  }
  return m;
}

describe('the frist rule table', () => {
  test('every FristId has a rule, in FRIST_IDER order, a file workflows/frister/<ID>.ts and its tests beside this file', () => {
    expect(Object.keys(FRIST_REGLER)).toEqual([...FRIST_IDER]);
    const filer = fs.readdirSync(MAPPE).filter((f) => f.endsWith('.ts') && !IKKE_REGLER.includes(f));
    expect(filer.sort()).toEqual(FRIST_IDER.map((id) => `${id}.ts`).sort());
    for (const id of FRIST_IDER) expect(fs.existsSync(path.join(__dirname, `${id}.test.ts`))).toBe(true);
  });

  test.each(REGLER)('%s has every part', (id, regel) => {
    expect(mangler(id, regel)).toEqual([]);
  });

  test('the check finds a rule lacking a part', () => {
    const { krav: _k, ...utenKrav } = FRIST_REGLER.KOMMUNESVAR;
    const { innstillinger: _i, ...utenNokler } = FRIST_REGLER.OPPFOLGING;
    const { beregning: _b, ...utenBeregning } = FRIST_REGLER.EPIKRISE;
    expect(mangler('KOMMUNESVAR', utenKrav)).toEqual(['krav']);
    expect(mangler('OPPFOLGING', utenNokler)).toEqual(['innstillinger']);
    expect(mangler('EPIKRISE', utenBeregning)).toEqual(['beregning']);
    expect(mangler('EPIKRISE', { ...FRIST_REGLER.EPIKRISE, beregning: { per: 'forlop', beregn: () => [] } })).toEqual([
      'beregning (no instance of its own id in a full forløp)',
    ]);
    expect(mangler('KOMMUNESVAR', { ...FRIST_REGLER.KOMMUNESVAR, innstillinger: { kommunesvarr: { art: 'frist', beskrivelse: 'x' } } as never })).toEqual([
      'innstillinger.kommunesvarr (not in config/frister.default.json)',
    ]);
  });

  test('the full forløp gives every rule its instances, in the table order with period rules period by period', () => {
    expect(beregnFrister(HELT, KONFIG, NAA).map((f) => f.nokkel)).toEqual([
      'INNLEGGELSESMELDING',
      'KARTLEGGING',
      'UTSKRIVNINGSKLAR_MELDING:3',
      'KOMMUNESVAR:3',
      'TILBUD_KLART:4',
      'UTSKRIVNINGSKLAR_MELDING:5',
      'KOMMUNESVAR:5',
      'EPIKRISE',
      'OPPFOLGING',
    ]);
  });

  test('a rule file writes no duration in its texts: they name the configured one', () => {
    for (const id of FRIST_IDER) {
      const kilde = fs.readFileSync(path.join(MAPPE, `${id}.ts`), 'utf8');
      const tekster = kilde.match(/'[^'\n]*'|`[^`\n]*`/g) ?? [];
      expect({ id, skrevet: tekster.filter((t) => /\d+\s*(h|t|timer?|døgn|dager?|min|minutter?)\b/i.test(t)) }).toEqual({ id, skrevet: [] });
    }
    expect(FRIST_REGLER.INNLEGGELSESMELDING.krav(KONFIG)).toBe('Melding om innlagt pasient sendes kommunen innen 24 timer etter innleggelse');
    expect(FRIST_REGLER.INNLEGGELSESMELDING.krav({ ...KONFIG, innleggelsesmelding: 'PT12H' })).toContain('innen 12 timer etter');
  });
});

describe('the settings table', () => {
  test('every key of config/frister.default.json belongs to exactly one rule or to the shared settings', () => {
    const eiere = [...REGLER.map(([id, r]) => [id, r.innstillinger] as const), ['felles', FELLES_INNSTILLINGER] as const];
    for (const k of STANDARD_NOKLER) {
      expect({ k, eiere: eiere.filter(([, i]) => k in i).map(([e]) => e) }).toEqual({ k, eiere: [expect.any(String)] });
    }
    expect(Object.keys(INNSTILLINGER).sort()).toEqual([...STANDARD_NOKLER].sort());
  });

  test('the duration settings are every key but the daily status hour; frister and lead times as declared', () => {
    expect(Object.keys(INNSTILLING_ART).sort()).toEqual(STANDARD_NOKLER.filter((k) => k !== 'dagligStatusKlokken').sort());
    expect(INNSTILLING_ART).toMatchObject({
      innleggelsesmelding: 'frist',
      kommunesvarPaminnelseFor: 'varighet',
      epikriseGrace: 'varighet',
      eskalering: 'frist',
    });
  });
});

describe('varighetTekst (a configured duration in words)', () => {
  test.each([
    ['PT24H', '24 timer'],
    ['PT1H', '1 time'],
    ['PT4H', '4 timer'],
    ['PT30M', '30 minutter'],
    ['PT1H30M', '1 time og 30 minutter'],
    ['P1D', '1 dag'],
    ['P28D', '28 dager'],
    ['P1DT2H', '1 dag og 2 timer'],
    ['P1W', '1 uke'],
    ['P1Y2M3D', '1 år, 2 måneder og 3 dager'],
    ['PT0S', '0 timer'],
  ])('%s is "%s"', (v, tekst) => {
    expect(varighetTekst(v)).toBe(tekst);
  });
});
