/** Small shared pieces: messages, a ticking clock, frister with countdown, the timeline, loading. */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Forlop, Frist } from '../api';
import { feilTekst } from '../api';
import { tidspunkt, varighet } from '../format';
import { FRIST_NAVN, FRIST_STATUS_NAVN, hendelseNavn, ROLLE_NAVN } from '../tekster';
import { fristNivaa } from '../tavle';
import { beskrivHendelse } from './hendelse-tekst';
import { Feiltekst, useFeltFeil } from './skjemafeil';

export { fristNivaa } from '../tavle';

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

/**
 * What the API may say of a broken frist itself: why, in words (`grunn`), and for the melding om
 * utskrivningsklar pasient the points a–d it lacks (`manglendePunkter`: then it is not a valid melding).
 */
type FristMedGrunn = Frist & { grunn?: string | null; manglendePunkter?: string[] };

/** One frist: its name, due time and a live countdown, coloured by how near it is (and said in words too). */
export function FristLinje({ frist, naa }: { frist: FristMedGrunn; naa: number }) {
  const nivaa = fristNivaa(frist, naa);
  const ugyldigMelding = frist.id === 'UTSKRIVNINGSKLAR_MELDING' && (frist.manglendePunkter?.length ?? 0) > 0;
  const igjen = frist.frist ? Date.parse(frist.frist) - naa : null;
  let tekst: string;
  if (frist.status === 'aktiv' && igjen !== null) {
    tekst = igjen > 0 ? `${varighet(igjen)} igjen` : `overskredet med ${varighet(igjen)}`;
  } else if (frist.status === 'aktiv') {
    tekst = 'før melding om utskrivningsklar';
  } else if (ugyldigMelding) {
    tekst = `mangler punkt ${frist.manglendePunkter!.join(', ')}`;
  } else if (frist.status === 'brutt') {
    tekst = frist.bruttTidspunkt ? `brutt ${tidspunkt(frist.bruttTidspunkt)}` : 'brutt';
  } else if (frist.status === 'oppfylt') {
    tekst = frist.oppfyltTidspunkt ? `oppfylt ${tidspunkt(frist.oppfyltTidspunkt)}` : 'oppfylt';
  } else {
    tekst = FRIST_STATUS_NAVN[frist.status].toLowerCase();
  }
  // Not a valid melding is what happened, said so rather than only "Brutt".
  const ord = ugyldigMelding ? 'Ikke gyldig melding' : { brutt: 'Brutt', naer: 'Nærmer seg', ok: 'I rute', ferdig: FRIST_STATUS_NAVN[frist.status] }[nivaa];
  return (
    <li className={`frist frist-${nivaa}`} data-frist={frist.id}>
      <span className="frist-navn">{FRIST_NAVN[frist.id]}</span>
      <span className="frist-merke">{ord}</span>
      <span className="frist-nedtelling" aria-label={`${FRIST_NAVN[frist.id]}: ${tekst}`}>
        {tekst}
      </span>
      {frist.frist && <span className="frist-tid">frist {tidspunkt(frist.frist)}</span>}
      <span className="frist-ansvarlig">{ROLLE_NAVN[frist.ansvarlig]}</span>
      {frist.status === 'brutt' && frist.grunn && <span className="frist-grunn">{frist.grunn}</span>}
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

/** The forløp's hendelser in order, as a timeline; one that came by a PLO message says so, with its MsgId. */
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
          {h.kilde?.type === 'PLO' && (
            <span className="tl-kilde">
              <span className="merke-plo" title={`Kom med PLO-melding ${h.kilde.msgId}`}>
                PLO-melding
              </span>{' '}
              <span className="msgid">MsgId {h.kilde.msgId}</span>
            </span>
          )}
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

/** The attributes a field's control takes from its Felt: name, required, and its error tied to it. */
export interface FeltAttr {
  name?: string;
  required?: boolean;
  'aria-required'?: boolean;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/** Marks a required field visibly (the control says it with `required`); forms say what * means. */
export const Paakrevd = () => (
  <span className="paakrevd" aria-hidden="true">
    {' '}
    *
  </span>
);

/**
 * A labelled field: the label tied to the control by id, the help and (with `navn`) the form's
 * error for it just under the label, `aria-describedby` naming both. `paakrevd` marks it.
 */
export function Felt({
  etikett,
  hjelp,
  navn,
  paakrevd = false,
  children,
}: {
  etikett: string;
  hjelp?: string;
  navn?: string;
  paakrevd?: boolean;
  children: (id: string, hjelpId: string | undefined, attr: FeltAttr) => ReactNode;
}) {
  const id = useId();
  const feil = useFeltFeil(navn);
  const hjelpId = hjelp ? `${id}-hjelp` : undefined;
  const feilId = feil ? `${id}-feil` : undefined;
  const beskrevetAv = [feilId, hjelpId].filter(Boolean).join(' ') || undefined;
  const attr: FeltAttr = {
    ...(navn ? { name: navn } : {}),
    ...(paakrevd ? { required: true, 'aria-required': true } : {}),
    ...(feil ? { 'aria-invalid': true } : {}),
    'aria-describedby': beskrevetAv,
  };
  return (
    <div className={feil ? 'felt har-feil' : 'felt'}>
      <span className="etikett">
        <label htmlFor={id}>{etikett}</label>
        {paakrevd && <Paakrevd />}
      </span>
      <Feiltekst id={`${id}-feil`} melding={feil} />
      {children(id, beskrevetAv, attr)}
      {hjelp && (
        <span id={hjelpId} className="hjelp">
          {hjelp}
        </span>
      )}
    </div>
  );
}

/** A group of choices (radio buttons, boxes) with its legend, marked and with its error like a Felt. */
export function Gruppe({ legend, navn, paakrevd = false, children }: { legend: string; navn: string; paakrevd?: boolean; children: ReactNode }) {
  const id = useId();
  const feil = useFeltFeil(navn);
  return (
    <fieldset name={navn} className={feil ? 'har-feil' : undefined} aria-describedby={feil ? `${id}-feil` : undefined} aria-invalid={feil ? true : undefined}>
      <legend>
        {legend}
        {paakrevd && <Paakrevd />}
      </legend>
      <Feiltekst id={`${id}-feil`} melding={feil} />
      {children}
    </fieldset>
  );
}
