package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    // MARK: Workers

    package func registerWorker(_ registration: WorkerRegistration, credentialHash: String?, at date: Date) async throws -> WorkerAdmission {
        try registration.validate()
        return try await write("worker '\(registration.name)'") { db in
            let columns = FleetRows.registrationColumns(registration)
            if let row = try Row.fetchOne(db, sql: "SELECT id, state, credential_hash FROM workers WHERE name = ?", arguments: [registration.name]) {
                if row["state"] == WorkerRecord.State.revoked.rawValue { return .revoked }
                guard FleetRows.credentialMatches(stored: row["credential_hash"], presented: credentialHash) else { return .refused }
                try db.execute(
                    sql: """
                        UPDATE workers SET advertise_url = ?, capacity_mb = ?, labels = ?, version = ?, availability = ?, time_zone = ?,
                            public_key = COALESCE(?, public_key), last_heartbeat_at = ?, apps_running = 0, sandbox_memory_bytes = 0, in_flight = 0,
                            in_flight_by_app = NULL
                        WHERE id = ?
                        """,
                    arguments: [
                        columns.advertiseURL, columns.capacityMB, columns.labels, columns.version, columns.availability, columns.timeZone,
                        registration.publicKey, date.millisecondsSince1970, row["id"] as String,
                    ]
                )
            } else {
                guard credentialHash == nil else { return .refused }
                try Self.insertWorker(registration, id: UUID(), credentialHash: nil, at: date, db)
            }
            return .admitted(try Self.worker(named: registration.name, db)!)
        }
    }

    static func insertWorker(_ registration: WorkerRegistration, id: UUID, credentialHash: String?, at date: Date, _ db: Database) throws {
        let columns = FleetRows.registrationColumns(registration)
        try db.execute(
            sql: """
                INSERT INTO workers (id, name, advertise_url, capacity_mb, labels, version, availability, time_zone, public_key,
                    credential_hash, state, registered_at, last_heartbeat_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ready', ?, ?)
                """,
            arguments: [
                id.uuidString, registration.name, columns.advertiseURL, columns.capacityMB, columns.labels, columns.version,
                columns.availability, columns.timeZone, registration.publicKey, credentialHash, date.millisecondsSince1970,
                date.millisecondsSince1970,
            ]
        )
    }

    package func heartbeat(workerID: UUID, credentialHash: String?, load: WorkerLoad, at date: Date) async throws -> WorkerHeartbeatAnswer {
        try await write("heartbeat") { db in
            guard
                let row = try Row.fetchOne(db, sql: "SELECT state, credential_hash FROM workers WHERE id = ?", arguments: [workerID.uuidString]),
                FleetRows.credentialMatches(stored: row["credential_hash"], presented: credentialHash)
            else { return .unknown }
            let state = WorkerRecord.State(rawValue: row["state"]) ?? .ready
            if state == .revoked { return .revoked }
            try db.execute(
                sql: """
                    UPDATE workers SET last_heartbeat_at = ?, apps_running = ?, sandbox_memory_bytes = ?, in_flight = ?, in_flight_by_app = ?
                    WHERE id = ?
                    """,
                arguments: [
                    date.millisecondsSince1970, load.appsRunning, load.sandboxMemoryBytes, load.inFlightInvocations, load.inFlightByAppJSON,
                    workerID.uuidString,
                ]
            )
            return .recorded(state)
        }
    }

    static let workerSelect = """
        SELECT w.*, (SELECT COUNT(*) FROM app_placements p WHERE p.worker_id = w.id) AS apps_placed FROM workers w
        """

    package func workers() async throws -> [WorkerRecord] {
        try await read { db in try Row.fetchAll(db, sql: "\(Self.workerSelect) ORDER BY w.name").map(Self.workerRecord) }
    }

    package func worker(named name: String) async throws -> WorkerRecord? {
        try await read { db in try Self.worker(named: name, db) }
    }

    static func worker(named name: String, _ db: Database) throws -> WorkerRecord? {
        try Row.fetchOne(db, sql: "\(workerSelect) WHERE w.name = ?", arguments: [name]).map(workerRecord)
    }

    package func revokeWorker(named name: String) async throws -> Bool {
        try await write("worker") { db in
            guard let id = try String.fetchOne(db, sql: "SELECT id FROM workers WHERE name = ?", arguments: [name]) else { return false }
            try db.execute(sql: "UPDATE workers SET state = 'revoked' WHERE id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM app_placements WHERE worker_id = ?", arguments: [id])
            // The data keys wrapped for it go too: nothing placed later is readable with its key.
            try db.execute(sql: "DELETE FROM app_key_wraps WHERE worker_id = ?", arguments: [id])
            // And the fleet forwarding key's: it neither signs nor checks forwarded requests any more.
            try db.execute(sql: "DELETE FROM fleet_key_wraps WHERE worker_id = ?", arguments: [id])
            try Self.bump(db)
            return true
        }
    }

    package func setWorkerDraining(named name: String, _ draining: Bool) async throws -> Bool {
        try await write("worker") { db in
            try db.execute(
                sql: "UPDATE workers SET state = ? WHERE name = ? AND state <> 'revoked'",
                arguments: [draining ? WorkerRecord.State.draining.rawValue : WorkerRecord.State.ready.rawValue, name]
            )
            return db.changesCount > 0
        }
    }

    static func workerRecord(_ row: Row) -> WorkerRecord {
        WorkerRecord(
            id: UUID(uuidString: row["id"])!,
            registration: FleetRows.registration(
                name: row["name"],
                advertiseURL: row["advertise_url"],
                capacityMB: row["capacity_mb"],
                labels: row["labels"],
                version: row["version"],
                availability: row["availability"],
                timeZone: row["time_zone"],
                publicKey: row["public_key"]
            ),
            state: WorkerRecord.State(rawValue: row["state"]) ?? .ready,
            registeredAt: Date(millisecondsSince1970: row["registered_at"]),
            lastHeartbeatAt: Date(millisecondsSince1970: row["last_heartbeat_at"]),
            load: WorkerLoad(
                appsRunning: row["apps_running"],
                sandboxMemoryBytes: row["sandbox_memory_bytes"],
                inFlightInvocations: row["in_flight"],
                inFlightByApp: WorkerLoad.inFlightByApp(json: row["in_flight_by_app"])
            ),
            appsPlaced: row["apps_placed"],
            enrolled: (row["credential_hash"] as String?) != nil
        )
    }

    // MARK: Enrolment tokens

    package func createEnrolmentToken(_ token: EnrolmentTokenRecord) async throws {
        try await write("enrolment token") { db in
            try db.execute(
                sql: "INSERT INTO worker_enrolment_tokens (token_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [token.tokenHash, token.createdBy, token.createdAt.millisecondsSince1970, token.expiresAt.millisecondsSince1970]
            )
        }
    }

    package func redeemEnrolmentToken(
        hash: String,
        worker: WorkerRegistration,
        credentialHash: String,
        at date: Date
    ) async throws
        -> EnrolmentRedemption
    {
        try worker.validate()
        return try await write("worker '\(worker.name)'") { db in
            guard
                let token = try Row.fetchOne(
                    db,
                    sql: "SELECT expires_at, used_at FROM worker_enrolment_tokens WHERE token_hash = ?",
                    arguments: [hash]
                )
            else { return .refused(.unknown) }
            if (token["used_at"] as Int64?) != nil { return .refused(.used) }
            if token["expires_at"] <= date.millisecondsSince1970 { return .refused(.expired) }
            let existing = try Row.fetchOne(db, sql: "SELECT id, state, credential_hash FROM workers WHERE name = ?", arguments: [worker.name])
            let id: UUID
            if let existing {
                let revoked = existing["state"] == WorkerRecord.State.revoked.rawValue
                if !revoked, (existing["credential_hash"] as String?) != nil { return .refused(.nameTaken) }
                id = UUID(uuidString: existing["id"])!
                let columns = FleetRows.registrationColumns(worker)
                try db.execute(
                    sql: """
                        UPDATE workers SET advertise_url = ?, capacity_mb = ?, labels = ?, version = ?, availability = ?, time_zone = ?,
                            public_key = ?, credential_hash = ?, state = 'ready', last_heartbeat_at = ?,
                            apps_running = 0, sandbox_memory_bytes = 0, in_flight = 0, in_flight_by_app = NULL
                        WHERE id = ?
                        """,
                    arguments: [
                        columns.advertiseURL, columns.capacityMB, columns.labels, columns.version, columns.availability, columns.timeZone,
                        worker.publicKey, credentialHash, date.millisecondsSince1970, id.uuidString,
                    ]
                )
            } else {
                id = UUID()
                try Self.insertWorker(worker, id: id, credentialHash: credentialHash, at: date, db)
            }
            try db.execute(
                sql: "UPDATE worker_enrolment_tokens SET used_at = ?, used_by_worker_id = ? WHERE token_hash = ? AND used_at IS NULL",
                arguments: [date.millisecondsSince1970, id.uuidString, hash]
            )
            return .enrolled(try Self.worker(named: worker.name, db)!)
        }
    }

    // MARK: Placements

    package func placements(workerID: UUID) async throws -> [AppPlacement] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM app_placements WHERE worker_id = ? ORDER BY app_id", arguments: [workerID.uuidString])
                .map(Self.placement)
        }
    }

    package func placements(appID: UUID) async throws -> [AppPlacement] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM app_placements WHERE app_id = ? ORDER BY worker_id", arguments: [appID.uuidString])
                .map(Self.placement)
        }
    }

    package func allPlacements() async throws -> [AppPlacement] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM app_placements ORDER BY worker_id, app_id").map(Self.placement)
        }
    }

    package func replacePlacements(appID: UUID, workerIDs: Set<UUID>, at date: Date) async throws {
        let keyring = self.keyring
        guard keyring.cipher.hasMasterKey else { throw AppKeyring.cannotPlace }
        try await write("placement") { db in
            let current = try Set(
                String.fetchAll(db, sql: "SELECT worker_id FROM app_placements WHERE app_id = ?", arguments: [appID.uuidString])
                    .compactMap(UUID.init(uuidString:))
            )
            for gone in current.subtracting(workerIDs) {
                try db.execute(
                    sql: "DELETE FROM app_placements WHERE app_id = ? AND worker_id = ?",
                    arguments: [appID.uuidString, gone.uuidString]
                )
            }
            for added in workerIDs.subtracting(current).sorted(by: { $0.uuidString < $1.uuidString }) {
                try db.execute(
                    sql: "INSERT INTO app_placements (app_id, worker_id, placed_at) VALUES (?, ?, ?)",
                    arguments: [appID.uuidString, added.uuidString, date.millisecondsSince1970]
                )
            }
            try keyring.placementsChanged(
                appID: appID,
                added: workerIDs.subtracting(current),
                removed: current.subtracting(workerIDs),
                SQLiteAppKeyRows(db: db)
            )
            try Self.bump(db)
        }
    }

    static func placement(_ row: Row) -> AppPlacement {
        AppPlacement(
            appID: UUID(uuidString: row["app_id"])!,
            workerID: UUID(uuidString: row["worker_id"])!,
            placedAt: Date(millisecondsSince1970: row["placed_at"])
        )
    }
}
