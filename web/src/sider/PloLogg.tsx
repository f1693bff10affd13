/**
 * The PLO message log on the samhandling desk: the messages received, newest first, with the
 * receipt's status and errors (kodeverk 8221, in bokmål), and whether each changed a forløp.
 * The API decides what a party sees.
 */
import { useState } from 'react';
import { api, krev, type Okt } from '../api';
import { Laster, Melding, useData } from '../deler/felles';
import { tidspunkt } from '../format';

type Status = 'ok' | 'avvist' | '';

export function PloLogg({ okt }: { okt: Okt }) {
  const [status, settStatus] = useState<Status>('');
  const { data, feil, laster } = useData(
    () => api.GET('/api/v1/plo/meldinger', { params: { query: { limit: 200, ...(status ? { status } : {}) } } }).then(krev),
    [status, okt.org],
  );
  return (
    <section>
      <h1>PLO-meldinger</h1>
      <p>Meldingene sykehuset og kommunene har sendt over Helsenettet, og kvitteringen motoren svarte med.</p>
      <label htmlFor="plo-status">Kvittering</label>{' '}
      <select id="plo-status" value={status} onChange={(e) => settStatus(e.currentTarget.value as Status)}>
        <option value="">Alle</option>
        <option value="ok">OK</option>
        <option value="avvist">Avvist</option>
      </select>
      <Melding feil={feil} />
      <Laster laster={laster && !data}>
        <table className="tabell">
          <caption>
            {data?.data.length ?? 0} meldinger{data?.nesteCursor ? ' (de siste 200)' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Mottatt</th>
              <th scope="col">Type</th>
              <th scope="col">Avsender</th>
              <th scope="col">Mottaker</th>
              <th scope="col">Kvittering</th>
              <th scope="col">Virkning</th>
            </tr>
          </thead>
          <tbody>
            {(data?.data ?? []).map((m) => (
              <tr key={`${m.avsender.herId}/${m.msgId}`}>
                <td>{tidspunkt(m.mottatt)}</td>
                <td>
                  {m.type}
                  {m.kansellering ? ' (kansellering)' : ''} <span className="stille">v{m.versjon ?? '?'}</span>
                </td>
                <td>
                  {m.avsender.org ?? 'ukjent'} <span className="stille">HER {m.avsender.herId}</span>
                </td>
                <td>{m.mottaker.org ?? 'ukjent'}</td>
                <td>
                  {m.status === 'ok' ? 'OK' : 'Avvist'}
                  {m.feil.map((f) => (
                    <div key={f.kode}>
                      {f.kode}: {f.tekst}
                    </div>
                  ))}
                </td>
                <td>
                  {m.anvendt ? 'Anvendt på forløpet' : (m.merknad ?? 'Ingen')}
                  {m.kansellertAv ? ' · senere kansellert' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Laster>
    </section>
  );
}
