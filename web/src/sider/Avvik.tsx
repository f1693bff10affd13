/**
 * The avvik desk: the samhandlingsavdeling sees all, each party its own (the API decides). The list
 * newest first, paged with the API's cursor ("Vis flere"), each row naming the patient where the
 * caller may see the forløp (a link to it) and opening the avvik at its own address (/avvik/{id}).
 * One avvik opens as its own view over the list (the list kept as it was, hidden), its heading
 * focused: so at any width nothing covers the list's buttons. Behandling offers only the moves the
 * API says the caller may make (`tillatteHandlinger`, from the rule that enforces them).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, feilTekst, krev, krevJson, lastNedCsv, type Avvik, type Okt } from '../api';
import { Felt, Laster, Melding, useData } from '../deler/felles';
import { dato, tidspunkt } from '../format';
import { useParter } from '../parter';
import { Lenke, tilbake, useParameter } from '../ruter';
import { AVVIK_STATUS_NAVN, AVVIK_TYPE_NAVN, ROLLE_NAVN } from '../tekster';

type Filtre = {
  status?: Avvik['status'];
  type?: Avvik['type'];
  ansvarlig?: 'sykehus' | 'kartleggingsteam' | 'kommune';
  svarStatus?: Avvik['svarStatus'];
  oppholdskommune?: string;
  sykehus?: string;
  fra?: string;
  til?: string;
};

/** Rows per page of the list. */
const SIDE = 50;

const SVAR_NAVN: Record<Avvik['svarStatus'], string> = {
  venter: 'Venter på svar',
  besvart: 'Besvart',
  forfalt: 'Svarfristen er passert',
  lukket_uten_svar: 'Lukket uten svar',
};

/** The answer in words; a withdrawn avvik without an answer says so (the API's lukket_uten_svar covers lukket and trukket). */
const svarTekst = (a: Pick<Avvik, 'svarStatus' | 'status'>): string =>
  a.svarStatus === 'lukket_uten_svar' && a.status === 'trukket' ? 'Trukket uten svar' : SVAR_NAVN[a.svarStatus];

function partNavn(p: { rolle: string; org: string }, orgNavn: (r: string, o: string) => string): string {
  return `${ROLLE_NAVN[p.rolle as keyof typeof ROLLE_NAVN] ?? p.rolle}: ${orgNavn(p.rolle, p.org)}`;
}

const pasientNavn = (p: NonNullable<Avvik['pasient']>): string => (p.navn ? `${p.navn.fornavn} ${p.navn.etternavn}` : 'Navn ikke oppgitt');

/** The patient, linking to the forløp; without access to the forløp, said in words. */
function Pasient({ a }: { a: Avvik }) {
  if (!a.pasient) return <span className="stille">Ikke tilgang til forløpet</span>;
  return (
    <>
      <Lenke til={`/forlop/${a.forlopId}`}>{pasientNavn(a.pasient)}</Lenke>
      <span className="fnr">{a.pasient.fnr}</span>
    </>
  );
}

