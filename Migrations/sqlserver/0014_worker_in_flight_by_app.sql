-- hearth:compatibility expand
-- Hearth store, version 14: each worker's in-flight invocations by app, from its last heartbeat.
-- Same schema as Migrations/sqlite/0014_worker_in_flight_by_app.sql. NULL: none reported.
ALTER TABLE hearth.workers ADD in_flight_by_app NVARCHAR(MAX) NULL;
