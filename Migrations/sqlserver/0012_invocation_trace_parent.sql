-- hearth:compatibility expand
-- Hearth store, version 12: the W3C traceparent an invocation ran under. Same schema as
-- Migrations/sqlite/0012_invocation_trace_parent.sql. NULL: written by a hearth that did not know traces.
ALTER TABLE hearth.invocations ADD trace_parent NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NULL;
