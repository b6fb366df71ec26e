import Foundation
import Testing

/// The portal's Code and Test/Run pages in a real headless Chromium (Tests/Browser/code.py), against a
/// real `hearth serve`, signed in as its first admin: edit a function's code and see the new code answer
/// over HTTP; an invalid edit shows the problem and the old code keeps serving; a test run with headers
/// and body shows the response and logs.
@Suite(.serialized, .enabled(if: !BrowserScript.skipped, "HEARTH_SKIP_BROWSER=1"))
struct BrowserCodeTests {
    let script = BrowserScript(name: "code")

    @Test(.timeLimit(.minutes(5)))
    func editInvalidEditAndTestRunInChromium() async throws {
        let server = try await HearthServer()
        defer { server.stop() }
        let signIn = try FirstAdminSignIn(printedIn: server.log)
        try await server.createApp("hello", tenant: "acme")
        let deployed = try await server.deploy("hello", zip: AppZip.zip(AppZip.files(ofFixture: "hello-python")))
        #expect(deployed.status == 201, "\(deployed.text)")
        let serving = try await server.eventually(timeout: .seconds(30)) {
            try await server.call("hello", "/api/hello/Ada").status == 200
        }
        #expect(serving, "the app never answered: \(server.log)")

        let outcome = try await script.run(against: server, environment: signIn.environment)
        #expect(outcome.status == 0, "\(outcome.description)")
        for name in ["edit-code", "invalid-edit", "test-run"] {
            #expect(outcome.passed(name), "\(name): \(outcome.description)")
        }
    }
}
