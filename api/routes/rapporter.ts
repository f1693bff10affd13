/**
 * Reports for the samhandlingsavdeling and the kommuner (docs/api.md "Reports"): the project's
 * indicators, the overliggerdøgn invoice basis, and a period against a baseline with the
 * participating kommuner against the others. JSON, or CSV with `Accept: text/csv`.
 *
 * Computed in PostgreSQL (db/rapporter.ts). A kommune gets its own rows only (another kommune's
 * number as filter gives no rows, as GET /forlop does); samhandling gets all; every other rolle
 * 403 (api/tilgang.ts). Every read is in the access log (lesing), in the same statement as the
 * report; a day list also logs each forløp it names.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  ANDEL_NOKLER,
  deltakendeKommuner,
  GRUPPERINGER,
  INDIKATOR_NOKLER,
  indikatorer,
  overliggerdogn,
  overliggerdognDetaljer,
  tommeIndikatorer,
  type Indikatorer,
  type IndikatorNokkel,
  type RapportFilter,
} from '../../db/rapporter';
import { AVVIK_TYPER } from '../../workflows/avvik-typer';
import { csvInnhold, sendCsv as sendCsvRader, vilHaCsv as onskerCsv } from '../csv';
import { API_PREFIKS, type ApiDeps, type ApiModul } from '../deps';
import { hentPrincipal } from '../principal';
import { valider } from '../problem';
import { Dato, fraForTil, jsonInnhold as json, Kode, Kommunenummer, problemSvar as problem } from '../schemas';
import { tillat } from '../tilgang';

// --- definitions: what each figure counts, in words an analyst can reproduce ---

const UTSKRIVNINGER =
  'utskrivninger i perioden: forløp med UTSKREVET-tidspunkt (dato i Europe/Oslo) i perioden, unntatt destinasjon dod og annet_sykehus (død og overføring holdes utenfor)';
const MELDT = 'forløpene i «meldtUtskrivningsklar»';
const reinnleggelse = (n: number) =>
  `Teller: utskrivninger i perioden der samme pasient (samme pasient, dvs. samme fødselsnummer) har en ny innleggelse — et annet forløp, innlagt samtidig med eller etter utskrivningen; den første slike — innen ${n} kalenderdager (Europe/Oslo: innleggelsesdato minus utskrivningsdato ≤ ${n}). Nevner: ${UTSKRIVNINGER}.`;
const brukersvar = (felt: string) =>
  `Teller: ${UTSKRIVNINGER}, der pasientens svar ved oppfølging (brukersvar på den siste OPPFOLGING_STARTET-hendelsen som har det) er ${felt} = ja. Nevner: de samme utskrivningene med et svar på ${felt} (ja, nei eller vet_ikke).`;

export const INDIKATOR_DEFINISJONER: Record<IndikatorNokkel | 'avvikPerType' | 'avvikPerAnsvarlig', string> = {
  forlop:
    'Forløp med innleggelse (innlagt_tidspunkt, dato i Europe/Oslo) i perioden. I alle tall: forløp registrert ved en feil (FORLOP_AVBRUTT) telles ikke, og et forløp telles på sin oppholdskommune.',
  meldtUtskrivningsklar: 'Av forløpene i «forlop»: de som er meldt utskrivningsklar minst én gang (har en UTSKRIVNINGSKLAR-hendelse).',
  overliggerdogn:
    'Betalbare overliggerdøgn med dato i perioden: dager (overliggerdogn_dag) der betalingsvilkårene er oppfylt (melding om innlagt pasient i tide, fullstendig utskrivningsklar-melding) og dagen ikke er omstridt (epikrise manglet ved utskrivning).',
  overliggerdognBelop:
    'Kroner for de samme døgnene: summen av hver dags pris (døgnprisen for dagens år; et år uten fastsatt pris med siste kjente, foreløpig).',
  liggetidUtskrivningsklarSnitt: `Gjennomsnittlig antall kalenderdager (Europe/Oslo) fra første melding om utskrivningsklar pasient (hendelsens tidspunkt) til utskrivning, over ${UTSKRIVNINGER}, som ble meldt utskrivningsklar. null når ingen.`,
  andelKartlagtForUtskrivningsklar: `Teller: ${MELDT} som er inkludert i kartlegging og har fullført kartlegging (første KARTLEGGING_FULLFORT) på eller før første utskrivningsklar-melding. Nevner: ${MELDT} som er inkludert i kartlegging.`,
  andelKartlagtFellesVerktoy:
    'Teller: kartlegginger fullført i perioden (tidspunktet for forløpets første KARTLEGGING_FULLFORT) der den siste KARTLEGGING_FULLFORT har skjemaVersjon, dvs. er gjort med den felles strukturerte modellen. Nevner: alle kartlegginger fullført i perioden (et eldre «resultat» uten skjemaVersjon teller bare her).',
  andelAvtaltOppfolging: `Teller: ${UTSKRIVNINGER}, til hjem eller hjem_med_tjenester, der fristen OPPFOLGING er oppfylt (OPPFOLGING_STARTET med tidspunkt innen fristen, standard 24 timer etter utskrivning). Nevner: de samme utskrivningene til hjem eller hjem_med_tjenester.`,
  andelUtskrevetHjem: `Teller: utskrivninger til hjem eller hjem_med_tjenester. Nevner: ${UTSKRIVNINGER}.`,
  andelUtskrevetInstitusjon: `Teller: utskrivninger til korttidsopphold, langtidsopphold eller annen_institusjon. Nevner: ${UTSKRIVNINGER}.`,
  andelKorttidsopphold: `Teller: utskrivninger til korttidsopphold. Nevner: ${UTSKRIVNINGER}.`,
  reinnleggelse2d: reinnleggelse(2),
  reinnleggelse3d: reinnleggelse(3),
  reinnleggelse5d: reinnleggelse(5),
  reinnleggelse30d: reinnleggelse(30),
  gjentatteReinnleggelser:
    'Pasienter med to eller flere reinnleggelser i perioden: innleggelser i perioden (på innleggelsens oppholdskommune) som kom innen 30 kalenderdager (Europe/Oslo) etter samme pasients siste utskrivning før innleggelsen; pasienter med minst to slike.',
  avvik:
    'Samhandlingsavvik på forløpene med brudd i perioden (for et avvik meldt for hånd: når det ble meldt), unntatt trukket.',
  avvikPerType: 'Avvikene i «avvik» per type (frist-id, eller MANUELT for et avvik meldt for hånd); typer uten avvik er utelatt.',
  avvikPerAnsvarlig: 'Avvikene i «avvik» per ansvarlig parts rolle (sykehus, kartleggingsteam, kommune); roller uten avvik er utelatt.',
  andelPllOppdatert: `Teller: ${UTSKRIVNINGER}, der legemiddelliste.status (fra den siste EPIKRISE_SENDT- eller UTSKREVET-hendelsen som har en) er pll_oppdatert. Nevner: de samme utskrivningene som har en slik status (pll_oppdatert, ikke_pll eller ukjent).`,
  andelAnsvarAvklart: `Teller: ${MELDT} der kommunens svar (en KOMMUNESVAR-hendelse) oppgir kontakt.enhet. Nevner: ${MELDT}.`,
  andelTilstrekkeligInformasjon: brukersvar('tilstrekkeligInformasjon'),
  andelVetHvemKontakte: brukersvar('vetHvemKontakte'),
  andelSkriftligInformasjon: `Teller: ${UTSKRIVNINGER}, til hjem eller hjem_med_tjenester, der avdelingen har registrert at pasienten fikk informasjonsarket (en INFORMASJON_GITT-hendelse, før eller etter utskrivningen; arket er GET /forlop/{id}/utskrivningsinformasjon). Nevner: de samme utskrivningene til hjem eller hjem_med_tjenester.`,
};

const FELLES_DEFINISJONER = {
  periode:
    'YYYY-MM (gruppering=maned), YYYY (ar) eller total. Hvert tall har sin egen hendelse som plasserer det i perioden (innleggelse, utskrivning, dagens dato, avvikets brudd, fullført kartlegging); se hvert tall. fra og til er datoer i Europe/Oslo, begge inklusive.',
  andeler: 'En andel er teller / nevner, et tall fra 0 til 1; null når nevneren er 0.',
};

export const OVERLIGGERDOGN_DEFINISJONER: Record<string, string> = {
  periode: FELLES_DEFINISJONER.periode.split('. Hvert')[0] + ', etter dagens dato.',
  oppholdskommune: 'Kommunen som betaler: forløpets oppholdskommune.',
  dager: 'Alle overliggerdøgn med dato i perioden (overliggerdogn_dag), hver dag i nøyaktig én av betalbar, ikke_betalbar og omstridt.',
  betalbareDager: 'Status betalbar: betalingsvilkårene er oppfylt og dagen er ikke omstridt. Grunnlaget for sykehusets faktura.',
  betalbartBelop: 'Summen av prisen for de betalbare dagene (hver dag priset etter sitt års døgnpris).',
  ikkeBetalbareDager:
    'Status ikke_betalbar: betalingsvilkårene er ikke oppfylt (melding om innlagt pasient brøt 24-timersfristen, eller utskrivningsklar-meldingen manglet noen av punktene a–d).',
  ikkeBetalbartBelop: 'Hva de ikke-betalbare dagene ville ha kostet.',
  omstridteDager: 'Status omstridt: betalingsvilkårene er oppfylt, men epikrise var ikke sendt ved utskrivning, så betaling kan bestrides.',
  omstridtBelop: 'Prisen for de omstridte dagene.',
  forelopigPrisedeDager:
    'Dager (av alle statuser) priset med en foreløpig døgnpris: året har ingen fastsatt pris ennå, så siste kjente er brukt. Telles også i sin status.',
  forelopigPrisetBelop: 'Prisen for de foreløpig prisede dagene.',
  'dager[]':
    'Med detaljer=true: hver dag med forløpets id, dato, oppholdskommune, sykehus, pris, status og om prisen er foreløpig; aldri pasientens fødselsnummer.',
};

// --- schemas ---

/** A report date: a calendar date within what PostgreSQL and the engine's data can hold. */
const RapportDato = Dato.refine((v) => v >= '1970-01-01' && v <= '2199-12-31', { message: 'må være mellom 1970-01-01 og 2199-12-31' })
  // The same bounds in the document: the year 1970–2199 (with format date, the rest of the date).
  .openapi({ pattern: '^(19[7-9][0-9]|2[01][0-9]{2})-' });

