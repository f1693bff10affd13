/**
 * The forløp machine as the parties meet it through the API: which status the forløp has
 * (docs/api.md: forlopStatus, kartleggingStatus), which hendelser it accepts now (a refusal is the
 * API's 409 with `tillatte`), and which rolle may send each hendelse (a wrong rolle is 403).
 */
import {
  erAvsluttet,
  forlopStatus,
  kanMotta,
  kartleggingStatus,
  neste,
  PA_SYKEHUS_STATUSER,
  startTilstand,
  tillatteHendelser,
  venterPaKommunen,
  type ForlopSnapshot,
  type MaskinHendelse,
} from '../../workflows/forlop.machine';
import type { ForlopFakta } from '../../workflows/frister';
import { type Destinasjon, type ForlopStart } from '../../workflows/types';
import { HENDELSE_ROLLE, HENDELSE_TYPER, type Hendelse, type HendelseData, type HendelseType } from '../../workflows/hendelser';
import { forlop, JA, KLART, melding, nei, til, UFULLSTENDIG, type Kort } from '../helpers/fakta';

// ---------------------------------------------------------------- helpers

/** [type, data?] — the machine does not look at time, so the tidspunkt is filled in one hour apart. */
type Steg = [HendelseType, HendelseData?];

/** Admitted 2026-01-12 08:00 UTC; each step follows the one before by an hour. Kartlegging is included unless `start` says otherwise. */
function bygg(steg: Steg[], start: Partial<ForlopStart> = {}): ForlopFakta {
  const innlagt = Date.parse('2026-01-12T08:00:00Z');
  const kort = steg.map(([type, data], i): Kort => [type, new Date(innlagt + (i + 1) * 3_600_000).toISOString(), data]);
  return forlop(new Date(innlagt).toISOString(), kort, { kartleggingInkludert: true, ...start });
}

const somMaskin = (h: Hendelse): MaskinHendelse => h;

/**
 * Feeds the hendelser to the machine as the workflow does (INNLAGT starts it, each other one is
 * asked `kanMotta` first); fails the test if any step is refused.
 */
function kjor(b: ForlopFakta): ForlopSnapshot {
  let s = startTilstand(b.start.kartleggingInkludert);
  for (const h of b.hendelser.slice(1)) {
    if (!kanMotta(s, somMaskin(h))) {
      throw new Error(`sekvens ${h.sekvens} ${h.type} refused in status ${forlopStatus(s)}; allowed: ${tillatteHendelser(s).join(', ')}`);
    }
    s = neste(s, somMaskin(h));
  }
  return s;
}
const tilstand = (steg: Steg[], start: Partial<ForlopStart> = {}): ForlopSnapshot => kjor(bygg(steg, start));
const kan = (s: ForlopSnapshot, type: HendelseType, data: HendelseData = {}): boolean => kanMotta(s, { type, data } as MaskinHendelse);

const MELDING = melding('2026-01-15T09:00:00+01:00');
const UFULLSTENDIG_MELDING = melding('2026-01-15T09:00:00+01:00', UFULLSTENDIG);
const NEI = nei('2026-01-20');

const MELDT: Steg[] = [
  ['INNLEGGELSESMELDING_SENDT', { antattForlop: 'x' }],
  ['UTSKRIVNINGSKLAR', MELDING],
];
const VENTER: Steg[] = [...MELDT, ['KOMMUNESVAR', NEI]];
const KLAR: Steg[] = [...VENTER, ['TILBUD_KLART', KLART]];

