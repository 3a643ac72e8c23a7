-- MtlAttack clustered mode on PostgreSQL, part 4 of 4: reminders (Orleans ADO.NET reminder table).
--
-- One row per (service, grain, reminder name), with the grain's uniform hash so that each silo reads the reminders of
-- its own slice of the hash ring, and a version that is the reminder's etag. The period is in milliseconds.

-- Re-runs are expected: keep "already exists, skipping" notices out of the output.
SET client_min_messages = warning;

CREATE TABLE IF NOT EXISTS mtlattack_reminder
(
    service_id    varchar(150) NOT NULL,
    grain_id      text         NOT NULL,
    reminder_name varchar(150) NOT NULL,
    grain_hash    integer      NOT NULL,
    start_time    timestamptz  NOT NULL,
    period        bigint       NOT NULL,
    version       integer      NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS mtlattack_reminder_ring ON mtlattack_reminder (service_id, grain_hash);

-- A reminder under the column names the provider reads.
CREATE OR REPLACE VIEW mtlattack_reminder_entries AS
SELECT service_id, grain_hash,
       grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period        AS "Period",
       version       AS "Version"
FROM mtlattack_reminder;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates or replaces a reminder and answers its new version.
('UpsertReminderRowKey', $q$
INSERT INTO mtlattack_reminder (service_id, grain_id, reminder_name, grain_hash, start_time, period, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET grain_hash = EXCLUDED.grain_hash, start_time = EXCLUDED.start_time, period = EXCLUDED.period,
        version = mtlattack_reminder.version + 1
RETURNING version AS "Version"
$q$),

-- A grain's reminders.
('ReadReminderRowsKey', $q$
SELECT * FROM mtlattack_reminder_entries
WHERE service_id = @ServiceId AND "GrainId" = @GrainId
$q$),

-- One reminder, or no row.
('ReadReminderRowKey', $q$
SELECT * FROM mtlattack_reminder_entries
WHERE service_id = @ServiceId AND "GrainId" = @GrainId AND "ReminderName" = @ReminderName
$q$),

-- A slice of the ring (begin, end] that does not wrap: the provider picks this one when begin < end as signed integers.
('ReadRangeRows1Key', $q$
SELECT * FROM mtlattack_reminder_entries
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$q$),

-- A slice that wraps past the largest hash (or the whole ring when begin = end).
('ReadRangeRows2Key', $q$
SELECT * FROM mtlattack_reminder_entries
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),

-- Deletes a reminder at the version the caller holds; answers whether it did.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM mtlattack_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1)
SELECT count(*) > 0 FROM deleted
$q$),

-- Every reminder of the service.
('DeleteReminderRowsKey', $q$
DELETE FROM mtlattack_reminder WHERE service_id = @ServiceId
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO mtlattack_schema (script) VALUES ('04-reminders')
ON CONFLICT (script) DO UPDATE SET applied_at = now();
