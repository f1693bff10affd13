/**
 * The patient's sheet as a PDF (pdfkit): one A4 page, DejaVu Sans embedded (the TrueType files
 * of the npm package dejavu-fonts-ttf, subset into the document), so it prints the same on any
 * machine and its text can be selected and read aloud. The type is as large as fits one page.
 */
import PDFDocument from 'pdfkit';
import type { Ark } from './tekst';

const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_FET = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const MARG = 50; // points, about 18 mm
const A4_HOYDE = 841.89;

interface Skala {
  tittel: number;
  overskrift: number;
  tekst: number;
}

/** Sizes from the largest down, the first whose sheet fits on one page. */
const SKALAER: readonly Skala[] = [
  { tittel: 22, overskrift: 16, tekst: 14 },
  { tittel: 20, overskrift: 15, tekst: 13 },
  { tittel: 18, overskrift: 14, tekst: 12 },
  { tittel: 16, overskrift: 12, tekst: 10.5 },
  { tittel: 14, overskrift: 11, tekst: 9 },
];

type Doc = InstanceType<typeof PDFDocument>;

/** Writes the sheet at a scale; with `maal` only it measures (returns the height it takes). */
function skriv(doc: Doc, a: Ark, s: Skala, maal: boolean): number {
  const bredde = doc.page.width - 2 * MARG;
  let hoyde = 0;
  const tekst = (t: string, font: string, str: number, valg: PDFKit.Mixins.TextOptions = {}, etter = 0) => {
    doc.font(font).fontSize(str);
    hoyde += doc.heightOfString(t, { width: bredde, ...valg }) + etter;
    if (!maal) {
      doc.text(t, { width: bredde, ...valg });
      if (etter) doc.moveDown(etter / doc.currentLineHeight(true));
    }
  };
  tekst(a.tittel, 'fet', s.tittel, {}, s.tekst * 0.5);
  for (const l of a.innledning) tekst(l.tekst, 'vanlig', s.tekst);
  for (const avsnitt of a.avsnitt) {
    hoyde += s.tekst * 0.8;
    if (!maal) doc.moveDown(0.8 * (s.tekst / doc.currentLineHeight(true)));
    tekst(avsnitt.overskrift, 'fet', s.overskrift, {}, 2);
    for (const l of avsnitt.linjer) {
      if (l.art === 'sitat') tekst(`«${l.tekst}»`, 'vanlig', s.tekst, { indent: 14 });
      else tekst(l.tekst, 'vanlig', s.tekst);
    }
  }
  return hoyde;
}

export function arkPdf(a: Ark): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARG,
    lang: a.malform === 'nb' ? 'nb-NO' : 'nn-NO',
    displayTitle: true,
    info: { Title: a.tittel, Creator: 'Utskrivningsforløp' },
    pdfVersion: '1.7',
    tagged: true,
  });
  doc.registerFont('vanlig', FONT);
  doc.registerFont('fet', FONT_FET);
  const biter: Buffer[] = [];
  doc.on('data', (b: Buffer) => biter.push(b));
  const ferdig = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(biter)));
    doc.on('error', reject);
  });
  const plass = A4_HOYDE - 2 * MARG;
  const skala = SKALAER.find((s) => skriv(doc, a, s, true) <= plass) ?? SKALAER[SKALAER.length - 1];
  skriv(doc, a, skala, false);
  doc.end();
  return ferdig;
}