test('venterPaKommunen holds from the melding until the kommune can receive, and not after avmelding', () => {
  const start: Steg[] = [['INNLEGGELSESMELDING_SENDT', { antattForlop: 'x' }]];
  expect(venterPaKommunen(tilstand(start))).toBe(false);
  expect(venterPaKommunen(tilstand(MELDT))).toBe(true);
  expect(venterPaKommunen(tilstand(VENTER))).toBe(true);
  expect(venterPaKommunen(tilstand(KLAR))).toBe(false);
  expect(venterPaKommunen(tilstand([...MELDT, ['KOMMUNESVAR', JA]]))).toBe(false);
  expect(venterPaKommunen(tilstand([...MELDT, ['UTSKRIVNINGSKLAR_AVMELDT', { arsak: 'forverret' }]]))).toBe(false);
});

const sortert = (t: HendelseType[]): HendelseType[] => [...t].sort();

// ---------------------------------------------------------------- the whole path

describe('the ordinary path', () => {
  test('INNLAGT → … → OPPFOLGING_STARTET: the status at each step, ends avsluttet', () => {
    const b = bygg([
      ['INNLEGGELSESMELDING_SENDT', { antattForlop: 'hjem med hjelp', forventetUtskrivningsdato: '2026-01-16' }],
      ['KARTLEGGING_STARTET'],
      ['KARTLEGGING_FULLFORT', { resultat: { funksjon: 'x', mestring: 'y', behov: ['hjemmesykepleie'], anbefaling: 'z' } }],
      ['UTSKRIVNINGSKLAR', MELDING],
      ['KOMMUNESVAR', NEI],
      ['TILBUD_KLART', { tilbud: 'hjem_med_tjenester' }],
      ['EPIKRISE_SENDT'],
      ['UTSKREVET', til('hjem')],
      ['OPPFOLGING_STARTET', { beskrivelse: 'første besøk' }],
    ]);
    let s = startTilstand(true);
    const statuser: [string, string][] = [[forlopStatus(s), kartleggingStatus(s)]];
    for (const h of b.hendelser.slice(1)) {
      expect(kanMotta(s, somMaskin(h))).toBe(true);
      s = neste(s, somMaskin(h));
      statuser.push([forlopStatus(s), kartleggingStatus(s)]);
    }
    expect(statuser).toEqual([
      ['innlagt', 'ikke_startet'],
      ['innlagt', 'ikke_startet'], // INNLEGGELSESMELDING_SENDT
      ['innlagt', 'pagar'], // KARTLEGGING_STARTET
      ['innlagt', 'fullfort'], // KARTLEGGING_FULLFORT
      ['utskrivningsklar', 'fullfort'], // UTSKRIVNINGSKLAR
      ['venter_pa_kommune', 'fullfort'], // KOMMUNESVAR(false)
      ['klar_for_utskrivning', 'fullfort'], // TILBUD_KLART
      ['klar_for_utskrivning', 'fullfort'], // EPIKRISE_SENDT
      ['utskrevet', 'fullfort'], // UTSKREVET(hjem): waiting for oppfølging
      ['avsluttet', 'fullfort'], // OPPFOLGING_STARTET
    ]);
    expect(erAvsluttet(s)).toBe(true);
    expect(tillatteHendelser(s)).toEqual([]);
  });

  test('every status the machine reports is one docs/api.md names', () => {
    const api = ['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning', 'utskrevet', 'avsluttet', 'avbrutt'];
    const sett = [
      tilstand([]),
      tilstand(MELDT),
      tilstand(VENTER),
      tilstand(KLAR),
      tilstand([...KLAR, ['UTSKREVET', til('hjem')]]),
      tilstand([['DOD']]),
      tilstand([['FORLOP_AVBRUTT', { arsak: 'feil' }]]),
    ].map(forlopStatus);
    expect(sett).toEqual(api);
    expect(['ikke_inkludert', 'ikke_startet', 'pagar', 'fullfort']).toEqual([
      kartleggingStatus(tilstand([], { kartleggingInkludert: false })),
      kartleggingStatus(tilstand([])),
      kartleggingStatus(tilstand([['KARTLEGGING_STARTET']])),
      kartleggingStatus(tilstand([['KARTLEGGING_FULLFORT']])),
    ]);
  });

  test('the kommune may answer yes at once: utskrivningsklar → klar_for_utskrivning', () => {
    expect(forlopStatus(tilstand([...MELDT, ['KOMMUNESVAR', JA]]))).toBe('klar_for_utskrivning');
  });

  test('the kommune may report klart without a no first', () => {
    expect(forlopStatus(tilstand([...MELDT, ['TILBUD_KLART', { tilbud: 'annet' }]]))).toBe('klar_for_utskrivning');
  });

  test('while waiting the kommune may say no again (a new date) and then yes', () => {
    const s = tilstand([...VENTER, ['KOMMUNESVAR', { kanTaImot: false, forventetKlarDato: '2026-01-25' }]]);
    expect(forlopStatus(s)).toBe('venter_pa_kommune');
    expect(forlopStatus(neste(s, { type: 'KOMMUNESVAR', data: JA }))).toBe('klar_for_utskrivning');
  });
});