const filterFelt = {
  fra: RapportDato.openapi({ description: 'Fra og med denne datoen (Europe/Oslo)' }),
  til: RapportDato.openapi({ description: 'Til og med denne datoen (Europe/Oslo)' }),
  oppholdskommune: Kommunenummer.optional().openapi({ description: 'Bare denne kommunen (en kommune får uansett bare sine egne tall)' }),
  sykehus: Kode.optional().openapi({ description: 'Bare forløp ved dette sykehuset' }),
};
const Gruppering = z.enum(GRUPPERINGER).default('maned').openapi({ description: 'Per måned (standard), år eller hele perioden' });

export const IndikatorQuery = z.strictObject({ ...filterFelt, gruppering: Gruppering }).superRefine(fraForTil);

export const OverliggerdognQuery = z
  .strictObject({
    ...filterFelt,
    gruppering: Gruppering,
    detaljer: z.enum(['true', 'false']).default('false').openapi({ description: 'true: også dagslisten (i CSV: bare dagslisten)' }),
  })
  .superRefine(fraForTil);

export const SammenligningQuery = z
  .strictObject({
    ...filterFelt,
    grunnlagFra: RapportDato.openapi({ description: 'Grunnlagsperioden fra og med (Europe/Oslo)' }),
    grunnlagTil: RapportDato.openapi({ description: 'Grunnlagsperioden til og med (Europe/Oslo)' }),
    deltakere: z
      .string()
      .regex(/^\d{4}(,\d{4}){0,49}$/, { message: 'må være kommunenummer skilt med komma' })
      .optional()
      .openapi({
        description:
          'Kommunene som regnes som deltakere, kommaseparert; standard: kommunene i kartleggingskriteriene som gjelder (siste versjon)',
        example: '1833,1832',
      }),
  })
  .superRefine((v, ctx) => {
    fraForTil(v, ctx);
    if (v.grunnlagFra > v.grunnlagTil) ctx.addIssue({ code: 'custom', path: ['grunnlagTil'], message: 'kan ikke være før grunnlagFra' });
  });

