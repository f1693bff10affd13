/**
 * One utskrivningsforløp as a durable Temporal workflow.
 *
 * Hendelser arrive as Updates: the validator asks the machine (rejects → API 409), the
 * handler appends, recomputes the frister and the overliggerdøgn (pure modules), and
 * returns only after the change is committed in PostgreSQL (read-your-writes).
 * Deadlines are one durable Temporal timer at the next instant any frist needs attention
 * (a reminder, a due time, an escalation, the daily status), replaced only when that
 * instant moves.
 *
 * Deterministic and free of I/O: every side effect is the `lagre` local activity. The workflow
 * never sees a patient identifier, only the internal pasientId.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  proxyLocalActivities,
  setHandler,
  sleep,
  uuid4,
} from '@temporalio/workflow';
import type { Endring, ForlopActivities } from '../activities/contract';
import {
  hendelseUpdate,
  tilstandQuery,
  UGYLDIG_HENDELSE,
  UGYLDIG_OVERGANG,
  type HendelseSvar,
  type UgyldigOvergangDetaljer,
} from './definitions';
import {
  erAvsluttet,
  forlopStatus,
  kanMotta,
  kartleggingStatus,
  neste,
  startTilstand,
  tillatteHendelser,
  venterPaKommunen,
  type MaskinHendelse,
} from './forlop.machine';
import { beregnFrister, dagensSlutt, dato, FRIST_REGLER, klokkeslettPaDato, ms, nesteKlokkeslett, pluss } from './frister';
import { overliggerdager, prisOverliggerdogn } from './overliggerdogn';
import type {
  Ansvarlig,
  Dognpris,
  FristInstans,
  FristKonfigurasjon,
  ForlopProjeksjon,
  ForlopStart,
  Hendelse,
  HendelseInput,
  NyttVarsel,
  OverliggerDag,
  Principal,
  VarselType,
} from './types';

// Both are local activities: they run in the worker inside the workflow task that needs them,
// so a hendelse costs one workflow task and no activity-task round trip through the server.
// `lagre` is idempotent, so the re-run after a crash mid-task is harmless.
const { lagre } = proxyLocalActivities<ForlopActivities>({
  startToCloseTimeout: '30 seconds',
  // Never give up on a write: a hendelse accepted by the forløp must reach PostgreSQL.
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
const { hentKonfigurasjon } = proxyLocalActivities<ForlopActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/** The samhandlingsavdeling, which receives escalations. */
const SAMHANDLING_ORG = 'HSYK';

