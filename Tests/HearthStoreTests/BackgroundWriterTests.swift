import Foundation
import Testing

@testable import HearthStore

/// The store's lower-priority thread for the invocation log's batches.
@Suite struct BackgroundWriterTests {
    struct Refused: Error {}

    @Test func runsJobsInOrderOnOneNicedThreadAndReturnsTheirResults() async throws {
        let writer = BlockingThread(name: "test-bg", niceness: BlockingThread.backgroundNiceness)
        defer { writer.stop() }
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for value in 1...50 { group.addTask { try await writer.run { value * 2 } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == (1...50).map { $0 * 2 })

        // The thread is not a caller's: its nice value is the writer's, and it keeps its name.
        let (niceness, name) = try await writer.run { () -> (Int, String) in
            // One read of the thread's stat gives both: the name between the first '(' and the last ')',
            // then the fields after it (state is field 3, nice field 19).
            let stat = (try? String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8)) ?? "()"
            let open = stat.firstIndex(of: "(")!
            let close = stat.lastIndex(of: ")")!
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return (Int(fields[16]) ?? -100, String(stat[stat.index(after: open)..<close]))
        }
        #expect(niceness == Int(BlockingThread.backgroundNiceness))
        #expect(name.trimmingCharacters(in: .whitespacesAndNewlines) == "test-bg")

        await #expect(throws: Refused.self) { try await writer.run { () throws -> Int in throw Refused() } }
    }

    @Test func aStoppedWriterStillRunsWhatItIsGiven() async throws {
        let writer = BlockingThread(name: "test-bg-stopped", niceness: BlockingThread.backgroundNiceness)
        writer.stop()
        #expect(try await writer.run { 42 } == 42)
    }
}
