/**
 * The activities of an avvik's follow-up workflow (workflows/avvik.workflow.ts):
 *
 *   registrerAvvik        a hand-reported avvik, its svarfrist and its AVVIK varsel in ONE
 *                         transaction (idempotent: the avvik by (forløp, nøkkel), the varsel by
 *                         id); after COMMIT the varsel's webhook deliveries are started, for all
 *                         its (varsel, webhook) pairs not yet delivered, so the re-run after a
 *                         crash between commit and start loses none (the committed outbox of
 *                         `lagre`, through the same db functions)
 *   hentAvvikOppfolging   the avvik's svarfrist, reminder and whether it is answered
 *   sendAvvikOppfolging   PAMINNELSE to the responsible party, or ESKALERING to it and to the
 *                         samhandlingsavdeling: with the avvik row locked, nothing is stored for
 *                         an answered avvik; the varsel ids are derived from (avvik, kind,
 *                         receiver), so a repeat stores nothing twice and re-starts only the
 *                         deliveries not yet made
 *
 * Nothing here logs: avvik texts are health information.
 */
import type { Client } from '@temporalio/client';
import { hentOppfolgingRad, merkOppfolgingSendt, opprettAvvik, settSvarfrister, type OppfolgingRad } from '../db/avvik';
import { iTransaksjon, type Pool } from '../db/pool';
import { leggTilVarsler } from '../db/varsler';
import type { AvvikOppfolgingTilstand, OppfolgingVarsel } from '../workflows/avvik-oppfolging';
import type { AvvikRegistrering } from '../workflows/avvik.definitions';
import { tidspunktTekst } from '../workflows/formatering';
import { FRIST_REGLER, iOslo } from '../workflows/frister';
import { navnUuid } from '../workflows/navn-uuid';
import type { NyttVarsel } from '../workflows/types';
import type { AvvikActivities } from './contract';
import { avvistSomData, startLeveringer, webhooksFor } from './lagre';
import { startDialogmeldinger, type EdiUt } from './dialogmelding';

export interface AvvikActivityDeps {
  pool: Pool;
  client: Client;
  taskQueue: string;
  /** Receives every escalation as well as the responsible party. */
  samhandlingOrg: string;
  /** Set (EDI_URL): the varsler go to a kommune's EPJ as Dialogmelding too. */
  ediUt?: EdiUt;
}

export function avvikActivities(deps: AvvikActivityDeps): AvvikActivities {
  return {
    registrerAvvik: (r) => registrerAvvik(deps, r),
    hentAvvikOppfolging: async (avvikId) => tilstand(await hentOppfolgingRad(deps.pool, avvikId)),
    sendAvvikOppfolging: (avvikId, varsel) => sendAvvikOppfolging(deps, avvikId, varsel),
  };
}

function tilstand(r: OppfolgingRad | null): AvvikOppfolgingTilstand | null {
  if (!r) return null;
  return {
    svarfrist: iOslo(r.svarfrist.getTime()).toISO()!,
    paminnelse: r.paminnelse ? iOslo(r.paminnelse.getTime()).toISO()! : null,
    besvart: r.besvart,
    paminnelseSendt: r.paminnelseSendt,
    eskalert: r.eskalert,
  };
}

export async function registrerAvvik(deps: AvvikActivityDeps, r: AvvikRegistrering): Promise<void> {
  let leveringer;
  try {
    leveringer = await iTransaksjon(deps.pool, async (c) => {
      await opprettAvvik(c, r.avvik, r.av);
      await settSvarfrister(c, r.avvik.forlopId, [r.avvik.nokkel]);
      // Pairs for the varsel, new or stored before (then a retry restarts a start lost in a crash);
      // looked up before the counter row is locked, as lagre_endring does.
      const l = await webhooksFor(c, [r.varsel]);
      await leggTilVarsler(c, [r.varsel]);
      return l;
    });
  } catch (e) {
    throw avvistSomData(e) ?? e;
  }
  if (leveringer.length > 0) await startLeveringer(deps, leveringer);
  await startDialogmeldinger(deps, [r.varsel]);
}

const PART_NAVN: Record<string, string> = { sykehus: 'sykehuset', kommune: 'kommunen', kartleggingsteam: 'kartleggingsteamet' };

/** The follow-up varsler of one kind for the avvik: deterministic ids, texts without patient data. */
export function oppfolgingVarsler(a: OppfolgingRad, art: OppfolgingVarsel, samhandlingOrg: string): NyttVarsel[] {
  const svarfrist = tidspunktTekst(a.svarfrist.toISOString(), true);
  const part = `${PART_NAVN[a.ansvarligRolle] ?? a.ansvarligRolle} ${a.ansvarligOrg}`;
  // The frist's name, never its code; an avvik reported by hand (MANUELT) has no frist.
  const hva = a.type in FRIST_REGLER ? `om ${FRIST_REGLER[a.type as keyof typeof FRIST_REGLER].navn}` : 'meldt manuelt';
  const mottakere = art === 'PAMINNELSE' ? [a.ansvarligOrg] : [...new Set([a.ansvarligOrg, samhandlingOrg])];
  const tekst =
    art === 'PAMINNELSE'
      ? `Påminnelse: samhandlingsavviket ${hva} venter på svar fra ${part}; svarfrist ${svarfrist}`
      : `Eskalering: samhandlingsavviket ${hva} er ikke besvart av ${part} innen svarfristen ${svarfrist}`;
  return mottakere.map((org) => ({
    id: navnUuid(`avvik-oppfolging:${a.id}:${art}:${org}`),
    mottakerOrg: org,
    type: art,
    forlopId: a.forlopId,
    frist: a.svarfrist.toISOString(),
    tekst,
  }));
}

export async function sendAvvikOppfolging(deps: AvvikActivityDeps, avvikId: string, art: OppfolgingVarsel): Promise<AvvikOppfolgingTilstand | null> {
  const { rad, leveringer, varsler } = await iTransaksjon(deps.pool, async (c) => {
    const a = await hentOppfolgingRad(c, avvikId, true);
    if (!a) return { rad: null, leveringer: [], varsler: [] };
    const sendt = art === 'PAMINNELSE' ? a.paminnelseSendt : a.eskalert;
    // Stored before (this is a retry): only the deliveries not yet made are started again.
    // Not stored and answered meanwhile: nothing is sent.
    if (!sendt && a.besvart) return { rad: a, leveringer: [], varsler: [] };
    const varsler = oppfolgingVarsler(a, art, deps.samhandlingOrg);
    const l = await webhooksFor(c, varsler);
    if (!sendt) {
      await merkOppfolgingSendt(c, avvikId, art);
      await leggTilVarsler(c, varsler);
    }
    return { rad: await hentOppfolgingRad(c, avvikId), leveringer: l, varsler };
  });
  if (leveringer.length > 0) await startLeveringer(deps, leveringer);
  await startDialogmeldinger(deps, varsler);
  return tilstand(rad);
}
