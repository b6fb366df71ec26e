-- hearth:compatibility expand
-- Hearth store, version 7: invocation statistics per app, function and hour (the portal's monitor
-- charts and the apps list's 24 h counts), so reading them never scans the invocation log.
-- Same schema as Migrations/sqlite/0007_invocation_stats.sql (hour_start is a DATETIME2 here).
-- The store adds a finished invocation here in the transaction that writes its end; rows are
-- pruned with the invocations they count. failures counts failed, timedOut and abandoned calls.
-- le_N counts calls whose duration was above the previous bound and at most N ms (le_inf: above
-- 30000 ms); calls without a duration (abandoned) count in invocations and failures only.
-- Expand-only: a binary of version 7 ignores the table and keeps working.
CREATE TABLE hearth.invocation_stats (
    app_id        UNIQUEIDENTIFIER NOT NULL,
    function_name NVARCHAR(128) COLLATE Latin1_General_100_CI_AS NOT NULL,
    hour_start    DATETIME2(3) NOT NULL,
    invocations   BIGINT NOT NULL CONSTRAINT df_invocation_stats_invocations DEFAULT (0),
    failures      BIGINT NOT NULL CONSTRAINT df_invocation_stats_failures DEFAULT (0),
    duration_sum  FLOAT NOT NULL CONSTRAINT df_invocation_stats_duration_sum DEFAULT (0),
    le_1         BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_1 DEFAULT (0),
    le_2         BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_2 DEFAULT (0),
    le_5         BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_5 DEFAULT (0),
    le_10        BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_10 DEFAULT (0),
    le_20        BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_20 DEFAULT (0),
    le_50        BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_50 DEFAULT (0),
    le_100       BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_100 DEFAULT (0),
    le_200       BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_200 DEFAULT (0),
    le_500       BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_500 DEFAULT (0),
    le_1000      BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_1000 DEFAULT (0),
    le_2000      BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_2000 DEFAULT (0),
    le_5000      BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_5000 DEFAULT (0),
    le_10000     BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_10000 DEFAULT (0),
    le_30000     BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_30000 DEFAULT (0),
    le_inf       BIGINT NOT NULL CONSTRAINT df_invocation_stats_le_inf DEFAULT (0),
    CONSTRAINT pk_invocation_stats PRIMARY KEY (app_id, function_name, hour_start),
    CONSTRAINT fk_invocation_stats_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE
);
CREATE INDEX ix_invocation_stats_hour ON hearth.invocation_stats (hour_start);
GO

-- Backfill from the invocations already logged (running ones count once they finish).
INSERT INTO hearth.invocation_stats (app_id, function_name, hour_start, invocations, failures, duration_sum,
    le_1, le_2, le_5, le_10, le_20, le_50, le_100, le_200, le_500, le_1000, le_2000, le_5000, le_10000, le_30000, le_inf)
SELECT
    i.app_id,
    MIN(i.function_name),
    h.hour_start,
    COUNT(*),
    SUM(CASE WHEN i.status IN (N'failed', N'timedOut', N'abandoned') THEN 1 ELSE 0 END),
    COALESCE(SUM(i.duration_ms), 0),
    SUM(CASE WHEN i.duration_ms <= 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 1 AND i.duration_ms <= 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 2 AND i.duration_ms <= 5 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 5 AND i.duration_ms <= 10 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 10 AND i.duration_ms <= 20 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 20 AND i.duration_ms <= 50 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 50 AND i.duration_ms <= 100 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 100 AND i.duration_ms <= 200 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 200 AND i.duration_ms <= 500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 500 AND i.duration_ms <= 1000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 1000 AND i.duration_ms <= 2000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 2000 AND i.duration_ms <= 5000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 5000 AND i.duration_ms <= 10000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 10000 AND i.duration_ms <= 30000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN i.duration_ms > 30000 THEN 1 ELSE 0 END)
FROM hearth.invocations AS i
CROSS APPLY (SELECT CAST(DATEADD(HOUR, DATEDIFF(HOUR, 0, i.started_at), 0) AS DATETIME2(3)) AS hour_start) AS h
WHERE i.status <> N'running'
GROUP BY i.app_id, i.function_name COLLATE Latin1_General_100_CI_AS, h.hour_start;
GO
