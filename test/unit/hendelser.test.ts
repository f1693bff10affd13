/**
 * The hendelse catalogue (workflows/hendelser/): every entry has each of its parts, so a type
 * added with one missing fails here, not in front of a ward. Its parts: who may send it, its API
 * schema, examples that pass that schema, its varsler, its words in bokmål, and a transition of
 * the machine that accepts it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BYGGEKLOSSER } from '../../api/hendelse-byggeklosser';
import { ROLLER } from '../../api/principal';
import { HENDELSE_SKJEMA } from '../../api/schemas';
import { neste, startTilstand, type ForlopSnapshot, type MaskinHendelse } from '../../workflows/forlop.machine';
import { API_HENDELSE_TYPER, HENDELSE_KATALOG, HENDELSE_TYPER, hendelseBeskrivelse, oppforing, type HendelseType } from '../../workflows/hendelser';
import type { VarselKontekst } from '../../workflows/hendelser/definisjon';
import { VARSEL_TYPER } from '../../workflows/types';

const MAPPE = path.join(__dirname, '../../workflows/hendelser');
const IKKE_OPPFORINGER = ['index.ts', 'definisjon.ts'];
/** Sent by POST /forlop, not /hendelser: no body schema, and the machine starts with it rather than receiving it. */
const VED_OPPRETTELSE: readonly HendelseType[] = ['INNLAGT'];

const forMinutter = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const KONTEKST: VarselKontekst = {
  sykehus: 'HSYK-MO',
  kommune: '1833',
  kartleggingsteam: 'KT-RANA',
  kartleggingInkludert: true,
  fristFor: () => '2026-03-03T12:00:00+01:00',
  inkludertFor: () => false,
  legemiddelliste: () => ({ status: 'pll_oppdatert' }),
};

/** Every hendelse type some reachable state of the machine accepts, trying the catalogue's examples. */
function godtattAvMaskinen(): Set<string> {
  const hendelser: MaskinHendelse[] = [
    ...API_HENDELSE_TYPER.flatMap((type) =>
      oppforing(type)
        .eksempler(forMinutter(10))
        .map((data) => ({ type, data }) as MaskinHendelse),
    ),
    { type: 'OBSERVASJON_UTLOPT' },
  ];
  const godtatt = new Set<string>();
  const sett = new Set<string>();
  const ko: ForlopSnapshot[] = [startTilstand(true), startTilstand(false)];
  while (ko.length) {
    const s = ko.pop()!;
    const nokkel = JSON.stringify([s.value, s.context]);
    if (sett.has(nokkel)) continue;
    sett.add(nokkel);
    for (const h of hendelser) {
      if (!s.can(h)) continue;
      godtatt.add(h.type);
      ko.push(neste(s, h));
    }
  }
  return godtatt;
}

describe('the hendelse catalogue', () => {
  it('holds one entry per file in workflows/hendelser/, filed under its own type', () => {
    const filer = fs.readdirSync(MAPPE).filter((f) => f.endsWith('.ts') && !IKKE_OPPFORINGER.includes(f));
    expect(filer.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...HENDELSE_TYPER].sort());
    for (const t of HENDELSE_TYPER) expect(HENDELSE_KATALOG[t].type).toBe(t);
  });

  it('has a schema for every type but those POST /forlop sends', () => {
    expect(HENDELSE_TYPER.filter((t) => HENDELSE_KATALOG[t].skjema === null)).toEqual(VED_OPPRETTELSE);
    expect([...API_HENDELSE_TYPER].sort()).toEqual(HENDELSE_TYPER.filter((t) => !VED_OPPRETTELSE.includes(t)).sort());
  });

  const godtatt = godtattAvMaskinen();

  describe.each(HENDELSE_TYPER)('%s', (type) => {
    const e = oppforing(type);

    it('says who may send it', () => {
      expect(e.roller.length).toBeGreaterThan(0);
      for (const r of e.roller) expect(ROLLER).toContain(r);
      expect(new Set(e.roller).size).toBe(e.roller.length);
    });

    it('has its words in bokmål', () => {
      expect(e.ord.navn.trim()).not.toBe('');
      expect(e.ord.beskrivelse.trim()).not.toBe('');
      if (e.ord.merknad !== undefined) expect(e.ord.merknad).toMatch(/^[;:] \S/);
      expect(hendelseBeskrivelse(type)).toContain(`(${e.roller.join(', ')})`);
    });

    it('has examples, each passing its API schema', () => {
      const tidspunkt = forMinutter(10);
      const eksempler = e.eksempler(tidspunkt);
      expect(eksempler.length).toBeGreaterThan(0);
      if (VED_OPPRETTELSE.includes(type)) return;
      const skjema = HENDELSE_SKJEMA[type as Exclude<HendelseType, 'INNLAGT'>] as z.ZodType;
      for (const data of eksempler) {
        const r = skjema.safeParse({ type, tidspunkt, ...data });
        expect(r.error?.issues ?? []).toEqual([]);
      }
    });

    it('declares its varsler: each with a receiver among the parties, a known type and words', () => {
      expect(typeof e.varsler).toBe('function');
      for (const data of e.eksempler(forMinutter(10))) {
        for (const v of e.varsler({ data, sekvens: 2 } as never, KONTEKST)) {
          expect([KONTEKST.sykehus, KONTEKST.kommune, KONTEKST.kartleggingsteam]).toContain(v.mottakerOrg);
          expect(VARSEL_TYPER).toContain(v.type);
          expect(v.tekst.trim()).not.toBe('');
        }
      }
    });

    it('is accepted by a transition of the machine', () => {
      if (VED_OPPRETTELSE.includes(type)) return;
      expect(godtatt).toContain(type);
    });
  });

  it('shows a field two types share the same way in a recorded hendelse', () => {
    const sett = new Map<string, { type: string; json: unknown }>();
    for (const t of API_HENDELSE_TYPER) {
      for (const [navn, s] of Object.entries(oppforing(t).skjema!(BYGGEKLOSSER).visning)) {
        const json = z.toJSONSchema(s as z.ZodType, { unrepresentable: 'any' });
        const forst = sett.get(navn);
        if (forst) expect({ navn, type: t, json }).toEqual({ navn, type: t, json: forst.json });
        else sett.set(navn, { type: t, json });
      }
    }
    expect(sett.size).toBeGreaterThan(0);
  });
});
