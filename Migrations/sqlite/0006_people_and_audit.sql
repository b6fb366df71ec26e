-- hearth:compatibility expand
-- Hearth store, version 6: people and the audit log (the management portal). Users (known by
-- issuer and subject), their roles in tenants, browser sessions, one-time setup links, failed
-- sign-ins, instance settings, API tokens a user owns, and the append-only audit log.
-- Expand-only: a binary of version 5 ignores all of it and keeps working.

-- password_hash is a bcrypt string (never the password); totp_secret is AES-GCM ciphertext.
CREATE TABLE users (
    id                   TEXT    NOT NULL PRIMARY KEY,
    issuer               TEXT    NOT NULL,
    subject              TEXT    NOT NULL,
    display_name         TEXT    NOT NULL,
    is_admin             INTEGER NOT NULL,
    is_disabled          INTEGER NOT NULL,
    created_at           INTEGER NOT NULL,
    password_hash        TEXT,
    password_changed_at  INTEGER,
    totp_secret          BLOB,
    totp_enabled         INTEGER NOT NULL,
    UNIQUE (issuer, subject)
);

CREATE TABLE tenant_memberships (
    user_id     TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    tenant_id   TEXT    NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    role        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, tenant_id)
);
CREATE INDEX tenant_memberships_tenant ON tenant_memberships(tenant_id);

-- Only the SHA-256 of a session's cookie value is kept. idle_timeout_ms: the session ends when
-- unused that long after last_seen_at.
CREATE TABLE web_sessions (
    id_hash                TEXT    NOT NULL PRIMARY KEY,
    user_id                TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at             INTEGER NOT NULL,
    last_seen_at           INTEGER NOT NULL,
    expires_at             INTEGER NOT NULL,
    idle_timeout_ms        INTEGER NOT NULL,
    second_factor_pending  INTEGER NOT NULL,
    selected_tenant_id     TEXT    REFERENCES tenants(id) ON DELETE SET NULL,
    client_address         TEXT,
    user_agent             TEXT
);
CREATE INDEX web_sessions_user ON web_sessions(user_id);

-- Only the SHA-256 of a link's token is kept; used_at is set once, when the link is used.
CREATE TABLE setup_links (
    token_hash  TEXT    NOT NULL PRIMARY KEY,
    user_id     TEXT    NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX setup_links_user ON setup_links(user_id);

-- One row per failed sign-in; counted per account and per address within a window.
CREATE TABLE sign_in_failures (
    seq      INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    account  TEXT    NOT NULL,
    address  TEXT,
    at       INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures(account, at);
CREATE INDEX sign_in_failures_address ON sign_in_failures(address, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures(at);

-- Instance-wide settings as name/value rows (a new setting is a new row).
CREATE TABLE instance_settings (
    name   TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL
);

-- The user who created a token in the portal (and may list and revoke it); NULL for others.
ALTER TABLE api_tokens ADD COLUMN owner_user_id TEXT REFERENCES users(id) ON DELETE CASCADE;
CREATE INDEX api_tokens_owner ON api_tokens(owner_user_id);

-- The audit log. seq orders the log as it was appended (export); ids are time-ordered UUIDs.
CREATE TABLE audit_log (
    seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    at          INTEGER NOT NULL,
    actor_kind  TEXT    NOT NULL,
    actor_id    TEXT,
    actor_name  TEXT    NOT NULL,
    tenant_id   TEXT,
    action      TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    address     TEXT,
    outcome     TEXT    NOT NULL,
    detail      TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_tenant_at ON audit_log(tenant_id, at);
CREATE INDEX audit_log_actor_at ON audit_log(actor_id, at);

-- Append-only: the database refuses to change audit rows, always, and to delete them unless the
-- store holds the purge permit. The store inserts the permit's single row, deletes (retention
-- purge or factory reset) and removes the permit again, all in one write transaction, so no other
-- connection ever sees the permit (SQLite has one writer at a time). This guards the log against
-- any other statement, Hearth's or a person's with the sqlite3 shell; whoever can write the file
-- can still drop the triggers, which is why the file is private to Hearth's user (0600).
CREATE TABLE audit_purge_permit (
    id  INTEGER NOT NULL PRIMARY KEY CHECK (id = 1)
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: rows are deleted only by retention or a factory reset');
END;
