import Foundation
import GRDB
import Testing

@testable import HearthStore

/// Compatibility markers in migration files, the expand-only guard, and what a binary decides on a
/// schema newer than it.
@Suite struct MigrationCompatibilityTests {
    // MARK: The marker

    @Test func theFirstLineMarksTheMigration() throws {
        let expand = try #require(MigrationCompatibility.marker(in: "-- hearth:compatibility expand\nCREATE TABLE t (a INT);\n"))
        #expect(expand.compatibility == .expand)
        #expect(expand.body == "CREATE TABLE t (a INT);\n")
        let crlf = try #require(MigrationCompatibility.marker(in: "-- hearth:compatibility contract\r\nDROP TABLE t;\r\n"))
        #expect(crlf.compatibility == .contract && crlf.body == "DROP TABLE t;\r\n")
        // A CRLF checkout has the checksum of the LF one.
        let lf = try Migration(fileName: "0007_t.sql", script: "-- hearth:compatibility expand\nCREATE TABLE t (a INT);\n")
        let windows = try Migration(fileName: "0007_t.sql", script: "-- hearth:compatibility expand\r\nCREATE TABLE t (a INT);\r\n")
        #expect(windows.checksum == lf.checksum && windows.compatibility == .expand)
        #expect(MigrationCompatibility.marker(in: "-- hearth:compatibility expand")?.body == "")
        #expect(MigrationCompatibility.marker(in: "-- hearth:compatibility  expand  \nx")?.compatibility == .expand)
        // A kind this binary does not know is still read (and refused by the loader).
        #expect(MigrationCompatibility.marker(in: "-- hearth:compatibility shrink\nx")?.compatibility.rawValue == "shrink")
    }

    @Test func aMarkerAnywhereButTheFirstLineOrMalformedIsNone() {
        #expect(MigrationCompatibility.marker(in: "-- a comment\n-- hearth:compatibility expand\nx") == nil)
        #expect(MigrationCompatibility.marker(in: "--hearth:compatibility expand\nx") == nil)
        #expect(MigrationCompatibility.marker(in: "-- hearth:compatibility \nx") == nil)
        #expect(MigrationCompatibility.marker(in: "-- hearth:compatibility expand only\nx") == nil)
        #expect(MigrationCompatibility.marker(in: "CREATE TABLE t (a INT);") == nil)
    }

    @Test func theMarkerLineIsNotPartOfTheChecksum() throws {
        let body = "CREATE TABLE t (a INT);\n"
        let marked = try Migration(fileName: "0007_t.sql", script: "-- hearth:compatibility expand\n" + body)
        let unmarked = try Migration(fileName: "0007_t.sql", script: body)
        #expect(marked.checksum == unmarked.checksum)
        #expect(marked.compatibility == .expand && unmarked.compatibility == nil)
        #expect(marked.script.hasPrefix("-- hearth:compatibility expand\n"))
    }

    /// Marking the migrations that stores already applied is not an edit: their checksums are the
    /// ones recorded before markers existed.
    @Test func markingTheFirstFourMigrationsKeptTheirChecksums() throws {
        let before: [String: [Int: String]] = [
            "sqlite": [
                1: "10603ad86b9b2af63af9a47d1779e4fa57438266b871fea678425a01b7fb3623",
                2: "0367652e61115b4d55d5a6216d77aa938220014ea736cc67f316cae994fad698",
                3: "3c4db744074b8c6833b4e55e208f9ebeafb82c6cfd89e96ab2d2f54fce8f922a",
                4: "ac0986814741ce53f997f8c8ec285b37382174903470d273a96ca8e12b1e4a74",
            ],
            "sqlserver": [
                1: "2a5e873da7cb43c9311082e695482d1913c01f450f53a699274ebebb4beb2d72",
                2: "e1d15163727c27d8ead3ea48ad78d87d80d34c3ff4dddf72445698d37c077095",
                3: "b64ca18cb2ebaff13da1e71862ece6e7654b28bc579673497f4740c3d3794465",
                4: "a2821570eda93b8cb40cf30368403921199794c350ff00d36b40a236465b7c5a",
            ],
        ]
        for (backend, checksums) in before {
            let migrations = try MigrationCatalog.embedded(backend: backend)
            for (version, checksum) in checksums {
                #expect(migrations.first { $0.version == version }?.checksum == checksum, "\(backend) \(version)")
            }
        }
    }

