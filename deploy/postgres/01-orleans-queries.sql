-- MtlAttack clustered mode on PostgreSQL, part 1 of 4: the query table.
--
-- Orleans' ADO.NET providers (clustering, grain storage, reminders) ship no SQL of their own in the packages we use.
-- At start-up each provider runs `SELECT QueryKey, QueryText FROM OrleansQuery` and afterwards executes those texts
-- with named parameters (@DeploymentId, @GrainIdHash, ...), reading result columns by name. The scripts 02-04 fill
-- this table with our PostgreSQL texts for every key the three providers ask for.
--
-- Every script is idempotent: tables are created only when missing and query rows are replaced, so running them again
-- (psql -f, `mtlattack db init`, or a new release) keeps all data. Apply in file-name order.

-- Re-runs are expected: keep "already exists, skipping" notices out of the output.
SET client_min_messages = warning;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text        NOT NULL
);

-- Which of our scripts last ran, for people and for `mtlattack db init` to report.
CREATE TABLE IF NOT EXISTS mtlattack_schema
(
    script     varchar(64) PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO mtlattack_schema (script) VALUES ('01-orleans-queries')
ON CONFLICT (script) DO UPDATE SET applied_at = now();
