package import Foundation
package import HearthCore

extension SQLServerStore {
    // MARK: Workers

    package func registerWorker(_ registration: WorkerRegistration, credentialHash: String?, at date: Date) async throws -> WorkerAdmission {
        try registration.validate()
        return try await write("worker '\(registration.name)'") { c in
            let existing = try c.execute(SQLServerStatements.selectWorkerForUpdate.sql, ["name": .string(registration.name)]).firstRow
            if let existing {
                if existing.string("state") == WorkerRecord.State.revoked.rawValue { return .revoked }
                guard FleetRows.credentialMatches(stored: existing.string("credential_hash"), presented: credentialHash) else { return .refused }
                var parameters = Self.registrationParameters(registration, at: date)
                parameters.append(("id", .uuid(try existing.requiredUUID("id"))))
                _ = try c.execute(SQLServerStatements.updateWorkerRegistration.sql, parameters)
            } else {
                guard credentialHash == nil else { return .refused }
                try Self.insertWorker(registration, id: UUID(), credentialHash: nil, at: date, c)
            }
            return .admitted(try Self.worker(named: registration.name, c)!)
        }
    }

    static func registrationParameters(_ registration: WorkerRegistration, at date: Date) -> [(String, SQLValue)] {
        let columns = FleetRows.registrationColumns(registration)
        return [
            ("advertise_url", .string(columns.advertiseURL)), ("capacity_mb", .int64(columns.capacityMB)), ("labels", .string(columns.labels)),
            ("version", .string(columns.version)), ("availability", .string(columns.availability)), ("time_zone", .string(columns.timeZone)),
            ("public_key", .bytes(registration.publicKey)), ("now", .time(date)),
        ]
    }

    static func insertWorker(_ registration: WorkerRegistration, id: UUID, credentialHash: String?, at date: Date, _ c: TDSConnection) throws {
        var parameters = registrationParameters(registration, at: date)
        parameters += [("id", .uuid(id)), ("name", .string(registration.name)), ("credential_hash", .string(credentialHash))]
        _ = try c.execute(SQLServerStatements.insertWorker.sql, parameters)
    }

    package func heartbeat(workerID: UUID, credentialHash: String?, load: WorkerLoad, at date: Date) async throws -> WorkerHeartbeatAnswer {
        try await write("heartbeat", idempotent: true) { c in
            guard
                let row = try c.execute(SQLServerStatements.selectWorkerForHeartbeat.sql, ["id": .uuid(workerID)]).firstRow,
                FleetRows.credentialMatches(stored: row.string("credential_hash"), presented: credentialHash)
            else { return .unknown }
            let state = WorkerRecord.State(rawValue: row.string("state") ?? "") ?? .ready
            if state == .revoked { return .revoked }
            _ = try c.execute(
                SQLServerStatements.updateWorkerHeartbeat.sql,
                [
                    "now": .time(date), "apps_running": .int64(Int64(load.appsRunning)), "sandbox_memory_bytes": .int64(load.sandboxMemoryBytes),
                    "in_flight": .int64(Int64(load.inFlightInvocations)), "in_flight_by_app": .string(load.inFlightByAppJSON),
                    "id": .uuid(workerID),
                ]
            )
            return .recorded(state)
        }
    }

    package func workers() async throws -> [WorkerRecord] {
        try await read("workers") { c in try c.execute(SQLServerStatements.selectWorkers.sql).rows.map(Self.workerRecord) }
    }

    package func worker(named name: String) async throws -> WorkerRecord? {
        try await read("worker") { c in try Self.worker(named: name, c) }
    }

    static func worker(named name: String, _ c: TDSConnection) throws -> WorkerRecord? {
        try c.execute(SQLServerStatements.selectWorkerByName.sql, ["name": .string(name)]).firstRow.map(workerRecord)
    }

