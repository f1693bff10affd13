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
import { iDag, kroner, leggTilDager, manedStart, periode, prosent, tall } from '../format';
import { useParter } from '../parter';
import { AVVIK_TYPE_NAVN, INDIKATOR_NAVN, ROLLE_NAVN } from '../tekster';

type Ind = Skjema['Indikatorer'];
type Rad = Skjema['IndikatorRapport']['data'][number];

const tallF = (n: number | null) => tall(n);
const kronerF = (n: number | null) => kroner(n);
const prosentF = (n: number | null) => prosent(n);

/** A month a year back from this month's start. */
const standardFra = (): string => `${leggTilDager(manedStart(), -330).slice(0, 7)}-01`;

/** Per kommune (series) and period (labels) of one indicator. */
function perKommuneOgPeriode(rader: Rad[], nokkel: keyof Ind, navn: (k: string) => string): { etiketter: string[]; serier: Serie[] } {
  const perioder = [...new Set(rader.map((r) => r.periode))].sort();
  const kommuner = [...new Set(rader.map((r) => r.oppholdskommune))].sort();
  return {
    etiketter: perioder.map(periode),
    serier: kommuner.map((k) => ({
      navn: navn(k),
      verdier: perioder.map((p) => {
        const v = rader.find((r) => r.periode === p && r.oppholdskommune === k)?.indikatorer[nokkel];
        return typeof v === 'number' ? v : null;
      }),
    })),
  };
}

/** Per kommune (labels), one series per indicator. */
function perKommune(rader: Rad[], nokler: Array<keyof Ind>, navn: (k: string) => string): { etiketter: string[]; serier: Serie[] } {
  const sortert = [...rader].sort((a, b) => a.oppholdskommune.localeCompare(b.oppholdskommune));
  return {
    etiketter: sortert.map((r) => navn(r.oppholdskommune)),
    serier: nokler.map((n) => ({
      navn: INDIKATOR_NAVN[n] ?? n,
      verdier: sortert.map((r) => {
        const v = r.indikatorer[n];
        return typeof v === 'number' ? v : null;
      }),
    })),
  };
}

/** Counts in an object per key (avvikPerType, avvikPerAnsvarlig) summed over kommuner. */
function summerObjekt(rader: Rad[], nokkel: 'avvikPerType' | 'avvikPerAnsvarlig', navn: (k: string) => string): { etiketter: string[]; serier: Serie[] } {
  const sum = new Map<string, number>();
  for (const r of rader) for (const [k, v] of Object.entries(r.indikatorer[nokkel] ?? {})) sum.set(k, (sum.get(k) ?? 0) + v);
  const nokler = [...sum.keys()].sort();
  return { etiketter: nokler.map(navn), serier: [{ navn: INDIKATOR_NAVN[nokkel] ?? nokkel, verdier: nokler.map((k) => sum.get(k) ?? 0) }] };
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
  const def = (nokler: Array<keyof Ind>): Array<[string, string | undefined]> => nokler.map((n) => [INDIKATOR_NAVN[n] ?? n, data?.maned.definisjoner[n]]);

  const figurer = useMemo(() => {
    if (!data) return null;
    const m = data.maned.data;
    const t = data.total.data;
    return {
      dogn: perKommuneOgPeriode(m, 'overliggerdogn', kommuneNavn),
      kroner: perKommuneOgPeriode(m, 'overliggerdognBelop', kommuneNavn),
      forlop: perKommuneOgPeriode(m, 'forlop', kommuneNavn),
      kartlagt: perKommune(t, ['andelKartlagtForUtskrivningsklar'], kommuneNavn),
      reinn: perKommune(t, ['reinnleggelse2d', 'reinnleggelse3d', 'reinnleggelse5d', 'reinnleggelse30d'], kommuneNavn),
      hjem: perKommune(t, ['andelUtskrevetHjem', 'andelUtskrevetInstitusjon'], kommuneNavn),
      avvikType: summerObjekt(t, 'avvikPerType', (k) => (AVVIK_TYPE_NAVN as Record<string, string>)[k] ?? k),
      avvikPart: summerObjekt(t, 'avvikPerAnsvarlig', (k) => (ROLLE_NAVN as Record<string, string>)[k] ?? k),
    };
  }, [data, kommuneNavn]);

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
