import Crypto
import Foundation
import HearthCore

/// Azure Storage's Shared Key authorization for the queue service (versions 2009-09-19 and
/// later): `Authorization: SharedKey {account}:{signature}`, the signature being the base64 of
/// HMAC-SHA256, keyed with the account key, over the string to sign:
///
/// ```
/// VERB \n Content-Encoding \n Content-Language \n Content-Length (empty when 0) \n Content-MD5 \n
/// Content-Type \n Date \n If-Modified-Since \n If-Match \n If-None-Match \n If-Unmodified-Since \n
/// Range \n CanonicalizedHeaders CanonicalizedResource
/// ```
///
/// CanonicalizedHeaders are the `x-ms-*` headers, names lower-cased and sorted, each
/// `name:value\n`. CanonicalizedResource is `/{account}{path}` followed by one
/// `\n{name}:{values}` line per query parameter, names lower-cased and sorted, values decoded
/// (several values of one name sorted and joined with commas). With path-style URLs
/// (`http://host:port/{account}/{queue}`) the path holds the account too, so SDKs sign
/// `/{account}/{account}/{queue}`; the form without the repeated account is accepted as well.
///
/// The request's time (`x-ms-date`, else `Date`) must be within 15 minutes of the server's.
enum QueueSharedKey {
    /// How far a request's time may be from the server's.
    static let allowedSkew: TimeInterval = 15 * 60

    /// Why a request was refused (each is Azure's `AuthenticationFailed`, 403).
    enum Failure: Error, Equatable, Sendable {
        case missingAuthorization
        case malformedAuthorization
        case wrongAccount
        case missingDate
        case dateOutOfRange
        case signatureMismatch

        /// The detail Azure puts in `AuthenticationErrorDetail` (no secret in it).
        var detail: String {
            switch self {
            case .missingAuthorization: "the request has no Authorization header"
            case .malformedAuthorization: "the Authorization header is not 'SharedKey account:signature'"
            case .wrongAccount: "the Authorization header names another account than the URL"
            case .missingDate: "the request has neither an x-ms-date nor a Date header"
            case .dateOutOfRange: "the request's date is more than 15 minutes from the server's time"
            case .signatureMismatch: "the signature does not match the request signed with either account key"
            }
        }
    }

    /// The string to sign for `request` against the resource path `resourcePath` (the path the
    /// canonicalized resource names after `/{account}`).
    static func stringToSign(_ request: QueueSignedRequest, account: String, resourcePath: String) -> String {
        var contentLength = request.header("content-length") ?? ""
        if contentLength == "0" { contentLength = "" }
        let standard = [
            request.header("content-encoding"), request.header("content-language"), contentLength,
            request.header("content-md5"), request.header("content-type"), request.header("date"),
            request.header("if-modified-since"), request.header("if-match"), request.header("if-none-match"),
            request.header("if-unmodified-since"), request.header("range"),
        ]
        var text = request.method.uppercased() + "\n"
        for value in standard { text += (value ?? "") + "\n" }
        text += canonicalizedHeaders(request)
        text += canonicalizedResource(request, account: account, resourcePath: resourcePath)
        return text
    }

    /// The `x-ms-*` headers, lower-cased names sorted, `name:value\n` each.
    static func canonicalizedHeaders(_ request: QueueSignedRequest) -> String {
        var values: [String: [String]] = [:]
        for (name, value) in request.headers where name.lowercased().hasPrefix("x-ms-") {
            values[name.lowercased(), default: []].append(value.trimmingCharacters(in: .whitespaces))
        }
        return values.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map {
            "\($0):\(values[$0]!.joined(separator: ","))\n"
        }.joined()
    }

    /// `/{account}{resourcePath}` and the query's parameters.
    static func canonicalizedResource(_ request: QueueSignedRequest, account: String, resourcePath: String) -> String {
        var text = "/" + account + resourcePath
        var values: [String: [String]] = [:]
        for (name, value) in request.queryParameters { values[name, default: []].append(value) }
        for name in values.keys.sorted() {
            text += "\n\(name):\(values[name]!.sorted().joined(separator: ","))"
        }
        return text
    }

    /// The base64 HMAC-SHA256 of `stringToSign` keyed with `key`.
    static func signature(_ stringToSign: String, key: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: SymmetricKey(data: key))
        return Data(mac).base64EncodedString()
    }

    /// Checks `request`, sent to `account` (the URL's first path segment), against the account's
    /// keys at server time `now`.
    ///
    /// Both resource forms (`/{account}{path}` and, for path-style URLs, the path without its
    /// account segment) and both keys are tried; each comparison takes constant time.
    static func verify(_ request: QueueSignedRequest, account: String, keys: QueueAccountKeys, now: Date) throws(Failure) {
        guard let authorization = request.header("authorization") else { throw .missingAuthorization }
        guard authorization.hasPrefix("SharedKey ") else { throw .malformedAuthorization }
        let credential = authorization.dropFirst("SharedKey ".count)
        guard let colon = credential.lastIndex(of: ":") else { throw .malformedAuthorization }
        guard credential[..<colon] == account else { throw .wrongAccount }
        let given = Array(credential[credential.index(after: colon)...].utf8)
        guard let dateText = request.header("x-ms-date") ?? request.header("date") else { throw .missingDate }
        guard let date = QueueHTTPDate.parse(dateText), abs(date.timeIntervalSince(now)) <= allowedSkew else {
            throw .dateOutOfRange
        }
        var matched = false
        for resourcePath in resourcePaths(request.path, account: account) {
            let text = stringToSign(request, account: account, resourcePath: resourcePath)
            for key in [keys.primary, keys.secondary] where ConstantTime.equal(Array(signature(text, key: key).utf8), given) {
                matched = true
            }
        }
        guard matched else { throw .signatureMismatch }
    }

    /// The path as sent, and without the leading `/{account}` segment of a path-style URL.
    static func resourcePaths(_ path: String, account: String) -> [String] {
        let prefix = "/" + account
        guard path == prefix || path.hasPrefix(prefix + "/") else { return [path] }
        let rest = String(path.dropFirst(prefix.count))
        return [path, rest.isEmpty ? "/" : rest]
    }
}