    package func revokeWorker(named name: String) async throws -> Bool {
        try await write("worker", idempotent: true) { c in
            let revoked = SQLRow.affected(try c.execute(SQLServerStatements.revokeWorker.sql, ["name": .string(name)])) > 0
            if revoked { _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql) }
            return revoked
        }
    }

    package func setWorkerDraining(named name: String, _ draining: Bool) async throws -> Bool {
        let state = draining ? WorkerRecord.State.draining : .ready
        return try await write("worker", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.updateWorkerDraining.sql, ["state": .string(state.rawValue), "name": .string(name)]))
                > 0
        }
    }

    static func workerRecord(_ row: SQLRow) throws -> WorkerRecord {
        WorkerRecord(
            id: try row.requiredUUID("id"),
            registration: FleetRows.registration(
                name: try row.requiredString("name"),
                advertiseURL: try row.requiredString("advertise_url"),
                capacityMB: try row.required(row.int64("capacity_mb"), "capacity_mb"),
                labels: row.string("labels"),
                version: try row.requiredString("version"),
                availability: row.string("availability"),
                timeZone: row.string("time_zone"),
                publicKey: row.bytes("public_key")
            ),
            state: WorkerRecord.State(rawValue: row.string("state") ?? "") ?? .ready,
            registeredAt: try row.requiredDate("registered_at"),
            lastHeartbeatAt: try row.requiredDate("last_heartbeat_at"),
            load: WorkerLoad(
                appsRunning: row.int("apps_running") ?? 0,
                sandboxMemoryBytes: row.int64("sandbox_memory_bytes") ?? 0,
                inFlightInvocations: row.int("in_flight") ?? 0,
                inFlightByApp: WorkerLoad.inFlightByApp(json: row.string("in_flight_by_app"))
            ),
            appsPlaced: row.int("apps_placed") ?? 0,
            enrolled: row.string("credential_hash") != nil
        )
    }

    // MARK: Enrolment tokens

    package func createEnrolmentToken(_ token: EnrolmentTokenRecord) async throws {
        try await write("enrolment token") { c in
            _ = try c.execute(
                SQLServerStatements.insertEnrolmentToken.sql,
                [
                    "token_hash": .string(token.tokenHash), "created_by": .string(token.createdBy), "created_at": .time(token.createdAt),
                    "expires_at": .time(token.expiresAt),
                ]
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
        return try await write("worker '\(worker.name)'") { c in
            guard let token = try c.execute(SQLServerStatements.selectEnrolmentTokenForUpdate.sql, ["token_hash": .string(hash)]).firstRow else {
                return .refused(.unknown)
            }
            if token.date("used_at") != nil { return .refused(.used) }
            if try token.requiredDate("expires_at") <= date { return .refused(.expired) }
            let id: UUID
            if let existing = try c.execute(SQLServerStatements.selectWorkerForUpdate.sql, ["name": .string(worker.name)]).firstRow {
                let revoked = existing.string("state") == WorkerRecord.State.revoked.rawValue
                if !revoked, existing.string("credential_hash") != nil { return .refused(.nameTaken) }
                id = try existing.requiredUUID("id")
                var parameters = Self.registrationParameters(worker, at: date)
                parameters += [("credential_hash", .string(credentialHash)), ("id", .uuid(id))]
                _ = try c.execute(SQLServerStatements.updateWorkerEnrolment.sql, parameters)
            } else {
                id = UUID()
                try Self.insertWorker(worker, id: id, credentialHash: credentialHash, at: date, c)
            }
            _ = try c.execute(
                SQLServerStatements.useEnrolmentToken.sql,
                ["now": .time(date), "worker_id": .uuid(id), "token_hash": .string(hash)]
            )
            return .enrolled(try Self.worker(named: worker.name, c)!)
        }
    }

    // MARK: Placements

    package func placements(workerID: UUID) async throws -> [AppPlacement] {
        try await read("placements") { c in
            try c.execute(SQLServerStatements.selectPlacementsOfWorker.sql, ["worker_id": .uuid(workerID)]).rows.map(Self.placement)
        }
    }

    package func placements(appID: UUID) async throws -> [AppPlacement] {
        try await read("placements") { c in
            try c.execute(SQLServerStatements.selectPlacementsOfApp.sql, ["app_id": .uuid(appID)]).rows.map(Self.placement)
        }
    }

    package func allPlacements() async throws -> [AppPlacement] {
        try await read("placements") { c in
            try c.execute(SQLServerStatements.selectAllPlacements.sql).rows.map(Self.placement)
        }
    }

    package func replacePlacements(appID: UUID, workerIDs: Set<UUID>, at date: Date) async throws {
        let keyring = self.keyring
        guard keyring.cipher.hasMasterKey else { throw AppKeyring.cannotPlace }
        try await write("placement", idempotent: true) { c in
            let current = Set(
                try c.execute(SQLServerStatements.selectPlacementsOfAppForUpdate.sql, ["app_id": .uuid(appID)]).rows.compactMap {
                    $0.uuid("worker_id")
                }
            )
            for gone in current.subtracting(workerIDs) {
                _ = try c.execute(SQLServerStatements.deletePlacement.sql, ["app_id": .uuid(appID), "worker_id": .uuid(gone)])
            }
            for added in workerIDs.subtracting(current).sorted(by: { $0.uuidString < $1.uuidString }) {
                _ = try c.execute(
                    SQLServerStatements.insertPlacement.sql,
                    ["app_id": .uuid(appID), "worker_id": .uuid(added), "placed_at": .time(date)]
                )
            }
            try keyring.placementsChanged(
                appID: appID,
                added: workerIDs.subtracting(current),
                removed: current.subtracting(workerIDs),
                SQLServerAppKeyRows(c: c)
            )
            _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql)
        }
    }

    static func placement(_ row: SQLRow) throws -> AppPlacement {
        AppPlacement(appID: try row.requiredUUID("app_id"), workerID: try row.requiredUUID("worker_id"), placedAt: try row.requiredDate("placed_at"))
    }
}