    @Test func everyMigrationIsMarkedAndBothDialectsAgree() throws {
        let sqlite = try SQLiteStore.migrations()
        let sqlserver = try SQLServerStore.migrations()
        #expect(sqlite.allSatisfy { $0.compatibility != nil })
        #expect(sqlite.map(\.compatibility) == sqlserver.map(\.compatibility))
        // The migrations so far only add.
        for migration in sqlite + sqlserver {
            #expect(migration.compatibility == .expand, "\(migration.fileName)")
            #expect(migration.contractStatements.isEmpty, "\(migration.fileName): \(migration.contractStatements)")
        }
    }

    // MARK: The expand-only guard

    @Test func statementsThatAreNotExpandOnlyAreFound() throws {
        func found(_ sql: String) throws -> [String] {
            try Migration(fileName: "0009_x.sql", script: "-- hearth:compatibility expand\n" + sql).contractStatements
        }
        #expect(try found("DROP TABLE leases;") == ["DROP (removes)"])
        #expect(try found("ALTER TABLE apps DROP COLUMN status_reason;") == ["DROP (removes)"])
        #expect(try found("ALTER TABLE apps RENAME COLUMN a TO b;") == ["RENAME (renames)"])
        #expect(try found("EXEC sp_rename N'hearth.apps.a', N'b', N'COLUMN';") == ["SP_RENAME (renames)"])
        #expect(try found("ALTER TABLE hearth.apps ALTER COLUMN name NVARCHAR(400) NOT NULL;") == ["ALTER COLUMN (changes a column)"])
        #expect(try found("TRUNCATE TABLE invocations;") == ["TRUNCATE (removes rows)"])
        #expect(try found("ALTER TABLE apps ADD COLUMN tier TEXT NOT NULL;").count == 1)
        #expect(try found("ALTER TABLE hearth.apps ADD tier NVARCHAR(20) NOT NULL\nGO").count == 1)
    }

    @Test func expandOnlyStatementsPass() throws {
        func found(_ sql: String) throws -> [String] {
            try Migration(fileName: "0009_x.sql", script: "-- hearth:compatibility expand\n" + sql).contractStatements
        }
        #expect(try found("CREATE TABLE t (dropped_at INTEGER NOT NULL, renamed TEXT);").isEmpty)
        #expect(try found("ALTER TABLE apps ADD COLUMN tier TEXT NOT NULL DEFAULT 'free';").isEmpty)
        #expect(try found("ALTER TABLE hearth.apps ADD tier NVARCHAR(20) NULL;").isEmpty)
        #expect(try found("ALTER TABLE t ADD CONSTRAINT ck CHECK (a IS NOT NULL);").isEmpty)
        #expect(try found("-- DROP TABLE x\n/* RENAME */ INSERT INTO t VALUES ('DROP TABLE y');").isEmpty)
        #expect(try found("CREATE INDEX ix ON t (a) WHERE b IS NOT NULL;").isEmpty)
    }

