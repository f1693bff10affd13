/**
 * The avvik desk: the samhandlingsavdeling sees all, each party its own (the API decides). Filters,
 * one avvik with its history, behandling (status and comment: what a rolle may do is the API's
 * answer), and the same list as CSV.
 */
import { useState, type FormEvent } from 'react';
import { api, feilTekst, krev, krevJson, lastNedCsv, type Avvik, type Okt } from '../api';
import { Felt, Laster, Melding, useData } from '../deler/felles';
import { dato, tidspunkt } from '../format';
import { useParter } from '../parter';
import { AVVIK_STATUS_NAVN, AVVIK_TYPE_NAVN, ROLLE_NAVN } from '../tekster';

type Filtre = {
  status?: Avvik['status'];
  type?: Avvik['type'];
  ansvarlig?: 'sykehus' | 'kartleggingsteam' | 'kommune';
  oppholdskommune?: string;
  sykehus?: string;
  fra?: string;
  til?: string;
};

const SVAR_NAVN: Record<Avvik['svarStatus'], string> = { venter: 'Venter på svar', besvart: 'Besvart', forfalt: 'Svarfristen er passert' };

function partNavn(p: { rolle: string; org: string }, orgNavn: (r: string, o: string) => string): string {
  return `${ROLLE_NAVN[p.rolle as keyof typeof ROLLE_NAVN] ?? p.rolle}: ${orgNavn(p.rolle, p.org)}`;
}

function AvvikDetalj({ id, endret }: { id: string; endret: () => void }) {
  const parter = useParter();
  const [feil, settFeil] = useState<string | null>(null);
  const [ok, settOk] = useState<string | null>(null);
  const { data: a, feil: lastefeil, laster, last } = useData(() => api.GET('/api/v1/avvik/{id}', { params: { path: { id } } }).then(krev), [id]);

  async function behandle(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const status = String(d.get('status') ?? '') as Avvik['status'];
    const kommentar = String(d.get('kommentar') ?? '').trim();
    settFeil(null);
    settOk(null);
    try {
      const nytt = krev(
        await api.POST('/api/v1/avvik/{id}/behandling', {
          params: { path: { id } },
          body: { status, ...(kommentar ? { kommentar } : {}) },
        }),
      );
      settOk(`Lagret. Avviket er nå ${AVVIK_STATUS_NAVN[nytt.status].toLowerCase()}.`);
      (e.target as HTMLFormElement).reset();
      void last();
      endret();
    } catch (err) {
      settFeil(feilTekst(err));
    }
  }

  if (!a) return <Laster laster={laster}>{lastefeil && <Melding feil={lastefeil} />}</Laster>;
  return (
    <article className="avvik-detalj" aria-labelledby="avvik-tittel">
      <h2 id="avvik-tittel">
        {AVVIK_TYPE_NAVN[a.type]} · {AVVIK_STATUS_NAVN[a.status]}
      </h2>
      <p>{a.tekst}</p>
      <dl className="fakta">
        <dt>Ansvarlig</dt>
        <dd>{partNavn(a.ansvarlig, parter.orgNavn)}</dd>
        <dt>Motpart</dt>
        <dd>{partNavn(a.motpart, parter.orgNavn)}</dd>
        <dt>Frist</dt>
        <dd>{tidspunkt(a.frist)}</dd>
        <dt>Brutt</dt>
        <dd>{tidspunkt(a.brutt)}</dd>
        <dt>Svarfrist</dt>
        <dd>
          {tidspunkt(a.svarfrist)} ({SVAR_NAVN[a.svarStatus]})
        </dd>
        <dt>Forløp</dt>
        <dd>
          <code>{a.forlopId}</code>
        </dd>
      </dl>
      <h3>Historikk</h3>
      <ol className="tidslinje" aria-label="Avvikets historikk">
        {a.historikk.map((h, i) => (
          <li key={i}>
            <time dateTime={h.tidspunkt}>{tidspunkt(h.tidspunkt)}</time>
            <strong>{AVVIK_STATUS_NAVN[h.status]}</strong>
            <span className="av">{partNavn(h.av, parter.orgNavn)}</span>
            {h.kommentar && <span className="tl-tekst">{h.kommentar}</span>}
          </li>
        ))}
      </ol>
      <form className="skjema" onSubmit={behandle} aria-labelledby="behandling-tittel">
        <h3 id="behandling-tittel">Behandling</h3>
        <Felt etikett="Ny status">
          {(fid) => (
            <select id={fid} name="status" defaultValue={a.status} key={a.status}>
              {(Object.keys(AVVIK_STATUS_NAVN) as Array<Avvik['status']>).map((s) => (
                <option key={s} value={s}>
                  {AVVIK_STATUS_NAVN[s]}
                </option>
              ))}
            </select>
          )}
        </Felt>
        <Felt etikett="Kommentar">{(fid) => <textarea id={fid} name="kommentar" rows={3} maxLength={2000} />}</Felt>
        <Melding feil={feil} />
        <Melding ok={ok} />
        <button type="submit">Lagre behandling</button>
      </form>
    </article>
  );
}

