/**
 * The kommuner's Dialogmelding answers on a forløp (received by the EDI poller, nhn/mottak.ts),
 * decrypted for a reader the forløp's scope already let in.
 */
import { listDialogmeldinger } from '../../db/edi-mottak';
import { dekrypterTekst } from '../../db/pasient';
import { DIALOGMELDING_FORMAL } from '../../nhn/mottak';
import { pasientNokler, type ApiDeps } from '../deps';
import type { DialogmeldingVisning } from '../schemas/dialogmelding';
import { isoOslo } from '../visning';

export async function dialogmeldingerFor(deps: ApiDeps, forlopId: string): Promise<DialogmeldingVisning[]> {
  const rader = await listDialogmeldinger(deps.pool, forlopId);
  return rader.map((r) => {
    const { tema, tekst } = JSON.parse(dekrypterTekst(r.innholdKryptert, pasientNokler(deps.nokler), DIALOGMELDING_FORMAL)) as {
      tema: string | null;
      tekst: string;
    };
    return {
      id: r.id,
      svarPaVarsel: r.varselId,
      svarPaVarselTekst: r.varselTekst,
      fra: { org: r.avsenderOrg },
      sendt: isoOslo(r.sendt),
      mottatt: isoOslo(r.mottatt),
      tema,
      tekst,
    };
  });
}
