/**
 * The settings that belong to no single frist rule: the escalation of any breach, an avvik's
 * svarfrist, how long a forløp stays open after discharge, and the hour of the daily status.
 */
import type { Innstillinger } from './definisjon';

export const FELLES_INNSTILLINGER = {
  eskalering: { art: 'frist', beskrivelse: 'Eskalering etter brudd når avviket fortsatt ikke er løst' },
  avvikSvarfrist: { art: 'frist', beskrivelse: 'Svarfrist for et avvik til parten det gjelder' },
  avvikSvarfristPaminnelseFor: { art: 'varighet', beskrivelse: 'Påminnelse til parten før avvikets svarfrist' },
  observasjonsvindu: { art: 'frist', beskrivelse: 'Hvor lenge forløpet holdes åpent etter utskrivning' },
  etterregistrering: {
    art: 'frist',
    beskrivelse: 'Hvor lenge et forløp holdes åpent etter at en for sent registrert utskrivning ble registrert',
  },
  dagligStatusKlokken: {
    art: 'klokketime',
    beskrivelse: 'Klokketime (Europe/Oslo) for daglig statusvarsel mens pasienten venter på kommunen',
  },
} as const satisfies Innstillinger;
