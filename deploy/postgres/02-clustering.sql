-- MtlAttack clustered mode on PostgreSQL, part 2 of 4: cluster membership (Orleans ADO.NET clustering).
--
-- One version row per cluster (DeploymentId = the ClusterId) and one row per silo incarnation (address, port,
-- generation). Orleans' membership protocol is optimistic: a silo reads the table with its version, then inserts or
-- updates a row only if the version is still the one it read, and every such change bumps the version. Each row reads
-- back with the table's version as its etag. Heartbeats (IAmAlive) change a row without bumping the version.
-- Silo status codes are Orleans' SiloStatus: 3 = Active, 6 = Dead.

-- Re-runs are expected: keep "already exists, skipping" notices out of the output.
SET client_min_messages = warning;

CREATE TABLE IF NOT EXISTS mtlattack_membership_version
(
    deployment_id varchar(150) PRIMARY KEY,
    version       integer      NOT NULL DEFAULT 0,
    changed_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS mtlattack_membership
(
    deployment_id   varchar(150) NOT NULL REFERENCES mtlattack_membership_version (deployment_id) ON DELETE CASCADE,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NOT NULL,
    suspect_times   text,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- A silo row under the column names the provider reads (the membership queries add the table's "Version").
CREATE OR REPLACE VIEW mtlattack_membership_entries AS
SELECT deployment_id,
       address          AS "Address",
       port             AS "Port",
       generation       AS "Generation",
       silo_name        AS "SiloName",
       host_name        AS "HostName",
       status           AS "Status",
       proxy_port       AS "ProxyPort",
       suspect_times    AS "SuspectTimes",
       start_time       AS "StartTime",
       i_am_alive_time  AS "IAmAliveTime"
FROM mtlattack_membership;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row when missing; answers whether this call created it.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO mtlattack_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*) > 0 FROM created
$q$),

-- All silos of the cluster. Always at least one row: the version row, with NULL silo columns when no silo joined yet.
('MembershipReadAllKey', $q$
SELECT v.version AS "Version", m.*
FROM mtlattack_membership_version v
LEFT JOIN mtlattack_membership_entries m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),

-- One silo incarnation, with the same always-one-row shape as MembershipReadAllKey.
('MembershipReadRowKey', $q$
SELECT v.version AS "Version", m.*
FROM mtlattack_membership_version v
LEFT JOIN mtlattack_membership_entries m
       ON m.deployment_id = v.deployment_id
      AND m."Address" = @Address AND m."Port" = @Port AND m."Generation" = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),

-- Adds a silo if the table is still at the version the caller read and the silo is not there yet; bumps the version.
-- The UPDATE locks the version row, so concurrent joiners are serialised and all but one see a changed version.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE mtlattack_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM mtlattack_membership
                      WHERE deployment_id = @DeploymentId
                        AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id),
added AS (
    INSERT INTO mtlattack_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                      proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
           @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*) > 0 FROM added
$q$),

-- Changes a silo's status and suspicions if the table is still at the version the caller read; bumps the version.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE mtlattack_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId AND version = @Version
    RETURNING deployment_id),
changed AS (
    UPDATE mtlattack_membership m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM bumped b
    WHERE m.deployment_id = b.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT count(*) > 0 FROM changed
$q$),

-- Heartbeat: no version check and no version bump, by the membership protocol.
('UpdateIAmAlivetimeKey', $q$
UPDATE mtlattack_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
$q$),

-- Forgets a whole cluster (its silo rows go with the version row).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM mtlattack_membership_version WHERE deployment_id = @DeploymentId
$q$),

-- Removes dead silos whose last heartbeat is older than the cut-off (@IAmAliveTime).
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM mtlattack_membership
WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
$q$),

-- Removes one dead silo, only if its row still holds the values the caller judged defunct.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM mtlattack_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
  AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
$q$),

-- Gateways for clients: active silos (@Status) that accept client connections.
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM mtlattack_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO mtlattack_schema (script) VALUES ('02-clustering')
ON CONFLICT (script) DO UPDATE SET applied_at = now();
