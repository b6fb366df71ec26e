package import Foundation
package import HearthCore

extension SQLServerStore {
    // MARK: Users

    package func createUser(_ user: User) async throws {
        let parameters =
            try userParameters(user) + [
                ("issuer", .string(user.issuer)), ("subject", .string(user.subject)), ("created_at", .time(user.createdAt)),
                ("password_hash", .string(user.passwordHash)), ("password_changed_at", .time(user.passwordChangedAt)),
            ]
        try await write("user '\(user.subject)'") { c in _ = try c.execute(SQLServerStatements.insertUser.sql, parameters) }
    }

    package func user(id: UUID) async throws -> User? {
        let row = try await read("user") { c in try c.execute(SQLServerStatements.selectUserByID.sql, ["id": .uuid(id)]).firstRow }
        return try row.map(decodeUser)
    }

    package func user(issuer: String, subject: String) async throws -> User? {
        let row = try await read("user") { c in
            try c.execute(SQLServerStatements.selectUserByIdentity.sql, ["issuer": .string(issuer), "subject": .string(subject)]).firstRow
        }
        return try row.map(decodeUser)
    }

    package func users() async throws -> [User] {
        try await read("users") { c in try c.execute(SQLServerStatements.selectUsers.sql).rows }.map(decodeUser)
    }

    package func updateUser(_ user: User) async throws {
        let parameters = try userParameters(user)
        try await write("user '\(user.subject)'", idempotent: true) { c in
            if SQLRow.affected(try c.execute(SQLServerStatements.updateUser.sql, parameters)) == 0 {
                throw StoreError(.notFound, "no user has the id \(user.id)")
            }
        }
    }

    /// The parameters ``SQLServerStatements/updateUser`` takes (the TOTP secret sealed).
    private func userParameters(_ user: User) throws -> [(String, SQLValue)] {
        [
            ("id", .uuid(user.id)), ("display_name", .string(user.displayName)), ("is_admin", .bool(user.isAdmin)),
            ("is_disabled", .bool(user.isDisabled)), ("totp_enabled", .bool(user.totpEnabled)),
            ("totp_secret", .bytes(try user.totpSecret.map { try cipher.seal($0, context: User.totpContext(user.id)) })),
        ]
    }

    package func setTOTP(userID: UUID, secret: Data?, enabled: Bool) async throws {
        let parameters: [(String, SQLValue)] = [
            ("id", .uuid(userID)), ("totp_enabled", .bool(enabled)),
            ("totp_secret", .bytes(try secret.map { try cipher.seal($0, context: User.totpContext(userID)) })),
        ]
        try await write("user", idempotent: true) { c in
            if SQLRow.affected(try c.execute(SQLServerStatements.updateUserTOTP.sql, parameters)) == 0 {
                throw StoreError(.notFound, "no user has the id \(userID)")
            }
        }
    }

    package func setUserFlags(userID: UUID, isAdmin: Bool?, isDisabled: Bool?) async throws {
        let parameters: KeyValuePairs<String, SQLValue> = ["id": .uuid(userID), "is_admin": .bool(isAdmin), "is_disabled": .bool(isDisabled)]
        try await write("user", idempotent: true) { c in
            if SQLRow.affected(try c.execute(SQLServerStatements.updateUserFlags.sql, parameters)) == 0 {
                throw StoreError(.notFound, "no user has the id \(userID)")
            }
        }
    }

    package func useTOTPStep(userID: UUID, step: Int64) async throws -> Bool {
        try await write("user") { c in
            SQLRow.affected(try c.execute(SQLServerStatements.useTOTPStep.sql, ["id": .uuid(userID), "step": .int64(step)])) > 0
        }
    }

    package func setPasswordHash(userID: UUID, _ passwordHash: String?, at date: Date) async throws {
        try await write("password", idempotent: true) { c in
            let result = try c.execute(
                SQLServerStatements.updatePasswordHash.sql,
                ["id": .uuid(userID), "password_hash": .string(passwordHash), "password_changed_at": .time(date)]
            )
            if SQLRow.affected(result) == 0 { throw StoreError(.notFound, "no user has the id \(userID)") }
        }
    }

    package func deleteUser(id: UUID) async throws -> Bool {
        try await write("user", idempotent: true) { c in SQLRow.affected(try c.execute(SQLServerStatements.deleteUser.sql, ["id": .uuid(id)])) > 0 }
    }

    func decodeUser(_ row: SQLRow) throws -> User {
        let id = try row.requiredUUID("id")
        return User(
            id: id,
            issuer: try row.requiredString("issuer"),
            subject: try row.requiredString("subject"),
            displayName: try row.requiredString("display_name"),
            isAdmin: row.bool("is_admin") ?? false,
            isDisabled: row.bool("is_disabled") ?? false,
            createdAt: try row.requiredDate("created_at"),
            passwordHash: row.string("password_hash"),
            passwordChangedAt: row.date("password_changed_at"),
            totpSecret: try row.bytes("totp_secret").map { try cipher.open($0, context: User.totpContext(id)) },
            totpEnabled: row.bool("totp_enabled") ?? false
        )
    }

