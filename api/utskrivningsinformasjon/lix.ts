/**
 * LIX (läsbarhetsindex, Björnsson 1968): words per sentence plus the share of long words (more
 * than six letters) in per cent. Under 40 is easy reading; the patient's sheet is held there.
 *
 * Each text given is a unit that ends a sentence at its end (a heading, a line), whatever its
 * punctuation. Inside a unit a sentence ends at `.`, `!`, `?` or `:` followed by a capital, a
 * digit or the unit's end, so "1. desember" and "klokken 10.00" end none. A word is a run of
 * characters without space that holds a letter or a digit; its length counts letters only, so a
 * telephone number is short words.
 */
const ORD = /\S+/gu;
const HAR_TEGN = /[\p{L}\p{N}]/u;
const BOKSTAV = /\p{L}/gu;
const SETNINGSSLUTT = /[.!?:]+(?=\s+[\p{Lu}\p{N}]|\s*$)/gu;

export interface Lesbarhet {
  ord: number;
  setninger: number;
  langeOrd: number;
  lix: number;
}

export function lesbarhet(tekster: readonly string[]): Lesbarhet {
  let ord = 0;
  let setninger = 0;
  let langeOrd = 0;
  for (const tekst of tekster) {
    const alle = (tekst.match(ORD) ?? []).filter((o) => HAR_TEGN.test(o));
    if (alle.length === 0) continue;
    ord += alle.length;
    langeOrd += alle.filter((o) => (o.match(BOKSTAV) ?? []).length > 6).length;
    const slutt = (tekst.match(SETNINGSSLUTT) ?? []).length;
    // A unit without a final stop (a heading) is a sentence of its own.
    setninger += slutt + (/[.!?:]\s*$/u.test(tekst) ? 0 : 1);
  }
  const lix = ord === 0 ? 0 : ord / setninger + (100 * langeOrd) / ord;
  return { ord, setninger, langeOrd, lix };
}

export const lix = (tekster: readonly string[]): number => lesbarhet(tekster).lix;
