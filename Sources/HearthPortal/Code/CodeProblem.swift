import HearthCore
import HearthManagement

/// One reason a saved edit was not deployed: the file, the line when known, the problem and the fix.
struct CodeProblem: Sendable, Equatable {
    var file: String
    var line: Int?
    var problem: String
    var fix: String

    /// The problems of a failed deployment: each validation issue with its position, or the one
    /// message of a refused package. Any other error is rethrown (a 500 or the API's status).
    static func from(_ error: any Error) throws -> [CodeProblem] {
        if let validation = error as? AppValidationError {
            return validation.issues.filter { $0.severity == .error }.map {
                CodeProblem(file: $0.file, line: $0.position?.line, problem: $0.problem, fix: $0.fix)
            }
        }
        if let converted = ManagementError.converting(error), [.validationFailed, .invalidArchive, .zipBomb].contains(converted.code) {
            if converted.details.isEmpty {
                return [CodeProblem(file: "", line: nil, problem: converted.message, fix: "")]
            }
            return converted.details.map { CodeProblem(file: $0.file, line: nil, problem: $0.problem, fix: $0.fix) }
        }
        throw error
    }

    var model: [String: Any] {
        var model: [String: Any] = [
            "file": file,
            "line": line.map(String.init) ?? "",
            "location": line.map { "\(file):\($0)" } ?? file,
            "problem": problem,
        ]
        if !fix.isEmpty { model["fix"] = fix }
        return model
    }
}
