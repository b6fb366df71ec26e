/// Collects validation issues so a loader can report every problem at once.
struct IssueCollector {
    private(set) var issues: [AppValidationIssue] = []
    /// Where the values of each parsed file are, so an issue names its line.
    var positions: [String: JSONPositions] = [:]

    var errors: [AppValidationIssue] { issues.filter { $0.severity == .error } }
    var warnings: [AppValidationIssue] { issues.filter { $0.severity == .warning } }
    var hasErrors: Bool { issues.contains { $0.severity == .error } }

    mutating func error(_ file: String, _ jsonPath: String, _ problem: String, fix: String) {
        issues.append(AppValidationIssue(severity: .error, file: file, jsonPath: jsonPath, problem: problem, fix: fix, line: line(file, jsonPath)))
    }

    mutating func warning(_ file: String, _ jsonPath: String, _ problem: String, fix: String) {
        issues.append(AppValidationIssue(severity: .warning, file: file, jsonPath: jsonPath, problem: problem, fix: fix, line: line(file, jsonPath)))
    }

    /// The line of `jsonPath` (or its closest ancestor) in a parsed file.
    func line(_ file: String, _ jsonPath: String) -> Int? {
        positions[file]?.nearestPosition(atJSONPath: jsonPath)?.line
    }

    /// Appends `other`, giving each issue without a line the line of its path in a parsed file.
    mutating func append(contentsOf other: [AppValidationIssue]) {
        issues.append(contentsOf: other.map { issue in
            var issue = issue
            if issue.line == nil { issue.line = line(issue.file, issue.jsonPath) }
            return issue
        })
    }

    /// Records a ``HearthError`` (message and fix) at a JSON path.
    mutating func error(_ file: String, _ jsonPath: String, _ error: HearthError) {
        self.error(file, jsonPath, error.message, fix: error.fix ?? "correct the value")
    }
}

extension JSONSyntaxError {
    /// The syntax error as an issue on the whole file.
    var issue: AppValidationIssue {
        AppValidationIssue(
            severity: .error,
            file: file,
            jsonPath: "$",
            problem: "\(file) is not valid JSON: line \(line), column \(column): \(message)",
            fix: "\(fix) (line \(line), column \(column))",
            line: line
        )
    }
}
