/**
 * The charts' colours: 20, at least 3:1 against white (WCAG 1.4.11) and pairwise apart (CIEDE2000
 * ≥ 8, so two neighbouring series are told apart), more than Helgeland's 18 kommuner so each
 * kommune keeps one colour of its own in every chart (test/unit/farger.test.ts checks all three).
 * The first twelve are the earlier palette; the rest were picked to be furthest from those before.
 */
export const FARGER = [
  '#1f5fa8',
  '#b3541e',
  '#2e7d32',
  '#6a3d9a',
  '#a61c3c',
  '#00796b',
  '#5d4037',
  '#37474f',
  '#8a6d00',
  '#ad1457',
  '#283593',
  '#4e6b00',
  '#f500f5',
  '#3198c4',
  '#7a9900',
  '#f50031',
  '#cb7e0b',
  '#17a177',
  '#594e22',
  '#136f86',
] as const;

/** The colour of the `i`-th of a fixed list (each kommune by its place among all kommuner); past the palette, round again. */
export const farge = (i: number): string => FARGER[((i % FARGER.length) + FARGER.length) % FARGER.length];
