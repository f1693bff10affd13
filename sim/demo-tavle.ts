/**
 * The demo's own forløp beside the simulated slice (sim/demo.ts): for each sykehus and one
 * kommune it serves, one patient in each status the ward board and the kommune's inbox show, set
 * relative to now so their frister count down as the newcomer looks. The simulated year alone
 * leaves a patient meldt utskrivningsklar or waiting for the kommune rare at any one moment (the
 * kommuner mostly answer within hours and take the patient at once), so the board's middle
 * columns were empty.
 *
 *   innlagt                admitted this morning; the melding om innlagt pasient still due (24 h)
 *   utskrivningsklar       meldt under an hour ago; the kommune's answer due
 *   venter_pa_kommune      meldt four days ago, the kommune cannot yet: overliggerdøgn, today's too
 *   klar_for_utskrivning   the kommune can receive since an hour ago; epikrise and utskrivning to come
 *   utskrevet              home with tjenester since three hours ago; the kommune's oppfølging due
 *
 * Pure: the forløp as the driver (sim/driver.ts) sends them.
 */
import { MIN } from './aret';
import { TIME } from './kapasitet';
import { lagFnr } from './fodselsnummer';
import { datoOslo, plussDager, type Part, type SimForlop, type SimHendelse, type SykehusId } from './modell';
import { strom } from './tilfeldig';
import type { HendelseType } from '../workflows/hendelser';

/** Each sykehus with the kommune whose inbox the demo's log suggests (its host or nearest kommune). */
export const DEMO_PARTER: ReadonlyArray<{ sykehus: SykehusId; kommune: string }> = [
  { sykehus: 'HSYK-MO', kommune: '1833' },
  { sykehus: 'HSYK-SSJ', kommune: '1820' },
  { sykehus: 'HSYK-MOS', kommune: '1824' },
];

export const DEMO_STATUSER = ['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning', 'utskrevet'] as const;
export type DemoStatus = (typeof DEMO_STATUSER)[number];

const VURDERING = {
  problemstillingerVedInnleggelseAvklart: true,
  ovrigeProblemstillingerAvklart: true,
  uavklarteProblemstillingerAngitt: true,
  funksjonsnivaaVurdert: true,
};

/** When each step happened, hours before now (null: not yet). */
const TIDSLINJE: Record<DemoStatus, { innlagt: number; meldt: number | null; kan: number | null; kanIkke: number | null; utskrevet: number | null }> = {
  innlagt: { innlagt: 5, meldt: null, kan: null, kanIkke: null, utskrevet: null },
  utskrivningsklar: { innlagt: 72, meldt: 0.75, kan: null, kanIkke: null, utskrevet: null },
  venter_pa_kommune: { innlagt: 8 * 24, meldt: 4 * 24, kan: null, kanIkke: 4 * 24 - 2, utskrevet: null },
  klar_for_utskrivning: { innlagt: 5 * 24, meldt: 4, kan: 1, kanIkke: null, utskrevet: null },
  utskrevet: { innlagt: 6 * 24, meldt: 2 * 24, kan: 2 * 24 - 2, kanIkke: null, utskrevet: 3 },
};

/** The demo's forløp at `naa`, keys D-<sykehus>-<status>; `fnrSalt` keeps a run's fødselsnummer its own. */
export function demoTavle(naa: number, fnrSalt: string): SimForlop[] {
  const brukt = new Set<string>();
  const ut: SimForlop[] = [];
  for (const { sykehus, kommune } of DEMO_PARTER) {
    DEMO_STATUSER.forEach((status, i) => {
      const nokkel = `D-${sykehus}-${status}`;
      const fodt = `${1938 + 3 * i}-0${1 + i}-1${i}`;
      const t = TIDSLINJE[status];
      const siden = (timer: number) => naa - timer * TIME;
      const avdeling: Part = { rolle: 'sykehus', org: sykehus };
      const kommunen: Part = { rolle: 'kommune', org: kommune };
      const hendelser: SimHendelse[] = [];
      const legg = (type: HendelseType, tidspunkt: number, av: Part, data: Record<string, unknown> = {}) =>
        hendelser.push({ nokkel: `${nokkel}/${hendelser.length}`, type, tidspunkt, registrert: tidspunkt, av, data });
      const innlagt = siden(t.innlagt);
      legg('INNLAGT', innlagt, avdeling);
      if (t.meldt !== null) {
        const meldt = siden(t.meldt);
        legg('INNLEGGELSESMELDING_SENDT', innlagt + 2 * TIME, avdeling, {
          antattForlop: 'Innlagt for akutt sykdom',
          forventetUtskrivningsdato: datoOslo(meldt),
        });
        legg('UTSKRIVNINGSKLAR', meldt, avdeling, { vurdertTidspunkt: new Date(meldt - 20 * MIN).toISOString(), vurdering: VURDERING });
      }
      if (t.kanIkke !== null) {
        legg('KOMMUNESVAR', siden(t.kanIkke), kommunen, {
          kanTaImot: false,
          forventetKlarDato: plussDager(datoOslo(naa), 2),
          kontakt: { enhet: 'Tildelingskontoret' },
        });
      }
      if (t.kan !== null) legg('KOMMUNESVAR', siden(t.kan), kommunen, { kanTaImot: true, kontakt: { enhet: 'Tildelingskontoret' } });
      if (t.utskrevet !== null) {
        const u = siden(t.utskrevet);
        legg('EPIKRISE_SENDT', u - 30 * MIN, avdeling);
        legg('UTSKREVET', u, avdeling, { destinasjon: 'hjem_med_tjenester', legemiddelliste: { status: 'pll_oppdatert' } });
      }
      ut.push({
        nokkel,
        pasient: nokkel,
        fnr: lagFnr(fodt, strom(fnrSalt, 'demo', nokkel), brukt),
        fodt,
        kommune,
        sykehus,
        avdeling: 'Medisinsk avdeling',
        innlagt,
        antattBehov: true,
        // Left to the criteria while in hospital untouched (the team's worklist has them); the
        // others were not included, so no kartlegging frist breaks at their melding.
        kartleggingGitt: status === 'innlagt' ? undefined : false,
        inkludertAvKriterier: false,
        hendelser,
        modell: {
          behov: 'hjemmetjeneste',
          meldt: t.meldt === null ? null : siden(t.meldt),
          klar: t.kan === null ? null : siden(t.kan),
          utskrevet: t.utskrevet === null ? null : siden(t.utskrevet),
          destinasjon: t.utskrevet === null ? null : 'hjem_med_tjenester',
          dod: false,
          avbrutt: false,
          reinnleggelseEtter: null,
        },
      });
    });
  }
  return ut;
}
