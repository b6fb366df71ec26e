import Testing

@testable import HearthManagement

/// bcrypt through ``PasswordHasher`` at cost 4 (bcrypt's minimum, so the suite stays fast).
@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(cost: 4)

    @Test func aHashVerifiesItsPasswordAndNoOther() async throws {
        let stored = try await hasher.hash("correct horse battery staple")
        #expect(stored.hasPrefix("$2"))
        #expect(!stored.contains("correct horse"))
        #expect(try await hasher.verify("correct horse battery staple", against: stored))
        #expect(try await !hasher.verify("correct horse battery stapler", against: stored))
        #expect(try await !hasher.verify("", against: stored))
    }

    @Test func twoHashesOfOnePasswordDifferBySalt() async throws {
        let first = try await hasher.hash("correct horse battery staple")
        let second = try await hasher.hash("correct horse battery staple")
        #expect(first != second)
        #expect(try await hasher.verify("correct horse battery staple", against: second))
    }

    @Test func everyByteOfAPasswordLongerThanBcryptsLimitCounts() async throws {
        // bcrypt alone reads 72 bytes: these two would be the same password.
        let prefix = String(repeating: "long passphrase ", count: 6)  // 96 bytes
        let stored = try await hasher.hash(prefix + "ending one")
        #expect(try await hasher.verify(prefix + "ending one", against: stored))
        #expect(try await !hasher.verify(prefix + "ending two", against: stored))
        #expect(PasswordHasher.prehash(prefix + "ending one").utf8.count == 44)
    }

    @Test func composedAndDecomposedAccentsAreOnePassword() async throws {
        let composed = "caf\u{E9} au lait tous les matins"
        let decomposed = "cafe\u{301} au lait tous les matins"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        let stored = try await hasher.hash(composed)
        #expect(try await hasher.verify(decomposed, against: stored))
    }

    @Test func noStoredHashIsFalseAfterADummyVerifyAtTheSameCost() async throws {
        #expect(try await !hasher.verify("correct horse battery staple", against: nil))
        #expect(PasswordHasher.cost(of: hasher.dummyHash) == 4)
        #expect(PasswordHasher(cost: 5).dummyHash.hasPrefix("$2b$05$"))
    }

    @Test func aPasswordOverTheMaximumNeverVerifies() async throws {
        let stored = try await hasher.hash("correct horse battery staple")
        #expect(try await !hasher.verify(String(repeating: "x", count: 1025), against: stored))
    }

    @Test func hashingAppliesThePolicyAndNamesTheFix() async throws {
        await #expect(throws: PasswordProblem.self) { try await hasher.hash("short") }
        do {
            _ = try await hasher.hash("short")
        } catch let problem as PasswordProblem {
            #expect(problem.message.contains("needs at least 12"))
            #expect(!problem.message.contains("short"))
        }
    }

    @Test func aHashAtAnotherCostNeedsRehashing() async throws {
        let stored = try await hasher.hash("correct horse battery staple")
        #expect(!hasher.needsRehash(stored))
        #expect(PasswordHasher(cost: 5).needsRehash(stored))
        #expect(PasswordHasher.cost(of: "$2b$12$abcdefghijklmnopqrstuv") == 12)
        #expect(PasswordHasher.cost(of: "not a hash") == nil)
    }
}

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    @Test func acceptsAPassphraseOfTwelveCharactersOrMore() throws {
        try policy.check("twelve chars")
        try policy.check("correct horse battery staple")
        try policy.check("naïve café ünïcode")
        try policy.check(String(repeating: "ab", count: 512))  // 1024 bytes
    }

    @Test func refusesWithAMessageNamingProblemAndFix() {
        let cases: [(String, String)] = [
            (
                "eleven char",
                "the password has 11 characters but needs at least 12; a phrase of several words is easy to remember and long enough"
            ),
            (String(repeating: "ab", count: 513), "the password is longer than 1024 bytes; choose a shorter one"),
            ("twelve\tchars", "the password contains a control character (such as a tab or a line break); remove it"),
            (String(repeating: "a", count: 20), "the password repeats one character; choose a phrase of several words"),
        ]
        for (password, message) in cases {
            #expect(throws: PasswordProblem(message)) { try policy.check(password) }
        }
    }

    @Test func countsCharactersNotBytes() {
        // 11 characters, 22 bytes: too short.
        #expect(throws: PasswordProblem.self) { try policy.check(String(repeating: "é", count: 10) + "x") }
    }
}
