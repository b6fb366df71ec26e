import Foundation
import HearthCore
import Testing

@testable import HearthUpgrade

/// Reports go to terminals, CI logs and files: setting values that may be secrets never appear in them.
@Suite struct ReportSecretsTests {
    @Test func settingValuesThatMayBeSecretAreHidden() throws {
        let settings = Data(
            #"""
            {"IsEncrypted": false, "Values": {
              "FUNCTIONS_EXTENSION_VERSION": "~1",
              "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0LXN0b3JhZ2Uta2V5",
              "AzureWebJobsDashboard": "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=ZGFzaGJvYXJkLWtleQ==",
              "MyApiPassword": "hunter2-very-secret"}}
            """#.utf8
        )
        let files: [String: Data] = [
            "host.json": Data(#"{"http":{"routePrefix":"api"}}"#.utf8),
            "local.settings.json": settings,
            "Hello/function.json": Data(
                #"{"bindings":[{"type":"httpTrigger","direction":"in","name":"req"},{"type":"http","direction":"out","name":"res"}]}"#.utf8
            ),
            "Hello/index.js": Data("module.exports = function (context, req) { context.done(); };".utf8),
        ]
        let plan = try UpgradePlanner().plan(files: files)
        let report = UpgradeReport(plan: plan, app: "app")
        for (format, rendered) in [("text", report.text()), ("json", report.json()), ("markdown", report.markdown())] {
            for secret in ["c2VjcmV0LXN0b3JhZ2Uta2V5", "ZGFzaGJvYXJkLWtleQ", "hunter2-very-secret"] {
                #expect(!rendered.contains(secret), "the \(format) report shows a secret")
            }
            #expect(rendered.contains("~4"), "configuration values are still shown")
        }
    }
}
