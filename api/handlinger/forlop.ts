/**
 * The ways anything reaches a forløp's workflow, shared by POST /forlop, POST
 * /forlop/{id}/hendelser and PLO messages (api/routes/plo.ts), so a message takes exactly the
 * path a ward's click takes:
 *
 *   opprettForlop  POST /forlop: the hospital's checks, the Idempotency-Key, then startForlop
 *   startForlop    the INNLAGT hendelse as an update-with-start (the workflow's id from the forløp's)
 *   sendHendelse   the Update `hendelse`, its id the hendelse's (a repeat is answered as the first)
 *   hendelseInput  a validated hendelse body as the workflow's input
 *
 * Every answer is read back from PostgreSQL, which the workflow has written before its Update
 * returns. Temporal's errors come back as problems (api/temporal-feil.ts).
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { gjeldendeKriterier } from '../../db/kartlegging';
import { hentForlopskonfigurasjon } from '../../db/konfigurasjon';
import { hentForlop, hentSykehus, kommuneFinnes, type ForlopDetaljer } from '../../db/les';
import { kravOppstart, slippOppstart, type ApentForlop } from '../../db/oppstart';
import { finnEllerOpprettPasient, fodselsdato, lagreNavn, type Pasientnavn } from '../../db/pasient';
import { forlopWorkflowId, hendelseUpdate } from '../../workflows/definitions';
import type { forlopWorkflow } from '../../workflows/forlop.workflow';
import { dato, tidTekst } from '../../workflows/frister';
import { alderPaa, GRUNN_AVDELINGEN, vurderInklusjon, type Inklusjon } from '../../workflows/kartlegging';
import { navnUuid } from '../../workflows/navn-uuid';
import type { Forlopskonfigurasjon, ForlopStart, Principal } from '../../workflows/types';
import type { HendelseInput } from '../../workflows/hendelser';
import type { ApiDeps } from '../deps';
import { idempotentId } from '../idempotens';
import { Problem, problemer } from '../problem';
import type { HendelseBody, OpprettForlopBody } from '../schemas';
import { temporalProblem } from '../temporal-feil';
import { naaOslo } from '../visning';

/** Namespace of the INNLAGT hendelse ids (uuid v5 of the forløp id in it). */
const INNLAGT_NAMESPACE = '5b0a3c1e-7d2f-4e8a-9c61-2f4b8d0e7a13';

/** The INNLAGT hendelse's id (and Update id) for a forløp: deterministic, so a retried start is one hendelse. */
export const innlagtHendelseId = (forlopId: string): string => navnUuid(forlopId, INNLAGT_NAMESPACE);

/** What a forløp is started with: POST /forlop's body, or what a PLO message says. */
export interface ForlopInn {
  pasient: { fnr: string; navn?: Pasientnavn };
  oppholdskommune: string;
  sykehus: string;
  avdeling: string;
  innlagtTidspunkt: string;
  antattBehovKommunaleTjenester: boolean;
  kartlegging?: { inkludert?: boolean };
}

/** The inclusion criteria in force (versioned configuration). */
export type GjeldendeKriterier = NonNullable<Awaited<ReturnType<typeof gjeldendeKriterier>>>;

/**
 * Whether the patient is included for kartlegging: as the ward says, or (left out) as the
 * criteria in force say, with the reason and the version that decided.
 */
export function inklusjonVedStart(inn: ForlopInn, harKartleggingsteam: boolean, k: GjeldendeKriterier | null): Inklusjon & { kriterierVersjon: number | null } {
  const gitt = inn.kartlegging?.inkludert;
  if (gitt !== undefined) return { inkludert: gitt, grunn: GRUNN_AVDELINGEN, kriterierVersjon: null };
  if (!k) throw new Error('Inklusjonskriteriene for kartlegging mangler (de legges inn av db/migrate.ts)');
  const innlagtDato = dato(inn.innlagtTidspunkt);
  const fodt = fodselsdato(inn.pasient.fnr);
  const vurdert = vurderInklusjon(k.kriterier, k.versjon, {
    oppholdskommune: inn.oppholdskommune,
    innlagtDato,
    avdeling: inn.avdeling,
    antattBehovKommunaleTjenester: inn.antattBehovKommunaleTjenester,
    alder: fodt ? alderPaa(fodt, innlagtDato) : null,
    harKartleggingsteam,
  });
  return { ...vurdert, kriterierVersjon: k.versjon };
}

