/** Small shared pieces: messages, a ticking clock, frister with countdown, the timeline, loading. */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Forlop, Frist } from '../api';
import { feilTekst } from '../api';
import { tidspunkt, varighet } from '../format';
import { FRIST_NAVN, FRIST_STATUS_NAVN, hendelseNavn, ROLLE_NAVN } from '../tekster';
import { beskrivHendelse } from './hendelse-tekst';

/** An error (role=alert, read at once) or a confirmation (role=status). */
export function Melding({ feil, ok }: { feil?: string | null; ok?: string | null }) {
  if (feil) {
    return (
      <div className="melding feil" role="alert">
        {feil}
      </div>
    );
  }
  return (
    <div className="melding ok" role="status" aria-live="polite">
      {ok ?? ''}
    </div>
  );
}

/** Now, re-rendered every `ms` (one second for countdowns). */
export function useNaa(ms = 1000): number {
  const [naa, settNaa] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => settNaa(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return naa;
}

/** Loads with `hent`, again when `avhengigheter` change or `last()` is called; polls every `ms` if given. */
export function useData<T>(hent: () => Promise<T>, avhengigheter: unknown[], ms?: number) {
  const [data, settData] = useState<T | null>(null);
  const [feil, settFeil] = useState<string | null>(null);
  const [laster, settLaster] = useState(true);
  const hentRef = useRef(hent);
  hentRef.current = hent;
  const last = useCallback(async () => {
    settLaster(true);
    try {
      settData(await hentRef.current());
      settFeil(null);
    } catch (e) {
      settFeil(feilTekst(e));
    } finally {
      settLaster(false);
    }
  }, []);
  useEffect(() => {
    void last();
    if (!ms) return undefined;
    const t = setInterval(() => void last(), ms);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, avhengigheter);
  return { data, feil, laster, last };
}

/** How urgent a running frist is: broken, near (under an hour, or under a fifth of its span left), or in time. */
export function fristNivaa(f: Frist, naa: number): 'brutt' | 'naer' | 'ok' | 'ferdig' {
  if (f.status === 'brutt') return 'brutt';
  if (f.status !== 'aktiv' || !f.frist) return 'ferdig';
  const igjen = Date.parse(f.frist) - naa;
  if (igjen <= 0) return 'brutt';
  const spenn = Date.parse(f.frist) - Date.parse(f.start);
  return igjen < 3_600_000 || (spenn > 0 && igjen / spenn < 0.2) ? 'naer' : 'ok';
}

/** One frist: its name, due time and a live countdown, coloured by how near it is (and said in words too). */
export function FristLinje({ frist, naa }: { frist: Frist; naa: number }) {
  const nivaa = fristNivaa(frist, naa);
  const igjen = frist.frist ? Date.parse(frist.frist) - naa : null;
  let tekst: string;
  if (frist.status === 'aktiv' && igjen !== null) {
    tekst = igjen > 0 ? `${varighet(igjen)} igjen` : `overskredet med ${varighet(igjen)}`;
  } else if (frist.status === 'aktiv') {
    tekst = 'før melding om utskrivningsklar';
  } else if (frist.status === 'brutt') {
    tekst = frist.bruttTidspunkt ? `brutt ${tidspunkt(frist.bruttTidspunkt)}` : 'brutt';
  } else if (frist.status === 'oppfylt') {
    tekst = frist.oppfyltTidspunkt ? `oppfylt ${tidspunkt(frist.oppfyltTidspunkt)}` : 'oppfylt';
  } else {
    tekst = FRIST_STATUS_NAVN[frist.status].toLowerCase();
  }
  const ord = { brutt: 'Brutt', naer: 'Nærmer seg', ok: 'I rute', ferdig: FRIST_STATUS_NAVN[frist.status] }[nivaa];
  return (
    <li className={`frist frist-${nivaa}`} data-frist={frist.id}>
      <span className="frist-navn">{FRIST_NAVN[frist.id]}</span>
      <span className="frist-merke">{ord}</span>
      <span className="frist-nedtelling" aria-label={`${FRIST_NAVN[frist.id]}: ${tekst}`}>
        {tekst}
      </span>
      {frist.frist && <span className="frist-tid">frist {tidspunkt(frist.frist)}</span>}
      <span className="frist-ansvarlig">{ROLLE_NAVN[frist.ansvarlig]}</span>
    </li>
  );
}

export function Frister({ frister, bareAktive = false }: { frister: Frist[]; bareAktive?: boolean }) {
  const naa = useNaa();
  const vis = bareAktive ? frister.filter((f) => f.status === 'aktiv' || f.status === 'brutt') : frister;
  if (vis.length === 0) return <p className="stille">Ingen frister løper.</p>;
  return (
    <ul className="frister">
      {vis.map((f) => (
        <FristLinje key={f.nokkel} frist={f} naa={naa} />
      ))}
    </ul>
  );
}

/** The most urgent running frist of a forløp (for a card), or null. */
export function nesteFrist(frister: Frist[]): Frist | null {
  const lopende = frister.filter((f) => f.status === 'aktiv' && f.frist);
  const brutte = frister.filter((f) => f.status === 'brutt');
  const sortert = lopende.sort((a, b) => Date.parse(a.frist!) - Date.parse(b.frist!));
  return sortert[0] ?? brutte[0] ?? null;
}

/** The forløp's hendelser in order, as a timeline. */
export function Tidslinje({ forlop }: { forlop: Forlop }) {
  return (
    <ol className="tidslinje" aria-label="Hendelser i forløpet">
      {forlop.hendelser.map((h) => (
        <li key={h.sekvens}>
          <time dateTime={h.tidspunkt}>{tidspunkt(h.tidspunkt)}</time>
          <strong>{hendelseNavn(h.type)}</strong>
          <span className="av">
            {ROLLE_NAVN[h.av.rolle as keyof typeof ROLLE_NAVN] ?? h.av.rolle} {h.av.org}
          </span>
          {beskrivHendelse(h) && <span className="tl-tekst">{beskrivHendelse(h)}</span>}
        </li>
      ))}
    </ol>
  );
}

export function Laster({ laster, children }: { laster: boolean; children?: ReactNode }) {
  return laster ? (
    <p className="stille" aria-live="polite">
      Laster …
    </p>
  ) : (
    <>{children}</>
  );
}

/** A labelled field: the label is tied to the control by id. */
export function Felt({ etikett, hjelp, children }: { etikett: string; hjelp?: string; children: (id: string, hjelpId: string | undefined) => ReactNode }) {
  const id = useId();
  const hjelpId = hjelp ? `${id}-hjelp` : undefined;
  return (
    <div className="felt">
      <label htmlFor={id}>{etikett}</label>
      {children(id, hjelpId)}
      {hjelp && (
        <span id={hjelpId} className="hjelp">
          {hjelp}
        </span>
      )}
    </div>
  );
}
