/**
 * A form generated from the kartlegging model's JSON Schema as the API serves it
 * (GET /kartlegging/skjema): each section an object of coded choices (enum), yes/no (boolean), free
 * text (string) and several choices (array of enum). Only the model's own shapes are drawn; the
 * API validates (a draft may be partial, a completion must be whole) and names each bad field.
 *
 * (A small renderer rather than a form library: the libraries validate in the browser with
 * generated code, which the interface's Content-Security-Policy forbids, and the API validates
 * anyway.)
 */
import { useId } from 'react';
import { ord } from '../tekster';
import { Paakrevd } from './felles';
import { Feiltekst } from './skjemafeil';

export interface JsonSkjema {
  type?: string;
  title?: string;
  description?: string;
  enum?: string[];
  items?: JsonSkjema;
  properties?: Record<string, JsonSkjema>;
  required?: string[];
  maxLength?: number;
  versjon?: string;
}

export type Innhold = Record<string, Record<string, unknown>>;

/** The content without empty answers (an empty text or an unanswered choice is left out, not sent). */
export function renset(innhold: Innhold): Innhold {
  const ut: Innhold = {};
  for (const [seksjon, felt] of Object.entries(innhold)) {
    const s: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(felt ?? {})) {
      if (v === undefined || v === null || v === '') continue;
      s[k] = v;
    }
    if (Object.keys(s).length > 0) ut[seksjon] = s;
  }
  return ut;
}

function Felt({
  navn,
  skjema,
  paakrevd,
  verdi,
  sett,
  feil,
}: {
  navn: string;
  skjema: JsonSkjema;
  paakrevd: boolean;
  verdi: unknown;
  sett: (v: unknown) => void;
  feil?: string;
}) {
  const id = useId();
  const etikett = `${ord(navn)}${paakrevd ? '' : ' (valgfritt)'}`;
  const beskrivelse = skjema.description && skjema.description !== ord(navn) ? skjema.description : undefined;
  const hjelpId = beskrivelse ? `${id}-hjelp` : undefined;
  const feilId = feil ? `${id}-feil` : undefined;
  const beskrevetAv = [feilId, hjelpId].filter(Boolean).join(' ') || undefined;
  const hjelp = hjelpId && (
    <span id={hjelpId} className="hjelp">
      {beskrivelse}
    </span>
  );
  // Required at completion (a draft may leave it empty): marked, and said to assistive technology.
  const merke = paakrevd && <Paakrevd />;
  const feiltekst = <Feiltekst id={`${id}-feil`} melding={feil} />;

  if (skjema.type === 'array' && skjema.items?.enum) {
    const valgt = Array.isArray(verdi) ? (verdi as string[]) : [];
    return (
      <fieldset className="felt flervalg" aria-describedby={beskrevetAv} aria-invalid={feil ? true : undefined}>
        <legend>
          {etikett}
          {merke}
        </legend>
        {feiltekst}
        {skjema.items.enum.map((k) => (
          <label key={k} className="valg">
            <input type="checkbox" checked={valgt.includes(k)} onChange={(e) => sett(e.target.checked ? [...valgt, k] : valgt.filter((x) => x !== k))} />{' '}
            {ord(k)}
          </label>
        ))}
        {hjelp}
      </fieldset>
    );
  }
  if (skjema.enum || skjema.type === 'boolean') {
    const valg: Array<[string, string]> = skjema.enum
      ? skjema.enum.map((k) => [k, ord(k)])
      : [
          ['true', 'Ja'],
          ['false', 'Nei'],
        ];
    const nå = verdi === undefined || verdi === null ? '' : String(verdi);
    return (
      <div className="felt">
        <label htmlFor={id}>
          {etikett}
          {merke}
        </label>
        {feiltekst}
        <select
          id={id}
          value={nå}
          aria-describedby={beskrevetAv}
          aria-required={paakrevd || undefined}
          aria-invalid={feil ? true : undefined}
          onChange={(e) => {
            const v = e.target.value;
            sett(v === '' ? undefined : skjema.type === 'boolean' ? v === 'true' : v);
          }}
        >
          <option value="">Ikke besvart</option>
          {valg.map(([k, tekst]) => (
            <option key={k} value={k}>
              {tekst}
            </option>
          ))}
        </select>
        {hjelp}
      </div>
    );
  }
  return (
    <div className="felt">
      <label htmlFor={id}>
        {etikett}
        {merke}
      </label>
      {feiltekst}
      <textarea
        id={id}
        rows={2}
        maxLength={skjema.maxLength}
        value={typeof verdi === 'string' ? verdi : ''}
        aria-describedby={beskrevetAv}
        aria-required={paakrevd || undefined}
        aria-invalid={feil ? true : undefined}
        onChange={(e) => sett(e.target.value)}
      />
      {hjelp}
    </div>
  );
}

/** The whole model: a fieldset per section. `feil` maps `innhold.<seksjon>.<felt>` to the API's words. */
export function SkjemaSkjema({
  skjema,
  innhold,
  endre,
  feil,
}: {
  skjema: JsonSkjema;
  innhold: Innhold;
  /** The new content, and the path of the field changed (`innhold.<seksjon>.<felt>`). */
  endre: (i: Innhold, sti: string) => void;
  feil: Record<string, string>;
}) {
  const seksjoner = Object.entries(skjema.properties ?? {});
  return (
    <div className="skjema-generert">
      <p className="hjelp">
        Felt merket <span aria-hidden="true">*</span>
        <span className="skjult">med stjerne</span> må fylles ut før kartleggingen fullføres; et utkast kan lagres uten dem.
      </p>
      {seksjoner.map(([seksjon, s]) => (
        <fieldset key={seksjon} className="seksjon">
          <legend>{ord(seksjon)}</legend>
          {feil[`innhold.${seksjon}`] && <p className="feiltekst">{feil[`innhold.${seksjon}`]}</p>}
          {Object.entries(s.properties ?? {}).map(([felt, fs]) => (
            <Felt
              key={felt}
              navn={felt}
              skjema={fs}
              paakrevd={(s.required ?? []).includes(felt)}
              verdi={innhold[seksjon]?.[felt]}
              feil={feil[`innhold.${seksjon}.${felt}`]}
              sett={(v) => endre({ ...innhold, [seksjon]: { ...(innhold[seksjon] ?? {}), [felt]: v } }, `innhold.${seksjon}.${felt}`)}
            />
          ))}
        </fieldset>
      ))}
    </div>
  );
}
