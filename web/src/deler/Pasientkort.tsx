/**
 * A patient's card on the ward board and in the kommune's inbox: who (name and fødselsnummer),
 * where, and the frist that matters most to the reader counting down. The card is a link to the
 * forløp's own address.
 */
import { api, krev, type ForlopSammendrag, type ForlopStatus } from '../api';
import { useParter } from '../parter';
import { Lenke } from '../ruter';
import { viktigsteFrist } from '../tavle';
import { KARTLEGGING_STATUS_NAVN } from '../tekster';
import { FristLinje, useNaa } from './felles';

/** Every forløp of one status in the caller's scope (all pages). */
export async function hentAlle(status: ForlopStatus): Promise<ForlopSammendrag[]> {
  const alle: ForlopSammendrag[] = [];
  let cursor: string | undefined;
  for (let side = 0; side < 20; side++) {
    const s = krev(await api.GET('/api/v1/forlop', { params: { query: { status, limit: 200, cursor } } }));
    alle.push(...s.data);
    if (!s.nesteCursor) break;
    cursor = s.nesteCursor;
  }
  return alle;
}

export const pasientNavn = (p: { navn: { fornavn: string; etternavn: string } | null }): string =>
  p.navn ? `${p.navn.fornavn} ${p.navn.etternavn}` : 'Navn ikke oppgitt';

/** `egen`: the reader's rolle; the card shows the frist that rolle answers for first. */
export function Pasientkort({ f, egen }: { f: ForlopSammendrag; egen?: 'sykehus' | 'kommune' }) {
  const naa = useNaa();
  const parter = useParter();
  const frist = viktigsteFrist(f.frister, egen);
  return (
    <li className="kort" data-forlop={f.id}>
      <Lenke til={`/forlop/${f.id}`} className="kort-lenke">
        <span className="kort-tittel">{pasientNavn(f.pasient)}</span>
        <span className="kort-fnr">
          <span className="skjult">fødselsnummer </span>
          {f.pasient.fnr}
        </span>
        <span className="kort-hvor">
          {parter.kommuneNavn(f.oppholdskommune)} · {f.avdeling}
        </span>
        {f.kartlegging.inkludert && <span className="kort-hvor">Kartlegging: {KARTLEGGING_STATUS_NAVN[f.kartlegging.status].toLowerCase()}</span>}
      </Lenke>
      {frist && (
        <ul className="frister kompakt">
          <FristLinje frist={frist} naa={naa} />
        </ul>
      )}
    </li>
  );
}
