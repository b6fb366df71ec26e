-- hearth:compatibility expand
-- Hearth store, version 8: Hearth's own queues (issue #14). Same schema as
-- Migrations/sqlite/0008_queues.sql: queue accounts of a tenant (one default per tenant) with two
-- keys sealed with the store's master key (AES-GCM, context 'queue-key:<account id>:<slot>';
-- re-sealed by 'hearth secrets rotate-master-key'), their queues, and the queues' messages.
-- A message that never expires has expires_at 9999-12-31T23:59:59. seq orders messages by
-- insertion and is the clustered key, so new messages append at the end of the table.
-- Expand-only: a binary of version 7 ignores these tables and keeps working.
CREATE TABLE hearth.queue_accounts (
    id                   UNIQUEIDENTIFIER NOT NULL,
    tenant_id            UNIQUEIDENTIFIER NOT NULL,
    name                 NVARCHAR(24) COLLATE Latin1_General_100_BIN2 NOT NULL,
    is_default           BIT NOT NULL,
    primary_key          VARBINARY(512) NOT NULL,
    secondary_key        VARBINARY(512) NOT NULL,
    poison_retention_ms  BIGINT NOT NULL,
    created_at           DATETIME2(3) NOT NULL,
    CONSTRAINT pk_queue_accounts PRIMARY KEY (id),
    CONSTRAINT uq_queue_accounts_name UNIQUE (name),
    CONSTRAINT fk_queue_accounts_tenant FOREIGN KEY (tenant_id) REFERENCES hearth.tenants (id) ON DELETE CASCADE
);
CREATE INDEX ix_queue_accounts_tenant ON hearth.queue_accounts (tenant_id);
-- At most one default account per tenant: two first uses racing create one.
CREATE UNIQUE INDEX ux_queue_accounts_default ON hearth.queue_accounts (tenant_id) WHERE is_default = 1;

CREATE TABLE hearth.queues (
    id          UNIQUEIDENTIFIER NOT NULL,
    account_id  UNIQUEIDENTIFIER NOT NULL,
    name        NVARCHAR(63) COLLATE Latin1_General_100_BIN2 NOT NULL,
    metadata    NVARCHAR(MAX) NOT NULL CONSTRAINT df_queues_metadata DEFAULT (N'{}'),
    created_at  DATETIME2(3) NOT NULL,
    CONSTRAINT pk_queues PRIMARY KEY (id),
    CONSTRAINT uq_queues_name UNIQUE (account_id, name),
    CONSTRAINT fk_queues_account FOREIGN KEY (account_id) REFERENCES hearth.queue_accounts (id) ON DELETE CASCADE
);

CREATE TABLE hearth.queue_messages (
    seq              BIGINT IDENTITY (1, 1) NOT NULL,
    id               UNIQUEIDENTIFIER NOT NULL,
    queue_id         UNIQUEIDENTIFIER NOT NULL,
    body             VARBINARY(MAX) NOT NULL,
    inserted_at      DATETIME2(3) NOT NULL,
    expires_at       DATETIME2(3) NOT NULL,
    next_visible_at  DATETIME2(3) NOT NULL,
    dequeue_count    INT NOT NULL CONSTRAINT df_queue_messages_dequeue_count DEFAULT (0),
    pop_receipt      NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NULL,
    CONSTRAINT pk_queue_messages PRIMARY KEY CLUSTERED (seq),
    CONSTRAINT uq_queue_messages_id UNIQUE (id),
    CONSTRAINT fk_queue_messages_queue FOREIGN KEY (queue_id) REFERENCES hearth.queues (id) ON DELETE CASCADE
);
-- "The visible messages of these queues": queue_id IN (...) AND next_visible_at <= now, oldest
-- first; a seek per queue, expires_at included so expired rows are skipped without the table.
CREATE INDEX ix_queue_messages_visible ON hearth.queue_messages (queue_id, next_visible_at, seq) INCLUDE (expires_at);
-- Purging expired messages.
CREATE INDEX ix_queue_messages_expiry ON hearth.queue_messages (expires_at);
GO
