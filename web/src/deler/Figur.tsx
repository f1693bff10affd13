/**
 * One chart (Chart.js on a canvas) with what a screen reader and an analyst need beside it: a
 * caption, the figures as a table, and each figure's definition from the API one click away.
 */
import { useEffect, useId, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11). */
export const FARGER = ['#1f5fa8', '#b3541e', '#2e7d32', '#6a3d9a', '#a61c3c', '#00796b', '#5d4037', '#37474f', '#8a6d00', '#ad1457', '#283593', '#4e6b00'];

export interface Serie {
  navn: string;
  verdier: Array<number | null>;
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
  format: (n: number | null) => string;
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
          backgroundColor: FARGER[i % FARGER.length],
          borderColor: FARGER[i % FARGER.length],
        })),
      },
      options: {
        locale: 'nb-NO',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${format(c.parsed.y)}` } },
        },
        scales: {
          x: { stacked: stablet },
          y: { stacked: stablet, beginAtZero: true, max: maks, ticks: { precision: heltall ? 0 : undefined, callback: (v) => format(Number(v)) } },
        },
      },
    });
    return () => chart.destroy();
  }, [etiketter, serier, format, stablet, type, maks, heltall]);

  const tom = serier.every((s) => s.verdier.every((v) => v === null || v === 0));
  return (
    <figure className="figur" aria-labelledby={`${id}-tittel`}>
      <figcaption id={`${id}-tittel`}>{tittel}</figcaption>
      <div className="lerret">
        <canvas ref={lerret} role="img" aria-label={`${tittel}. Tallene står i tabellen under figuren.`} />
      </div>
      {tom && <p className="stille">Ingen tall i perioden.</p>}
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
              {serier.map((s) => (
                <th scope="col" key={s.navn}>
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
                  <td key={s.navn}>{format(s.verdier[i] ?? null)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
