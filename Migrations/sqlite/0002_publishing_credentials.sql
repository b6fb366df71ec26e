-- hearth:compatibility expand
-- Hearth store, version 2: publishing credentials (publish profiles, Kudu deploy endpoint), and the
-- placeholder package that queued or failed Kudu deployments refer to (their upload is not kept).

-- One row per app. password is AES-GCM ciphertext (version byte || nonce || ciphertext || tag),
-- bound to "publishing:<app id>".
CREATE TABLE publishing_credentials (
    app_id      TEXT    NOT NULL PRIMARY KEY REFERENCES apps(id) ON DELETE CASCADE,
    user_name   TEXT    NOT NULL,
    password    BLOB    NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Deployment.noPackageSHA256: 64 zeros, empty content.
INSERT INTO packages (sha256, size, content, created_at)
VALUES ('0000000000000000000000000000000000000000000000000000000000000000', 0, X'', 0);
