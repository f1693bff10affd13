-- Up Migration

-- Overliggerdøgn from one source (workflows/overliggerdogn.ts): each stored day says whether it is
-- billable and, when not, why (in bokmål); the days after utskrivningsklar that are no overliggerdøgn
-- (before a late melding arrived, after the kommune could receive) are stored beside them with
-- overliggerdogn = false, so the forløp can say why it shows the figures it shows. Every figure of
-- days and kroner (db/rapporter.ts) reads the rows with overliggerdogn = true, billable by fakturerbar.
ALTER TABLE overliggerdogn_dag
  ADD COLUMN overliggerdogn boolean NOT NULL DEFAULT true,
  ADD COLUMN fakturerbar boolean,
  ADD COLUMN grunn text;
UPDATE overliggerdogn_dag SET
  fakturerbar = betalingsvilkar_oppfylt AND NOT omstridt,
  grunn = CASE WHEN NOT betalingsvilkar_oppfylt THEN 'betalingsvilkårene er ikke oppfylt'
               WHEN omstridt THEN 'omstridt: epikrise mangler' END;
ALTER TABLE overliggerdogn_dag ALTER COLUMN fakturerbar SET NOT NULL;

-- lagre_endring as in migration 003, storing the new columns and the other days.
CREATE OR REPLACE FUNCTION lagre_endring(e jsonb, system_rolle text, system_org text)
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
    -- A projection of an earlier release carries no fakturerbar and no grunn: the same rule, in its words.
    INSERT INTO overliggerdogn_dag (forlop_id, dato, oppholdskommune, belop, pris_forelopig, betalingsvilkar_oppfylt, omstridt,
                                    overliggerdogn, fakturerbar, grunn)
    SELECT fid, x.dato, kommune, round(x.belop)::integer, x."prisForelopig", x."betalingsvilkarOppfylt", x.omstridt,
           true, coalesce(x.fakturerbar, x."betalingsvilkarOppfylt" AND NOT x.omstridt),
           coalesce(x.grunn, CASE WHEN NOT x."betalingsvilkarOppfylt" THEN 'betalingsvilkårene er ikke oppfylt'
                                  WHEN x.omstridt THEN 'omstridt: epikrise mangler' END)
      FROM jsonb_to_recordset(p->'overliggerdogn') AS x(dato date, belop numeric, "prisForelopig" boolean,
                                                       "betalingsvilkarOppfylt" boolean, omstridt boolean,
                                                       fakturerbar boolean, grunn text);
    -- The other days after utskrivningsklar (not overliggerdøgn), each with its reason.
    INSERT INTO overliggerdogn_dag (forlop_id, dato, oppholdskommune, belop, pris_forelopig, betalingsvilkar_oppfylt, omstridt,
                                    overliggerdogn, fakturerbar, grunn)
    SELECT fid, x.dato, kommune, 0, false, false, false, false, false, x.grunn
      FROM jsonb_to_recordset(coalesce(p->'ikkeOverliggerdogn', '[]'::jsonb)) AS x(dato date, grunn text);
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
CREATE OR REPLACE FUNCTION lagre_endring(e jsonb, system_rolle text, system_org text)
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

DELETE FROM overliggerdogn_dag WHERE NOT overliggerdogn;
ALTER TABLE overliggerdogn_dag DROP COLUMN overliggerdogn, DROP COLUMN fakturerbar, DROP COLUMN grunn;
