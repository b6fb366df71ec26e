import Foundation
import HearthCore
import HearthStore
import Testing

/// ``PeopleStore``'s documented behaviour on every configured backend, seen as
/// `any ManagementStore` as HearthManagement sees it.
@Suite struct PeopleStoreContractTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreBackend.configured)
    func usersAreUniqueByIssuerAndSubjectAndKeepTheirTOTPSecretSealed(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let secret = Data("totp-seed-0123456789".utf8)
            let alice = User(subject: "alice", displayName: "Alice", isAdmin: true, createdAt: Self.start, totpSecret: secret)
            try await store.createUser(alice)
            // The same subject under another issuer is another person.
            let external = User(issuer: "https://idp.example", subject: "alice", displayName: "Alice (SSO)", createdAt: Self.start)
            try await store.createUser(external)
            try await expectStoreError(.conflict) { try await store.createUser(User(subject: "alice", displayName: "Other")) }
            try await expectStoreError(.conflict) { try await store.createUser(User(id: alice.id, subject: "bob", displayName: "Bob")) }

            #expect(try await store.user(issuer: "hearth", subject: "alice") == alice)
            #expect(try await store.user(issuer: "https://idp.example", subject: "alice")?.id == external.id)
            #expect(try await store.user(issuer: "hearth", subject: "Alice") == nil)
            #expect(try await store.users().map(\.issuer) == ["hearth", "https://idp.example"])
            #expect(try await store.user(id: alice.id)?.totpSecret == secret)
            #expect(try await f.storageContains(secret) == false)
            #expect("\(alice)".contains("totp-seed") == false)

            var changed = alice
            changed.displayName = "Alice A."
            changed.isDisabled = true
            changed.totpEnabled = true
            changed.passwordHash = "ignored-here"
            try await store.updateUser(changed)
            let read = try await store.user(id: alice.id)
            #expect(read?.displayName == "Alice A." && read?.isDisabled == true && read?.totpEnabled == true)
            #expect(read?.passwordHash == nil)
            try await expectStoreError(.notFound) { try await store.updateUser(User(subject: "ghost", displayName: "Ghost")) }

            #expect(try await store.deleteUser(id: external.id))
            #expect(try await store.deleteUser(id: external.id) == false)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aTOTPSecretMovesToANewMasterKeyWithTheOtherSecrets(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let secret = Data((0..<20).map { UInt8($0) })
            let user = User(subject: "trent", displayName: "Trent", totpSecret: secret, totpEnabled: true)
            try await f.store.createUser(user)
            let new = Data(repeating: 9, count: 32)
            let ring = try await f.reopened(keys: [new, f.keyBytes])
            #expect(try await ring.sealedSecretCounts() == [SecretCipher.id(of: f.keyBytes): 1])
            #expect(try await ring.resealSecrets(limit: 10) == 1)
            #expect(try await f.reopened(keys: [new]).user(id: user.id)?.totpSecret == secret)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aPasswordChangeEndsEveryOneOfTheUsersSessions(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let user = User(subject: "carol", displayName: "Carol")
            let other = User(subject: "dave", displayName: "Dave")
            try await store.createUser(user)
            try await store.createUser(other)
            for hash in ["s1", "s2"] {
                try await store.createSession(Self.session(hash, user.id))
            }
            try await store.createSession(Self.session("s3", other.id))

            try await store.setPasswordHash(userID: user.id, "$2b$12$hash", at: Self.start)
            #expect(try await store.user(id: user.id)?.passwordHash == "$2b$12$hash")
            #expect(try await store.user(id: user.id)?.passwordChangedAt == Self.start)
            #expect(try await store.session(idHash: "s1") == nil)
            #expect(try await store.sessions(userID: user.id).isEmpty)
            #expect(try await store.session(idHash: "s3")?.userID == other.id)
            try await expectStoreError(.notFound) { try await store.setPasswordHash(userID: UUID(), "x", at: Self.start) }
        }
    }

    @Test(arguments: StoreBackend.configured)
    func sessionsAreFoundByHashOnlyTouchedUpdatedAndExpired(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let app = try await f.app("sessions")
            let user = User(subject: "erin", displayName: "Erin")
            try await store.createUser(user)
            var session = WebSession(
                idHash: "hash-of-cookie",
                userID: user.id,
                createdAt: Self.start,
                expiresAt: Self.start.addingTimeInterval(3600),
                idleTimeout: 600,
                secondFactorPending: true,
                clientAddress: "192.0.2.1",
                userAgent: "test"
            )
            try await store.createSession(session)
            try await expectStoreError(.conflict) { try await store.createSession(session) }
            try await expectStoreError(.notFound) { try await store.createSession(Self.session("orphan", UUID())) }
            #expect(try await store.session(idHash: "hash-of-cookie") == session)
            #expect(try await store.session(idHash: "cookie") == nil)

            #expect(try await store.touchSession(idHash: "hash-of-cookie", at: Self.start.addingTimeInterval(300)))
            #expect(try await store.touchSession(idHash: "unknown", at: Self.start) == false)
            session.secondFactorPending = false
            session.selectedTenantID = app.tenantID
            #expect(try await store.updateSession(session))
            let read = try #require(try await store.session(idHash: "hash-of-cookie"))
            #expect(read.lastSeenAt == Self.start.addingTimeInterval(300))
            #expect(read.secondFactorPending == false && read.selectedTenantID == app.tenantID)
            #expect(read.isValid(at: Self.start.addingTimeInterval(899)))
            #expect(read.isValid(at: Self.start.addingTimeInterval(900)) == false)

            // Idle expiry at 900 s (touched at 300, idle 600); absolute at 3600.
            try await store.createSession(Self.session("long", user.id))
            #expect(try await store.deleteExpiredSessions(at: Self.start.addingTimeInterval(899)) == 0)
            #expect(try await store.deleteExpiredSessions(at: Self.start.addingTimeInterval(900)) == 1)
            #expect(try await store.sessions(userID: user.id).map(\.idHash) == ["long"])
            #expect(try await store.deleteSession(idHash: "long"))
            #expect(try await store.deleteSession(idHash: "long") == false)
            try await store.createSession(Self.session("a", user.id))
            try await store.createSession(Self.session("b", user.id))
            #expect(try await store.deleteSessions(userID: user.id) == 2)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func membershipsAreGrantedChangedAndGoWithTheirTenantOrUser(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let a = Tenant(name: "a-tenant")
            let b = Tenant(name: "b-tenant")
            try await store.createTenant(b)
            try await store.createTenant(a)
            let user = User(subject: "frank", displayName: "Frank")
            let other = User(subject: "grace", displayName: "Grace")
            try await store.createUser(user)
            try await store.createUser(other)
            try await store.setMembership(TenantMembership(userID: user.id, tenantID: b.id, role: .reader))
            try await store.setMembership(TenantMembership(userID: user.id, tenantID: a.id, role: .owner))
            try await store.setMembership(TenantMembership(userID: other.id, tenantID: a.id, role: .contributor))
            try await store.setMembership(TenantMembership(userID: user.id, tenantID: b.id, role: .contributor))
            try await expectStoreError(.notFound) {
                try await store.setMembership(TenantMembership(userID: user.id, tenantID: UUID(), role: .reader))
            }
            #expect(try await store.memberships(userID: user.id).map(\.tenantID) == [a.id, b.id])
            #expect(try await store.memberships(userID: user.id).map(\.role) == [.owner, .contributor])
            #expect(try await store.members(tenantID: a.id).map(\.userID) == [user.id, other.id])

            // A session showing tenant b keeps working when b goes, without a tenant.
            try await store.createSession(
                WebSession(
                    idHash: "on-b",
                    userID: user.id,
                    expiresAt: Self.start.addingTimeInterval(60),
                    idleTimeout: 60,
                    selectedTenantID: b.id
                )
            )
            #expect(try await store.deleteTenant(id: b.id))
            #expect(try await store.memberships(userID: user.id).map(\.tenantID) == [a.id])
            #expect(try await store.members(tenantID: b.id).isEmpty)
            #expect(try await store.session(idHash: "on-b")?.selectedTenantID == nil)

            #expect(try await store.removeMembership(userID: other.id, tenantID: a.id))
            #expect(try await store.removeMembership(userID: other.id, tenantID: a.id) == false)
            #expect(try await store.deleteUser(id: user.id))
            #expect(try await store.members(tenantID: a.id).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aSetupLinkWorksOnceBeforeItExpires(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let user = User(subject: "heidi", displayName: "Heidi", isAdmin: true)
            try await store.createUser(user)
            let link = SetupLink(tokenHash: "link-hash", userID: user.id, createdAt: Self.start, expiresAt: Self.start.addingTimeInterval(86_400))
            try await store.createSetupLink(link)
            try await expectStoreError(.conflict) { try await store.createSetupLink(link) }
            try await expectStoreError(.notFound) {
                try await store.createSetupLink(SetupLink(tokenHash: "x", userID: UUID(), expiresAt: Self.start))
            }
            #expect(try await store.consumeSetupLink(tokenHash: "link", at: Self.start) == nil)
            let used = try #require(try await store.consumeSetupLink(tokenHash: "link-hash", at: Self.start.addingTimeInterval(10)))
            #expect(used.userID == user.id && used.usedAt == Self.start.addingTimeInterval(10))
            #expect(try await store.consumeSetupLink(tokenHash: "link-hash", at: Self.start.addingTimeInterval(20)) == nil)

            // Expired at its expiry time; an unused one is replaced.
            try await store.createSetupLink(SetupLink(tokenHash: "late", userID: user.id, expiresAt: Self.start.addingTimeInterval(60)))
            #expect(try await store.consumeSetupLink(tokenHash: "late", at: Self.start.addingTimeInterval(60)) == nil)
            #expect(try await store.deleteSetupLinks(userID: user.id) == 1)
            #expect(try await store.deleteUser(id: user.id))
        }
    }

    @Test(arguments: StoreBackend.configured)
    func failedSignInsAreCountedPerAccountAndAddressWithinAWindow(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            for (offset, account, address) in [(0.0, "ivan", "192.0.2.1"), (60, "ivan", "192.0.2.2"), (120, "judy", "192.0.2.1")] {
                try await store.recordSignInFailure(SignInFailure(account: account, address: address, at: Self.start.addingTimeInterval(offset)))
            }
            try await store.recordSignInFailure(SignInFailure(account: "ivan", address: nil, at: Self.start.addingTimeInterval(180)))
            #expect(try await store.signInFailures(account: "ivan", since: Self.start) == 3)
            #expect(try await store.signInFailures(account: "ivan", since: Self.start.addingTimeInterval(60)) == 2)
            #expect(try await store.signInFailures(address: "192.0.2.1", since: Self.start) == 2)
            #expect(try await store.signInFailures(address: "192.0.2.1", since: Self.start.addingTimeInterval(1)) == 1)
            try await store.clearSignInFailures(account: "ivan")
            #expect(try await store.signInFailures(account: "ivan", since: Self.start) == 0)
            #expect(try await store.signInFailures(address: "192.0.2.1", since: Self.start) == 1)
            #expect(try await store.pruneSignInFailures(before: Self.start.addingTimeInterval(121)) == 1)
            #expect(try await store.signInFailures(account: "judy", since: Self.start) == 0)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aTOTPChangeWritesOnlyTheTOTPColumns(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let stale = User(subject: "olga", displayName: "Olga", createdAt: Self.start)
            try await store.createUser(stale)
            try await store.setPasswordHash(userID: stale.id, "$2b$04$hash", at: Self.start)
            // An administrator changes the account after the page read it.
            var changed = stale
            changed.isAdmin = true
            changed.isDisabled = true
            changed.displayName = "Olga O."
            try await store.updateUser(changed)
            let secret = Data((0..<20).map { UInt8($0 + 1) })
            try await store.setTOTP(userID: stale.id, secret: secret, enabled: true)
            let read = try #require(try await store.user(id: stale.id))
            #expect(read.isAdmin && read.isDisabled && read.displayName == "Olga O." && read.passwordHash == "$2b$04$hash")
            #expect(read.totpSecret == secret && read.totpEnabled)
            #expect(try await f.storageContains(secret) == false)
            try await store.setTOTP(userID: stale.id, secret: nil, enabled: false)
            let off = try #require(try await store.user(id: stale.id))
            #expect(off.totpSecret == nil && !off.totpEnabled && off.isAdmin && off.isDisabled)
            try await expectStoreError(.notFound) { try await store.setTOTP(userID: UUID(), secret: nil, enabled: false) }

            // And the other way round: an administrator's flag change keeps the user's own TOTP change.
            try await store.setTOTP(userID: stale.id, secret: secret, enabled: true)
            try await store.setUserFlags(userID: stale.id, isAdmin: false, isDisabled: nil)
            let flagged = try #require(try await store.user(id: stale.id))
            #expect(!flagged.isAdmin && flagged.isDisabled && flagged.totpEnabled && flagged.totpSecret == secret)
            try await store.setUserFlags(userID: stale.id, isAdmin: nil, isDisabled: false)
            #expect(try await store.user(id: stale.id).map { !$0.isAdmin && !$0.isDisabled && $0.totpEnabled } == true)
            try await expectStoreError(.notFound) { try await store.setUserFlags(userID: UUID(), isAdmin: true, isDisabled: nil) }
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aTOTPStepIsAcceptedOnceAndOnlyForward(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let user = User(subject: "pat", displayName: "Pat", createdAt: Self.start)
            try await store.createUser(user)
            #expect(try await store.useTOTPStep(userID: user.id, step: 100))
            #expect(try await store.useTOTPStep(userID: user.id, step: 100) == false)
            #expect(try await store.useTOTPStep(userID: user.id, step: 99) == false)
            #expect(try await store.useTOTPStep(userID: user.id, step: 101))
            #expect(try await store.useTOTPStep(userID: UUID(), step: 102) == false)
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { try await store.useTOTPStep(userID: user.id, step: 200) } }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(accepted == 1)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func simultaneousSignInAttemptsAreCountedAndAdmittedOneAfterAnother(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let at = Self.start.addingTimeInterval(600)
            // Twelve attempts at once, each let through only while fewer than five failures are counted.
            let seen = try await withThrowingTaskGroup(of: SignInAttempt.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await store.admitSignInAttempt(
                            SignInFailure(account: "mallory", address: "198.51.100.\(index)", at: at),
                            since: Self.start
                        ) { $0.accountFailures < 5 }
                    }
                }
                return try await group.reduce(into: [SignInAttempt]()) { $0.append($1) }
            }
            let admitted = seen.filter { $0.recordedID != nil }
            #expect(admitted.count == 5)
            #expect(Set(admitted.map(\.accountFailures)) == [0, 1, 2, 3, 4])
            #expect(seen.filter { $0.recordedID == nil }.allSatisfy { $0.accountFailures == 5 && $0.accountLatest == at })
            #expect(try await store.signInFailures(account: "mallory", since: Self.start) == 5)
            #expect(try await store.signInFailures(address: "198.51.100.0", since: Self.start) <= 1)

            // The address is counted too, and a refused attempt records nothing.
            let first = try await store.admitSignInAttempt(SignInFailure(account: "olga", address: "203.0.113.9", at: at), since: Self.start) {
                _ in true
            }
            #expect(first.recordedID != nil && first.addressFailures == 0)
            let refused = try await store.admitSignInAttempt(SignInFailure(account: "nina", address: "203.0.113.9", at: at), since: Self.start) {
                $0.addressFailures == 0
            }
            #expect(refused.recordedID == nil && refused.addressFailures == 1)
            #expect(refused.accountFailures == 0 && refused.accountLatest == nil)
            #expect(try await store.signInFailures(account: "nina", since: Self.start) == 0)
            #expect(try await store.signInFailures(address: "203.0.113.9", since: Self.start) == 1)

            // Withdrawing one admitted attempt leaves the others.
            let withdrawn = try #require(admitted.first?.recordedID)
            try await store.withdrawSignInAttempt(id: withdrawn)
            #expect(try await store.signInFailures(account: "mallory", since: Self.start) == 4)
            let later = try await store.admitSignInAttempt(SignInFailure(account: "mallory", address: nil, at: at), since: at) { _ in false }
            #expect(later.accountFailures == 4 && later.accountLatest == at && later.addressFailures == 0 && later.recordedID == nil)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func usersListAndRevokeOnlyTheirOwnTokensWhichGoWithThem(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let app = try await f.app("tokens")
            let user = User(subject: "mallory", displayName: "Mallory")
            let other = User(subject: "niaj", displayName: "Niaj")
            try await store.createUser(user)
            try await store.createUser(other)
            let mine = APIToken(name: "laptop", role: .contributor, tenantID: app.tenantID, createdAt: Self.start, ownerUserID: user.id)
            let theirs = APIToken(name: "ci", role: .reader, tenantID: app.tenantID, createdAt: Self.start, ownerUserID: other.id)
            let admins = APIToken(name: "admin", role: .admin, createdAt: Self.start)
            try await store.createToken(mine, secretHash: "h-mine")
            try await store.createToken(theirs, secretHash: "h-theirs")
            try await store.createToken(admins, secretHash: "h-admin")
            try await expectStoreError(.notFound) {
                try await store.createToken(APIToken(name: "x", role: .reader, ownerUserID: UUID()), secretHash: "h-x")
            }
            #expect(try await store.tokens(ownerUserID: user.id) == [mine])
            // Bearer tokens are found as before, an owned one with its owner.
            #expect(try await store.token(secretHash: "h-mine") == mine)
            #expect(try await store.token(secretHash: "h-admin")?.ownerUserID == nil)
            #expect(try await store.deleteToken(id: theirs.id, ownerUserID: user.id) == false)
            #expect(try await store.deleteToken(id: mine.id, ownerUserID: user.id))
            #expect(try await store.deleteUser(id: other.id))
            #expect(try await store.token(secretHash: "h-theirs") == nil)
            #expect(try await store.tokens().map(\.id) == [admins.id])
        }
    }

    @Test(arguments: StoreBackend.configured)
    func instanceSettingsStartAtTheirDefaultsAndAreReplacedWhole(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            #expect(try await store.instanceSettings() == InstanceSettings())
            let tenant = UUID()
            let settings = InstanceSettings(
                requireSecondFactor: true,
                tenantsRequiringSecondFactor: [tenant],
                auditRetentionDays: 90,
                portalURL: "https://portal.example.com",
                functionHostURL: "https://apps.example.com",
                kuduURL: "https://deploy.example.com"
            )
            try await store.setInstanceSettings(settings)
            #expect(try await store.instanceSettings() == settings)
            #expect(settings.requiresSecondFactor(tenantID: nil))
            try await store.setInstanceSettings(InstanceSettings(tenantsRequiringSecondFactor: [tenant]))
            let read = try await store.instanceSettings()
            #expect(read == InstanceSettings(tenantsRequiringSecondFactor: [tenant]))
            #expect(read.requiresSecondFactor(tenantID: tenant) && read.requiresSecondFactor(tenantID: UUID()) == false)
        }
    }

    static func session(_ hash: String, _ userID: UUID) -> WebSession {
        WebSession(idHash: hash, userID: userID, createdAt: start, expiresAt: start.addingTimeInterval(3600), idleTimeout: 3600)
    }
}
