/**
 * The project's indicators (samhandling: every kommune; a kommune: itself, as the API decides):
 * overliggerdøgn and kroner per kommune per month, share kartlagt before utskrivningsklar,
 * reinnleggelser, home vs institution, avvik by type and party, for the period chosen; each
 * figure's definition from the API one click away, and the figures as CSV.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { api, feilTekst, krevJson, lastNedCsv, type Okt, type Skjema } from '../api';
import { Felt, Laster, Melding, useData } from '../deler/felles';
import { Figur, type Serie } from '../deler/Figur';
import { farge } from '../farger';
import { iDag, kroner, leggTilDager, manedStart, periode, tall } from '../format';
import { useParter } from '../parter';
import { AVVIK_TYPE_NAVN, ROLLE_NAVN } from '../tekster';

type Ind = Skjema['Indikatorer'];
type Rad = Skjema['IndikatorRapport']['data'][number];
type Navn = Skjema['IndikatorRapport']['navn'];

const tallF = (n: number) => tall(n);
const kronerF = (n: number) => kroner(n);
/** A share rounded: whole per cent, one decimal at most where that tells two apart (77,8 %). */
const prosentFormat = new Intl.NumberFormat('nb-NO', { style: 'percent', maximumFractionDigits: 1 });
const prosentF = (n: number) => prosentFormat.format(n);

/** The counts of an indicator: a missing row counted nothing (0); a share or mean without a row has no data (null). */
const ANTALL: ReadonlyArray<keyof Ind> = ['forlop', 'meldtUtskrivningsklar', 'overliggerdogn', 'overliggerdognBelop', 'gjentatteReinnleggelser', 'avvik'];

/** A month a year back from this month's start. */
const standardFra = (): string => `${leggTilDager(manedStart(), -330).slice(0, 7)}-01`;

/** The value of one indicator in a row; a missing row is 0 for a count, no data (null) for a share or mean. */
function verdi(rad: Rad | undefined, nokkel: keyof Ind): number | null {
  const v = rad?.indikatorer[nokkel];
  if (typeof v === 'number') return v;
  return ANTALL.includes(nokkel) ? 0 : null;
}

/** The teller and nevner of a share in a row (none when it is not a share). */
function brok(rad: Rad | undefined, nokkel: keyof Ind): { teller: number; nevner: number } | null {
  if (ANTALL.includes(nokkel)) return null;
  return rad?.tellerNevner[nokkel] ?? { teller: 0, nevner: 0 };
}

/** Per kommune (series, each in its own colour) and period (labels) of one indicator. */
function perKommuneOgPeriode(
  rader: Rad[],
  nokkel: keyof Ind,
  navn: (k: string) => string,
  fargeFor: (k: string) => string,
): { etiketter: string[]; serier: Serie[] } {
  const perioder = [...new Set(rader.map((r) => r.periode))].sort();
  const kommuner = [...new Set(rader.map((r) => r.oppholdskommune))].sort();
  const rad = (p: string, k: string) => rader.find((r) => r.periode === p && r.oppholdskommune === k);
  return {
    etiketter: perioder.map(periode),
    serier: kommuner.map((k) => ({
      navn: navn(k),
      farge: fargeFor(k),
      verdier: perioder.map((p) => verdi(rad(p, k), nokkel)),
    })),
  };
}

/** Per kommune (labels), one series per indicator, with each share's teller and nevner. */
function perKommune(rader: Rad[], nokler: Array<keyof Ind>, navn: (k: string) => string, indikatorNavn: Navn): { etiketter: string[]; serier: Serie[] } {
  const sortert = [...rader].sort((a, b) => a.oppholdskommune.localeCompare(b.oppholdskommune));
  return {
    etiketter: sortert.map((r) => navn(r.oppholdskommune)),
    serier: nokler.map((n) => ({
      navn: indikatorNavn[n],
      verdier: sortert.map((r) => verdi(r, n)),
      brok: sortert.map((r) => brok(r, n)),
    })),
  };
}

