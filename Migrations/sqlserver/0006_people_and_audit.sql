-- hearth:compatibility expand
-- Hearth store, version 6: people and the audit log (the management portal). Users (known by
-- issuer and subject), their roles in tenants, browser sessions, one-time setup links, failed
-- sign-ins, instance settings, API tokens a user owns, and the append-only audit log.
-- Expand-only: a binary of version 5 ignores all of it and keeps working.
-- Same schema as Migrations/sqlite/0006_people_and_audit.sql.

-- password_hash is a bcrypt string (never the password); totp_secret is AES-GCM ciphertext.
CREATE TABLE hearth.users (
    id                   UNIQUEIDENTIFIER NOT NULL,
    issuer               NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    subject              NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    display_name         NVARCHAR(200) NOT NULL,
    is_admin             BIT NOT NULL,
    is_disabled          BIT NOT NULL,
    created_at           DATETIME2(3) NOT NULL,
    password_hash        NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NULL,
    password_changed_at  DATETIME2(3) NULL,
    totp_secret          VARBINARY(MAX) NULL,
    totp_enabled         BIT NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uq_users_identity UNIQUE (issuer, subject)
);

CREATE TABLE hearth.tenant_memberships (
    user_id     UNIQUEIDENTIFIER NOT NULL,
    tenant_id   UNIQUEIDENTIFIER NOT NULL,
    role        NVARCHAR(20) NOT NULL,
    created_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_tenant_memberships PRIMARY KEY (user_id, tenant_id),
    CONSTRAINT fk_tenant_memberships_user FOREIGN KEY (user_id) REFERENCES hearth.users (id) ON DELETE CASCADE,
    CONSTRAINT fk_tenant_memberships_tenant FOREIGN KEY (tenant_id) REFERENCES hearth.tenants (id) ON DELETE CASCADE
);
CREATE INDEX ix_tenant_memberships_tenant ON hearth.tenant_memberships (tenant_id);

-- Only the SHA-256 of a session's cookie value is kept. idle_timeout_ms: the session ends when
-- unused that long after last_seen_at.
CREATE TABLE hearth.web_sessions (
    id_hash                NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    user_id                UNIQUEIDENTIFIER NOT NULL,
    created_at             DATETIME2(3) NOT NULL,
    last_seen_at           DATETIME2(3) NOT NULL,
    expires_at             DATETIME2(3) NOT NULL,
    idle_timeout_ms        BIGINT NOT NULL,
    second_factor_pending  BIT NOT NULL,
    selected_tenant_id     UNIQUEIDENTIFIER NULL,
    client_address         NVARCHAR(200) NULL,
    user_agent             NVARCHAR(1000) NULL,
    CONSTRAINT pk_web_sessions PRIMARY KEY (id_hash),
    CONSTRAINT fk_web_sessions_user FOREIGN KEY (user_id) REFERENCES hearth.users (id) ON DELETE CASCADE,
    CONSTRAINT fk_web_sessions_tenant FOREIGN KEY (selected_tenant_id) REFERENCES hearth.tenants (id) ON DELETE SET NULL
);
CREATE INDEX ix_web_sessions_user ON hearth.web_sessions (user_id);

-- Only the SHA-256 of a link's token is kept; used_at is set once, when the link is used.
CREATE TABLE hearth.setup_links (
    token_hash  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    user_id     UNIQUEIDENTIFIER NOT NULL,
    created_at  DATETIME2(3) NOT NULL,
    expires_at  DATETIME2(3) NOT NULL,
    used_at     DATETIME2(3) NULL,
    CONSTRAINT pk_setup_links PRIMARY KEY (token_hash),
    CONSTRAINT fk_setup_links_user FOREIGN KEY (user_id) REFERENCES hearth.users (id) ON DELETE CASCADE
);
CREATE INDEX ix_setup_links_user ON hearth.setup_links (user_id);

-- One row per failed sign-in; counted per account and per address within a window.
CREATE TABLE hearth.sign_in_failures (
    seq      BIGINT IDENTITY (1, 1) NOT NULL,
    account  NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    address  NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NULL,
    at       DATETIME2(3) NOT NULL,
    CONSTRAINT pk_sign_in_failures PRIMARY KEY (seq)
);
CREATE INDEX ix_sign_in_failures_account ON hearth.sign_in_failures (account, at);
CREATE INDEX ix_sign_in_failures_address ON hearth.sign_in_failures (address, at);
CREATE INDEX ix_sign_in_failures_at ON hearth.sign_in_failures (at);

-- Instance-wide settings as name/value rows (a new setting is a new row).
CREATE TABLE hearth.instance_settings (
    name   NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    value  NVARCHAR(MAX) NOT NULL,
    CONSTRAINT pk_instance_settings PRIMARY KEY (name)
);
GO

-- The user who created a token in the portal (and may list and revoke it); NULL for others.
ALTER TABLE hearth.api_tokens ADD owner_user_id UNIQUEIDENTIFIER NULL
    CONSTRAINT fk_api_tokens_owner FOREIGN KEY REFERENCES hearth.users (id) ON DELETE CASCADE;
GO

CREATE INDEX ix_api_tokens_owner ON hearth.api_tokens (owner_user_id);

-- The audit log. seq orders the log as it was appended (export); ids are time-ordered UUIDs.
CREATE TABLE hearth.audit_log (
    seq         BIGINT IDENTITY (1, 1) NOT NULL,
    id          UNIQUEIDENTIFIER NOT NULL,
    at          DATETIME2(3) NOT NULL,
    actor_kind  NVARCHAR(20) NOT NULL,
    actor_id    UNIQUEIDENTIFIER NULL,
    actor_name  NVARCHAR(400) NOT NULL,
    tenant_id   UNIQUEIDENTIFIER NULL,
    action      NVARCHAR(100) NOT NULL,
    target      NVARCHAR(1000) NOT NULL,
    address     NVARCHAR(200) NULL,
    outcome     NVARCHAR(20) NOT NULL,
    detail      NVARCHAR(MAX) NULL,
    CONSTRAINT pk_audit_log PRIMARY KEY (seq),
    CONSTRAINT uq_audit_log_id UNIQUE (id)
);
CREATE INDEX ix_audit_log_at ON hearth.audit_log (at);
CREATE INDEX ix_audit_log_tenant_at ON hearth.audit_log (tenant_id, at);
CREATE INDEX ix_audit_log_actor_at ON hearth.audit_log (actor_id, at);
GO

-- The only way audit rows go: retention (@before = the cut-off) and a factory reset (@before
-- NULL: every row). EXECUTE AS OWNER runs the DELETE as the schema's owner (dbo), which the DENY
-- below does not bind; the runtime may EXECUTE it (granted on schema hearth by 0001) but can
-- neither change an audit row nor delete one selectively. Returns `affected`.
CREATE PROCEDURE hearth.purge_audit_log
    @before DATETIME2(3) = NULL
WITH EXECUTE AS OWNER
AS
BEGIN
    SET NOCOUNT ON;
    DELETE FROM hearth.audit_log WHERE @before IS NULL OR at < @before;
    SELECT @@ROWCOUNT AS affected;
END;
GO

-- Append-only for the runtime: it may insert and read audit rows, never change or delete them.
IF DATABASE_PRINCIPAL_ID(N'hearth_runtime') IS NOT NULL
    DENY UPDATE, DELETE ON OBJECT::hearth.audit_log TO hearth_runtime;
GO
