-- hearth:compatibility expand
-- Test fixture (SQLite): an expand-only migration of a hearth newer than the one under test, applied
-- and recorded before that binary starts. It only adds: a table, a nullable column, a column with a
-- default, an index. The binary under test must run on the schema and log that it does not know 9001.
CREATE TABLE app_labels (
    app_id      TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    label       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (app_id, label)
);

ALTER TABLE apps ADD COLUMN labels_updated_at INTEGER;
ALTER TABLE deployments ADD COLUMN source TEXT NOT NULL DEFAULT 'api';

CREATE INDEX deployments_status ON deployments(status);
