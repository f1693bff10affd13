/**
 * A kommune's Dialogmelding answer as the EDI poller reads it (nhn/dialogmelding-svar.ts): which
 * documents are Dialogmeldinger at all, what an answer says, and the Avvist codes when it answers
 * nothing or says nothing.
 */
import { DIALOG_NS, varselSomDialogmelding } from '../../nhn/dialogmelding';
import { erDialogmelding, lesDialogmeldingSvar } from '../../nhn/dialogmelding-svar';
import { ploXml } from '../helpers/plo';

const MH = 'http://www.kith.no/xmlstds/msghead/2006-05-24';
const her = (id: string) => `<Ident><Id>${id}</Id><TypeId V="HER" S="2.16.578.1.12.4.1.1.9051"/></Ident>`;

function svar(o: { ref?: string; notat?: string; sender?: string } = {}): string {
  const ref =
    o.ref === undefined ? '' : `<ConversationRef><RefToParent>${o.ref}</RefToParent><RefToConversation>${o.ref}</RefToConversation></ConversationRef>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><MsgHead xmlns="${MH}"><MsgInfo><Type V="DIALOG_SVAR"/><GenDate>2026-12-03T10:15:00</GenDate>` +
    `<MsgId>a1b2c3d4-0000-4000-8000-000000000001</MsgId>${ref}` +
    `<Sender><Organisation><OrganisationName>Rana kommune</OrganisationName>${her(o.sender ?? '918330')}` +
    `<Organisation><OrganisationName>Saksbehandler PLO</OrganisationName>${her('918331')}</Organisation></Organisation></Sender>` +
    `<Receiver><Organisation><OrganisationName>Motoren</OrganisationName>${her('8199999')}</Organisation></Receiver></MsgInfo>` +
    `<Document><RefDoc><MsgType V="XML"/><Content><d:Dialogmelding xmlns:d="${DIALOG_NS}">` +
    (o.notat ?? '<d:Notat><d:Tema>Svar på varsel</d:Tema><d:TekstNotatInnhold>Vi tar imot pasienten fredag.</d:TekstNotatInnhold></d:Notat>') +
    `</d:Dialogmelding></Content></RefDoc></Document></MsgHead>`
  );
}

test('an answer: the MsgId it answers, its sender, theme and text', () => {
  const lest = lesDialogmeldingSvar(svar({ ref: 'f0e1d2c3-0000-4000-8000-000000000009' }));
  expect(lest).toEqual({
    ok: true,
    svar: expect.objectContaining({ refToParent: 'f0e1d2c3-0000-4000-8000-000000000009', tema: 'Svar på varsel', tekst: 'Vi tar imot pasienten fredag.' }),
  });
  expect(lest.ok && lest.svar.hode.avsender.herIder).toEqual(['918330', '918331']);
  expect(lest.ok && lest.svar.hode.msgId).toBe('a1b2c3d4-0000-4000-8000-000000000001');
});

test('an answer to nothing is E10; one without text is T02', () => {
  expect(lesDialogmeldingSvar(svar())).toMatchObject({ ok: false, feil: [{ kode: 'E10' }] });
  expect(lesDialogmeldingSvar(svar({ ref: 'x', notat: `<d:Notat><d:Tema>Tomt</d:Tema></d:Notat>` }))).toMatchObject({ ok: false, feil: [{ kode: 'T02' }] });
});

test('which documents are Dialogmeldinger: ours and answers are; a PLO message, other XML and no XML are not', () => {
  const vart = varselSomDialogmelding(
    {
      id: 'f0e1d2c3-0000-4000-8000-000000000009',
      mottakerOrg: '1833',
      type: 'FRIST_BRUTT',
      forlopId: 'f0e1d2c3-0000-4000-8000-00000000000a',
      frist: null,
      tekst: 'Frist brutt',
    },
    { avsender: { herId: 8199999, navn: 'Motoren' }, mottaker: { herId: 918330, navn: 'Rana kommune' }, naa: new Date() },
  );
  expect(erDialogmelding(vart)).toBe(true);
  expect(erDialogmelding(svar({ ref: 'x' }))).toBe(true);
  const plo = ploXml({ type: 'LOG_INNLAGT', genDate: '2026-12-03T10:00:00', avsender: ['8100000'], mottaker: ['918330'], fnr: null, hendelser: [] }).xml;
  expect(erDialogmelding(plo)).toBe(false);
  expect(erDialogmelding('<Annet/>')).toBe(false);
  expect(erDialogmelding('ikke XML')).toBe(false);
  expect(erDialogmelding('<!DOCTYPE x><x/>')).toBe(false);
});