const Andel = z.number().nullable();
const indikatorFelt = Object.fromEntries(
  INDIKATOR_NOKLER.map((k) => [
    k,
    (ANDEL_NOKLER.includes(k) ? Andel : z.number()).openapi({ description: INDIKATOR_DEFINISJONER[k] }),
  ]),
) as unknown as Record<IndikatorNokkel, z.ZodType<number | null>>;

export const IndikatorerSchema = z
  .object({
    ...indikatorFelt,
    avvikPerType: z.record(z.string(), z.number()).openapi({ description: INDIKATOR_DEFINISJONER.avvikPerType }),
    avvikPerAnsvarlig: z.record(z.string(), z.number()).openapi({ description: INDIKATOR_DEFINISJONER.avvikPerAnsvarlig }),
  })
  .openapi('Indikatorer', { description: 'Prosjektets indikatorer (docs/domain.md); en andel er 0–1, null når nevneren er 0' });

const Definisjoner = z.record(z.string(), z.string()).openapi({ description: 'For hvert tall: hva som telles, i ord' });

export const IndikatorRapportSchema = z
  .object({
    fra: Dato,
    til: Dato,
    gruppering: z.enum(GRUPPERINGER),
    data: z.array(
      z.object({
        periode: z.string().openapi({ example: '2025-01' }),
        oppholdskommune: Kommunenummer,
        indikatorer: IndikatorerSchema,
      }),
    ),
    definisjoner: Definisjoner,
  })
  .openapi('IndikatorRapport', { description: 'Indikatorene per kommune og periode; bare kombinasjoner der noe er telt' });

