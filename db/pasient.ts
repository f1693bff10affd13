/**
 * The patient identifier: validation, keyed hash for look-up, encryption at rest.
 *
 * The fødselsnummer (or D-nummer) is only ever held here and in the `pasient` table: as an
 * HMAC-SHA256 (for finding the same patient again) and AES-256-GCM encrypted (for showing it
 * to an authorised reader). It never goes to logs, workflow ids, Temporal payloads or any
 * other table; everything else refers to the patient by `pasient.id` (a random UUID).
 *
 * Both keys are derived with HKDF-SHA256 from the one configured pasient key, each for its
 * own purpose, so the hash key and the encryption key are never the same bytes.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Pool, PoolClient } from './pool';

const V1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const V2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** Mod-11 control digit over the first `vekter.length` digits; -1 when the remainder makes it impossible (10). */
function kontrollsiffer(siffer: number[], vekter: number[]): number {
  let sum = 0;
  for (let i = 0; i < vekter.length; i++) sum += siffer[i] * vekter[i];
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  if (k === 10) return -1;
  return k;
}

/**
 * The birth year from the two-digit year and the individnummer (digits 7–9), as the
 * Folkeregister allocates them. Combinations it does not allocate give 1900 + yy, so the date
 * check below is still made (lenient: the control digits are the strong check).
 */
function fodselsar(yy: number, individ: number): number {
  if (individ <= 499) return 1900 + yy;
  if (individ >= 900 && yy >= 40) return 1900 + yy;
  if (yy <= 39) return 2000 + yy; // 500–999
  if (individ <= 749 && yy >= 54) return 1800 + yy;
  return 1900 + yy;
}

function gyldigDato(ar: number, maned: number, dag: number): boolean {
  if (maned < 1 || maned > 12 || dag < 1) return false;
  const d = new Date(Date.UTC(ar, maned - 1, dag));
  return d.getUTCFullYear() === ar && d.getUTCMonth() === maned - 1 && d.getUTCDate() === dag;
}

/**
 * Validates a Norwegian fødselsnummer or D-nummer: exactly 11 digits, both mod-11 control
 * digits, and a real calendar date.
 *
 * Accepted forms of the date part (DDMMYY):
 * - fødselsnummer: DD 01–31, MM 01–12;
 * - D-nummer: first digit +4 (DD 41–71);
 * - H-nummer and NAV/Skatteetaten (Tenor) synthetic test numbers: MM +40 (41–52) or +80 (81–92),
 *   combinable with the D-nummer day. Synthetic numbers carry valid control digits like real ones.
 * The century comes from the individnummer (see `fodselsar`).
 */
export function fnrGyldig(fnr: string): boolean {
  if (typeof fnr !== 'string' || !/^\d{11}$/.test(fnr)) return false;
  const s = [...fnr].map(Number);
  const k1 = kontrollsiffer(s, V1);
  if (k1 < 0 || k1 !== s[9]) return false;
  const k2 = kontrollsiffer(s, V2);
  if (k2 < 0 || k2 !== s[10]) return false;
  const d = datoDeler(s);
  return gyldigDato(d.ar, d.maned, d.dag);
}

/** The birth date a number encodes, as digits read (D-nummer, H-nummer and synthetic months folded back). */
function datoDeler(s: number[]): { ar: number; maned: number; dag: number } {
  let dag = s[0] * 10 + s[1];
  let maned = s[2] * 10 + s[3];
  const yy = s[4] * 10 + s[5];
  const individ = s[6] * 100 + s[7] * 10 + s[8];
  if (dag > 40) dag -= 40; // D-nummer
  if (maned > 80)
    maned -= 80; // synthetic (Tenor)
  else if (maned > 40) maned -= 40; // H-nummer / NAV synthetic
  return { ar: fodselsar(yy, individ), maned, dag };
}

/** The birth date (YYYY-MM-DD) of a valid fødselsnummer or D-nummer; null for an invalid one. */
export function fodselsdato(fnr: string): string | null {
  if (!fnrGyldig(fnr)) return null;
  const d = datoDeler([...fnr].map(Number));
  return `${d.ar}-${String(d.maned).padStart(2, '0')}-${String(d.dag).padStart(2, '0')}`;
}

