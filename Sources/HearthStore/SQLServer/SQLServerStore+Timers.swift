package import Foundation
package import HearthCore

extension SQLServerStore {
    package func claimTimerOccurrence(appID: UUID, functionName: String, occurrence: Date, owner: String) async throws -> Bool {
        let function = functionName.lowercased()
        do {
            return try await write("timer occurrence") { c in
                let result = try c.execute(
                    SQLServerStatements.claimTimerOccurrence.sql,
                    [
                        "app_id": .uuid(appID), "function_name": .string(function), "occurrence": .time(occurrence), "owner": .string(owner),
                        "now": .time(Date()),
                    ]
                )
                let claimed = (result.resultSets.last?.first?.int("claimed") ?? 0) == 1
                if claimed {
                    // Keep a day of claims: enough to dedupe, small enough to stay fast.
                    _ = try c.execute(
                        SQLServerStatements.deleteOldTimerOccurrences.sql,
                        [
                            "app_id": .uuid(appID), "function_name": .string(function), "cutoff": .time(occurrence.addingTimeInterval(-86_400)),
                        ]
                    )
                }
                return claimed
            }
        } catch let error as StoreError where error.code == .conflict {
            return false  // another worker's insert won the key
        }
    }

    package func timerStatus(appID: UUID, functionName: String) async throws -> TimerStatus? {
        try await read("timer status") { c in
            guard
                let row = try c.execute(
                    SQLServerStatements.selectTimerStatus.sql,
                    [
                        "app_id": .uuid(appID), "function_name": .string(functionName.lowercased()),
                    ]
                ).firstRow
            else { return nil }
            return TimerStatus(
                last: try row.requiredDate("last"),
                next: try row.requiredDate("next"),
                lastUpdated: try row.requiredDate("last_updated")
            )
        }
    }

    package func setTimerStatus(appID: UUID, functionName: String, _ status: TimerStatus) async throws {
        try await write("timer status", idempotent: true) { c in
            _ = try c.execute(
                SQLServerStatements.upsertTimerStatus.sql,
                [
                    "app_id": .uuid(appID), "function_name": .string(functionName.lowercased()), "last": .time(status.last),
                    "next": .time(status.next), "last_updated": .time(status.lastUpdated),
                ]
            )
        }
    }

    package func acquireLease(name: String, owner: String, duration: Duration) async throws -> Bool {
        let now = Date()
        let seconds = duration.timeInterval
        do {
            return try await write("lease", idempotent: true) { c in
                let result = try c.execute(
                    SQLServerStatements.acquireLease.sql,
                    [
                        "name": .string(name), "owner": .string(owner), "expires_at": .time(now.addingTimeInterval(seconds)), "now": .time(now),
                    ]
                )
                return result.resultSets.last?.first?.bool("acquired") ?? false
            }
        } catch let error as StoreError where error.code == .conflict {
            return false
        }
    }

    package func releaseLease(name: String, owner: String) async throws {
        try await write("lease", idempotent: true) { c in
            _ = try c.execute(SQLServerStatements.releaseLease.sql, ["name": .string(name), "owner": .string(owner)])
        }
    }
}
