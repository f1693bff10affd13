/**
 * One forløp at its own address (/forlop/{id}): who and where, its frister with countdowns, its
 * hendelser as a timeline, and a form for each hendelse the API says the caller may send now.
 * Opened, it comes into view with focus on its heading; "Tilbake" returns to the list it came from.
 */
import { useEffect, useRef, useState } from 'react';
import { api, krev, type Forlop, type HendelseType } from '../api';
import { dato, kroner, tall, tidspunkt } from '../format';
import { FORLOP_STATUS_NAVN, HENDELSE_NAVN, KARTLEGGING_STATUS_NAVN } from '../tekster';
import { Frister, Laster, Melding, Tidslinje, useData } from './felles';
import { HendelseSkjema } from './HendelseSkjema';
import { Utskrivningsinformasjon } from './Utskrivningsinformasjon';
import { useParter } from '../parter';
import { tilbake } from '../ruter';
import { pasientNavn } from './Pasientkort';

/** Overliggerdøgn as the API may give them: which days are not billed, and why (newer contract fields). */
type OverliggerdognMedGrunn = Omit<Forlop['overliggerdogn'], 'dager'> & {
  fakturerbare?: number;
  dager: Array<Forlop['overliggerdogn']['dager'][number] & { fakturerbar?: boolean; grunn?: string }>;
  ikkeOverliggerdogn?: Array<{ dato: string; grunn: string }>;
};

