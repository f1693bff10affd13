/**
 * A form for one hendelse type. Which types are offered is the API's answer
 * (GET /forlop/{id}/tillatte-hendelser: the machine, for the caller's rolle); each body is typed
 * by the contract, and the API's refusal (400, 409, 422) is shown at the field it names, the rest
 * at the top of the form (deler/skjemafeil.tsx). A melding om utskrivningsklar pasient without all
 * four points a–d is sent only when the person confirms it, told what that means.
 */
import { useRef, useState, type FormEvent } from 'react';
import { ApiFeil, api, krev, nyHendelseId, type Forlop, type HendelseBody, type HendelseType } from '../api';
import { osloTilIso } from '../format';
import { BRUKERSVAR_NAVN, DESTINASJON_NAVN, HENDELSE_NAVN, PLL_NAVN, TILBUD_NAVN, VURDERING_NAVN } from '../tekster';
import { HENDELSE_ORD } from '../generert/hendelser';
import { Felt, Gruppe } from './felles';
import { FeltFeilKontekst, Feiloppsummering, kartTil, klientFeil, useSkjemaFeil } from './skjemafeil';

/** API paths the form names otherwise (the rest by their last part: `vurdering.funksjonsnivaaVurdert`). */
const FELT_NAVN: Record<string, string> = {
  'kontakt.enhet': 'enhet',
  'kontakt.telefon': 'telefon',
  kontakt: 'enhet',
  'legemiddelliste.status': 'pll',
  legemiddelliste: 'pll',
  brukersvar: 'tilstrekkeligInformasjon',
};

/** The points a–d of the assessment the form leaves unticked. */
export function manglendePunkter(d: FormData): Array<keyof typeof VURDERING_NAVN> {
  return (Object.keys(VURDERING_NAVN) as Array<keyof typeof VURDERING_NAVN>).filter((k) => !d.has(k));
}

type Data = FormData;
const tekst = (d: Data, k: string): string => String(d.get(k) ?? '').trim();
const valgfri = (d: Data, k: string): string | undefined => tekst(d, k) || undefined;
/** An empty time field means now (to the second, so it is never before an admission a moment ago). */
const tid = (d: Data, k: string): string => (tekst(d, k) ? osloTilIso(tekst(d, k)) : new Date().toISOString());

function pll(d: Data) {
  const s = tekst(d, 'pll');
  return s ? { legemiddelliste: { status: s as keyof typeof PLL_NAVN } } : {};
}

