/// Collects validation issues so a loader can report every problem at once.
struct IssueCollector {
    private(set) var issues: [AppValidationIssue] = []
    /// The positions of each parsed file's values, so every issue at a JSON path also names its line.
    var positions: [String: JSONPositions] = [:]

    var errors: [AppValidationIssue] { issues.filter { $0.severity == .error } }
    var warnings: [AppValidationIssue] { issues.filter { $0.severity == .warning } }
    var hasErrors: Bool { issues.contains { $0.severity == .error } }

    mutating func error(_ file: String, _ jsonPath: String, _ problem: String, fix: String) {
        issues.append(
            AppValidationIssue(severity: .error, file: file, jsonPath: jsonPath, problem: problem, fix: fix, position: position(file, jsonPath))
        )
    }

    mutating func warning(_ file: String, _ jsonPath: String, _ problem: String, fix: String) {
        issues.append(
            AppValidationIssue(severity: .warning, file: file, jsonPath: jsonPath, problem: problem, fix: fix, position: position(file, jsonPath))
        )
    }

    private func position(_ file: String, _ jsonPath: String) -> JSONPosition? {
        positions[file]?.nearest(jsonPath: jsonPath)
    }

    mutating func append(contentsOf other: [AppValidationIssue]) {
        issues.append(contentsOf: other)
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
            position: JSONPosition(line: line, column: column)
        )
    }
}
