-- hearth:compatibility expand
-- Hearth store, version 11: the fleet (issue #15). Same schema as Migrations/sqlite/0011_fleet.sql:
-- workers known to the fleet (written by the worker at registration and heartbeat, by management
-- for draining and revocation), one-time enrolment tokens (only their SHA-256 is kept; used once),
-- and the workers each app is placed on. credential_hash is the SHA-256 (hex) of a worker's own
-- credential, NULL for a worker started without --join; public_key is its X25519 public key.
-- Expand-only: a binary of version 10 ignores these tables and keeps working.
CREATE TABLE hearth.workers (
    id                    UNIQUEIDENTIFIER NOT NULL,
    name                  NVARCHAR(63) COLLATE Latin1_General_100_BIN2 NOT NULL,
    advertise_url         NVARCHAR(2000) NOT NULL,
    capacity_mb           BIGINT NOT NULL,
    labels                NVARCHAR(MAX) NOT NULL CONSTRAINT df_workers_labels DEFAULT (N'{}'),
    version               NVARCHAR(100) NOT NULL,
    availability          NVARCHAR(400) NULL,
    time_zone             NVARCHAR(100) NULL,
    public_key            VARBINARY(64) NULL,
    credential_hash       NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    state                 NVARCHAR(20) NOT NULL CONSTRAINT df_workers_state DEFAULT (N'ready'),
    registered_at         DATETIME2(3) NOT NULL,
    last_heartbeat_at     DATETIME2(3) NOT NULL,
    apps_running          INT NOT NULL CONSTRAINT df_workers_apps_running DEFAULT (0),
    sandbox_memory_bytes  BIGINT NOT NULL CONSTRAINT df_workers_sandbox_memory_bytes DEFAULT (0),
    in_flight             INT NOT NULL CONSTRAINT df_workers_in_flight DEFAULT (0),
    CONSTRAINT pk_workers PRIMARY KEY (id),
    CONSTRAINT uq_workers_name UNIQUE (name)
);

CREATE TABLE hearth.worker_enrolment_tokens (
    token_hash         NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_by         NVARCHAR(400) NOT NULL,
    created_at         DATETIME2(3) NOT NULL,
    expires_at         DATETIME2(3) NOT NULL,
    used_at            DATETIME2(3) NULL,
    used_by_worker_id  UNIQUEIDENTIFIER NULL,
    CONSTRAINT pk_worker_enrolment_tokens PRIMARY KEY (token_hash)
);

CREATE TABLE hearth.app_placements (
    app_id     UNIQUEIDENTIFIER NOT NULL,
    worker_id  UNIQUEIDENTIFIER NOT NULL,
    placed_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_app_placements PRIMARY KEY (app_id, worker_id),
    CONSTRAINT fk_app_placements_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE,
    CONSTRAINT fk_app_placements_worker FOREIGN KEY (worker_id) REFERENCES hearth.workers (id) ON DELETE CASCADE
);
-- "The apps placed on this worker" and the listing's count per worker.
CREATE INDEX ix_app_placements_worker ON hearth.app_placements (worker_id);
GO
