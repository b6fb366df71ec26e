import Foundation
import HearthCore
import Testing

@testable import HearthManagement

/// Shared access signatures of the queue service, verified without I/O. The newest tokens were made
/// by Azure's own Python client (azure-storage-queue 12.18.1, `generate_account_sas` and
/// `generate_queue_sas`, service version 2026-10-06) for the key bytes 0…63 and the account
/// `hearthacct`; the older ones follow the string to sign of their version (2017-11-09, 2013-08-15).
@Suite struct QueueSASTests {
    static let keys = QueueAccountKeys(primary: Data(0..<64), secondary: Data(repeating: 7, count: 64))
    /// 15:00 UTC on the tokens' day: after their start (14:00), before their expiry (16:00).
    static let now = QueueSASTime.parse("2026-12-06T15:00:00Z")!
    static let http = QueueSAS.Transport(isHTTPS: false, clientAddress: "127.0.0.1")

    /// `generate_account_sas(…, ResourceTypes(service, container, object), "rwdlacup", start, expiry)`.
    static let accountSAS =
        "st=2026-12-06T14%3A00%3A00Z&se=2026-12-06T16%3A00%3A00Z&sp=rwdlacup&sv=2026-10-06&ss=q&srt=sco"
        + "&sig=U9X8GAJkcjotwFuXwo4C7O/Enfa3CwIfFlFjJs3QnEY%3D"
    /// `generate_queue_sas(…, "orders", "raup", start, expiry, ip="127.0.0.1", protocol="https,http")`.
    static let queueSAS =
        "st=2026-12-06T14%3A00%3A00Z&se=2026-12-06T16%3A00%3A00Z&sp=raup&sip=127.0.0.1&spr=https%2Chttp&sv=2026-10-06"
        + "&sig=kcjetetktjLgbPK1qxxMDtCGC3y/Y3jAtaE17/DF1Ok%3D"
    /// `generate_queue_sas(…, "orders", "a", expiry)`: add only.
    static let addOnlySAS = "se=2026-12-06T16%3A00%3A00Z&sp=a&sv=2026-10-06&sig=0iMUuFhQU2nmarVCssgUHoYYFylwlHwm7YrRsQ9HTkA%3D"
    /// An account SAS of version 2017-11-09 (no encryption scope line): `rlap`, containers and objects.
    static let account2017 = "sv=2017-11-09&ss=q&srt=co&sp=rlap&se=2026-12-06T16%3A00%3A00Z&sig=vAw1oGV8vA9BuBRtWK2gSM7GQTiXlghbH5CkNId7lZE%3D"
    /// A queue SAS of version 2013-08-15 (resource `/hearthacct/orders`, no `sip`/`spr` lines): `rp`.
    static let queue2013 = "sv=2013-08-15&sp=rp&se=2026-12-06T16%3A00%3A00Z&sig=YyZ8E%2B2xDYFP3%2BrnLJUkv7HTN3Oe%2Bj7S1GFbDg4Mii0%3D"
    /// A queue SAS of version 2019-02-02 limited to HTTPS: `rp`.
    static let httpsOnly = "sv=2019-02-02&sp=rp&spr=https&se=2026-12-06T16%3A00%3A00Z&sig=RjRVM5iu0yOKI0cmulgsKw%2BrhOl4m8jZkXAin7PPgmM%3D"
    /// An account SAS of version 2020-12-06 for the addresses 10.0.0.1-10.0.0.9.
    static let ipRangeSAS =
        "sv=2020-12-06&ss=q&srt=sco&sp=rwdlacup&se=2026-12-06T16%3A00%3A00Z&sip=10.0.0.1-10.0.0.9"
        + "&sig=1JV2%2FGIJyu0oNYTqDDQeLCR03JGOeTTPtho8Go1L3Q4%3D"

