/**
 * Records the workflow histories of a release as replay fixtures (test/replay/historikk/<versjon>/).
 *
 * Run it on a release before the workflow's commands change: `npm run record-histories`.
 * It starts the test services (Temporal dev server, a fresh PostgreSQL database), drives a few
 * forløp through the HTTP API that together touch every command the workflow issues (the Update,
 * the configuration and `lagre` local activities, a timer fired, a timer replaced, the workflow's
 * end), and writes each history as JSON. Some forløp are left open on purpose: a forløp in flight
 * when a new release is deployed is the case versioning exists for.
 *
 * Histories are encrypted with a fixed test key (FIXTURE_NOKKEL), which the replay test uses too.
 * Every patient in them is synthetic.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DateTime } from 'luxon';
import { finnTemporalCli } from './temporal-cli';
import globalSetup from '../test/global-setup';
import globalTeardown from '../test/global-teardown';
import { FIXTURE_MAPPE, FIXTURE_NOKKEL } from '../test/replay/fixtures';
import { KOMPLETT, UFULLSTENDIG } from '../test/helpers/fakta';
import { KOMPLETT_KARTLEGGING } from '../test/helpers/kartlegging';
import { forlopBody, RANA, SYKEHUS, KT_RANA, startStack, venterPa, type Stack } from '../test/helpers/stack';
import { forlopWorkflowId } from '../workflows/definitions';
import type { Principal } from '../workflows/types';

const iDag = (timer: number) => DateTime.now().minus({ hours: timer }).toISO()!;
const sekunderSiden = (s: number) => DateTime.now().minus({ seconds: s }).toISO()!;

type Scenario = (s: Stack) => Promise<string>;

async function start(s: Stack, overstyr: Record<string, unknown>): Promise<string> {
  const r = await s.kall(SYKEHUS, 'POST', '/api/v1/forlop', forlopBody(overstyr));
  if (r.status !== 201) throw new Error(`POST /forlop: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

async function send(s: Stack, id: string, hvem: Principal, hendelse: Record<string, unknown>): Promise<void> {
  const r = await s.kall(hvem, 'POST', `/api/v1/forlop/${id}/hendelser`, hendelse);
  if (r.status !== 200) throw new Error(`${String(hendelse.type)}: ${r.status} ${JSON.stringify(r.body)}`);
}

const SCENARIER: Record<string, Scenario> = {
  /** Every step from admission to oppfølging: ends avsluttet. */
  async 'hele-forlopet'(s) {
    const id = await start(s, { innlagtTidspunkt: iDag(50), kartlegging: { inkludert: true } });
    await send(s, id, SYKEHUS, {
      type: 'INNLEGGELSESMELDING_SENDT',
      tidspunkt: iDag(49),
      antattForlop: 'Fall',
      forventetUtskrivningsdato: DateTime.now().toISODate(),
    });
    await send(s, id, KT_RANA, { type: 'KARTLEGGING_STARTET', tidspunkt: iDag(30) });
    await send(s, id, KT_RANA, {
      type: 'KARTLEGGING_FULLFORT',
      tidspunkt: iDag(29),
      resultat: { funksjon: 'Går med rullator', mestring: 'Trenger tilsyn', behov: ['hjemmesykepleie'], anbefaling: 'Korttid' },
    });
    await send(s, id, SYKEHUS, { type: 'UTSKRIVNINGSKLAR', tidspunkt: iDag(28), vurdertTidspunkt: iDag(28), vurdering: KOMPLETT });
    await send(s, id, RANA, { type: 'KOMMUNESVAR', tidspunkt: iDag(27), kanTaImot: false, forventetKlarDato: DateTime.now().toISODate() });
    await send(s, id, RANA, { type: 'TILBUD_KLART', tidspunkt: iDag(3), tilbud: 'hjem_med_tjenester' });
    await send(s, id, SYKEHUS, { type: 'EPIKRISE_SENDT', tidspunkt: iDag(2) });
    await send(s, id, SYKEHUS, { type: 'UTSKREVET', tidspunkt: iDag(2), destinasjon: 'hjem_med_tjenester' });
    await send(s, id, RANA, { type: 'OPPFOLGING_STARTET', tidspunkt: iDag(1), beskrivelse: 'Første besøk' });
    return id;
  },

  /** A back-dated breach, its withdrawal by a late registration, an incomplete melding, avmelding and a new melding: left open. */
  async 'brudd-trukket-avmeldt'(s) {
    const id = await start(s, { innlagtTidspunkt: iDag(40) });
    await send(s, id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: iDag(39) });
    await send(s, id, SYKEHUS, { type: 'UTSKRIVNINGSKLAR', tidspunkt: iDag(10), vurdertTidspunkt: iDag(10), vurdering: UFULLSTENDIG });
    await send(s, id, SYKEHUS, { type: 'UTSKRIVNINGSKLAR_AVMELDT', tidspunkt: iDag(9), arsak: 'Feber' });
    await send(s, id, SYKEHUS, { type: 'STATUSENDRING', tidspunkt: iDag(8), beskrivelse: 'Bedring' });
    await send(s, id, SYKEHUS, { type: 'UTSKRIVNINGSKLAR', tidspunkt: iDag(1), vurdertTidspunkt: iDag(1), vurdering: KOMPLETT });
    // A repeated hendelseId is answered as the first.
    const gjentatt = {
      type: 'KOMMUNESVAR',
      tidspunkt: sekunderSiden(30),
      kanTaImot: false,
      forventetKlarDato: DateTime.now().plus({ days: 3 }).toISODate(),
      hendelseId: '6f1c7a52-1d1e-4b8e-9f43-0c2f3b4a5d6e',
    };
    await send(s, id, RANA, gjentatt);
    await send(s, id, RANA, gjentatt);
    return id;
  },

  /** Real time: a reminder, the breach and the escalation fire as timers (short durations for kommune 1836). */
  async 'tidtaker-paminnelse-brudd-eskalering'(s) {
    await s.pool.query(`UPDATE kommune SET frister = '{"kommunesvar":"PT4S","kommunesvarPaminnelseFor":"PT2S","eskalering":"PT3S"}' WHERE nummer = '1836'`);
    const id = await start(s, { innlagtTidspunkt: iDag(5), oppholdskommune: '1836' });
    await send(s, id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: iDag(4) });
    await send(s, id, SYKEHUS, { type: 'UTSKRIVNINGSKLAR', tidspunkt: sekunderSiden(0), vurdertTidspunkt: sekunderSiden(0), vurdering: KOMPLETT });
    await venterPa(
      async () => {
        const r = await s.pool.query(`SELECT 1 FROM varsel WHERE forlop_id = $1 AND type = 'ESKALERING'`, [id]);
        return r.rows.length > 0 ? true : undefined;
      },
      30_000,
      'eskaleringen',
    );
    await send(s, id, { rolle: 'kommune', org: '1836' }, { type: 'KOMMUNESVAR', tidspunkt: sekunderSiden(0), kanTaImot: true });
    return id;
  },

  /** Release 0.3.0: inclusion changed during the stay, a structured kartlegging, PLL, kontakt and brukersvar. */
  async 'kartlegging-strukturert'(s) {
    const id = await start(s, { innlagtTidspunkt: iDag(60), kartlegging: { inkludert: false } });
    await send(s, id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: iDag(59), forventetUtskrivningsdato: DateTime.now().toISODate() });
    await send(s, id, SYKEHUS, { type: 'KARTLEGGING_INKLUSJON', tidspunkt: iDag(50), inkludert: true, grunn: 'Bor alene' });
    await send(s, id, KT_RANA, { type: 'KARTLEGGING_STARTET', tidspunkt: iDag(40) });
    await send(s, id, KT_RANA, { type: 'KARTLEGGING_FULLFORT', tidspunkt: iDag(30), skjemaVersjon: '1', innhold: KOMPLETT_KARTLEGGING });
    await send(s, id, SYKEHUS, { type: 'UTSKRIVNINGSKLAR', tidspunkt: iDag(20), vurdertTidspunkt: iDag(20), vurdering: KOMPLETT });
    await send(s, id, RANA, { type: 'KOMMUNESVAR', tidspunkt: iDag(19), kanTaImot: true, kontakt: { enhet: 'Hjemmetjenesten' } });
    await send(s, id, SYKEHUS, { type: 'UTSKREVET', tidspunkt: iDag(10), destinasjon: 'hjem', legemiddelliste: { status: 'pll_oppdatert' } });
    return id;
  },

  /** Release 0.3.0: a discharge registered after its observation window stays open a day after its registration (left open). */
  async 'utskrevet-etter-vinduet'(s) {
    const id = await start(s, { innlagtTidspunkt: iDag(24 * 45), antattBehovKommunaleTjenester: false });
    await send(s, id, SYKEHUS, { type: 'UTSKREVET', tidspunkt: iDag(24 * 40), destinasjon: 'hjem' });
    return id;
  },

  /** Registered in error. */
  async avbrutt(s) {
    const id = await start(s, { innlagtTidspunkt: iDag(30) });
    await send(s, id, SYKEHUS, { type: 'FORLOP_AVBRUTT', tidspunkt: iDag(1), arsak: 'Feil pasient' });
    return id;
  },

  /** Death while waiting for the kommune. */
  async dod(s) {
    const id = await start(s, { innlagtTidspunkt: iDag(20) });
    await send(s, id, SYKEHUS, { type: 'INNLEGGELSESMELDING_SENDT', tidspunkt: iDag(19) });
    await send(s, id, SYKEHUS, { type: 'UTSKRIVNINGSKLAR', tidspunkt: iDag(5), vurdertTidspunkt: iDag(5), vurdering: KOMPLETT });
    await send(s, id, SYKEHUS, { type: 'DOD', tidspunkt: iDag(1) });
    return id;
  },
};