function Behandling({ a, endret }: { a: Avvik; endret: (nytt: Avvik) => void }) {
  const t = a.tillatteHandlinger;
  const [valgt, settValgt] = useState<string>('');
  const [feil, settFeil] = useState<string | null>(null);
  const [ok, settOk] = useState<string | null>(null);
  const kommentarPakrevd = valgt === '' || t.kommentarPakrevd.includes(valgt as Avvik['status']);

  if (t.status.length === 0 && !t.kommentar) {
    return (
      <p className="stille" id="behandling-tittel">
        Du kan ikke behandle dette avviket nå.
      </p>
    );
  }

  async function behandle(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const skjema = e.currentTarget;
    const d = new FormData(skjema);
    const status = String(d.get('status') ?? '');
    const kommentar = String(d.get('kommentar') ?? '').trim();
    settFeil(null);
    settOk(null);
    try {
      const nytt = krev(
        await api.POST('/api/v1/avvik/{id}/behandling', {
          params: { path: { id: a.id } },
          body: { ...(status ? { status: status as Avvik['status'] } : {}), ...(kommentar ? { kommentar } : {}) },
        }),
      );
      settOk(`Lagret. Avviket er nå ${AVVIK_STATUS_NAVN[nytt.status].toLowerCase()}.`);
      skjema.reset();
      settValgt('');
      endret(nytt);
    } catch (err) {
      settFeil(feilTekst(err));
    }
  }

  return (
    <form className="skjema" onSubmit={behandle} aria-labelledby="behandling-tittel">
      <h2 id="behandling-tittel">Behandling</h2>
      <Felt etikett="Velg handling">
        {(fid) => (
          <select id={fid} name="status" value={valgt} onChange={(e) => settValgt(e.target.value)}>
            {t.kommentar && <option value="">Bare kommentar (status {AVVIK_STATUS_NAVN[a.status].toLowerCase()})</option>}
            {!t.kommentar && <option value="">Velg ny status</option>}
            {t.status.map((s) => (
              <option key={s} value={s}>
                Sett til {AVVIK_STATUS_NAVN[s].toLowerCase()}
              </option>
            ))}
          </select>
        )}
      </Felt>
      <Felt etikett={kommentarPakrevd ? 'Kommentar (påkrevd)' : 'Kommentar'}>
        {(fid) => <textarea id={fid} name="kommentar" rows={3} maxLength={2000} required={kommentarPakrevd} aria-required={kommentarPakrevd} />}
      </Felt>
      <Melding feil={feil} />
      <Melding ok={ok} />
      <button type="submit" disabled={valgt === '' && !t.kommentar}>
        Lagre behandling
      </button>
    </form>
  );
}

function AvvikDetalj({ id, endret, listeAdresse }: { id: string; endret: (nytt: Avvik) => void; listeAdresse: string }) {
  const parter = useParter();
  const overskrift = useRef<HTMLHeadingElement>(null);
  const { data: hentet, feil: lastefeil, laster } = useData(() => api.GET('/api/v1/avvik/{id}', { params: { path: { id } } }).then(krev), [id]);
  const [oppdatert, settOppdatert] = useState<Avvik | null>(null);
  const a = oppdatert?.id === id ? oppdatert : hentet;
  const lastet = a !== null;

  // Opened: its heading in view and focused, so a screen reader and the keyboard start here.
  useEffect(() => {
    if (lastet) overskrift.current?.focus();
  }, [lastet, id]);

  const tilbakeKnapp = (
    <button type="button" className="sekundar" onClick={() => tilbake(listeAdresse)}>
      Tilbake til avvikene
    </button>
  );
  if (!a)
    return (
      <>
        {tilbakeKnapp}
        <Laster laster={laster}>{lastefeil && <Melding feil={lastefeil} />}</Laster>
      </>
    );
  return (
    <article className="avvik-detalj" aria-labelledby="avvik-tittel">
      {tilbakeKnapp}
      <h1 id="avvik-tittel" tabIndex={-1} ref={overskrift}>
        Avvik: {AVVIK_TYPE_NAVN[a.type]} · {AVVIK_STATUS_NAVN[a.status]}
      </h1>
      <p>{a.tekst}</p>
      <dl className="fakta">
        <dt>Pasient</dt>
        <dd>
          <Pasient a={a} />
        </dd>
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
          {tidspunkt(a.svarfrist)} ({svarTekst(a)})
        </dd>
      </dl>
      <h2>Historikk</h2>
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
      <Behandling
        a={a}
        endret={(nytt) => {
          settOppdatert(nytt);
          endret(nytt);
        }}
      />
    </article>
  );
}

/** The list's pages so far, newest first, and the cursor of the next. */
interface Sider {
  rader: Avvik[];
  nesteCursor: string | null;
}