    @Test func theLoaderRefusesUnmarkedUnknownAndFalselyExpandMigrations() throws {
        #expect { try Migration(fileName: "0009_x.sql", script: "CREATE TABLE t (a INT);").requireCompatibilityMarker() } throws: {
            "\($0)".contains("0009_x.sql") && "\($0)".contains("-- hearth:compatibility expand")
        }
        #expect { try Migration(fileName: "0009_x.sql", script: "-- hearth:compatibility shrink\nx").requireCompatibilityMarker() } throws: {
            "\($0)".contains("'shrink'")
        }
        #expect {
            try Migration(fileName: "0009_x.sql", script: "-- hearth:compatibility expand\nDROP TABLE t;").requireCompatibilityMarker()
        } throws: {
            "\($0)".contains("not expand-only: DROP (removes)") && "\($0)".contains("-- hearth:compatibility contract")
        }
        try Migration(fileName: "0009_x.sql", script: "-- hearth:compatibility contract\nDROP TABLE t;").requireCompatibilityMarker()
    }

    // MARK: The decision on a newer schema

    static func known() throws -> [Migration] {
        try ["0001_a.sql", "0002_b.sql"].map { try Migration(fileName: $0, script: "-- hearth:compatibility expand\nSELECT 1;") }
    }

    static func row(
        _ version: Int,
        _ compatibility: MigrationCompatibility?,
        checksum: String? = nil,
        success: Bool = true
    ) throws
        -> AppliedMigration
    {
        let known = try Self.known()
        return AppliedMigration(
            version: version,
            description: "m\(version)",
            checksum: checksum ?? known.first { $0.version == version }?.checksum ?? "x",
            appliedBy: "dba",
            appliedAt: Date(timeIntervalSince1970: 0),
            durationMilliseconds: 1,
            success: success,
            compatibility: compatibility
        )
    }

    @Test func aSchemaNewerOnlyByExpandMigrationsRunsAndNamesThem() throws {
        let status = MigrationStatus(
            known: try Self.known(),
            applied: [try Self.row(1, nil), try Self.row(2, nil), try Self.row(3, .expand), try Self.row(4, .expand)]
        )
        #expect(status.drift(repair: "r") == nil)
        #expect(status.unknownExpand.map(\.version) == [3, 4])
        let notice = try #require(status.newerExpandNotice)
        #expect(notice.contains("0003 (m3), 0004 (m4)"))
        #expect(!status.isCurrent)
    }

    @Test func aContractMigrationTheBinaryDoesNotKnowIsRefusedNamingItAndTheFix() throws {
        let status = MigrationStatus(
            known: try Self.known(),
            applied: [try Self.row(1, nil), try Self.row(2, nil), try Self.row(3, .expand), try Self.row(4, .contract)]
        )
        let drift = try #require(status.drift(repair: "r"))
        #expect(drift.contains("version 4 (m4), a contract migration"))
        #expect(drift.contains("this binary knows up to 2"))
        #expect(drift.contains("Upgrade this binary: run a newer hearth, one that knows migration 0004"))
        #expect(status.newerExpandNotice == nil)
    }

    @Test func anUnknownMigrationWithoutOrWithAnUnknownCompatibilityIsRefused() throws {
        for compatibility in [nil, MigrationCompatibility(rawValue: "shrink")] {
            let status = MigrationStatus(
                known: try Self.known(),
                applied: [try Self.row(1, nil), try Self.row(2, nil), try Self.row(3, compatibility)]
            )
            let drift = try #require(status.drift(repair: "r"))
            #expect(drift.contains("version 3 (m3)") && drift.contains("not expand-only") && drift.contains("run a newer hearth"), "\(drift)")
        }
    }

    @Test func aNewerSchemaMissingAMigrationThisBinaryKnowsIsRefused() throws {
        let status = MigrationStatus(known: try Self.known(), applied: [try Self.row(1, nil), try Self.row(3, .expand)])
        let drift = try #require(status.drift(repair: "r"))
        #expect(drift.contains("version 3") && drift.contains("0002_b.sql"), "\(drift)")
    }

    @Test func contractMigrationsAppliedOrPendingAreListed() throws {
        let known = try Self.known() + [try Migration(fileName: "0003_c.sql", script: "-- hearth:compatibility contract\nDROP TABLE t;")]
        let pending = MigrationStatus(known: known, applied: [try Self.row(1, nil), try Self.row(2, nil)])
        #expect(pending.contractMigrations == [.init(version: 3, description: "c", isApplied: false)])
        #expect(pending.contractMigrations.first?.warning.contains("CONTRACT migration, pending") == true)
        let applied = MigrationStatus(
            known: known,
            applied: [try Self.row(1, nil), try Self.row(2, nil), try Self.row(3, nil, checksum: known[2].checksum)]
        )
        #expect(applied.contractMigrations == [.init(version: 3, description: "m3", isApplied: true)])
        // An unknown version the journal records as contract is listed too.
        let newer = MigrationStatus(known: try Self.known(), applied: [try Self.row(1, nil), try Self.row(2, nil), try Self.row(5, .contract)])
        #expect(newer.contractMigrations.map(\.version) == [5])
    }

    // MARK: The SQLite store records and reads compatibility

    @Test func theSQLiteStoreRecordsEachMigrationsCompatibility() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let status = try await f.store.migrationStatus()
        let migrations = try SQLiteStore.migrations()
        #expect(status.applied.map(\.compatibility) == migrations.map(\.compatibility))
    }

    @Test func theSQLiteStoreOpensOnANewerExpandSchemaAndRefusesANewerContractOne() throws {
        let f = try StoreFixture()
        defer { f.remove() }
        func record(_ version: Int, _ compatibility: String) throws {
            let queue = try DatabaseQueue(path: f.path)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO hearth_schema_history VALUES (?, 'newer', 'x', 'dba', 0, 0, 1)", arguments: [version])
                try db.execute(sql: "INSERT INTO hearth_schema_compatibility VALUES (?, ?)", arguments: [version, compatibility])
            }
            try queue.close()
        }
        try record(900, "expand")
        _ = try SQLiteStore(path: f.path, cipher: SecretCipher(keyBytes: f.keyBytes))
        try record(901, "contract")
        #expect {
            _ = try SQLiteStore(path: f.path, cipher: SecretCipher(keyBytes: f.keyBytes))
        } throws: { error in
            (error as? StoreError)?.code == .migration && "\(error)".contains("version 901 (newer), a contract migration")
        }
    }
}
