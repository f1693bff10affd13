/**
 * One chart (Chart.js on a canvas) with what a screen reader and an analyst need beside it: a
 * caption, the figures as a table (a share with the counts behind it), and each figure's
 * definition from the API one click away. No data (null) is never drawn or written as 0: the
 * chart leaves a gap where a zero is a thin bar, and the table says "ingen data".
 */
import { useEffect, useId, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { farge } from '../farger';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export const INGEN_DATA = 'ingen data';

export interface Serie {
  navn: string;
  /** null: no data (a share over nothing), not 0. */
  verdier: Array<number | null>;
  /** Its own colour (a kommune's, the same in every chart); else by its place in the chart. */
  farge?: string;
  /** For a share: the teller and nevner behind each value. */
  brok?: Array<{ teller: number; nevner: number } | null>;
}

/** One value in words: "ingen data" for none, a share with its counts ("78 % (7 av 9)"). */
function celle(s: Serie, i: number, format: (n: number) => string): string {
  const v = s.verdier[i] ?? null;
  const b = s.brok?.[i];
  if (v === null) return b ? `${INGEN_DATA} (0 av 0)` : INGEN_DATA;
  return b ? `${format(v)} (${b.teller} av ${b.nevner})` : format(v);
}

export function Figur({
  tittel,
  etiketter,
  serier,
  format,
  definisjoner,
  stablet = false,
  type = 'bar',
  maks,
  heltall = false,
}: {
  tittel: string;
  etiketter: string[];
  serier: Serie[];
  format: (n: number) => string;
  definisjoner: Array<[string, string | undefined]>;
  stablet?: boolean;
  type?: 'bar' | 'line';
  maks?: number;
  /** Counts: no fractions on the axis. */
  heltall?: boolean;
}) {
  const lerret = useRef<HTMLCanvasElement>(null);
  const id = useId();

  useEffect(() => {
    if (!lerret.current) return undefined;
    const chart = new Chart(lerret.current, {
      type,
      data: {
        labels: etiketter,
        datasets: serier.map((s, i) => ({
          label: s.navn,
          data: s.verdier,
          backgroundColor: s.farge ?? farge(i),
          borderColor: s.farge ?? farge(i),
          // A zero is a thin bar, no data none at all (unstacked: stacked zeros would pile up).
          ...(type === 'bar' && !stablet ? { minBarLength: 2 } : {}),
        })),
      },
      options: {
        locale: 'nb-NO',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${celle(serier[c.datasetIndex], c.dataIndex, format)}` } },
        },
        scales: {
          x: { stacked: stablet },
          y: { stacked: stablet, beginAtZero: true, max: maks, ticks: { precision: heltall ? 0 : undefined, callback: (v) => format(Number(v)) } },
        },
      },
    });
    return () => chart.destroy();
  }, [etiketter, serier, format, stablet, type, maks, heltall]);

  const ingenData = serier.every((s) => s.verdier.every((v) => v === null));
  return (
    <figure className="figur" aria-labelledby={`${id}-tittel`}>
      <figcaption id={`${id}-tittel`}>{tittel}</figcaption>
      <div className="lerret">
        <canvas ref={lerret} role="img" aria-label={`${tittel}. Tallene står i tabellen under figuren.`} />
      </div>
      {ingenData && <p className="stille">Ingen data i perioden.</p>}
      <details className="definisjon">
        <summary>Definisjon</summary>
        <dl>
          {definisjoner.map(([navn, tekst]) => (
            <div key={navn}>
              <dt>{navn}</dt>
              <dd>{tekst ?? 'Ingen definisjon oppgitt.'}</dd>
            </div>
          ))}
        </dl>
      </details>
      <details className="tabell-visning">
        <summary>Tabell</summary>
        <table className="tabell">
          <caption className="skjult">{tittel}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="skjult">Periode eller gruppe</span>
              </th>
              {serier.map((s, i) => (
                <th scope="col" key={s.navn}>
                  {/* The series' colour in the chart: the table is also its legend. */}
                  <svg className="fargeprove" width="12" height="12" aria-hidden="true" focusable="false">
                    <rect width="12" height="12" fill={s.farge ?? farge(i)} />
                  </svg>
                  {s.navn}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {etiketter.map((e, i) => (
              <tr key={e}>
                <th scope="row">{e}</th>
                {serier.map((s) => (
                  <td key={s.navn}>{celle(s, i, format)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
