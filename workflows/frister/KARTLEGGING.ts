/**
 * KARTLEGGING: done before the first melding om utskrivningsklar after inclusion; its "due" is
 * that melding. It follows inclusion: a patient excluded before it broke lets it lapse.
 */
import { gjeldendeInklusjon } from '../kartlegging';
import type { HendelseAv } from '../hendelser';
import type { FristInstans, FristKonfigurasjon } from '../types';
import { type FristRegel } from './definisjon';
import { forste, forventetUtskrivningsdato, SLUTT, tidligste, type ForlopFakta } from './fakta';
import { datoStart, ms, pluss, varighet } from './tid';

export const KARTLEGGING: FristRegel<'KARTLEGGING'> = {
  id: 'KARTLEGGING',
  navn: 'kartlegging før utskrivningsklar',
  ansvarlig: 'kartleggingsteam',
  art: 'event',
  grunnlag: 'Trygt hjem, prosjektplan 3.3: kartlegging før melding om utskrivningsklar pasient',
  krav: () => 'Kartlegging av funksjon, mestring og behov fullføres før pasienten meldes utskrivningsklar',
  avvikVedBrudd: true,
  innstillinger: {
    kartleggingPaminnelseFor: { art: 'varighet', beskrivelse: 'Påminnelse til kartleggingsteamet før forventet utskrivningsdato' },
  },
  beregning: {
    per: 'forlop',
    beregn: ({ fakta, konfig }) => {
      const f = kartlegging(fakta, konfig);
      return f ? [f] : [];
    },
  },
};

function kartlegging(fakta: ForlopFakta, konfig: FristKonfigurasjon): FristInstans | null {
  const h = fakta.hendelser;
  const inklusjon = gjeldendeInklusjon(fakta.start, h);
  if (!inklusjon.noenGangInkludert) return null;
  // The inclusion that counts: the current one, or (excluded) the last one before the exclusion.
  const inkludertFra = inklusjon.inkludertFra ?? sisteInkludering(fakta, inklusjon.ekskludertTidspunkt);
  const melding = h.find((x): x is HendelseAv<'UTSKRIVNINGSKLAR'> => x.type === 'UTSKRIVNINGSKLAR' && ms(x.tidspunkt) >= ms(inkludertFra));
  const fullfort = tidligste(h, 'KARTLEGGING_FULLFORT');
  const slutt = forste(h, SLUTT);
  const ekskludert = inklusjon.ekskludertTidspunkt;
  const basis = {
    nokkel: 'KARTLEGGING',
    id: 'KARTLEGGING' as const,
    ansvarlig: KARTLEGGING.ansvarlig,
    art: KARTLEGGING.art,
    start: inkludertFra,
    oppfyltTidspunkt: fullfort,
  };
  const bortfalt = { ...basis, frist: null, status: 'bortfalt' as const, bruttTidspunkt: null, paminnelser: [], eskalering: null };
  if (fullfort && (!melding || ms(fullfort) <= ms(melding.tidspunkt))) {
    return { ...basis, frist: melding?.tidspunkt ?? null, status: 'oppfylt', bruttTidspunkt: null, paminnelser: [], eskalering: null };
  }
  // Excluded before a melding broke it: the frist lapses (a breach before the exclusion stands).
  if (ekskludert && (!melding || ms(ekskludert) <= ms(melding.tidspunkt))) return bortfalt;
  if (melding) {
    return {
      ...basis,
      frist: melding.tidspunkt,
      status: 'brutt',
      bruttTidspunkt: melding.tidspunkt,
      paminnelser: [],
      eskalering: !fullfort && !slutt && !ekskludert ? pluss(melding.tidspunkt, konfig.eskalering) : null,
      grunn: 'Pasienten ble meldt utskrivningsklar uten fullført kartlegging',
    };
  }
  if (slutt) return bortfalt;
  // Remind the team ahead of the expected discharge the ward gave in its latest melding.
  const paminnelse = kartleggingPaminnelse(fakta, konfig);
  return {
    ...basis,
    frist: null,
    status: 'aktiv',
    bruttTidspunkt: null,
    paminnelser: paminnelse && ms(paminnelse) > ms(inkludertFra) ? [paminnelse] : [],
    eskalering: null,
  };
}

/** When the team is reminded: the configured time before the start of the expected discharge date. */
function kartleggingPaminnelse(fakta: ForlopFakta, konfig: FristKonfigurasjon): string | null {
  const forventet = forventetUtskrivningsdato(fakta.hendelser);
  return forventet ? datoStart(forventet).minus(varighet(konfig.kartleggingPaminnelseFor)).toISO()! : null;
}

/** When the inclusion that an exclusion ended began: the last including hendelse before it, or the admission. */
function sisteInkludering(fakta: ForlopFakta, ekskludert: string | null): string {
  const inkluderinger = fakta.hendelser.filter(
    (x): x is HendelseAv<'KARTLEGGING_INKLUSJON'> =>
      x.type === 'KARTLEGGING_INKLUSJON' && x.data.inkludert && (ekskludert === null || ms(x.tidspunkt) <= ms(ekskludert)),
  );
  return inkluderinger.at(-1)?.tidspunkt ?? fakta.start.innlagtTidspunkt;
}
