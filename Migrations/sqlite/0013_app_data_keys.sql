-- hearth:compatibility expand
-- Hearth store, version 13: per-app data keys and their wraps for workers (issue #15).
-- app_data_keys: each app's data key (AES-256), sealed under a master key (key_id: that master
-- key's id, 8 hex digits); an app's secret settings and function keys are sealed under it.
-- app_key_wraps: an app's data key wrapped with HPKE (X25519) for a worker the app is placed on
-- (enc: the encapsulated key; ciphertext: the sealed data key). Written with the placements and
-- removed when the app leaves the worker or the worker is revoked, so a worker that joined
-- without the master key opens only the secrets of the apps placed on it.
-- Times are Unix milliseconds.
-- Expand-only: a binary of version 12 ignores these tables; values it wrote under the master key
-- keep opening, and re-sealing ('hearth secrets rotate-master-key') moves them under data keys.
CREATE TABLE app_data_keys (
    app_id      TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    key_id      TEXT    NOT NULL,
    sealed_key  BLOB    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (app_id, key_id)
);

CREATE TABLE app_key_wraps (
    app_id      TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    worker_id   TEXT    NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    key_id      TEXT    NOT NULL,
    enc         BLOB    NOT NULL,
    ciphertext  BLOB    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (app_id, worker_id, key_id)
);
-- "Every wrap of this worker" (revocation).
CREATE INDEX app_key_wraps_worker ON app_key_wraps(worker_id);
