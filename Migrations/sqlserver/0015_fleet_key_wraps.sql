-- hearth:compatibility expand
-- Hearth store, version 15: the fleet forwarding key wrapped for each worker (issue #15). Same
-- schema as Migrations/sqlite/0015_fleet_key_wraps.sql: the key that signs X-Hearth-Forwarded
-- (derived from the primary master key key_id) wrapped with HPKE (X25519) for the public key a
-- worker registered, so a worker that joined without the master key forwards too. Removed when
-- the worker is revoked.
-- Expand-only: a binary of version 14 ignores this table.
CREATE TABLE hearth.fleet_key_wraps (
    worker_id   UNIQUEIDENTIFIER NOT NULL,
    key_id      NVARCHAR(8) COLLATE Latin1_General_100_BIN2 NOT NULL,
    public_key  VARBINARY(64) NOT NULL,
    enc         VARBINARY(256) NOT NULL,
    ciphertext  VARBINARY(256) NOT NULL,
    created_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_fleet_key_wraps PRIMARY KEY (worker_id, key_id),
    CONSTRAINT fk_fleet_key_wraps_worker FOREIGN KEY (worker_id) REFERENCES hearth.workers (id) ON DELETE CASCADE
);
GO