export function AvvikSide({ okt }: { okt: Okt }) {
  const parter = useParter();
  const [filtre, settFiltre] = useState<Filtre>({});
  const [valgt, settValgt] = useState<string | null>(null);
  const [csvFeil, settCsvFeil] = useState<string | null>(null);
  const { data, feil, laster, last } = useData(
    () => api.GET('/api/v1/avvik', { params: { query: { ...filtre, limit: 200 } } }).then(krevJson),
    [JSON.stringify(filtre)],
  );

  function filtrer(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const f: Record<string, string> = {};
    for (const [k, v] of d.entries()) if (String(v)) f[k] = String(v);
    settFiltre(f as Filtre);
  }

  const valg = <K extends string>(navn: string, etikett: string, alternativer: Array<[K, string]>) => (
    <Felt etikett={etikett}>
      {(id) => (
        <select id={id} name={navn} defaultValue="">
          <option value="">Alle</option>
          {alternativer.map(([k, t]) => (
            <option key={k} value={k}>
              {t}
            </option>
          ))}
        </select>
      )}
    </Felt>
  );

  return (
    <>
      <h1>Avvik</h1>
      <p className="stille">{okt.rolle === 'samhandling' ? 'Alle partenes samhandlingsavvik.' : 'Avvik der din organisasjon er ansvarlig eller motpart.'}</p>
      <form className="skjema filtre" onSubmit={filtrer} aria-label="Filtre">
        {valg('status', 'Status', Object.entries(AVVIK_STATUS_NAVN) as Array<[string, string]>)}
        {valg('type', 'Type', Object.entries(AVVIK_TYPE_NAVN) as Array<[string, string]>)}
        {valg('ansvarlig', 'Ansvarlig part', [
          ['sykehus', ROLLE_NAVN.sykehus],
          ['kartleggingsteam', ROLLE_NAVN.kartleggingsteam],
          ['kommune', ROLLE_NAVN.kommune],
        ])}
        {valg(
          'oppholdskommune',
          'Oppholdskommune',
          parter.data.kommune.map((k) => [k.id, `${k.navn} (${k.id})`]),
        )}
        {valg(
          'sykehus',
          'Sykehus',
          parter.data.sykehus.map((s) => [s.id, s.navn]),
        )}
        <Felt etikett="Brutt fra">{(id) => <input id={id} name="fra" type="date" />}</Felt>
        <Felt etikett="Brutt til">{(id) => <input id={id} name="til" type="date" />}</Felt>
        <div className="knapperad">
          <button type="submit">Filtrer</button>
          <button
            type="button"
            className="sekundar"
            onClick={() => {
              settCsvFeil(null);
              lastNedCsv('/api/v1/avvik', filtre, `avvik-${new Date().toISOString().slice(0, 10)}.csv`).catch((e: unknown) => settCsvFeil(feilTekst(e)));
            }}
          >
            Last ned CSV
          </button>
        </div>
      </form>
      <Melding feil={feil ?? csvFeil} />
      <div className="liste-og-detalj">
        <Laster laster={laster && !data}>
          <table className="tabell">
            <caption>
              {data?.data.length ?? 0} avvik{data?.nesteCursor ? ' (de første 200)' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Ansvarlig</th>
                <th scope="col">Brutt</th>
                <th scope="col">Status</th>
                <th scope="col">Svar</th>
                <th scope="col">
                  <span className="skjult">Handling</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(data?.data ?? []).map((a) => (
                <tr key={a.id} data-avvik={a.id} data-forlop={a.forlopId} className={valgt === a.id ? 'valgt' : undefined}>
                  <td>{AVVIK_TYPE_NAVN[a.type]}</td>
                  <td>{partNavn(a.ansvarlig, parter.orgNavn)}</td>
                  <td>{dato(a.brutt)}</td>
                  <td>{AVVIK_STATUS_NAVN[a.status]}</td>
                  <td>{SVAR_NAVN[a.svarStatus]}</td>
                  <td>
                    <button type="button" aria-pressed={valgt === a.id} onClick={() => settValgt(valgt === a.id ? null : a.id)}>
                      Åpne
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Laster>
        {valgt && (
          <section className="detalj" aria-label="Valgt avvik">
            <AvvikDetalj key={valgt} id={valgt} endret={() => void last()} />
          </section>
        )}
      </div>
    </>
  );
}
