/**
 * The forløp's pure core driven over whole simulated days and weeks, as the workflow drives it:
 * a hendelse is `motta`, and whenever the instant the module names is reached, `vaakne`. No
 * Temporal, no database: a month of a forløp runs in milliseconds. Each test asserts what the
 * parties would see: which varsel reached whom at which instant, which avvik stand, which days
 * the kommune pays for, when the forløp closes.
 */
import { DateTime } from 'luxon';
import type { Endring } from '../../activities/contract';
import {
  avvisning,
  motta,
  nesteVekking,
  nyttForlop,
  projeksjon,
  sekvensFor,
  status,
  vaakne,
  type ForlopTilstand,
  type Steg,
} from '../../workflows/forlop.tilstand';
import type { Forlopskonfigurasjon, ForlopStart } from '../../workflows/types';
import type { HendelseData, HendelseInput, HendelseType } from '../../workflows/hendelser';
import { HENDELSE_ROLLE } from '../../workflows/hendelser';
import { navnUuid } from '../../workflows/navn-uuid';
import { forlop, JA, KLART, KOMPLETT, KONFIG, melding, nei, til, UFULLSTENDIG } from '../helpers/fakta';

const DOGNPRIS = { '2024': 5745, '2025': 5981 };
const SAMHANDLING = 'SAMH-TEST'; // configured, not the constant HSYK: escalations follow the configuration
const KONFIGURASJON: Forlopskonfigurasjon = { frister: KONFIG, dognpris: DOGNPRIS, samhandlingOrg: SAMHANDLING };

/** Oslo wall-clock time → ISO with its offset. */
const oslo = (t: string) => DateTime.fromISO(t, { zone: 'Europe/Oslo' }).toISO()!;
const ms = (iso: string) => Date.parse(iso);
const iso = (epoch: number) => DateTime.fromMillis(epoch, { zone: 'Europe/Oslo' }).toISO()!;

interface Mottatt {
  /** Oslo time the varsel was produced. */
  ved: string;
  type: string;
  til: string;
}

/**
 * One forløp and its clock. `send` first lets time run up to the hendelse's registration (every
 * wake the module asks for, in order), then delivers it; `tilOgMed` lets time run. Every change
 * is kept, so a test can read what reached whom and when.
 */
class Forlop {
  t: ForlopTilstand;
  naa: number;
  readonly endringer: { ved: number; endring: Endring }[] = [];
  readonly vekkinger: number[] = [];
  // The workflow's own ids: named by the forløp and the effect's cause.
  private readonly nyId = navnUuid;

  constructor(innlagt: string, start: Partial<ForlopStart> = {}, konfig: Forlopskonfigurasjon = KONFIGURASJON) {
    this.t = nyttForlop(forlop(innlagt, [], start).start, konfig); // kommune 1833, HSYK-MO, team KT-RANA
    this.naa = ms(innlagt);
    this.send('INNLAGT', innlagt, {});
  }

  private ta(steg: Steg): void {
    this.t = steg.tilstand;
    if (steg.endring) this.endringer.push({ ved: this.naa, endring: steg.endring });
    // The workflow sets its one timer where the step says; it is the module's own answer.
    expect(steg.vekking).toBe(nesteVekking(steg.tilstand, this.naa));
  }

  /** Let time run to `til` (ISO): each due instant in turn, as the timer would fire. */
  tilOgMed(til: string): this {
    const slutt = ms(til);
    for (let v = nesteVekking(this.t, this.naa); v !== null && v <= slutt; v = nesteVekking(this.t, this.naa)) {
      expect(v).toBeGreaterThan(this.naa); // time only moves forward
      this.naa = v;
      this.vekkinger.push(v);
      this.ta(vaakne(this.t, v, this.nyId));
    }
    this.naa = Math.max(this.naa, slutt);
    return this;
  }

  /** A hendelse that happened at `tidspunkt`, registered at `registrert` (default: then). */
  send(type: HendelseType, tidspunkt: string, data: HendelseData = {}, registrert = tidspunkt): Steg {
    this.tilOgMed(registrert);
    const rolle = HENDELSE_ROLLE[type][0];
    const input = {
      hendelseId: `h-${this.t.hendelser.length + 1}`,
      type,
      tidspunkt,
      registrert,
      av: { rolle, org: rolle === 'kommune' ? '1833' : rolle === 'kartleggingsteam' ? 'KT-RANA' : 'HSYK-MO' },
      data,
    } as HendelseInput; // the tests name the type and its fields apart
    const a = avvisning(this.t, input);
    if (a) throw new Error(`${type} refused: ${a.melding}`);
    const steg = motta(this.t, input, this.naa, this.nyId);
    this.ta(steg);
    return steg;
  }

