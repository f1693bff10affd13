/**
 * The web interface: sign-in, then the pages of the signed-in rolle. Pages are chosen by the
 * address's first segment (web/src/ruter.ts: /avvik, /forlop/{id}); the token is never in the address.
 */
import { StrictMode, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { api, feilTekst, hentOkt, krev, lagreOkt, nårUtlogget, type Innlogging as InnloggingInfo, type Okt, type Rolle } from './api';
import { Melding } from './deler/felles';
import { fraFragment, Lenke, stiDeler, useAdresse, useRullingTilbake } from './ruter';
import { lagParter, ParterKontekst } from './parter';
import { ROLLE_NAVN } from './tekster';
import { Innlogging } from './sider/Innlogging';
import { Avdeling } from './sider/Avdeling';
import { Kommune } from './sider/Kommune';
import { Kartlegging } from './sider/Kartlegging';
import { AvvikSide } from './sider/Avvik';
import { Indikatorer } from './sider/Indikatorer';
import { PloLogg } from './sider/PloLogg';
import { IkkeLevert } from './sider/IkkeLevert';
import './stil.css';

interface Side {
  /** The first segment of its address ('' for the rolle's first page). */
  sti: string;
  navn: string;
  vis: (o: Okt) => ReactNode;
  /** Further first segments it answers (its details: /forlop/{id} on the board, /avvik/{id}). */
  ogsaa?: string[];
}

const SIDER: Record<Rolle, Side[]> = {
  sykehus: [
    { sti: '', navn: 'Avdelingstavle', vis: (o) => <Avdeling okt={o} />, ogsaa: ['forlop'] },
    { sti: 'avvik', navn: 'Avvik', vis: (o) => <AvvikSide okt={o} /> },
  ],
  kommune: [
    { sti: '', navn: 'Innboks', vis: (o) => <Kommune okt={o} />, ogsaa: ['forlop'] },
    { sti: 'avvik', navn: 'Avvik', vis: (o) => <AvvikSide okt={o} /> },
    { sti: 'indikatorer', navn: 'Indikatorer', vis: (o) => <Indikatorer okt={o} /> },
    { sti: 'ikke-levert', navn: 'Ikke levert til EPJ', vis: (o) => <IkkeLevert okt={o} /> },
  ],
  kartleggingsteam: [
    { sti: '', navn: 'Arbeidsliste', vis: (o) => <Kartlegging okt={o} />, ogsaa: ['kartlegging', 'forlop'] },
    { sti: 'avvik', navn: 'Avvik', vis: (o) => <AvvikSide okt={o} /> },
  ],
  samhandling: [
    { sti: '', navn: 'Avvik', vis: (o) => <AvvikSide okt={o} />, ogsaa: ['avvik'] },
    { sti: 'indikatorer', navn: 'Indikatorer', vis: (o) => <Indikatorer okt={o} /> },
    { sti: 'forlop', navn: 'Forløp', vis: (o) => <Avdeling okt={o} /> },
    { sti: 'plo', navn: 'PLO-meldinger', vis: (o) => <PloLogg okt={o} /> },
    { sti: 'ikke-levert', navn: 'Ikke levert til EPJ', vis: (o) => <IkkeLevert okt={o} /> },
  ],
  admin: [
    {
      sti: '',
      navn: 'Administrasjon',
      vis: () => (
        <section>
          <h1>Administrasjon</h1>
          <p>
            Frister per kommune, døgnpris og kartleggingskriterier settes gjennom API-et; se <a href="/docs">API-dokumentasjonen</a>. Administratoren ser ingen
            pasientdata.
          </p>
        </section>
      ),
    },
  ],
};

/** The page that answers an address: by its first segment; null when none does. */
function sideFor(sider: Side[], a: string): Side | null {
  const forste = stiDeler(a)[0] ?? '';
  return sider.find((s) => s.sti === forste || s.ogsaa?.includes(forste)) ?? null;
}

fraFragment();

function App() {
  const [info, settInfo] = useState<InnloggingInfo | null>(null);
  const [feil, settFeil] = useState<string | null>(null);
  const [okt, settOkt] = useState<Okt | null>(() => hentOkt());
  const [utloggetGrunn, settUtloggetGrunn] = useState<string | null>(null);
  const a = useAdresse();
  useRullingTilbake();

  useEffect(() => {
    api
      .GET('/api/v1/innlogging')
      .then(krev)
      .then(settInfo, (e: unknown) => settFeil(feilTekst(e)));
    nårUtlogget((grunn) => {
      lagreOkt(null);
      settOkt(null);
      settUtloggetGrunn(grunn);
    });
  }, []);

  const innlogget = useCallback((o: Okt) => {
    lagreOkt(o);
    settOkt(o);
    settUtloggetGrunn(null);
  }, []);

  const parter = useMemo(() => lagParter(info?.parter ?? { sykehus: [], kartleggingsteam: [], kommune: [], samhandling: [] }), [info]);

  if (!info) {
    return (
      <main id="innhold">
        <h1>Utskrivningsforløp</h1>
        {feil ? <Melding feil={`Får ikke kontakt med tjenesten: ${feil}`} /> : <p>Laster …</p>}
      </main>
    );
  }
  if (!okt) return <Innlogging info={info} innlogget={innlogget} melding={utloggetGrunn} />;

  const sider = SIDER[okt.rolle];
  const side = sideFor(sider, a);
  return (
    <ParterKontekst.Provider value={parter}>
      <a
        className="hopp"
        href="#innhold"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('innhold')?.focus();
        }}
      >
        Hopp til innholdet
      </a>
      <header className="topp">
        <span className="tittel">Utskrivningsforløp</span>
        <nav aria-label="Sider">
          <ul>
            {sider.map((s) => (
              <li key={s.sti}>
                <Lenke til={`/${s.sti}`} aria-current={s === side ? 'page' : undefined}>
                  {s.navn}
                </Lenke>
              </li>
            ))}
          </ul>
        </nav>
        <span className="hvem">
          {ROLLE_NAVN[okt.rolle]}
          {/* The samhandlingsavdeling is its own org: its name once, not twice. */}
          {okt.org && okt.rolle !== 'samhandling' ? `: ${parter.orgNavn(okt.rolle, okt.org)}` : ''}
        </span>
        <button
          type="button"
          className="sekundar"
          onClick={() => {
            lagreOkt(null);
            settOkt(null);
          }}
        >
          Logg ut
        </button>
      </header>
      <main id="innhold" tabIndex={-1}>
        {side ? (
          side.vis(okt)
        ) : (
          <section>
            <h1>Siden finnes ikke</h1>
            <p>
              Adressen {a} finnes ikke for rollen din. <Lenke til="/">Til forsiden</Lenke>
            </p>
          </section>
        )}
      </main>
    </ParterKontekst.Provider>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
