-- hearth:compatibility expand
-- Hearth store, version 3: the domain suffixes each tenant may use for custom host names, and host
-- names that no longer pass Hearth's rules kept but disabled (they route nowhere) with the reason.
-- Expand-only: a binary of version 2 ignores both and keeps working.

-- An instance admin grants a suffix to one tenant; its apps may claim the suffix and names below it.
CREATE TABLE tenant_domains (
    suffix      TEXT    NOT NULL PRIMARY KEY,
    tenant_id   TEXT    NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL
);
CREATE INDEX tenant_domains_tenant ON tenant_domains(tenant_id);

-- NULL: the name routes to its app. Otherwise why Hearth stopped routing it.
ALTER TABLE app_host_names ADD COLUMN disabled_reason TEXT;