  varsler(): Mottatt[] {
    return this.endringer.flatMap(({ ved, endring }) => endring.varsler.map((v) => ({ ved: iso(ved), type: v.type, til: v.mottakerOrg })));
  }

  avvik() {
    return this.endringer.flatMap((e) => e.endring.nyeAvvik);
  }

  trukne() {
    return this.endringer.flatMap((e) => e.endring.trukneAvvik);
  }

  /** The avvik that stand: made and not withdrawn. */
  staende(): string[] {
    const trukket = new Set(this.trukne().map((t) => t.nokkel));
    return this.avvik()
      .map((a) => a.nokkel)
      .filter((n) => !trukket.has(n));
  }

  frist(nokkel: string) {
    return this.t.frister.find((f) => f.nokkel === nokkel);
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

// ---------------------------------------------------------------- a whole forløp

describe('a whole forløp, admission to the closing of the observation window', () => {
  // Monday 2 March 2026; the observation window crosses the change to summer time (29 March).
  const f = new Forlop(oslo('2026-03-02T08:15'), { kartleggingInkludert: true });
  f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-03-02T14:00'), { forventetUtskrivningsdato: '2026-03-05' });
  f.tilOgMed(oslo('2026-03-04T12:00'));
  f.send('KARTLEGGING_FULLFORT', oslo('2026-03-04T13:00'), { resultat: { funksjon: 'f', mestring: 'm', behov: [], anbefaling: 'a' } });
  f.send('UTSKRIVNINGSKLAR', oslo('2026-03-05T10:00'), melding(oslo('2026-03-05T09:00')));
  f.tilOgMed(oslo('2026-03-05T15:00'));
  f.send('KOMMUNESVAR', oslo('2026-03-05T16:00'), nei('2026-03-09'));
  f.send('TILBUD_KLART', oslo('2026-03-09T15:00'), KLART);
  f.send('EPIKRISE_SENDT', oslo('2026-03-10T09:00'));
  f.send('UTSKREVET', oslo('2026-03-10T10:00'), til('hjem'));
  f.tilOgMed(oslo('2026-04-30T00:00'));

  test('every varsel reaches its party at its instant, once', () => {
    expect(f.varsler()).toEqual([
      { ved: oslo('2026-03-02T08:15'), type: 'KARTLEGGING', til: 'KT-RANA' }, // included at admission
      { ved: oslo('2026-03-02T14:00'), type: 'INNLEGGELSESMELDING', til: '1833' },
      { ved: oslo('2026-03-04T00:00'), type: 'PAMINNELSE', til: 'KT-RANA' }, // a day before the expected discharge
      { ved: oslo('2026-03-04T13:00'), type: 'KARTLEGGING', til: '1833' },
      { ved: oslo('2026-03-05T10:00'), type: 'UTSKRIVNINGSKLAR', til: '1833' },
      { ved: oslo('2026-03-05T13:00'), type: 'PAMINNELSE', til: '1833' }, // an hour before the 4 h answer
      { ved: oslo('2026-03-05T14:00'), type: 'FRIST_BRUTT', til: '1833' },
      { ved: oslo('2026-03-05T14:00'), type: 'AVVIK', til: 'HSYK-MO' },
      // The daily status at 08:00 while waiting: not on the day of the melding (sent after 08:00).
      { ved: oslo('2026-03-06T08:00'), type: 'OVERLIGGERDOGN', til: '1833' },
      { ved: oslo('2026-03-07T08:00'), type: 'OVERLIGGERDOGN', til: '1833' },
      { ved: oslo('2026-03-08T08:00'), type: 'OVERLIGGERDOGN', til: '1833' },
      { ved: oslo('2026-03-09T08:00'), type: 'OVERLIGGERDOGN', til: '1833' },
      { ved: oslo('2026-03-10T10:00'), type: 'PAMINNELSE', til: '1833' }, // discharged home: document oppfølging
      { ved: oslo('2026-03-11T08:00'), type: 'PAMINNELSE', til: '1833' }, // 2 h before the 24 h
      { ved: oslo('2026-03-11T10:00'), type: 'FRIST_BRUTT', til: '1833' },
      { ved: oslo('2026-03-11T10:00'), type: 'AVVIK', til: 'HSYK-MO' },
      { ved: oslo('2026-03-12T10:00'), type: 'ESKALERING', til: '1833' }, // 24 h after the breach, still missing
      { ved: oslo('2026-03-12T10:00'), type: 'ESKALERING', til: SAMHANDLING },
    ]);
  });

  test('the daily status counts the days so far and prices them (2026 at the latest known price)', () => {
    const tekster = f.endringer
      .flatMap((e) => e.endring.varsler)
      .filter((v) => v.type === 'OVERLIGGERDOGN')
      .map((v) => v.tekst);
    expect(tekster).toEqual(
      ['2 overliggerdøgn, 11 962 kr.', '3 overliggerdøgn, 17 943 kr.', '4 overliggerdøgn, 23 924 kr.', '5 overliggerdøgn, 29 905 kr.'].map(
        (t) => `Pasienten venter på kommunalt tilbud: ${t}`,
      ),
    );
  });

  test('the kommune pays D to the day before klart; the late answer is one avvik, as is the missing oppfølging', () => {
    expect(f.t.overliggerdogn.dager.map((d) => [d.dato, d.belop, d.prisForelopig])).toEqual([
      ['2026-03-05', 5981, true],
      ['2026-03-06', 5981, true],
      ['2026-03-07', 5981, true],
      ['2026-03-08', 5981, true],
    ]);
    expect(f.t.overliggerdogn.belop).toBe(4 * 5981);
    expect(f.avvik().map((a) => [a.type, a.ansvarlig, a.motpart])).toEqual([
      ['KOMMUNESVAR', { rolle: 'kommune', org: '1833' }, { rolle: 'sykehus', org: 'HSYK-MO' }],
      ['OPPFOLGING', { rolle: 'kommune', org: '1833' }, { rolle: 'sykehus', org: 'HSYK-MO' }],
    ]);
    expect(f.trukne()).toEqual([]);
  });

  test('30 calendar days after utskrivning (across the summer-time change) the forløp closes and wakes no more', () => {
    expect(status(f.t)).toBe('avsluttet');
    const sistAktiv = f.endringer[f.endringer.length - 1];
    expect(iso(sistAktiv.ved)).toBe(oslo('2026-04-09T10:00')); // +02:00 now: 30 days, 719 hours
    expect(sistAktiv.endring.projeksjon.status).toBe('avsluttet');
    expect(nesteVekking(f.t, f.naa)).toBeNull();
    expect(f.frist('OPPFOLGING')?.status).toBe('brutt'); // the avvik stays open
  });

  test('each change carries a higher versjon; the forløp row is created by the first only', () => {
    const versjoner = f.endringer.map((e) => e.endring.projeksjon.versjon);
    expect(versjoner).toEqual(versjoner.map((_, i) => i + 1));
    expect(f.endringer.filter((e) => e.endring.start).map((e) => e.endring.projeksjon.versjon)).toEqual([1]);
    expect(f.endringer.flatMap((e) => e.endring.hendelser.map((h) => h.sekvens))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('every effect once: no varsel id twice, and no wake at an instant already passed', () => {
    const ider = f.endringer.flatMap((e) => e.endring.varsler.map((v) => v.id));
    expect(new Set(ider).size).toBe(ider.length);
    expect([...f.vekkinger].sort((a, b) => a - b)).toEqual(f.vekkinger);
  });
});

// ---------------------------------------------------------------- reminders, breach, escalation

describe('a discharge registered after its observation window was already over', () => {
  // Discharged home 2 March; the ward registers it 40 days later (11 April).
  const sen = () => {
    const f = new Forlop(oslo('2026-03-01T08:00'), { antattBehovKommunaleTjenester: false });
    f.send('UTSKREVET', oslo('2026-03-02T10:00'), til('hjem'), oslo('2026-04-11T09:00'));
    return f;
  };

  test('stays open a day after the registration for what is missing, then closes; both avvik stay', () => {
    const f = sen();
    expect(status(f.t)).toBe('utskrevet');
    expect(iso(nesteVekking(f.t, f.naa)!)).toBe(oslo('2026-04-12T09:00')); // etterregistrering PT24H
    f.tilOgMed(oslo('2026-04-13T00:00'));
    expect(status(f.t)).toBe('avsluttet');
    expect(f.staende().sort()).toEqual(['EPIKRISE', 'OPPFOLGING']);
    expect(nesteVekking(f.t, f.naa)).toBeNull();
  });

  test('an epikrise and an oppfølging done in time and registered in that day withdraw their avvik and close it', () => {
    const f = sen();
    f.send('EPIKRISE_SENDT', oslo('2026-03-02T10:00'), {}, oslo('2026-04-11T10:00'));
    f.send('OPPFOLGING_STARTET', oslo('2026-03-02T15:00'), {}, oslo('2026-04-11T11:00'));
    expect(status(f.t)).toBe('avsluttet');
    expect(f.staende()).toEqual([]);
  });

  test('a forløp of an earlier release, whose history kept the clinical window only, stays as it was (the workflow asks `patched`)', () => {
    const f = new Forlop(oslo('2026-03-01T08:00'), { antattBehovKommunaleTjenester: false });
    const input = {
      hendelseId: 'h-2',
      type: 'UTSKREVET',
      tidspunkt: oslo('2026-03-02T10:00'),
      registrert: oslo('2026-04-11T09:00'),
      av: { rolle: 'sykehus', org: 'HSYK-MO' },
      data: til('hjem'),
    } as HendelseInput;
    const steg = motta(f.t, input, ms(oslo('2026-04-11T09:00')), navnUuid, { utsettVindu: () => false });
    expect(status(steg.tilstand)).toBe('utskrevet');
    expect(steg.vekking).toBeNull();
  });

  test('a discharge registered in time keeps the clinical window', () => {
    const f = new Forlop(oslo('2026-03-01T08:00'), { antattBehovKommunaleTjenester: false });
    f.send('UTSKREVET', oslo('2026-03-02T10:00'), til('hjem'), oslo('2026-03-20T09:00'));
    expect(status(f.t)).toBe('utskrevet');
    expect(iso(nesteVekking(f.t, f.naa)!)).toBe(oslo('2026-04-01T10:00'));
  });
});

describe('reminder, breach and escalation of the kommune’s answer', () => {
  test('unanswered: reminder at −1 h, avvik at 4 h, escalation 24 h later to the kommune and the configured samhandling org', () => {
    const f = new Forlop(oslo('2026-05-04T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-05-04T09:00'));
    f.send('UTSKRIVNINGSKLAR', oslo('2026-05-05T09:30'), melding(oslo('2026-05-05T09:00')));
    f.tilOgMed(oslo('2026-05-07T00:00'));
    const etter = f.varsler().filter((v) => ms(v.ved) > ms(oslo('2026-05-05T09:30')) && v.type !== 'OVERLIGGERDOGN');
    expect(etter).toEqual([
      { ved: oslo('2026-05-05T12:30'), type: 'PAMINNELSE', til: '1833' },
      { ved: oslo('2026-05-05T13:30'), type: 'FRIST_BRUTT', til: '1833' },
      { ved: oslo('2026-05-05T13:30'), type: 'AVVIK', til: 'HSYK-MO' },
      { ved: oslo('2026-05-06T13:30'), type: 'ESKALERING', til: '1833' },
      { ved: oslo('2026-05-06T13:30'), type: 'ESKALERING', til: SAMHANDLING },
    ]);
    expect(f.avvik().map((a) => [a.nokkel, a.brutt])).toEqual([['KOMMUNESVAR:3', oslo('2026-05-05T13:30')]]);
  });

  test('answered in time: the reminder went out, no avvik, no escalation, and the timer moves on', () => {
    const f = new Forlop(oslo('2026-05-04T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-05-04T09:00'));
    f.send('UTSKRIVNINGSKLAR', oslo('2026-05-05T09:30'), melding(oslo('2026-05-05T09:00')));
    f.send('KOMMUNESVAR', oslo('2026-05-05T13:00'), JA);
    f.tilOgMed(oslo('2026-05-12T00:00'));
    expect(f.varsler().map((v) => v.type)).toEqual(['INNLEGGELSESMELDING', 'UTSKRIVNINGSKLAR', 'PAMINNELSE']);
    expect(f.avvik()).toEqual([]);
    expect(status(f.t)).toBe('klar_for_utskrivning');
    expect(nesteVekking(f.t, f.naa)).toBeNull(); // nothing is due until the patient leaves
  });

  test('a frist due while nobody registers anything is judged at its instant, and the avvik carries that instant', () => {
    const f = new Forlop(oslo('2026-06-01T22:30')); // the 24 h run past midnight
    f.tilOgMed(oslo('2026-06-03T00:00'));
    expect(f.avvik().map((a) => [a.type, a.brutt, a.frist])).toEqual([['INNLEGGELSESMELDING', oslo('2026-06-02T22:30'), oslo('2026-06-02T22:30')]]);
    expect(f.varsler().map((v) => [v.ved, v.type])).toEqual(
      [
        [oslo('2026-06-02T20:30'), 'PAMINNELSE'],
        [oslo('2026-06-02T22:30'), 'FRIST_BRUTT'],
        [oslo('2026-06-02T22:30'), 'AVVIK'],
        [oslo('2026-06-03T22:30'), 'ESKALERING'],
        [oslo('2026-06-03T22:30'), 'ESKALERING'],
      ].filter(([ved]) => ms(ved) <= ms(oslo('2026-06-03T00:00'))),
    );
  });
});

// ---------------------------------------------------------------- the daily status

describe('the daily status while the kommune keeps the patient waiting', () => {
  test('a melding before the hour gets the status the same day; one a day, at the hour, also across the change to winter time', () => {
    // Sunday 25 October 2026 is 25 hours long in Oslo.
    const f = new Forlop(oslo('2026-10-20T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-10-20T09:00'));
    f.send('UTSKRIVNINGSKLAR', oslo('2026-10-23T07:00'), melding(oslo('2026-10-23T06:30')));
    f.send('KOMMUNESVAR', oslo('2026-10-23T07:30'), nei('2026-10-27'));
    f.tilOgMed(oslo('2026-10-27T12:00'));
    const daglig = f.varsler().filter((v) => v.type === 'OVERLIGGERDOGN');
    expect(daglig.map((v) => v.ved)).toEqual(['2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27'].map((d) => oslo(`${d}T08:00`)));
    expect(daglig.every((v) => v.til === '1833')).toBe(true);
  });

  test('no daily status once the kommune can receive, nor for a stay without days', () => {
    const f = new Forlop(oslo('2026-10-20T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-10-20T09:00'));
    f.send('UTSKRIVNINGSKLAR', oslo('2026-10-23T10:00'), melding(oslo('2026-10-23T09:30')));
    f.send('KOMMUNESVAR', oslo('2026-10-23T11:00'), JA);
    f.tilOgMed(oslo('2026-10-30T00:00'));
    expect(f.varsler().filter((v) => v.type === 'OVERLIGGERDOGN')).toEqual([]);
    expect(f.t.overliggerdogn.antall).toBe(0);
  });

  test('with a late melding om innlagt pasient the daily status says no day is billable, and why', () => {
    const f = new Forlop(oslo('2026-10-20T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-10-21T09:00')); // 25 h
    f.send('UTSKRIVNINGSKLAR', oslo('2026-10-23T10:00'), melding(oslo('2026-10-23T09:30')));
    f.tilOgMed(oslo('2026-10-24T09:00'));
    const [v] = f.endringer.flatMap((e) => e.endring.varsler).filter((x) => x.type === 'OVERLIGGERDOGN');
    expect(v.tekst).toBe(
      'Pasienten venter på kommunalt tilbud: 2 overliggerdøgn, 0 fakturerbare: 0 kr. Ikke fakturerbare: 2 – meldingen om innlagt pasient kom for sent.',
    );
    // The same figures as the forløp shows (one source: workflows/overliggerdogn.ts).
    expect(f.t.overliggerdogn).toMatchObject({ antall: 2, fakturerbare: 0, belop: 0 });
  });
});

// ---------------------------------------------------------------- avmelding and a new melding

describe('avmelding and a new melding', () => {
  test('days stop on the avmelding day and start again with the new melding; the first answer frist lapses', () => {
    const f = new Forlop(oslo('2026-02-02T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-02-02T09:00'));
    f.send('UTSKRIVNINGSKLAR', oslo('2026-02-03T10:00'), melding(oslo('2026-02-03T09:00')));
    f.send('KOMMUNESVAR', oslo('2026-02-03T11:00'), nei('2026-02-10'));
    f.send('UTSKRIVNINGSKLAR_AVMELDT', oslo('2026-02-05T12:00'), { arsak: 'Feber' });
    expect(status(f.t)).toBe('innlagt');
    f.tilOgMed(oslo('2026-02-08T12:00'));
    expect(
      f
        .varsler()
        .filter((v) => v.type === 'OVERLIGGERDOGN')
        .map((v) => v.ved),
    ).toEqual([oslo('2026-02-04T08:00'), oslo('2026-02-05T08:00')]);
    expect(f.frist('TILBUD_KLART:4')?.status).toBe('bortfalt');
    f.send('UTSKRIVNINGSKLAR', oslo('2026-02-09T10:00'), melding(oslo('2026-02-09T09:00')));
    f.send('KOMMUNESVAR', oslo('2026-02-09T11:00'), nei('2026-02-11'));
    f.send('TILBUD_KLART', oslo('2026-02-11T09:00'), KLART);
    expect(f.t.overliggerdogn.dager.map((d) => d.dato)).toEqual(['2026-02-03', '2026-02-04', '2026-02-09', '2026-02-10']);
    expect(f.frist('KOMMUNESVAR:3')?.status).toBe('oppfylt');
    expect(f.frist('KOMMUNESVAR:6')?.status).toBe('oppfylt');
    expect(f.avvik()).toEqual([]);
  });

  test('an incomplete melding is not billable, has its avvik, and is corrected by a complete one', () => {
    const f = new Forlop(oslo('2026-02-02T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-02-02T09:00'));
    f.send('UTSKRIVNINGSKLAR', oslo('2026-02-03T10:00'), melding(oslo('2026-02-03T09:00'), UFULLSTENDIG));
    f.send('KOMMUNESVAR', oslo('2026-02-03T11:00'), nei('2026-02-10'));
    // Corrected within the 24 h after which the incomplete melding would be escalated.
    f.send('UTSKRIVNINGSKLAR', oslo('2026-02-04T09:30'), melding(oslo('2026-02-04T09:00'), KOMPLETT));
    f.send('KOMMUNESVAR', oslo('2026-02-04T11:00'), nei('2026-02-06')); // the valid melding is answered too
    f.send('TILBUD_KLART', oslo('2026-02-06T09:00'), KLART);
    expect(f.t.overliggerdogn.dager.map((d) => [d.dato, d.betalingsvilkarOppfylt])).toEqual([
      ['2026-02-03', false],
      ['2026-02-04', true],
      ['2026-02-05', true],
    ]);
    expect(f.staende()).toEqual(['UTSKRIVNINGSKLAR_MELDING:3']);
    f.tilOgMed(oslo('2026-02-10T00:00'));
    expect(f.varsler().filter((v) => v.type === 'ESKALERING')).toEqual([]); // corrected: nothing to escalate
  });
});

// ---------------------------------------------------------------- withdrawal

describe('an avvik withdrawn by a late registration', () => {
  test('a back-dated admission has its avvik at once; the late registration that shows the melding in time withdraws it, for good', () => {
    const f = new Forlop(oslo('2026-03-10T08:00'));
    f.tilOgMed(oslo('2026-03-11T12:00')); // 28 h, nothing registered
    expect(f.staende()).toEqual(['INNLEGGELSESMELDING']);
    const steg = f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-03-10T09:00'), {}, oslo('2026-03-11T12:30'));
    expect(steg.endring?.trukneAvvik).toEqual([
      {
        nokkel: 'INNLEGGELSESMELDING',
        tidspunkt: new Date(ms(oslo('2026-03-11T12:30'))).toISOString(),
        grunn: `Hendelse registrert senere viser at fristen ble overholdt (oppfylt ${oslo('2026-03-10T09:00')})`,
      },
    ]);
    f.tilOgMed(oslo('2026-03-20T00:00'));
    f.send('STATUSENDRING', oslo('2026-03-20T09:00'), { beskrivelse: 'Bedre' });
    // With today's rules a withdrawn frist's deed can only move earlier, so it never breaks again:
    // no second avvik for it, however time and hendelser go on.
    expect(f.avvik().map((a) => a.nokkel)).toEqual(['INNLEGGELSESMELDING']);
    expect(f.staende()).toEqual([]);
    expect(f.t.overliggerdogn.betalingsvilkarOppfylt).toBe(true);
  });

  test('a kommune answer registered late but given in time withdraws the breach of the 4 h', () => {
    const f = new Forlop(oslo('2026-03-10T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-03-10T09:00'));
    f.send('UTSKRIVNINGSKLAR', oslo('2026-03-12T09:00'), melding(oslo('2026-03-12T08:30')));
    f.tilOgMed(oslo('2026-03-12T14:00'));
    expect(f.staende()).toEqual(['KOMMUNESVAR:3']);
    f.send('KOMMUNESVAR', oslo('2026-03-12T10:00'), JA, oslo('2026-03-12T14:05'));
    expect(f.staende()).toEqual([]);
    f.tilOgMed(oslo('2026-03-14T00:00'));
    expect(f.varsler().filter((v) => v.type === 'ESKALERING')).toEqual([]);
  });
});

// ---------------------------------------------------------------- death and avbrutt in every state

const TIL_TILSTAND: Record<string, (f: Forlop) => void> = {
  innlagt: () => undefined,
  utskrivningsklar: (f) => f.send('UTSKRIVNINGSKLAR', oslo('2026-09-08T10:00'), melding(oslo('2026-09-08T09:00'))),
  venter_pa_kommune: (f) => {
    f.send('UTSKRIVNINGSKLAR', oslo('2026-09-08T10:00'), melding(oslo('2026-09-08T09:00')));
    f.send('KOMMUNESVAR', oslo('2026-09-08T11:00'), nei('2026-09-15'));
  },
  klar_for_utskrivning: (f) => {
    f.send('UTSKRIVNINGSKLAR', oslo('2026-09-08T10:00'), melding(oslo('2026-09-08T09:00')));
    f.send('KOMMUNESVAR', oslo('2026-09-08T11:00'), nei('2026-09-15'));
    f.send('TILBUD_KLART', oslo('2026-09-09T09:00'), KLART);
  },
  utskrevet: (f) => f.send('UTSKREVET', oslo('2026-09-08T10:00'), til('hjem')), // no epikrise, no oppfølging yet
};

describe.each(Object.entries(TIL_TILSTAND))('from %s', (fra, steg) => {
  function forlopI(): Forlop {
    const f = new Forlop(oslo('2026-09-07T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-09-07T09:00'));
    steg(f);
    expect(status(f.t)).toBe(fra);
    return f;
  }

  test('DOD ends the forløp: every open frist lapses, nothing more is due, the days stop on the day of death', () => {
    const f = forlopI();
    f.send('DOD', oslo('2026-09-10T03:00'));
    expect(status(f.t)).toBe('avsluttet');
    expect(f.t.frister.filter((x) => x.status === 'aktiv')).toEqual([]);
    expect(nesteVekking(f.t, f.naa)).toBeNull();
    expect(f.t.overliggerdogn.dager.every((d) => d.dato < '2026-09-10')).toBe(true);
    const antall = f.varsler().length;
    f.tilOgMed(oslo('2026-11-01T00:00'));
    expect(f.varsler().length).toBe(antall);
  });

  test('FORLOP_AVBRUTT: avbrutt, every avvik withdrawn, no overliggerdøgn, nothing due', () => {
    const f = forlopI();
    f.tilOgMed(oslo('2026-09-12T12:00')); // let frister break first
    f.send('FORLOP_AVBRUTT', oslo('2026-09-12T13:00'), { arsak: 'Feil pasient' });
    expect(status(f.t)).toBe('avbrutt');
    expect(f.staende()).toEqual([]);
    expect(f.trukne().every((t) => t.grunn === 'Forløpet er registrert ved feil (avbrutt)')).toBe(true);
    expect(f.t.overliggerdogn.antall).toBe(0);
    expect(f.t.frister.every((x) => x.status === 'oppfylt' || x.status === 'bortfalt')).toBe(true);
    expect(nesteVekking(f.t, f.naa)).toBeNull();
  });
});

// ---------------------------------------------------------------- the module's own contract

describe('the pure module', () => {
  test('never changes the value it is given', () => {
    const f = new Forlop(oslo('2026-03-02T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-03-02T09:00'));
    f.send('UTSKRIVNINGSKLAR', oslo('2026-03-03T10:00'), melding(oslo('2026-03-03T09:00')));
    const for_ = deepFreeze(f.t);
    const kopi = JSON.stringify(for_);
    // Would throw in strict mode on any write to the frozen value.
    vaakne(for_, ms(oslo('2026-03-05T09:00')), () => 'x');
    motta(
      for_,
      {
        hendelseId: 'h-x',
        type: 'KOMMUNESVAR',
        tidspunkt: oslo('2026-03-03T11:00'),
        registrert: oslo('2026-03-03T11:00'),
        av: { rolle: 'kommune', org: '1833' },
        data: { kanTaImot: true },
      },
      ms(oslo('2026-03-03T11:00')),
      () => 'y',
    );
    expect(JSON.stringify(for_)).toBe(kopi);
  });

  test('a step computed again later (its write kept, its workflow task lost) names its varsler and avvik as the first time', () => {
    // The forløp waits for the kommune's answer (due 13:30, reminder 12:30). A statusendring is
    // accepted at 11:00 and written, but its workflow task is lost with the server: it is computed
    // again from the same value at 14:00, when the breach has fallen due too (computed first).
    const f = new Forlop(oslo('2026-05-04T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-05-04T09:00'));
    f.send('UTSKRIVNINGSKLAR', oslo('2026-05-05T09:30'), melding(oslo('2026-05-05T09:00')));
    f.tilOgMed(oslo('2026-05-05T11:00'));
    const input: HendelseInput = {
      hendelseId: 'h-status',
      type: 'STATUSENDRING',
      tidspunkt: oslo('2026-05-05T11:00'),
      registrert: oslo('2026-05-05T11:00'),
      av: { rolle: 'sykehus', org: 'HSYK-MO' },
      data: { beskrivelse: 'Endret' },
    } as HendelseInput;
    const forste = motta(f.t, input, ms(oslo('2026-05-05T11:00')), navnUuid).endring!;
    const igjen = motta(f.t, input, ms(oslo('2026-05-05T14:00')), navnUuid).endring!;
    expect(forste.varsler.map((v) => v.type)).toEqual(['INNLEGGELSESMELDING']);
    expect(igjen.varsler.map((v) => v.type)).toEqual(['FRIST_BRUTT', 'AVVIK', 'INNLEGGELSESMELDING']);
    // The hendelse's own varsel keeps its id (the write, idempotent by id, adds no second one) ...
    expect(igjen.varsler.find((v) => v.type === 'INNLEGGELSESMELDING')!.id).toBe(forste.varsler[0].id);
    // ... and the breach has the ids a wake would have given it.
    const vekket = vaakne(f.t, ms(oslo('2026-05-05T14:00')), navnUuid).endring!;
    expect(vekket.varsler.map((v) => [v.type, v.id])).toEqual(igjen.varsler.filter((v) => v.type !== 'INNLEGGELSESMELDING').map((v) => [v.type, v.id]));
    expect(vekket.nyeAvvik.map((a) => a.id)).toEqual(igjen.nyeAvvik.map((a) => a.id));
    // The same hendelseId in another forløp is another varsel.
    const annen = new Forlop(oslo('2026-05-04T08:00'), { forlopId: 'forlop-2' });
    annen.send('INNLEGGELSESMELDING_SENDT', oslo('2026-05-04T09:00'));
    expect(motta(annen.t, input, ms(oslo('2026-05-05T11:00')), navnUuid).endring!.varsler[0].id).not.toBe(forste.varsler[0].id);
  });

  test('a wake with nothing new to say writes nothing', () => {
    const f = new Forlop(oslo('2026-03-02T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-03-02T09:00'));
    const naa = ms(oslo('2026-03-02T10:00'));
    expect(vaakne(f.t, naa, () => 'x').endring).toBeNull();
  });

  test('a hendelse that moves no due instant keeps the timer where it was; one that meets the frist moves it', () => {
    const f = new Forlop(oslo('2026-03-02T08:00'));
    const for_ = nesteVekking(f.t, f.naa);
    expect(for_).toBe(ms(oslo('2026-03-03T06:00'))); // the reminder 2 h before the 24 h
    const s = f.send('STATUSENDRING', oslo('2026-03-02T09:00'), { beskrivelse: 'Uendret' });
    expect(s.vekking).toBe(for_);
    const m = f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-03-02T10:00'));
    expect(m.vekking).toBeNull();
  });

  test('a repeated hendelseId is known by its sekvens; the refusals are worded once, with the state and what it allows', () => {
    const f = new Forlop(oslo('2026-03-02T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-03-02T09:00'));
    expect(sekvensFor(f.t, 'h-2')).toBe(2);
    const svar: HendelseInput = {
      hendelseId: 'h-ny',
      type: 'KOMMUNESVAR',
      tidspunkt: oslo('2026-03-02T10:00'),
      registrert: oslo('2026-03-02T10:00'),
      av: { rolle: 'kommune', org: '1833' },
      data: { kanTaImot: true },
    };
    expect(avvisning(f.t, svar)).toEqual({
      art: 'overgang',
      status: 'innlagt',
      tillatte: expect.arrayContaining(['UTSKRIVNINGSKLAR', 'DOD']),
      melding: expect.stringMatching(/^Forløpet har status «innlagt»; KOMMUNESVAR er ikke tillatt nå\. Tillatt: .*UTSKRIVNINGSKLAR/),
    });
    expect(avvisning(f.t, { ...svar, hendelseId: 'h-2' })).toBeNull(); // a repeat is answered as the first
    expect(avvisning(f.t, { ...svar, type: 'STATUSENDRING', data: { beskrivelse: 'x' }, tidspunkt: oslo('2026-03-01T10:00') })).toEqual({
      art: 'hendelse',
      melding: 'Hendelsen er oppgitt å ha skjedd 1. mars 2026 kl. 10:00, før innleggelsen 2. mars 2026 kl. 08:00',
    });
  });

  test('the tilstand query answers the projection last written', () => {
    const f = new Forlop(oslo('2026-03-02T08:00'));
    f.send('INNLEGGELSESMELDING_SENDT', oslo('2026-03-02T09:00'));
    f.send('STATUSENDRING', oslo('2026-03-02T10:00'), { beskrivelse: 'x' });
    const siste = f.endringer[f.endringer.length - 1].endring;
    expect(siste.hendelser.map((h) => h.sekvens)).toEqual([3]);
    expect(projeksjon(f.t)).toEqual(siste.projeksjon);
  });
});
