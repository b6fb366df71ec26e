import Foundation
import HearthCore
import HearthStore
import Logging

/// Checks every routed custom host name against ``HostNameRules`` and disables the ones that break
/// them, keeping each with its reason (`GET /api/apps/{app}` shows them under `disabledHostNames`).
///
/// Names stored before the rules existed (an IP literal, `localhost`, a name outside the tenant's
/// domains) would otherwise keep capturing traffic. The management role runs it at start, and after
/// a domain is taken from a tenant.
struct HostNameAudit {
    let store: any ManagementStore
    let rules: HostNameRules
    let logger: Logger

    /// One disabled name: which app had it and why it no longer routes.
    struct Finding: Sendable {
        var appName: String
        var hostName: String
        var reason: String
    }

    /// Disables what breaks the rules, for the apps of one tenant or of every tenant.
    func run(tenantID: UUID? = nil) async throws -> [Finding] {
        let tenants = Dictionary(uniqueKeysWithValues: try await store.tenants().map { ($0.id, $0) })
        let domains = try await store.tenantDomains(tenantID: tenantID)
        var findings: [Finding] = []
        for app in try await store.apps(tenantID: tenantID) where !app.hostNames.isEmpty {
            guard let tenant = tenants[app.tenantID] else { continue }
            for name in app.hostNames {
                guard let reason = rules.refusal(ofStored: name, tenant: tenant, domains: domains) else { continue }
                let text = "disabled by Hearth: \(reason)"
                if try await store.disableHostName(name, reason: text) {
                    findings.append(Finding(appName: app.name, hostName: name, reason: text))
                    logger.warning("custom host name disabled", metadata: ["app": "\(app.name)", "hostName": "\(name)", "reason": "\(reason)"])
                }
            }
        }
        return findings
    }
}
