/**
 * "Ikke levert til EPJ": the varsler whose Dialogmelding the kommune's EPJ Avviste or did not
 * receipt within EDI_KVITTERING_FRIST, newest first; the samhandlingsavdeling sees all kommuner,
 * a kommune its own (the API decides). Each names why, links to its forløp, and opens a panel with
 * every delivery of the varsel (webhooks too: the varsel may have reached the kommune another way).
 */
import { Fragment, useState } from 'react';
import { api, krev, type Okt } from '../api';
import { Laster, Melding, useData } from '../deler/felles';
import { tidspunkt } from '../format';
import { ikkeLevertGrunn, KANAL_NAVN, leveringDetalj, leveringStatus, leveringTid } from '../levering';
import { useParter } from '../parter';
import { Lenke } from '../ruter';
import { VARSEL_NAVN } from '../tekster';

/** As many as the page shows; the API's own limit is higher. */
const ANTALL = 200;

/** Every delivery of one varsel, loaded when its panel opens. */
function Leveringer({ varselId, id }: { varselId: string; id: string }) {
  const { data, feil, laster } = useData(() => api.GET('/api/v1/varsler/{id}/leveringer', { params: { path: { id: varselId } } }).then(krev), [varselId]);
  return (
    <div id={id} className="leveringer">
      <Melding feil={feil} />
      <Laster laster={laster && !data}>
        {data && data.data.length === 0 ? (
          <p className="stille">Ingen leveringer registrert.</p>
        ) : (
          <table className="tabell">
            <caption>Leveringer av varselet</caption>
            <thead>
              <tr>
                <th scope="col">Kanal</th>
                <th scope="col">Status</th>
                <th scope="col">Tid</th>
                <th scope="col">Detaljer</th>
              </tr>
            </thead>
            <tbody>
              {(data?.data ?? []).map((l) => (
                <tr key={l.kanal === 'webhook' ? l.webhookId : l.msgId} data-kanal={l.kanal}>
                  <td>{KANAL_NAVN[l.kanal]}</td>
                  <td>{leveringStatus(l)}</td>
                  <td>{tidspunkt(leveringTid(l))}</td>
                  <td>{leveringDetalj(l)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Laster>
    </div>
  );
}

export function IkkeLevert({ okt }: { okt: Okt }) {
  const parter = useParter();
  const [apen, settApen] = useState<string | null>(null);
  const { data, feil, laster } = useData(() => api.GET('/api/v1/varsler/ikke-levert', { params: { query: { limit: ANTALL } } }).then(krev), [okt.org]);
  const rader = data?.data ?? [];
  return (
    <section>
      <h1>Ikke levert til EPJ</h1>
      <p>
        Varsler som ble sendt som Dialogmelding til kommunens EPJ, men som ble avvist eller ikke kvittert innen fristen. Varselet gikk også til kommunens
        webhooks og varselstrøm; se leveringene.
      </p>
      <Melding feil={feil} />
      <Laster laster={laster && !data}>
        {rader.length === 0 ? (
          <p className="stille">Ingen varsler mangler levering.</p>
        ) : (
          <div className="tabell-rulle">
            <table className="tabell ikke-levert">
              <caption>
                {rader.length} {rader.length === 1 ? 'varsel' : 'varsler'}, nyeste først{rader.length >= ANTALL ? ` (de ${ANTALL} nyeste)` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Varsel</th>
                  <th scope="col">Kommune</th>
                  <th scope="col">Opprettet</th>
                  <th scope="col">Grunn</th>
                  <th scope="col">Forløp</th>
                  <th scope="col">Leveringer</th>
                </tr>
              </thead>
              <tbody>
                {rader.map((v) => {
                  const panel = `leveringer-${v.varselId}`;
                  const vises = apen === v.varselId;
                  return (
                    <Fragment key={v.varselId}>
                      <tr data-varsel={v.varselId}>
                        <td>
                          <strong>{VARSEL_NAVN[v.type]}</strong>
                          <div className="stille">{v.tekst}</div>
                        </td>
                        <td>{parter.kommuneNavn(v.kommune)}</td>
                        <td>{tidspunkt(v.opprettet)}</td>
                        <td className="grunn">{ikkeLevertGrunn(v.levering) ?? v.levering.merknad}</td>
                        <td>
                          <Lenke til={`/forlop/${v.forlopId}`} aria-label={`Åpne forløpet: ${VARSEL_NAVN[v.type]}, ${tidspunkt(v.opprettet)}`}>
                            Åpne forløpet
                          </Lenke>
                        </td>
                        <td>
                          <button
                            type="button"
                            className="sekundar"
                            aria-expanded={vises}
                            aria-controls={vises ? panel : undefined}
                            onClick={() => settApen(vises ? null : v.varselId)}
                          >
                            {vises ? 'Skjul leveringer' : 'Vis leveringer'}
                          </button>
                        </td>
                      </tr>
                      {vises && (
                        <tr className="leveringer-rad">
                          <td colSpan={6}>
                            <Leveringer varselId={v.varselId} id={panel} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Laster>
    </section>
  );
}
