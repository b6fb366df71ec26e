-- hearth:compatibility expand
-- Hearth store, version 2: publishing credentials (publish profiles, Kudu deploy endpoint), and the
-- placeholder package that queued or failed Kudu deployments refer to (their upload is not kept).
-- Same schema as Migrations/sqlite/0002_publishing_credentials.sql.

-- One row per app. password is AES-GCM ciphertext (version byte || nonce || ciphertext || tag),
-- bound to "publishing:<app id>".
CREATE TABLE hearth.publishing_credentials (
    app_id      UNIQUEIDENTIFIER NOT NULL
                CONSTRAINT pk_publishing_credentials PRIMARY KEY
                CONSTRAINT fk_publishing_credentials_app REFERENCES hearth.apps(id) ON DELETE CASCADE,
    user_name   NVARCHAR(128)    NOT NULL,
    password    VARBINARY(512)   NOT NULL,
    updated_at  DATETIME2(3)     NOT NULL
);
GO

-- Deployment.noPackageSHA256: 64 zeros, empty content.
INSERT INTO hearth.packages (sha256, size, content, created_at)
VALUES (REPLICATE('0', 64), 0, 0x, SYSUTCDATETIME());
GO