/** What the forløp's workflow is started with: the one place a start is assembled (POST /forlop, a PLO message, the archive import). */
export function forlopStart(
  inn: ForlopInn,
  forlopId: string,
  kartleggingsteam: string | null,
  pasientId: string,
  konfig: Forlopskonfigurasjon,
  kriterier: GjeldendeKriterier | null,
): ForlopStart {
  const inklusjon = inklusjonVedStart(inn, kartleggingsteam !== null, kriterier);
  return {
    forlopId,
    pasientId,
    oppholdskommune: inn.oppholdskommune,
    sykehus: inn.sykehus,
    avdeling: inn.avdeling,
    innlagtTidspunkt: inn.innlagtTidspunkt,
    antattBehovKommunaleTjenester: inn.antattBehovKommunaleTjenester,
    kartleggingInkludert: inklusjon.inkludert,
    kartleggingGrunn: inklusjon.grunn,
    kartleggingKriterierVersjon: inklusjon.kriterierVersjon,
    kartleggingsteam,
    konfig,
  };
}

/** The patient's id (created the first time), with the name stored when one is given. */
export async function pasientFor(deps: ApiDeps, pasient: ForlopInn['pasient']): Promise<string> {
  const { pool, nokler } = deps;
  const id = await finnEllerOpprettPasient(pool, pasient.fnr, nokler.pasientNokkel, nokler.tidligerePasientNokler);
  if (pasient.navn) await lagreNavn(pool, id, pasient.navn, nokler.pasientNokkel);
  return id;
}

/** 409: the patient is already in hospital at this sykehus, in the forløp named (its id and link in the body). */
export function apentForlopProblem(sykehus: string, f: ApentForlop): Problem {
  const naar = f.innlagtTidspunkt ? `, innlagt ${tidTekst(f.innlagtTidspunkt.toISOString())}` : '';
  const tilstand = f.status ? `, status «${f.status}»` : ', under oppstart';
  return new Problem(
    409,
    'apent-forlop',
    `Pasienten har allerede et åpent forløp ved ${sykehus} (${f.id}${naar}${tilstand}). Registrer hendelsene på det forløpet; et nytt kan startes når pasienten er skrevet ut eller forløpet er avbrutt.`,
    { forlopId: f.id, forlopStatus: f.status, lenke: `/api/v1/forlop/${f.id}` },
  );
}

/**
 * Starts the forløp `forlopId` with its INNLAGT hendelse, sent by `av`. Idempotent: a forløp
 * already started under this id is left as it is. A patient still in hospital at the sykehus in
 * another forløp is 409 (db/oppstart.ts), and nothing is started.
 */
export async function startForlop(deps: ApiDeps, av: Principal, inn: ForlopInn, forlopId: string, kartleggingsteam: string | null): Promise<void> {
  const { pool } = deps;
  const pasientId = await pasientFor(deps, inn.pasient);
  const apent = await kravOppstart(pool, pasientId, inn.sykehus, forlopId);
  if (apent) throw apentForlopProblem(inn.sykehus, apent);
  try {
    await startMedKrav(deps, av, inn, forlopId, kartleggingsteam, pasientId);
  } catch (e) {
    await slippOppstart(pool, pasientId, inn.sykehus, forlopId).catch(() => undefined);
    throw e;
  }
}

