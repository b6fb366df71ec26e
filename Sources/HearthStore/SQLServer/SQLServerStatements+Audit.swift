/// The statements of the audit log (``AuditStore``) and the factory reset, part of
/// ``SQLServerStatements/all``.
extension SQLServerStatements {
    static let auditColumns = "id, at, actor_kind, actor_id, actor_name, tenant_id, action, target, address, outcome, detail"
    /// Appends an audit event; a taken id is a conflict. The runtime role may insert but neither
    /// update nor delete audit rows (migration 0006).
    package static let insertAuditEvent = SQLStatement(
        "insertAuditEvent",
        """
        INSERT INTO hearth.audit_log (\(auditColumns))
        VALUES (@id, @at, @actor_kind, @actor_id, @actor_name, @tenant_id, @action, @target, @address, @outcome, @detail);
        """
    )
    /// The newest `@limit` events matching the filters that are not NULL (`@tenant_id`,
    /// `@actor_id`, `@since` inclusive, `@until` exclusive), newest first; recompiled per call so
    /// each combination of filters gets its own plan.
    package static let selectAuditEvents = SQLStatement(
        "selectAuditEvents",
        """
        SELECT TOP (@limit) \(auditColumns) FROM hearth.audit_log
        WHERE (@tenant_id IS NULL OR tenant_id = @tenant_id)
            AND (@actor_id IS NULL OR actor_id = @actor_id)
            AND (@since IS NULL OR at >= @since)
            AND (@until IS NULL OR at < @until)
        ORDER BY at DESC, seq DESC
        OPTION (RECOMPILE);
        """
    )
    /// The first `@limit` events in the order they were appended (export).
    package static let selectAuditPageFirst = SQLStatement(
        "selectAuditPageFirst",
        "SELECT TOP (@limit) \(auditColumns) FROM hearth.audit_log ORDER BY seq;"
    )
    /// The `@limit` events appended after the event `@after` (export); none when `@after` is unknown.
    package static let selectAuditPageAfter = SQLStatement(
        "selectAuditPageAfter",
        """
        SELECT TOP (@limit) \(auditColumns) FROM hearth.audit_log
        WHERE seq > (SELECT a.seq FROM hearth.audit_log AS a WHERE a.id = @after)
        ORDER BY seq;
        """
    )
    /// Deletes audit events before `@before` (every one when NULL) through the procedure of
    /// migration 0006, the only path that may; returns `affected`.
    package static let purgeAuditLog = SQLStatement("purgeAuditLog", "EXEC hearth.purge_audit_log @before = @before;")
    /// Deletes every row of data, children before parents, but the journal, the change counter and
    /// the audit log (the caller then runs ``purgeAuditLog`` with NULL and bumps the counter).
    package static let resetToFactory = SQLStatement(
        "resetToFactory",
        """
        DELETE FROM hearth.web_sessions;
        DELETE FROM hearth.setup_links;
        DELETE FROM hearth.tenant_memberships;
        DELETE FROM hearth.sign_in_failures;
        DELETE FROM hearth.instance_settings;
        DELETE FROM hearth.api_tokens;
        DELETE FROM hearth.invocations;
        DELETE FROM hearth.timer_occurrences;
        DELETE FROM hearth.timer_status;
        DELETE FROM hearth.leases;
        DELETE FROM hearth.publishing_credentials;
        DELETE FROM hearth.function_keys;
        DELETE FROM hearth.app_settings;
        DELETE FROM hearth.app_host_names;
        DELETE FROM hearth.deployments;
        DELETE FROM hearth.apps;
        DELETE FROM hearth.packages;
        DELETE FROM hearth.tenant_domains;
        DELETE FROM hearth.tenants;
        DELETE FROM hearth.users;
        """
    )

    /// The statements of ``AuditStore`` and the factory reset.
    static let audit: [SQLStatement] = [
        insertAuditEvent, selectAuditEvents, selectAuditPageFirst, selectAuditPageAfter, purgeAuditLog, resetToFactory,
    ]
}
