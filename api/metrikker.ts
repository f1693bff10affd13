/**
 * The engine's state as metrics, read from PostgreSQL at scrape time (so every API process
 * shows the same figures, whatever it has served): forløp open per status, frist breaches per
 * frist, avvik per type, status and svarStatus, incoming EDI messages set aside. Labels are bounded sets (statuses, frist ids,
 * avvik types): never a patient, a forløp or an org.
 */
import { Gauge, type Registry } from 'prom-client';
import { SVAR_STATUS_SQL } from '../db/avvik';
import type { Pool } from '../db/pool';

export function registrerTilstandsmetrikker(register: Registry, pool: Pool): void {
  new Gauge({
    name: 'utskrivningsforlop_forlop_apne',
    help: 'Åpne forløp (ikke avsluttet eller avbrutt) per status',
    labelNames: ['status'] as const,
    registers: [register],
    async collect() {
      const { rows } = await pool.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM forlop WHERE status NOT IN ('avsluttet', 'avbrutt') GROUP BY status`,
      );
      this.reset();
      for (const r of rows) this.set({ status: r.status }, r.n);
    },
  });
  new Gauge({
    name: 'utskrivningsforlop_frist_brudd',
    help: 'Fristbrudd registrert som samhandlingsavvik per frist (trukne avvik, der fristen likevel ble holdt, er ikke med)',
    labelNames: ['frist'] as const,
    registers: [register],
    async collect() {
      const { rows } = await pool.query<{ type: string; n: number }>(
        `SELECT type, count(*)::int AS n FROM avvik WHERE type <> 'MANUELT' AND status <> 'trukket' GROUP BY type`,
      );
      this.reset();
      for (const r of rows) this.set({ frist: r.type }, r.n);
    },
  });
  new Gauge({
    name: 'utskrivningsforlop_avvik',
    help: 'Samhandlingsavvik per type, status og svarStatus',
    labelNames: ['type', 'status', 'svar_status'] as const,
    registers: [register],
    async collect() {
      const { rows } = await pool.query<{ type: string; status: string; svar_status: string; n: number }>(
        `SELECT a.type, a.status, ${SVAR_STATUS_SQL} AS svar_status, count(*)::int AS n FROM avvik a GROUP BY 1, 2, 3`,
      );
      this.reset();
      for (const r of rows) this.set({ type: r.type, status: r.status, svar_status: r.svar_status }, r.n);
    },
  });
  new Gauge({
    name: 'utskrivningsforlop_edi_mottak_feilet',
    help: 'EDI-meldinger inn lagt til side etter EDI_MAKS_FORSOK mislykkede forsøk (uleste, ikke kvittert): GET /api/v1/edi/mottak/feilet',
    registers: [register],
    async collect() {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM edi_mottak WHERE feilet IS NOT NULL');
      this.set(rows[0].n);
    },
  });
}
