/** A kartlegging, the team's worklist and the inclusion criteria as the API shows them (api/schemas/kartlegging.ts). */
import type { ArbeidslisteRad, KartleggingDokument, KriterierRad } from '../db/kartlegging';
import { dekrypterFnr, dekrypterNavn } from '../db/pasient';
import type { Principal } from '../workflows/types';
import type { ArbeidslisteElement, KartleggingVisning, KriterierSvar } from './schemas/kartlegging';
import { fristVisning, isoOslo } from './visning';

const kriterierVisning = (k: KriterierRad) => ({ versjon: k.versjon, kriterier: k.kriterier, opprettet: isoOslo(k.opprettet), av: k.av });

/** The criteria in force first, then the earlier versions, newest first (as db/kartlegging.ts lists them). */
export function kriterierSvar([gjeldende, ...tidligere]: KriterierRad[]): KriterierSvar {
  if (!gjeldende) throw new Error('Inklusjonskriteriene for kartlegging mangler (de legges inn av db/migrate.ts)');
  return { ...kriterierVisning(gjeldende), tidligere: tidligere.map(kriterierVisning) };
}

export function kartleggingVisning(d: KartleggingDokument, p: Principal): KartleggingVisning {
  // The team sees its drafts; the ward and the kommune only what is completed.
  const historikk =
    p.rolle === 'kartleggingsteam'
      ? d.utkast.map((u) => ({ versjon: u.versjon, skjemaVersjon: u.skjemaVersjon, innhold: u.innhold, av: u.av, lagret: isoOslo(u.lagret) }))
      : [];
  const f = d.fullfort;
  return {
    forlopId: d.forlopId,
    kartleggingStatus: d.kartleggingStatus,
    fullfort: f
      ? {
          tidspunkt: isoOslo(f.tidspunkt),
          av: f.av,
          fellesVerktoy: f.data.skjemaVersjon !== undefined,
          skjemaVersjon: f.data.skjemaVersjon ?? null,
          innhold: f.data.innhold ?? null,
          resultat: f.data.resultat ? { ...f.data.resultat } : null,
        }
      : null,
    utkast: historikk.at(-1) ?? null,
    historikk,
  };
}

/** One worklist row; the patient's fødselsnummer and name (null when nobody gave it) decrypted with the engine's keys. */
export function arbeidslisteVisning({ navnKryptert, fnrKryptert, ...x }: ArbeidslisteRad, nokler: readonly Buffer[]): ArbeidslisteElement {
  return {
    ...x,
    pasient: { fnr: dekrypterFnr(fnrKryptert, nokler), navn: dekrypterNavn(navnKryptert, nokler) },
    innlagtTidspunkt: isoOslo(x.innlagtTidspunkt),
    frist: x.frist ? fristVisning(x.frist) : null,
    paminnelse: isoOslo(x.paminnelse),
  };
}