/** Counts in an object per key (avvikPerType, avvikPerAnsvarlig) summed over kommuner. */
function summerObjekt(
  rader: Rad[],
  nokkel: 'avvikPerType' | 'avvikPerAnsvarlig',
  navn: (k: string) => string,
  indikatorNavn: Navn,
): { etiketter: string[]; serier: Serie[] } {
  const sum = new Map<string, number>();
  for (const r of rader) for (const [k, v] of Object.entries(r.indikatorer[nokkel] ?? {})) sum.set(k, (sum.get(k) ?? 0) + v);
  const nokler = [...sum.keys()].sort();
  return { etiketter: nokler.map(navn), serier: [{ navn: indikatorNavn[nokkel], verdier: nokler.map((k) => sum.get(k) ?? 0) }] };
}

export function Indikatorer({ okt }: { okt: Okt }) {
  const parter = useParter();
  const [valg, settValg] = useState(() => ({
    fra: standardFra(),
    til: iDag(),
    oppholdskommune: okt.rolle === 'kommune' ? okt.org : '',
  }));
  const [csvFeil, settCsvFeil] = useState<string | null>(null);
  const query = { fra: valg.fra, til: valg.til, ...(valg.oppholdskommune ? { oppholdskommune: valg.oppholdskommune } : {}) };
  const { data, feil, laster } = useData(async () => {
    const [maned, total] = await Promise.all([
      api.GET('/api/v1/rapporter/indikatorer', { params: { query: { ...query, gruppering: 'maned' } } }).then(krevJson),
      api.GET('/api/v1/rapporter/indikatorer', { params: { query: { ...query, gruppering: 'total' } } }).then(krevJson),
    ]);
    return { maned, total };
  }, [JSON.stringify(query)]);

  const kommuneNavn = parter.kommuneNavn;
  // Each kommune its own colour, by its place among all kommuner: the same in every chart.
  const kommuneIder = parter.data.kommune.map((k) => k.id);
  const kommuneFarge = useMemo(() => {
    const ider = [...kommuneIder].sort();
    return (k: string) => farge(ider.includes(k) ? ider.indexOf(k) : ider.length);
  }, [kommuneIder.join(',')]); // eslint-disable-line react-hooks/exhaustive-deps
  /** The definitions from the API: the name with its code name, then what it counts. */
  const def = (nokler: Array<keyof Ind>): Array<[string, string | undefined]> =>
    nokler.map((n) => {
      const navn = data?.maned.navn[n] ?? n;
      const tekst = data?.maned.definisjoner[n];
      const forord = `${navn} (${n}): `;
      return [`${navn} (${n})`, tekst?.startsWith(forord) ? tekst.slice(forord.length) : tekst];
    });

  const figurer = useMemo(() => {
    if (!data) return null;
    const m = data.maned.data;
    const t = data.total.data;
    const n = data.maned.navn;
    return {
      dogn: perKommuneOgPeriode(m, 'overliggerdogn', kommuneNavn, kommuneFarge),
      kroner: perKommuneOgPeriode(m, 'overliggerdognBelop', kommuneNavn, kommuneFarge),
      forlop: perKommuneOgPeriode(m, 'forlop', kommuneNavn, kommuneFarge),
      kartlagt: perKommune(t, ['andelKartlagtForUtskrivningsklar'], kommuneNavn, n),
      reinn: perKommune(t, ['reinnleggelse2d', 'reinnleggelse3d', 'reinnleggelse5d', 'reinnleggelse30d'], kommuneNavn, n),
      hjem: perKommune(t, ['andelUtskrevetHjem', 'andelUtskrevetInstitusjon'], kommuneNavn, n),
      avvikType: summerObjekt(t, 'avvikPerType', (k) => (AVVIK_TYPE_NAVN as Record<string, string>)[k] ?? k, n),
      avvikPart: summerObjekt(t, 'avvikPerAnsvarlig', (k) => (ROLLE_NAVN as Record<string, string>)[k] ?? k, n),
    };
  }, [data, kommuneNavn, kommuneFarge]);

  function vis(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    settValg({
      fra: String(d.get('fra')),
      til: String(d.get('til')),
      oppholdskommune: okt.rolle === 'kommune' ? okt.org : String(d.get('oppholdskommune') ?? ''),
    });
  }

  const csv = (sti: '/api/v1/rapporter/indikatorer' | '/api/v1/rapporter/overliggerdogn', navn: string) => () => {
    settCsvFeil(null);
    lastNedCsv(sti, { ...query, gruppering: 'maned' }, `${navn}-${valg.fra}-${valg.til}.csv`).catch((e: unknown) => settCsvFeil(feilTekst(e)));
  };

  return (
    <>
      <h1>Indikatorer</h1>
      <form className="skjema filtre" onSubmit={vis} aria-label="Periode">
        <Felt etikett="Fra">{(id) => <input id={id} name="fra" type="date" required defaultValue={valg.fra} />}</Felt>
        <Felt etikett="Til">{(id) => <input id={id} name="til" type="date" required defaultValue={valg.til} />}</Felt>
        {okt.rolle !== 'kommune' && (
          <Felt etikett="Oppholdskommune">
            {(id) => (
              <select id={id} name="oppholdskommune" defaultValue={valg.oppholdskommune}>
                <option value="">Alle kommuner</option>
                {parter.data.kommune.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.navn} ({k.id})
                  </option>
                ))}
              </select>
            )}
          </Felt>
        )}
        <div className="knapperad">
          <button type="submit">Vis</button>
          <button type="button" className="sekundar" onClick={csv('/api/v1/rapporter/indikatorer', 'indikatorer')}>
            Last ned indikatorer (CSV)
          </button>
          <button type="button" className="sekundar" onClick={csv('/api/v1/rapporter/overliggerdogn', 'overliggerdogn')}>
            Last ned overliggerdøgn (CSV)
          </button>
        </div>
      </form>
      <Melding feil={feil ?? csvFeil} />
      <Laster laster={laster && !data}>
        {figurer && (
          <div className="figurer">
            <Figur tittel="Overliggerdøgn per kommune og måned" {...figurer.dogn} format={tallF} heltall stablet definisjoner={def(['overliggerdogn'])} />
            <Figur
              tittel="Overliggerdøgn i kroner per kommune og måned"
              {...figurer.kroner}
              format={kronerF}
              heltall
              stablet
              definisjoner={def(['overliggerdognBelop'])}
            />
            <Figur tittel="Forløp per kommune og måned" {...figurer.forlop} format={tallF} heltall stablet definisjoner={def(['forlop'])} />
            <Figur
              tittel="Andel kartlagt før utskrivningsklar"
              {...figurer.kartlagt}
              format={prosentF}
              maks={1}
              definisjoner={def(['andelKartlagtForUtskrivningsklar'])}
            />
            <Figur
              tittel="Reinnleggelser (andel av utskrivninger)"
              {...figurer.reinn}
              format={prosentF}
              definisjoner={def(['reinnleggelse2d', 'reinnleggelse3d', 'reinnleggelse5d', 'reinnleggelse30d'])}
            />
            <Figur
              tittel="Utskrevet hjem og til institusjon"
              {...figurer.hjem}
              format={prosentF}
              maks={1}
              definisjoner={def(['andelUtskrevetHjem', 'andelUtskrevetInstitusjon'])}
            />
            <Figur tittel="Avvik per type" {...figurer.avvikType} format={tallF} heltall definisjoner={def(['avvik', 'avvikPerType'])} />
            <Figur tittel="Avvik per ansvarlig part" {...figurer.avvikPart} format={tallF} heltall definisjoner={def(['avvikPerAnsvarlig'])} />
          </div>
        )}
      </Laster>
    </>
  );
}