/** The body of the hendelse from the form's fields. */
function body(type: HendelseType, d: Data): HendelseBody {
  const felles = { tidspunkt: tid(d, 'tidspunkt'), hendelseId: nyHendelseId() };
  switch (type) {
    case 'INNLEGGELSESMELDING_SENDT':
      return { ...felles, type, antattForlop: valgfri(d, 'antattForlop'), forventetUtskrivningsdato: valgfri(d, 'forventetUtskrivningsdato') };
    case 'STATUSENDRING':
      return { ...felles, type, beskrivelse: tekst(d, 'beskrivelse') };
    case 'KARTLEGGING_INKLUSJON':
      return { ...felles, type, inkludert: tekst(d, 'inkludert') === 'ja', grunn: tekst(d, 'grunn') };
    case 'KARTLEGGING_STARTET':
    case 'EPIKRISE_SENDT':
      return type === 'EPIKRISE_SENDT' ? { ...felles, type, ...pll(d) } : { ...felles, type };
    case 'KARTLEGGING_FULLFORT':
      throw new Error('Kartleggingen fullføres fra kartleggingsskjemaet');
    case 'UTSKRIVNINGSKLAR':
      return {
        ...felles,
        type,
        vurdertTidspunkt: tid(d, 'vurdertTidspunkt'),
        vurdering: {
          problemstillingerVedInnleggelseAvklart: d.has('problemstillingerVedInnleggelseAvklart'),
          ovrigeProblemstillingerAvklart: d.has('ovrigeProblemstillingerAvklart'),
          uavklarteProblemstillingerAngitt: d.has('uavklarteProblemstillingerAngitt'),
          funksjonsnivaaVurdert: d.has('funksjonsnivaaVurdert'),
        },
      };
    case 'UTSKRIVNINGSKLAR_AVMELDT':
    case 'FORLOP_AVBRUTT':
      return { ...felles, type, arsak: tekst(d, 'arsak') };
    case 'KOMMUNESVAR': {
      const kan = tekst(d, 'kanTaImot') === 'ja';
      const enhet = tekst(d, 'enhet');
      return {
        ...felles,
        type,
        kanTaImot: kan,
        ...(kan ? {} : { forventetKlarDato: valgfri(d, 'forventetKlarDato') }),
        ...(enhet ? { kontakt: { enhet, telefon: valgfri(d, 'telefon') } } : {}),
      };
    }
    case 'TILBUD_KLART':
      return { ...felles, type, tilbud: tekst(d, 'tilbud') as keyof typeof TILBUD_NAVN };
    case 'UTSKREVET':
      return { ...felles, type, destinasjon: tekst(d, 'destinasjon') as keyof typeof DESTINASJON_NAVN, ...pll(d) };
    case 'OPPFOLGING_STARTET': {
      const info = tekst(d, 'tilstrekkeligInformasjon');
      const kontakt = tekst(d, 'vetHvemKontakte');
      return {
        ...felles,
        type,
        beskrivelse: valgfri(d, 'beskrivelse'),
        ...(info && kontakt
          ? { brukersvar: { tilstrekkeligInformasjon: info as keyof typeof BRUKERSVAR_NAVN, vetHvemKontakte: kontakt as keyof typeof BRUKERSVAR_NAVN } }
          : {}),
      };
    }
    case 'DOD':
    case 'INFORMASJON_GITT':
      return { ...felles, type };
    default:
      return ingenSkjema(type);
  }
}

/** Every hendelse type has its case: a type added to the catalogue fails the build here until it does. */
function ingenSkjema(type: never): never {
  throw new Error(`Ingen skjema for ${String(type)}`);
}

function Valg<K extends string>({ navn, etikett, valg, tomt }: { navn: string; etikett: string; valg: Record<K, string>; tomt?: string }) {
  return (
    <Felt etikett={etikett} navn={navn} paakrevd={!tomt}>
      {(id, _h, attr) => (
        <select id={id} {...attr} defaultValue="">
          <option value="" disabled={!tomt}>
            {tomt ?? 'Velg …'}
          </option>
          {(Object.keys(valg) as K[]).map((k) => (
            <option key={k} value={k}>
              {valg[k]}
            </option>
          ))}
        </select>
      )}
    </Felt>
  );
}

function Tekst({ navn, etikett, paakrevd = false, flerlinje = false }: { navn: string; etikett: string; paakrevd?: boolean; flerlinje?: boolean }) {
  return (
    <Felt etikett={etikett + (paakrevd ? '' : ' (valgfritt)')} navn={navn} paakrevd={paakrevd}>
      {(id, _h, attr) => (flerlinje ? <textarea id={id} {...attr} rows={3} maxLength={2000} /> : <input id={id} {...attr} type="text" maxLength={500} />)}
    </Felt>
  );
}

function Tid({ navn, etikett }: { navn: string; etikett: string }) {
  return (
    <Felt etikett={`${etikett} (norsk tid)`} hjelp="Norsk tid (Europe/Oslo). La stå tomt for nå." navn={navn}>
      {(id, _h, attr) => <input id={id} {...attr} type="datetime-local" />}
    </Felt>
  );
}

function JaNei({ navn, legend, ja, nei, vedEndring }: { navn: string; legend: string; ja: string; nei: string; vedEndring?: (ja: boolean) => void }) {
  return (
    <Gruppe legend={legend} navn={navn} paakrevd>
      <label className="valg">
        <input type="radio" name={navn} value="ja" required aria-required onChange={() => vedEndring?.(true)} /> {ja}
      </label>
      <label className="valg">
        <input type="radio" name={navn} value="nei" required aria-required onChange={() => vedEndring?.(false)} /> {nei}
      </label>
    </Gruppe>
  );
}

