/**
 * The interface's addresses (History API): each forløp, avvik and kartlegging has its own, so it
 * can be linked, bookmarked and opened from a varsel, and the back button returns to the list
 * where it was. The engine serves index.html for these paths (WEB_STIER in api/web.ts: a new
 * first segment here needs its line there).
 *
 *   /                  the rolle's first page (board, inbox, worklist, avvik desk)
 *   /forlop/{id}       one forløp            /forlop       the samhandling's list of forløp
 *   /avvik, /avvik/{id}                      /kartlegging/{id}   one kartlegging
 *   /indikatorer, /plo, /ikke-levert (varsler not delivered to the kommune's EPJ)
 *
 * A page is left as it was when a detail opens over it (its list, search and filters kept), so
 * going back only has to put the scroll position back; it is kept in the history entry.
 */
import { createElement, useLayoutEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const lyttere = new Set<() => void>();
const varsle = (): void => lyttere.forEach((l) => l());
/** True while the address shown came from the back or forward button (not from a link). */
let fraHistorikken = false;

if (typeof window !== 'undefined') {
  // We put the list's position back ourselves, once the list is shown again.
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  addEventListener('popstate', () => {
    fraHistorikken = true;
    varsle();
  });
}

/** The address as the router reads it: path and query. */
export const adresse = (): string => `${location.pathname}${location.search}`;

/** Goes to `til` (a path in the interface), remembering where this page was scrolled. */
export function naviger(til: string, { erstatt = false }: { erstatt?: boolean } = {}): void {
  if (til === adresse()) return;
  history.replaceState({ ...((history.state as object | null) ?? {}), rulling: scrollY }, '');
  // `inni`: the entry before this one is the interface's own, so back stays in it.
  if (erstatt) history.replaceState({ inni: (history.state as { inni?: boolean } | null)?.inni ?? false }, '', til);
  else history.pushState({ inni: true }, '', til);
  fraHistorikken = false;
  varsle();
}

/** Back to the page before when it was this interface's (the list a detail was opened from), else to `ellers` (opened from a bookmark). */
export function tilbake(ellers: string): void {
  if ((history.state as { inni?: boolean } | null)?.inni) history.back();
  else naviger(ellers);
}

function abonner(l: () => void): () => void {
  lyttere.add(l);
  return () => lyttere.delete(l);
}

/** The current address (path and query); re-renders when it changes. */
export function useAdresse(): string {
  return useSyncExternalStore(abonner, adresse, () => '/');
}

/** The path's segments, without empty ones: `/forlop/abc` is `['forlop', 'abc']`. */
export const stiDeler = (a: string): string[] => a.split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);

/** The parameters when `a` fits `monster` (`/forlop/:id`), else null. */
export function passer(monster: string, a: string): Record<string, string> | null {
  const m = stiDeler(monster);
  const d = stiDeler(a);
  if (m.length !== d.length) return null;
  const p: Record<string, string> = {};
  for (let i = 0; i < m.length; i++) {
    if (m[i].startsWith(':')) p[m[i].slice(1)] = d[i];
    else if (m[i] !== d[i]) return null;
  }
  return p;
}

/** The `:id` of the address when it fits `monster`, else null (for a page's open detail). */
export function useParameter(monster: string, navn = 'id'): string | null {
  return passer(monster, useAdresse())?.[navn] ?? null;
}

/** The address drawn last (to find the link that opened a detail, when back returns from it). */
let sisteAdresse: string | null = null;

/**
 * After the back button: the page's position put back, and focus on the link that opened the
 * detail just left (so the keyboard goes on where it was). Call once, where the pages are drawn.
 */
export function useRullingTilbake(): void {
  const a = useAdresse();
  useLayoutEffect(() => {
    if (!fraHistorikken) {
      // A link followed: the new page from its top (a detail then moves focus to its heading).
      if (sisteAdresse !== null && sisteAdresse !== a) scrollTo(0, 0);
      return;
    }
    fraHistorikken = false;
    const rulling = (history.state as { rulling?: number } | null)?.rulling;
    const forrige = sisteAdresse;
    sisteAdresse = a;
    const lenke = forrige ? document.querySelector<HTMLElement>(`a[href="${CSS.escape(forrige)}"]`) : null;
    lenke?.focus({ preventScroll: true });
    scrollTo(0, typeof rulling === 'number' ? rulling : 0);
  }, [a]);
  useLayoutEffect(() => {
    sisteAdresse = a;
  });
}

/**
 * A link inside the interface: a plain click navigates without reloading; a click with a modifier
 * (new tab, new window) is the browser's, as for any link.
 */
export function Lenke({ til, onClick, ...resten }: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { til: string }) {
  return createElement('a', {
    ...resten,
    href: til,
    onClick: (e: MouseEvent<HTMLAnchorElement>) => {
      onClick?.(e);
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      naviger(til);
    },
  });
}

/** An address from the time addresses were fragments (`#/avvik`), as it is now (`/avvik`). */
export function fraFragment(): void {
  if (location.hash.startsWith('#/')) history.replaceState(null, '', `/${location.hash.slice(2)}`);
}
