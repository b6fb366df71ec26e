import Foundation
import HearthUpgrade

/// The fixture corpus under `Tests/Fixtures/upgrade/<scenario>/`: `input/` (a v1 app), `expected/` (the
/// upgraded tree) and `expected-report.json` (the JSON report, app = scenario name, mode `plan`).
/// A scenario whose input cannot be parsed has `expected-error.txt` instead.
///
/// Run the tests with `HEARTH_UPDATE_GOLDEN=1` to rewrite `expected/`, `expected-report.json` and
/// `expected-error.txt` from the current planner; review the diff before committing.
enum FixtureCorpus {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/upgrade")

    static var updateGolden: Bool { ProcessInfo.processInfo.environment["HEARTH_UPDATE_GOLDEN"] == "1" }

    static var scenarios: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    static func input(_ scenario: String) -> URL { root.appendingPathComponent(scenario).appendingPathComponent("input") }

    /// Every file under `folder`, by relative path.
    static func readTree(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return files }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let url = folder.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try? Data(contentsOf: url)
            }
        }
        return files
    }

    /// Replaces `folder` with exactly `files`.
    static func writeTree(_ files: [String: Data], to folder: URL) throws {
        try? FileManager.default.removeItem(at: folder)
        for (path, data) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }

    /// The app after applying a plan in memory.
    static func applying(_ plan: UpgradePlan, to files: [String: Data]) -> [String: Data] {
        var result = files
        for path in plan.deletions { result[path] = nil }
        for (path, data) in plan.writes { result[path] = data }
        return result
    }

    /// A fresh temporary copy of a scenario's input.
    static func temporaryCopy(of scenario: String) throws -> URL {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let app = parent.appendingPathComponent(scenario)
        try FileManager.default.copyItem(at: input(scenario), to: app)
        return app
    }

    /// Removes a copy made by ``temporaryCopy(of:)``, with the folder made for it.
    static func removeCopy(_ app: URL) {
        try? FileManager.default.removeItem(at: app.deletingLastPathComponent())
    }
}