// ---------------------------------------------------------------- inclusion for kartlegging during the stay

test("the statuses of a patient in hospital are the pa_sykehus region's states", () => {
  expect([...PA_SYKEHUS_STATUSER]).toEqual(['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning']);
});

describe('KARTLEGGING_INKLUSJON', () => {
  const inn = { type: 'KARTLEGGING_INKLUSJON', data: { inkludert: true, grunn: 'Bor alene' } } as const;
  const ut = { type: 'KARTLEGGING_INKLUSJON', data: { inkludert: false, grunn: 'Ønsker ikke' } } as const;

  test('excluding takes an included patient (not started or in progress) out; including brings one in', () => {
    expect(kartleggingStatus(neste(tilstand([], { kartleggingInkludert: true }), ut))).toBe('ikke_inkludert');
    expect(kartleggingStatus(neste(tilstand([['KARTLEGGING_STARTET']], { kartleggingInkludert: true }), ut))).toBe('ikke_inkludert');
    expect(kartleggingStatus(neste(tilstand([], { kartleggingInkludert: false }), inn))).toBe('ikke_startet');
  });

  test('a repeat of the current choice is recorded and changes nothing', () => {
    const s = tilstand([], { kartleggingInkludert: true });
    expect(kanMotta(s, inn)).toBe(true);
    expect(kartleggingStatus(neste(s, inn))).toBe('ikke_startet');
  });

  test('not after the patient has left', () => {
    const s = tilstand([...KLAR, ['UTSKREVET', til('hjem')]], { kartleggingInkludert: true });
    expect(kanMotta(s, ut)).toBe(false);
  });
});

// ---------------------------------------------------------------- what each status allows (the 409's `tillatte`)

