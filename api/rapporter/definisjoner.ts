/**
 * What each figure of the reports counts, in words an analyst can reproduce (docs/api.md "Reports"):
 * served in every answer's `definisjoner` and shown in the OpenAPI document. The SQL that counts
 * is db/rapporter.ts: what is counted there and what an analyst reads here change together.
 */
import type { IndikatorNokkel } from '../../db/rapporter';

type DefinertNokkel = IndikatorNokkel | 'avvikPerType' | 'avvikPerAnsvarlig';

/** Each figure's plain Norwegian name: the CSV header, the web's label, the start of its definition. */
export const INDIKATOR_NAVN: Record<DefinertNokkel, string> = {
  forlop: 'Forløp',
  meldtUtskrivningsklar: 'Meldt utskrivningsklar',
  overliggerdogn: 'Overliggerdøgn',
  overliggerdognBelop: 'Overliggerdøgn i kroner',
  liggetidUtskrivningsklarSnitt: 'Liggetid som utskrivningsklar, snitt i døgn',
  andelKartlagtForUtskrivningsklar: 'Andel kartlagt før utskrivningsklar',
  andelKartlagtFellesVerktoy: 'Andel kartlagt med felles verktøy',
  andelAvtaltOppfolging: 'Andel med oppfølging innen fristen',
  andelUtskrevetHjem: 'Andel utskrevet hjem',
  andelUtskrevetInstitusjon: 'Andel utskrevet til institusjon',
  andelKorttidsopphold: 'Andel utskrevet til korttidsopphold',
  reinnleggelse2d: 'Andel reinnlagt innen 2 døgn',
  reinnleggelse3d: 'Andel reinnlagt innen 3 døgn',
  reinnleggelse5d: 'Andel reinnlagt innen 5 døgn',
  reinnleggelse30d: 'Andel reinnlagt innen 30 døgn',
  gjentatteReinnleggelser: 'Pasienter med gjentatte reinnleggelser',
  avvik: 'Avvik',
  avvikPerType: 'Avvik per type',
  avvikPerAnsvarlig: 'Avvik per ansvarlig part',
  andelPllOppdatert: 'Andel med oppdatert legemiddelliste (PLL)',
  andelAnsvarAvklart: 'Andel med avklart ansvar i kommunen',
  andelTilstrekkeligInformasjon: 'Andel som fikk tilstrekkelig informasjon',
  andelVetHvemKontakte: 'Andel som vet hvem de skal kontakte',
  andelSkriftligInformasjon: 'Andel som fikk skriftlig informasjon',
};

const UTSKRIVNINGER = 'utskrivninger i perioden (dato for utskrivningen, Europe/Oslo), unntatt pasienter som døde eller ble overført til et annet sykehus';
const HJEM = 'utskrivninger hjem (med eller uten kommunale tjenester)';
const MELDT = 'forløpene som er meldt utskrivningsklar (se «Meldt utskrivningsklar»)';
const reinnleggelse = (n: number) =>
  `Teller: utskrivninger der samme pasient (samme fødselsnummer) er innlagt igjen — i et annet forløp, samtidig med eller etter utskrivningen — innen ${n} kalenderdager (Europe/Oslo: innleggelsesdato minus utskrivningsdato er høyst ${n}). Nevner: ${UTSKRIVNINGER}.`;
const brukersvar = (sporsmal: string) =>
  `Teller: ${UTSKRIVNINGER}, der pasienten ved oppfølgingen (det siste svaret registrert ved oppstart av oppfølging) svarte ja på ${sporsmal}. Nevner: de samme utskrivningene der pasienten svarte ja, nei eller vet ikke.`;

