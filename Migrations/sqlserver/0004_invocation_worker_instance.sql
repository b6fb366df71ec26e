-- hearth:compatibility expand
-- Hearth store, version 4: the worker process that ran an invocation.
-- Same schema as Migrations/sqlite/0004_invocation_worker_instance.sql.
-- worker_instance is a per-process id (UUIDv7, so later processes sort after earlier ones). When a
-- worker starts it marks the rows its earlier processes left 'running' as 'abandoned': those
-- processes are gone and the calls will never end in the log.
ALTER TABLE hearth.invocations ADD worker_instance NVARCHAR(64) NULL;
GO

CREATE INDEX ix_invocations_running ON hearth.invocations (worker_id, worker_instance) WHERE status = N'running';
GO
