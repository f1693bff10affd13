/**
 * What the kartlegging routes do, each in one call: read the document (the read in the access
 * log), save a draft, page the team's worklist, and store new inclusion criteria.
 */
import {
  arbeidsliste,
  hentKartlegging,
  KartleggingLukket,
  lagreKriterier,
  lagreUtkast,
  listKriterier,
  type ArbeidslisteRad,
  type KartleggingDokument,
  type KriterierRad,
} from '../../db/kartlegging';
import { forlopIScope, hentKartleggingsteam, kommuneFinnes, loggLesing } from '../../db/les';
import { iTransaksjon, type Pool } from '../../db/pool';
import type { Principal } from '../../workflows/types';
import { problemer } from '../problem';
import { CURSOR_FEIL } from '../schemas';
import type { ArbeidslisteQuery, KartleggingKriterier, UtkastBody } from '../schemas/kartlegging';

/** The forløp's kartlegging when the caller may see the forløp (else 404), the read in the access log under `handling`. */
async function lesDokument(pool: Pool, p: Principal, id: string, handling: string): Promise<KartleggingDokument> {
  const d = await hentKartlegging(pool, id);
  if (!d) throw problemer.ikkeFunnet('Forløpet finnes ikke');
  await loggLesing(pool, p, id, handling);
  return d;
}

/** GET /forlop/{id}/kartlegging. */
export async function lesKartlegging(pool: Pool, p: Principal, id: string): Promise<KartleggingDokument> {
  if (!(await forlopIScope(pool, id, p))) throw problemer.ikkeFunnet('Forløpet finnes ikke');
  return lesDokument(pool, p, id, 'kartlegging');
}

/** PUT /forlop/{id}/kartlegging: a new draft version, then the document as it now stands. */
export async function lagreKartleggingUtkast(pool: Pool, p: Principal, id: string, body: UtkastBody): Promise<KartleggingDokument> {
  if (!(await forlopIScope(pool, id, p))) throw problemer.ikkeFunnet('Forløpet finnes ikke');
  try {
    await lagreUtkast(pool, id, body.skjemaVersjon, body.innhold, p);
  } catch (e) {
    if (!(e instanceof KartleggingLukket)) throw e;
    throw problemer.ugyldigOvergang(
      `Kartleggingen tar ikke imot utkast: forløpet har status «${e.status}», kartleggingen «${e.kartleggingStatus}». ` +
        'Utkast lagres mens pasienten er inkludert og innlagt, til kartleggingen er fullført.',
      { status: e.status, kartleggingStatus: e.kartleggingStatus },
    );
  }
  return lesDokument(pool, p, id, 'kartlegging-utkast');
}

/** The worklist's page position as an opaque cursor. */
const tilCursor = (posisjon: number): string => Buffer.from(`p${posisjon}`).toString('base64url');
function fraCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^p(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw problemer.validering([{ felt: 'query.cursor', melding: CURSOR_FEIL }]);
  return Number(m[1]);
}

/** The team's id, or 404: another team's list is as missing as an unknown team's. */
export async function kartleggingsteamFor(pool: Pool, p: Principal, team: string): Promise<string> {
  if ((p.rolle === 'kartleggingsteam' && p.org !== team) || !(await hentKartleggingsteam(pool, team))) {
    throw problemer.ikkeFunnet('Kartleggingsteamet finnes ikke');
  }
  return team;
}

/** GET /kartleggingsteam/{id}/arbeidsliste: one page, each forløp on it in the access log. */
export async function arbeidslisteSide(
  pool: Pool,
  p: Principal,
  team: string,
  q: ArbeidslisteQuery,
): Promise<{ rader: ArbeidslisteRad[]; nesteCursor: string | null }> {
  const fra = fraCursor(q.cursor);
  const rader = await arbeidsliste(pool, team, fra, q.limit + 1);
  const side = rader.slice(0, q.limit);
  await loggLesing(
    pool,
    p,
    side.map((x) => x.forlopId),
    'arbeidsliste',
  );
  return { rader: side, nesteCursor: rader.length > q.limit ? tilCursor(fra + q.limit) : null };
}

/** PUT /konfigurasjon/kartlegging: every kommune must be known (else 400 naming each); then a new version. */
export async function nyeKriterier(pool: Pool, p: Principal, kriterier: KartleggingKriterier): Promise<KriterierRad[]> {
  const ukjente = [];
  for (const [i, k] of kriterier.kommuner.entries()) {
    if (!(await kommuneFinnes(pool, k.nummer))) ukjente.push({ felt: `kommuner.${i}.nummer`, melding: 'ukjent kommunenummer' });
  }
  if (ukjente.length) throw problemer.validering(ukjente);
  await iTransaksjon(pool, (c) => lagreKriterier(c, kriterier, p));
  return listKriterier(pool);
}