/** The start itself, once the patient's place at the sykehus is claimed. */
async function startMedKrav(deps: ApiDeps, av: Principal, inn: ForlopInn, forlopId: string, kartleggingsteam: string | null, pasientId: string): Promise<void> {
  const { pool, client, config } = deps;
  const [konfig, kriterier] = await Promise.all([
    hentForlopskonfigurasjon(pool, inn.oppholdskommune, config.samhandlingOrg),
    inn.kartlegging?.inkludert === undefined ? gjeldendeKriterier(pool) : Promise.resolve(null),
  ]);
  const start = forlopStart(inn, forlopId, kartleggingsteam, pasientId, konfig, kriterier);
  const innlagt: HendelseInput = {
    hendelseId: innlagtHendelseId(forlopId),
    type: 'INNLAGT',
    tidspunkt: inn.innlagtTidspunkt,
    registrert: naaOslo(),
    av: { rolle: av.rolle, org: av.org },
    data: {},
  };
  try {
    await client.workflow.executeUpdateWithStart(hendelseUpdate, {
      args: [innlagt],
      updateId: innlagt.hendelseId,
      startWorkflowOperation: new WithStartWorkflowOperation<typeof forlopWorkflow>('forlopWorkflow', {
        workflowId: forlopWorkflowId(forlopId),
        taskQueue: config.taskQueue,
        args: [start],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A closed forløp is never started again under its id.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    });
  } catch (e) {
    const lagret = await hentForlop(pool, forlopId);
    if (!lagret || !(e instanceof WorkflowExecutionAlreadyStartedError)) {
      throw await temporalProblem(e, pool, forlopId, 'INNLAGT');
    }
  }
}

/** Sends one hendelse to its forløp's workflow; a refusal is thrown as the API's problem (409, 422, 503). */
export async function sendHendelse(deps: ApiDeps, forlopId: string, input: HendelseInput): Promise<void> {
  try {
    await deps.client.workflow.getHandle(forlopWorkflowId(forlopId)).executeUpdate(hendelseUpdate, { args: [input], updateId: input.hendelseId });
  } catch (e) {
    throw await temporalProblem(e, deps.pool, forlopId, input.type);
  }
}

/** POST /forlop: the started forløp. With an Idempotency-Key a retry answers the same forløp. */
export async function opprettForlop(deps: ApiDeps, p: Principal, body: OpprettForlopBody, nokkel: string | undefined): Promise<ForlopDetaljer> {
  const { pool } = deps;
  if (body.sykehus !== p.org) throw problemer.forbudt(`Et sykehus kan bare starte forløp ved egen lokasjon (${p.org})`);
  const [sykehus, kommuneOk] = await Promise.all([hentSykehus(pool, body.sykehus), kommuneFinnes(pool, body.oppholdskommune)]);
  const feil = [];
  if (!sykehus) feil.push({ felt: 'sykehus', melding: 'ukjent sykehus' });
  if (!kommuneOk) feil.push({ felt: 'oppholdskommune', melding: 'ukjent kommunenummer' });
  if (!sykehus || feil.length) throw problemer.validering(feil);

  const forlopId = await idempotentId(deps, p.org, 'forlop', nokkel, body);

  // A retry of a POST that already went through answers the stored forløp.
  let forlop = nokkel ? await hentForlop(pool, forlopId) : null;
  if (!forlop) {
    await startForlop(deps, p, body, forlopId, sykehus.kartleggingsteam);
    forlop = await hentForlop(pool, forlopId);
    if (!forlop) throw new Error('Forløpet ble startet, men er ikke lagret');
  }
  return forlop;
}

/**
 * The workflow's input from a validated body: the type's own fields under `data`. The one place
 * the body's union is re-shaped, so the one cast: HENDELSE_SKJEMA is checked against
 * HendelseDataFor (api/schemas.ts), which makes each type's fields what the workflow expects.
 */
export function hendelseInput(b: HendelseBody, av: Principal, registrert = naaOslo()): HendelseInput {
  const { type, tidspunkt, hendelseId, ...data } = b;
  const input = {
    hendelseId: (hendelseId ?? randomUUID()).toLowerCase(),
    type,
    tidspunkt,
    registrert,
    av: { rolle: av.rolle, org: av.org },
    data,
  } as HendelseInput;
  // forventetKlarDato belongs to a "no"; a "yes" carries none.
  if (input.type === 'KOMMUNESVAR' && input.data.kanTaImot) delete input.data.forventetKlarDato;
  return input;
}