function Felter({ type }: { type: HendelseType }) {
  const [kan, settKan] = useState<boolean | null>(null);
  switch (type) {
    case 'INNLEGGELSESMELDING_SENDT':
      return (
        <>
          <Tekst navn="antattForlop" etikett="Antatt forløp" flerlinje />
          <Felt etikett="Forventet utskrivningsdato (valgfritt)" navn="forventetUtskrivningsdato">
            {(id, _h, attr) => <input id={id} {...attr} type="date" />}
          </Felt>
        </>
      );
    case 'STATUSENDRING':
      return <Tekst navn="beskrivelse" etikett="Hva er endret" paakrevd flerlinje />;
    case 'KARTLEGGING_INKLUSJON':
      return (
        <>
          <JaNei navn="inkludert" legend="Skal pasienten kartlegges?" ja="Ja, inkluder" nei="Nei, ekskluder" />
          <Tekst navn="grunn" etikett="Grunn" paakrevd />
        </>
      );
    case 'UTSKRIVNINGSKLAR':
      return (
        <>
          <Tid navn="vurdertTidspunkt" etikett="Vurdert utskrivningsklar" />
          <Gruppe legend="Vurderingen (forskriften: alle fire punkter dokumentert)" navn="vurdering">
            {(Object.keys(VURDERING_NAVN) as Array<keyof typeof VURDERING_NAVN>).map((k) => (
              <label key={k} className="valg">
                <input type="checkbox" name={k} /> {VURDERING_NAVN[k]}
              </label>
            ))}
          </Gruppe>
        </>
      );
    case 'UTSKRIVNINGSKLAR_AVMELDT':
    case 'FORLOP_AVBRUTT':
      return <Tekst navn="arsak" etikett="Årsak" paakrevd flerlinje />;
    case 'KOMMUNESVAR':
      return (
        <>
          <JaNei navn="kanTaImot" legend="Kan kommunen ta imot pasienten?" ja="Ja, kan ta imot" nei="Nei, kan ikke ta imot ennå" vedEndring={settKan} />
          {kan === false && (
            <Felt etikett="Forventet klar dato" hjelp="Når kommunen venter å ha et tilbud klart" navn="forventetKlarDato" paakrevd>
              {(id, _h, attr) => <input id={id} {...attr} type="date" />}
            </Felt>
          )}
          <Tekst navn="enhet" etikett="Kontakt: enhet som følger opp" />
          <Felt etikett="Kontakt: telefon (valgfritt)" navn="telefon">
            {(id, _h, attr) => <input id={id} {...attr} type="tel" autoComplete="off" maxLength={20} />}
          </Felt>
        </>
      );
    case 'TILBUD_KLART':
      return <Valg navn="tilbud" etikett="Tilbud" valg={TILBUD_NAVN} />;
    case 'EPIKRISE_SENDT':
      return <Valg navn="pll" etikett="Legemiddelliste (PLL)" valg={PLL_NAVN} tomt="Ikke oppgitt" />;
    case 'UTSKREVET':
      return (
        <>
          <Valg navn="destinasjon" etikett="Utskrevet til" valg={DESTINASJON_NAVN} />
          <Valg navn="pll" etikett="Legemiddelliste (PLL)" valg={PLL_NAVN} tomt="Ikke oppgitt" />
        </>
      );
    case 'OPPFOLGING_STARTET':
      return (
        <>
          <Tekst navn="beskrivelse" etikett="Hva ble gjort" flerlinje />
          <Valg navn="tilstrekkeligInformasjon" etikett="Pasienten: fikk du tilstrekkelig informasjon?" valg={BRUKERSVAR_NAVN} tomt="Ikke spurt" />
          <Valg navn="vetHvemKontakte" etikett="Pasienten: vet du hvem du skal kontakte?" valg={BRUKERSVAR_NAVN} tomt="Ikke spurt" />
        </>
      );
    case 'KARTLEGGING_STARTET':
    case 'KARTLEGGING_FULLFORT':
    case 'DOD':
    case 'INFORMASJON_GITT':
      return null;
    default:
      return ingenSkjema(type);
  }
}

