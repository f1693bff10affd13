/**
 * Sign-in. In development the service issues a token for the rolle and org chosen
 * (POST /innlogging/utviklingstoken); in production the identity provider signs in with OIDC and
 * PKCE; a token can always be pasted. The token is kept in sessionStorage, never in a URL.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, feilTekst, krev, type Innlogging as InnloggingInfo, type Okt, type Rolle } from '../api';
import { Felt, Melding } from '../deler/felles';
import { claim, claims, fullforOidc, loggInnMedOidc } from '../oidc';
import { ROLLE_NAVN } from '../tekster';

const ROLLER: Rolle[] = ['sykehus', 'kommune', 'kartleggingsteam', 'samhandling', 'admin'];

function oktFraToken(token: string, info: InnloggingInfo): Okt {
  const c = claims(token.trim());
  let rolle = claim(c, info.claims.rolle);
  if (Array.isArray(rolle)) rolle = rolle.find((r) => ROLLER.includes(r as Rolle));
  if (!ROLLER.includes(rolle as Rolle)) throw new Error('Tokenet har ingen rolle denne tjenesten kjenner');
  const org = claim(c, info.claims.org);
  return {
    token: token.trim(),
    rolle: rolle as Rolle,
    org: typeof org === 'string' ? org : '',
    utloper: typeof c.exp === 'number' ? new Date(c.exp * 1000).toISOString() : null,
  };
}

export function Innlogging({ info, innlogget, melding }: { info: InnloggingInfo; innlogget: (o: Okt) => void; melding?: string | null }) {
  const [rolle, settRolle] = useState<Rolle>('sykehus');
  const [feil, settFeil] = useState<string | null>(null);
  const [venter, settVenter] = useState(false);

  // Back from the identity provider: finish the code flow.
  useEffect(() => {
    if (!info.oidc) return;
    fullforOidc(info.oidc)
      .then((token) => token && innlogget(oktFraToken(token, info)))
      .catch((e: unknown) => settFeil(feilTekst(e)));
  }, [info, innlogget]);

  const valg = rolle === 'admin' ? [] : info.parter[rolle];

  async function utvikling(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const org = String(new FormData(e.currentTarget).get('org') ?? '');
    settVenter(true);
    settFeil(null);
    try {
      const t = krev(await api.POST('/api/v1/innlogging/utviklingstoken', { body: { rolle, ...(rolle === 'admin' ? {} : { org }) } }));
      innlogget({ token: t.token, rolle: t.rolle, org: t.org, utloper: t.utloper });
    } catch (err) {
      settFeil(feilTekst(err));
    } finally {
      settVenter(false);
    }
  }

  function limInn(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    settFeil(null);
    try {
      innlogget(oktFraToken(String(new FormData(e.currentTarget).get('token') ?? ''), info));
    } catch (err) {
      settFeil(feilTekst(err));
    }
  }

  return (
    <main id="innhold" className="innlogging">
      <h1>Logg inn</h1>
      <p>Utskrivningsforløp mellom Helgelandssykehuset og kommunene.</p>
      {melding && <Melding feil={melding} />}
      <Melding feil={feil} />
      {info.utviklingstoken && (
        <form className="skjema" onSubmit={utvikling} aria-labelledby="utvikling-tittel">
          <h2 id="utvikling-tittel">Utvikling: velg rolle og organisasjon</h2>
          <fieldset>
            <legend>Rolle</legend>
            {ROLLER.map((r) => (
              <label key={r} className="valg">
                <input type="radio" name="rolle" value={r} checked={rolle === r} onChange={() => settRolle(r)} /> {ROLLE_NAVN[r]}
              </label>
            ))}
          </fieldset>
          {rolle !== 'admin' && (
            <Felt etikett="Organisasjon">
              {(id) => (
                <select id={id} name="org" key={rolle} required defaultValue={valg[0]?.id}>
                  {valg.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.navn} ({p.id})
                    </option>
                  ))}
                </select>
              )}
            </Felt>
          )}
          <button type="submit" disabled={venter}>
            Logg inn
          </button>
        </form>
      )}
      {info.oidc && (
        <section className="skjema" aria-labelledby="oidc-tittel">
          <h2 id="oidc-tittel">Logg inn hos identitetsleverandøren</h2>
          <button type="button" onClick={() => loggInnMedOidc(info.oidc!).catch((e: unknown) => settFeil(feilTekst(e)))}>
            Logg inn med HelseID
          </button>
        </section>
      )}
      <details className="skjema">
        <summary>Lim inn et token</summary>
        <form onSubmit={limInn}>
          <Felt etikett="Token (JWT)">{(id) => <textarea id={id} name="token" rows={4} required autoComplete="off" spellCheck={false} />}</Felt>
          <button type="submit">Bruk tokenet</button>
        </form>
      </details>
    </main>
  );
}
