import Foundation

/// Tracks whether a position in T-SQL text is inside a comment (`--`, nested `/* */`), a string
/// literal (`'…'`) or a bracketed identifier (`[…]`).
struct TSQLScanner {
    private enum Mode {
        case code, lineComment
        case blockComment(depth: Int)
        case string, bracket
    }
    private var mode = Mode.code

    var isAtCode: Bool {
        if case .code = mode { return true }
        return false
    }

    mutating func scan<S: StringProtocol>(_ text: S) {
        _ = process(text, keepCode: false)
    }

    /// The text with comments replaced by spaces and string contents dropped, for keyword search.
    static func code(of text: String) -> String {
        var scanner = TSQLScanner()
        return scanner.process(text, keepCode: true)
    }

    private mutating func process<S: StringProtocol>(_ text: S, keepCode: Bool) -> String {
        var out = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch mode {
            case .code:
                if c == "-" && next == "-" {
                    mode = .lineComment
                    i += 2
                    out += " "
                    continue
                }
                if c == "/" && next == "*" {
                    mode = .blockComment(depth: 1)
                    i += 2
                    out += " "
                    continue
                }
                if c == "'" {
                    mode = .string
                    out += "''"
                    i += 1
                    continue
                }
                if c == "[" { mode = .bracket }
                if keepCode { out.append(c) }
            case .lineComment:
                if c == "\n" {
                    mode = .code
                    if keepCode { out.append(c) }
                }
            case .blockComment(let depth):
                if c == "*" && next == "/" {
                    mode = depth == 1 ? .code : .blockComment(depth: depth - 1)
                    i += 2
                    continue
                }
                if c == "/" && next == "*" {
                    mode = .blockComment(depth: depth + 1)
                    i += 2
                    continue
                }
            case .string:
                if c == "'" {
                    if next == "'" {
                        i += 2
                        continue
                    }
                    mode = .code
                }
            case .bracket:
                if keepCode { out.append(c) }
                if c == "]" {
                    if next == "]" {
                        i += 2
                        continue
                    }
                    mode = .code
                }
            }
            i += 1
        }
        return out
    }
}