const OverliggerdognRadSchema = z
  .object({
    periode: z.string(),
    oppholdskommune: Kommunenummer,
    dager: z.number().int(),
    betalbareDager: z.number().int(),
    betalbartBelop: z.number(),
    ikkeBetalbareDager: z.number().int(),
    ikkeBetalbartBelop: z.number(),
    omstridteDager: z.number().int(),
    omstridtBelop: z.number(),
    forelopigPrisedeDager: z.number().int(),
    forelopigPrisetBelop: z.number(),
  })
  .openapi('OverliggerdognRapportRad');

const OverliggerdognDagSchema = z
  .object({
    forlopId: z.string().uuid(),
    dato: Dato,
    oppholdskommune: Kommunenummer,
    sykehus: z.string(),
    belop: z.number(),
    status: z.enum(['betalbar', 'ikke_betalbar', 'omstridt']),
    prisForelopig: z.boolean(),
  })
  .openapi('OverliggerdognRapportDag', { description: 'Én dag; aldri pasientens fødselsnummer' });

export const OverliggerdognRapportSchema = z
  .object({
    fra: Dato,
    til: Dato,
    gruppering: z.enum(GRUPPERINGER),
    data: z.array(OverliggerdognRadSchema),
    dager: z.array(OverliggerdognDagSchema).optional().openapi({ description: 'Med detaljer=true' }),
    definisjoner: Definisjoner,
  })
  .openapi('OverliggerdognRapport', { description: 'Fakturagrunnlaget per kommune og periode' });

const GRUPPER = ['deltakere', 'andre'] as const;
const EndringSchema = z
  .object({
    ...indikatorFelt,
    avvikPerType: z.record(z.string(), z.number()),
    avvikPerAnsvarlig: z.record(z.string(), z.number()),
  })
  .openapi('IndikatorEndring', { description: 'periode minus grunnlag for hvert tall; null når et av dem er null' });

export const SammenligningSchema = z
  .object({
    periode: z.object({ fra: Dato, til: Dato }),
    grunnlag: z.object({ fra: Dato, til: Dato }),
    deltakere: z.object({ kommuner: z.array(Kommunenummer), kilde: z.string() }),
    data: z.array(
      z.object({
        gruppe: z.enum(GRUPPER).openapi({ description: 'deltakere: kommunene i `deltakere.kommuner`; andre: alle andre kommuner' }),
        periode: IndikatorerSchema,
        grunnlag: IndikatorerSchema,
        endring: EndringSchema,
      }),
    ),
    definisjoner: Definisjoner,
  })
  .openapi('Sammenligning', { description: 'Indikatorene for perioden mot grunnlaget, deltakende kommuner mot de andre' });

