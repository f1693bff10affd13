/** The points a–d of the utskrivningsklar-vurdering as one rule (workflows/utskrivning.ts), which the web imports too. */
import { erFullstendig, manglendePunkter, punktListe, VURDERING_PUNKTER } from '../../workflows/utskrivning';
import { KOMPLETT } from '../helpers/fakta';

describe('manglendePunkter', () => {
  test('a complete vurdering misses none and is valid', () => {
    expect(manglendePunkter(KOMPLETT)).toEqual([]);
    expect(erFullstendig(KOMPLETT)).toBe(true);
  });
  test('each point not documented is named by its letter, in order', () => {
    expect(manglendePunkter({ ...KOMPLETT, problemstillingerVedInnleggelseAvklart: false, funksjonsnivaaVurdert: false })).toEqual(['a', 'd']);
    expect(manglendePunkter({ ovrigeProblemstillingerAvklart: true })).toEqual(['a', 'c', 'd']);
    expect(manglendePunkter(undefined)).toEqual(['a', 'b', 'c', 'd']);
    expect(erFullstendig({ ...KOMPLETT, uavklarteProblemstillingerAngitt: false })).toBe(false);
  });
  test('every point has its field and words, and the list reads as a sentence', () => {
    expect(VURDERING_PUNKTER.map((p) => p.felt).sort()).toEqual(Object.keys(KOMPLETT).sort());
    expect(punktListe(['a'])).toBe('a');
    expect(punktListe(['a', 'd'])).toBe('a og d');
    expect(punktListe(['a', 'b', 'd'])).toBe('a, b og d');
  });
});
