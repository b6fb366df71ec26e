/// One problem in an uploaded app, as the API reports it: the file, the JSON path, the problem and the fix.
public struct ErrorDetail: Sendable, Hashable, Codable {
    /// The file relative to the app root, e.g. `HttpHello/function.json`.
    public var file: String
    /// The JSON path inside the file, e.g. `$.bindings[0].schedule`.
    public var path: String
    /// What is wrong.
    public var problem: String
    /// What to do about it.
    public var fix: String
    /// Where ``path`` starts, as compilers write it (`HttpHello/function.json:3:7`: file, line,
    /// column), when known; omitted from the JSON otherwise.
    public var location: String?

    /// Creates a detail.
    /// - Parameters:
    ///   - file: The file relative to the app root.
    ///   - path: The JSON path inside it.
    ///   - problem: What is wrong.
    ///   - fix: What to do.
    ///   - location: `file:line:column` where the path starts, if known.
    public init(file: String, path: String, problem: String, fix: String, location: String? = nil) {
        self.file = file
        self.path = path
        self.problem = problem
        self.fix = fix
        self.location = location
    }
}
