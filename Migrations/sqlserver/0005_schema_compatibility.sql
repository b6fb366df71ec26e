-- hearth:compatibility expand
-- Hearth store, version 5: the compatibility of each applied migration, beside the journal
-- (hearth.schema_history), so a hearth binary without a migration's file can still tell whether it
-- may run on the schema. 'expand': the migration only adds, and binaries that do not know it keep
-- running. 'contract': it removes, renames or changes a type, and binaries that do not know it
-- refuse the schema. Hearth writes a row here with each journal row from this version on.
-- Same schema as Migrations/sqlite/0005_schema_compatibility.sql.
CREATE TABLE hearth.schema_compatibility (
    version        INT NOT NULL,
    compatibility  NVARCHAR(20) NOT NULL,
    CONSTRAINT pk_schema_compatibility PRIMARY KEY (version)
);
GO

-- Migrations 1 to 4 only add (tables, nullable columns, indexes, rows).
INSERT INTO hearth.schema_compatibility (version, compatibility)
SELECT version, N'expand' FROM hearth.schema_history WHERE version BETWEEN 1 AND 4;
GO

-- Like the journal, the DBA's record: the runtime may read it but never change it.
IF DATABASE_PRINCIPAL_ID(N'hearth_runtime') IS NOT NULL
    DENY INSERT, UPDATE, DELETE ON OBJECT::hearth.schema_compatibility TO hearth_runtime;
GO
