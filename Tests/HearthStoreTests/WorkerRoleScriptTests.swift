import Foundation
import Testing

@testable import HearthStore

/// The `hearth_worker` database role script: grants cover every table a worker's statements touch
/// and none of people, sessions, tokens or the audit log, which are denied outright.
@Suite struct WorkerRoleScriptTests {
    @Test func grantsWhatWorkersUseAndDeniesPeopleTokensAndAudit() throws {
        let script = SQLServerWorkerRole.script
        #expect(script.contains("CREATE ROLE hearth_worker"))
        for table in ["users", "web_sessions", "api_tokens", "audit_log", "setup_links", "tenant_memberships", "publishing_credentials"] {
            #expect(
                !script.contains("GRANT SELECT ON OBJECT::hearth.\(table) ")
                    && !script.contains("ON OBJECT::hearth.\(table) TO hearth_worker;\nGRANT")
            )
            #expect(script.contains("DENY SELECT, INSERT, UPDATE, DELETE ON OBJECT::hearth.\(table) TO hearth_worker;"))
            #expect(!SQLServerWorkerRole.grants.contains { $0.table == table })
        }
        for table in ["workers", "worker_enrolment_tokens", "app_placements", "queue_messages", "invocations", "apps", "app_settings"] {
            #expect(SQLServerWorkerRole.grants.contains { $0.table == table })
        }
        #expect(script.contains("GRANT UPDATE (status_state, status_reason, status_worker_id, status_updated_at) ON OBJECT::hearth.apps"))
        // Every table of the schema is either granted or denied: a new table must be decided on.
        let tables = Set(
            try SQLServerStore.migrations().flatMap { migration in
                migration.script.matches(of: #/CREATE TABLE hearth\.(\w+)/#).map { String($0.1) }
            }
        )
        let decided = Set(SQLServerWorkerRole.grants.map(\.table) + SQLServerWorkerRole.denied)
        #expect(tables.subtracting(["schema_history"]).isSubset(of: decided), "undecided: \(tables.subtracting(decided).sorted())")
    }
}
