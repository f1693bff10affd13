-- Up Migration

-- The forløp workflow's write as one statement (one round trip, its own transaction): the
-- change as JSON (activities/contract.ts `Endring`, without `start`), in the order and with the
-- guards activities/lagre.ts has always used. Returns the (varsel, webhook) pairs to deliver.
--
-- legg_til_varsler is the one way varsler are inserted (the workflow's write and the API's
-- hand-reported avvik alike): per receiving org, in sorted order, the counter row is locked
-- first and only then are stored ids looked for. Each statement of a plpgsql function takes a
-- new snapshot under READ COMMITTED, so the look-up sees every varsel committed before the lock
-- was granted, and a concurrent retry of the same change cannot take a second number.

CREATE FUNCTION legg_til_varsler(varsler jsonb) RETURNS TABLE (id uuid, sekvens bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  mottaker text;
  forrige bigint;
BEGIN
  FOR mottaker IN
    SELECT DISTINCT x."mottakerOrg" FROM jsonb_to_recordset(varsler) AS x("mottakerOrg" text) ORDER BY 1
  LOOP
    INSERT INTO varsel_teller AS t (org, siste) VALUES (mottaker, 0)
    ON CONFLICT (org) DO UPDATE SET siste = t.siste
    RETURNING t.siste INTO forrige;

    RETURN QUERY
    WITH gitt AS (
      SELECT DISTINCT ON (x.id) x.id, x.type, x."forlopId" AS forlop_id, x.frist, x.tekst, x.rekke
        FROM ROWS FROM (jsonb_to_recordset(varsler) AS (id uuid, "mottakerOrg" text, type text, "forlopId" uuid,
                                                        frist timestamptz, tekst text))
             WITH ORDINALITY AS x(id, "mottakerOrg", type, "forlopId", frist, tekst, rekke)
       WHERE x."mottakerOrg" = mottaker
       ORDER BY x.id, x.rekke
    ), ny AS (
      SELECT g.*, row_number() OVER (ORDER BY g.rekke) AS nr
        FROM gitt g
       WHERE NOT EXISTS (SELECT 1 FROM varsel v WHERE v.id = g.id)
    ), lagt AS (
      INSERT INTO varsel (id, mottaker_org, sekvens, type, forlop_id, frist, tekst)
      SELECT ny.id, mottaker, forrige + ny.nr, ny.type, ny.forlop_id, ny.frist, ny.tekst FROM ny
      RETURNING varsel.id, varsel.sekvens
    ), teller AS (
      UPDATE varsel_teller SET siste = forrige + (SELECT count(*) FROM lagt) WHERE org = mottaker
    )
    SELECT lagt.id, lagt.sekvens FROM lagt;
  END LOOP;
END;
$$;

-- Every (varsel, webhook) pair that should be delivered: the receiving org's active webhooks
-- that take the varsel's type, minus pairs already delivered; in the varsler's order.
CREATE FUNCTION webhook_leveringer(varsler jsonb) RETURNS TABLE (varsel_id uuid, webhook_id uuid)
LANGUAGE sql STABLE AS $$
  SELECT v.id, w.id
    FROM ROWS FROM (jsonb_to_recordset(varsler) AS (id uuid, "mottakerOrg" text, type text))
         WITH ORDINALITY AS v(id, "mottakerOrg", type, rekke)
    JOIN webhook w ON w.org = v."mottakerOrg" AND w.slettet IS NULL AND (w.typer IS NULL OR v.type = ANY (w.typer))
   WHERE NOT EXISTS (SELECT 1 FROM webhook_forsok f WHERE f.varsel_id = v.id AND f.webhook_id = w.id AND f.levert)
   GROUP BY v.id, w.id
   ORDER BY min(v.rekke), min(w.opprettet), w.id
$$;

CREATE FUNCTION lagre_endring(e jsonb, system_rolle text, system_org text)
RETURNS TABLE (varsel_id uuid, webhook_id uuid)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  p jsonb := e->'projeksjon';
  fid uuid := (e->'projeksjon'->>'forlopId')::uuid;
  kommune text;
BEGIN
  -- Hendelser: idempotent on (forlop_id, hendelse_id) and (forlop_id, sekvens).
  INSERT INTO hendelse (forlop_id, sekvens, hendelse_id, type, tidspunkt, registrert, av_rolle, av_org, data)
  SELECT fid, x.sekvens, x."hendelseId", x.type, x.tidspunkt, x.registrert, x.av->>'rolle', x.av->>'org', coalesce(x.data, '{}')
    FROM jsonb_to_recordset(e->'hendelser') AS x(sekvens integer, "hendelseId" uuid, type text, tidspunkt timestamptz,
                                                 registrert timestamptz, av jsonb, data jsonb)
  ON CONFLICT DO NOTHING;

  -- The projection, unless a newer one is stored; then its days, priced by the workflow.
  UPDATE forlop SET
    status = p->>'status',
    kartlegging_status = p->>'kartleggingStatus',
    frister = p->'frister',
    siste_sekvens = (p->>'sisteSekvens')::integer,
    utskrevet_tidspunkt = (p->>'utskrevetTidspunkt')::timestamptz,
    destinasjon = p->>'destinasjon',
    kartlegging_fullfort_tidspunkt = (p->>'kartleggingFullfortTidspunkt')::timestamptz,
    forste_utskrivningsklar_tidspunkt = (p->>'forsteUtskrivningsklarTidspunkt')::timestamptz,
    versjon = (p->>'versjon')::integer,
    oppdatert = now()
   WHERE id = fid AND versjon <= (p->>'versjon')::integer
  RETURNING oppholdskommune INTO kommune;

  IF kommune IS NOT NULL THEN
    DELETE FROM overliggerdogn_dag WHERE forlop_id = fid;
    INSERT INTO overliggerdogn_dag (forlop_id, dato, oppholdskommune, belop, pris_forelopig, betalingsvilkar_oppfylt, omstridt)
    SELECT fid, x.dato, kommune, round(x.belop)::integer, x."prisForelopig", x."betalingsvilkarOppfylt", x.omstridt
      FROM jsonb_to_recordset(p->'overliggerdogn') AS x(dato date, belop numeric, "prisForelopig" boolean,
                                                       "betalingsvilkarOppfylt" boolean, omstridt boolean);
  END IF;

  -- New avvik, once per (forløp, nøkkel), each with its first history row.
  WITH ny AS (
    INSERT INTO avvik (id, forlop_id, nokkel, type, ansvarlig_rolle, ansvarlig_org, motpart_rolle, motpart_org, frist, brutt, tekst, status)
    SELECT x.id, fid, x.nokkel, x.type, x.ansvarlig->>'rolle', x.ansvarlig->>'org', x.motpart->>'rolle', x.motpart->>'org',
           x.frist, x.brutt, x.tekst, 'åpen'
      FROM jsonb_to_recordset(e->'nyeAvvik') AS x(id uuid, nokkel text, type text, ansvarlig jsonb, motpart jsonb,
                                                  frist timestamptz, brutt timestamptz, tekst text)
    ON CONFLICT (forlop_id, nokkel) DO NOTHING
    RETURNING id, tekst
  )
  INSERT INTO avvik_historikk (avvik_id, av_rolle, av_org, status, kommentar)
  SELECT ny.id, system_rolle, system_org, 'åpen', ny.tekst FROM ny;

  -- Withdrawn avvik, only where not already withdrawn.
  WITH trukket AS (
    UPDATE avvik a SET status = 'trukket'
      FROM jsonb_to_recordset(e->'trukneAvvik') AS x(nokkel text, grunn text, tidspunkt timestamptz)
     WHERE a.forlop_id = fid AND a.nokkel = x.nokkel AND a.status <> 'trukket'
    RETURNING a.id, x.grunn, x.tidspunkt
  )
  INSERT INTO avvik_historikk (avvik_id, tidspunkt, av_rolle, av_org, status, kommentar)
  SELECT trukket.id, coalesce(trukket.tidspunkt, now()), system_rolle, system_org, 'trukket', trukket.grunn FROM trukket;

  IF jsonb_array_length(e->'varsler') > 0 THEN
    -- Every (varsel, webhook) pair of the change that should be delivered: for ALL its varsler,
    -- new or already stored, so a retry restarts a start lost in a crash.
    RETURN QUERY SELECT l.varsel_id, l.webhook_id FROM webhook_leveringer(e->'varsler') l;
    PERFORM legg_til_varsler(e->'varsler');
  END IF;
END;
$$;

-- Down Migration
DROP FUNCTION lagre_endring(jsonb, text, text);
DROP FUNCTION webhook_leveringer(jsonb);
DROP FUNCTION legg_til_varsler(jsonb);
