-- hearth:compatibility expand
-- Hearth store, version 15: the fleet forwarding key wrapped for each worker (issue #15).
-- The fleet forwarding key signs and checks X-Hearth-Forwarded between workers; it is derived from
-- the primary master key (HKDF, purpose "fleet forwarding"), so a worker that joined without the
-- master key gets it wrapped with HPKE (X25519) for the public key it registered, like the apps'
-- data keys in app_key_wraps. key_id: the id of the master key it was derived from (8 hex digits);
-- public_key: the worker's public key the wrap was made for (a new key needs a new wrap); enc: the
-- encapsulated key; ciphertext: the sealed forwarding key. Written by the management role (the
-- placer, with the master key) for every unrevoked worker with a public key, removed when the
-- worker is revoked. Times are Unix milliseconds.
-- Expand-only: a binary of version 14 ignores this table.
CREATE TABLE fleet_key_wraps (
    worker_id   TEXT    NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    key_id      TEXT    NOT NULL,
    public_key  BLOB    NOT NULL,
    enc         BLOB    NOT NULL,
    ciphertext  BLOB    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (worker_id, key_id)
);
