/**
 * The forløp's states as a Mermaid diagram, generated from the xstate machine itself so the
 * README cannot drift from the rules. `npm run diagram` rewrites the block in README.md;
 * a unit test fails when the README's block is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { forlopMachine } from '../workflows/forlop.machine';

interface Node {
  key: string;
  states: Record<string, Node>;
  transitions: Map<string, { target?: Node[]; guard?: unknown }[]>;
  always?: { target?: Node[]; guard?: unknown }[];
}

/** A guard's name; a combined guard (xstate's `and`) as its parts joined. */
function guardName(g: unknown): string | null {
  if (typeof g === 'string') return g;
  if (!g || (typeof g !== 'object' && typeof g !== 'function')) return null;
  const deler = (g as { guards?: unknown[] }).guards;
  if (Array.isArray(deler))
    return deler
      .map(guardName)
      .filter((x) => x !== null)
      .join(' og ');
  return 'type' in g ? String((g as { type: string }).type) : null;
}

function kanter(node: Node, fra: string): string[] {
  const ut: string[] = [];
  const leggTil = (hendelse: string, t: { target?: Node[]; guard?: unknown }) => {
    const vakt = guardName(t.guard);
    const etikett = vakt ? `${hendelse} [${vakt}]` : hendelse;
    const mal = t.target?.[0]?.key;
    ut.push(mal ? `    ${fra} --> ${mal}: ${etikett}` : `    ${fra} --> ${fra}: ${etikett}`);
  };
  for (const [hendelse, ts] of node.transitions) for (const t of ts) leggTil(hendelse, t);
  for (const t of node.always ?? []) leggTil('(straks)', t);
  return ut;
}

export function mermaidDiagram(): string {
  const forlop = (forlopMachine.root as unknown as Node).states.forlop;
  const linjer = ['stateDiagram-v2', '    [*] --> innlagt: INNLAGT (POST /forlop)'];
  for (const [navn, node] of Object.entries(forlop.states)) {
    const barn = Object.entries(node.states);
    if (barn.length) {
      linjer.push(`    state "på sykehus" as ${navn} {`);
      for (const [b, bn] of barn) linjer.push(...kanter(bn, b).map((l) => `    ${l}`));
      linjer.push('    }');
    }
    linjer.push(...kanter(node, navn));
  }
  linjer.push('    avsluttet --> [*]', '    avbrutt --> [*]');
  return linjer.join('\n');
}

/** The kartlegging region (Trygt hjem), beside the forløp while the patient is in hospital. */
export function kartleggingDiagram(): string {
  const region = (forlopMachine.root as unknown as Node).states.kartlegging;
  const linjer = ['stateDiagram-v2', '    [*] --> valg: INNLAGT (inkludert av avdelingen eller kriteriene)'];
  for (const [navn, node] of Object.entries(region.states)) linjer.push(...kanter(node, navn));
  linjer.push('    fullfort --> [*]');
  return linjer.join('\n');
}

const START = '<!-- diagram:start (npm run diagram) -->';
const SLUTT = '<!-- diagram:end -->';

export function readmeMedDiagram(readme: string): string {
  const blokk =
    `${START}\n\`\`\`mermaid\n${mermaidDiagram()}\n\`\`\`\n\n` +
    `Kartlegging, the parallel region:\n\n\`\`\`mermaid\n${kartleggingDiagram()}\n\`\`\`\n${SLUTT}`;
  const i = readme.indexOf(START);
  const j = readme.indexOf(SLUTT);
  if (i < 0 || j < 0) throw new Error('README.md has no diagram markers');
  return readme.slice(0, i) + blokk + readme.slice(j + SLUTT.length);
}

if (require.main === module) {
  const fil = path.join(__dirname, '..', 'README.md');
  fs.writeFileSync(fil, readmeMedDiagram(fs.readFileSync(fil, 'utf8')));
  console.log('README.md: diagram updated');
}