const SALT = Buffer.from('utskrivningsforlop/pasient/v1', 'utf8');
const avledede = new WeakMap<Buffer, Map<string, Buffer>>();

/** A 32-byte key for one purpose, derived by HKDF-SHA256 from the pasient key. Cached per key object. */
export function avledNokkel(pasientNokkel: Buffer, formal: string): Buffer {
  if (!Buffer.isBuffer(pasientNokkel) || pasientNokkel.length < 16) {
    throw new Error('Pasientnøkkelen må være minst 16 byte (32 anbefales)');
  }
  let perFormal = avledede.get(pasientNokkel);
  if (!perFormal) {
    perFormal = new Map();
    avledede.set(pasientNokkel, perFormal);
  }
  let k = perFormal.get(formal);
  if (!k) {
    k = Buffer.from(hkdfSync('sha256', pasientNokkel, SALT, Buffer.from(formal, 'utf8'), 32));
    perFormal.set(formal, k);
  }
  return k;
}

/** HMAC-SHA256 of the fødselsnummer with the 'fnr-hmac' key: stable for one key, different across keys. */
export function fnrHmac(fnr: string, key: Buffer): Buffer {
  return createHmac('sha256', avledNokkel(key, 'fnr-hmac')).update(fnr, 'utf8').digest();
}

const IV_LENGDE = 12;
const TAG_LENGDE = 16;
const AAD = Buffer.from('pasient.fnr', 'utf8');

/** The public name of a pasient key (12 hex characters), stored beside what it encrypted so keys can rotate. */
export function nokkelId(key: Buffer): string {
  return avledNokkel(key, 'nokkel-id').subarray(0, 6).toString('hex');
}

/**
 * AES-256-GCM with the 'fnr-kryptering' key and a random IV: `<key id>.<base64 of iv | tag |
 * ciphertext>`. (Before key ids, the base64 part alone: still read.)
 */
export function krypterFnr(fnr: string, key: Buffer): string {
  const iv = randomBytes(IV_LENGDE);
  const c = createCipheriv('aes-256-gcm', avledNokkel(key, 'fnr-kryptering'), iv);
  c.setAAD(AAD);
  const ct = Buffer.concat([c.update(fnr, 'utf8'), c.final()]);
  return `${nokkelId(key)}.${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`;
}

function dekrypterMed(b: Buffer, key: Buffer): string {
  const iv = b.subarray(0, IV_LENGDE);
  const tag = b.subarray(IV_LENGDE, IV_LENGDE + TAG_LENGDE);
  const ct = b.subarray(IV_LENGDE + TAG_LENGDE);
  const d = createDecipheriv('aes-256-gcm', avledNokkel(key, 'fnr-kryptering'), iv);
  d.setAAD(AAD);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
}

/**
 * Inverse of `krypterFnr`, with the key the text names among `nokler` (the current key and those
 * it replaced); a text without a key id is tried with each. Throws when the text was altered or
 * no key fits.
 */
export function dekrypterFnr(kryptert: string, nokler: Buffer | readonly Buffer[]): string {
  const alle = Buffer.isBuffer(nokler) ? [nokler] : nokler;
  const punkt = kryptert.indexOf('.');
  const id = punkt > 0 ? kryptert.slice(0, punkt) : null;
  const b = Buffer.from(punkt > 0 ? kryptert.slice(punkt + 1) : kryptert, 'base64');
  if (b.length < IV_LENGDE + TAG_LENGDE + 1) throw new Error('Ugyldig kryptert fødselsnummer');
  const kandidater = id === null ? alle : alle.filter((k) => nokkelId(k) === id);
  if (kandidater.length === 0) throw new Error(`Fødselsnummeret er kryptert med en ukjent nøkkel (${id})`);
  let sist: unknown;
  for (const k of kandidater) {
    try {
      return dekrypterMed(b, k);
    } catch (e) {
      sist = e;
    }
  }
  throw sist;
}

type Sporbar = { query: pg.ClientBase['query'] };

/**
 * The patient's id, creating the row the first time this fødselsnummer is seen. Race-safe:
 * two concurrent calls for the same number insert once (the unique fnr_hmac makes the second
 * INSERT wait for the first and then do nothing) and both return the same id.
 */
