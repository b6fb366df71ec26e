package import Foundation
package import HearthCore

extension SQLServerStore {
    package func writeInvocations(_ records: [InvocationRecord]) async throws {
        guard !records.isEmpty else { return }
        // Idempotent with the statistics too: a record's end is counted only when the row was
        // running or absent before (read under UPDLOCK, HOLDLOCK), so a retried batch counts nothing twice.
        try await write("invocation", idempotent: true) { c in
            for r in records {
                let previous = try c.execute(SQLServerStatements.selectInvocationStatusForUpdate.sql, ["id": .uuid(r.id)])
                    .firstRow?.string("status")
                let written =
                    try c.execute(
                        SQLServerStatements.upsertInvocation.sql,
                        [
                            "id": .uuid(r.id), "app_id": .uuid(r.appID), "function_name": .string(r.functionName), "trigger_kind": .string(r.trigger),
                            "started_at": .time(r.startedAt), "duration_ms": .double(r.durationMilliseconds), "status": .string(r.status.rawValue),
                            "error": .string(r.error), "logs": .string(JSONColumn.encode(r.logs)), "worker_id": .string(r.workerID),
                            "worker_instance": .string(r.workerInstance), "trace_parent": .string(r.traceParent),
                        ]
                    ).rowsAffected > 0
                guard written, r.status != .running, previous == nil || previous == InvocationRecord.Status.running.rawValue else {
                    continue
                }
                _ = try c.execute(
                    SQLServerStatements.addInvocationStats.sql,
                    [
                        "app_id": .uuid(r.appID), "function_name": .string(r.functionName),
                        "hour_start": .time(InvocationStats.hour(of: r.startedAt)),
                        "failed": .int64(InvocationStats.isFailure(r.status) ? 1 : 0), "duration_ms": .double(r.durationMilliseconds ?? 0),
                        "bucket": .int32(r.durationMilliseconds.map { Int32(InvocationHistogram.bucket(milliseconds: $0)) } ?? -1),
                    ]
                )
            }
        }
    }

    package func invocations(appID: UUID, filter: InvocationFilter, limit: Int) async throws -> [InvocationRecord] {
        var parameters = Self.parameters(filter)
        parameters.append(("app_id", .uuid(appID)))
        parameters.append(("limit", .int64(Int64(max(0, limit)))))
        return try await read("invocations") { [parameters] c in
            try c.execute(SQLServerStatements.selectInvocationsFiltered.sql, parameters).rows.map(Self.invocation)
        }
    }

    package func invocations(
        appID: UUID,
        after cursor: InvocationCursor?,
        filter: InvocationFilter,
        limit: Int
    ) async throws
        -> [InvocationRecord]
    {
        var parameters = Self.parameters(filter)
        parameters.append(("app_id", .uuid(appID)))
        parameters.append(("limit", .int64(Int64(max(0, limit)))))
        parameters.append(("after_started", .time(cursor?.startedAt)))
        parameters.append(("after_id", .uuid(cursor?.id)))
        return try await read("invocations") { [parameters] c in
            try c.execute(SQLServerStatements.selectInvocationsAfter.sql, parameters).rows.map(Self.invocation)
        }
    }

    private static func parameters(_ filter: InvocationFilter) -> [(String, SQLValue)] {
        [
            ("function_name", .string(filter.functionName)), ("status", .string(filter.status?.rawValue)),
            ("since", .time(filter.since)), ("until", .time(filter.until)),
        ]
    }

    package func invocationTotals(appIDs: [UUID], since: Date, until: Date) async throws -> [UUID: InvocationTotals] {
        guard !appIDs.isEmpty else { return [:] }
        let ids = "[" + appIDs.map { "\"\($0.uuidString)\"" }.joined(separator: ",") + "]"
        return try await read("invocation statistics") { c in
            var totals: [UUID: InvocationTotals] = [:]
            let parameters: KeyValuePairs<String, SQLValue> = [
                "app_ids": .string(ids), "since_hour": .time(InvocationStats.hour(of: since)), "until": .time(until),
            ]
            for row in try c.execute(SQLServerStatements.selectInvocationTotals.sql, parameters).rows {
                totals[try row.requiredUUID("app_id")] = InvocationTotals(
                    invocations: row.int64("invocations") ?? 0,
                    failures: row.int64("failures") ?? 0
                )
            }
            return totals
        }
    }

    package func invocationStats(appID: UUID, since: Date, until: Date) async throws -> [InvocationStats] {
        try await read("invocation statistics") { c in
            let parameters: KeyValuePairs<String, SQLValue> = [
                "app_id": .uuid(appID), "since_hour": .time(InvocationStats.hour(of: since)), "until": .time(until),
            ]
            return try c.execute(SQLServerStatements.selectInvocationStats.sql, parameters).rows.map { row in
                InvocationStats(
                    functionName: try row.requiredString("function_name"),
                    hour: try row.requiredDate("hour_start"),
                    invocations: row.int64("invocations") ?? 0,
                    failures: row.int64("failures") ?? 0,
                    durationSum: row.double("duration_sum") ?? 0,
                    histogram: InvocationHistogram.columnNames.map { row.int64($0) ?? 0 }
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
        try await read("invocation") { c in
            let deleted = SQLRow.affected(try c.execute(SQLServerStatements.pruneInvocations.sql, ["before": .time(date)]))
            _ = try c.execute(SQLServerStatements.pruneInvocationStats.sql, ["before": .time(date)])
            return deleted
        }
    }

    package func abandonInvocations(workerID: String, before currentInstance: String, error: String) async throws -> Int {
        try await write("invocation", idempotent: true) { c in
            let parameters: KeyValuePairs<String, SQLValue> = ["worker_id": .string(workerID), "instance": .string(currentInstance)]
            _ = try c.execute(SQLServerStatements.countAbandonedInvocations.sql, parameters)
            return SQLRow.affected(
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
            workerInstance: row.string("worker_instance"),
            traceParent: row.string("trace_parent")
        )
    }
}
