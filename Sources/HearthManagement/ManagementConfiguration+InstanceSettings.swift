import Foundation
public import HearthCore
public import HearthStore

extension ManagementConfiguration {
    /// This configuration with the public URLs an admin set in the instance settings in place of
    /// the command line's: the function host's URL replaces ``workerPublicURL``; the Kudu URL
    /// replaces ``scmURL`` (a URL without `{app}` gets the path form `{url}/scm/{app}`).
    public func overridden(by settings: InstanceSettings) -> ManagementConfiguration {
        var configuration = self
        if let url = Self.trimmed(settings.functionHostURL) {
            configuration.workerPublicURL = url
        }
        if let url = Self.trimmed(settings.kuduURL) {
            configuration.scmURL = url.contains("{app}") ? url : url + "/scm/{app}"
        }
        return configuration
    }

    /// This configuration with the store's current instance settings applied (one small read).
    public func applyingInstanceSettings(from store: any PeopleStore) async throws -> ManagementConfiguration {
        overridden(by: try await store.instanceSettings())
    }

    private static func trimmed(_ url: String?) -> String? {
        guard var url = url?.trimmingCharacters(in: .whitespaces), !url.isEmpty else { return nil }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
