/**
 * Who may do what, for every route of the API, in one table. The routers ask it
 * (`tillat(rute)`), so a rolle marked `nei` gets 403 before anything else happens; which rows
 * an allowed caller then sees is the data layer's scope rule (db/les.ts `scopeSql`): another
 * party's forløp, avvik or webhook answers 404, as if it did not exist.
 *
 *   apen   no token needed (operations, documentation)
 *   alle   the rolle may act on every party's resources
 *   egen   only on its own (its sykehus, its team's included patients, its kommune, its org)
 *   nei    403
 *   skjult past the table, but finds nothing there: 404, as if it did not exist (a rolle that
 *          sees the forløp but not this of it, e.g. the patient's sheet and the kartleggingsteam)
 *
 * test/integration/tilgang.test.ts walks the whole table against the running API, and fails
 * on a documented route without a row.
 */
import type { RequestHandler } from 'express';
import type { Rolle } from '../workflows/types';
import { krevRolle, ROLLER } from './principal';

export type Tilgang = 'alle' | 'egen' | 'nei' | 'skjult';
export type Rad = Record<Rolle, Tilgang> | 'apen';

const kun = (roller: Partial<Record<Rolle, Tilgang>>): Record<Rolle, Tilgang> => ({
  sykehus: 'nei',
  kartleggingsteam: 'nei',
  kommune: 'nei',
  samhandling: 'nei',
  admin: 'nei',
  ...roller,
});

/** The parties of a forløp see their own; the samhandlingsavdeling sees all; admin configures only. */
const PARTENE = kun({ sykehus: 'egen', kartleggingsteam: 'egen', kommune: 'egen', samhandling: 'alle' });
const ORG_EGEN = kun({ sykehus: 'egen', kartleggingsteam: 'egen', kommune: 'egen', samhandling: 'egen' });
const ADMIN = kun({ admin: 'alle' });
const ALLE_ROLLER = kun({ sykehus: 'alle', kartleggingsteam: 'alle', kommune: 'alle', samhandling: 'alle', admin: 'alle' });

