/** The README's state diagram is generated from the machine; this fails when someone changes one without the other. */
import fs from 'node:fs';
import path from 'node:path';
import { kartleggingDiagram, mermaidDiagram, readmeMedDiagram } from '../../scripts/diagram';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

test('README.md shows the diagram of the current machine (run `npm run diagram` after changing it)', () => {
  expect(readmeMedDiagram(readme)).toBe(readme);
});

test('the diagram names every forløp status of the API and the transitions that leave hospital', () => {
  const d = mermaidDiagram();
  for (const status of ['innlagt', 'utskrivningsklar', 'venter_pa_kommune', 'klar_for_utskrivning', 'utskrevet', 'avsluttet', 'avbrutt']) {
    expect(d).toContain(status);
  }
  expect(d).toContain('klar_for_utskrivning --> utskrevet: UTSKREVET');
  expect(d).toContain('utskrivningsklar --> venter_pa_kommune: KOMMUNESVAR [kanIkkeTaImot]');
});

test('the kartlegging region shows inclusion changing while the patient is in hospital', () => {
  const d = kartleggingDiagram();
  expect(d).toContain('ikke_inkludert --> ikke_startet: KARTLEGGING_INKLUSJON [pasientenErPaSykehus og inkluderes]');
  expect(d).toContain('pagar --> ikke_inkludert: KARTLEGGING_INKLUSJON [pasientenErPaSykehus og ekskluderes]');
  expect(d).toContain('pagar --> fullfort: KARTLEGGING_FULLFORT [pasientenErPaSykehus]');
});
