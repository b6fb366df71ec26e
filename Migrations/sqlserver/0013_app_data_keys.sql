-- hearth:compatibility expand
-- Hearth store, version 13: per-app data keys and their wraps for workers (issue #15). Same schema
-- as Migrations/sqlite/0013_app_data_keys.sql: each app's data key sealed under a master key
-- (key_id: that master key's id, 8 hex digits), and the data key wrapped with HPKE (X25519) for
-- each worker the app is placed on (removed when it leaves the worker or the worker is revoked).
-- Expand-only: a binary of version 12 ignores these tables.
CREATE TABLE hearth.app_data_keys (
    app_id      UNIQUEIDENTIFIER NOT NULL,
    key_id      NVARCHAR(8) COLLATE Latin1_General_100_BIN2 NOT NULL,
    sealed_key  VARBINARY(256) NOT NULL,
    created_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_app_data_keys PRIMARY KEY (app_id, key_id),
    CONSTRAINT fk_app_data_keys_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE
);

CREATE TABLE hearth.app_key_wraps (
    app_id      UNIQUEIDENTIFIER NOT NULL,
    worker_id   UNIQUEIDENTIFIER NOT NULL,
    key_id      NVARCHAR(8) COLLATE Latin1_General_100_BIN2 NOT NULL,
    enc         VARBINARY(256) NOT NULL,
    ciphertext  VARBINARY(256) NOT NULL,
    created_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_app_key_wraps PRIMARY KEY (app_id, worker_id, key_id),
    CONSTRAINT fk_app_key_wraps_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE,
    CONSTRAINT fk_app_key_wraps_worker FOREIGN KEY (worker_id) REFERENCES hearth.workers (id) ON DELETE CASCADE
);
CREATE INDEX ix_app_key_wraps_worker ON hearth.app_key_wraps (worker_id);
GO