export const TILGANG = {
  'GET /healthz': 'apen',
  'GET /readyz': 'apen',
  'GET /metrics': 'apen',
  'GET /openapi.json': 'apen',
  'GET /docs': 'apen',
  // The web interface and its sign-in (api/web.ts); the development token only in development.
  'GET /': 'apen',
  'GET /favicon.svg': 'apen',
  'GET /favicon.ico': 'apen',
  'GET /api/v1/innlogging': 'apen',
  'POST /api/v1/innlogging/utviklingstoken': 'apen',

  // A sykehus starts forløp at its own location only (another location: 403).
  'POST /api/v1/forlop': kun({ sykehus: 'egen' }),
  'GET /api/v1/forlop': PARTENE,
  'GET /api/v1/forlop/{id}': PARTENE,
  // What the forløp's state accepts now (the machine asked through the workflow), for the web forms.
  'GET /api/v1/forlop/{id}/tillatte-hendelser': PARTENE,
  // Which hendelse a rolle may send is the machine's (HENDELSE_ROLLE: 403 for another's type).
  'POST /api/v1/forlop/{id}/hendelser': kun({ sykehus: 'egen', kartleggingsteam: 'egen', kommune: 'egen' }),

  // Kartlegging (Trygt hjem): the model is for everyone; the document for the team (drafts), the
  // ward and the oppholdskommune (completed); the worklist for its team and samhandling.
  'GET /api/v1/kartlegging/skjema': ALLE_ROLLER,
  'GET /api/v1/kartlegging/skjema/{versjon}': ALLE_ROLLER,
  'GET /api/v1/forlop/{id}/kartlegging': kun({ sykehus: 'egen', kartleggingsteam: 'egen', kommune: 'egen' }),
  'PUT /api/v1/forlop/{id}/kartlegging': kun({ kartleggingsteam: 'egen' }),
  // The patient's own sheet at discharge: the ward gives it, the oppholdskommune reads the same text.
  'GET /api/v1/forlop/{id}/utskrivningsinformasjon': kun({ sykehus: 'egen', kommune: 'egen', kartleggingsteam: 'skjult' }),
  'GET /api/v1/kartleggingsteam/{id}/arbeidsliste': kun({ kartleggingsteam: 'egen', samhandling: 'alle' }),
  'GET /api/v1/konfigurasjon/kartlegging': ADMIN,
  'PUT /api/v1/konfigurasjon/kartlegging': ADMIN,

  'GET /api/v1/avvik': PARTENE,
  'GET /api/v1/avvik/{id}': PARTENE,
  'POST /api/v1/avvik': PARTENE,
  // The responsible party comments and takes it under behandling; samhandling makes every move.
  'POST /api/v1/avvik/{id}/behandling': PARTENE,

  // An org's own feed and webhooks.
  'GET /api/v1/varsler': ORG_EGEN,
  // A varsel's deliveries: the receiving org its own, samhandling all (the desk shows what the EPJ did not get).
  'GET /api/v1/varsler/{id}/leveringer': kun({ sykehus: 'egen', kartleggingsteam: 'egen', kommune: 'egen', samhandling: 'alle' }),
  'GET /api/v1/varsler/ikke-levert': kun({ kommune: 'egen', samhandling: 'alle' }),
  'POST /api/v1/webhooks': ORG_EGEN,
  'GET /api/v1/webhooks': ORG_EGEN,
  'DELETE /api/v1/webhooks/{id}': ORG_EGEN,

  'GET /api/v1/konfigurasjon/kommuner/{nr}': ADMIN,
  'PUT /api/v1/konfigurasjon/kommuner/{nr}': ADMIN,
  'GET /api/v1/konfigurasjon/dognpris': ADMIN,
  'PUT /api/v1/konfigurasjon/dognpris/{ar}': ADMIN,

  // Reports: a kommune its own figures (its oppholdskommune's rows only), samhandling all.
  'GET /api/v1/rapporter/indikatorer': kun({ kommune: 'egen', samhandling: 'alle' }),
  'GET /api/v1/rapporter/overliggerdogn': kun({ kommune: 'egen', samhandling: 'alle' }),
  'GET /api/v1/rapporter/sammenligning': kun({ kommune: 'egen', samhandling: 'alle' }),

  // PLO-meldinger: a sykehus or kommune posts the messages it sent (its own HER-ids: else 403) and
  // reads the log of its own; samhandling reads all. The address table is configuration.
  'POST /api/v1/plo/meldinger': kun({ sykehus: 'egen', kommune: 'egen' }),
  'GET /api/v1/plo/meldinger': kun({ sykehus: 'egen', kommune: 'egen', samhandling: 'alle' }),
  'GET /api/v1/konfigurasjon/adresser': ADMIN,
  'PUT /api/v1/konfigurasjon/adresser/{herId}': ADMIN,

  'GET /api/v1/drift/forlop': kun({ admin: 'alle', samhandling: 'alle' }),
  // Incoming EDI messages set aside after repeated failures: operations, as the address table is.
  'GET /api/v1/edi/mottak/feilet': ADMIN,
  'POST /api/v1/edi/mottak/{meldingId}/prov-igjen': ADMIN,
  'GET /api/v1/tilgangslogg': kun({ samhandling: 'alle' }),
  // The Temporal UI's codec server: decrypted history for an operator.
  'POST /api/v1/codec/decode': ADMIN,
  'POST /api/v1/codec/encode': ADMIN,
} as const satisfies Record<string, Rad>;

export type Rute = keyof typeof TILGANG;
type ApiRute = { [K in Rute]: (typeof TILGANG)[K] extends 'apen' ? never : K }[Rute];

/** The roller a row lets in at all. */
export function tillatteRoller(rute: ApiRute): Rolle[] {
  const rad: Record<Rolle, Tilgang> = TILGANG[rute];
  return ROLLER.filter((r) => rad[r] !== 'nei');
}

/** Whether the row hides the route's resource from the rolle (it answers 404). */
export function skjultFor(rute: ApiRute, rolle: Rolle): boolean {
  const rad: Record<Rolle, Tilgang> = TILGANG[rute];
  return rad[rolle] === 'skjult';
}

/** Middleware: 403 unless the table lets the caller's rolle use this route. */
export function tillat(rute: ApiRute): RequestHandler {
  return krevRolle(...tillatteRoller(rute));
}
