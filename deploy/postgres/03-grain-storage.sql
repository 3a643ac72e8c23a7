-- MtlAttack clustered mode on PostgreSQL, part 3 of 4: grain state (Orleans ADO.NET grain storage).
--
-- One row per (service, grain type, grain id): the state in Orleans' binary serialization and a version that is the
-- grain's etag. A write succeeds only against the version the grain last saw (or, for a grain with no etag, only when
-- no row exists yet) and returns the new version; a write that loses returns the version the grain sent (or no row
-- when it sent none), which the provider reports as an InconsistentStateException. Clearing keeps the row with no
-- payload and a new version, so a stale activation cannot write over a cleared state.
--
-- Grain ids arrive split by the provider: two 64-bit halves (Guid and integer keys) and an optional string
-- (string keys and key extensions), with 32-bit hashes of the id and of the grain type for the index.

-- Re-runs are expected: keep "already exists, skipping" notices out of the output.
SET client_min_messages = warning;

CREATE TABLE IF NOT EXISTS mtlattack_grain_state
(
    service_id          varchar(150) NOT NULL,
    grain_type_hash     integer      NOT NULL,
    grain_type          varchar(512) NOT NULL,
    grain_id_hash       integer      NOT NULL,
    grain_id_n0         bigint       NOT NULL,
    grain_id_n1         bigint       NOT NULL,
    grain_id_extension  text,
    payload             bytea,
    version             integer      NOT NULL,
    modified_at         timestamptz  NOT NULL DEFAULT now()
);

-- A grain's identity is unique; NULL and non-NULL extensions get one index each, so that two rows for the same grain
-- cannot exist even when it has no extension (a plain unique index treats NULLs as distinct).
CREATE UNIQUE INDEX IF NOT EXISTS mtlattack_grain_state_id
    ON mtlattack_grain_state (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type)
    WHERE grain_id_extension IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS mtlattack_grain_state_id_extension
    ON mtlattack_grain_state (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type, grain_id_extension)
    WHERE grain_id_extension IS NOT NULL;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- The state and its version; no row when the grain never wrote. A cleared state reads as a NULL payload.
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM mtlattack_grain_state
WHERE service_id = @ServiceId
  AND grain_type_hash = @GrainTypeHash AND grain_type = @GrainTypeString
  AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- Inserts (no etag) or updates (etag = @GrainStateVersion) in one statement and answers NewGrainStateVersion.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE mtlattack_grain_state
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND service_id = @ServiceId
      AND grain_type_hash = @GrainTypeHash AND grain_type = @GrainTypeString
      AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version),
inserted AS (
    INSERT INTO mtlattack_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1,
                                       grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           @GrainIdExtensionString, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
UNION ALL
SELECT @GrainStateVersion WHERE @GrainStateVersion IS NOT NULL AND NOT EXISTS (SELECT 1 FROM updated)
$q$),

-- Drops the payload of the version the grain last saw, keeping the row with a new version.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE mtlattack_grain_state
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId
      AND grain_type_hash = @GrainTypeHash AND grain_type = @GrainTypeString
      AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version)
SELECT version AS "NewGrainStateVersion" FROM cleared
UNION ALL
SELECT @GrainStateVersion WHERE @GrainStateVersion IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cleared)
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- DeleteStorageKey (the provider's DeleteStateOnClear option) is deliberately absent: MtlAttack keeps cleared rows
-- for the version check above, and the provider refuses that option without the key, which is the clear failure we want.

INSERT INTO mtlattack_schema (script) VALUES ('03-grain-storage')
ON CONFLICT (script) DO UPDATE SET applied_at = now();
