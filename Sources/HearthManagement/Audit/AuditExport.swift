package import Foundation
import HearthCore
package import HearthStore

/// Writes the whole audit log, in the order it was appended, as JSON lines (one
/// ``AuditEventDTO`` a line), paging through ``AuditStore/exportAudit(after:limit:)``.
package struct AuditExport: Sendable {
    static let pageSize = 500
    let store: any ManagementStore

    package init(store: any ManagementStore) {
        self.store = store
    }

    /// Calls `write` with each line (ending in a newline); returns how many events.
    @discardableResult
    package func forEachLine(_ write: (Data) throws -> Void) async throws -> Int {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let names = try await store.tenantNames()
        var after: UUID?
        var count = 0
        while true {
            let page = try await store.exportAudit(after: after, limit: Self.pageSize)
            for event in page {
                var line = try encoder.encode(AuditEventDTO(event, tenantName: event.tenantID.flatMap { names[$0] }))
                line.append(UInt8(ascii: "\n"))
                try write(line)
            }
            count += page.count
            guard page.count == Self.pageSize, let last = page.last else { return count }
            after = last.id
        }
    }

    /// Writes the log to a new file at `url` with mode 0600 (refusing to overwrite one).
    @discardableResult
    package func write(to url: URL) async throws -> Int {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw StoreError(.configuration, "cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let count = try await forEachLine { try handle.write(contentsOf: $0) }
        try handle.synchronize()
        try handle.close()
        return count
    }
}