// --- answers ---

type IndikatorRapport = z.infer<typeof IndikatorRapportSchema>;

function endring(a: Indikatorer, b: Indikatorer): Indikatorer {
  const ut = tommeIndikatorer();
  for (const k of INDIKATOR_NOKLER) {
    const x = a[k];
    const y = b[k];
    (ut as Record<string, unknown>)[k] = x === null || y === null ? null : x - y;
  }
  for (const k of ['avvikPerType', 'avvikPerAnsvarlig'] as const) {
    for (const del of new Set([...Object.keys(a[k]), ...Object.keys(b[k])])) ut[k][del] = (a[k][del] ?? 0) - (b[k][del] ?? 0);
  }
  return ut;
}

/** The access-log handling of a report read: the report and its parameters. */
function handling(navn: string, q: Record<string, unknown>): string {
  const deler = Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
  return `rapport:${navn} ${deler.join(' ')}`.slice(0, 500);
}

type CsvVerdi = string | number | boolean | null | undefined;
/** A number cell (api/csv.ts writes decimals with a comma, as a Norwegian spreadsheet reads them). */
const tallCsv = (v: number | null | undefined): CsvVerdi => v;

/** Rows given as arrays in the order of `kolonner`, through the shared CSV helper (api/csv.ts). */
function sendCsv(res: Response, filnavn: string, kolonner: readonly string[], rader: ReadonlyArray<ReadonlyArray<CsvVerdi>>): void {
  sendCsvRader(
    res,
    kolonner.map((k, i) => ({ key: String(i), header: k })),
    rader.map((r) => Object.fromEntries(r.map((v, i) => [String(i), v]))),
    { filnavn: `${filnavn}.csv` },
  );
}

const ANSVARLIGE_CSV: readonly string[] = ['sykehus', 'kartleggingsteam', 'kommune'];

/** The avvik sub-keys as CSV columns: the known ones always, then any other seen, sorted. */
function delKolonner(alle: Indikatorer[]): { type: string[]; ansvarlig: string[] } {
  const flere = (kjente: readonly string[], sett: string[]) => [...kjente, ...[...new Set(sett)].filter((x) => !kjente.includes(x)).sort()];
  return {
    type: flere(AVVIK_TYPER, alle.flatMap((i) => Object.keys(i.avvikPerType))),
    ansvarlig: flere(ANSVARLIGE_CSV, alle.flatMap((i) => Object.keys(i.avvikPerAnsvarlig))),
  };
}

function indikatorCsvVerdier(i: Indikatorer, d: { type: string[]; ansvarlig: string[] }): CsvVerdi[] {
  return [
    ...INDIKATOR_NOKLER.map((k) => tallCsv(i[k])),
    ...d.type.map((t) => i.avvikPerType[t] ?? 0),
    ...d.ansvarlig.map((r) => i.avvikPerAnsvarlig[r] ?? 0),
  ];
}
const indikatorCsvKolonner = (d: { type: string[]; ansvarlig: string[] }) => [
  ...INDIKATOR_NOKLER,
  ...d.type.map((t) => `avvikPerType.${t}`),
  ...d.ansvarlig.map((r) => `avvikPerAnsvarlig.${r}`),
];

