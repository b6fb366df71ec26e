/// One line a process wrote.
public struct ProcessOutputLine: Sendable {
    public enum Stream: Sendable { case stdout, stderr }
    public var stream: Stream
    public var text: String

    public init(stream: Stream, text: String) {
        self.stream = stream
        self.text = text
    }
}
