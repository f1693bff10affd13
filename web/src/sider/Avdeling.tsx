/**
 * The ward board (sykehus; samhandling reads it too): patients by status, each with its most urgent
 * frist counting down, one forløp opened with its timeline and forms, and a new forløp at admission.
 */
import { useState, type FormEvent } from 'react';
import { api, feilTekst, krev, type ForlopSammendrag, type ForlopStatus, type Okt } from '../api';
import { FristLinje, Laster, Melding, nesteFrist, useData, useNaa, Felt } from '../deler/felles';
import { ForlopDetalj } from '../deler/ForlopDetalj';
import { osloTilIso, tidspunkt } from '../format';
import { useParter } from '../parter';
import { FORLOP_STATUS_NAVN, KARTLEGGING_STATUS_NAVN } from '../tekster';

const KOLONNER: ForlopStatus[] = ['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning', 'utskrevet'];

/** Every forløp of one status in the caller's scope (all pages). */
export async function hentAlle(status: ForlopStatus): Promise<ForlopSammendrag[]> {
  const alle: ForlopSammendrag[] = [];
  let cursor: string | undefined;
  for (let side = 0; side < 20; side++) {
    const s = krev(await api.GET('/api/v1/forlop', { params: { query: { status, limit: 200, cursor } } }));
    alle.push(...s.data);
    if (!s.nesteCursor) break;
    cursor = s.nesteCursor;
  }
  return alle;
}

export function Pasientkort({ f, valgt, velg }: { f: ForlopSammendrag; valgt: boolean; velg: () => void }) {
  const naa = useNaa();
  const parter = useParter();
  const frist = nesteFrist(f.frister);
  return (
    <li className={`kort${valgt ? ' valgt' : ''}`}>
      <button type="button" className="kort-knapp" aria-expanded={valgt} onClick={velg}>
        <span className="kort-tittel">
          Pasient {f.pasient.fnr}
          {f.pasient.navn ? ` · ${f.pasient.navn.fornavn} ${f.pasient.navn.etternavn}` : ''}
        </span>
        <span>
          {f.avdeling} · {parter.kommuneNavn(f.oppholdskommune)}
        </span>
        <span>Innlagt {tidspunkt(f.innlagtTidspunkt)}</span>
        {f.kartlegging.inkludert && <span>Kartlegging: {KARTLEGGING_STATUS_NAVN[f.kartlegging.status]}</span>}
      </button>
      {frist && (
        <ul className="frister kompakt">
          <FristLinje frist={frist} naa={naa} />
        </ul>
      )}
    </li>
  );
}

function NyttForlop({ okt, startet }: { okt: Okt; startet: (id: string) => void }) {
  const parter = useParter();
  const [feil, settFeil] = useState<string | null>(null);
  const [sender, settSender] = useState(false);
  // One key per filled-in form: a retry after a lost answer starts no second forløp.
  const [nokkel, settNokkel] = useState(() => crypto.randomUUID());

  async function send(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const t = (k: string) => String(d.get(k) ?? '').trim();
    const kartlegging = t('kartlegging');
    settSender(true);
    settFeil(null);
    try {
      const f = krev(
        await api.POST('/api/v1/forlop', {
          params: { header: { 'idempotency-key': nokkel } },
          body: {
            pasient: { fnr: t('fnr') },
            oppholdskommune: t('oppholdskommune'),
            sykehus: okt.org,
            avdeling: t('avdeling'),
            innlagtTidspunkt: t('innlagt') ? osloTilIso(t('innlagt')) : new Date().toISOString(),
            antattBehovKommunaleTjenester: d.has('antattBehov'),
            ...(kartlegging ? { kartlegging: { inkludert: kartlegging === 'ja' } } : {}),
          },
        }),
      );
      (e.target as HTMLFormElement).reset();
      settNokkel(crypto.randomUUID());
      startet(f.id);
    } catch (err) {
      settFeil(feilTekst(err));
    } finally {
      settSender(false);
    }
  }

  return (
    <details className="skjema nytt-forlop">
      <summary>Nytt forløp (innleggelse)</summary>
      <form onSubmit={send} aria-label="Nytt forløp">
        <Felt etikett="Fødselsnummer eller D-nummer" hjelp="11 siffer">
          {(id, hjelp) => <input id={id} name="fnr" inputMode="numeric" pattern="[0-9]{11}" required autoComplete="off" aria-describedby={hjelp} />}
        </Felt>
        <Felt etikett="Oppholdskommune">
          {(id) => (
            <select id={id} name="oppholdskommune" required defaultValue="">
              <option value="" disabled>
                Velg kommune …
              </option>
              {parter.data.kommune.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.navn} ({k.id})
                </option>
              ))}
            </select>
          )}
        </Felt>
        <Felt etikett="Avdeling">{(id) => <input id={id} name="avdeling" required maxLength={200} defaultValue="Medisinsk avdeling" />}</Felt>
        <Felt etikett="Innlagt" hjelp="La stå tomt for nå">
          {(id, hjelp) => <input id={id} name="innlagt" type="datetime-local" aria-describedby={hjelp} />}
        </Felt>
        <label className="valg">
          <input type="checkbox" name="antattBehov" defaultChecked /> Antatt behov for kommunale tjenester etter utskrivning
        </label>
        <Felt etikett="Kartlegging (Trygt hjem)">
          {(id) => (
            <select id={id} name="kartlegging" defaultValue="">
              <option value="">Etter inklusjonskriteriene</option>
              <option value="ja">Inkluder</option>
              <option value="nei">Ikke inkluder</option>
            </select>
          )}
        </Felt>
        <Melding feil={feil} />
        <button type="submit" disabled={sender}>
          Start forløp
        </button>
      </form>
    </details>
  );
}

export function Avdeling({ okt }: { okt: Okt }) {
  const [valgt, settValgt] = useState<string | null>(null);
  const { data, feil, laster, last } = useData(
    async () => Object.fromEntries(await Promise.all(KOLONNER.map(async (s) => [s, await hentAlle(s)] as const))) as Record<ForlopStatus, ForlopSammendrag[]>,
    [],
    30_000,
  );
  const tittel = okt.rolle === 'sykehus' ? 'Avdelingstavle' : 'Forløp';
  return (
    <>
      <h1>{tittel}</h1>
      {okt.rolle === 'sykehus' && (
        <NyttForlop
          okt={okt}
          startet={(id) => {
            settValgt(id);
            void last();
          }}
        />
      )}
      <div className="verktoy">
        <button type="button" className="sekundar" onClick={() => void last()}>
          Oppdater
        </button>
      </div>
      <Melding feil={feil} />
      <div className="tavle-og-detalj">
        <Laster laster={laster && !data}>
          <div className="tavle">
            {KOLONNER.map((s) => (
              <section key={s} className="kolonne" aria-labelledby={`kol-${s}`}>
                <h2 id={`kol-${s}`}>
                  {FORLOP_STATUS_NAVN[s]} <span className="antall">({data?.[s].length ?? 0})</span>
                </h2>
                <ul className="kortliste">
                  {(data?.[s] ?? []).map((f) => (
                    <Pasientkort key={f.id} f={f} valgt={valgt === f.id} velg={() => settValgt(valgt === f.id ? null : f.id)} />
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </Laster>
        {valgt && (
          <section className="detalj" aria-label="Valgt forløp">
            <ForlopDetalj key={valgt} id={valgt} endret={() => void last()} />
          </section>
        )}
      </div>
    </>
  );
}