describe('tillatteHendelser in each status', () => {
  // In hospital with the kartlegging not done, inclusion may always change (KARTLEGGING_INKLUSJON).
  const PA_SYKEHUS_ALLTID: HendelseType[] = [
    'INNLEGGELSESMELDING_SENDT',
    'STATUSENDRING',
    'EPIKRISE_SENDT',
    'INFORMASJON_GITT',
    'DOD',
    'FORLOP_AVBRUTT',
    'KARTLEGGING_INKLUSJON',
  ];
  const KARTLEGGING: HendelseType[] = ['KARTLEGGING_STARTET', 'KARTLEGGING_FULLFORT'];

  test.each<{ navn: string; steg: Steg[]; inkludert: boolean; status: string; tillatte: HendelseType[] }>([
    {
      navn: 'innlagt, kartlegging included',
      steg: [],
      inkludert: true,
      status: 'innlagt',
      tillatte: [...PA_SYKEHUS_ALLTID, ...KARTLEGGING, 'UTSKRIVNINGSKLAR', 'UTSKREVET'],
    },
    {
      navn: 'innlagt, kartlegging not included',
      steg: [],
      inkludert: false,
      status: 'innlagt',
      tillatte: [...PA_SYKEHUS_ALLTID, 'UTSKRIVNINGSKLAR', 'UTSKREVET'],
    },
    {
      navn: 'utskrivningsklar (complete melding): no second melding; UTSKREVET only to another hospital',
      steg: MELDT,
      inkludert: false,
      status: 'utskrivningsklar',
      tillatte: [...PA_SYKEHUS_ALLTID, 'UTSKRIVNINGSKLAR_AVMELDT', 'KOMMUNESVAR', 'TILBUD_KLART', 'UTSKREVET'],
    },
    {
      navn: 'utskrivningsklar (incomplete melding): a new, complete melding is allowed',
      steg: [['UTSKRIVNINGSKLAR', UFULLSTENDIG_MELDING]],
      inkludert: false,
      status: 'utskrivningsklar',
      tillatte: [...PA_SYKEHUS_ALLTID, 'UTSKRIVNINGSKLAR', 'UTSKRIVNINGSKLAR_AVMELDT', 'KOMMUNESVAR', 'TILBUD_KLART', 'UTSKREVET'],
    },
    {
      navn: 'venter_pa_kommune',
      steg: VENTER,
      inkludert: true,
      status: 'venter_pa_kommune',
      tillatte: [...PA_SYKEHUS_ALLTID, ...KARTLEGGING, 'UTSKRIVNINGSKLAR_AVMELDT', 'KOMMUNESVAR', 'TILBUD_KLART', 'UTSKREVET'],
    },
    {
      navn: 'klar_for_utskrivning: no more kommune answers',
      steg: KLAR,
      inkludert: false,
      status: 'klar_for_utskrivning',
      tillatte: [...PA_SYKEHUS_ALLTID, 'UTSKRIVNINGSKLAR_AVMELDT', 'UTSKREVET'],
    },
    {
      navn: 'klar_for_utskrivning with epikrise already sent: no second epikrise',
      steg: [...KLAR, ['EPIKRISE_SENDT']],
      inkludert: false,
      status: 'klar_for_utskrivning',
      tillatte: [
        'INNLEGGELSESMELDING_SENDT',
        'STATUSENDRING',
        'INFORMASJON_GITT',
        'DOD',
        'FORLOP_AVBRUTT',
        'KARTLEGGING_INKLUSJON',
        'UTSKRIVNINGSKLAR_AVMELDT',
        'UTSKREVET',
      ],
    },
    {
      navn: 'innlagt, kartlegging fullført: inclusion no longer changes',
      steg: [['KARTLEGGING_FULLFORT', { resultat: { funksjon: 'a', mestring: 'b', behov: [], anbefaling: 'c' } }]],
      inkludert: true,
      status: 'innlagt',
      tillatte: ['INNLEGGELSESMELDING_SENDT', 'STATUSENDRING', 'EPIKRISE_SENDT', 'INFORMASJON_GITT', 'DOD', 'FORLOP_AVBRUTT', 'UTSKRIVNINGSKLAR', 'UTSKREVET'],
    },
    {
      navn: 'utskrevet home without epikrise: epikrise and oppfølging, no kartlegging',
      steg: [...KLAR, ['UTSKREVET', til('hjem')]],
      inkludert: true,
      status: 'utskrevet',
      tillatte: ['EPIKRISE_SENDT', 'INFORMASJON_GITT', 'OPPFOLGING_STARTET', 'DOD', 'FORLOP_AVBRUTT'],
    },
    {
      navn: 'utskrevet home with epikrise: oppfølging only',
      steg: [...KLAR, ['EPIKRISE_SENDT'], ['UTSKREVET', til('hjem_med_tjenester')]],
      inkludert: false,
      status: 'utskrevet',
      tillatte: ['INFORMASJON_GITT', 'OPPFOLGING_STARTET', 'DOD', 'FORLOP_AVBRUTT'],
    },
    {
      navn: 'utskrevet to korttidsopphold without epikrise: no oppfølging',
      steg: [...KLAR, ['UTSKREVET', til('korttidsopphold')]],
      inkludert: false,
      status: 'utskrevet',
      tillatte: ['EPIKRISE_SENDT', 'INFORMASJON_GITT', 'DOD', 'FORLOP_AVBRUTT'],
    },
    { navn: 'avbrutt: nothing', steg: [['FORLOP_AVBRUTT', { arsak: 'feil' }]], inkludert: true, status: 'avbrutt', tillatte: [] },
    { navn: 'avsluttet by death: nothing', steg: [['DOD']], inkludert: true, status: 'avsluttet', tillatte: [] },
  ])('$navn', ({ steg, inkludert, status, tillatte }) => {
    const s = tilstand(steg, { kartleggingInkludert: inkludert });
    expect(forlopStatus(s)).toBe(status);
    expect(sortert(tillatteHendelser(s))).toEqual(sortert(tillatte));
    expect(tillatteHendelser(s)).not.toContain('INNLAGT');
  });
});