export function AvvikSide({ okt }: { okt: Okt }) {
  const parter = useParter();
  const valgt = useParameter('/avvik/:id');
  const listeAdresse = okt.rolle === 'samhandling' ? '/' : '/avvik';
  const [filtre, settFiltre] = useState<Filtre>({});
  const [sider, settSider] = useState<Sider | null>(null);
  const [feil, settFeil] = useState<string | null>(null);
  const [laster, settLaster] = useState(false);
  const [csvFeil, settCsvFeil] = useState<string | null>(null);
  /** The first row "Vis flere" brought, to move focus to. */
  const [forsteNye, settForsteNye] = useState<string | null>(null);

  async function hent(cursor: string | null, f: Filtre): Promise<Sider> {
    const svar = krevJson(await api.GET('/api/v1/avvik', { params: { query: { ...f, limit: SIDE, ...(cursor ? { cursor } : {}) } } }));
    return { rader: svar.data, nesteCursor: svar.nesteCursor };
  }

  // The first page whenever the filters change.
  useEffect(() => {
    let aktiv = true;
    settLaster(true);
    hent(null, filtre)
      .then(
        (s) => aktiv && (settSider(s), settFeil(null)),
        (e: unknown) => aktiv && settFeil(feilTekst(e)),
      )
      .finally(() => aktiv && settLaster(false));
    return () => {
      aktiv = false;
    };
  }, [JSON.stringify(filtre)]); // eslint-disable-line react-hooks/exhaustive-deps

  async function visFlere() {
    if (!sider?.nesteCursor) return;
    settLaster(true);
    try {
      const neste = await hent(sider.nesteCursor, filtre);
      settSider({ rader: [...sider.rader, ...neste.rader], nesteCursor: neste.nesteCursor });
      settForsteNye(neste.rader[0]?.id ?? null);
      settFeil(null);
    } catch (e) {
      settFeil(feilTekst(e));
    } finally {
      settLaster(false);
    }
  }

  // After "Vis flere": focus on the first new row's link, so the keyboard goes on where the new rows start.
  useEffect(() => {
    if (!forsteNye) return;
    document.querySelector<HTMLElement>(`tr[data-avvik="${forsteNye}"] a`)?.focus();
    settForsteNye(null);
  }, [forsteNye]);

  function filtrer(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const f: Record<string, string> = {};
    for (const [k, v] of d.entries()) if (String(v)) f[k] = String(v);
    settFiltre(f as Filtre);
  }

  /** A behandling changed one avvik: its row shows it at once. */
  const endret = (nytt: Avvik) => settSider((s) => s && { ...s, rader: s.rader.map((r) => (r.id === nytt.id ? nytt : r)) });

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
      {valgt && (
        <section className="avvik-visning" aria-label="Valgt avvik">
          <AvvikDetalj key={valgt} id={valgt} endret={endret} listeAdresse={listeAdresse} />
        </section>
      )}
      {/* The list stays as it was (its pages, filters) while one avvik is open, so going back finds it. */}
      <div hidden={valgt !== null}>
        <h1>Avvik</h1>
        <p className="stille">{okt.rolle === 'samhandling' ? 'Alle partenes samhandlingsavvik.' : 'Avvik der din organisasjon er ansvarlig eller motpart.'}</p>
        <form className="skjema filtre" onSubmit={filtrer} aria-label="Filtre">
          {valg('status', 'Status', Object.entries(AVVIK_STATUS_NAVN) as Array<[string, string]>)}
          {valg('svarStatus', 'Svar', Object.entries(SVAR_NAVN) as Array<[string, string]>)}
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
        <Laster laster={laster && !sider}>
          <div className="tabell-rulle">
            <table className="tabell avvik-liste">
              <caption>
                {sider?.nesteCursor ? `De ${sider.rader.length} nyeste avvikene; flere finnes` : `${sider?.rader.length ?? 0} avvik, nyeste først`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Brutt</th>
                  <th scope="col">Avvik</th>
                  <th scope="col">Pasient</th>
                  <th scope="col">Ansvarlig</th>
                  <th scope="col">Status</th>
                  <th scope="col">Svar</th>
                </tr>
              </thead>
              <tbody>
                {(sider?.rader ?? []).map((a) => (
                  <tr key={a.id} data-avvik={a.id} data-forlop={a.forlopId}>
                    <td>{dato(a.brutt)}</td>
                    <td>
                      <Lenke til={`/avvik/${a.id}`}>{AVVIK_TYPE_NAVN[a.type]}</Lenke>
                    </td>
                    <td className="pasient">
                      <Pasient a={a} />
                    </td>
                    <td>{partNavn(a.ansvarlig, parter.orgNavn)}</td>
                    <td>{AVVIK_STATUS_NAVN[a.status]}</td>
                    <td>{svarTekst(a)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {sider?.nesteCursor && (
            <div className="knapperad">
              <button type="button" onClick={() => void visFlere()} disabled={laster}>
                {laster ? 'Henter …' : `Vis flere (${SIDE} til)`}
              </button>
            </div>
          )}
        </Laster>
      </div>
    </>
  );
}
