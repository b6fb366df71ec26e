-- hearth:compatibility expand
-- Hearth store, version 1 (SQL Server): tenants, apps, deployments, settings, keys, tokens,
-- invocation log, timers and leases. The same schema as Migrations/sqlite/0001_initial.sql.
--
-- Conventions: everything lives in schema [hearth] (created, with the journal
-- hearth.schema_history, before this script runs: see `hearth db script`). Ids are
-- UNIQUEIDENTIFIER; times are DATETIME2(3) in UTC; names that must compare exactly as on SQLite
-- (case-sensitive, code-point order) use the Latin1_General_100_BIN2 collation.
-- Every statement here is transactional: `hearth db migrate` runs this file in one transaction.

CREATE TABLE hearth.tenants (
    id          UNIQUEIDENTIFIER NOT NULL,
    name        NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_tenants PRIMARY KEY (id),
    CONSTRAINT uq_tenants_name UNIQUE (name)
);

CREATE TABLE hearth.apps (
    id                    UNIQUEIDENTIFIER NOT NULL,
    tenant_id             UNIQUEIDENTIFIER NOT NULL,
    name                  NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    active_deployment_id  UNIQUEIDENTIFIER NULL,
    created_at            DATETIME2(3) NOT NULL,
    status_state          NVARCHAR(50) NULL,
    status_reason         NVARCHAR(MAX) NULL,
    status_worker_id      NVARCHAR(200) NULL,
    status_updated_at     DATETIME2(3) NULL,
    CONSTRAINT pk_apps PRIMARY KEY (id),
    CONSTRAINT uq_apps_name UNIQUE (name),
    CONSTRAINT fk_apps_tenant FOREIGN KEY (tenant_id) REFERENCES hearth.tenants (id) ON DELETE CASCADE
);
CREATE INDEX ix_apps_tenant ON hearth.apps (tenant_id);
GO

CREATE TABLE hearth.app_host_names (
    host_name  NVARCHAR(253) COLLATE Latin1_General_100_BIN2 NOT NULL,
    app_id     UNIQUEIDENTIFIER NOT NULL,
    CONSTRAINT pk_app_host_names PRIMARY KEY (host_name),
    CONSTRAINT fk_app_host_names_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE
);
CREATE INDEX ix_app_host_names_app ON hearth.app_host_names (app_id);

-- Deployment packages, addressed by the SHA-256 of their bytes; shared by deployments with equal content.
CREATE TABLE hearth.packages (
    sha256      NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    size        BIGINT NOT NULL,
    content     VARBINARY(MAX) NOT NULL,
    created_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_packages PRIMARY KEY (sha256)
);

-- seq orders deployments created in the same millisecond (SQLite uses its rowid).
CREATE TABLE hearth.deployments (
    id              UNIQUEIDENTIFIER NOT NULL,
    seq             BIGINT IDENTITY (1, 1) NOT NULL,
    app_id          UNIQUEIDENTIFIER NOT NULL,
    package_sha256  NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    package_size    BIGINT NOT NULL,
    status          NVARCHAR(20) NOT NULL,
    message         NVARCHAR(MAX) NULL,
    author          NVARCHAR(200) NULL,
    function_names  NVARCHAR(MAX) NOT NULL CONSTRAINT df_deployments_function_names DEFAULT (N'[]'),
    log             NVARCHAR(MAX) NOT NULL CONSTRAINT df_deployments_log DEFAULT (N'[]'),
    created_at      DATETIME2(3) NOT NULL,
    completed_at    DATETIME2(3) NULL,
    CONSTRAINT pk_deployments PRIMARY KEY (id),
    CONSTRAINT fk_deployments_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE,
    CONSTRAINT fk_deployments_package FOREIGN KEY (package_sha256) REFERENCES hearth.packages (sha256)
);
CREATE INDEX ix_deployments_app_created ON hearth.deployments (app_id, created_at);
GO

-- Secret values are AES-GCM ciphertext (version || nonce || ciphertext || tag); others are UTF-8 text.
CREATE TABLE hearth.app_settings (
    app_id      UNIQUEIDENTIFIER NOT NULL,
    name        NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    value       VARBINARY(MAX) NOT NULL,
    is_secret   BIT NOT NULL,
    updated_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_app_settings PRIMARY KEY (app_id, name),
    CONSTRAINT fk_app_settings_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE
);