// ---------------------------------------------------------------- refusals the API answers 409

describe('refused hendelser', () => {
  test('KOMMUNESVAR is not allowed in innlagt (neither yes nor no)', () => {
    const s = tilstand([['INNLEGGELSESMELDING_SENDT']]);
    expect(forlopStatus(s)).toBe('innlagt');
    expect(kan(s, 'KOMMUNESVAR', JA)).toBe(false);
    expect(kan(s, 'KOMMUNESVAR', NEI)).toBe(false);
    expect(tillatteHendelser(s)).not.toContain('KOMMUNESVAR');
    expect(kan(s, 'TILBUD_KLART', { tilbud: 'annet' })).toBe(false);
    expect(kan(s, 'UTSKRIVNINGSKLAR_AVMELDT', { arsak: 'x' })).toBe(false);
    expect(kan(s, 'OPPFOLGING_STARTET')).toBe(false);
  });

  test('a KOMMUNESVAR without kanTaImot is not an answer', () => {
    expect(kan(tilstand(MELDT), 'KOMMUNESVAR', {})).toBe(false);
  });

  test.each<[string, Steg[]]>([
    ['utskrivningsklar (no answer yet)', MELDT],
    ['venter_pa_kommune', VENTER],
  ])('while %s, the patient may only leave to another hospital', (_navn, steg) => {
    const s = tilstand(steg);
    for (const d of ['hjem', 'hjem_med_tjenester', 'korttidsopphold', 'langtidsopphold', 'annen_institusjon', 'dod'] as Destinasjon[]) {
      expect([d, kan(s, 'UTSKREVET', til(d))]).toEqual([d, false]);
    }
    expect(kan(s, 'UTSKREVET', til('annet_sykehus'))).toBe(true);
    expect(forlopStatus(neste(s, { type: 'UTSKREVET', data: til('annet_sykehus') }))).toBe('utskrevet');
  });

  test.each<[string, Steg[]]>([
    ['utskrivningsklar (no answer yet)', MELDT],
    ['venter_pa_kommune', VENTER],
  ])("while %s, the EPJ's melding om utskrevet pasient (PLO) discharges the patient anywhere", (_navn, steg) => {
    const s = tilstand(steg);
    for (const d of ['hjem', 'hjem_med_tjenester', 'korttidsopphold', 'langtidsopphold', 'annen_institusjon', 'annet_sykehus', 'dod'] as Destinasjon[]) {
      const h = { type: 'UTSKREVET', data: { ...til(d), meldtAvEpj: true } } as const;
      expect([d, kan(s, 'UTSKREVET', h.data)]).toEqual([d, true]);
      expect([d, forlopStatus(neste(s, h))]).toEqual([d, d === 'dod' ? 'avsluttet' : 'utskrevet']);
    }
    // What the ward's API may send still lists no other way out: its examples carry no meldtAvEpj.
    expect(tillatteHendelser(s)).toContain('UTSKREVET');
    expect(kan(s, 'UTSKREVET', til('hjem'))).toBe(false);
  });

  test.each<Destinasjon>(['hjem', 'hjem_med_tjenester', 'korttidsopphold', 'langtidsopphold', 'annen_institusjon', 'annet_sykehus'])(
    'once klar_for_utskrivning, UTSKREVET to %s is allowed',
    (d) => {
      expect(kan(tilstand(KLAR), 'UTSKREVET', til(d))).toBe(true);
    },
  );

  test('a second complete melding while utskrivningsklar is refused', () => {
    expect(kan(tilstand(MELDT), 'UTSKRIVNINGSKLAR', MELDING)).toBe(false);
  });

  test('an incomplete melding may be followed by a complete one (stays utskrivningsklar), but not after that', () => {
    const s = tilstand([
      ['UTSKRIVNINGSKLAR', UFULLSTENDIG_MELDING],
      ['UTSKRIVNINGSKLAR', MELDING],
    ]);
    expect(forlopStatus(s)).toBe('utskrivningsklar');
    expect(kan(s, 'UTSKRIVNINGSKLAR', MELDING)).toBe(false);
  });

  test('OPPFOLGING_STARTET only once', () => {
    const s = tilstand([...KLAR, ['UTSKREVET', til('hjem')], ['OPPFOLGING_STARTET']]);
    expect(forlopStatus(s)).toBe('utskrevet'); // epikrise still missing
    expect(kan(s, 'OPPFOLGING_STARTET')).toBe(false);
  });
});

