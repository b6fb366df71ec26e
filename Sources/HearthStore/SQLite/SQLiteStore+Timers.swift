package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    package func claimTimerOccurrence(appID: UUID, functionName: String, occurrence: Date, owner: String) async throws -> Bool {
        try await write("timer occurrence") { db in
            // The primary key (app, function, occurrence) makes the insert succeed for exactly one claimant.
            try db.execute(
                sql: "INSERT OR IGNORE INTO timer_occurrences (app_id, function_name, occurrence, claimed_by, claimed_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [appID.uuidString, functionName.lowercased(), occurrence.millisecondsSince1970, owner, Date().millisecondsSince1970]
            )
            let claimed = db.changesCount == 1
            if claimed {
                // Keep a day of claims: enough to dedupe, small enough to stay fast.
                try db.execute(
                    sql: "DELETE FROM timer_occurrences WHERE app_id = ? AND function_name = ? AND occurrence < ?",
                    arguments: [appID.uuidString, functionName.lowercased(), occurrence.millisecondsSince1970 - 86_400_000]
                )
            }
            return claimed
        }
    }

    package func timerStatus(appID: UUID, functionName: String) async throws -> TimerStatus? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT last, next, last_updated FROM timer_status WHERE app_id = ? AND function_name = ?",
                arguments: [appID.uuidString, functionName.lowercased()]
            ).map {
                TimerStatus(
                    last: Date(millisecondsSince1970: $0["last"]),
                    next: Date(millisecondsSince1970: $0["next"]),
                    lastUpdated: Date(millisecondsSince1970: $0["last_updated"])
                )
            }
        }
    }

    package func setTimerStatus(appID: UUID, functionName: String, _ status: TimerStatus) async throws {
        try await write("timer status") { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO timer_status (app_id, function_name, last, next, last_updated) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    appID.uuidString, functionName.lowercased(), status.last.millisecondsSince1970, status.next.millisecondsSince1970,
                    status.lastUpdated.millisecondsSince1970,
                ]
            )
        }
    }

    package func acquireLease(name: String, owner: String, duration: Duration) async throws -> Bool {
        let now = Date().millisecondsSince1970
        let expires = now + Int64(duration.components.seconds * 1000) + Int64(duration.components.attoseconds / 1_000_000_000_000_000)
        return try await write("lease") { db in
            try db.execute(
                sql: """
                    INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                    WHERE leases.owner = excluded.owner OR leases.expires_at < ?
                    """,
                arguments: [name, owner, expires, now]
            )
            return db.changesCount == 1
        }
    }

    package func releaseLease(name: String, owner: String) async throws {
        try await write("lease") { db in
            try db.execute(sql: "DELETE FROM leases WHERE name = ? AND owner = ?", arguments: [name, owner])
        }
    }
}