/** The days not billed (or not overliggerdøgn at all), each with its reason in words, when the API says them. */
function IkkeFakturert({ o }: { o: OverliggerdognMedGrunn }) {
  const dager = [
    ...o.dager.filter((d) => d.fakturerbar === false && d.grunn).map((d) => ({ dato: d.dato, grunn: d.grunn! })),
    ...(o.ikkeOverliggerdogn ?? []),
  ].sort((a, b) => a.dato.localeCompare(b.dato));
  if (o.fakturerbare === undefined && dager.length === 0) return null;
  return (
    <>
      {o.fakturerbare !== undefined && <>; {tall(o.fakturerbare)} fakturerbare</>}
      {dager.length > 0 && (
        <ul className="ikke-fakturert" aria-label="Dager som ikke faktureres">
          {dager.map((d) => (
            <li key={`${d.dato}-${d.grunn}`}>
              {dato(d.dato)}: {d.grunn}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The kommune's answers over Helsenettet (Dialogmelding to a varsel), for the ward to read; nothing when there are none. */
function SvarFraKommunen({ forlop }: { forlop: Forlop }) {
  const parter = useParter();
  const svar = forlop.dialogmeldinger ?? [];
  if (svar.length === 0) return null;
  return (
    <section aria-labelledby={`dialogmeldinger-${forlop.id}`}>
      <h2 id={`dialogmeldinger-${forlop.id}`}>Svar fra kommunen (Dialogmelding)</h2>
      <ol className="dialogmeldinger">
        {svar.map((d) => (
          <li key={d.id}>
            <p className="dm-hode">
              <time dateTime={d.sendt ?? d.mottatt}>{tidspunkt(d.sendt ?? d.mottatt)}</time> · {parter.kommuneNavn(d.fra.org)}
              {d.tema && <> · {d.tema}</>}
            </p>
            {d.svarPaVarselTekst && <p className="dm-svar-pa">Svar på varselet: «{d.svarPaVarselTekst}»</p>}
            <p className="dm-tekst">{d.tekst}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ForlopDetalj({
  id,
  endret,
  utelat = [],
  liste,
}: {
  id: string;
  endret?: () => void;
  utelat?: HendelseType[];
  /** The list it was opened from: its address and its name ("Tilbake til tavlen"). */
  liste: { til: string; navn: string };
}) {
  const parter = useParter();
  const overskrift = useRef<HTMLHeadingElement | null>(null);
  const fokusert = useRef(false);
  const [valgt, settValgt] = useState<HendelseType | null>(null);
  const [ok, settOk] = useState<string | null>(null);
  const { data, feil, laster, last } = useData(async () => {
    const [forlop, tillatte] = await Promise.all([
      api.GET('/api/v1/forlop/{id}', { params: { path: { id } } }).then(krev),
      api.GET('/api/v1/forlop/{id}/tillatte-hendelser', { params: { path: { id } } }).then(krev),
    ]);
    return { forlop, tillatte: tillatte.tillatte.filter((t): t is HendelseType => t !== 'INNLAGT' && !utelat.includes(t as HendelseType)) };
  }, [id]);

  function registrert(f: Forlop) {
    const siste = f.hendelser[f.hendelser.length - 1];
    settOk(`Registrert: ${HENDELSE_NAVN[siste.type]}. Status nå: ${FORLOP_STATUS_NAVN[f.status]}.`);
    settValgt(null);
    void last();
    endret?.();
  }

  // In view and focused once it is there (a screen reader reads where it landed).
  useEffect(() => {
    if (!data || fokusert.current || !overskrift.current) return;
    fokusert.current = true;
    overskrift.current.focus({ preventScroll: true });
    overskrift.current.scrollIntoView({ block: 'start' });
  }, [data]);

  const tilbakeKnapp = (
    <button type="button" className="sekundar tilbake" onClick={() => tilbake(liste.til)}>
      ← {liste.navn}
    </button>
  );
  if (!data) {
    return (
      <section className="forlop-detalj" aria-label="Forløp">
        {tilbakeKnapp}
        <Laster laster={laster}>{feil && <Melding feil={feil} />}</Laster>
      </section>
    );
  }
  const { forlop, tillatte } = data;
  return (
    <article className="forlop-detalj" aria-labelledby={`forlop-${forlop.id}`}>
      {tilbakeKnapp}
      <h1 id={`forlop-${forlop.id}`} tabIndex={-1} ref={overskrift}>
        {pasientNavn(forlop.pasient)} <span className="fnr">({forlop.pasient.fnr})</span> · {FORLOP_STATUS_NAVN[forlop.status]}
      </h1>
      <dl className="fakta">
        <dt>Oppholdskommune</dt>
        <dd>{parter.kommuneNavn(forlop.oppholdskommune)}</dd>
        <dt>Sykehus</dt>
        <dd>
          {parter.sykehusNavn(forlop.sykehus)}, {forlop.avdeling}
        </dd>
        <dt>Innlagt</dt>
        <dd>{tidspunkt(forlop.innlagtTidspunkt)}</dd>
        <dt>Kartlegging</dt>
        <dd>{KARTLEGGING_STATUS_NAVN[forlop.kartlegging.status]}</dd>
        <dt>Overliggerdøgn</dt>
        <dd>
          {tall(forlop.overliggerdogn.antall)} ({kroner(forlop.overliggerdogn.belop)}){forlop.overliggerdogn.omstridt ? ', omstridt' : ''}
          <IkkeFakturert o={forlop.overliggerdogn} />
        </dd>
      </dl>
      <section aria-labelledby={`frister-${forlop.id}`}>
        <h2 id={`frister-${forlop.id}`}>Frister</h2>
        <Frister frister={forlop.frister} />
      </section>
      <section aria-labelledby={`tidslinje-${forlop.id}`}>
        <h2 id={`tidslinje-${forlop.id}`}>Hendelser</h2>
        <Tidslinje forlop={forlop} />
      </section>
      <SvarFraKommunen forlop={forlop} />
      <Utskrivningsinformasjon forlopId={forlop.id} />
      <section aria-labelledby={`registrer-${forlop.id}`}>
        <h2 id={`registrer-${forlop.id}`}>Registrer</h2>
        <Melding ok={ok} />
        {tillatte.length === 0 ? (
          <p className="stille">Det er ingenting din rolle kan registrere på dette forløpet nå.</p>
        ) : (
          <div className="knapperad" role="group" aria-label="Hendelser du kan registrere nå">
            {tillatte.map((t) => (
              <button key={t} type="button" aria-pressed={valgt === t} onClick={() => settValgt(valgt === t ? null : t)}>
                {HENDELSE_NAVN[t]}
              </button>
            ))}
          </div>
        )}
        {valgt && (
          <HendelseSkjema
            key={valgt}
            forlop={forlop}
            type={valgt}
            ferdig={registrert}
            foreldet={() => {
              void last();
              endret?.();
            }}
          />
        )}
      </section>
    </article>
  );
}