// ---------------------------------------------------------------- kartlegging region

describe('kartlegging (Trygt hjem)', () => {
  test('not included: KARTLEGGING_* refused, status ikke_inkludert throughout', () => {
    const s = tilstand(MELDT, { kartleggingInkludert: false });
    expect(kartleggingStatus(startTilstand(false))).toBe('ikke_inkludert');
    expect(kartleggingStatus(s)).toBe('ikke_inkludert');
    expect(kan(startTilstand(false), 'KARTLEGGING_STARTET')).toBe(false);
    expect(kan(startTilstand(false), 'KARTLEGGING_FULLFORT')).toBe(false);
    expect(kan(s, 'KARTLEGGING_STARTET')).toBe(false);
    expect(kan(s, 'KARTLEGGING_FULLFORT')).toBe(false);
  });

  test('included: ikke_startet → pagar → fullfort, then no more kartlegging hendelser', () => {
    let s = startTilstand(true);
    expect(kartleggingStatus(s)).toBe('ikke_startet');
    s = neste(s, { type: 'KARTLEGGING_STARTET', data: {} });
    expect(kartleggingStatus(s)).toBe('pagar');
    expect(kan(s, 'KARTLEGGING_STARTET')).toBe(false);
    s = neste(s, { type: 'KARTLEGGING_FULLFORT', data: { resultat: { funksjon: 'f', mestring: 'm', behov: [], anbefaling: 'a' } } });
    expect(kartleggingStatus(s)).toBe('fullfort');
    expect(kan(s, 'KARTLEGGING_STARTET')).toBe(false);
    expect(kan(s, 'KARTLEGGING_FULLFORT')).toBe(false);
  });

  test('kartlegging runs beside treatment: allowed while utskrivningsklar and waiting, without changing the forløp status', () => {
    const s = tilstand([...VENTER, ['KARTLEGGING_FULLFORT']]);
    expect([forlopStatus(s), kartleggingStatus(s)]).toEqual(['venter_pa_kommune', 'fullfort']);
  });

  test.each<[string, Steg[]]>([
    ['after utskrivning (not started)', [...KLAR, ['UTSKREVET', til('hjem')]]],
    ['after utskrivning (started)', [['KARTLEGGING_STARTET'], ...KLAR, ['UTSKREVET', til('korttidsopphold')]]],
    ['after death', [['KARTLEGGING_STARTET'], ['DOD']]],
    ['after FORLOP_AVBRUTT', [['FORLOP_AVBRUTT', { arsak: 'feil' }]]],
  ])('kartlegging hendelser are refused %s; the kartlegging status stays what it was', (_navn, steg) => {
    const s = tilstand(steg);
    const forSlutt = kartleggingStatus(tilstand(steg.slice(0, -1)));
    expect(kan(s, 'KARTLEGGING_STARTET')).toBe(false);
    expect(kan(s, 'KARTLEGGING_FULLFORT')).toBe(false);
    expect(kartleggingStatus(s)).toBe(forSlutt);
  });
});

