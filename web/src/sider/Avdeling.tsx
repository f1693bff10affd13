/**
 * The ward board (sykehus; samhandling reads it too): "what now". The five statuses side by side,
 * within each the most urgent frist first; search by name or fødselsnummer and filters (status,
 * kommune, frist soon or broken); each card a link to its forløp (/forlop/{id}), which opens over
 * the board and leaves it as it was for the back button; a new forløp at admission.
 */
import { useState, type FormEvent } from 'react';
import { api, krev, type ForlopSammendrag, type ForlopStatus, type Okt } from '../api';
import { Felt, Laster, Melding, useData, useNaa } from '../deler/felles';
import { ForlopDetalj } from '../deler/ForlopDetalj';
import { hentAlle, Pasientkort } from '../deler/Pasientkort';
import { FeltFeilKontekst, Feiloppsummering, kartTil, klientFeil, useSkjemaFeil } from '../deler/skjemafeil';
import { osloTilIso } from '../format';
import { useParter } from '../parter';
import { naviger, useParameter } from '../ruter';
import { filtrer, sorterEtterHast, TOMT_FILTER, type Filter } from '../tavle';
import { FORLOP_STATUS_NAVN } from '../tekster';

const KOLONNER: ForlopStatus[] = ['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning', 'utskrevet'];

/** API paths the admission form names otherwise. */
const NYTT_FELT: Record<string, string> = {
  'pasient.fnr': 'fnr',
  pasient: 'fnr',
  innlagtTidspunkt: 'innlagt',
  antattBehovKommunaleTjenester: 'antattBehov',
  'kartlegging.inkludert': 'kartlegging',
};

