import Foundation
import HearthStore
import Synchronization

/// Parsed app metadata of stored packages, kept per package digest (and the settings it was loaded
/// with, which can change what loads), so showing an app does not unzip and parse its package on
/// every call. Packages are immutable by digest, so an entry never goes stale; at most
/// ``capacity`` are kept, the least recently used dropped first.
package final class ValidatedPackageCache: Sendable {
    private struct State {
        var entries: [String: ValidatedPackage] = [:]
        var order: [String] = []
    }

    let capacity: Int
    private let state = Mutex(State())

    package init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The app loaded from `packageSHA256` with `settings`: from the cache, else from `load`.
    func app(packageSHA256: String, settings: [String: String], load: () async throws -> ValidatedPackage) async throws -> ValidatedPackage {
        let key = Self.key(packageSHA256: packageSHA256, settings: settings)
        if let hit = state.withLock({ s -> ValidatedPackage? in
            guard let app = s.entries[key] else { return nil }
            s.order.removeAll { $0 == key }
            s.order.append(key)
            return app
        }) {
            return hit
        }
        let app = try await load()
        state.withLock { s in
            if s.entries.updateValue(app, forKey: key) == nil { s.order.append(key) }
            while s.order.count > capacity { s.entries[s.order.removeFirst()] = nil }
        }
        return app
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// The digest and a hash of the settings (values are never kept in the key).
    static func key(packageSHA256: String, settings: [String: String]) -> String {
        var text = ""
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) { text += "\(name)\u{0}\(value)\u{0}" }
        return packageSHA256 + ":" + SHA256Hex.of(Data(text.utf8))
    }
}
