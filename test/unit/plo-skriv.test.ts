/**
 * plo/skriv.ts, the simulator's message writer: every message it writes reads back through
 * plo/les.ts (the engine's own reader) as the same message, valid, in each type it writes.
 */
import { lesPloMelding } from '../../plo/les';
import { PLO_TYPE_LISTE } from '../../plo/melding';
import { ploMeldingXml, type NyMelding } from '../../plo/skriv';

const grunn: Omit<NyMelding, 'type' | 'msgId' | 'hendelser'> = {
  genDate: '2026-03-29T02:30:00',
  avsender: { herIder: ['8100000', '8101001'], navn: ['Helgelandssykehuset HF', 'Medisinsk avdeling'] },
  mottaker: { herIder: ['918330', '918331'], navn: ['Rana kommune', 'Saksbehandler PLO/rehab'] },
  pasient: { fnr: '15035210072', fornavn: 'Ola & "Kari"', etternavn: 'Nordmann <test>' },
  avdeling: 'Medisinsk avdeling',
};

/** The Hendelsekode (9121) each type carries beside the admission (1). */
const KODE = { LOG_INNLAGT: 1, LOG_UTSKRIVNINGSKLAR: 3, LOG_AVMELDING: 4, LOG_UTSKREVET: 2, LOG_DOD: 13 } as const;

test.each(PLO_TYPE_LISTE)('%s written and read back as the same message', (type) => {
  const m: NyMelding = {
    ...grunn,
    type,
    msgId: `msg-${type}`,
    hendelser: [
      { kode: 1, tid: '2026-03-27T08:15:00' },
      { kode: KODE[type], tid: '2026-10-25T02:30:00', merknad: 'Avmeldt: ny vurdering' },
    ],
    ...(type === 'LOG_UTSKREVET' ? { utskrevetTil: { utTil: '1', uttilstand: '2' } } : {}),
  };
  const lest = lesPloMelding(ploMeldingXml(m));
  if (!lest.ok) throw new Error(JSON.stringify(lest.feil));
  const r = lest.melding;
  expect(r.type).toBe(type);
  expect(r.msgId).toBe(m.msgId);
  expect(r.versjon).toBe('1.6');
  expect(r.forsendelsesstatus).toBe('N');
  expect(r.avsender.herIder).toEqual(['8100000', '8101001']);
  expect(r.mottaker.herIder).toEqual(['918330', '918331']);
  expect(r.pasient).toEqual({ fnr: '15035210072', fornavn: 'Ola & "Kari"', etternavn: 'Nordmann <test>' });
  expect(r.avdeling).toBe('Medisinsk avdeling');
  // The spring gap moves forward; the repeated autumn hour is its first (summer-time) occurrence.
  expect(r.genDate).toBe('2026-03-29T03:30:00+02:00');
  expect(r.hendelser.map((h) => [h.kode, h.tidspunkt, h.merknad])).toEqual([
    [1, '2026-03-27T08:15:00+01:00', null],
    [KODE[type], '2026-10-25T02:30:00+02:00', 'Avmeldt: ny vurdering'],
  ]);
  expect(r.utskrevetTil).toEqual(type === 'LOG_UTSKREVET' ? { utTil: '1', uttilstand: '2' } : null);
});

test('a kansellering names the message it cancels', () => {
  const lest = lesPloMelding(
    ploMeldingXml({ ...grunn, type: 'LOG_INNLAGT', msgId: 'b', kansellerer: 'a', hendelser: [{ kode: 1, tid: '2026-03-27T08:15:00' }] }),
  );
  if (!lest.ok) throw new Error(JSON.stringify(lest.feil));
  expect(lest.melding.forsendelsesstatus).toBe('C');
  expect(lest.melding.refToParent).toBe('a');
});