export function rapporterRouter(deps: ApiDeps): Router {
  const r = Router();
  const { pool } = deps;

  const filter = (q: { fra: string; til: string; oppholdskommune?: string; sykehus?: string }, gruppering: RapportFilter['gruppering']): RapportFilter => ({
    fra: q.fra,
    til: q.til,
    gruppering,
    oppholdskommune: q.oppholdskommune,
    sykehus: q.sykehus,
  });

  r.get('/rapporter/indikatorer', tillat('GET /api/v1/rapporter/indikatorer'), async (req: Request, res) => {
    const p = hentPrincipal(res);
    const q = valider(IndikatorQuery, req.query, 'query');
    const rader = await indikatorer(pool, p, filter(q, q.gruppering), { art: 'kommune' }, handling('indikatorer', q));
    if (onskerCsv(req)) {
      const d = delKolonner(rader.map((x) => x.indikatorer));
      sendCsv(
        res,
        `indikatorer_${q.fra}_${q.til}`,
        ['periode', 'oppholdskommune', ...indikatorCsvKolonner(d)],
        rader.map((x) => [x.periode, x.gruppe, ...indikatorCsvVerdier(x.indikatorer, d)]),
      );
      return;
    }
    const svar: IndikatorRapport = {
      fra: q.fra,
      til: q.til,
      gruppering: q.gruppering,
      data: rader.map((x) => ({ periode: x.periode, oppholdskommune: x.gruppe, indikatorer: x.indikatorer })),
      definisjoner: { ...FELLES_DEFINISJONER, ...INDIKATOR_DEFINISJONER },
    };
    res.json(svar);
  });

  r.get('/rapporter/overliggerdogn', tillat('GET /api/v1/rapporter/overliggerdogn'), async (req: Request, res) => {
    const p = hentPrincipal(res);
    const q = valider(OverliggerdognQuery, req.query, 'query');
    const f = filter(q, q.gruppering);
    const detaljer = q.detaljer === 'true';
    const csv = onskerCsv(req);
    const logg = handling('overliggerdogn', q);
    // In CSV with detaljer=true only the day list is sent (and read); otherwise the summary.
    const data = csv && detaljer ? [] : await overliggerdogn(pool, p, f, logg);
    const dager = detaljer ? await overliggerdognDetaljer(pool, p, f, logg) : undefined;
    if (csv) {
      if (dager) {
        sendCsv(
          res,
          `overliggerdogn_dager_${q.fra}_${q.til}`,
          ['forlopId', 'dato', 'oppholdskommune', 'sykehus', 'belop', 'status', 'prisForelopig'],
          dager.map((d) => [d.forlopId, d.dato, d.oppholdskommune, d.sykehus, tallCsv(d.belop), d.status, d.prisForelopig]),
        );
      } else {
        const kolonner = [
          'periode',
          'oppholdskommune',
          'dager',
          'betalbareDager',
          'betalbartBelop',
          'ikkeBetalbareDager',
          'ikkeBetalbartBelop',
          'omstridteDager',
          'omstridtBelop',
          'forelopigPrisedeDager',
          'forelopigPrisetBelop',
        ] as const;
        sendCsv(
          res,
          `overliggerdogn_${q.fra}_${q.til}`,
          kolonner,
          data.map((x) => kolonner.map((k) => (typeof x[k] === 'number' ? tallCsv(x[k] as number) : (x[k] as string)))),
        );
      }
      return;
    }
    res.json({
      fra: q.fra,
      til: q.til,
      gruppering: q.gruppering,
      data,
      ...(dager ? { dager } : {}),
      definisjoner: OVERLIGGERDOGN_DEFINISJONER,
    });
  });

  r.get('/rapporter/sammenligning', tillat('GET /api/v1/rapporter/sammenligning'), async (req: Request, res) => {
    const p = hentPrincipal(res);
    const q = valider(SammenligningQuery, req.query, 'query');
    const deltakere = q.deltakere
      ? { kommuner: [...new Set(q.deltakere.split(','))].sort(), kilde: 'parameteren deltakere' }
      : await deltakendeKommuner(pool);
    const gruppe = { art: 'deltakere' as const, kommuner: deltakere.kommuner };
    const periode = await indikatorer(pool, p, filter(q, 'total'), gruppe, handling('sammenligning', q));
    const grunnlag = await indikatorer(pool, p, { ...filter(q, 'total'), fra: q.grunnlagFra, til: q.grunnlagTil }, gruppe, null);
    const av = (rader: typeof periode, g: string) => rader.find((x) => x.gruppe === g)?.indikatorer ?? tommeIndikatorer();
    const data = GRUPPER.map((g) => {
      const a = av(periode, g);
      const b = av(grunnlag, g);
      return { gruppe: g, periode: a, grunnlag: b, endring: endring(a, b) };
    });
    if (onskerCsv(req)) {
      const d = delKolonner(data.flatMap((x) => [x.periode, x.grunnlag]));
      const kolonner = indikatorCsvKolonner(d);
      const rader: CsvVerdi[][] = [];
      for (const x of data) {
        const [a, b, e] = [x.periode, x.grunnlag, x.endring].map((i) => indikatorCsvVerdier(i, d));
        kolonner.forEach((k, n) => rader.push([x.gruppe, k, a[n], b[n], e[n]]));
      }
      sendCsv(res, `sammenligning_${q.fra}_${q.til}`, ['gruppe', 'indikator', 'periode', 'grunnlag', 'endring'], rader);
      return;
    }
    res.json({
      periode: { fra: q.fra, til: q.til },
      grunnlag: { fra: q.grunnlagFra, til: q.grunnlagTil },
      deltakere,
      data,
      definisjoner: {
        ...FELLES_DEFINISJONER,
        periode: 'Tallene for perioden fra–til (Europe/Oslo, inklusive), som i GET /rapporter/indikatorer med gruppering=total.',
        grunnlag: 'De samme tallene for grunnlagsperioden grunnlagFra–grunnlagTil.',
        endring: 'periode minus grunnlag, for hvert tall (for avvikPerType og avvikPerAnsvarlig per nøkkel); null når et av dem er null.',
        gruppe: `deltakere: forløp med oppholdskommune blant deltakere.kommuner (${deltakere.kilde}); andre: alle andre.`,
        ...INDIKATOR_DEFINISJONER,
      },
    });
  });

  return r;
}

