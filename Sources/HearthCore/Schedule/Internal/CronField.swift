/// One of the six NCRONTAB fields: its range and names, and the parser for its text.
struct CronField: Sendable {
    let name: String
    let range: ClosedRange<Int>
    /// Lower-cased English names (three-letter and full) and their values.
    let names: [String: Int]
    /// Day of week: 7 is accepted and means 0 (Sunday).
    let sevenIsSunday: Bool
    let example: String

    static let all: [CronField] = [
        CronField(name: "second", range: 0...59, names: [:], sevenIsSunday: false, example: "0"),
        CronField(name: "minute", range: 0...59, names: [:], sevenIsSunday: false, example: "*/5"),
        CronField(name: "hour", range: 0...23, names: [:], sevenIsSunday: false, example: "9-17"),
        CronField(name: "day", range: 1...31, names: [:], sevenIsSunday: false, example: "1,15"),
        CronField(name: "month", range: 1...12, names: monthNames, sevenIsSunday: false, example: "JAN-MAR"),
        CronField(name: "day-of-week", range: 0...6, names: weekdayNames, sevenIsSunday: true, example: "MON-FRI"),
    ]

    private static let monthNames: [String: Int] = {
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        var names: [String: Int] = [:]
        for (i, name) in full.enumerated() {
            names[name] = i + 1
            names[String(name.prefix(3))] = i + 1
        }
        return names
    }()

    private static let weekdayNames: [String: Int] = {
        let full = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        var names: [String: Int] = [:]
        for (i, name) in full.enumerated() {
            names[name] = i
            names[String(name.prefix(3))] = i
        }
        return names
    }()

    /// The values the field text selects, as a bit set.
    func parse(_ text: String, expression: String) throws(HearthError) -> UInt64 {
        func fail(_ detail: String, fix: String) -> HearthError {
            HearthError(
                code: .invalidCron,
                message: "'\(expression)' is not a valid NCRONTAB expression: the \(name) field '\(text)' \(detail)",
                fix: fix
            )
        }
        let upper = sevenIsSunday ? 7 : range.upperBound
        let rangeText = "\(range.lowerBound)-\(upper)"
        if let special = text.first(where: { "?LW#".contains($0) }) {
            let fix =
                special == "?"
                ? "use '*' instead of '?'"
                : "NCRONTAB has no ? L W #; list the values explicitly, e.g. '\(example)'"
            throw fail("uses '\(special)', which NCRONTAB does not support", fix: fix)
        }
        var mask: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else {
                throw fail("has an empty list item", fix: "separate values with single commas, e.g. '1,15'")
            }
            var base = item
            var step = 1
            if let slash = item.firstIndex(of: "/") {
                base = item[..<slash]
                let stepText = item[item.index(after: slash)...]
                guard let n = Int(stepText), n > 0 else {
                    throw fail("has step '\(stepText)', which is not a positive number", fix: "write a step such as '*/5'")
                }
                step = n
            }
            let low: Int
            var high: Int
            if base == "*" {
                low = range.lowerBound
                high = range.upperBound
            } else if let dash = base.firstIndex(of: "-"), dash != base.startIndex {
                low = try value(base[..<dash], fail: fail, rangeText: rangeText)
                let highText = base[base.index(after: dash)...]
                high = try value(highText, fail: fail, rangeText: rangeText)
                // "SAT-SUN": a Sunday name at the end of a range means 7.
                if sevenIsSunday, high == 0, Int(highText) == nil { high = 7 }
                guard low <= high else {
                    throw fail("has range \(base) whose start is after its end", fix: "write ranges low-high, e.g. '\(example)'")
                }
            } else {
                low = try value(base, fail: fail, rangeText: rangeText)
                // "a/n" runs from a to the end of the field.
                high = step > 1 || item.contains("/") ? upper : low
            }
            if sevenIsSunday, base == "*" { high = range.upperBound }
            var v = low
            while v <= high {
                mask |= 1 << UInt64(sevenIsSunday && v == 7 ? 0 : v)
                v += step
            }
        }
        return mask
    }

    private func value(
        _ text: Substring,
        fail: (String, String) -> HearthError,
        rangeText: String
    ) throws(HearthError) -> Int {
        let upper = sevenIsSunday ? 7 : range.upperBound
        if let number = Int(text), text.allSatisfy(\.isASCII) {
            guard number >= range.lowerBound, number <= upper else {
                throw fail("has value \(number), outside \(rangeText)", "use values from \(rangeText)")
            }
            return number
        }
        if let named = names[text.lowercased()] { return named }
        if names.isEmpty {
            throw fail("has '\(text)', which is not a number", "use numbers from \(rangeText), '*', ',', '-' and '/'")
        }
        throw fail(
            "has '\(text)', which is neither a number nor a \(name == "month" ? "month" : "day") name",
            "use numbers from \(rangeText) or English names such as '\(example)'"
        )
    }
}
