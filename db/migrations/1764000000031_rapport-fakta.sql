-- Up Migration

-- The reports' facts per forløp (db/rapporter.ts), one narrow row kept current in the same
-- transaction as every write of the forløp: by a trigger on forlop (the projection lagre_endring
-- writes: times, destination, status, the OPPFOLGING frist's outcome) and by a trigger on
-- hendelse (what only a hendelse's data says: the kommune's kontakt, the legemiddelliste's
-- status, the patient's brukersvar, whether the kartlegging was made with the common tool).
-- A year of reports then reads this table and the days and avvik, never the wide forløp rows
-- or the hendelse log. Column names follow forlop's, so the scope rule (db/les.ts scopeSql)
-- applies to it unchanged.
CREATE TABLE rapport_fakta (
  forlop_id uuid PRIMARY KEY REFERENCES forlop(id),
  pasient_id uuid NOT NULL,
  oppholdskommune text NOT NULL,
  sykehus text NOT NULL,
  status text NOT NULL,
  kartlegging_inkludert boolean NOT NULL,
  innlagt_tidspunkt timestamptz NOT NULL,
  forste_utskrivningsklar_tidspunkt timestamptz,
  kartlegging_fullfort_tidspunkt timestamptz,
  utskrevet_tidspunkt timestamptz,
  destinasjon text,
  -- The frist OPPFOLGING is oppfylt (documented within its frist).
  oppfolging_oppfylt boolean NOT NULL DEFAULT false,
  -- A KOMMUNESVAR named kontakt.enhet.
  ansvar_avklart boolean NOT NULL DEFAULT false,
  -- legemiddelliste.status of the last EPIKRISE_SENDT / UTSKREVET that carried one.
  pll_status text,
  -- brukersvar of the last OPPFOLGING_STARTET that carried one.
  brukersvar_informasjon text,
  brukersvar_kontakte text,
  -- The last KARTLEGGING_FULLFORT carried skjemaVersjon (the common structured model).
  kartlegging_felles boolean,
  -- The same patient's next admission at or after this stay's utskrivning, and latest utskrivning
  -- at or before this admission (other forløp, not avbrutt): the reinnleggelse windows.
  neste_innlagt_tidspunkt timestamptz,
  forrige_utskrevet_tidspunkt timestamptz
);
CREATE INDEX rapport_fakta_innlagt ON rapport_fakta (innlagt_tidspunkt);
CREATE INDEX rapport_fakta_utskrevet ON rapport_fakta (utskrevet_tidspunkt) WHERE utskrevet_tidspunkt IS NOT NULL;
CREATE INDEX rapport_fakta_kartlagt ON rapport_fakta (kartlegging_fullfort_tidspunkt) WHERE kartlegging_fullfort_tidspunkt IS NOT NULL;
CREATE INDEX rapport_fakta_pasient ON rapport_fakta (pasient_id);
CREATE INDEX rapport_fakta_kommune_innlagt ON rapport_fakta (oppholdskommune, innlagt_tidspunkt);

-- The reinnleggelse columns of every stay of one patient, rewritten only where they change.
CREATE FUNCTION rapport_fakta_pasient(p uuid) RETURNS void LANGUAGE sql AS $$
  UPDATE rapport_fakta r SET neste_innlagt_tidspunkt = x.neste, forrige_utskrevet_tidspunkt = x.forrige
    FROM (SELECT s.forlop_id,
                 (SELECT min(n.innlagt_tidspunkt) FROM rapport_fakta n
                   WHERE n.pasient_id = s.pasient_id AND n.forlop_id <> s.forlop_id AND n.status <> 'avbrutt'
                     AND n.innlagt_tidspunkt >= s.utskrevet_tidspunkt) AS neste,
                 (SELECT max(e.utskrevet_tidspunkt) FROM rapport_fakta e
                   WHERE e.pasient_id = s.pasient_id AND e.forlop_id <> s.forlop_id AND e.status <> 'avbrutt'
                     AND e.utskrevet_tidspunkt <= s.innlagt_tidspunkt) AS forrige
            FROM rapport_fakta s WHERE s.pasient_id = p) x
   WHERE r.pasient_id = p AND r.forlop_id = x.forlop_id
     AND (r.neste_innlagt_tidspunkt IS DISTINCT FROM x.neste OR r.forrige_utskrevet_tidspunkt IS DISTINCT FROM x.forrige);
$$;

CREATE FUNCTION rapport_fakta_fra_forlop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rapport_fakta AS r (forlop_id, pasient_id, oppholdskommune, sykehus, status, kartlegging_inkludert, innlagt_tidspunkt,
                                  forste_utskrivningsklar_tidspunkt, kartlegging_fullfort_tidspunkt, utskrevet_tidspunkt,
                                  destinasjon, oppfolging_oppfylt)
  VALUES (NEW.id, NEW.pasient_id, NEW.oppholdskommune, NEW.sykehus, NEW.status, NEW.kartlegging_inkludert, NEW.innlagt_tidspunkt,
          NEW.forste_utskrivningsklar_tidspunkt, NEW.kartlegging_fullfort_tidspunkt, NEW.utskrevet_tidspunkt, NEW.destinasjon,
          coalesce(NEW.frister @> '[{"id": "OPPFOLGING", "status": "oppfylt"}]'::jsonb, false))
  ON CONFLICT (forlop_id) DO UPDATE SET
    pasient_id = EXCLUDED.pasient_id,
    oppholdskommune = EXCLUDED.oppholdskommune,
    sykehus = EXCLUDED.sykehus,
    status = EXCLUDED.status,
    kartlegging_inkludert = EXCLUDED.kartlegging_inkludert,
    innlagt_tidspunkt = EXCLUDED.innlagt_tidspunkt,
    forste_utskrivningsklar_tidspunkt = EXCLUDED.forste_utskrivningsklar_tidspunkt,
    kartlegging_fullfort_tidspunkt = EXCLUDED.kartlegging_fullfort_tidspunkt,
    utskrevet_tidspunkt = EXCLUDED.utskrevet_tidspunkt,
    destinasjon = EXCLUDED.destinasjon,
    oppfolging_oppfylt = EXCLUDED.oppfolging_oppfylt;
  IF TG_OP = 'INSERT'
     OR OLD.innlagt_tidspunkt IS DISTINCT FROM NEW.innlagt_tidspunkt
     OR OLD.utskrevet_tidspunkt IS DISTINCT FROM NEW.utskrevet_tidspunkt
     OR (OLD.status = 'avbrutt') IS DISTINCT FROM (NEW.status = 'avbrutt') THEN
    PERFORM rapport_fakta_pasient(NEW.pasient_id);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER rapport_fakta_fra_forlop AFTER INSERT OR UPDATE ON forlop
  FOR EACH ROW EXECUTE FUNCTION rapport_fakta_fra_forlop();

-- Hendelser are appended in sekvens order, so "the last one that carried it" is the newest row.
CREATE FUNCTION rapport_fakta_fra_hendelse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE rapport_fakta SET
    ansvar_avklart = ansvar_avklart
      OR (NEW.type = 'KOMMUNESVAR' AND coalesce(btrim(NEW.data->'kontakt'->>'enhet'), '') <> ''),
    pll_status = CASE WHEN NEW.type IN ('EPIKRISE_SENDT', 'UTSKREVET') AND NEW.data->'legemiddelliste'->>'status' IS NOT NULL
                      THEN NEW.data->'legemiddelliste'->>'status' ELSE pll_status END,
    brukersvar_informasjon = CASE WHEN NEW.type = 'OPPFOLGING_STARTET' AND NEW.data ? 'brukersvar'
                                  THEN NEW.data->'brukersvar'->>'tilstrekkeligInformasjon' ELSE brukersvar_informasjon END,
    brukersvar_kontakte = CASE WHEN NEW.type = 'OPPFOLGING_STARTET' AND NEW.data ? 'brukersvar'
                               THEN NEW.data->'brukersvar'->>'vetHvemKontakte' ELSE brukersvar_kontakte END,
    kartlegging_felles = CASE WHEN NEW.type = 'KARTLEGGING_FULLFORT' THEN NEW.data ? 'skjemaVersjon' ELSE kartlegging_felles END
   WHERE forlop_id = NEW.forlop_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER rapport_fakta_fra_hendelse AFTER INSERT ON hendelse
  FOR EACH ROW WHEN (NEW.type IN ('KOMMUNESVAR', 'EPIKRISE_SENDT', 'UTSKREVET', 'OPPFOLGING_STARTET', 'KARTLEGGING_FULLFORT'))
  EXECUTE FUNCTION rapport_fakta_fra_hendelse();

-- The forløp already stored.
INSERT INTO rapport_fakta (forlop_id, pasient_id, oppholdskommune, sykehus, status, kartlegging_inkludert, innlagt_tidspunkt,
                           forste_utskrivningsklar_tidspunkt, kartlegging_fullfort_tidspunkt, utskrevet_tidspunkt, destinasjon,
                           oppfolging_oppfylt, ansvar_avklart, pll_status, brukersvar_informasjon, brukersvar_kontakte, kartlegging_felles)
SELECT f.id, f.pasient_id, f.oppholdskommune, f.sykehus, f.status, f.kartlegging_inkludert, f.innlagt_tidspunkt,
       f.forste_utskrivningsklar_tidspunkt, f.kartlegging_fullfort_tidspunkt, f.utskrevet_tidspunkt, f.destinasjon,
       coalesce(f.frister @> '[{"id": "OPPFOLGING", "status": "oppfylt"}]'::jsonb, false),
       EXISTS (SELECT 1 FROM hendelse h WHERE h.forlop_id = f.id AND h.type = 'KOMMUNESVAR'
                  AND coalesce(btrim(h.data->'kontakt'->>'enhet'), '') <> ''),
       (SELECT h.data->'legemiddelliste'->>'status' FROM hendelse h
         WHERE h.forlop_id = f.id AND h.type IN ('EPIKRISE_SENDT', 'UTSKREVET') AND h.data->'legemiddelliste'->>'status' IS NOT NULL
         ORDER BY h.sekvens DESC LIMIT 1),
       b.data->'brukersvar'->>'tilstrekkeligInformasjon', b.data->'brukersvar'->>'vetHvemKontakte',
       (SELECT h.data ? 'skjemaVersjon' FROM hendelse h WHERE h.forlop_id = f.id AND h.type = 'KARTLEGGING_FULLFORT'
         ORDER BY h.sekvens DESC LIMIT 1)
  FROM forlop f
  LEFT JOIN LATERAL (SELECT h.data FROM hendelse h WHERE h.forlop_id = f.id AND h.type = 'OPPFOLGING_STARTET' AND h.data ? 'brukersvar'
                      ORDER BY h.sekvens DESC LIMIT 1) b ON true;
SELECT rapport_fakta_pasient(p.pasient_id) FROM (SELECT DISTINCT pasient_id FROM rapport_fakta) p;

-- Down Migration
DROP TRIGGER rapport_fakta_fra_hendelse ON hendelse;
DROP FUNCTION rapport_fakta_fra_hendelse();
DROP TRIGGER rapport_fakta_fra_forlop ON forlop;
DROP FUNCTION rapport_fakta_fra_forlop();
DROP FUNCTION rapport_fakta_pasient(uuid);
DROP TABLE rapport_fakta;
