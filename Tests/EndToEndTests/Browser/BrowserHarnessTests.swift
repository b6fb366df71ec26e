import Foundation
import Testing

/// The browser harness itself, in a real headless Chromium against a real `hearth serve`: pages are
/// loaded and read, forms filled and buttons clicked, and a failing check keeps the page it failed on.
///
/// Fails (does not skip) without Chromium, its driver or Selenium, saying how to install them;
/// `HEARTH_SKIP_BROWSER=1` skips it.
@Suite(.serialized, .enabled(if: !BrowserScript.skipped, "HEARTH_SKIP_BROWSER=1"))
struct BrowserHarnessTests {
    let script = BrowserScript(name: "harness_self_test")

    @Test func theManagementAPIsHealthIsReadInChromiumAndTheFormHelpersWork() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        let outcome = try await script.run(against: server)
        #expect(outcome.status == 0, "\(outcome.description)")
        for name in ["health", "api-needs-a-token", "form-helpers"] {
            #expect(outcome.passed(name), "\(name): \(outcome.description)")
        }
        // The deliberate failure runs only when named.
        #expect(outcome.scenario("deliberate-failure") == nil, "\(outcome.description)")
        #expect(outcome.report["failed"] as? Int == 0)
    }

    @Test func aFailingCheckKeepsAScreenshotAndThePageSourceOfThePage() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        // Its own folder under .build/browser-failures, removed after, so only real failures stay there.
        let folder = BrowserScript.failuresDirectory.appendingPathComponent("harness-self-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try await script.run(against: server, scenarios: ["health", "deliberate-failure"], failuresDirectory: folder)

        #expect(outcome.status == 1, "\(outcome.description)")
        #expect(outcome.passed("health"), "\(outcome.description)")
        let failure = try #require(outcome.scenario("deliberate-failure"), "\(outcome.description)")
        #expect(failure["passed"] as? Bool == false)
        #expect((failure["error"] as? String)?.contains("text that is never on this page") == true, "\(failure)")

        let screenshot = try #require(failure["screenshot"] as? String, "\(failure)")
        #expect(screenshot == folder.appendingPathComponent("deliberate-failure.png").path)
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG: \(png.prefix(8).map { $0 })")
        #expect(png.count > 1000, "a 1280x900 screenshot is more than \(png.count) bytes")
        // The page it failed on: the health answer, as Chromium showed it.
        let pageSource = try #require(failure["pageSource"] as? String, "\(failure)")
        #expect(try String(contentsOfFile: pageSource, encoding: .utf8).contains("\"status\":\"ok\""))
        // The page that passed left nothing behind.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("health.png").path))
    }

    @Test func aMissingBrowserOrSeleniumFailsSayingHowToInstallIt() throws {
        let missing = "/nonexistent/hearth-browser-test"
        let noBrowser = #expect(throws: TestFailure.self) { try BrowserScript.requirePrerequisites(chromium: missing) }
        #expect(noBrowser?.description.contains("apt-get install chromium chromium-driver") == true, "\(String(describing: noBrowser))")
        #expect(noBrowser?.description.contains(missing) == true)
        #expect(noBrowser?.description.contains("HEARTH_SKIP_BROWSER=1") == true)
        let noDriver = #expect(throws: TestFailure.self) { try BrowserScript.requirePrerequisites(chromedriver: missing) }
        #expect(noDriver?.description.contains(missing) == true, "\(String(describing: noDriver))")
        let noSelenium = #expect(throws: TestFailure.self) { try BrowserScript.requirePrerequisites(python: missing) }
        #expect(noSelenium?.description.contains("scripts/browser-venv.sh") == true, "\(String(describing: noSelenium))")
        // This machine has them all (the test command installs them): the suite runs, it does not skip.
        try BrowserScript.requirePrerequisites()
    }

    @Test func anUnknownScenarioIsAHarnessErrorNamingTheScenariosThereAre() async throws {
        // Refused before a browser starts or a page loads: no server needed (port 9 is discard).
        let outcome = try await script.run(managementURL: "http://127.0.0.1:9", scenarios: ["no-such-scenario"])
        #expect(outcome.status == 2, "\(outcome.description)")
        let message = outcome.report["harnessError"] as? String ?? ""
        #expect(message.contains("no-such-scenario") && message.contains("health"), "\(outcome.description)")
    }
}
