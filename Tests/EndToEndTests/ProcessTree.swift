import Foundation

/// The processes of this machine as `/proc` shows them: who started whom, and who still lives.
enum ProcessTree {
    /// Every process below `root` (its children, their children, …), alive or zombie.
    static func descendants(of root: Int32) -> [Int32] {
        let parents = Dictionary(uniqueKeysWithValues: entries().map { ($0.pid, $0.parent) })
        var found: [Int32] = []
        var frontier: Set<Int32> = [root]
        while !frontier.isEmpty {
            let children = parents.filter { frontier.contains($0.value) }.map(\.key)
            found += children
            frontier = Set(children)
        }
        return found
    }

    /// Whether `pid` runs (a zombie, ended but not yet reaped, does not).
    static func isAlive(_ pid: Int32) -> Bool {
        entry(pid).map { $0.state != "Z" } ?? false
    }

    private struct Entry {
        var pid: Int32
        var parent: Int32
        var state: Character
    }

    private static func entries() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0) }.compactMap(entry)
    }

    /// `/proc/<pid>/stat` is `pid (command) state ppid …`; the command may hold spaces and parentheses.
    private static func entry(_ pid: Int32) -> Entry? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 1, let state = fields[0].first, let parent = Int32(fields[1]) else { return nil }
        return Entry(pid: pid, parent: parent, state: state)
    }
}
