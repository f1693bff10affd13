/**
 * The patient's sheet as one HTML page: large type on screen, one A4 page on paper (its print
 * stylesheet). Pure. Its only style is the constant ARK_STIL, allowed by hash in its own
 * Content-Security-Policy and in the web interface's (which opens the sheet in a window of its
 * own from a blob: such a window keeps the policy of the page that made it).
 */
import { createHash } from 'node:crypto';
import type { Ark, Linje } from './tekst';

export const ARK_STIL = `
@page { size: A4; margin: 16mm 18mm; }
html { font-family: "Atkinson Hyperlegible", Verdana, "DejaVu Sans", Arial, sans-serif; color: #111; background: #fff; }
body { margin: 0 auto; max-width: 46rem; padding: 1.5rem; font-size: 1.25rem; line-height: 1.45; }
h1 { font-size: 1.9rem; margin: 0 0 .6rem; }
h2 { font-size: 1.4rem; margin: 1.2rem 0 .3rem; border-bottom: 2px solid #111; }
p { margin: .2rem 0; }
.sitat { font-style: italic; border-left: 4px solid #111; padding-left: .8rem; margin: .4rem 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 13pt; line-height: 1.35; }
  h1 { font-size: 20pt; }
  h2 { font-size: 15pt; margin-top: 9pt; break-after: avoid; }
  section { break-inside: avoid; }
}
`;

/** The CSP source that allows ARK_STIL as an inline style. */
export const ARK_STIL_KILDE = `'sha256-${createHash('sha256').update(ARK_STIL, 'utf8').digest('base64')}'`;

/** The sheet's own Content-Security-Policy: nothing but its style. */
export const ARK_CSP = `default-src 'none'; style-src ${ARK_STIL_KILDE}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (t: string): string => t.replace(/[&<>"']/g, (c) => ESC[c]);

const linje = (l: Linje): string => (l.art === 'sitat' ? `<blockquote class="sitat"><p>${esc(l.tekst)}</p></blockquote>` : `<p>${esc(l.tekst)}</p>`);

export function arkHtml(a: Ark): string {
  const avsnitt = a.avsnitt
    .map((s) => `<section aria-labelledby="${s.id}"><h2 id="${s.id}">${esc(s.overskrift)}</h2>\n${s.linjer.map(linje).join('\n')}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="${a.malform}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(a.tittel)}</title><style>${ARK_STIL}</style></head>
<body><main>
<h1>${esc(a.tittel)}</h1>
${a.innledning.map(linje).join('\n')}
${avsnitt}
</main></body></html>
`;
}
