-- hearth:compatibility expand
-- Hearth store, version 8: Hearth's own queues (issue #14). Queue accounts belong to a tenant
-- (one default per tenant, made when first needed) and hold two keys sealed with the store's
-- master key (AES-GCM, context 'queue-key:<account id>:<slot>'; re-sealed by
-- 'hearth secrets rotate-master-key' like the other sealed columns). poison_retention_ms is how
-- long a message moved to a '<queue>-poison' queue is kept.
-- Times are Unix milliseconds; a message that never expires has expires_at 253402300799000
-- (9999-12-31T23:59:59Z). seq orders messages by insertion; pop_receipt is the latest lease's
-- token (NULL before the first get).
-- Expand-only: a binary of version 7 ignores these tables and keeps working.
CREATE TABLE queue_accounts (
    id                   TEXT    NOT NULL PRIMARY KEY,
    tenant_id            TEXT    NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name                 TEXT    NOT NULL UNIQUE,
    is_default           INTEGER NOT NULL,
    primary_key          BLOB    NOT NULL,
    secondary_key        BLOB    NOT NULL,
    poison_retention_ms  INTEGER NOT NULL,
    created_at           INTEGER NOT NULL
);
CREATE INDEX queue_accounts_tenant ON queue_accounts(tenant_id);
-- At most one default account per tenant: two first uses racing create one.
CREATE UNIQUE INDEX queue_accounts_default ON queue_accounts(tenant_id) WHERE is_default = 1;

CREATE TABLE queues (
    id          TEXT    NOT NULL PRIMARY KEY,
    account_id  TEXT    NOT NULL REFERENCES queue_accounts(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE queue_messages (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    queue_id         TEXT    NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
    body             BLOB    NOT NULL,
    inserted_at      INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    next_visible_at  INTEGER NOT NULL,
    dequeue_count    INTEGER NOT NULL DEFAULT 0,
    pop_receipt      TEXT
);
-- "The visible messages of these queues": queue_id IN (…) AND next_visible_at <= now, oldest
-- first, answered from the index alone (expires_at is in it to filter expired ones).
CREATE INDEX queue_messages_visible ON queue_messages(queue_id, next_visible_at, seq, expires_at);
-- Purging expired messages.
CREATE INDEX queue_messages_expiry ON queue_messages(expires_at);
