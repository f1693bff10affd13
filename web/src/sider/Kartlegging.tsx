/**
 * The kartleggingsteam: its worklist (most urgent first, as the API orders it), each patient named
 * and linked to the forløp; one kartlegging at its own address (/kartlegging/{id}): the structured
 * form generated from the served JSON Schema, its draft saved as the team types (debounced PUT),
 * and completion with KARTLEGGING_FULLFORT. A refusal is shown at the field it names; what names
 * no field of the form at the top, with focus.
 */
import { useEffect, useRef, useState } from 'react';
import { api, feilTekst, krev, nyHendelseId, type Okt } from '../api';
import { FristLinje, Laster, Melding, useData, useNaa } from '../deler/felles';
import { ForlopDetalj } from '../deler/ForlopDetalj';
import { pasientNavn } from '../deler/Pasientkort';
import { feltFeilFra } from '../deler/skjemafeil';
import { renset, SkjemaSkjema, type Innhold, type JsonSkjema } from '../deler/SkjemaSkjema';
import { dato, klokke, tidspunkt } from '../format';
import { useParter } from '../parter';
import { Lenke, tilbake, useParameter } from '../ruter';
import { FORLOP_STATUS_NAVN, KARTLEGGING_STATUS_NAVN, ord } from '../tekster';

const LAGRE_ETTER_MS = 800;

/** The model's own fields (`innhold.<seksjon>` and `innhold.<seksjon>.<felt>`), where an error can be shown at its label. */
function skjemaFelt(skjema: JsonSkjema): Set<string> {
  const ut = new Set<string>();
  for (const [seksjon, s] of Object.entries(skjema.properties ?? {})) {
    ut.add(`innhold.${seksjon}`);
    for (const felt of Object.keys(s.properties ?? {})) ut.add(`innhold.${seksjon}.${felt}`);
  }
  return ut;
}

/** A refusal spread: the errors at the model's fields, and the rest in words for the summary. */
function fordel(e: unknown, felt: Set<string>): { feltFeil: Record<string, string>; ovrige: string[] } {
  const feltFeil: Record<string, string> = {};
  const ovrige: string[] = [];
  for (const f of feltFeilFra(e)) {
    // A field in a list (`…hjelpemidler.har.0`) is shown at its list.
    const sti = felt.has(f.felt) ? f.felt : f.felt.replace(/\.\d+$/, '');
    if (felt.has(sti)) feltFeil[sti] ??= f.melding;
    else ovrige.push(f.felt.startsWith('innhold.') ? `${f.felt.split('.').slice(1).map(ord).join(', ')}: ${f.melding}` : f.melding);
  }
  return { feltFeil, ovrige };
}