function NyttForlop({ okt, startet }: { okt: Okt; startet: (id: string) => void }) {
  const parter = useParter();
  const { feil, vis, visFelt, fjern, tom, oppsummering, skjema } = useSkjemaFeil();
  const [sender, settSender] = useState(false);
  // One key per filled-in form: a retry after a lost answer starts no second forløp.
  const [nokkel, settNokkel] = useState(() => crypto.randomUUID());

  async function send(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const mangler = klientFeil(form);
    if (Object.keys(mangler).length > 0) {
      visFelt(mangler);
      return;
    }
    const d = new FormData(form);
    const t = (k: string) => String(d.get(k) ?? '').trim();
    const kartlegging = t('kartlegging');
    settSender(true);
    tom();
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
      form.reset();
      settNokkel(crypto.randomUUID());
      startet(f.id);
    } catch (err) {
      vis(err, kartTil(skjema.current, NYTT_FELT));
    } finally {
      settSender(false);
    }
  }

  return (
    <details className="skjema nytt-forlop">
      <summary>Nytt forløp (innleggelse)</summary>
      <form ref={skjema} onSubmit={send} onChange={(e) => fjern((e.target as Element).getAttribute('name') ?? '')} aria-label="Nytt forløp" noValidate>
        <Feiloppsummering
          feil={feil}
          refFn={(el) => {
            oppsummering.current = el;
          }}
        />
        <p className="hjelp">
          Felt merket <span aria-hidden="true">*</span>
          <span className="skjult">med stjerne</span> må fylles ut.
        </p>
        <FeltFeilKontekst.Provider value={feil.felt}>
          <Felt etikett="Fødselsnummer eller D-nummer" hjelp="11 siffer" navn="fnr" paakrevd>
            {(id, _h, attr) => <input id={id} {...attr} inputMode="numeric" pattern="[0-9]{11}" data-formatfeil="Skriv 11 siffer." autoComplete="off" />}
          </Felt>
          <Felt etikett="Oppholdskommune" navn="oppholdskommune" paakrevd>
            {(id, _h, attr) => (
              <select id={id} {...attr} defaultValue="">
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
          <Felt etikett="Avdeling" navn="avdeling" paakrevd>
            {(id, _h, attr) => <input id={id} {...attr} maxLength={200} defaultValue="Medisinsk avdeling" />}
          </Felt>
          <Felt etikett="Innlagt (norsk tid)" hjelp="Norsk tid (Europe/Oslo). La stå tomt for nå." navn="innlagt">
            {(id, _h, attr) => <input id={id} {...attr} type="datetime-local" />}
          </Felt>
          <label className="valg">
            <input type="checkbox" name="antattBehov" defaultChecked /> Antatt behov for kommunale tjenester etter utskrivning
          </label>
          <Felt etikett="Kartlegging (Trygt hjem)" navn="kartlegging">
            {(id, _h, attr) => (
              <select id={id} {...attr} defaultValue="">
                <option value="">Etter inklusjonskriteriene</option>
                <option value="ja">Inkluder</option>
                <option value="nei">Ikke inkluder</option>
              </select>
            )}
          </Felt>
        </FeltFeilKontekst.Provider>
        <button type="submit" disabled={sender}>
          Start forløp
        </button>
      </form>
    </details>
  );
}

/** Search and filters, applied as they are typed (the board is loaded whole). */
function Filtre({ filter, sett, kommuner }: { filter: Filter; sett: (f: Filter) => void; kommuner: string[] }) {
  const parter = useParter();
  const endre = (k: keyof Filter) => (e: { target: { value: string } }) => sett({ ...filter, [k]: e.target.value });
  return (
    <form className="filtre" role="search" aria-label="Søk og filtrer" onSubmit={(e) => e.preventDefault()}>
      <Felt etikett="Søk på navn eller fødselsnummer">
        {(id) => <input id={id} type="search" value={filter.sok} onChange={endre('sok')} autoComplete="off" />}
      </Felt>
      <Felt etikett="Status">
        {(id) => (
          <select id={id} value={filter.status} onChange={endre('status')}>
            <option value="">Alle</option>
            {KOLONNER.map((s) => (
              <option key={s} value={s}>
                {FORLOP_STATUS_NAVN[s]}
              </option>
            ))}
          </select>
        )}
      </Felt>
      <Felt etikett="Kommune">
        {(id) => (
          <select id={id} value={filter.kommune} onChange={endre('kommune')}>
            <option value="">Alle</option>
            {kommuner.map((k) => (
              <option key={k} value={k}>
                {parter.kommuneNavn(k)}
              </option>
            ))}
          </select>
        )}
      </Felt>
      <Felt etikett="Frist">
        {(id) => (
          <select id={id} value={filter.frist} onChange={endre('frist')}>
            <option value="">Alle</option>
            <option value="snart">Nærmer seg eller brutt</option>
            <option value="brutt">Brutt</option>
          </select>
        )}
      </Felt>
      <button type="button" className="sekundar" onClick={() => sett(TOMT_FILTER)} disabled={JSON.stringify(filter) === JSON.stringify(TOMT_FILTER)}>
        Nullstill
      </button>
    </form>
  );
}

export function Avdeling({ okt }: { okt: Okt }) {
  const apen = useParameter('/forlop/:id');
  const naa = useNaa(30_000);
  const [filter, settFilter] = useState<Filter>(TOMT_FILTER);
  const { data, feil, laster, last } = useData(
    async () => Object.fromEntries(await Promise.all(KOLONNER.map(async (s) => [s, await hentAlle(s)] as const))) as Record<ForlopStatus, ForlopSammendrag[]>,
    [],
    30_000,
  );
  const tittel = okt.rolle === 'sykehus' ? 'Avdelingstavle' : 'Forløp';
  const egen = okt.rolle === 'sykehus' ? 'sykehus' : undefined;
  const alle = data ? KOLONNER.flatMap((s) => data[s]) : [];
  const kommuner = [...new Set(alle.map((f) => f.oppholdskommune))].sort();
  const vist = filtrer(alle, filter, naa, egen);
  const kolonner = KOLONNER.filter((s) => !filter.status || s === filter.status);
  return (
    <>
      <div hidden={apen !== null} className="tavleside">
        <h1>{tittel}</h1>
        {okt.rolle === 'sykehus' && (
          <NyttForlop
            okt={okt}
            startet={(id) => {
              void last();
              naviger(`/forlop/${id}`);
            }}
          />
        )}
        <Filtre filter={filter} sett={settFilter} kommuner={kommuner} />
        <div className="verktoy">
          <p className="stille" role="status" aria-live="polite">
            {data ? `Viser ${vist.length} av ${alle.length} forløp.` : ''}
          </p>
          <button type="button" className="sekundar" onClick={() => void last()}>
            Oppdater
          </button>
        </div>
        <Melding feil={feil} />
        <Laster laster={laster && !data}>
          <div className={`tavle kolonner-${kolonner.length}`}>
            {kolonner.map((s) => {
              const kort = sorterEtterHast(
                vist.filter((f) => f.status === s),
                egen,
              );
              return (
                <section key={s} className="kolonne" aria-labelledby={`kol-${s}`}>
                  <h2 id={`kol-${s}`}>
                    {FORLOP_STATUS_NAVN[s]} <span className="antall">({kort.length})</span>
                  </h2>
                  <ul className="kortliste">
                    {kort.map((f) => (
                      <Pasientkort key={f.id} f={f} egen={egen} />
                    ))}
                  </ul>
                </section>
              );
            })}
          </div>
        </Laster>
      </div>
      {apen && (
        <ForlopDetalj
          key={apen}
          id={apen}
          endret={() => void last()}
          liste={{ til: okt.rolle === 'sykehus' ? '/' : '/forlop', navn: okt.rolle === 'sykehus' ? 'Tilbake til tavlen' : 'Tilbake til forløpene' }}
        />
      )}
    </>
  );
}
