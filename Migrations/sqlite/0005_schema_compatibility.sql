-- hearth:compatibility expand
-- Hearth store, version 5: the compatibility of each applied migration, beside the journal
-- (hearth_schema_history), so a hearth binary without a migration's file can still tell whether it
-- may run on the schema. 'expand': the migration only adds, and binaries that do not know it keep
-- running. 'contract': it removes, renames or changes a type, and binaries that do not know it
-- refuse the schema. Hearth writes a row here with each journal row from this version on. A table
-- of its own rather than a journal column: the journal keeps the shape tools already write.
CREATE TABLE hearth_schema_compatibility (
    version        INTEGER NOT NULL PRIMARY KEY,
    compatibility  TEXT    NOT NULL
);

-- Migrations 1 to 4 only add (tables, nullable columns, indexes, rows).
INSERT INTO hearth_schema_compatibility (version, compatibility)
SELECT version, 'expand' FROM hearth_schema_history WHERE version BETWEEN 1 AND 4;
