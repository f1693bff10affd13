/**
 * The web interface: sign-in, then the pages of the signed-in rolle. Pages are chosen by the
 * address's fragment (#/avvik); the token is never in the address.
 */
import { StrictMode, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { api, feilTekst, hentOkt, krev, lagreOkt, nårUtlogget, type Innlogging as InnloggingInfo, type Okt, type Rolle } from './api';
import { Melding } from './deler/felles';
import { lagParter, ParterKontekst } from './parter';
import { ROLLE_NAVN } from './tekster';
import { Innlogging } from './sider/Innlogging';
import { Avdeling } from './sider/Avdeling';
import { Kommune } from './sider/Kommune';
import { Kartlegging } from './sider/Kartlegging';
import { AvvikSide } from './sider/Avvik';
import { Indikatorer } from './sider/Indikatorer';
import { PloLogg } from './sider/PloLogg';
import './stil.css';

interface Side {
  sti: string;
  navn: string;
  vis: (o: Okt) => ReactNode;
}

const SIDER: Record<Rolle, Side[]> = {
  sykehus: [
    { sti: '', navn: 'Avdelingstavle', vis: (o) => <Avdeling okt={o} /> },
    { sti: 'avvik', navn: 'Avvik', vis: (o) => <AvvikSide okt={o} /> },
  ],
  kommune: [
    { sti: '', navn: 'Innboks', vis: (o) => <Kommune okt={o} /> },
    { sti: 'avvik', navn: 'Avvik', vis: (o) => <AvvikSide okt={o} /> },
    { sti: 'indikatorer', navn: 'Indikatorer', vis: (o) => <Indikatorer okt={o} /> },
  ],
  kartleggingsteam: [
    { sti: '', navn: 'Arbeidsliste', vis: (o) => <Kartlegging okt={o} /> },
    { sti: 'avvik', navn: 'Avvik', vis: (o) => <AvvikSide okt={o} /> },
  ],
  samhandling: [
    { sti: '', navn: 'Avvik', vis: (o) => <AvvikSide okt={o} /> },
    { sti: 'indikatorer', navn: 'Indikatorer', vis: (o) => <Indikatorer okt={o} /> },
    { sti: 'forlop', navn: 'Forløp', vis: (o) => <Avdeling okt={o} /> },
    { sti: 'plo', navn: 'PLO-meldinger', vis: (o) => <PloLogg okt={o} /> },
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

const stiFraAdresse = (): string => location.hash.replace(/^#\/?/, '');

function App() {
  const [info, settInfo] = useState<InnloggingInfo | null>(null);
  const [feil, settFeil] = useState<string | null>(null);
  const [okt, settOkt] = useState<Okt | null>(() => hentOkt());
  const [utloggetGrunn, settUtloggetGrunn] = useState<string | null>(null);
  const [sti, settSti] = useState(stiFraAdresse);

  useEffect(() => {
    api
      .GET('/api/v1/innlogging')
      .then(krev)
      .then(settInfo, (e: unknown) => settFeil(feilTekst(e)));
    const vedHash = () => settSti(stiFraAdresse());
    addEventListener('hashchange', vedHash);
    nårUtlogget((grunn) => {
      lagreOkt(null);
      settOkt(null);
      settUtloggetGrunn(grunn);
    });
    return () => removeEventListener('hashchange', vedHash);
  }, []);

  const innlogget = useCallback((o: Okt) => {
    lagreOkt(o);
    settOkt(o);
    settUtloggetGrunn(null);
    location.hash = '#/';
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
  const side = sider.find((s) => s.sti === sti) ?? sider[0];
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
                <a href={`#/${s.sti}`} aria-current={s === side ? 'page' : undefined}>
                  {s.navn}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className="hvem">
          {ROLLE_NAVN[okt.rolle]}
          {okt.org ? `: ${parter.orgNavn(okt.rolle, okt.org)}` : ''}
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
        {side.vis(okt)}
      </main>
    </ParterKontekst.Provider>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
