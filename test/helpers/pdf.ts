/**
 * A PDF's text and page count as a reader gets them, by pdf.js (pdfjs-dist, Mozilla's viewer).
 * pdf.js is an ES module, which Jest's CommonJS runtime cannot load: it runs in a child Node.
 */
import { execFile } from 'node:child_process';

const SKRIPT = `
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const biter = [];
for await (const b of process.stdin) biter.push(b);
const doc = await getDocument({ data: new Uint8Array(Buffer.concat(biter)), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
const sider = [];
for (let i = 1; i <= doc.numPages; i++) {
  const innhold = await (await doc.getPage(i)).getTextContent();
  sider.push(innhold.items.map((x) => x.str + (x.hasEOL ? '\\n' : '')).join(''));
}
process.stdout.write(JSON.stringify({ sider }));
`;

export interface PdfInnhold {
  sider: string[];
  /** Every page's text, lines joined by spaces (as a search reads it). */
  tekst: string;
}

export function lesPdf(pdf: Buffer): Promise<PdfInnhold> {
  return new Promise((resolve, reject) => {
    const barn = execFile(
      process.execPath,
      ['--input-type=module', '-e', SKRIPT],
      { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 },
      (feil, stdout, stderr) => {
        if (feil) return reject(new Error(`pdf.js kunne ikke lese PDF-en: ${stderr || feil.message}`));
        const { sider } = JSON.parse(stdout) as { sider: string[] };
        resolve({ sider, tekst: sider.join('\n').replace(/\s+/g, ' ') });
      },
    );
    barn.stdin?.end(pdf);
  });
}
