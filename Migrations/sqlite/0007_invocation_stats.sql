-- hearth:compatibility expand
-- Hearth store, version 7: invocation statistics per app, function and hour (the portal's monitor
-- charts and the apps list's 24 h counts), so reading them never scans the invocation log.
-- The store adds a finished invocation here in the transaction that writes its end; rows are
-- pruned with the invocations they count. hour_start is the start of the hour of started_at (Unix
-- milliseconds). failures counts failed, timedOut and abandoned calls. le_N counts calls whose
-- duration was above the previous bound and at most N ms (le_inf: above 30000 ms); calls without
-- a duration (abandoned) count in invocations and failures only.
-- Expand-only: a binary of version 7 ignores the table and keeps working.
CREATE TABLE invocation_stats (
    app_id        TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    function_name TEXT    NOT NULL COLLATE NOCASE,
    hour_start    INTEGER NOT NULL,
    invocations   INTEGER NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0,
    duration_sum  REAL    NOT NULL DEFAULT 0,
    le_1         INTEGER NOT NULL DEFAULT 0,
    le_2         INTEGER NOT NULL DEFAULT 0,
    le_5         INTEGER NOT NULL DEFAULT 0,
    le_10        INTEGER NOT NULL DEFAULT 0,
    le_20        INTEGER NOT NULL DEFAULT 0,
    le_50        INTEGER NOT NULL DEFAULT 0,
    le_100       INTEGER NOT NULL DEFAULT 0,
    le_200       INTEGER NOT NULL DEFAULT 0,
    le_500       INTEGER NOT NULL DEFAULT 0,
    le_1000      INTEGER NOT NULL DEFAULT 0,
    le_2000      INTEGER NOT NULL DEFAULT 0,
    le_5000      INTEGER NOT NULL DEFAULT 0,
    le_10000     INTEGER NOT NULL DEFAULT 0,
    le_30000     INTEGER NOT NULL DEFAULT 0,
    le_inf       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, function_name, hour_start)
);
CREATE INDEX invocation_stats_hour ON invocation_stats(hour_start);

-- Backfill from the invocations already logged (running ones count once they finish).
INSERT INTO invocation_stats (app_id, function_name, hour_start, invocations, failures, duration_sum,
    le_1, le_2, le_5, le_10, le_20, le_50, le_100, le_200, le_500, le_1000, le_2000, le_5000, le_10000, le_30000, le_inf)
SELECT
    app_id,
    MIN(function_name),
    started_at - started_at % 3600000,
    COUNT(*),
    SUM(CASE WHEN status IN ('failed', 'timedOut', 'abandoned') THEN 1 ELSE 0 END),
    COALESCE(SUM(duration_ms), 0),
    SUM(CASE WHEN duration_ms <= 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 1 AND duration_ms <= 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 2 AND duration_ms <= 5 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 5 AND duration_ms <= 10 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 10 AND duration_ms <= 20 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 20 AND duration_ms <= 50 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 50 AND duration_ms <= 100 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 100 AND duration_ms <= 200 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 200 AND duration_ms <= 500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 500 AND duration_ms <= 1000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 1000 AND duration_ms <= 2000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 2000 AND duration_ms <= 5000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 5000 AND duration_ms <= 10000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 10000 AND duration_ms <= 30000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms > 30000 THEN 1 ELSE 0 END)
FROM invocations
WHERE status <> 'running'
GROUP BY app_id, function_name COLLATE NOCASE, started_at - started_at % 3600000;
