-- hearth:compatibility expand
-- Hearth store, version 3: the domain suffixes each tenant may use for custom host names, and host
-- names that no longer pass Hearth's rules kept but disabled (they route nowhere) with the reason.
-- Expand-only: a binary of version 2 ignores both and keeps working.
-- Same schema as Migrations/sqlite/0003_tenant_domains.sql.

-- An instance admin grants a suffix to one tenant; its apps may claim the suffix and names below it.
CREATE TABLE hearth.tenant_domains (
    suffix      NVARCHAR(253) COLLATE Latin1_General_100_BIN2 NOT NULL,
    tenant_id   UNIQUEIDENTIFIER NOT NULL,
    created_at  DATETIME2(3)     NOT NULL,
    CONSTRAINT pk_tenant_domains PRIMARY KEY (suffix),
    CONSTRAINT fk_tenant_domains_tenant FOREIGN KEY (tenant_id) REFERENCES hearth.tenants (id) ON DELETE CASCADE
);
CREATE INDEX ix_tenant_domains_tenant ON hearth.tenant_domains (tenant_id);
GO

-- NULL: the name routes to its app. Otherwise why Hearth stopped routing it.
ALTER TABLE hearth.app_host_names ADD disabled_reason NVARCHAR(1000) NULL;
GO