/** What each figure counts, in plain words, without its name. */
const TEKST: Record<DefinertNokkel, string> = {
  forlop:
    'Forløp med innleggelse i perioden (innleggelsesdato, Europe/Oslo). Gjelder alle tall: et forløp registrert ved en feil (avbrutt) telles ikke, og et forløp telles på sin oppholdskommune.',
  meldtUtskrivningsklar: 'Av forløpene i «Forløp»: de som er meldt utskrivningsklare minst én gang.',
  overliggerdogn:
    'Betalbare overliggerdøgn med dato i perioden: døgn der vilkårene for betaling er oppfylt (melding om innlagt pasient i tide, fullstendig melding om utskrivningsklar pasient) og som ikke er omstridt (epikrise manglet ved utskrivning).',
  overliggerdognBelop:
    'Summen i kroner for de samme døgnene, hvert døgn priset etter døgnprisen for sitt år (et år uten fastsatt pris: siste kjente, foreløpig).',
  liggetidUtskrivningsklarSnitt: `Gjennomsnittlig antall kalenderdager (Europe/Oslo) fra første melding om utskrivningsklar pasient til utskrivning, over ${UTSKRIVNINGER}, som ble meldt utskrivningsklare. Tomt når det ikke er noen.`,
  andelKartlagtForUtskrivningsklar: `Teller: ${MELDT} som er inkludert i kartlegging og fikk kartleggingen fullført senest da de første gang ble meldt utskrivningsklare. Nevner: ${MELDT} som er inkludert i kartlegging.`,
  andelKartlagtFellesVerktoy:
    'Teller: kartlegginger fullført i perioden (første gang forløpets kartlegging ble fullført) der den siste fullføringen er gjort med den felles strukturerte modellen (har skjemaversjon). Nevner: alle kartlegginger fullført i perioden (også eldre uten skjemaversjon).',
  andelAvtaltOppfolging: `Teller: ${HJEM} i perioden (unntatt død og overføring) der oppfølgingen startet innen fristen (standard 24 timer etter utskrivning). Nevner: de samme ${HJEM}.`,
  andelUtskrevetHjem: `Teller: ${HJEM}. Nevner: ${UTSKRIVNINGER}.`,
  andelUtskrevetInstitusjon: `Teller: utskrivninger til korttidsopphold, langtidsopphold eller annen institusjon. Nevner: ${UTSKRIVNINGER}.`,
  andelKorttidsopphold: `Teller: utskrivninger til korttidsopphold. Nevner: ${UTSKRIVNINGER}.`,
  reinnleggelse2d: reinnleggelse(2),
  reinnleggelse3d: reinnleggelse(3),
  reinnleggelse5d: reinnleggelse(5),
  reinnleggelse30d: reinnleggelse(30),
  gjentatteReinnleggelser:
    'Pasienter med to eller flere reinnleggelser i perioden: innleggelser i perioden (på innleggelsens oppholdskommune) som kom innen 30 kalenderdager (Europe/Oslo) etter samme pasients forrige utskrivning; pasienter med minst to slike.',
  avvik: 'Samhandlingsavvik på forløpene der fristen ble brutt i perioden (et avvik meldt for hånd: da det ble meldt), unntatt avvik som er trukket.',
  avvikPerType: 'Avvikene i «Avvik» fordelt på type (fristen som ble brutt, eller meldt for hånd); typer uten avvik er utelatt.',
  avvikPerAnsvarlig: 'Avvikene i «Avvik» fordelt på den ansvarlige parten (sykehus, kartleggingsteam, kommune); parter uten avvik er utelatt.',
  andelPllOppdatert: `Teller: ${UTSKRIVNINGER}, der status for pasientens legemiddelliste (fra den siste epikrisen eller utskrivningen som oppgir den) er «PLL oppdatert». Nevner: de samme utskrivningene som oppgir en slik status (oppdatert, ikke PLL eller ukjent).`,
  andelAnsvarAvklart: `Teller: ${MELDT} der kommunens svar oppgir en kontaktenhet. Nevner: ${MELDT}.`,
  andelTilstrekkeligInformasjon: brukersvar('om informasjonen var tilstrekkelig'),
  andelVetHvemKontakte: brukersvar('om de vet hvem de skal kontakte'),
  andelSkriftligInformasjon: `Teller: ${HJEM} i perioden (unntatt død og overføring) der avdelingen har registrert at pasienten fikk informasjonsarket (før eller etter utskrivningen). Nevner: de samme ${HJEM}.`,
};

/** Each figure's definition: its name, its code name beside it, then what it counts. */
export const INDIKATOR_DEFINISJONER = Object.fromEntries(
  (Object.keys(TEKST) as DefinertNokkel[]).map((k) => [k, `${INDIKATOR_NAVN[k]} (${k}): ${TEKST[k]}`]),
) as Record<DefinertNokkel, string>;

export const FELLES_DEFINISJONER = {
  periode:
    'YYYY-MM (gruppering=maned), YYYY (ar) eller total. Hvert tall har sin egen hendelse som plasserer det i perioden (innleggelse, utskrivning, dagens dato, avvikets brudd, fullført kartlegging); se hvert tall. fra og til er datoer i Europe/Oslo, begge inklusive.',
  andeler:
    'En andel er teller / nevner, et tall fra 0 til 1 (i JSON; i CSV i prosent med høyst én desimal), med teller og nevner i tellerNevner; null (i CSV tomt) når nevneren er 0: ingen data, ikke 0 %.',
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

/** The sammenligning's own words, then every indicator's; `kilde` says where the participants came from. */
export function sammenligningDefinisjoner(kilde: string): Record<string, string> {
  return {
    ...FELLES_DEFINISJONER,
    periode: 'Tallene for perioden fra–til (Europe/Oslo, inklusive), som i GET /rapporter/indikatorer med gruppering=total.',
    grunnlag: 'De samme tallene for grunnlagsperioden grunnlagFra–grunnlagTil.',
    endring: 'periode minus grunnlag, for hvert tall (for avvikPerType og avvikPerAnsvarlig per nøkkel); null når et av dem er null.',
    gruppe: `deltakere: forløp med oppholdskommune blant deltakere.kommuner (${kilde}); andre: alle andre.`,
    ...INDIKATOR_DEFINISJONER,
  };
}
