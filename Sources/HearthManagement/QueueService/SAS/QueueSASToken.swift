import Foundation

/// The shared access signature parameters of a request's query, parsed but not yet verified: an
/// account SAS (it has `ss` and `srt`) or a queue (service) SAS.
///
/// The raw texts are kept as sent, since the string to sign holds them unchanged.
struct QueueSASToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case account
        case queue
    }

    var kind: Kind
    /// `sv`: the version whose string to sign the producer used.
    var version: String
    /// `sp`: the permission letters.
    var permissions: String
    /// `st`, when given.
    var start: String?
    /// `se`.
    var expiry: String
    /// `sip`, when given.
    var ip: String?
    /// `spr`, when given (`https` or `https,http`).
    var protocols: String?
    /// `ss` (account SAS only).
    var services: String?
    /// `srt` (account SAS only).
    var resourceTypes: String?
    /// `si` (queue SAS only).
    var identifier: String?
    /// `ses` (account SAS, 2020-12-06 and later).
    var encryptionScope: String?
    /// `sig`, base64.
    var signature: String

    /// `st` as a time, when given.
    var startDate: Date?
    /// `se` as a time.
    var expiryDate: Date
    /// `sip` as a range, when given.
    var ipRange: QueueIPRange?
    /// Whether `spr=https` limits the SAS to HTTPS.
    var httpsOnly: Bool

    /// The oldest version with an account SAS.
    static let firstAccountVersion = "2015-04-05"
    /// The oldest version of a queue SAS with `sv` (earlier ones have no string to sign Hearth knows).
    static let firstQueueVersion = "2012-02-12"

    /// The SAS in `parameters` (names lower-cased, values decoded), or `nil` when there is no `sig`.
    static func parse(_ parameters: [(name: String, value: String)]) throws(QueueSASFailure) -> QueueSASToken? {
        var values: [String: String] = [:]
        for (name, value) in parameters where values[name] == nil { values[name] = value }
        guard let signature = values["sig"] else { return nil }
        func required(_ name: String) throws(QueueSASFailure) -> String {
            guard let value = values[name], !value.isEmpty else { throw .missingParameter(name) }
            return value
        }
        let isAccount = values["ss"] != nil || values["srt"] != nil
        let version = try required("sv")
        guard isVersion(version) else { throw .malformedParameter("sv") }
        guard version >= (isAccount ? firstAccountVersion : firstQueueVersion) else { throw .unsupportedVersion(version) }
        if !isAccount, values["si"] != nil { throw .storedPolicyNotFound }
        let permissions = try required("sp")
        let expiry = try required("se")
        guard let expiryDate = QueueSASTime.parse(expiry) else { throw .malformedParameter("se") }
        var startDate: Date?
        if let start = values["st"], !start.isEmpty {
            guard let date = QueueSASTime.parse(start) else { throw .malformedParameter("st") }
            startDate = date
        }
        var ipRange: QueueIPRange?
        if let ip = values["sip"], !ip.isEmpty {
            guard let range = QueueIPRange(ip) else { throw .malformedParameter("sip") }
            ipRange = range
        }
        var httpsOnly = false
        if let protocols = values["spr"], !protocols.isEmpty {
            switch protocols {
            case "https": httpsOnly = true
            case "https,http", "http,https": httpsOnly = false
            default: throw .malformedParameter("spr")
            }
        }
        let services = isAccount ? values["ss"] ?? "" : nil
        let resourceTypes = isAccount ? values["srt"] ?? "" : nil
        if services?.isEmpty == true { throw .missingParameter("ss") }
        if resourceTypes?.isEmpty == true { throw .missingParameter("srt") }
        return QueueSASToken(
            kind: isAccount ? .account : .queue,
            version: version,
            permissions: permissions,
            start: values["st"],
            expiry: expiry,
            ip: values["sip"],
            protocols: values["spr"],
            services: services,
            resourceTypes: resourceTypes,
            identifier: values["si"],
            encryptionScope: values["ses"],
            signature: signature,
            startDate: startDate,
            expiryDate: expiryDate,
            ipRange: ipRange,
            httpsOnly: httpsOnly
        )
    }

    /// Whether `text` has the `YYYY-MM-DD` form of a service version.
    static func isVersion(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { index, byte in index == 4 || index == 7 || (48...57).contains(byte) }
    }
}