    /// Every operation, as (method, path, query).
    static let operations: [(String, String, String)] = [
        ("GET", "/hearthacct", "comp=list"),
        ("PUT", "/hearthacct/orders", ""),
        ("GET", "/hearthacct/orders", "comp=metadata"),
        ("PUT", "/hearthacct/orders", "comp=metadata"),
        ("POST", "/hearthacct/orders/messages", "messagettl=60"),
        ("GET", "/hearthacct/orders/messages", "numofmessages=2"),
        ("GET", "/hearthacct/orders/messages", "peekonly=true"),
        ("PUT", "/hearthacct/orders/messages/0e8a1c1b-8c1f-4f55-9a0d-1f7c2f6b2d1e", "popreceipt=AQ%3D%3D&visibilitytimeout=0"),
        ("DELETE", "/hearthacct/orders/messages/0e8a1c1b-8c1f-4f55-9a0d-1f7c2f6b2d1e", "popreceipt=AQ%3D%3D"),
        ("DELETE", "/hearthacct/orders/messages", ""),
        ("DELETE", "/hearthacct/orders", ""),
    ]

    /// The refusal of `sas` on a request, or `nil` when it is accepted.
    static func refusal(
        _ sas: String,
        _ method: String,
        _ path: String,
        _ query: String = "",
        now: Date = now,
        transport: QueueSAS.Transport = http
    ) -> QueueSASFailure? {
        let request = QueueSignedRequest(method: method, path: path, query: query.isEmpty ? sas : query + "&" + sas, headers: [])
        // The account is the URL's, as the middleware passes it.
        let account = path.split(separator: "/").first.map(String.init) ?? ""
        do {
            guard let token = try QueueSASToken.parse(request.queryParameters) else { return .missingParameter("sig") }
            try QueueSAS.verify(token, request: request, account: account, keys: keys, now: now, transport: transport)
            return nil
        } catch {
            return error
        }
    }

    @Test func theSDKsAccountSASIsAcceptedForEveryOperation() throws {
        for (method, path, query) in Self.operations {
            #expect(Self.refusal(Self.accountSAS, method, path, query) == nil, "\(method) \(path)?\(query)")
        }
    }

