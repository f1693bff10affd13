/**
 * The kommune's inbox: patients waiting for its answer, those it has answered (waiting for its
 * tilbud or for the discharge), those home waiting for oppfølging, each card with the kommune's own
 * frist counting down, most urgent first; each a link to its forløp (/forlop/{id}) to answer (kan /
 * kan ikke, tilbud klart, oppfølging with the patient's answers); the varsler feed, each linking
 * to its forløp; its overliggerdøgn this month.
 */
import { useEffect, useRef, useState } from 'react';
import { api, feilTekst, krev, krevJson, type ForlopStatus, type Okt, type Varsel } from '../api';
import { Laster, Melding, useData } from '../deler/felles';
import { ForlopDetalj } from '../deler/ForlopDetalj';
import { hentAlle, Pasientkort, pasientNavn } from '../deler/Pasientkort';
import { iDag, kroner, manedStart, tall, tidspunkt } from '../format';
import { Lenke, useParameter } from '../ruter';
import { sorterEtterHast } from '../tavle';
import { VARSEL_NAVN } from '../tekster';

// `utskrivningsklar`: meldt, not yet answered; after "kan ikke" the forløp is `venter_pa_kommune`,
// after "kan" or tilbud klart `klar_for_utskrivning` (workflows/forlop.machine.ts).
const GRUPPER: Array<{ tittel: string; statuser: ForlopStatus[] }> = [
  { tittel: 'Venter på vårt svar', statuser: ['utskrivningsklar'] },
  { tittel: 'Besvart, venter på tilbud eller utskrivning', statuser: ['venter_pa_kommune', 'klar_for_utskrivning'] },
  { tittel: 'Utskrevet – oppfølging', statuser: ['utskrevet'] },
  { tittel: 'Innlagt', statuser: ['innlagt'] },
];

function Overliggerdogn({ okt }: { okt: Okt }) {
  const fra = manedStart();
  const til = iDag();
  const { data, feil, laster } = useData(
    () => api.GET('/api/v1/rapporter/overliggerdogn', { params: { query: { fra, til, gruppering: 'total', oppholdskommune: okt.org } } }).then(krevJson),
    [okt.org],
    60_000,
  );
  const rader = data?.data ?? [];
  const sum = (f: (r: (typeof rader)[number]) => number) => rader.reduce((s, r) => s + f(r), 0);
  return (
    <section className="boks" aria-labelledby="odogn-tittel">
      <h2 id="odogn-tittel">Overliggerdøgn denne måneden</h2>
      <Melding feil={feil} />
      <Laster laster={laster && !data}>
        <dl className="tall-liste">
          <dt>Betalbare døgn</dt>
          <dd data-testid="odogn-antall">{tall(sum((r) => r.betalbareDager))}</dd>
          <dt>Beløp</dt>
          <dd>{kroner(sum((r) => r.betalbartBelop))}</dd>
          <dt>Omstridte døgn</dt>
          <dd>{tall(sum((r) => r.omstridteDager))}</dd>
        </dl>
      </Laster>
    </section>
  );
}

/** A varsel as the feed may give it: naming its patient to a reader who may see the forløp (a newer contract field). */
type VarselMedPasient = Varsel & { pasient?: { fnr: string; navn: { fornavn: string; etternavn: string } | null } | null };

/** The org's own feed, polled from the last sekvens seen. */
function Varsler() {
  const [varsler, settVarsler] = useState<Varsel[]>([]);
  const [feil, settFeil] = useState<string | null>(null);
  const siste = useRef(0);
  useEffect(() => {
    let aktiv = true;
    async function hent() {
      try {
        for (let i = 0; i < 20 && aktiv; i++) {
          const s = krev(await api.GET('/api/v1/varsler', { params: { query: { etter: siste.current, limit: 1000 } } }));
          if (s.data.length === 0) break;
          siste.current = s.sisteSekvens;
          settVarsler((v) => [...s.data.slice().reverse(), ...v].slice(0, 200));
        }
        settFeil(null);
      } catch (e) {
        settFeil(feilTekst(e));
      }
    }
    void hent();
    const t = setInterval(() => void hent(), 15_000);
    return () => {
      aktiv = false;
      clearInterval(t);
    };
  }, []);
  return (
    <section className="boks" aria-labelledby="varsler-tittel">
      <h2 id="varsler-tittel">Varsler</h2>
      <Melding feil={feil} />
      {varsler.length === 0 ? (
        <p className="stille">Ingen varsler ennå.</p>
      ) : (
        <ol className="varsler" aria-label="Nyeste varsler først">
          {varsler.slice(0, 50).map((v: VarselMedPasient) => (
            <li key={v.id} className={`varsel varsel-${v.type.toLowerCase()}`}>
              <span className="varsel-type">{VARSEL_NAVN[v.type]}</span>
              <time dateTime={v.opprettet}>{tidspunkt(v.opprettet)}</time>
              {v.pasient && (
                <span className="varsel-pasient">
                  {pasientNavn(v.pasient)} ({v.pasient.fnr})
                </span>
              )}
              <span>{v.tekst}</span>
              <Lenke til={`/forlop/${v.forlopId}`}>Åpne forløpet</Lenke>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function Kommune({ okt }: { okt: Okt }) {
  const apen = useParameter('/forlop/:id');
  const { data, feil, laster, last } = useData(
    async () => Promise.all(GRUPPER.map(async (g) => sorterEtterHast((await Promise.all(g.statuser.map(hentAlle))).flat(), 'kommune'))),
    [],
    30_000,
  );
  return (
    <>
      <div hidden={apen !== null}>
        <h1>Innboks</h1>
        <div className="to-kolonner">
          <div>
            <div className="verktoy">
              <button type="button" className="sekundar" onClick={() => void last()}>
                Oppdater
              </button>
            </div>
            <Melding feil={feil} />
            <Laster laster={laster && !data}>
              {GRUPPER.map((g, i) => (
                <section key={g.tittel} aria-labelledby={`gruppe-${i}`} className="gruppe">
                  <h2 id={`gruppe-${i}`}>
                    {g.tittel} <span className="antall">({data?.[i].length ?? 0})</span>
                  </h2>
                  {data?.[i].length === 0 ? (
                    <p className="stille">Ingen.</p>
                  ) : (
                    <ul className="kortliste rutenett">
                      {(data?.[i] ?? []).map((f) => (
                        <Pasientkort key={f.id} f={f} egen="kommune" />
                      ))}
                    </ul>
                  )}
                </section>
              ))}
            </Laster>
          </div>
          <div>
            <Overliggerdogn okt={okt} />
            <Varsler />
          </div>
        </div>
      </div>
      {apen && <ForlopDetalj key={apen} id={apen} endret={() => void last()} liste={{ til: '/', navn: 'Tilbake til innboksen' }} />}
    </>
  );
}
