import Foundation
import Testing

@testable import HearthStore

/// GO splitting, the statement catalog and `hearth db script` output (the T-SQL itself is parsed
/// by sqlfluff in scripts/check-tsql.sh).
@Suite struct TSQLScriptTests {
    @Test func goSplitsBatchesButNotInsideCommentsOrStrings() {
        let script = """
            CREATE TABLE a (x INT);
            GO
            /* a comment
            GO
            */
            INSERT INTO a VALUES (1); -- GO
            SELECT 'text
            GO
            ';
            go 2
            -- only a comment
            GO
            """
        let batches = TSQLBatch.split(script)
        #expect(batches.count == 2)
        #expect(batches[0].text == "CREATE TABLE a (x INT);")
        #expect(batches[1].line == 3)
        #expect(batches[1].repeatCount == 2)
        #expect(batches[1].text.contains("GO\n*/"))
    }

    @Test func nonTransactionalStatementsAreFound() {
        #expect(TSQLBatch(text: "ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON;", line: 1).nonTransactionalStatements == ["ALTER DATABASE"])
        #expect(TSQLBatch(text: "-- ALTER DATABASE x\nCREATE TABLE t (a INT);", line: 1).nonTransactionalStatements.isEmpty)
    }

    @Test func sqlServerMigrationsMatchSQLiteVersions() throws {
        let sqlserver = try SQLServerStore.migrations().map(\.version)
        let sqlite = try SQLiteStore.migrations().map(\.version)
        #expect(sqlserver == sqlite)
        for migration in try SQLServerStore.migrations() {
            #expect(!TSQLBatch.split(migration.script).isEmpty)
        }
    }

    @Test func statementCatalogIsCompleteAndNamesAreUnique() {
        let names = SQLServerStatements.all.map(\.name)
        #expect(Set(names).count == names.count)
        // Every statement declared in the catalog's source is in `all` (the list CI parses with sqlfluff),
        // under its own name.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/HearthStore/SQLServer")
        let catalog = (try? String(contentsOf: sources.appendingPathComponent("SQLServerStatements.swift"), encoding: .utf8)) ?? ""
        let declared = catalog.matches(of: #/static let (\w+) = SQLStatement\(\s*"(\w+)"/#).map { (String($0.1), String($0.2)) }
        #expect(declared.count >= 60)
        for (property, name) in declared { #expect(property == name, "\(property) is catalogued as '\(name)'") }
        #expect(
            Set(declared.map(\.0)) == Set(names),
            "statements missing from SQLServerStatements.all: \(Set(declared.map(\.0)).subtracting(names).sorted())"
        )
        // And the backend issues no SQL text of its own outside the catalog (SQLServerScript builds the
        // DBA script, whose whole output CI parses separately).
        let files = (try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []
        for file in files where file.hasSuffix(".swift") && !["SQLServerStatements.swift", "SQLServerScript.swift"].contains(file) {
            let text = (try? String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)) ?? ""
            #expect(
                text.firstMatch(of: #/"(SELECT|INSERT|UPDATE|DELETE|MERGE|EXEC|CREATE|ALTER|DROP) /#) == nil,
                "\(file) has SQL outside the catalog"
            )
        }
        for statement in SQLServerStatements.all { #expect(!statement.sql.contains("?"), "\(statement.name) uses ? placeholders") }
    }

    @Test func idempotentScriptGuardsEveryMigrationWithTheJournal() throws {
        let script = try SQLServerScript.generate(idempotent: true)
        let migrations = try SQLServerStore.migrations()
        for m in migrations {
            #expect(script.contains("WHERE version = \(m.version) AND success = 1"))
            #expect(script.contains("N'\(m.checksum)'"))
        }
        #expect(script.contains("RAISERROR"))
        let plain = try SQLServerScript.generate(from: 2, idempotent: false)
        #expect(!plain.contains("CREATE TABLE hearth.tenants"))
        #expect(throws: StoreError.self) { try SQLServerScript.generate(from: 99, idempotent: false) }
        if let directory = ProcessInfo.processInfo.environment["HEARTH_TSQL_DUMP"] {
            try Data(script.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent("idempotent.sql"))
            try Data(plain.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent("plain.sql"))
            let statements = SQLServerStatements.all.map { "-- \($0.name)\n\($0.sql)\nGO\n" }.joined(separator: "\n")
            try Data(statements.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent("statements.sql"))
        }
    }

    @Test func connectionStringsParseAndNeverShowThePassword() throws {
        let ado = try SQLServerConfiguration(
            connectionString:
                "Server=tcp:db.example.com,1444;Initial Catalog=hearth;User ID=app;Password='p;a''ss';Encrypt=true;TrustServerCertificate=yes;Connect Timeout=7"
        )
        #expect(ado.host == "db.example.com" && ado.port == 1444 && ado.database == "hearth" && ado.user == "app")
        #expect(ado.password == "p;a'ss" && ado.encrypt && ado.trustServerCertificate && ado.connectTimeout == 7)
        #expect(!"\(ado)".contains("p;a'ss") && "\(ado)".contains("Password=***"))
        let url = try SQLServerConfiguration(connectionString: "mssql://app:s%40cret@db:1433/hearth?encrypt=false&connectTimeout=3")
        #expect(url.password == "s@cret" && url.database == "hearth" && url.encrypt == false && url.connectTimeout == 3)
        #expect(throws: SQLServerError.self) { try SQLServerConfiguration(connectionString: "Server=db\\SQLEXPRESS;User ID=a;Password=b") }
        #expect(throws: SQLServerError.self) { try SQLServerConfiguration(connectionString: "Database=x;User ID=a") }
        do {
            _ = try SQLServerConfiguration(connectionString: "Server=db;Password=hunter2;Bogus=1")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
        do {
            _ = try SQLServerConfiguration(connectionString: "Server=db;hunter2")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
        // An unquoted ';' inside a password: no fragment of it is echoed, and the fix is named.
        #expect {
            _ = try SQLServerConfiguration(connectionString: "Server=db;User ID=a;Password=hun;ter2secret=x")
        } throws: { error in
            !"\(error)".contains("ter2secret") && !"\(error)".contains("hun") && "\(error)".contains("double quotes")
        }
    }
}
