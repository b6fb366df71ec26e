/// The `sip` of a shared access signature: one IPv4 address (`168.1.5.65`) or an inclusive range
/// (`168.1.5.60-168.1.5.70`), as Azure accepts them.
struct QueueIPRange: Equatable, Sendable {
    var lower: UInt32
    var upper: UInt32

    /// Parses `sip`; `nil` when it is not an address or a range of two ascending addresses.
    init?(_ text: String) {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 1 || ends.count == 2, let lower = Self.address(ends[0]),
            let upper = ends.count == 2 ? Self.address(ends[1]) : lower, lower <= upper
        else { return nil }
        self.lower = lower
        self.upper = upper
    }

    /// Whether the client address `text` (IPv4, or IPv4-mapped IPv6 `::ffff:a.b.c.d`) is in range;
    /// any other address is not.
    func contains(_ text: String) -> Bool {
        var address = Substring(text)
        if address.lowercased().hasPrefix("::ffff:") { address = address.dropFirst("::ffff:".count) }
        guard let value = Self.address(address) else { return false }
        return (lower...upper).contains(value)
    }

    /// A dotted-quad IPv4 address as a number, or `nil`.
    static func address(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard (1...3).contains(octet.count), octet.allSatisfy(\.isASCII), octet.allSatisfy(\.isNumber),
                let byte = UInt8(octet)
            else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
