-- hearth:compatibility expand
-- Hearth store, version 1: tenants, apps, deployments, settings, keys, tokens, invocation log,
-- timers and leases. Times are Unix epoch milliseconds (INTEGER); ids are UUID text.

CREATE TABLE tenants (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE apps (
    id                    TEXT    NOT NULL PRIMARY KEY,
    tenant_id             TEXT    NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name                  TEXT    NOT NULL UNIQUE,
    active_deployment_id  TEXT,
    created_at            INTEGER NOT NULL,
    status_state          TEXT,
    status_reason         TEXT,
    status_worker_id      TEXT,
    status_updated_at     INTEGER
);
CREATE INDEX apps_tenant ON apps(tenant_id);

CREATE TABLE app_host_names (
    host_name  TEXT NOT NULL PRIMARY KEY,
    app_id     TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE
);
CREATE INDEX app_host_names_app ON app_host_names(app_id);

-- Deployment packages, addressed by the SHA-256 of their bytes; shared by deployments with equal content.
CREATE TABLE packages (
    sha256      TEXT    NOT NULL PRIMARY KEY,
    size        INTEGER NOT NULL,
    content     BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE deployments (
    id              TEXT    NOT NULL PRIMARY KEY,
    app_id          TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    package_sha256  TEXT    NOT NULL REFERENCES packages(sha256),
    package_size    INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    message         TEXT,
    author          TEXT,
    function_names  TEXT    NOT NULL DEFAULT '[]',
    log             TEXT    NOT NULL DEFAULT '[]',
    created_at      INTEGER NOT NULL,
    completed_at    INTEGER
);
CREATE INDEX deployments_app_created ON deployments(app_id, created_at);

-- Secret values are AES-GCM ciphertext (nonce || ciphertext || tag); others are UTF-8 text.
CREATE TABLE app_settings (
    app_id      TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    value       BLOB    NOT NULL,
    is_secret   INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (app_id, name)
);

-- Key values are always AES-GCM ciphertext. function_name is '' for master, host and system keys.
CREATE TABLE function_keys (
    app_id         TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    scope          TEXT    NOT NULL,
    function_name  TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    value          BLOB    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (app_id, scope, function_name, name)
);

-- Only the SHA-256 of a token's secret is kept.
CREATE TABLE api_tokens (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL UNIQUE,
    role        TEXT    NOT NULL,
    tenant_id   TEXT    REFERENCES tenants(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE invocations (
    id             TEXT    NOT NULL PRIMARY KEY,
    app_id         TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    function_name  TEXT    NOT NULL,
    trigger_kind   TEXT    NOT NULL,
    started_at     INTEGER NOT NULL,
    duration_ms    REAL,
    status         TEXT    NOT NULL,
    error          TEXT,
    logs           TEXT    NOT NULL DEFAULT '[]',
    worker_id      TEXT
);
CREATE INDEX invocations_app_started ON invocations(app_id, started_at);
CREATE INDEX invocations_started ON invocations(started_at);

-- One row per timer occurrence that a worker claimed: the primary key makes the claim exclusive.
CREATE TABLE timer_occurrences (
    app_id         TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    function_name  TEXT    NOT NULL,
    occurrence     INTEGER NOT NULL,
    claimed_by     TEXT    NOT NULL,
    claimed_at     INTEGER NOT NULL,
    PRIMARY KEY (app_id, function_name, occurrence)
);

-- The timer monitor's schedule status per timer function (useMonitor).
CREATE TABLE timer_status (
    app_id         TEXT    NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    function_name  TEXT    NOT NULL,
    last           INTEGER NOT NULL,
    next           INTEGER NOT NULL,
    last_updated   INTEGER NOT NULL,
    PRIMARY KEY (app_id, function_name)
);

-- Named leases with an owner and an expiry (singletons, timer occurrences in flight).
CREATE TABLE leases (
    name        TEXT    NOT NULL PRIMARY KEY,
    owner       TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL
);

-- A counter bumped by every change a worker must see (apps, deployments, settings, keys, host names).
CREATE TABLE change_counter (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT INTO change_counter (id, version) VALUES (1, 0);
