/**
 * The kartleggingsteam: its worklist (most urgent first, as the API orders it), and for one patient
 * the structured kartlegging form generated from the served JSON Schema, its draft saved as the
 * team types (debounced PUT), and completion with KARTLEGGING_FULLFORT.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiFeil, api, feilTekst, krev, nyHendelseId, type Okt } from '../api';
import { FristLinje, Laster, Melding, useData, useNaa } from '../deler/felles';
import { renset, SkjemaSkjema, type Innhold, type JsonSkjema } from '../deler/SkjemaSkjema';
import { dato, klokke, tidspunkt } from '../format';
import { useParter } from '../parter';
import { FORLOP_STATUS_NAVN, KARTLEGGING_STATUS_NAVN } from '../tekster';

const LAGRE_ETTER_MS = 800;

function feilPerFelt(e: unknown): Record<string, string> {
  if (!(e instanceof ApiFeil)) return {};
  return Object.fromEntries((e.problem.errors ?? []).map((f) => [f.felt, f.melding]));
}

function KartleggingArbeid({ forlopId, ferdig }: { forlopId: string; ferdig: () => void }) {
  const [innhold, settInnhold] = useState<Innhold>({});
  const [lagret, settLagret] = useState<string | null>(null);
  const [feil, settFeil] = useState<string | null>(null);
  const [feltFeil, settFeltFeil] = useState<Record<string, string>>({});
  const [ok, settOk] = useState<string | null>(null);
  const [sender, settSender] = useState(false);
  const endretAvBruker = useRef(false);
  // Set as completion is sent: a draft saved after it would be refused (409), and nothing is lost.
  const fullfores = useRef(false);

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
    const t = setTimeout(async () => {
      if (fullfores.current) return;
      try {
        krev(
          await api.PUT('/api/v1/forlop/{id}/kartlegging', {
            params: { path: { id: forlopId } },
            body: { skjemaVersjon: data.skjema.versjon ?? '', innhold: renset(innhold) },
          }),
        );
        settLagret(`Utkast lagret kl. ${klokke(new Date())}`);
        settFeil(null);
        settFeltFeil({});
      } catch (e) {
        settFeil(`Utkastet ble ikke lagret: ${feilTekst(e)}`);
        settFeltFeil(feilPerFelt(e));
      }
    }, LAGRE_ETTER_MS);
    return () => clearTimeout(t);
  }, [innhold, data, forlopId]);

  async function send(type: 'KARTLEGGING_STARTET' | 'KARTLEGGING_FULLFORT') {
    if (!data) return;
    settSender(true);
    settFeil(null);
    settOk(null);
    if (type === 'KARTLEGGING_FULLFORT') fullfores.current = true;
    try {
      const felles = { tidspunkt: new Date().toISOString(), hendelseId: nyHendelseId() };
      const body =
        type === 'KARTLEGGING_STARTET' ? { ...felles, type } : { ...felles, type, skjemaVersjon: data.skjema.versjon ?? '', innhold: renset(innhold) };
      krev(await api.POST('/api/v1/forlop/{id}/hendelser', { params: { path: { id: forlopId } }, body }));
      settFeltFeil({});
      if (type === 'KARTLEGGING_FULLFORT') {
        settOk('Kartleggingen er fullført og sendt til kommunen og avdelingen.');
        ferdig();
      } else {
        settOk('Kartleggingen er markert som startet.');
      }
      void last();
    } catch (e) {
      fullfores.current = false;
      settFeil(feilTekst(e));
      settFeltFeil(feilPerFelt(e));
    } finally {
      settSender(false);
    }
  }

  if (!data) return <Laster laster={laster}>{lastefeil && <Melding feil={lastefeil} />}</Laster>;
  const { forlop, skjema, tillatte } = data;
  return (
    <article className="kartlegging" aria-labelledby="kartlegging-tittel">
      <h2 id="kartlegging-tittel">
        Kartlegging: pasient {forlop.pasient.fnr} ({KARTLEGGING_STATUS_NAVN[forlop.kartlegging.status]})
      </h2>
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
      >
        <SkjemaSkjema
          skjema={skjema}
          innhold={innhold}
          feil={feltFeil}
          endre={(i) => {
            endretAvBruker.current = true;
            settInnhold(i);
          }}
        />
        <Melding feil={feil} />
        {Object.keys(feltFeil).length > 0 && (
          <ul className="feilliste" aria-label="Felt som må rettes">
            {Object.entries(feltFeil).map(([f, m]) => (
              <li key={f}>
                {f.replace(/^innhold\./, '')}: {m}
              </li>
            ))}
          </ul>
        )}
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
  const [valgt, settValgt] = useState<string | null>(null);
  const { data, feil, laster, last } = useData(
    () => api.GET('/api/v1/kartleggingsteam/{id}/arbeidsliste', { params: { path: { id: okt.org }, query: { limit: 200 } } }).then(krev),
    [okt.org],
    30_000,
  );
  return (
    <>
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
                <tr key={e.forlopId} data-forlop={e.forlopId} className={valgt === e.forlopId ? 'valgt' : undefined}>
                  <td>{e.pasient.navn ? `${e.pasient.navn.fornavn} ${e.pasient.navn.etternavn}` : 'Navn ikke oppgitt'}</td>
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
                    <button type="button" onClick={() => settValgt(e.forlopId)} aria-pressed={valgt === e.forlopId}>
                      Kartlegg
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Laster>
      {valgt && <KartleggingArbeid key={valgt} forlopId={valgt} ferdig={() => void last()} />}
    </>
  );
}