// ---------------------------------------------------------------- side paths

describe('side paths', () => {
  /** Every status a forløp can end from (DOD or FORLOP_AVBRUTT), with the steps that reach it. */
  const UNDERVEIS: [string, Steg[]][] = [
    ['innlagt', []],
    ['utskrivningsklar', MELDT],
    ['venter_pa_kommune', VENTER],
    ['klar_for_utskrivning', KLAR],
    ['utskrevet', [...KLAR, ['UTSKREVET', til('hjem')]]],
  ];

  test.each<[string, Steg[]]>([
    ['utskrivningsklar', MELDT],
    ['venter_pa_kommune', VENTER],
    ['klar_for_utskrivning', KLAR],
  ])('avmelding from %s returns to innlagt, and a new melding is allowed', (_navn, steg) => {
    const s = tilstand([...steg, ['UTSKRIVNINGSKLAR_AVMELDT', { arsak: 'forverring' }]]);
    expect(forlopStatus(s)).toBe('innlagt');
    expect(kan(s, 'KOMMUNESVAR', NEI)).toBe(false);
    expect(kan(s, 'UTSKRIVNINGSKLAR', MELDING)).toBe(true);
    expect(forlopStatus(neste(s, { type: 'UTSKRIVNINGSKLAR', data: MELDING }))).toBe('utskrivningsklar');
  });

  test.each(UNDERVEIS)('DOD from %s ends avsluttet, nothing allowed after', (_navn, steg) => {
    const s = tilstand([...steg, ['DOD']]);
    expect(forlopStatus(s)).toBe('avsluttet');
    expect(erAvsluttet(s)).toBe(true);
    expect(tillatteHendelser(s)).toEqual([]);
  });

  test.each(UNDERVEIS)('FORLOP_AVBRUTT from %s ends avbrutt; every hendelse type is refused after', (_navn, steg) => {
    const s = tilstand([...steg, ['FORLOP_AVBRUTT', { arsak: 'feilregistrert' }]]);
    expect(forlopStatus(s)).toBe('avbrutt');
    expect(erAvsluttet(s)).toBe(true);
    expect(tillatteHendelser(s)).toEqual([]);
    const variants: HendelseData[] = [{}, MELDING, JA, NEI, til('hjem'), til('annet_sykehus')];
    const godtatt = HENDELSE_TYPER.flatMap((type) => variants.filter((d) => kan(s, type, d)).map(() => type));
    expect(godtatt).toEqual([]);
  });

  test.each<Destinasjon>(['korttidsopphold', 'langtidsopphold', 'annen_institusjon', 'annet_sykehus'])(
    'discharge to %s with epikrise already sent ends avsluttet at once',
    (d) => {
      const s = tilstand([...KLAR, ['EPIKRISE_SENDT'], ['UTSKREVET', til(d)]]);
      expect(forlopStatus(s)).toBe('avsluttet');
      expect(erAvsluttet(s)).toBe(true);
    },
  );

  test.each<Destinasjon>(['korttidsopphold', 'langtidsopphold', 'annen_institusjon', 'annet_sykehus'])(
    'discharge to %s without epikrise stays utskrevet until EPIKRISE_SENDT',
    (d) => {
      const s = tilstand([...KLAR, ['UTSKREVET', til(d)]]);
      expect(forlopStatus(s)).toBe('utskrevet');
      expect(erAvsluttet(s)).toBe(false);
      expect(kan(s, 'OPPFOLGING_STARTET')).toBe(false);
      const etter = neste(s, { type: 'EPIKRISE_SENDT', data: {} });
      expect(forlopStatus(etter)).toBe('avsluttet');
      expect(erAvsluttet(etter)).toBe(true);
    },
  );

  test('discharge home with epikrise stays utskrevet until the kommune documents oppfølging', () => {
    const s = tilstand([...KLAR, ['EPIKRISE_SENDT'], ['UTSKREVET', til('hjem')]]);
    expect(forlopStatus(s)).toBe('utskrevet');
    expect(forlopStatus(neste(s, { type: 'OPPFOLGING_STARTET', data: {} }))).toBe('avsluttet');
  });

  test('discharge home: oppfølging first, then epikrise, ends avsluttet', () => {
    const s = tilstand([...KLAR, ['UTSKREVET', til('hjem')], ['OPPFOLGING_STARTET']]);
    expect(forlopStatus(s)).toBe('utskrevet');
    expect(forlopStatus(neste(s, { type: 'EPIKRISE_SENDT', data: {} }))).toBe('avsluttet');
  });

  test('the observation window closing with something missing ends avsluttet', () => {
    const s = tilstand([...KLAR, ['UTSKREVET', til('hjem')]]);
    expect(forlopStatus(neste(s, { type: 'OBSERVASJON_UTLOPT' }))).toBe('avsluttet');
  });

  test('discharged straight from innlagt (never meldt utskrivningsklar) to home is allowed', () => {
    expect(forlopStatus(tilstand([['UTSKREVET', til('hjem')]]))).toBe('utskrevet');
  });

  test('UTSKREVET with destinasjon dod ends avsluttet at once, like DOD (no epikrise or oppfølging is owed: frister.ts creates neither)', () => {
    const s = tilstand([['INNLEGGELSESMELDING_SENDT'], ['UTSKREVET', til('dod')]]);
    expect(forlopStatus(s)).toBe('avsluttet');
    expect(erAvsluttet(s)).toBe(true);
  });
});