export async function forlopWorkflow(start: ForlopStart): Promise<void> {
  let konfig: FristKonfigurasjon | null = null;
  let dognpris: Dognpris = {};
  let snapshot = startTilstand(start.kartleggingInkludert);
  const hendelser: Hendelse[] = [];
  const sekvensFor = new Map<string, number>(); // hendelseId → sekvens: a repeat changes nothing

  let frister: FristInstans[] = [];
  let dager: OverliggerDag[] = [];
  let versjon = 0;
  let signatur = '';
  const utfort = new Set<string>(); // effects already done (reminders, escalations, daily status)
  const avvikFor = new Map<string, string>(); // frist nokkel → avvik nokkel, while the avvik stands
  const avvikGenerasjon = new Map<string, number>();

  let ventende: Ventende = tomEndring();
  let endretProjeksjon = false;
  let opprettet = false;
  let skriving: Promise<void> = Promise.resolve();
  // The one durable timer, set for the next instant something is due; replaced only when that instant moves.
  let timer: { ved: number; scope: CancellationScope } | null = null;
  let vekket = false;

  const org = (a: Ansvarlig): string =>
    a === 'sykehus' ? start.sykehus : a === 'kommune' ? start.oppholdskommune : (start.kartleggingsteam ?? start.sykehus);
  const motpart = (a: Ansvarlig): Ansvarlig => (a === 'kommune' ? 'sykehus' : a === 'sykehus' ? 'kommune' : 'sykehus');
  const principal = (a: Ansvarlig): Principal => ({ rolle: a, org: org(a) });

  function varsle(mottakerOrg: string, type: VarselType, tekst: string, frist: string | null = null): void {
    ventende.varsler.push({ id: uuid4(), mottakerOrg, type, forlopId: start.forlopId, frist, tekst } satisfies NyttVarsel);
  }

  function projeksjon(): ForlopProjeksjon {
    const utskrevet = hendelser.find((h) => h.type === 'UTSKREVET');
    return {
      forlopId: start.forlopId,
      versjon,
      status: forlopStatus(snapshot),
      kartleggingStatus: kartleggingStatus(snapshot),
      frister,
      overliggerdogn: dager,
      sisteSekvens: hendelser.length,
      utskrevetTidspunkt: utskrevet?.tidspunkt ?? null,
      destinasjon: utskrevet?.data.destinasjon ?? null,
      kartleggingFullfortTidspunkt: hendelser.find((h) => h.type === 'KARTLEGGING_FULLFORT')?.tidspunkt ?? null,
      forsteUtskrivningsklarTidspunkt: hendelser.find((h) => h.type === 'UTSKRIVNINGSKLAR')?.tidspunkt ?? null,
    };
  }

  /** Recompute frister and overliggerdøgn at workflow time and queue every effect now due. */
  function oppdater(): void {
    if (!konfig) return;
    const naa = new Date(Date.now()).toISOString();
    const fakta = { start, hendelser };
    frister = beregnFrister(fakta, konfig, naa);
    dager = overliggerdager(fakta, frister, naa);

    for (const f of frister) {
      const regel = FRIST_REGLER[f.id];
      if (f.status === 'aktiv') {
        for (const p of f.paminnelser) {
          const nokkel = `${f.nokkel}:paminnelse:${p}`;
          if (ms(p) <= ms(naa) && !utfort.has(nokkel)) {
            utfort.add(nokkel);
            varsle(org(f.ansvarlig), 'PAMINNELSE', `Påminnelse: ${regel.krav}. Frist ${f.frist ?? 'før melding om utskrivningsklar'}.`, f.frist);
          }
        }
      }
      if (f.status === 'brutt') {
        if (regel.avvikVedBrudd && !avvikFor.has(f.nokkel)) {
          // A frist that broke again after its avvik was withdrawn gets a new avvik, not the old one back.
          const gen = (avvikGenerasjon.get(f.nokkel) ?? 0) + 1;
          avvikGenerasjon.set(f.nokkel, gen);
          const nokkel = gen === 1 ? f.nokkel : `${f.nokkel}#${gen}`;
          avvikFor.set(f.nokkel, nokkel);
          const tekst = f.grunn ?? regel.krav;
          ventende.nyeAvvik.push({
            id: uuid4(),
            forlopId: start.forlopId,
            type: f.id,
            nokkel,
            ansvarlig: principal(f.ansvarlig),
            motpart: principal(motpart(f.ansvarlig)),
            frist: f.frist,
            brutt: f.bruttTidspunkt ?? naa,
            tekst,
          });
          varsle(org(f.ansvarlig), 'FRIST_BRUTT', `Frist brutt (${f.id}): ${tekst}`, f.frist);
          varsle(org(motpart(f.ansvarlig)), 'AVVIK', `Samhandlingsavvik registrert (${f.id}): ${tekst}`, f.frist);
        }
        const eskNokkel = `${f.nokkel}:eskalering`;
        if (f.eskalering && ms(f.eskalering) <= ms(naa) && !utfort.has(eskNokkel)) {
          utfort.add(eskNokkel);
          const tekst = `Eskalering (${f.id}): ${f.grunn ?? regel.krav}. Fortsatt ikke løst.`;
          varsle(org(f.ansvarlig), 'ESKALERING', tekst, f.frist);
          varsle(SAMHANDLING_ORG, 'ESKALERING', tekst, f.frist);
        }
      }
    }

    // An avvik whose frist is no longer broken was not a breach after all: withdraw it, keep it.
    for (const [fristNokkel, avvikNokkel] of [...avvikFor]) {
      const f = frister.find((x) => x.nokkel === fristNokkel);
      if (f && f.status === 'brutt') continue;
      avvikFor.delete(fristNokkel);
      const avbrutt = hendelser.some((h) => h.type === 'FORLOP_AVBRUTT');
      ventende.trukneAvvik.push({
        nokkel: avvikNokkel,
        tidspunkt: naa,
        grunn: avbrutt
          ? 'Forløpet er registrert ved feil (avbrutt)'
          : `Hendelse registrert senere viser at fristen ble overholdt (oppfylt ${f?.oppfyltTidspunkt ?? 'i tide'})`,
      });
    }

    // While the patient waits for the kommune: a daily status with the running count and sum.
    if (venterPaKommunen(snapshot) && dager.length > 0) {
      const idag = dato(naa);
      const nokkel = `OVERLIGGERDOGN:${idag}`;
      const klokken = klokkeslettPaDato(idag, konfig.dagligStatusKlokken);
      const venterFra = [...hendelser].reverse().find((h) => h.type === 'UTSKRIVNINGSKLAR')?.tidspunkt ?? naa;
      // Not on the day of the melding itself before its time: the melding's own varsel says it all.
      if (!utfort.has(nokkel) && ms(naa) >= ms(klokken) && ms(klokken) > ms(venterFra)) {
        utfort.add(nokkel);
        const priset = prisOverliggerdogn(dager, dognpris);
        varsle(
          start.oppholdskommune,
          'OVERLIGGERDOGN',
          `Pasienten venter på kommunalt tilbud: ${priset.antall} overliggerdøgn, ${priset.belop} kr` +
            (priset.betalingsvilkarOppfylt ? '' : ' (betalingsvilkårene er ikke oppfylt for hele oppholdet)'),
        );
      }
    }

    const ny = JSON.stringify([snapshot.value, frister, dager]);
    if (ny !== signatur) {
      signatur = ny;
      endretProjeksjon = true;
    }
  }

  /** Queue a write of everything pending; resolves when it (and every earlier one) is committed. */
  function skriv(): Promise<void> {
    skriving = skriving.then(async () => {
      const e = ventende;
      const harNoe =
        !opprettet || endretProjeksjon || e.hendelser.length || e.nyeAvvik.length || e.trukneAvvik.length || e.varsler.length;
      if (!harNoe) return;
      ventende = tomEndring();
      endretProjeksjon = false;
      versjon += 1;
      const endring: Endring = { ...e, projeksjon: projeksjon(), ...(opprettet ? {} : { start }) };
      await lagre(endring);
      opprettet = true;
    });
    return skriving;
  }

  /** While discharged with something still missing: when the observation window closes (epoch ms). */
  function observasjonSlutt(): number | null {
    const utskrevet = hendelser.find((h) => h.type === 'UTSKREVET');
    if (!konfig || !utskrevet || forlopStatus(snapshot) !== 'utskrevet') return null;
    return ms(pluss(utskrevet.tidspunkt, konfig.observasjonsvindu));
  }

  /** The next instant something is due: a reminder, a due time, an escalation, the daily status, the window's end. */
  function nesteVekking(): number | null {
    if (!konfig) return null;
    const naa = Date.now();
    const kandidater: number[] = [];
    for (const f of frister) {
      if (f.status === 'aktiv') {
        if (f.frist) kandidater.push(ms(f.frist));
        for (const p of f.paminnelser) kandidater.push(ms(p));
      }
      if (f.status === 'brutt' && f.eskalering) kandidater.push(ms(f.eskalering));
    }
    const iso = new Date(naa).toISOString();
    if (venterPaKommunen(snapshot)) {
      kandidater.push(ms(dagensSlutt(iso))); // a new overliggerdøgn begins at midnight
      kandidater.push(ms(nesteKlokkeslett(iso, konfig.dagligStatusKlokken)));
    }
    const vindu = observasjonSlutt();
    if (vindu !== null) kandidater.push(vindu);
    const fremtidige = kandidater.filter((k) => k > naa);
    return fremtidige.length ? Math.min(...fremtidige) : null;
  }

  /** Keeps the timer on the next due instant: a new timer only when that instant has moved. */
  function planlegg(): void {
    const ved = nesteVekking();
    if (timer?.ved === ved) return;
    timer?.scope.cancel();
    timer = null;
    if (ved === null) return;
    const denne = { ved, scope: new CancellationScope() };
    timer = denne;
    denne.scope.run(() => sleep(Math.max(1, ved - Date.now()))).then(
      () => {
        if (timer === denne) {
          timer = null;
          vekket = true;
        }
      },
      (e: unknown) => {
        if (!isCancellation(e)) throw e;
      },
    );
  }

  function avvis(input: HendelseInput): void {
    if (sekvensFor.has(input.hendelseId)) return; // a repeat is answered as the first
    if (input.type === 'INNLAGT') {
      if (hendelser.length > 0) throw overgangFeil(input.type);
      return;
    }
    if (hendelser.length === 0) throw overgangFeil(input.type);
    if (!kanMotta(snapshot, { type: input.type, ...input.data } as MaskinHendelse)) throw overgangFeil(input.type);
    if (ms(input.tidspunkt) < ms(start.innlagtTidspunkt)) {
      throw ApplicationFailure.create({
        type: UGYLDIG_HENDELSE,
        nonRetryable: true,
        message: `tidspunkt ${input.tidspunkt} er før innleggelsen (${start.innlagtTidspunkt})`,
      });
    }
  }

  function overgangFeil(type: string): ApplicationFailure {
    const detaljer: UgyldigOvergangDetaljer = { status: forlopStatus(snapshot), tillatte: tillatteHendelser(snapshot) };
    return ApplicationFailure.create({
      type: UGYLDIG_OVERGANG,
      nonRetryable: true,
      message:
        `Forløpet har status «${detaljer.status}»; ${type} er ikke tillatt nå. ` +
        `Tillatt: ${detaljer.tillatte.length ? detaljer.tillatte.join(', ') : 'ingen (forløpet er avsluttet)'}.`,
      details: [detaljer],
    });
  }

  setHandler(
    hendelseUpdate,
    async (input: HendelseInput): Promise<HendelseSvar> => {
      if (!konfig) await condition(() => konfig !== null);
      const kjent = sekvensFor.get(input.hendelseId);
      if (kjent !== undefined) {
        await skriv();
        return { sekvens: kjent, duplikat: true, status: forlopStatus(snapshot) };
      }
      avvis(input); // state may have moved while waiting for the configuration
      const h: Hendelse = { ...input, sekvens: hendelser.length + 1 };
      hendelser.push(h);
      sekvensFor.set(h.hendelseId, h.sekvens);
      if (h.type !== 'INNLAGT') snapshot = neste(snapshot, { type: h.type, ...h.data } as MaskinHendelse);
      ventende.hendelser.push(h);
      oppdater();
      varslerFor(h);
      planlegg();
      await skriv();
      return { sekvens: h.sekvens, duplikat: false, status: forlopStatus(snapshot) };
    },
    { validator: avvis },
  );
  setHandler(tilstandQuery, projeksjon);

  /** The notifications a hendelse itself sends (the frist ones come from `oppdater`). */
  function varslerFor(h: Hendelse): void {
    const kommune = start.oppholdskommune;
    const fristFor = (nokkel: string) => frister.find((f) => f.nokkel === nokkel)?.frist ?? null;
    switch (h.type) {
      case 'INNLAGT':
        if (start.kartleggingInkludert && start.kartleggingsteam) {
          varsle(start.kartleggingsteam, 'KARTLEGGING', `Ny pasient inkludert for kartlegging ved ${start.sykehus}`);
        }
        break;
      case 'INNLEGGELSESMELDING_SENDT':
        varsle(kommune, 'INNLEGGELSESMELDING',
          `Melding om innlagt pasient ved ${start.sykehus}` +
            (h.data.forventetUtskrivningsdato ? `, forventet utskrivning ${h.data.forventetUtskrivningsdato}` : ''));
        break;
      case 'STATUSENDRING':
        varsle(kommune, 'INNLEGGELSESMELDING', `Vesentlig endring i pasientens status ved ${start.sykehus}`);
        break;
      case 'KARTLEGGING_FULLFORT':
        varsle(kommune, 'KARTLEGGING', 'Kartlegging av funksjon, mestring og behov er fullført');
        break;
      case 'UTSKRIVNINGSKLAR':
        varsle(kommune, 'UTSKRIVNINGSKLAR', 'Melding om utskrivningsklar pasient: svar om kommunen kan ta imot',
          fristFor(`KOMMUNESVAR:${h.sekvens}`));
        break;
      case 'UTSKRIVNINGSKLAR_AVMELDT':
        varsle(kommune, 'UTSKRIVNINGSKLAR', 'Avmelding av utskrivningsklar pasient');
        break;
      case 'UTSKREVET':
        if (h.data.destinasjon === 'hjem' || h.data.destinasjon === 'hjem_med_tjenester') {
          varsle(kommune, 'PAMINNELSE', 'Pasienten er utskrevet til hjemmet: dokumenter kommunal oppfølging',
            fristFor('OPPFOLGING'));
        }
        break;
      default:
        break;
    }
  }

  // Configuration first (a local activity: no extra round trip), then keep time until the forløp ends.
  const k = await hentKonfigurasjon(start.oppholdskommune);
  konfig = k.frister;
  dognpris = k.dognpris;
  await condition(() => hendelser.length > 0);

  // Hendelser are handled in full by the Update handler; this loop only wakes when time is due.
  while (!erAvsluttet(snapshot)) {
    await condition(() => vekket || erAvsluttet(snapshot));
    if (!vekket) break;
    vekket = false;
    const vindu = observasjonSlutt();
    if (vindu !== null && Date.now() >= vindu) snapshot = neste(snapshot, { type: 'OBSERVASJON_UTLOPT' });
    oppdater();
    planlegg();
    await skriv();
  }
  await skriv();
  await condition(allHandlersFinished);
}

/** What is waiting to be written; the projection is taken at write time, so it is always the latest. */
type Ventende = Omit<Endring, 'start' | 'projeksjon'>;

function tomEndring(): Ventende {
  return { hendelser: [], nyeAvvik: [], trukneAvvik: [], varsler: [] };
}
