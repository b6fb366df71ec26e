-- hearth:compatibility expand
-- Hearth store, version 11: the fleet (issue #15). Workers known to the fleet, one-time
-- enrolment tokens an admin creates for new workers, and the workers each app is placed on.
-- A worker's row is written by the worker itself (registration at start, a heartbeat every few
-- seconds with its load) and by management (state: draining, revoked). credential_hash is the
-- SHA-256 (hex) of the worker's own credential, NULL for a worker that holds the store and master
-- key itself (started without --join); public_key is the worker's X25519 public key (raw, 32
-- bytes) for wrapping per-app keys later. labels is a JSON object of strings; availability is the
-- '--available' text (NULL: always), evaluated in time_zone (an IANA identifier).
-- Enrolment tokens: only the SHA-256 (hex) of a token is kept; used_at and used_by_worker_id are
-- set once, when a worker redeems it.
-- Times are Unix milliseconds.
-- Expand-only: a binary of version 10 ignores these tables and keeps working.
CREATE TABLE workers (
    id                    TEXT    NOT NULL PRIMARY KEY,
    name                  TEXT    NOT NULL UNIQUE,
    advertise_url         TEXT    NOT NULL,
    capacity_mb           INTEGER NOT NULL,
    labels                TEXT    NOT NULL DEFAULT '{}',
    version               TEXT    NOT NULL,
    availability          TEXT,
    time_zone             TEXT,
    public_key            BLOB,
    credential_hash       TEXT,
    state                 TEXT    NOT NULL DEFAULT 'ready',
    registered_at         INTEGER NOT NULL,
    last_heartbeat_at     INTEGER NOT NULL,
    apps_running          INTEGER NOT NULL DEFAULT 0,
    sandbox_memory_bytes  INTEGER NOT NULL DEFAULT 0,
    in_flight             INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE worker_enrolment_tokens (
    token_hash         TEXT    NOT NULL PRIMARY KEY,
    created_by         TEXT    NOT NULL,
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL,
    used_at            INTEGER,
    used_by_worker_id  TEXT
);

CREATE TABLE app_placements (
    app_id     TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    worker_id  TEXT    NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    placed_at  INTEGER NOT NULL,
    PRIMARY KEY (app_id, worker_id)
);
-- "The apps placed on this worker" and the listing's count per worker.
CREATE INDEX app_placements_worker ON app_placements(worker_id);
