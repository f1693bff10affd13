/**
 * Every frist of the forløp: the rule table, assembled from one file per rule
 * (workflows/frister/<ID>.ts), the settings table assembled from what the rules and felles.ts
 * declare, and the computation over the table. Pure functions of the forløp's facts, the
 * configuration and the current instant: the workflow passes its deterministic `now`, tests pass
 * any instant. A frist is judged by the hendelse's clinical `tidspunkt`, never by when it was
 * registered. Adding a rule: README, "Legge til en frist".
 */
import type { FristId, FristInstans, FristKonfigurasjon } from '../types';
import type { FristKontekst, FristRegel, Innstilling, InnstillingNokkel, VarighetNokkel } from './definisjon';
import { perioder, type ForlopFakta } from './fakta';
import { FELLES_INNSTILLINGER } from './felles';
import { EPIKRISE } from './EPIKRISE';
import { INNLEGGELSESMELDING } from './INNLEGGELSESMELDING';
import { KARTLEGGING } from './KARTLEGGING';
import { KOMMUNESVAR } from './KOMMUNESVAR';
import { OPPFOLGING } from './OPPFOLGING';
import { TILBUD_KLART } from './TILBUD_KLART';
import { UTSKRIVNINGSKLAR_MELDING } from './UTSKRIVNINGSKLAR_MELDING';
import { gyldigVarighet, varighet } from './tid';

export * from './tid';
export * from './fakta';
export type { FristRegel, Innstilling, InnstillingNokkel, VarighetNokkel } from './definisjon';

/** The rules, in the order their instances are listed (FRIST_IDER's order). */
export const FRIST_REGLER = {
  INNLEGGELSESMELDING,
  KARTLEGGING,
  UTSKRIVNINGSKLAR_MELDING,
  KOMMUNESVAR,
  TILBUD_KLART,
  EPIKRISE,
  OPPFOLGING,
} as const satisfies { [Id in FristId]: FristRegel<Id> };

const REGLER: readonly FristRegel[] = Object.values(FRIST_REGLER);

/** Every setting, the rules' in the table's order and then the shared ones: the /konfigurasjon table. */
export const INNSTILLINGER = Object.fromEntries([...REGLER.map((r) => r.innstillinger), FELLES_INNSTILLINGER].flatMap((i) => Object.entries(i))) as Record<
  InnstillingNokkel,
  Innstilling
>;

/**
 * Each duration setting is a `frist` (a deadline or window: longer than zero) or a `varighet`
 * (a reminder's lead time or a grace: zero allowed).
 */
export const INNSTILLING_ART = Object.fromEntries(Object.entries(INNSTILLINGER).flatMap(([k, i]) => (i.art === 'klokketime' ? [] : [[k, i.art]]))) as Record<
  VarighetNokkel,
  'frist' | 'varighet'
>;

/**
 * Every frist of the forløp as it stands at `naa`. Deterministic: the same facts,
 * configuration and instant always give the same list, in the same order: the table's, with
 * a run of period rules listed period by period.
 */
export function beregnFrister(fakta: ForlopFakta, konfig: FristKonfigurasjon, naa: string): FristInstans[] {
  const k: FristKontekst = { fakta, konfig, naa, perioder: perioder(fakta) };
  const ut: FristInstans[] = [];
  for (let i = 0; i < REGLER.length;) {
    const b = REGLER[i].beregning;
    if (b.per === 'forlop') {
      ut.push(...b.beregn(k));
      i++;
      continue;
    }
    let j = i;
    while (j < REGLER.length && REGLER[j].beregning.per === 'periode') j++;
    const run = REGLER.slice(i, j);
    for (const p of k.perioder) {
      for (const r of run) if (r.beregning.per === 'periode') ut.push(...r.beregning.beregn(p, k));
    }
    i = j;
  }

  // A forløp registered in error has no frister: every one not met lapses (its avvik are withdrawn).
  if (fakta.hendelser.some((x) => x.type === 'FORLOP_AVBRUTT')) {
    return ut.map((f) => (f.status === 'oppfylt' ? f : { ...f, status: 'bortfalt', bruttTidspunkt: null, paminnelser: [], eskalering: null }));
  }
  return ut;
}

/** A value the setting may take: a valid duration, and for a frist longer than zero. */
export function gyldigInnstilling(nokkel: VarighetNokkel, v: string): boolean {
  return gyldigVarighet(v) && (INNSTILLING_ART[nokkel] === 'varighet' || varighet(v).toMillis() > 0);
}

/** Defaults merged with a kommune's samarbeidsavtale overrides (only known keys, only valid values, by the same rule as the API). */
export function fristKonfigurasjon(standard: FristKonfigurasjon, overstyring: Partial<FristKonfigurasjon> | null | undefined): FristKonfigurasjon {
  const ut = { ...standard };
  for (const [k, v] of Object.entries(overstyring ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(standard, k) || v === undefined || v === null) continue;
    if (k === 'dagligStatusKlokken') {
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 23) ut.dagligStatusKlokken = v;
    } else if (typeof v === 'string' && gyldigInnstilling(k as VarighetNokkel, v)) {
      (ut as Record<string, unknown>)[k] = v;
    }
  }
  return ut;
}
