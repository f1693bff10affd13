/**
 * The pure rules of the Dialogmelding delivery: which of a kommune's addresses gets it, how a
 * receipt is read, how long the receipt follow-up waits between looks, and the frist's parsing.
 */
import { kvitteringFristMs } from '../../nhn/edi-ut';
import { tolkKvittering } from '../../nhn/kvittering';
import { mottakerHerId, ploAdresse } from '../../nhn/plo-adresse';
import { forsteVent, nesteVent } from '../../workflows/kvittering-venting';

describe("the kommune's PLO address", () => {
  const vega = [
    { herId: '918153', navn: 'Vega kommune, Legetjeneste PLO' },
    { herId: '918150', navn: 'Vega kommune' },
    { herId: '918152', navn: 'Vega kommune, Sykepleietjeneste PLO' },
    { herId: '918151', navn: 'Vega kommune, Saksbehandler PLO/rehab' },
  ];

  test('Saksbehandler PLO, as a unit under the kommune', () => {
    const a = ploAdresse(vega)!;
    expect(a).toEqual({ herId: 918150, navn: 'Vega kommune', enhet: { herId: 918151, navn: 'Vega kommune, Saksbehandler PLO/rehab' } });
    expect(mottakerHerId(a)).toBe(918151);
  });

  test('without a Saksbehandler, the first PLO service; without the kommune row, the service alone; without PLO, none', () => {
    expect(ploAdresse(vega.filter((a) => a.herId !== '918151'))?.enhet?.herId).toBe(918152);
    expect(ploAdresse(vega.filter((a) => a.herId !== '918150'))).toEqual({ herId: 918151, navn: 'Vega kommune, Saksbehandler PLO/rehab' });
    expect(ploAdresse([{ herId: '918150', navn: 'Vega kommune' }])).toBeUndefined();
    expect(ploAdresse([{ herId: '918150', navn: 'Vega kommune, Diploma-kontoret' }])).toBeUndefined();
    expect(ploAdresse([])).toBeUndefined();
  });
});

describe('reading a receipt', () => {
  const MOTTAKER = 918151;
  test('Ok and OkErrorInMessagePart are delivered; Rejected is avvist with its first error; none is waiting', () => {
    expect(tolkKvittering(MOTTAKER, [{ receiverHerId: MOTTAKER, transportDeliveryState: 'Acknowledged', appRecStatus: null }], [])).toEqual({
      utfall: 'venter',
    });
    expect(tolkKvittering(MOTTAKER, [{ receiverHerId: MOTTAKER, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' }], [])).toEqual({
      utfall: 'levert',
      kvitteringStatus: 'Ok',
      kode: null,
      beskrivelse: null,
    });
    const delvis = tolkKvittering(
      MOTTAKER,
      [{ receiverHerId: MOTTAKER, transportDeliveryState: 'Acknowledged', appRecStatus: 'OkErrorInMessagePart' }],
      [{ receiverHerId: MOTTAKER, appRecStatus: 'OkErrorInMessagePart', appRecErrorList: [{ errorCode: 'X99', details: 'Vedlegg ignorert' }] }],
    );
    expect(delvis).toMatchObject({ utfall: 'levert', kode: 'X99', beskrivelse: 'Vedlegg ignorert' });
    const avvist = tolkKvittering(
      MOTTAKER,
      [{ receiverHerId: MOTTAKER, transportDeliveryState: 'Rejected', appRecStatus: 'Rejected' }],
      [
        {
          receiverHerId: MOTTAKER,
          appRecStatus: 'Rejected',
          appRecErrorList: [
            { errorCode: 'E35', details: 'detaljer', description: 'Ukjent mottaker' },
            { errorCode: 'E10', details: null },
          ],
        },
      ],
    );
    expect(avvist).toEqual({ utfall: 'avvist', kvitteringStatus: 'Rejected', kode: 'E35', beskrivelse: 'Ukjent mottaker' });
  });

  test('a transport rejection without an AppRec is avvist; another receiver’s receipt does not count', () => {
    expect(tolkKvittering(MOTTAKER, [{ receiverHerId: MOTTAKER, transportDeliveryState: 'Rejected', appRecStatus: null }], [])).toMatchObject({
      utfall: 'avvist',
      kode: null,
    });
    expect(
      tolkKvittering(
        MOTTAKER,
        [
          { receiverHerId: 1, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' },
          { receiverHerId: MOTTAKER, transportDeliveryState: 'Unconfirmed', appRecStatus: null },
        ],
        [],
      ),
    ).toEqual({ utfall: 'venter' });
  });
});

describe('the waits between looks at the receipt', () => {
  test('a tenth of the frist first (1 s to 30 s), doubling to at most 15 minutes: about twenty looks in four hours', () => {
    expect(forsteVent(8_000)).toBe(1000);
    expect(forsteVent(60_000)).toBe(6000);
    expect(forsteVent(4 * 3_600_000)).toBe(30_000);
    let t = 0;
    let looks = 0;
    for (let v = forsteVent(4 * 3_600_000); t < 4 * 3_600_000; v = nesteVent(v)) {
      t += v;
      looks++;
    }
    expect(nesteVent(10 * 60_000)).toBe(15 * 60_000);
    expect(looks).toBeGreaterThan(10);
    expect(looks).toBeLessThan(25);
  });
});

test('EDI_KVITTERING_FRIST is a positive ISO 8601 duration', () => {
  expect(kvitteringFristMs('PT4H')).toBe(4 * 3_600_000);
  expect(kvitteringFristMs('PT8S')).toBe(8000);
  for (const feil of ['4h', 'PT0S', '', 'P-1D']) expect(() => kvitteringFristMs(feil)).toThrow(/EDI_KVITTERING_FRIST/);
});
