/**
 * Sign-in with the identity provider (HelseID): OIDC authorization code with PKCE, a public client,
 * with oauth4webapi. The code verifier and state wait in sessionStorage during the round trip; the
 * code is taken out of the address bar at once, and the token is kept in sessionStorage only.
 */
import * as oauth from 'oauth4webapi';
import type { Innlogging } from './api';

const VENTER = 'utskrivningsforlop.oidc';
const redirectUri = (): string => `${location.origin}/`;

async function server(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  return oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, { algorithm: 'oidc' }));
}

/** Leaves for the identity provider's sign-in page. */
export async function loggInnMedOidc(oidc: NonNullable<Innlogging['oidc']>): Promise<void> {
  const as = await server(oidc.issuer);
  if (!as.authorization_endpoint) throw new Error('Identitetsleverandøren oppgir ikke et autorisasjonsendepunkt');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(VENTER, JSON.stringify({ verifier, state }));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', oidc.klientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', oidc.scope);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  location.assign(url.href);
}

/** Back from the identity provider with ?code=…: the access token, or null when this is no such return. */
export async function fullforOidc(oidc: NonNullable<Innlogging['oidc']>): Promise<string | null> {
  const her = new URL(location.href);
  if (!her.searchParams.has('code') && !her.searchParams.has('error')) return null;
  const venter = sessionStorage.getItem(VENTER);
  sessionStorage.removeItem(VENTER);
  // The code never stays in the address bar or the history.
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!venter) throw new Error('Innloggingen ble ikke startet her; prøv igjen');
  const { verifier, state } = JSON.parse(venter) as { verifier: string; state: string };
  const as = await server(oidc.issuer);
  const client: oauth.Client = { client_id: oidc.klientId };
  const params = oauth.validateAuthResponse(as, client, her, state);
  const svar = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), verifier);
  const resultat = await oauth.processAuthorizationCodeResponse(as, client, svar);
  return resultat.access_token;
}

/** The claims of a token (for the pages to show; the API verifies it on every call). */
export function claims(token: string): Record<string, unknown> {
  const del = token.split('.')[1];
  if (!del) throw new Error('Dette er ikke et JWT');
  const json = atob(
    del
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(del.length / 4) * 4, '='),
  );
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

/** A claim by name, or by a dotted path (as the API reads it). */
export function claim(c: Record<string, unknown>, navn: string): unknown {
  if (navn in c) return c[navn];
  let v: unknown = c;
  for (const d of navn.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[d];
  }
  return v;
}