export function HendelseSkjema({
  forlop,
  type,
  ferdig,
  foreldet,
}: {
  forlop: Forlop;
  type: HendelseType;
  ferdig: (f: Forlop) => void;
  /** The forløp moved on meanwhile (409): read it again, so what is offered fits. */
  foreldet?: () => void;
}) {
  const { feil, vis, visFelt, fjern, tom, oppsummering, skjema } = useSkjemaFeil();
  const [sender, settSender] = useState(false);
  /** The points a–d missing from a melding the person is asked to confirm, with the form as it was. */
  const [bekreft, settBekreft] = useState<{ mangler: string[]; data: FormData } | null>(null);
  const bekreftRef = useRef<HTMLDivElement | null>(null);

  async function registrer(d: FormData) {
    settBekreft(null);
    tom();
    settSender(true);
    try {
      const b = body(type, d);
      const nytt = krev(await api.POST('/api/v1/forlop/{id}/hendelser', { params: { path: { id: forlop.id } }, body: b }));
      ferdig(nytt);
    } catch (err) {
      vis(err, kartTil(skjema.current, FELT_NAVN));
      if (err instanceof ApiFeil && err.status === 409) foreldet?.();
    } finally {
      settSender(false);
    }
  }

  function send(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const mangler = klientFeil(e.currentTarget);
    if (Object.keys(mangler).length > 0) {
      visFelt(mangler);
      return;
    }
    const d = new FormData(e.currentTarget);
    const punkter = type === 'UTSKRIVNINGSKLAR' ? manglendePunkter(d) : [];
    if (punkter.length > 0) {
      tom();
      settBekreft({ mangler: punkter.map((k) => VURDERING_NAVN[k]), data: d });
      setTimeout(() => bekreftRef.current?.focus(), 0);
      return;
    }
    void registrer(d);
  }

  return (
    <form
      ref={skjema}
      className="skjema hendelse"
      onSubmit={send}
      onChange={(e) => {
        const navn = (e.target as Element).getAttribute('name');
        if (navn) fjern(navn);
        if (type === 'UTSKRIVNINGSKLAR') fjern('vurdering');
        settBekreft(null);
      }}
      aria-label={HENDELSE_NAVN[type]}
      noValidate
    >
      <h3>{HENDELSE_NAVN[type]}</h3>
      <Feiloppsummering
        feil={feil}
        refFn={(el) => {
          oppsummering.current = el;
        }}
      />
      <p className="hjelp">{HENDELSE_ORD[type].beskrivelse}</p>
      <p className="hjelp">
        Felt merket <span aria-hidden="true">*</span>
        <span className="skjult">med stjerne</span> må fylles ut.
      </p>
      <FeltFeilKontekst.Provider value={feil.felt}>
        <Felter type={type} />
        <Tid navn="tidspunkt" etikett="Tidspunkt" />
      </FeltFeilKontekst.Provider>
      {bekreft ? (
        <div className="melding advarsel" role="alert" tabIndex={-1} ref={bekreftRef} aria-labelledby="bekreft-tittel">
          <p id="bekreft-tittel">
            <strong>
              Meldingen mangler{' '}
              {bekreft.mangler.length === 4 ? 'alle fire punktene' : bekreft.mangler.length === 1 ? 'ett punkt' : `${bekreft.mangler.length} punkter`} i
              vurderingen:
            </strong>
          </p>
          <ul>
            {bekreft.mangler.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
          <p>
            Uten alle fire punktene er den ikke en gyldig melding om utskrivningsklar pasient etter forskriften: det blir et avvik, og kommunen betaler ikke for
            overliggerdøgn før en fullstendig melding er sendt.
          </p>
          <div className="knapperad">
            <button type="button" onClick={() => void registrer(bekreft.data)} disabled={sender}>
              Send likevel
            </button>
            <button type="button" className="sekundar" onClick={() => settBekreft(null)}>
              Gå tilbake og fyll ut
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" disabled={sender}>
          {sender ? 'Registrerer …' : `Registrer: ${HENDELSE_NAVN[type]}`}
        </button>
      )}
    </form>
  );
}
