package import Foundation
package import HearthCore

extension SQLServerStore {
    package func writeInvocations(_ records: [InvocationRecord]) async throws {
        guard !records.isEmpty else { return }
        try await write("invocation", idempotent: true) { c in
            for r in records {
                _ = try c.execute(
                    SQLServerStatements.upsertInvocation.sql,
                    [
                        "id": .uuid(r.id), "app_id": .uuid(r.appID), "function_name": .string(r.functionName), "trigger_kind": .string(r.trigger),
                        "started_at": .time(r.startedAt), "duration_ms": .double(r.durationMilliseconds), "status": .string(r.status.rawValue),
                        "error": .string(r.error), "logs": .string(JSONColumn.encode(r.logs)), "worker_id": .string(r.workerID),
                        "worker_instance": .string(r.workerInstance),
                    ]
                )
            }
        }
    }

    package func invocations(appID: UUID, functionName: String?, limit: Int) async throws -> [InvocationRecord] {
        let top = Int64(max(0, limit))
        return try await read("invocations") { c in
            if let functionName {
                return try c.execute(
                    SQLServerStatements.selectInvocationsOfFunction.sql,
                    [
                        "limit": .int64(top), "app_id": .uuid(appID), "function_name": .string(functionName),
                    ]
                ).rows.map(Self.invocation)
            }
            return try c.execute(SQLServerStatements.selectInvocations.sql, ["limit": .int64(top), "app_id": .uuid(appID)]).rows.map(Self.invocation)
        }
    }

    package func invocation(id: UUID) async throws -> InvocationRecord? {
        try await read("invocation") { c in try c.execute(SQLServerStatements.selectInvocation.sql, ["id": .uuid(id)]).firstRow.map(Self.invocation) }
    }

    package func pruneInvocations(startedBefore date: Date) async throws -> Int {
        try await read("invocation") { c in SQLRow.affected(try c.execute(SQLServerStatements.pruneInvocations.sql, ["before": .time(date)])) }
    }

    package func abandonInvocations(workerID: String, before currentInstance: String, error: String) async throws -> Int {
        try await write("invocation", idempotent: true) { c in
            SQLRow.affected(
                try c.execute(
                    SQLServerStatements.abandonInvocations.sql,
                    [
                        "error": .string(error), "worker_id": .string(workerID), "instance": .string(currentInstance),
                    ]
                )
            )
        }
    }

    static func invocation(_ row: SQLRow) throws -> InvocationRecord {
        InvocationRecord(
            id: try row.requiredUUID("id"),
            appID: try row.requiredUUID("app_id"),
            functionName: try row.requiredString("function_name"),
            trigger: try row.requiredString("trigger_kind"),
            startedAt: try row.requiredDate("started_at"),
            durationMilliseconds: row.double("duration_ms"),
            status: InvocationRecord.Status(rawValue: try row.requiredString("status")),
            error: row.string("error"),
            logs: JSONColumn.decode(row.string("logs")),
            workerID: row.string("worker_id"),
            workerInstance: row.string("worker_instance")
        )
    }
}
