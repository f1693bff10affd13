/**
 * A form's errors where the person looks: each at its field's label (the API's `errors[].felt`
 * mapped to the form's own field names; a required field left empty found before sending), the
 * rest in a summary at the top of the form that takes focus. A field's message goes as soon as
 * the field changes. The forms use `noValidate`: the browser's own bubbles are not the message.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiFeil, feilTekst } from '../api';

export interface FeltFeil {
  felt: string;
  melding: string;
}

/** The API's field errors: problem+json `errors` (or `feil`, as a later contract may name it). */
export function feltFeilFra(e: unknown): FeltFeil[] {
  if (!(e instanceof ApiFeil)) return [];
  const p = e.problem as { errors?: unknown; feil?: unknown };
  const liste = Array.isArray(p.errors) ? p.errors : Array.isArray(p.feil) ? p.feil : [];
  return liste.filter((f): f is FeltFeil => typeof f?.felt === 'string' && typeof f?.melding === 'string');
}

/** What the refusal says besides its fields: the problem's own words (for a 409, what is allowed now). */
function hovedtekst(e: unknown, harFelt: boolean): string {
  if (e instanceof ApiFeil && harFelt) return e.problem.detail ?? 'Noen felt må rettes';
  return feilTekst(e);
}

export interface Feilbilde {
  /** The form's field name → its message. */
  felt: Record<string, string>;
  /** What belongs to no field of the form (shown in the summary). */
  ovrige: string[];
  /** The refusal in words, when there is one (a 409's text, a network error). */
  tekst: string | null;
}

const INGEN: Feilbilde = { felt: {}, ovrige: [], tekst: null };

/** A message in bokmål for a field the browser found empty or malformed (the form is not sent). */
function klientMelding(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): string | null {
  const v = el.validity;
  if (v.valueMissing) {
    return el instanceof HTMLSelectElement || el.type === 'radio' ? 'Velg et av alternativene.' : 'Må fylles ut.';
  }
  if (v.patternMismatch || v.typeMismatch || v.badInput || v.tooLong || v.rangeUnderflow || v.rangeOverflow) {
    return el.dataset.formatfeil ?? 'Har feil format.';
  }
  return null;
}

/** The fields of `skjema` the browser would refuse, by name (the first message per name). */
export function klientFeil(skjema: HTMLFormElement): Record<string, string> {
  const ut: Record<string, string> = {};
  for (const el of Array.from(skjema.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) || !el.name || el.disabled) continue;
    const m = klientMelding(el);
    if (m && !(el.name in ut)) ut[el.name] = m;
  }
  return ut;
}

/**
 * The errors of one form. `vis(e, kart)` spreads a refusal: `kart(felt)` gives the form's field
 * for an API path (or null); `visFelt` shows the fields found empty. Focus goes to the summary
 * when there is one, else to the first field marked.
 */
export function useSkjemaFeil() {
  const [feil, settFeil] = useState<Feilbilde>(INGEN);
  const fokus = useRef(false);
  const oppsummering = useRef<HTMLDivElement | null>(null);
  const skjema = useRef<HTMLFormElement | null>(null);

  useEffect(() => {
    if (!fokus.current) return;
    fokus.current = false;
    if (feil.ovrige.length > 0 || (feil.tekst && Object.keys(feil.felt).length === 0)) oppsummering.current?.focus();
    else skjema.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [feil]);

  const vis = useCallback((e: unknown, kart: (felt: string) => string | null) => {
    const felt: Record<string, string> = {};
    const ovrige: string[] = [];
    const liste = feltFeilFra(e);
    for (const f of liste) {
      const navn = kart(f.felt);
      if (navn && !(navn in felt)) felt[navn] = f.melding;
      else if (!navn) ovrige.push(f.melding);
    }
    fokus.current = true;
    settFeil({ felt, ovrige, tekst: hovedtekst(e, liste.length > 0) });
  }, []);
  const visFelt = useCallback((felt: Record<string, string>) => {
    fokus.current = true;
    settFeil({ felt, ovrige: [], tekst: null });
  }, []);
  const fjern = useCallback((navn: string) => {
    settFeil((f) => {
      if (!(navn in f.felt)) return f;
      const felt = { ...f.felt };
      delete felt[navn];
      return { ...f, felt };
    });
  }, []);
  const tom = useCallback(() => settFeil(INGEN), []);
  return { feil, vis, visFelt, fjern, tom, oppsummering, skjema };
}

/**
 * The API path `felt` as a field of `skjema`: through `navn` (a path the form names otherwise),
 * else the path's last part, when the form has a field by that name.
 */
export function kartTil(skjema: HTMLFormElement | null, navn: Record<string, string> = {}) {
  return (felt: string): string | null => {
    const n = navn[felt] ?? felt.split('.').at(-1) ?? felt;
    return skjema?.elements.namedItem(n) ? n : null;
  };
}

/** The form's field errors, for its fields to read (Felt, Gruppe). */
export const FeltFeilKontekst = createContext<Record<string, string>>({});
export const useFeltFeil = (navn: string | undefined): string | undefined => {
  const f = useContext(FeltFeilKontekst);
  return navn ? f[navn] : undefined;
};

/** The summary at the top of a form: what the refusal said and what belongs to no field; takes focus. */
export function Feiloppsummering({ feil, refFn }: { feil: Feilbilde; refFn: (el: HTMLDivElement | null) => void }) {
  const antallFelt = Object.keys(feil.felt).length;
  if (!feil.tekst && feil.ovrige.length === 0 && antallFelt === 0) return <div ref={refFn} tabIndex={-1} hidden />;
  return (
    <div ref={refFn} className="melding feil feiloppsummering" role="alert" tabIndex={-1}>
      {feil.tekst && <p>{feil.tekst}</p>}
      {!feil.tekst && antallFelt > 0 && <p>{antallFelt === 1 ? 'Ett felt må rettes.' : `${antallFelt} felt må rettes.`}</p>}
      {feil.ovrige.length > 0 && (
        <ul>
          {feil.ovrige.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Shows a field's message (and its id, for aria-describedby). */
export function Feiltekst({ id, melding }: { id: string; melding?: string }): ReactNode {
  return melding ? (
    <span id={id} className="feiltekst">
      {melding}
    </span>
  ) : null;
}