    @Test func theAccountStringToSignIsTheSDKs() throws {
        let token = try #require(
            try QueueSASToken.parse(QueueSignedRequest(method: "GET", path: "/", query: Self.accountSAS, headers: []).queryParameters)
        )
        #expect(token.kind == .account)
        #expect(
            token.stringToSign(account: "hearthacct", queue: nil)
                == "hearthacct\nrwdlacup\nq\nsco\n2026-12-06T14:00:00Z\n2026-12-06T16:00:00Z\n\n\n2026-10-06\n\n"
        )
        let queue = try #require(
            try QueueSASToken.parse(QueueSignedRequest(method: "GET", path: "/", query: Self.queueSAS, headers: []).queryParameters)
        )
        #expect(
            queue.stringToSign(account: "hearthacct", queue: "orders")
                == "raup\n2026-12-06T14:00:00Z\n2026-12-06T16:00:00Z\n/queue/hearthacct/orders\n\n127.0.0.1\nhttps,http\n2026-10-06"
        )
    }

    @Test func theSDKsQueueSASCoversItsMessageOperationsOnItsQueueOnly() {
        let messages = Self.operations.filter { $0.1.hasPrefix("/hearthacct/orders/messages") }
        for (method, path, query) in messages {
            #expect(Self.refusal(Self.queueSAS, method, path, query) == nil, "\(method) \(path)?\(query)")
        }
        #expect(Self.refusal(Self.queueSAS, "GET", "/hearthacct/orders", "comp=metadata") == nil)
        #expect(Self.refusal(Self.queueSAS, "PUT", "/hearthacct/orders") == .permissionMismatch)
        #expect(Self.refusal(Self.queueSAS, "DELETE", "/hearthacct/orders") == .permissionMismatch)
        #expect(Self.refusal(Self.queueSAS, "PUT", "/hearthacct/orders", "comp=metadata") == .permissionMismatch)
        #expect(Self.refusal(Self.queueSAS, "GET", "/hearthacct", "comp=list") == .noQueueInPath)
        #expect(Self.refusal(Self.queueSAS, "POST", "/hearthacct/invoices/messages") == .signatureMismatch)
    }

    @Test func aSASLackingThePermissionIsAPermissionMismatch() {
        #expect(Self.refusal(Self.addOnlySAS, "POST", "/hearthacct/orders/messages") == nil)
        #expect(Self.refusal(Self.addOnlySAS, "GET", "/hearthacct/orders/messages", "peekonly=true") == .permissionMismatch)
        #expect(Self.refusal(Self.addOnlySAS, "GET", "/hearthacct/orders/messages") == .permissionMismatch)
        #expect(Self.refusal(Self.addOnlySAS, "DELETE", "/hearthacct/orders/messages") == .permissionMismatch)
        #expect(QueueSASFailure.permissionMismatch.code == "AuthorizationPermissionMismatch")
    }

    @Test func aTamperedSASIsASignatureMismatch() {
        let widened = Self.addOnlySAS.replacingOccurrences(of: "sp=a&", with: "sp=raup&")
        #expect(Self.refusal(widened, "GET", "/hearthacct/orders/messages") == .signatureMismatch)
        let later = Self.addOnlySAS.replacingOccurrences(of: "se=2026-12-06T16", with: "se=2027-12-06T16")
        #expect(Self.refusal(later, "POST", "/hearthacct/orders/messages") == .signatureMismatch)
        let otherSignature = Self.addOnlySAS.replacingOccurrences(of: "sig=0iM", with: "sig=1iM")
        #expect(Self.refusal(otherSignature, "POST", "/hearthacct/orders/messages") == .signatureMismatch)
        #expect(Self.refusal(Self.accountSAS, "GET", "/otheracct", "comp=list") == .signatureMismatch)
        #expect(QueueSASFailure.signatureMismatch.code == "AuthenticationFailed")
    }

    @Test func aSASIsValidOnlyBetweenItsStartAndExpiry() {
        let at = { QueueSASTime.parse($0)! }
        #expect(Self.refusal(Self.accountSAS, "GET", "/hearthacct", "comp=list", now: at("2026-12-06T16:00:00Z")) == .outsideTimeWindow)
        #expect(Self.refusal(Self.accountSAS, "GET", "/hearthacct", "comp=list", now: at("2026-12-07T09:00:00Z")) == .outsideTimeWindow)
        #expect(Self.refusal(Self.accountSAS, "GET", "/hearthacct", "comp=list", now: at("2026-12-06T13:00:00Z")) == .outsideTimeWindow)
        // A start up to 15 minutes ahead of the server's clock is clock skew, not yet-to-come.
        #expect(Self.refusal(Self.accountSAS, "GET", "/hearthacct", "comp=list", now: at("2026-12-06T13:50:00Z")) == nil)
        #expect(Self.refusal(Self.accountSAS, "GET", "/hearthacct", "comp=list", now: at("2026-12-06T15:59:59Z")) == nil)
    }

    @Test func olderVersionsSignTheirOwnStrings() {
        #expect(Self.refusal(Self.account2017, "GET", "/hearthacct/orders/messages", "peekonly=true") == nil)
        #expect(Self.refusal(Self.account2017, "GET", "/hearthacct", "comp=list") == .resourceTypeMismatch)
        #expect(Self.refusal(Self.account2017, "DELETE", "/hearthacct/orders") == .permissionMismatch)
        #expect(Self.refusal(Self.queue2013, "GET", "/hearthacct/orders/messages") == nil)
        #expect(Self.refusal(Self.queue2013, "POST", "/hearthacct/orders/messages") == .permissionMismatch)
    }

    @Test func anHTTPSOnlySASIsRefusedOverPlainHTTP() {
        #expect(Self.refusal(Self.httpsOnly, "GET", "/hearthacct/orders/messages") == .protocolMismatch)
        let tls = QueueSAS.Transport(isHTTPS: true, clientAddress: "127.0.0.1")
        #expect(Self.refusal(Self.httpsOnly, "GET", "/hearthacct/orders/messages", transport: tls) == nil)
        #expect(QueueSASFailure.protocolMismatch.code == "AuthorizationProtocolMismatch")
    }

    @Test func aSASWithAnAddressRangeIsRefusedFromOutsideIt() {
        func from(_ address: String?) -> QueueSAS.Transport { QueueSAS.Transport(isHTTPS: false, clientAddress: address) }
        #expect(Self.refusal(Self.ipRangeSAS, "GET", "/hearthacct", "comp=list", transport: from("10.0.0.5")) == nil)
        #expect(Self.refusal(Self.ipRangeSAS, "GET", "/hearthacct", "comp=list", transport: from("::ffff:10.0.0.9")) == nil)
        #expect(Self.refusal(Self.ipRangeSAS, "GET", "/hearthacct", "comp=list", transport: from("10.0.0.10")) == .sourceIPMismatch("10.0.0.10"))
        #expect(Self.refusal(Self.ipRangeSAS, "GET", "/hearthacct", "comp=list", transport: from(nil)) == .sourceIPMismatch("unknown"))
        #expect(Self.refusal(Self.queueSAS, "GET", "/hearthacct/orders/messages", transport: from("127.0.0.2")) == .sourceIPMismatch("127.0.0.2"))
    }

    @Test func anAccountSASForAnotherServiceIsAServiceMismatch() throws {
        var token = try #require(
            try QueueSASToken.parse(QueueSignedRequest(method: "GET", path: "/", query: Self.accountSAS, headers: []).queryParameters)
        )
        token.services = "b"
        token.signature = QueueSharedKey.signature(token.stringToSign(account: "hearthacct", queue: nil), key: Self.keys.secondary)
        let request = QueueSignedRequest(method: "GET", path: "/hearthacct", query: "comp=list", headers: [])
        #expect(throws: QueueSASFailure.serviceMismatch) {
            try QueueSAS.verify(token, request: request, account: "hearthacct", keys: Self.keys, now: Self.now, transport: Self.http)
        }
        token.services = "bq"
        token.signature = QueueSharedKey.signature(token.stringToSign(account: "hearthacct", queue: nil), key: Self.keys.secondary)
        try QueueSAS.verify(token, request: request, account: "hearthacct", keys: Self.keys, now: Self.now, transport: Self.http)
    }

    @Test func malformedOrUnsupportedTokensAreRefusedAsAuthenticationFailures() {
        func parse(_ query: String) -> QueueSASFailure? {
            do {
                _ = try QueueSASToken.parse(QueueSignedRequest(method: "GET", path: "/", query: query, headers: []).queryParameters)
                return nil
            } catch {
                return error
            }
        }
        #expect(parse("comp=list") == nil)
        #expect(parse("sv=2026-10-06&sp=r&sig=x") == .missingParameter("se"))
        #expect(parse("sp=r&se=2026-12-06&sig=x") == .missingParameter("sv"))
        #expect(parse("sv=2026-10-06&ss=q&sp=r&se=2026-12-06&sig=x") == .missingParameter("srt"))
        #expect(parse("sv=2014-02-14&ss=q&srt=s&sp=l&se=2026-12-06&sig=x") == .unsupportedVersion("2014-02-14"))
        #expect(parse("sv=2011-08-18&sp=r&se=2026-12-06&sig=x") == .unsupportedVersion("2011-08-18"))
        #expect(parse("sv=2026-10-06&sp=r&se=2026-12-06&si=policy&sig=x") == .storedPolicyNotFound)
        #expect(parse("sv=2026-10-06&sp=r&se=tomorrow&sig=x") == .malformedParameter("se"))
        #expect(parse("sv=2026-10-06&sp=r&se=2026-12-06&sip=10.0.0.9-10.0.0.1&sig=x") == .malformedParameter("sip"))
        #expect(parse("sv=2026-10-06&sp=r&se=2026-12-06&spr=http&sig=x") == .malformedParameter("spr"))
        for failure: QueueSASFailure in [.missingParameter("se"), .unsupportedVersion("x"), .storedPolicyNotFound, .outsideTimeWindow] {
            #expect(failure.code == "AuthenticationFailed" && failure.detail != nil)
        }
    }
}
