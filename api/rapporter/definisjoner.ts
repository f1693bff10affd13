/**
 * What each figure of the reports counts, in words an analyst can reproduce (docs/api.md "Reports"):
 * served in every answer's `definisjoner` and shown in the OpenAPI document. The SQL that counts
 * is db/rapporter.ts: what is counted there and what an analyst reads here change together.
 */
import type { IndikatorNokkel } from '../../db/rapporter';

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
  avvik: 'Samhandlingsavvik på forløpene med brudd i perioden (for et avvik meldt for hånd: når det ble meldt), unntatt trukket.',
  avvikPerType: 'Avvikene i «avvik» per type (frist-id, eller MANUELT for et avvik meldt for hånd); typer uten avvik er utelatt.',
  avvikPerAnsvarlig: 'Avvikene i «avvik» per ansvarlig parts rolle (sykehus, kartleggingsteam, kommune); roller uten avvik er utelatt.',
  andelPllOppdatert: `Teller: ${UTSKRIVNINGER}, der legemiddelliste.status (fra den siste EPIKRISE_SENDT- eller UTSKREVET-hendelsen som har en) er pll_oppdatert. Nevner: de samme utskrivningene som har en slik status (pll_oppdatert, ikke_pll eller ukjent).`,
  andelAnsvarAvklart: `Teller: ${MELDT} der kommunens svar (en KOMMUNESVAR-hendelse) oppgir kontakt.enhet. Nevner: ${MELDT}.`,
  andelTilstrekkeligInformasjon: brukersvar('tilstrekkeligInformasjon'),
  andelVetHvemKontakte: brukersvar('vetHvemKontakte'),
  andelSkriftligInformasjon: `Teller: ${UTSKRIVNINGER}, til hjem eller hjem_med_tjenester, der avdelingen har registrert at pasienten fikk informasjonsarket (en INFORMASJON_GITT-hendelse, før eller etter utskrivningen; arket er GET /forlop/{id}/utskrivningsinformasjon). Nevner: de samme utskrivningene til hjem eller hjem_med_tjenester.`,
};

export const FELLES_DEFINISJONER = {
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