// --- OpenAPI ---

export function rapporterOpenApi(registry: OpenAPIRegistry): void {
  const felles = {
    400: problem('Ugyldige parametre (errors navngir hvert)'),
    401: problem('Mangler eller ugyldig token'),
    403: problem('Bare kommune (egne tall) og samhandling'),
  };
  const omfang =
    'En kommune får bare sine egne tall (en annen kommunes nummer som filter gir ingen rader); samhandling får alle. Hver lesing føres i tilgangsloggen. `Accept: text/csv` gir CSV: én overskriftsrad, semikolon, UTF-8 med BOM, desimalkomma.';
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/rapporter/indikatorer`,
    tags: ['rapporter'],
    summary: 'Prosjektets indikatorer per kommune og måned / år / total',
    description: `Regnet i PostgreSQL fra motorens egne tabeller; \`definisjoner\` sier hva hvert tall teller. ${omfang} CSV: én rad per (periode, kommune), én kolonne per tall; avvikPerType.* og avvikPerAnsvarlig.* som egne kolonner.`,
    request: { query: IndikatorQuery },
    responses: {
      200: { description: 'Indikatorene', content: { ...json(IndikatorRapportSchema), ...csvInnhold('periode;oppholdskommune;forlop;…') } },
      ...felles,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/rapporter/overliggerdogn`,
    tags: ['rapporter'],
    summary: 'Overliggerdøgn: fakturagrunnlaget per kommune og måned',
    description: `Betalbare, ikke betalbare og omstridte dager holdt adskilt, og foreløpig prisede dager for seg. Med \`detaljer=true\` dagslisten (forløpets id, dato, pris, status; aldri fødselsnummer), og hvert forløp i den føres i tilgangsloggen. ${omfang} CSV med detaljer=true: dagslisten.`,
    request: { query: OverliggerdognQuery },
    responses: {
      200: { description: 'Fakturagrunnlaget', content: { ...json(OverliggerdognRapportSchema), ...csvInnhold('periode;oppholdskommune;dager;…') } },
      ...felles,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIKS}/rapporter/sammenligning`,
    tags: ['rapporter'],
    summary: 'En periode mot et grunnlag, deltakende kommuner mot de andre (gevinstrealisering)',
    description: `Indikatorene (som gruppering=total) for fra–til og for grunnlagFra–grunnlagTil, for deltakende kommuner og for de andre, med endringen (periode minus grunnlag). Deltakere: kommunene i kartleggingskriteriene som gjelder, eller parameteren deltakere. ${omfang} CSV: én rad per (gruppe, indikator).`,
    request: { query: SammenligningQuery },
    responses: {
      200: { description: 'Sammenligningen', content: { ...json(SammenligningSchema), ...csvInnhold('gruppe;indikator;periode;grunnlag;endring') } },
      ...felles,
    },
  });
}

export const rapporterModul: ApiModul = { navn: 'rapporter', router: rapporterRouter, openapi: rapporterOpenApi };
