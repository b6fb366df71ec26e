internal import Foundation
internal import HearthCore

/// App-wide steps from fact sheet §0, §5: what changes for every upgraded v1 app.
enum BehaviourNotes {
    static func run(_ b: PlanBuilder, detection: UpgradeDetection) {
        b.step(
            .warning,
            "behaviour.keys",
            file: nil,
            line: nil,
            "Function and host keys move from files (v1) to encrypted blob storage and are reset by the upgrade; Kudu listsecrets stops working.",
            fix: "After deploying, read the new keys with ARM listkeys (az functionapp keys list) and re-distribute them to callers."
        )
        b.step(
            .info,
            "behaviour.logging",
            file: nil,
            line: nil,
            "The Dashboard (AzureWebJobsDashboard) is gone; log categories changed; the App Insights metric Duration became MaxDurationMs/MinDurationMs/AvgDurationMs.",
            fix: "Enable Application Insights and update queries, alerts and dashboards."
        )
        if b.app.host?["id"] == nil {
            b.step(
                .info,
                "behaviour.host-id-collision",
                file: "host.json",
                line: nil,
                "The v4 host id is derived from the site name, truncated to 32 characters; apps sharing a storage account with equal ids fail to start (AZFD0004).",
                fix: "Give such apps distinct AzureFunctionsWebHost__hostid settings or separate storage accounts."
            )
        } else {
            b.step(
                .info,
                "behaviour.host-id-collision",
                file: "host.json",
                line: b.app.line("host.json", ["id"]),
                "The host id now comes from AzureFunctionsWebHost__hostid; apps sharing a storage account must not share it (AZFD0004).",
                fix: "Keep the id unique per storage account."
            )
        }
        if b.app.files["proxies.json"] != nil {
            b.step(
                .warning,
                "behaviour.proxies",
                file: "proxies.json",
                line: 1,
                "Proxies are legacy and off in v4; the app setting AzureWebJobsFeatureFlags=EnableProxies keeps them for now.",
                fix: "Move the proxies to Azure API Management (or routes in code), then remove proxies.json and the flag."
            )
        }
        b.step(
            .info,
            "behaviour.platform",
            file: nil,
            line: nil,
            "v1 ran only on Windows (and Azure Stack Hub, which has no v4). Moving to Linux means creating a new app.",
            fix:
                "Upgrade the Windows app in place, or create a new Linux app and deploy the upgraded code there; Azure Stack Hub apps move to public cloud."
        )
    }

    static func languagePolicy(_ b: PlanBuilder, detection: UpgradeDetection) {
        let languages = detection.languages
        for language in languages where !language.isUpgradable {
            let files = b.app.files.keys.filter { path in
                Detector.scriptLanguages[AppInventory.fileExtension(path)] == language
                    || (language == .fsharpClassLibrary && AppInventory.fileExtension(path) == "fsproj")
            }.sorted()
            let (message, fix): (String, String)
            switch language {
            case .fsharpScript:
                (message, fix) = ("F# script (.fsx) functions were removed in 2.x.", "Rewrite them as a compiled F# isolated-worker project.")
            case .fsharpClassLibrary:
                (message, fix) = (
                    "F# class libraries are not converted automatically.", "Follow the C# steps of this report for the F# project (isolated worker)."
                )
            case .typescript:
                (message, fix) = (
                    "v1 experimental TypeScript functions are not converted.", "Compile to JavaScript (tsc) and upgrade the JavaScript app."
                )
            default:
                (message, fix) = (
                    "\(language) functions were a v1 experimental language with no 2.x+ runtime in that form.",
                    "Rewrite them for the v4 \(language) worker, or wrap the script in a custom handler."
                )
            }
            b.step(.blocking, "app.unsupported-language", file: files.first, line: nil, "\(message) (\(files.joined(separator: ", ")))", fix: fix)
        }
        if languages.count > 1 {
            b.step(
                .blocking,
                "app.mixed-languages",
                file: nil,
                line: nil,
                "The app mixes \(languages.map(\.rawValue).joined(separator: ", ")); from 2.x an app has exactly one language (FUNCTIONS_WORKER_RUNTIME).",
                fix: "Split the functions into one app per language and run hearth upgrade on each."
            )
        }
    }
}