// ---------------------------------------------------------------- roller (403)

describe('HENDELSE_ROLLE: who may send each hendelse (docs/api.md table)', () => {
  test.each<[HendelseType, string]>([
    ['INNLAGT', 'sykehus'], // POST /forlop (sykehus)
    ['INNLEGGELSESMELDING_SENDT', 'sykehus'],
    ['STATUSENDRING', 'sykehus'],
    ['KARTLEGGING_STARTET', 'kartleggingsteam'],
    ['KARTLEGGING_FULLFORT', 'kartleggingsteam'],
    ['UTSKRIVNINGSKLAR', 'sykehus'],
    ['UTSKRIVNINGSKLAR_AVMELDT', 'sykehus'],
    ['KOMMUNESVAR', 'kommune'],
    ['TILBUD_KLART', 'kommune'],
    ['EPIKRISE_SENDT', 'sykehus'],
    ['UTSKREVET', 'sykehus'],
    ['OPPFOLGING_STARTET', 'kommune'],
    ['DOD', 'sykehus'],
    ['FORLOP_AVBRUTT', 'sykehus'],
  ])('%s is sent by %s only', (type, rolle) => {
    expect(HENDELSE_ROLLE[type]).toEqual([rolle]);
  });

  test('every hendelse type has a rolle, and no other key exists', () => {
    expect(Object.keys(HENDELSE_ROLLE).sort()).toEqual([...HENDELSE_TYPER].sort());
  });

  test('samhandling and admin send no hendelser', () => {
    const alle = Object.values(HENDELSE_ROLLE).flat();
    expect(alle).not.toContain('samhandling');
    expect(alle).not.toContain('admin');
  });
});