function KartleggingArbeid({ forlopId, ferdig }: { forlopId: string; ferdig: () => void }) {
  const [innhold, settInnhold] = useState<Innhold>({});
  const [lagret, settLagret] = useState<string | null>(null);
  const [feil, settFeil] = useState<string | null>(null);
  const [feltFeil, settFeltFeil] = useState<Record<string, string>>({});
  const [ovrige, settOvrige] = useState<string[]>([]);
  const [ok, settOk] = useState<string | null>(null);
  const [sender, settSender] = useState(false);
  const endretAvBruker = useRef(false);
  // Set as completion is sent and kept once it succeeded: a draft save then would be refused (409),
  // and its refusal is no news (the content went with the completion).
  const fullfores = useRef(false);
  /** The draft save in flight: completion waits for it, so the two never cross. */
  const lagrer = useRef<Promise<unknown>>(Promise.resolve());
  const overskrift = useRef<HTMLHeadingElement | null>(null);
  const oppsummering = useRef<HTMLDivElement | null>(null);
  const fokusert = useRef(false);

  const {
    data,
    feil: lastefeil,
    laster,
    last,
  } = useData(async () => {
    const [skjema, dokument, forlop, tillatte] = await Promise.all([
      api.GET('/api/v1/kartlegging/skjema').then(krev) as Promise<JsonSkjema>,
      api.GET('/api/v1/forlop/{id}/kartlegging', { params: { path: { id: forlopId } } }).then(krev),
      api.GET('/api/v1/forlop/{id}', { params: { path: { id: forlopId } } }).then(krev),
      api.GET('/api/v1/forlop/{id}/tillatte-hendelser', { params: { path: { id: forlopId } } }).then(krev),
    ]);
    return { skjema, dokument, forlop, tillatte: tillatte.tillatte };
  }, [forlopId]);

  // The draft saved last, as the starting point (only if it was made with the model in force).
  useEffect(() => {
    if (!data || endretAvBruker.current) return;
    const u = data.dokument.utkast;
    if (u && u.skjemaVersjon === data.skjema.versjon) settInnhold(u.innhold as Innhold);
    if (u) settLagret(`Sist lagret ${tidspunkt(u.lagret)}`);
  }, [data]);

  // Saved as they type: one PUT a moment after the last change, while the kartlegging takes drafts
  // (the reload after completion would otherwise save the same content once more, and be refused).
  useEffect(() => {
    const aapen = data && ['ikke_startet', 'pagar'].includes(data.dokument.kartleggingStatus);
    if (!data || !aapen || !endretAvBruker.current || fullfores.current) return undefined;
    const felt = skjemaFelt(data.skjema);
    const t = setTimeout(() => {
      if (fullfores.current) return;
      const lagring = (async () => {
        try {
          krev(
            await api.PUT('/api/v1/forlop/{id}/kartlegging', {
              params: { path: { id: forlopId } },
              body: { skjemaVersjon: data.skjema.versjon ?? '', innhold: renset(innhold) },
            }),
          );
          if (fullfores.current) return;
          settLagret(`Utkast lagret kl. ${klokke(new Date())}`);
          settFeil(null);
          settFeltFeil({});
          settOvrige([]);
        } catch (e) {
          if (fullfores.current) return;
          const d = fordel(e, felt);
          settFeil(`Utkastet ble ikke lagret: ${feilTekst(e)}`);
          settFeltFeil(d.feltFeil);
          settOvrige(d.ovrige);
        }
      })();
      lagrer.current = lagring;
    }, LAGRE_ETTER_MS);
    return () => clearTimeout(t);
  }, [innhold, data, forlopId]);

  async function send(type: 'KARTLEGGING_STARTET' | 'KARTLEGGING_FULLFORT') {
    if (!data) return;
    settSender(true);
    settFeil(null);
    settOk(null);
    if (type === 'KARTLEGGING_FULLFORT') {
      fullfores.current = true;
      await lagrer.current;
    }
    try {
      const felles = { tidspunkt: new Date().toISOString(), hendelseId: nyHendelseId() };
      const body =
        type === 'KARTLEGGING_STARTET' ? { ...felles, type } : { ...felles, type, skjemaVersjon: data.skjema.versjon ?? '', innhold: renset(innhold) };
      krev(await api.POST('/api/v1/forlop/{id}/hendelser', { params: { path: { id: forlopId } }, body }));
      settFeltFeil({});
      settOvrige([]);
      settFeil(null);
      if (type === 'KARTLEGGING_FULLFORT') {
        settOk('Kartleggingen er fullført og sendt til kommunen og avdelingen.');
        ferdig();
      } else {
        settOk('Kartleggingen er markert som startet.');
      }
      void last();
    } catch (e) {
      fullfores.current = false;
      const d = fordel(e, skjemaFelt(data.skjema));
      settFeil(feilTekst(e));
      settFeltFeil(d.feltFeil);
      settOvrige(d.ovrige);
      // What names no field is read first; else the first field marked.
      setTimeout(() => {
        if (d.ovrige.length > 0 || Object.keys(d.feltFeil).length === 0) oppsummering.current?.focus();
        else document.querySelector<HTMLElement>('.kartlegging [aria-invalid="true"]')?.focus();
      }, 0);
    } finally {
      settSender(false);
    }
  }

  // In view and focused once it is there.
  useEffect(() => {
    if (!data || fokusert.current || !overskrift.current) return;
    fokusert.current = true;
    overskrift.current.focus({ preventScroll: true });
    overskrift.current.scrollIntoView({ block: 'start' });
  }, [data]);

  const tilbakeKnapp = (
    <button type="button" className="sekundar tilbake" onClick={() => tilbake('/')}>
      ← Tilbake til arbeidslisten
    </button>
  );
  if (!data) {
    return (
      <section aria-label="Kartlegging">
        {tilbakeKnapp}
        <Laster laster={laster}>{lastefeil && <Melding feil={lastefeil} />}</Laster>
      </section>
    );
  }
  const { forlop, skjema, tillatte } = data;
  return (
    <article className="kartlegging" aria-labelledby="kartlegging-tittel">
      {tilbakeKnapp}
      <h1 id="kartlegging-tittel" tabIndex={-1} ref={overskrift}>
        Kartlegging: {pasientNavn(forlop.pasient)} ({forlop.pasient.fnr}), {KARTLEGGING_STATUS_NAVN[forlop.kartlegging.status].toLowerCase()}
      </h1>
      <p className="stille">
        {skjema.title ?? 'Felles kartleggingsverktøy'}. {forlop.avdeling}, {FORLOP_STATUS_NAVN[forlop.status].toLowerCase()}.
      </p>
      <Melding ok={ok} />
      <p className="lagret" role="status" aria-live="polite">
        {lagret ?? 'Ikke lagret ennå'}
      </p>
      {tillatte.includes('KARTLEGGING_STARTET') && (
        <button type="button" className="sekundar" disabled={sender} onClick={() => void send('KARTLEGGING_STARTET')}>
          Marker kartleggingen som startet
        </button>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send('KARTLEGGING_FULLFORT');
        }}
        aria-label="Kartleggingsskjema"
        noValidate
      >
        <div ref={oppsummering} tabIndex={-1} className="feiloppsummering-plass">
          {(feil || ovrige.length > 0) && (
            <div className="melding feil feiloppsummering" role="alert">
              {feil && <p>{feil}</p>}
              {Object.keys(feltFeil).length > 0 && <p>Feltene som må rettes, er merket i skjemaet.</p>}
              {ovrige.length > 0 && (
                <ul>
                  {ovrige.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
        <SkjemaSkjema
          skjema={skjema}
          innhold={innhold}
          feil={feltFeil}
          endre={(i, sti) => {
            endretAvBruker.current = true;
            settInnhold(i);
            // The field's message goes once it is changed (and its section's, a missing section).
            settFeltFeil((f) => {
              const seksjon = sti.split('.').slice(0, 2).join('.');
              if (!(sti in f) && !(seksjon in f)) return f;
              const rest = { ...f };
              delete rest[sti];
              delete rest[seksjon];
              return rest;
            });
          }}
        />
        {tillatte.includes('KARTLEGGING_FULLFORT') && (
          <button type="submit" disabled={sender}>
            Fullfør kartleggingen
          </button>
        )}
      </form>
    </article>
  );
}

export function Kartlegging({ okt }: { okt: Okt }) {
  const parter = useParter();
  const naa = useNaa();
  const kartlegging = useParameter('/kartlegging/:id');
  const forlop = useParameter('/forlop/:id');
  const { data, feil, laster, last } = useData(
    () => api.GET('/api/v1/kartleggingsteam/{id}/arbeidsliste', { params: { path: { id: okt.org }, query: { limit: 200 } } }).then(krev),
    [okt.org],
    30_000,
  );
  return (
    <>
      <div hidden={kartlegging !== null || forlop !== null}>
        <h1>Arbeidsliste</h1>
        <p className="stille">Inkluderte pasienter som ikke er kartlagt ennå, de mest hastende først.</p>
        <Melding feil={feil} />
        <Laster laster={laster && !data}>
          {data && data.data.length === 0 ? (
            <p>Ingen pasienter venter på kartlegging.</p>
          ) : (
            <table className="tabell">
              <caption className="skjult">Pasienter som venter på kartlegging</caption>
              <thead>
                <tr>
                  <th scope="col">Pasient</th>
                  <th scope="col">Avdeling</th>
                  <th scope="col">Kommune</th>
                  <th scope="col">Innlagt</th>
                  <th scope="col">Forventet utskrivning</th>
                  <th scope="col">Status</th>
                  <th scope="col">Frist</th>
                  <th scope="col">
                    <span className="skjult">Handling</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {(data?.data ?? []).map((e) => (
                  <tr key={e.forlopId} data-forlop={e.forlopId}>
                    <th scope="row">
                      <Lenke til={`/forlop/${e.forlopId}`}>{pasientNavn(e.pasient)}</Lenke>
                      <br />
                      <span className="fnr">{e.pasient.fnr}</span>
                    </th>
                    <td>{e.avdeling}</td>
                    <td>{parter.kommuneNavn(e.oppholdskommune)}</td>
                    <td>{tidspunkt(e.innlagtTidspunkt)}</td>
                    <td>{dato(e.forventetUtskrivningsdato)}</td>
                    <td>
                      {FORLOP_STATUS_NAVN[e.status]}; kartlegging {KARTLEGGING_STATUS_NAVN[e.kartleggingStatus].toLowerCase()}
                    </td>
                    <td>
                      {e.frist && 'id' in e.frist ? (
                        <ul className="frister kompakt">
                          <FristLinje frist={e.frist as Parameters<typeof FristLinje>[0]['frist']} naa={naa} />
                        </ul>
                      ) : (
                        '–'
                      )}
                    </td>
                    <td>
                      <Lenke til={`/kartlegging/${e.forlopId}`} className="knapp" aria-label={`Kartlegg ${pasientNavn(e.pasient)}`}>
                        Kartlegg
                      </Lenke>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Laster>
      </div>
      {kartlegging && <KartleggingArbeid key={kartlegging} forlopId={kartlegging} ferdig={() => void last()} />}
      {forlop && <ForlopDetalj key={forlop} id={forlop} liste={{ til: '/', navn: 'Tilbake til arbeidslisten' }} />}
    </>
  );
}
