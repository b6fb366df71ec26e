extension RouteTemplate {
    /// ``match(_:)-(Substring)`` for an all-ASCII path, on its bytes: the same segments, values and
    /// outcome as ``matchByCharacter(_:)`` without splitting the path into an array of Strings or
    /// lower-casing copies of it.
    ///
    /// In ASCII text every byte is a Character apart from CR LF, which holds no `/`, so splitting at
    /// `/` bytes gives the Character rule's segments; an ASCII segment equals an ASCII literal in any
    /// case exactly when their bytes do with ASCII letters made small. A segment holding `%`, or a
    /// literal that is not ASCII, is compared by the general rule (decoded, then `equalsIgnoringCase`).
    func matchASCII(_ path: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        let slash = UInt8(ascii: "/")
        let percent = UInt8(ascii: "%")
        var start = path.startIndex
        var end = path.endIndex
        while start < end, path[start] == slash { start += 1 }
        while end > start, path[end - 1] == slash { end -= 1 }
        // The next segment starts at `cursor` while `more`; an empty trimmed path has no segment.
        var cursor = start
        var more = start < end
        var values: [String: String] = [:]

        /// The next segment's bytes; `nil` once every segment was taken.
        func nextPart() -> Range<Int>? {
            guard more else { return nil }
            var stop = cursor
            while stop < end, path[stop] != slash { stop += 1 }
            defer {
                if stop == end { more = false } else { cursor = stop + 1 }
            }
            return cursor..<stop
        }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: path[range]), as: UTF8.self) }
        func hasPercent(_ range: Range<Int>) -> Bool { path[range].contains(percent) }

        for (i, segment) in segments.enumerated() {
            switch segment {
            case .literal(let literal):
                guard let part = nextPart() else { return nil }
                if let lowered = asciiLiterals[i], !hasPercent(part) {
                    guard part.count == lowered.count,
                        zip(path[part], lowered).allSatisfy({ asciiLowercased($0) == $1 })
                    else { return nil }
                } else {
                    guard text(part).removingPercentEncodingIfValid().equalsIgnoringCase(literal) else { return nil }
                }
            case .parameter(let parameter) where parameter.isCatchAll:
                var rest = ""
                if more {
                    let range = cursor..<end
                    more = false
                    if hasPercent(range) {
                        rest = path[range].split(separator: slash, omittingEmptySubsequences: false)
                            .map { String(decoding: $0, as: UTF8.self).removingPercentEncodingIfValid() }
                            .joined(separator: "/")
                    } else {
                        rest = text(range)
                    }
                }
                return Self.bindCatchAll(parameter, rest: rest, into: &values) ? values : nil
            case .parameter(let parameter):
                guard let part = nextPart() else {
                    if let value = parameter.defaultValue {
                        values[parameter.name] = value
                        continue
                    }
                    if parameter.isOptional { continue }
                    return nil
                }
                let value = hasPercent(part) ? text(part).removingPercentEncodingIfValid() : text(part)
                guard !value.isEmpty, parameter.constraints.allSatisfy({ $0.accepts(value) }) else { return nil }
                values[parameter.name] = value
            }
        }
        return more ? nil : values
    }
}
