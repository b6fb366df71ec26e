/// A process could not be started; the message names the program and the reason.
public struct SpawnError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