async function main(): Promise<void> {
  const versjon = process.argv[2] ?? (JSON.parse(await fs.readFile(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const mappe = path.join(FIXTURE_MAPPE, versjon);
  await fs.mkdir(mappe, { recursive: true });
  const cli = await finnTemporalCli();
  await globalSetup();
  let s: Stack | undefined;
  try {
    s = await startStack({ pasientNokkel: FIXTURE_NOKKEL });
    for (const [navn, scenario] of Object.entries(SCENARIER)) {
      const id = await scenario(s);
      // The CLI writes the proto JSON that Worker.runReplayHistory reads (the SDK's own historyToJSON
      // trips over two protobufjs copies in this dependency tree).
      const json = execFileSync(
        cli,
        ['workflow', 'show', '--address', process.env.TEMPORAL_ADDRESS!, '--workflow-id', forlopWorkflowId(id), '--output', 'json'],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const antall = (JSON.parse(json) as { events: unknown[] }).events.length;
      await fs.writeFile(path.join(mappe, `${navn}.json`), json.endsWith('\n') ? json : `${json}\n`);
      process.stdout.write(`${navn}: ${antall} events\n`);
    }
  } finally {
    await s?.stopp();
    await globalTeardown();
  }
  process.stdout.write(`Histories written to ${path.relative(process.cwd(), mappe)}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
