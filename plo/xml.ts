/**
 * XML read as a health integration must: a message from the network becomes a tree of elements
 * with their namespaces resolved, or a refusal that says why. Pure (no I/O).
 *
 * Nothing is ever resolved: a document with a DOCTYPE, an entity declaration or any other markup
 * declaration is refused before the parser sees it (XXE, entity expansion), and only XML's own five
 * entities and numeric character references are read. The size is checked first, so an enormous
 * body costs nothing but its length.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A PLO logistics message is a few kilobytes; ten times the largest the standard's examples show is plenty. */
export const MAKS_XML_BYTE = 256 * 1024;

export interface XmlElement {
  /** Namespace URI ('' for none). */
  ns: string;
  /** Local name, without prefix. */
  navn: string;
  /** Attributes by local name (namespace declarations left out). */
  attr: Record<string, string>;
  barn: XmlElement[];
  /** The element's own text, trimmed. */
  tekst: string;
}

export type XmlFeilArt = 'for-stor' | 'deklarasjon' | 'ikke-velformet';

export class XmlFeil extends Error {
  constructor(
    readonly art: XmlFeilArt,
    melding: string,
  ) {
    super(melding);
    this.name = 'XmlFeil';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entities are decoded below, the five of XML and numeric references only.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const ENTITETER: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function dekod(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] !== '#') return ENTITETER[e];
    const kode = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    if (kode > 0x10ffff) throw new XmlFeil('ikke-velformet', 'Ugyldig tegnreferanse');
    return String.fromCodePoint(kode);
  });
}

type Node = Record<string, unknown>;

function bygg(node: Node, scope: Map<string, string>): XmlElement | null {
  const navnMedPrefiks = Object.keys(node).find((k) => k !== ':@');
  if (!navnMedPrefiks || navnMedPrefiks === '#text' || navnMedPrefiks.startsWith('?')) return null;
  const raAttr = (node[':@'] ?? {}) as Record<string, string>;
  let egetScope = scope;
  for (const [k, v] of Object.entries(raAttr)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (egetScope === scope) egetScope = new Map(scope);
      egetScope.set(k === 'xmlns' ? '' : k.slice(6), dekod(v));
    }
  }
  const attr: Record<string, string> = {};
  for (const [k, v] of Object.entries(raAttr)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    attr[k.includes(':') ? k.slice(k.indexOf(':') + 1) : k] = dekod(v);
  }
  const kolon = navnMedPrefiks.indexOf(':');
  const prefiks = kolon > 0 ? navnMedPrefiks.slice(0, kolon) : '';
  const ns = egetScope.get(prefiks);
  if (ns === undefined && prefiks !== '') throw new XmlFeil('ikke-velformet', `Prefikset «${prefiks}» er ikke deklarert`);
  const barn: XmlElement[] = [];
  const tekst: string[] = [];
  for (const b of (node[navnMedPrefiks] ?? []) as Node[]) {
    if ('#text' in b) tekst.push(dekod(String(b['#text'])));
    else {
      const e = bygg(b, egetScope);
      if (e) barn.push(e);
    }
  }
  return { ns: ns ?? '', navn: kolon > 0 ? navnMedPrefiks.slice(kolon + 1) : navnMedPrefiks, attr, barn, tekst: tekst.join('').trim() };
}

/**
 * The document element of `xml`, namespaces resolved. Throws `XmlFeil`: too large, a markup
 * declaration (DOCTYPE, ENTITY, …: never resolved, refused), or not well-formed.
 */
export function lesXml(xml: string): XmlElement {
  if (Buffer.byteLength(xml, 'utf8') > MAKS_XML_BYTE) {
    throw new XmlFeil('for-stor', `Meldingen er større enn ${MAKS_XML_BYTE / 1024} kB`);
  }
  // Any `<!` but a comment or a CDATA section is a markup declaration: refused unread.
  if (/<!(?!--|\[CDATA\[)/.test(xml)) {
    throw new XmlFeil('deklarasjon', 'Meldingen har en DOCTYPE eller en entitetsdeklarasjon; det tas aldri imot');
  }
  // Without a DTD only XML's own entities exist; any other reference is not well-formed.
  if (/&(?!(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);)/.test(xml)) {
    throw new XmlFeil('ikke-velformet', 'Meldingen har en ukjent entitetsreferanse');
  }
  const gyldig = XMLValidator.validate(xml);
  if (gyldig !== true) {
    throw new XmlFeil('ikke-velformet', `Meldingen er ikke velformet XML (linje ${gyldig.err.line}: ${gyldig.err.msg})`);
  }
  const noder = parser.parse(xml) as Node[];
  const rot = noder.map((n) => bygg(n, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]))).filter((e): e is XmlElement => e !== null);
  if (rot.length !== 1) throw new XmlFeil('ikke-velformet', 'Meldingen må ha nøyaktig ett rotelement');
  return rot[0];
}

/** The children of `el` named `navn` in namespace `ns` (or any of `ns`). */
export function barnAv(el: XmlElement | undefined, ns: string | readonly string[], navn: string): XmlElement[] {
  if (!el) return [];
  const nsListe = typeof ns === 'string' ? [ns] : ns;
  return el.barn.filter((b) => b.navn === navn && nsListe.includes(b.ns));
}

/** The first child of `el` named `navn` in namespace `ns`. */
export function forsteBarn(el: XmlElement | undefined, ns: string | readonly string[], navn: string): XmlElement | undefined {
  return barnAv(el, ns, navn)[0];
}

/** Follows a path of local names in one namespace. */
export function sti(el: XmlElement | undefined, ns: string | readonly string[], ...navn: string[]): XmlElement | undefined {
  let e = el;
  for (const n of navn) e = forsteBarn(e, ns, n);
  return e;
}