export async function finnEllerOpprettPasient(db: Pool | PoolClient, fnr: string, key: Buffer, tidligere: readonly Buffer[] = []): Promise<string> {
  if (!fnrGyldig(fnr)) throw new Error('Ugyldig fødselsnummer/D-nummer'); // never include the number itself
  const q = db as unknown as Sporbar;
  const hmac = fnrHmac(fnr, key);
  // A patient first seen under a key since replaced is found by that key's HMAC: one patient stays one.
  if (tidligere.length > 0) {
    const kjent = await q.query<{ id: string }>('SELECT id FROM pasient WHERE fnr_hmac = ANY($1::bytea[]) LIMIT 1', [
      [hmac, ...tidligere.map((k) => fnrHmac(fnr, k))],
    ]);
    if (kjent.rows.length > 0) return kjent.rows[0].id;
  }
  const ny = await q.query<{ id: string }>(
    `INSERT INTO pasient (id, fnr_hmac, fnr_kryptert) VALUES ($1, $2, $3)
     ON CONFLICT (fnr_hmac) DO NOTHING RETURNING id`,
    [randomUUID(), hmac, krypterFnr(fnr, key)],
  );
  if (ny.rows.length > 0) return ny.rows[0].id;
  const finnes = await q.query<{ id: string }>('SELECT id FROM pasient WHERE fnr_hmac = $1', [hmac]);
  if (finnes.rows.length === 0) throw new Error('Pasienten ble verken opprettet eller funnet');
  return finnes.rows[0].id;
}

// --- the patient's name, and other personal text (a PLO message as received) ---

/**
 * AES-256-GCM of any personal text with its own key and AAD per purpose (`formal`: 'pasient.navn',
 * 'plo.melding'), in the fødselsnummer's format: `<key id>.<base64 of iv | tag | ciphertext>`.
 */
export function krypterTekst(tekst: string, key: Buffer, formal: string): string {
  const iv = randomBytes(IV_LENGDE);
  const c = createCipheriv('aes-256-gcm', avledNokkel(key, `${formal}-kryptering`), iv);
  c.setAAD(Buffer.from(formal, 'utf8'));
  const ct = Buffer.concat([c.update(tekst, 'utf8'), c.final()]);
  return `${nokkelId(key)}.${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`;
}

/** Inverse of `krypterTekst`, with the key the text names among `nokler`; throws when altered or no key fits. */
export function dekrypterTekst(kryptert: string, nokler: readonly Buffer[], formal: string): string {
  const [id, b64] = kryptert.split('.', 2);
  const b = Buffer.from(b64 ?? '', 'base64');
  const key = nokler.find((k) => nokkelId(k) === id);
  if (!key || b.length < IV_LENGDE + TAG_LENGDE) throw new Error(`Teksten (${formal}) er kryptert med en ukjent nøkkel eller er skadet`);
  const d = createDecipheriv('aes-256-gcm', avledNokkel(key, `${formal}-kryptering`), b.subarray(0, IV_LENGDE));
  d.setAAD(Buffer.from(formal, 'utf8'));
  d.setAuthTag(b.subarray(IV_LENGDE, IV_LENGDE + TAG_LENGDE));
  return Buffer.concat([d.update(b.subarray(IV_LENGDE + TAG_LENGDE)), d.final()]).toString('utf8');
}

export interface Pasientnavn {
  fornavn: string;
  etternavn: string;
}

const NAVN = 'pasient.navn';

export const krypterNavn = (navn: Pasientnavn, key: Buffer): string => krypterTekst(JSON.stringify([navn.fornavn, navn.etternavn]), key, NAVN);

/** The stored name, or null (none stored, or it cannot be read: a name is shown, never required). */
export function dekrypterNavn(kryptert: string | null, nokler: readonly Buffer[]): Pasientnavn | null {
  if (!kryptert) return null;
  try {
    const [fornavn, etternavn] = JSON.parse(dekrypterTekst(kryptert, nokler, NAVN)) as [string, string];
    return { fornavn, etternavn };
  } catch {
    return null;
  }
}

