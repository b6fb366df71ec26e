import Foundation
import HearthCore
import Testing

@testable import HearthManagement

/// Shared Key verification of the queue service endpoint, against signatures made by Azure's own
/// Python client (azure-storage-queue 12.18.1, `SharedKeyCredentialPolicy.on_request`) for the
/// key bytes 0…63 and account `hearthacct`, so the canonicalization matches what SDKs send.
@Suite struct QueueSharedKeyTests {
    static let keys = QueueAccountKeys(primary: Data(0..<64), secondary: Data(repeating: 7, count: 64))
    static let date = "Sun, 06 Dec 2026 14:16:36 GMT"
    static let now = QueueHTTPDate.parse(date)!

    static let putMessage = QueueSignedRequest(
        method: "POST",
        path: "/hearthacct/orders/messages",
        query: "visibilitytimeout=5&messagettl=3600",
        headers: [
            ("x-ms-date", date), ("x-ms-version", "2021-02-12"), ("x-ms-client-request-id", "3b9f0b6e-7c1e-11ef-9a4f-0242ac120002"),
            ("Content-Type", "application/xml"), ("Content-Length", "82"),
            ("Authorization", "SharedKey hearthacct:H0b06cx3IxpdgMC8YohUS112KUa5jJKV8oEBpGtQ0do="),
        ]
    )

    @Test func aPutMessageSignedByTheAzureSDKIsAccepted() throws {
        try QueueSharedKey.verify(Self.putMessage, account: "hearthacct", keys: Self.keys, now: Self.now)
    }

    @Test func theStringToSignIsAzures() {
        let text = QueueSharedKey.stringToSign(Self.putMessage, account: "hearthacct", resourcePath: "/hearthacct/orders/messages")
        let expected =
            "POST\n\n\n82\n\napplication/xml\n\n\n\n\n\n\n"
            + "x-ms-client-request-id:3b9f0b6e-7c1e-11ef-9a4f-0242ac120002\nx-ms-date:\(Self.date)\nx-ms-version:2021-02-12\n"
            + "/hearthacct/hearthacct/orders/messages\nmessagettl:3600\nvisibilitytimeout:5"
        #expect(text == expected)
    }

    @Test func listQueuesAndADeleteWithAnEncodedPopReceiptAndZeroLengthAreAccepted() throws {
        let list = QueueSignedRequest(
            method: "GET",
            path: "/hearthacct",
            query: "comp=list&prefix=ord&include=metadata",
            headers: [
                ("x-ms-date", Self.date), ("x-ms-version", "2021-02-12"),
                ("Authorization", "SharedKey hearthacct:lCeNcM+2hcdroORFxoRWIB3+HmApCabzfzT5u+xZGX4="),
            ]
        )
        try QueueSharedKey.verify(list, account: "hearthacct", keys: Self.keys, now: Self.now)
        let delete = QueueSignedRequest(
            method: "DELETE",
            path: "/hearthacct/orders/messages/0e8a1c1b-8c1f-4f55-9a0d-1f7c2f6b2d1e",
            query: "popreceipt=AgAAAAMAAAAAAAAA%2Bq%2F%3D",
            headers: [
                ("x-ms-date", Self.date), ("x-ms-version", "2021-02-12"), ("Content-Length", "0"),
                ("Authorization", "SharedKey hearthacct:wmuE4P4NF+A7i83y703CDSAo/UBwIbt+GkqIEQ0VHOI="),
            ]
        )
        try QueueSharedKey.verify(delete, account: "hearthacct", keys: Self.keys, now: Self.now)
    }

    @Test func theSecondaryKeyAndTheResourceWithoutTheRepeatedAccountWork() throws {
        var request = Self.putMessage
        request.headers.removeLast()
        let text = QueueSharedKey.stringToSign(request, account: "hearthacct", resourcePath: "/orders/messages")
        request.headers.append(("Authorization", "SharedKey hearthacct:" + QueueSharedKey.signature(text, key: Self.keys.secondary)))
        try QueueSharedKey.verify(request, account: "hearthacct", keys: Self.keys, now: Self.now)
    }

    @Test func aChangedRequestAWrongKeyOrAnotherAccountIsRefused() {
        var changed = Self.putMessage
        changed.query = "visibilitytimeout=6&messagettl=3600"
        #expect(throws: QueueSharedKey.Failure.signatureMismatch) {
            try QueueSharedKey.verify(changed, account: "hearthacct", keys: Self.keys, now: Self.now)
        }
        let otherKeys = QueueAccountKeys(primary: Data(repeating: 1, count: 64), secondary: Data(repeating: 2, count: 64))
        #expect(throws: QueueSharedKey.Failure.signatureMismatch) {
            try QueueSharedKey.verify(Self.putMessage, account: "hearthacct", keys: otherKeys, now: Self.now)
        }
        #expect(throws: QueueSharedKey.Failure.wrongAccount) {
            try QueueSharedKey.verify(Self.putMessage, account: "otheracct", keys: Self.keys, now: Self.now)
        }
        var unsigned = Self.putMessage
        unsigned.headers.removeLast()
        #expect(throws: QueueSharedKey.Failure.missingAuthorization) {
            try QueueSharedKey.verify(unsigned, account: "hearthacct", keys: Self.keys, now: Self.now)
        }
        unsigned.headers.append(("Authorization", "Bearer abc"))
        #expect(throws: QueueSharedKey.Failure.malformedAuthorization) {
            try QueueSharedKey.verify(unsigned, account: "hearthacct", keys: Self.keys, now: Self.now)
        }
    }

    @Test func aRequestMoreThanFifteenMinutesOffIsRefusedAndWithinIsAccepted() throws {
        for offset: TimeInterval in [-15 * 60, 15 * 60] {
            try QueueSharedKey.verify(Self.putMessage, account: "hearthacct", keys: Self.keys, now: Self.now + offset)
        }
        for offset: TimeInterval in [-15 * 60 - 1, 15 * 60 + 1] {
            #expect(throws: QueueSharedKey.Failure.dateOutOfRange) {
                try QueueSharedKey.verify(Self.putMessage, account: "hearthacct", keys: Self.keys, now: Self.now + offset)
            }
        }
        var undated = Self.putMessage
        undated.headers.removeFirst()
        #expect(throws: QueueSharedKey.Failure.missingDate) {
            try QueueSharedKey.verify(undated, account: "hearthacct", keys: Self.keys, now: Self.now)
        }
    }

    @Test func httpDatesRoundTrip() {
        #expect(QueueHTTPDate.format(Self.now) == Self.date)
        #expect(QueueHTTPDate.parse("not a date") == nil)
    }
}
