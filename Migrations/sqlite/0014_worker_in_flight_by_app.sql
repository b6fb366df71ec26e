-- hearth:compatibility expand
-- Hearth store, version 14: each worker's in-flight invocations by app, from its last heartbeat,
-- as a JSON object of app id to count (the placer's scale-out reads it). NULL: none reported, or
-- a worker that does not report them.
ALTER TABLE workers ADD COLUMN in_flight_by_app TEXT;