/** The patient's name as last given (a PLO message, or POST /forlop), encrypted. */
export async function lagreNavn(db: Pool | PoolClient, pasientId: string, navn: Pasientnavn, key: Buffer): Promise<void> {
  await (db as unknown as Sporbar).query('UPDATE pasient SET navn_kryptert = $2 WHERE id = $1', [pasientId, krypterNavn(navn, key)]);
}

/** The patient's id by fødselsnummer (under the current key or one it replaced), without creating one. */
export async function finnPasient(db: Pool | PoolClient, fnr: string, key: Buffer, tidligere: readonly Buffer[] = []): Promise<string | null> {
  return (await finnPasienter(db, [fnr], key, tidligere)).get(fnr) ?? null;
}

/** `finnPasient` for a set, in one statement: the stored patients' ids by fødselsnummer (the others are absent). */
export async function finnPasienter(
  db: Pool | PoolClient,
  fnrer: readonly string[],
  key: Buffer,
  tidligere: readonly Buffer[] = [],
): Promise<Map<string, string>> {
  const funnet = new Map<string, string>();
  if (fnrer.length === 0) return funnet;
  const hmacer: Buffer[] = [];
  const nr: number[] = [];
  fnrer.forEach((fnr, i) => {
    for (const k of [key, ...tidligere]) {
      hmacer.push(fnrHmac(fnr, k));
      nr.push(i);
    }
  });
  // The patient found under the current key first, then under the keys it replaced, in their order.
  const r = await (db as unknown as Sporbar).query<{ id: string; nr: number }>(
    `SELECT DISTINCT ON (x.nr) p.id, x.nr FROM unnest($1::bytea[], $2::int[]) WITH ORDINALITY AS x(hmac, nr, rekke)
       JOIN pasient p ON p.fnr_hmac = x.hmac ORDER BY x.nr, x.rekke`,
    [hmacer, nr],
  );
  for (const rad of r.rows) funnet.set(fnrer[rad.nr], rad.id);
  return funnet;
}

/** A patient for `lagrePasienter`: `ny` with the id it is to get, or one stored (by `finnPasienter`) whose name is to be stored. */
export interface PasientRad {
  id: string;
  fnr: string;
  ny: boolean;
  navn: Pasientnavn | null;
}

/**
 * The set-based find-or-create of a batch (the PLO archive import), one statement: the new rows
 * inserted with the ids the caller gave them (its replay already uses them), the names stored (a
 * stored patient's name only where one is given). A new one whose fødselsnummer someone else
 * stored meanwhile keeps that row: it throws then, so the caller's transaction rolls back and a
 * rerun finds the stored patient (`finnPasienter`).
 */
export async function lagrePasienter(db: Pool | PoolClient, rader: readonly PasientRad[], key: Buffer): Promise<void> {
  if (rader.length === 0) return;
  const nye = rader.filter((r) => r.ny);
  const { rows } = await (db as unknown as Sporbar).query<{ id: string; ny: boolean }>(
    `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::text[], $4::text[], $5::boolean[]) AS x(id, hmac, fnr, navn, ny)),
          navngitt AS (UPDATE pasient p SET navn_kryptert = x.navn FROM x WHERE NOT x.ny AND x.navn IS NOT NULL AND p.id = x.id RETURNING p.id)
     INSERT INTO pasient (id, fnr_hmac, fnr_kryptert, navn_kryptert)
     SELECT id, hmac, fnr, navn FROM x WHERE x.ny
     ON CONFLICT (fnr_hmac) DO UPDATE SET navn_kryptert = coalesce(EXCLUDED.navn_kryptert, pasient.navn_kryptert)
     RETURNING id, (xmax = 0) AS ny`,
    [
      rader.map((r) => r.id),
      rader.map((r) => (r.ny ? fnrHmac(r.fnr, key) : null)),
      rader.map((r) => (r.ny ? krypterFnr(r.fnr, key) : null)),
      rader.map((r) => (r.navn ? krypterNavn(r.navn, key) : null)),
      rader.map((r) => r.ny),
    ],
  );
  const ider = new Set(rows.filter((r) => r.ny).map((r) => r.id));
  if (nye.some((r) => !ider.has(r.id))) throw new Error('En pasient ble lagret av noen andre underveis; kjør importen igjen');
}
