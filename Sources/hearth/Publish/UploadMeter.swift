import Foundation
import Synchronization

/// Prints upload progress to standard error every 10 %.
final class UploadMeter: Sendable {
    let total: Int
    private let reported = Mutex(-1)

    init(total: Int) { self.total = total }

    func report(_ sent: Int) {
        let percent = total == 0 ? 100 : sent * 100 / total
        let step = percent / 10
        let shouldPrint = reported.withLock { last in
            guard step > last else { return false }
            last = step
            return true
        }
        if shouldPrint {
            FileHandle.standardError.write(Data("  uploading \(percent)% (\(ByteText.of(sent)) of \(ByteText.of(total)))\n".utf8))
        }
    }
}

/// Byte counts for people: `812 B`, `1.4 MB`.
enum ByteText {
    static func of(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
    }
}
