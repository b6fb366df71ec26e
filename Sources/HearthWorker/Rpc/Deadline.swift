/// `operation` fails with ``DeadlineExceeded`` when it takes longer than `limit` (`nil` = no limit).
func withDeadline<T: Sendable>(_ limit: Duration?, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    guard let limit else { return try await operation() }
    return try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// A ``withDeadline(_:_:)`` limit passed.
struct DeadlineExceeded: Error {}
