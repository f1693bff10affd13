import type { Kartleggingsresultat, StrukturertKartlegging } from '../types';
import { hendelse } from './definisjon';

/** Either the older `resultat`, or `skjemaVersjon` + `innhold` (the common tool): the API lets exactly one form through. */
export type KartleggingFullfortData = { resultat?: Kartleggingsresultat } & Partial<StrukturertKartlegging>;

export const KARTLEGGING_FULLFORT = hendelse<KartleggingFullfortData>()({
  type: 'KARTLEGGING_FULLFORT',
  roller: ['kartleggingsteam'],
  ord: {
    navn: 'Kartlegging fullført',
    beskrivelse: 'Kartleggingen er fullført',
    merknad: ': enten `skjemaVersjon` og komplett `innhold` etter det felles verktøyet, eller det eldre `resultat`',
  },
  eksempler: () => [{ resultat: { funksjon: 'Går med rullator', mestring: 'Bor alene', behov: ['Hjemmesykepleie'], anbefaling: 'Hjem med tjenester' } }],
  varsler: (h, k) => [
    {
      mottakerOrg: k.kommune,
      type: 'KARTLEGGING',
      tekst: h.data.skjemaVersjon
        ? `Kartlegging av funksjon, mestring og behov er fullført (felles kartleggingsverktøy, versjon ${h.data.skjemaVersjon}): les den på forløpet`
        : 'Kartlegging av funksjon, mestring og behov er fullført',
    },
  ],
  skjema: (b) => ({
    felt: {
      skjemaVersjon: b.SkjemaVersjonFelt.optional(),
      innhold: b.Innhold.optional(),
      resultat: b.Kartleggingsresultat.optional().openapi({
        description: 'Det eldre resultatet med fire felt; godtas fortsatt, telles som «ikke laget med felles verktøy»',
      }),
    },
    sjekk: (v, ctx) => {
      const strukturert = v.skjemaVersjon !== undefined || v.innhold !== undefined;
      if (strukturert && v.resultat !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['resultat'],
          message: 'oppgi enten kartleggingen etter det felles verktøyet eller det eldre resultatet, ikke begge',
        });
      } else if (!strukturert && v.resultat === undefined) {
        ctx.addIssue({ code: 'custom', path: ['innhold'], message: 'mangler: kartleggingen etter det felles verktøyet (eller det eldre resultatet)' });
      } else if (strukturert) {
        if (v.skjemaVersjon === undefined)
          ctx.addIssue({ code: 'custom', path: ['skjemaVersjon'], message: 'mangler: påkrevd sammen med kartleggingens innhold' });
        else if (v.innhold === undefined) ctx.addIssue({ code: 'custom', path: ['innhold'], message: 'mangler: påkrevd sammen med skjemaversjonen' });
        else b.validerInnhold({ skjemaVersjon: v.skjemaVersjon, innhold: v.innhold }, 'komplett', ctx);
      }
    },
    visning: { resultat: b.Kartleggingsresultat, skjemaVersjon: b.z.string() },
  }),
});
