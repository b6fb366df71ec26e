-- hearth:compatibility expand
-- Hearth store, version 4: the worker process that ran an invocation.
-- worker_instance is a per-process id (UUIDv7, so later processes sort after earlier ones). When a
-- worker starts it marks the rows its earlier processes left 'running' as 'abandoned': those
-- processes are gone and the calls will never end in the log.
ALTER TABLE invocations ADD COLUMN worker_instance TEXT;

CREATE INDEX invocations_running ON invocations(worker_id, worker_instance) WHERE status = 'running';