-- Key values are always AES-GCM ciphertext. function_name is '' for master, host and system keys.
CREATE TABLE hearth.function_keys (
    app_id         UNIQUEIDENTIFIER NOT NULL,
    scope          NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL,
    function_name  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    name           NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    value          VARBINARY(MAX) NOT NULL,
    created_at     DATETIME2(3) NOT NULL,
    updated_at     DATETIME2(3) NOT NULL,
    CONSTRAINT pk_function_keys PRIMARY KEY (app_id, scope, function_name, name),
    CONSTRAINT fk_function_keys_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE
);

-- Only the SHA-256 of a token's secret is kept.
CREATE TABLE hearth.api_tokens (
    id          UNIQUEIDENTIFIER NOT NULL,
    name        NVARCHAR(200) NOT NULL,
    token_hash  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    role        NVARCHAR(20) NOT NULL,
    tenant_id   UNIQUEIDENTIFIER NULL,
    created_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_api_tokens PRIMARY KEY (id),
    CONSTRAINT uq_api_tokens_hash UNIQUE (token_hash),
    CONSTRAINT fk_api_tokens_tenant FOREIGN KEY (tenant_id) REFERENCES hearth.tenants (id) ON DELETE CASCADE
);
GO

CREATE TABLE hearth.invocations (
    id             UNIQUEIDENTIFIER NOT NULL,
    app_id         UNIQUEIDENTIFIER NOT NULL,
    function_name  NVARCHAR(128) NOT NULL,
    trigger_kind   NVARCHAR(50) NOT NULL,
    started_at     DATETIME2(3) NOT NULL,
    duration_ms    FLOAT NULL,
    status         NVARCHAR(20) NOT NULL,
    error          NVARCHAR(MAX) NULL,
    logs           NVARCHAR(MAX) NOT NULL CONSTRAINT df_invocations_logs DEFAULT (N'[]'),
    worker_id      NVARCHAR(200) NULL,
    CONSTRAINT pk_invocations PRIMARY KEY NONCLUSTERED (id),
    CONSTRAINT fk_invocations_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE
);
CREATE CLUSTERED INDEX cx_invocations_started ON hearth.invocations (started_at);
CREATE INDEX ix_invocations_app_started ON hearth.invocations (app_id, started_at);

-- One row per timer occurrence that a worker claimed: the primary key makes the claim exclusive.
CREATE TABLE hearth.timer_occurrences (
    app_id         UNIQUEIDENTIFIER NOT NULL,
    function_name  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    occurrence     DATETIME2(3) NOT NULL,
    claimed_by     NVARCHAR(200) NOT NULL,
    claimed_at     DATETIME2(3) NOT NULL,
    CONSTRAINT pk_timer_occurrences PRIMARY KEY (app_id, function_name, occurrence),
    CONSTRAINT fk_timer_occurrences_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE
);

-- The timer monitor's schedule status per timer function (useMonitor).
CREATE TABLE hearth.timer_status (
    app_id         UNIQUEIDENTIFIER NOT NULL,
    function_name  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    last           DATETIME2(3) NOT NULL,
    next           DATETIME2(3) NOT NULL,
    last_updated   DATETIME2(3) NOT NULL,
    CONSTRAINT pk_timer_status PRIMARY KEY (app_id, function_name),
    CONSTRAINT fk_timer_status_app FOREIGN KEY (app_id) REFERENCES hearth.apps (id) ON DELETE CASCADE
);

-- Named leases with an owner and an expiry (singletons, timer occurrences in flight).
CREATE TABLE hearth.leases (
    name        NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    owner       NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    expires_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_leases PRIMARY KEY (name)
);

-- A counter bumped by every change a worker must see (apps, deployments, settings, keys, host names).
CREATE TABLE hearth.change_counter (
    id       INT NOT NULL,
    version  BIGINT NOT NULL,
    CONSTRAINT pk_change_counter PRIMARY KEY (id),
    CONSTRAINT ck_change_counter_single_row CHECK (id = 1)
);
INSERT INTO hearth.change_counter (id, version) VALUES (1, 0);
GO

-- The runtime's database role: data rights on schema hearth only, no DDL. Add the runtime's
-- database user to it:  ALTER ROLE hearth_runtime ADD MEMBER [hearth_app];
IF DATABASE_PRINCIPAL_ID(N'hearth_runtime') IS NULL
    CREATE ROLE hearth_runtime AUTHORIZATION dbo;
GO

GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON SCHEMA::hearth TO hearth_runtime;
GO

-- The migration journal is the DBA's record: the runtime may read it (to refuse a schema it does
-- not match) but never change it.
IF OBJECT_ID(N'hearth.schema_history', N'U') IS NOT NULL
    DENY INSERT, UPDATE, DELETE ON OBJECT::hearth.schema_history TO hearth_runtime;
GO
