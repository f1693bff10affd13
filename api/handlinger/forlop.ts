/**
 * What the forløp routes do, each in one call: start a forløp at admission (its kartlegging
 * inclusion, its configuration, the patient) and record a hendelse. INNLAGT goes the same path as
 * every hendelse (update-with-start); every answer is read back from PostgreSQL, which the
 * workflow has written before its Update returns. Temporal's errors become problems in
 * api/temporal-feil.ts.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { gjeldendeKriterier } from '../../db/kartlegging';
import { hentForlopskonfigurasjon } from '../../db/konfigurasjon';
import { hentForlop, hentSykehus, kommuneFinnes, type ForlopDetaljer } from '../../db/les';
import { finnEllerOpprettPasient, fodselsdato } from '../../db/pasient';
import { forlopWorkflowId, hendelseUpdate } from '../../workflows/definitions';
import type { forlopWorkflow } from '../../workflows/forlop.workflow';
import { dato } from '../../workflows/frister';
import { alderPaa, GRUNN_AVDELINGEN, vurderInklusjon, type Inklusjon } from '../../workflows/kartlegging';
import { navnUuid } from '../../workflows/navn-uuid';
import type { ForlopStart, Principal } from '../../workflows/types';
import type { HendelseInput } from '../../workflows/hendelser';
import type { ApiDeps } from '../deps';
import { idempotentId } from '../idempotens';
import { problemer } from '../problem';
import type { HendelseBody, OpprettForlopBody } from '../schemas';
import { temporalProblem } from '../temporal-feil';
import { naaOslo } from '../visning';

/** Namespace of the INNLAGT hendelse ids (uuid v5 of the forløp id in it). */
const INNLAGT_NAMESPACE = '5b0a3c1e-7d2f-4e8a-9c61-2f4b8d0e7a13';

/** The INNLAGT hendelse's id (and Update id) for a forløp: deterministic, so a retried POST /forlop is one hendelse. */
export const innlagtHendelseId = (forlopId: string): string => navnUuid(forlopId, INNLAGT_NAMESPACE);

/** POST /forlop: the started forløp. With an Idempotency-Key a retry answers the same forløp. */
export async function startForlop(deps: ApiDeps, p: Principal, body: OpprettForlopBody, nokkel: string | undefined): Promise<ForlopDetaljer> {
  const { pool, client, config, nokler } = deps;
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
    const [pasientId, konfig, inklusjon] = await Promise.all([
      finnEllerOpprettPasient(pool, body.pasient.fnr, nokler.pasientNokkel, nokler.tidligerePasientNokler),
      hentForlopskonfigurasjon(pool, body.oppholdskommune, config.samhandlingOrg),
      inklusjonVedStart(deps, body, sykehus.kartleggingsteam !== null),
    ]);
    const start: ForlopStart = {
      forlopId,
      pasientId,
      oppholdskommune: body.oppholdskommune,
      sykehus: body.sykehus,
      avdeling: body.avdeling,
      innlagtTidspunkt: body.innlagtTidspunkt,
      antattBehovKommunaleTjenester: body.antattBehovKommunaleTjenester,
      kartleggingInkludert: inklusjon.inkludert,
      kartleggingGrunn: inklusjon.grunn,
      kartleggingKriterierVersjon: inklusjon.kriterierVersjon,
      kartleggingsteam: sykehus.kartleggingsteam,
      konfig,
    };
    const innlagt: HendelseInput = {
      hendelseId: innlagtHendelseId(forlopId),
      type: 'INNLAGT',
      tidspunkt: body.innlagtTidspunkt,
      registrert: naaOslo(),
      av: { rolle: p.rolle, org: p.org },
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
    forlop = await hentForlop(pool, forlopId);
    if (!forlop) throw new Error('Forløpet ble startet, men er ikke lagret');
  }
  return forlop;
}

/**
 * Whether the patient is included for kartlegging: as the ward says, or (left out) as the
 * criteria in force say, with the reason and the version that decided.
 */
async function inklusjonVedStart(
  deps: ApiDeps,
  body: OpprettForlopBody,
  harKartleggingsteam: boolean,
): Promise<Inklusjon & { kriterierVersjon: number | null }> {
  const gitt = body.kartlegging?.inkludert;
  if (gitt !== undefined) return { inkludert: gitt, grunn: GRUNN_AVDELINGEN, kriterierVersjon: null };
  const k = await gjeldendeKriterier(deps.pool);
  if (!k) throw new Error('Inklusjonskriteriene for kartlegging mangler (de legges inn av db/migrate.ts)');
  const innlagtDato = dato(body.innlagtTidspunkt);
  const fodt = fodselsdato(body.pasient.fnr);
  const vurdert = vurderInklusjon(k.kriterier, k.versjon, {
    oppholdskommune: body.oppholdskommune,
    innlagtDato,
    avdeling: body.avdeling,
    antattBehovKommunaleTjenester: body.antattBehovKommunaleTjenester,
    alder: fodt ? alderPaa(fodt, innlagtDato) : null,
    harKartleggingsteam,
  });
  return { ...vurdert, kriterierVersjon: k.versjon };
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

/** POST /forlop/{id}/hendelser, after the scope and the rolle are checked: the Update, its refusal as a problem. */
export async function registrerHendelse(deps: ApiDeps, forlopId: string, input: HendelseInput): Promise<void> {
  try {
    await deps.client.workflow.getHandle(forlopWorkflowId(forlopId)).executeUpdate(hendelseUpdate, { args: [input], updateId: input.hendelseId });
  } catch (e) {
    throw await temporalProblem(e, deps.pool, forlopId, input.type);
  }
}
