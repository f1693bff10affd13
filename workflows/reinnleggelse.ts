/**
 * A reinnleggelse: an admission of the patient at most this many calendar days (Europe/Oslo)
 * after their latest utskrivning. The one window the forløp's link (activities/lagre.ts) and
 * the reports (db/rapporter.ts) count with.
 */
export const REINNLEGGELSE_DAGER = 30;
