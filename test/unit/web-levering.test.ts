/**
 * A varsel's deliveries in words (web/src/levering.ts), as the page "Ikke levert til EPJ" shows
 * them: why a Dialogmelding did not reach the EPJ, and each channel's status, time and details.
 */
import { ikkeLevertGrunn, leveringDetalj, leveringStatus, leveringTid, type DialogmeldingLevering, type WebhookLevering } from '../../web/src/levering';

function dialogmelding(o: Partial<DialogmeldingLevering>): DialogmeldingLevering {
  return {
    kanal: 'dialogmelding',
    status: 'venter',
    levert: null,
    mottakerHerId: '918331',
    msgId: '3f1c2d9e-6b1a-4c55-9f0e-2a7d9b8c1e42',
    sendt: '2026-12-03T10:00:00+01:00',
    avgjort: null,
    kvittering: null,
    merknad: null,
    ...o,
  };
}

test('an Avvist receipt names its code and text; no receipt in time says so; delivered or waiting has no reason', () => {
  const avvist = dialogmelding({
    status: 'avvist',
    levert: false,
    avgjort: '2026-12-03T10:01:00+01:00',
    kvittering: { status: 'Rejected', kode: 'E35', beskrivelse: 'Ukjent mottaker' },
    merknad: 'Ikke levert til kommunens EPJ',
  });
  expect(ikkeLevertGrunn(avvist)).toBe('Avvist: E35 Ukjent mottaker');
  expect(ikkeLevertGrunn({ ...avvist, kvittering: { status: 'Rejected', kode: null, beskrivelse: null } })).toBe('Avvist av kommunens EPJ');
  expect(ikkeLevertGrunn(dialogmelding({ status: 'ikke_kvittert', levert: false, avgjort: '2026-12-03T10:05:00+01:00' }))).toBe(
    'Ingen kvittering innen fristen',
  );
  expect(ikkeLevertGrunn(dialogmelding({ status: 'levert', levert: true }))).toBeNull();
  expect(ikkeLevertGrunn(dialogmelding({}))).toBeNull();

  expect(leveringStatus(avvist)).toBe('Avvist');
  expect(leveringTid(avvist)).toBe('2026-12-03T10:01:00+01:00');
  expect(leveringTid(dialogmelding({}))).toBe('2026-12-03T10:00:00+01:00');
  expect(leveringDetalj(avvist)).toBe('til HER-id 918331 · Avvist: E35 Ukjent mottaker');
  expect(leveringDetalj(dialogmelding({ status: 'levert', levert: true, kvittering: { status: 'Ok', kode: null, beskrivelse: null } }))).toBe(
    'til HER-id 918331 · kvittering Ok',
  );
});

test('a webhook: levert or feilet, its last attempt, the attempts and what the receiver answered', () => {
  const w: WebhookLevering = {
    kanal: 'webhook',
    webhookId: '8d6f1c2e-4b1a-4f7e-9a51-2f0c3d4e5a6b',
    status: 'feilet',
    levert: false,
    forsok: 3,
    sisteForsok: '2026-12-03T10:02:00+01:00',
    httpStatus: 503,
    feil: 'Service Unavailable',
  };
  expect(leveringStatus(w)).toBe('Feilet');
  expect(leveringTid(w)).toBe('2026-12-03T10:02:00+01:00');
  expect(leveringDetalj(w)).toBe('3 forsøk · HTTP 503 · Service Unavailable');
  expect(leveringDetalj({ ...w, status: 'levert', levert: true, forsok: 1, httpStatus: 200, feil: null })).toBe('1 forsøk · HTTP 200');
});
