-- hearth:compatibility expand
-- Hearth store, version 12: the W3C traceparent an invocation ran under (version 00: trace id, the
-- invocation's own span id, flags), as passed to the function. The trace id continues the caller's
-- traceparent when it sent a valid one. NULL: written by a hearth that did not know traces.
ALTER TABLE invocations ADD COLUMN trace_parent TEXT;
