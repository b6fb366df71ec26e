package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    // MARK: Users

    package func createUser(_ user: User) async throws {
        let sealed = try user.totpSecret.map { try cipher.seal($0, context: User.totpContext(user.id)) }
        try await write("user '\(user.subject)'") { db in
            try db.execute(
                sql: """
                    INSERT INTO users (id, issuer, subject, display_name, is_admin, is_disabled, created_at, password_hash,
                        password_changed_at, totp_secret, totp_enabled)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    user.id.uuidString, user.issuer, user.subject, user.displayName, user.isAdmin, user.isDisabled,
                    user.createdAt.millisecondsSince1970, user.passwordHash, user.passwordChangedAt?.millisecondsSince1970, sealed,
                    user.totpEnabled,
                ]
            )
        }
    }

    package func user(id: UUID) async throws -> User? {
        let cipher = self.cipher
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id.uuidString]).map { try Self.user($0, cipher) }
        }
    }

    package func user(issuer: String, subject: String) async throws -> User? {
        let cipher = self.cipher
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE issuer = ? AND subject = ?", arguments: [issuer, subject])
                .map { try Self.user($0, cipher) }
        }
    }

    package func users() async throws -> [User] {
        let cipher = self.cipher
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY issuer, subject").map { try Self.user($0, cipher) }
        }
    }

    package func updateUser(_ user: User) async throws {
        let sealed = try user.totpSecret.map { try cipher.seal($0, context: User.totpContext(user.id)) }
        try await write("user '\(user.subject)'") { db in
            try db.execute(
                sql: "UPDATE users SET display_name = ?, is_admin = ?, is_disabled = ?, totp_secret = ?, totp_enabled = ? WHERE id = ?",
                arguments: [user.displayName, user.isAdmin, user.isDisabled, sealed, user.totpEnabled, user.id.uuidString]
            )
            if db.changesCount == 0 { throw StoreError(.notFound, "no user has the id \(user.id)") }
        }
    }

    package func setTOTP(userID: UUID, secret: Data?, enabled: Bool) async throws {
        let sealed = try secret.map { try cipher.seal($0, context: User.totpContext(userID)) }
        try await write("user") { db in
            try db.execute(
                sql: "UPDATE users SET totp_secret = ?, totp_enabled = ? WHERE id = ?",
                arguments: [sealed, enabled, userID.uuidString]
            )
            if db.changesCount == 0 { throw StoreError(.notFound, "no user has the id \(userID)") }
        }
    }

    package func setUserFlags(userID: UUID, isAdmin: Bool?, isDisabled: Bool?) async throws {
        try await write("user") { db in
            try db.execute(
                sql: "UPDATE users SET is_admin = COALESCE(?, is_admin), is_disabled = COALESCE(?, is_disabled) WHERE id = ?",
                arguments: [isAdmin, isDisabled, userID.uuidString]
            )
            if db.changesCount == 0 { throw StoreError(.notFound, "no user has the id \(userID)") }
        }
    }

    package func useTOTPStep(userID: UUID, step: Int64) async throws -> Bool {
        try await write("user") { db in
            try db.execute(
                sql: "UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
                arguments: [step, userID.uuidString, step]
            )
            return db.changesCount > 0
        }
    }

    package func setPasswordHash(userID: UUID, _ passwordHash: String?, at date: Date) async throws {
        try await write("password") { db in
            try db.execute(
                sql: "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                arguments: [passwordHash, date.millisecondsSince1970, userID.uuidString]
            )
            if db.changesCount == 0 { throw StoreError(.notFound, "no user has the id \(userID)") }
            try db.execute(sql: "DELETE FROM web_sessions WHERE user_id = ?", arguments: [userID.uuidString])
        }
    }

    package func deleteUser(id: UUID) async throws -> Bool {
        try await write("user") { db in
            try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id.uuidString])
            return db.changesCount > 0
        }
    }

    static func user(_ row: Row, _ cipher: SecretCipher) throws -> User {
        let id = UUID(uuidString: row["id"])!
        let sealed: Data? = row["totp_secret"]
        return User(
            id: id,
            issuer: row["issuer"],
            subject: row["subject"],
            displayName: row["display_name"],
            isAdmin: row["is_admin"],
            isDisabled: row["is_disabled"],
            createdAt: Date(millisecondsSince1970: row["created_at"]),
            passwordHash: row["password_hash"],
            passwordChangedAt: (row["password_changed_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
            totpSecret: try sealed.map { try cipher.open($0, context: User.totpContext(id)) },
            totpEnabled: row["totp_enabled"]
        )
    }

    // MARK: Memberships

    package func setMembership(_ membership: TenantMembership) async throws {
        try await write("membership") { db in
            try db.execute(
                sql: """
                    INSERT INTO tenant_memberships (user_id, tenant_id, role, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (user_id, tenant_id) DO UPDATE SET role = excluded.role
                    """,
                arguments: [
                    membership.userID.uuidString, membership.tenantID.uuidString, membership.role.rawValue,
                    membership.createdAt.millisecondsSince1970,
                ]
            )
        }
    }

    package func removeMembership(userID: UUID, tenantID: UUID) async throws -> Bool {
        try await write("membership") { db in
            try db.execute(
                sql: "DELETE FROM tenant_memberships WHERE user_id = ? AND tenant_id = ?",
                arguments: [userID.uuidString, tenantID.uuidString]
            )
            return db.changesCount > 0
        }
    }

    package func memberships(userID: UUID) async throws -> [TenantMembership] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT m.* FROM tenant_memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = ? ORDER BY t.name",
                arguments: [userID.uuidString]
            )
            .map(Self.membership)
        }
    }

    package func members(tenantID: UUID) async throws -> [TenantMembership] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT m.* FROM tenant_memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = ? ORDER BY u.subject, u.issuer",
                arguments: [tenantID.uuidString]
            )
            .map(Self.membership)
        }
    }

    static func membership(_ row: Row) -> TenantMembership {
        TenantMembership(
            userID: UUID(uuidString: row["user_id"])!,
            tenantID: UUID(uuidString: row["tenant_id"])!,
            role: APIToken.Role(rawValue: row["role"]),
            createdAt: Date(millisecondsSince1970: row["created_at"])
        )
    }

    // MARK: Sessions

    package func createSession(_ session: WebSession) async throws {
        try await write("session") { db in
            try db.execute(
                sql: """
                    INSERT INTO web_sessions (id_hash, user_id, created_at, last_seen_at, expires_at, idle_timeout_ms, second_factor_pending,
                        selected_tenant_id, client_address, user_agent)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.idHash, session.userID.uuidString, session.createdAt.millisecondsSince1970,
                    session.lastSeenAt.millisecondsSince1970, session.expiresAt.millisecondsSince1970,
                    Int64((session.idleTimeout * 1000).rounded()), session.secondFactorPending, session.selectedTenantID?.uuidString,
                    session.clientAddress, session.userAgent,
                ]
            )
        }
    }

    package func session(idHash: String) async throws -> WebSession? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM web_sessions WHERE id_hash = ?", arguments: [idHash]).map(Self.session)
        }
    }

    package func touchSession(idHash: String, at date: Date) async throws -> Bool {
        try await write("session") { db in
            try db.execute(
                sql: "UPDATE web_sessions SET last_seen_at = ? WHERE id_hash = ?",
                arguments: [date.millisecondsSince1970, idHash]
            )
            return db.changesCount > 0
        }
    }

    package func updateSession(_ session: WebSession) async throws -> Bool {
        try await write("session") { db in
            try db.execute(
                sql: "UPDATE web_sessions SET second_factor_pending = ?, selected_tenant_id = ? WHERE id_hash = ?",
                arguments: [session.secondFactorPending, session.selectedTenantID?.uuidString, session.idHash]
            )
            return db.changesCount > 0
        }
    }

    package func sessions(userID: UUID) async throws -> [WebSession] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM web_sessions WHERE user_id = ? ORDER BY created_at DESC, id_hash",
                arguments: [userID.uuidString]
            )
            .map(Self.session)
        }
    }

    package func deleteSession(idHash: String) async throws -> Bool {
        try await write("session") { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE id_hash = ?", arguments: [idHash])
            return db.changesCount > 0
        }
    }

    package func deleteSessions(userID: UUID) async throws -> Int {
        try await write("sessions") { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE user_id = ?", arguments: [userID.uuidString])
            return db.changesCount
        }
    }

    package func deleteExpiredSessions(at date: Date) async throws -> Int {
        try await write("sessions") { db in
            let now = date.millisecondsSince1970
            try db.execute(
                sql: "DELETE FROM web_sessions WHERE expires_at <= ? OR last_seen_at + idle_timeout_ms <= ?",
                arguments: [now, now]
            )
            return db.changesCount
        }
    }

    static func session(_ row: Row) -> WebSession {
        WebSession(
            idHash: row["id_hash"],
            userID: UUID(uuidString: row["user_id"])!,
            createdAt: Date(millisecondsSince1970: row["created_at"]),
            lastSeenAt: Date(millisecondsSince1970: row["last_seen_at"]),
            expiresAt: Date(millisecondsSince1970: row["expires_at"]),
            idleTimeout: Double(row["idle_timeout_ms"] as Int64) / 1000,
            secondFactorPending: row["second_factor_pending"],
            selectedTenantID: (row["selected_tenant_id"] as String?).flatMap(UUID.init(uuidString:)),
            clientAddress: row["client_address"],
            userAgent: row["user_agent"]
        )
    }

    // MARK: Setup links

    package func createSetupLink(_ link: SetupLink) async throws {
        try await write("setup link") { db in
            try db.execute(
                sql: "INSERT INTO setup_links (token_hash, user_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    link.tokenHash, link.userID.uuidString, link.createdAt.millisecondsSince1970, link.expiresAt.millisecondsSince1970,
                    link.usedAt?.millisecondsSince1970,
                ]
            )
        }
    }

    package func consumeSetupLink(tokenHash: String, at date: Date) async throws -> SetupLink? {
        try await write("setup link") { db in
            let now = date.millisecondsSince1970
            try db.execute(
                sql: "UPDATE setup_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
                arguments: [now, tokenHash, now]
            )
            guard db.changesCount > 0 else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM setup_links WHERE token_hash = ?", arguments: [tokenHash]).map {
                SetupLink(
                    tokenHash: $0["token_hash"],
                    userID: UUID(uuidString: $0["user_id"])!,
                    createdAt: Date(millisecondsSince1970: $0["created_at"]),
                    expiresAt: Date(millisecondsSince1970: $0["expires_at"]),
                    usedAt: (($0["used_at"] as Int64?)).map(Date.init(millisecondsSince1970:))
                )
            }
        }
    }

    package func deleteSetupLinks(userID: UUID) async throws -> Int {
        try await write("setup links") { db in
            try db.execute(sql: "DELETE FROM setup_links WHERE user_id = ? AND used_at IS NULL", arguments: [userID.uuidString])
            return db.changesCount
        }
    }

    // MARK: Failed sign-ins

    package func recordSignInFailure(_ failure: SignInFailure) async throws {
        try await write("sign-in failure") { db in
            try db.execute(
                sql: "INSERT INTO sign_in_failures (account, address, at) VALUES (?, ?, ?)",
                arguments: [failure.account, failure.address, failure.at.millisecondsSince1970]
            )
        }
    }

    package func signInFailures(account: String, since date: Date) async throws -> Int {
        try await countSignInFailures(where: "account", is: account, since: date)
    }

    package func signInFailures(address: String, since date: Date) async throws -> Int {
        try await countSignInFailures(where: "address", is: address, since: date)
    }

    /// The failures whose `column` (`account` or `address`) holds `value`, at or after `date`.
    private func countSignInFailures(where column: String, is value: String, since date: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM sign_in_failures WHERE \(column) = ? AND at >= ?",
                arguments: [value, date.millisecondsSince1970]
            ) ?? 0
        }
    }

    package func admitSignInAttempt(
        _ attempt: SignInFailure,
        since date: Date,
        admit: @escaping @Sendable (SignInAttempt) -> Bool
    ) async throws -> SignInAttempt {
        // One write transaction: SQLite runs one writer at a time, so the count and the insert are
        // not interleaved with another attempt's.
        try await write("sign-in failure") { db in
            let since = date.millisecondsSince1970
            func seen(_ column: String, _ value: String?) throws -> (Int, Date?) {
                guard let value else { return (0, nil) }
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) AS failures, MAX(at) AS latest FROM sign_in_failures WHERE \(column) = ? AND at >= ?",
                    arguments: [value, since]
                )
                let latest = row.flatMap { $0["latest"] as Int64? }
                return (row.map { $0["failures"] as Int } ?? 0, latest.map(Date.init(millisecondsSince1970:)))
            }
            let account = try seen("account", attempt.account)
            let address = try seen("address", attempt.address)
            var seenAttempt = SignInAttempt(
                accountFailures: account.0,
                accountLatest: account.1,
                addressFailures: address.0,
                addressLatest: address.1
            )
            guard admit(seenAttempt) else { return seenAttempt }
            try db.execute(
                sql: "INSERT INTO sign_in_failures (account, address, at) VALUES (?, ?, ?)",
                arguments: [attempt.account, attempt.address, attempt.at.millisecondsSince1970]
            )
            seenAttempt.recordedID = db.lastInsertedRowID
            return seenAttempt
        }
    }

    package func withdrawSignInAttempt(id: Int64) async throws {
        try await write("sign-in failures") { db in
            try db.execute(sql: "DELETE FROM sign_in_failures WHERE seq = ?", arguments: [id])
        }
    }

    package func clearSignInFailures(account: String) async throws {
        try await write("sign-in failures") { db in
            try db.execute(sql: "DELETE FROM sign_in_failures WHERE account = ?", arguments: [account])
        }
    }

    package func pruneSignInFailures(before date: Date) async throws -> Int {
        try await write("sign-in failures") { db in
            try db.execute(sql: "DELETE FROM sign_in_failures WHERE at < ?", arguments: [date.millisecondsSince1970])
            return db.changesCount
        }
    }

    // MARK: Users' own tokens

    package func tokens(ownerUserID: UUID) async throws -> [APIToken] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM api_tokens WHERE owner_user_id = ? ORDER BY created_at, name",
                arguments: [ownerUserID.uuidString]
            )
            .map(Self.token)
        }
    }

    package func deleteToken(id: UUID, ownerUserID: UUID) async throws -> Bool {
        try await write("token") { db in
            try db.execute(
                sql: "DELETE FROM api_tokens WHERE id = ? AND owner_user_id = ?",
                arguments: [id.uuidString, ownerUserID.uuidString]
            )
            return db.changesCount > 0
        }
    }

    // MARK: Instance settings

    package func instanceSettings() async throws -> InstanceSettings {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT name, value FROM instance_settings")
            let pairs = rows.map { (row: Row) -> (String, String) in (row["name"], row["value"]) }
            return InstanceSettings(rows: Dictionary(pairs) { a, _ in a })
        }
    }

    package func setInstanceSettings(_ settings: InstanceSettings) async throws {
        let rows = settings.rows
        try await write("instance settings") { db in
            for name in InstanceSettings.rowNames {
                try db.execute(sql: "DELETE FROM instance_settings WHERE name = ?", arguments: [name])
            }
            for row in rows {
                try db.execute(sql: "INSERT INTO instance_settings (name, value) VALUES (?, ?)", arguments: [row.name, row.value])
            }
        }
    }
}
