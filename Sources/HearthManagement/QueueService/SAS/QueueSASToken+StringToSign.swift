/// The string a shared access signature signs, in the form of its `sv`.
///
/// Account SAS (learn.microsoft.com/rest/api/storageservices/create-account-sas), one line each,
/// every line ending in `\n`: account name, `sp`, `ss`, `srt`, `st`, `se`, `sip`, `spr`, `sv`, and
/// from version 2020-12-06 on also `ses` (the encryption scope, empty for queues).
///
/// Queue SAS (learn.microsoft.com/rest/api/storageservices/create-service-sas), lines joined by
/// `\n` with no final newline: `sp`, `st`, `se`, the canonicalized resource, `si`, then from version
/// 2015-04-05 on `sip` and `spr`, then `sv`. The canonicalized resource is
/// `/queue/{account}/{queue}` from version 2015-02-21 on, `/{account}/{queue}` before. Absent
/// parameters are empty lines.
extension QueueSASToken {
    /// The version from which an account SAS signs the encryption scope.
    static let encryptionScopeVersion = "2020-12-06"
    /// The version from which a queue SAS signs `sip` and `spr`.
    static let ipAndProtocolVersion = "2015-04-05"
    /// The version from which a queue SAS's canonicalized resource names the service.
    static let serviceNameVersion = "2015-02-21"

    /// The string to sign for a request to `account` (and, for a queue SAS, to `queue`, lower case).
    func stringToSign(account: String, queue: String?) -> String {
        switch kind {
        case .account:
            var lines = [
                account, permissions, services ?? "", resourceTypes ?? "", start ?? "", expiry, ip ?? "", protocols ?? "", version,
            ]
            if version >= Self.encryptionScopeVersion { lines.append(encryptionScope ?? "") }
            return lines.map { $0 + "\n" }.joined()
        case .queue:
            let resource = version >= Self.serviceNameVersion ? "/queue/\(account)/\(queue ?? "")" : "/\(account)/\(queue ?? "")"
            var lines = [permissions, start ?? "", expiry, resource, identifier ?? ""]
            if version >= Self.ipAndProtocolVersion { lines += [ip ?? "", protocols ?? ""] }
            lines.append(version)
            return lines.joined(separator: "\n")
        }
    }
}
