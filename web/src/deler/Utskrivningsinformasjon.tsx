/**
 * The patient's own sheet at discharge, from the forløp: the ward prints it ("Skriv ut
 * informasjon til pasienten"), the kommune reads the same text. The sheet is the API's
 * (GET /forlop/{id}/utskrivningsinformasjon, HTML with its print stylesheet): fetched with the
 * token, which stays in this tab, and opened from a blob in a window of its own.
 */
import { useState } from 'react';
import { api, ApiFeil, feilTekst, hentOkt, type Problem } from '../api';
import { Felt, Melding } from './felles';

type Malform = 'nb' | 'nn';

/** Opens the sheet's HTML in `vindu`; with `skrivUt`, asks the window to print once it has loaded. */
function visIVindu(vindu: Window, html: string, skrivUt: boolean): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  vindu.location.href = url;
  const slutt = Date.now() + 10_000;
  const vent = setInterval(() => {
    let lastet: boolean;
    try {
      lastet = vindu.location.href === url && vindu.document.readyState === 'complete';
    } catch {
      lastet = false;
    }
    if (!lastet && Date.now() < slutt && !vindu.closed) return;
    clearInterval(vent);
    if (lastet && skrivUt) vindu.print();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }, 100);
}

export function Utskrivningsinformasjon({ forlopId }: { forlopId: string }) {
  const okt = hentOkt();
  const [malform, settMalform] = useState<Malform>('nb');
  const [feil, settFeil] = useState<string | null>(null);
  if (okt?.rolle !== 'sykehus' && okt?.rolle !== 'kommune') return null;
  const avdelingen = okt.rolle === 'sykehus';

  async function apne() {
    settFeil(null);
    // Opened at once, while the click still counts (a window opened after an await may be blocked).
    const vindu = window.open('', '_blank');
    try {
      const svar = await api.GET('/api/v1/forlop/{id}/utskrivningsinformasjon', {
        params: { path: { id: forlopId }, query: { malform } },
        headers: { accept: 'text/html' },
        parseAs: 'text',
      });
      if (!svar.response.ok || typeof svar.data !== 'string') throw new ApiFeil(svar.response.status, (svar.error ?? {}) as Problem);
      if (!vindu) throw new Error('Nettleseren stoppet det nye vinduet. Tillat vinduer fra denne siden og prøv igjen.');
      visIVindu(vindu, svar.data, avdelingen);
    } catch (e) {
      vindu?.close();
      settFeil(feilTekst(e));
    }
  }

  return (
    <section aria-labelledby={`informasjon-${forlopId}`}>
      <h2 id={`informasjon-${forlopId}`}>Informasjon til pasienten</h2>
      <p className="stille">
        {avdelingen
          ? 'Et ark i klart språk som pasienten tar med seg hjem. Registrer «Informasjon gitt til pasienten» når pasienten har fått det.'
          : 'Det samme arket som pasienten fikk fra sykehuset.'}
      </p>
      <Felt etikett="Målform">
        {(id) => (
          <select id={id} value={malform} onChange={(e) => settMalform(e.target.value as Malform)}>
            <option value="nb">Bokmål</option>
            <option value="nn">Nynorsk</option>
          </select>
        )}
      </Felt>
      <div className="knapperad">
        <button type="button" onClick={() => void apne()}>
          {avdelingen ? 'Skriv ut informasjon til pasienten' : 'Vis informasjonen til pasienten'}
        </button>
      </div>
      {feil && <Melding feil={feil} />}
    </section>
  );
}