    // MARK: Memberships

    package func setMembership(_ membership: TenantMembership) async throws {
        try await write("membership", idempotent: true) { c in
            _ = try c.execute(
                SQLServerStatements.upsertMembership.sql,
                [
                    "user_id": .uuid(membership.userID), "tenant_id": .uuid(membership.tenantID), "role": .string(membership.role.rawValue),
                    "created_at": .time(membership.createdAt),
                ]
            )
        }
    }

    package func removeMembership(userID: UUID, tenantID: UUID) async throws -> Bool {
        try await write("membership", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.deleteMembership.sql, ["user_id": .uuid(userID), "tenant_id": .uuid(tenantID)])) > 0
        }
    }

    package func memberships(userID: UUID) async throws -> [TenantMembership] {
        try await read("memberships") { c in
            try c.execute(SQLServerStatements.selectMembershipsOfUser.sql, ["user_id": .uuid(userID)]).rows.map(Self.membership)
        }
    }

    package func members(tenantID: UUID) async throws -> [TenantMembership] {
        try await read("members") { c in
            try c.execute(SQLServerStatements.selectMembersOfTenant.sql, ["tenant_id": .uuid(tenantID)]).rows.map(Self.membership)
        }
    }

    static func membership(_ row: SQLRow) throws -> TenantMembership {
        TenantMembership(
            userID: try row.requiredUUID("user_id"),
            tenantID: try row.requiredUUID("tenant_id"),
            role: APIToken.Role(rawValue: try row.requiredString("role")),
            createdAt: try row.requiredDate("created_at")
        )
    }

    // MARK: Sessions

    package func createSession(_ session: WebSession) async throws {
        try await write("session") { c in
            _ = try c.execute(
                SQLServerStatements.insertSession.sql,
                [
                    "id_hash": .string(session.idHash), "user_id": .uuid(session.userID), "created_at": .time(session.createdAt),
                    "last_seen_at": .time(session.lastSeenAt), "expires_at": .time(session.expiresAt),
                    "idle_timeout_ms": .int64(Int64((session.idleTimeout * 1000).rounded())),
                    "second_factor_pending": .bool(session.secondFactorPending), "selected_tenant_id": .uuid(session.selectedTenantID),
                    "client_address": .string(session.clientAddress), "user_agent": .string(session.userAgent),
                ]
            )
        }
    }

    package func session(idHash: String) async throws -> WebSession? {
        try await read("session") { c in
            try c.execute(SQLServerStatements.selectSession.sql, ["id_hash": .string(idHash)]).firstRow.map(Self.session)
        }
    }

    package func touchSession(idHash: String, at date: Date) async throws -> Bool {
        try await write("session", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.touchSession.sql, ["id_hash": .string(idHash), "last_seen_at": .time(date)])) > 0
        }
    }

    package func updateSession(_ session: WebSession) async throws -> Bool {
        try await write("session", idempotent: true) { c in
            let result = try c.execute(
                SQLServerStatements.updateSession.sql,
                [
                    "id_hash": .string(session.idHash), "second_factor_pending": .bool(session.secondFactorPending),
                    "selected_tenant_id": .uuid(session.selectedTenantID),
                ]
            )
            return SQLRow.affected(result) > 0
        }
    }

    package func sessions(userID: UUID) async throws -> [WebSession] {
        try await read("sessions") { c in
            try c.execute(SQLServerStatements.selectSessionsOfUser.sql, ["user_id": .uuid(userID)]).rows.map(Self.session)
        }
    }

    package func deleteSession(idHash: String) async throws -> Bool {
        try await write("session", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.deleteSession.sql, ["id_hash": .string(idHash)])) > 0
        }
    }

    package func deleteSessions(userID: UUID) async throws -> Int {
        try await write("sessions", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.deleteSessionsOfUser.sql, ["user_id": .uuid(userID)]))
        }
    }

    package func deleteExpiredSessions(at date: Date) async throws -> Int {
        try await write("sessions", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.deleteExpiredSessions.sql, ["now": .time(date)]))
        }
    }

    static func session(_ row: SQLRow) throws -> WebSession {
        WebSession(
            idHash: try row.requiredString("id_hash"),
            userID: try row.requiredUUID("user_id"),
            createdAt: try row.requiredDate("created_at"),
            lastSeenAt: try row.requiredDate("last_seen_at"),
            expiresAt: try row.requiredDate("expires_at"),
            idleTimeout: Double(try row.required(row.int64("idle_timeout_ms"), "idle_timeout_ms")) / 1000,
            secondFactorPending: row.bool("second_factor_pending") ?? false,
            selectedTenantID: row.uuid("selected_tenant_id"),
            clientAddress: row.string("client_address"),
            userAgent: row.string("user_agent")
        )
    }

    // MARK: Setup links

    package func createSetupLink(_ link: SetupLink) async throws {
        try await write("setup link") { c in
            _ = try c.execute(
                SQLServerStatements.insertSetupLink.sql,
                [
                    "token_hash": .string(link.tokenHash), "user_id": .uuid(link.userID), "created_at": .time(link.createdAt),
                    "expires_at": .time(link.expiresAt), "used_at": .time(link.usedAt),
                ]
            )
        }
    }

    package func consumeSetupLink(tokenHash: String, at date: Date) async throws -> SetupLink? {
        try await write("setup link") { c in
            try c.execute(SQLServerStatements.consumeSetupLink.sql, ["token_hash": .string(tokenHash), "now": .time(date)]).firstRow.map {
                SetupLink(
                    tokenHash: try $0.requiredString("token_hash"),
                    userID: try $0.requiredUUID("user_id"),
                    createdAt: try $0.requiredDate("created_at"),
                    expiresAt: try $0.requiredDate("expires_at"),
                    usedAt: $0.date("used_at")
                )
            }
        }
    }

    package func deleteSetupLinks(userID: UUID) async throws -> Int {
        try await write("setup links", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.deleteUnusedSetupLinksOfUser.sql, ["user_id": .uuid(userID)]))
        }
    }

    // MARK: Failed sign-ins

    package func recordSignInFailure(_ failure: SignInFailure) async throws {
        try await write("sign-in failure") { c in
            _ = try c.execute(
                SQLServerStatements.insertSignInFailure.sql,
                ["account": .string(failure.account), "address": .string(failure.address), "at": .time(failure.at)]
            )
        }
    }

    package func signInFailures(account: String, since date: Date) async throws -> Int {
        try await read("sign-in failures") { c in
            try c.execute(SQLServerStatements.countSignInFailuresOfAccount.sql, ["account": .string(account), "since": .time(date)])
                .firstRow?.int("failures") ?? 0
        }
    }

    package func signInFailures(address: String, since date: Date) async throws -> Int {
        try await read("sign-in failures") { c in
            try c.execute(SQLServerStatements.countSignInFailuresOfAddress.sql, ["address": .string(address), "since": .time(date)])
                .firstRow?.int("failures") ?? 0
        }
    }

    package func admitSignInAttempt(
        _ attempt: SignInFailure,
        since date: Date,
        admit: @escaping @Sendable (SignInAttempt) -> Bool
    ) async throws -> SignInAttempt {
        let who: [(String, SQLValue)] = [("account", .string(attempt.account)), ("address", .string(attempt.address))]
        return try await write("sign-in failure") { c in
            let row = try c.execute(SQLServerStatements.countSignInFailuresForAttempt.sql, who + [("since", .time(date))]).firstRow
            var seen = SignInAttempt(
                accountFailures: row?.int("account_failures") ?? 0,
                accountLatest: row?.date("account_latest"),
                addressFailures: row?.int("address_failures") ?? 0,
                addressLatest: row?.date("address_latest")
            )
            guard admit(seen) else { return seen }
            seen.recordedID = try c.execute(SQLServerStatements.insertSignInAttempt.sql, who + [("at", .time(attempt.at))]).firstRow?.int64("seq")
            return seen
        }
    }

    package func withdrawSignInAttempt(id: Int64) async throws {
        try await write("sign-in failures", idempotent: true) { c in
            _ = try c.execute(SQLServerStatements.deleteSignInFailure.sql, ["seq": .int64(id)])
        }
    }

    package func clearSignInFailures(account: String) async throws {
        try await write("sign-in failures", idempotent: true) { c in
            _ = try c.execute(SQLServerStatements.deleteSignInFailuresOfAccount.sql, ["account": .string(account)])
        }
    }

    package func pruneSignInFailures(before date: Date) async throws -> Int {
        try await write("sign-in failures", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.pruneSignInFailures.sql, ["before": .time(date)]))
        }
    }

    // MARK: Users' own tokens

    package func tokens(ownerUserID: UUID) async throws -> [APIToken] {
        try await read("tokens") { c in
            try c.execute(SQLServerStatements.selectTokensOfOwner.sql, ["owner_user_id": .uuid(ownerUserID)]).rows.map(Self.token)
        }
    }

    package func deleteToken(id: UUID, ownerUserID: UUID) async throws -> Bool {
        try await write("token", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.deleteTokenOfOwner.sql, ["id": .uuid(id), "owner_user_id": .uuid(ownerUserID)])) > 0
        }
    }

    // MARK: Instance settings

    package func instanceSettings() async throws -> InstanceSettings {
        try await read("instance settings") { c in
            let rows = try c.execute(SQLServerStatements.selectInstanceSettings.sql).rows
            return InstanceSettings(
                rows: Dictionary(try rows.map { (try $0.requiredString("name"), try $0.requiredString("value")) }) { a, _ in a }
            )
        }
    }

    package func setInstanceSettings(_ settings: InstanceSettings) async throws {
        let rows = settings.rows
        try await write("instance settings", idempotent: true) { c in
            for name in InstanceSettings.rowNames {
                _ = try c.execute(SQLServerStatements.deleteInstanceSetting.sql, ["name": .string(name)])
            }
            for row in rows {
                _ = try c.execute(SQLServerStatements.insertInstanceSetting.sql, ["name": .string(row.name), "value": .string(row.value)])
            }
        }
    }
}
