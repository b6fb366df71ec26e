import Foundation
import HearthCore
import Testing

@testable import HearthManagement

/// The queue service's XML bodies, as Azure's REST API writes and reads them.
@Suite struct QueueServiceXMLTests {
    static let id = UUID(uuidString: "0E8A1C1B-8C1F-4F55-9A0D-1F7C2F6B2D1E")!
    static let inserted = Date(timeIntervalSince1970: 1_796_566_596)  // Sun, 06 Dec 2026 14:16:36 GMT

    static func message(dequeueCount: Int = 1, popReceipt: String? = "r1") -> QueueMessage {
        QueueMessage(
            id: id,
            queueID: UUID(),
            body: Data("a < b & \"c\"".utf8),
            insertedAt: inserted,
            expiresAt: QueueMessage.neverExpires,
            nextVisibleAt: inserted + 30,
            dequeueCount: dequeueCount,
            popReceipt: popReceipt
        )
    }

    @Test func putMessageAnswersWithIdTimesAndPopReceipt() {
        let xml = QueueServiceXML.putMessageResult(Self.message(dequeueCount: 0))
        #expect(
            xml == QueueServiceXML.declaration
                + "<QueueMessagesList><QueueMessage><MessageId>0e8a1c1b-8c1f-4f55-9a0d-1f7c2f6b2d1e</MessageId>"
                + "<InsertionTime>Sun, 06 Dec 2026 14:16:36 GMT</InsertionTime>"
                + "<ExpirationTime>Fri, 31 Dec 9999 23:59:59 GMT</ExpirationTime><PopReceipt>r1</PopReceipt>"
                + "<TimeNextVisible>Sun, 06 Dec 2026 14:17:06 GMT</TimeNextVisible></QueueMessage></QueueMessagesList>"
        )
    }

    @Test func getShowsReceiptsAndPeekDoesNot() {
        let got = QueueServiceXML.messageList([Self.message()], peeked: false)
        #expect(got.contains("<PopReceipt>r1</PopReceipt><TimeNextVisible>Sun, 06 Dec 2026 14:17:06 GMT</TimeNextVisible>"))
        #expect(got.contains("<DequeueCount>1</DequeueCount><MessageText>a &lt; b &amp; &quot;c&quot;</MessageText>"))
        let peeked = QueueServiceXML.messageList([Self.message(dequeueCount: 0, popReceipt: nil)], peeked: true)
        #expect(!peeked.contains("PopReceipt") && !peeked.contains("TimeNextVisible") && peeked.contains("<DequeueCount>0</DequeueCount>"))
        #expect(QueueServiceXML.messageList([], peeked: true) == QueueServiceXML.declaration + "<QueueMessagesList></QueueMessagesList>")
    }

    @Test func listQueuesWithMetadataAndANextMarker() throws {
        let queue = QueueRecord(accountID: UUID(), name: try QueueName("orders"), metadata: ["team": "a&b"])
        let xml = QueueServiceXML.queueList(
            serviceEndpoint: "http://127.0.0.1:10001/hearthacct/",
            prefix: "ord",
            marker: nil,
            maxResults: 1,
            queues: [queue],
            includeMetadata: true,
            nextMarker: "orders2"
        )
        #expect(
            xml == QueueServiceXML.declaration
                + "<EnumerationResults ServiceEndpoint=\"http://127.0.0.1:10001/hearthacct/\"><Prefix>ord</Prefix>"
                + "<MaxResults>1</MaxResults><Queues><Queue><Name>orders</Name><Metadata><team>a&amp;b</team></Metadata></Queue>"
                + "</Queues><NextMarker>orders2</NextMarker></EnumerationResults>"
        )
    }

    @Test func errorsAreAzuresErrorDocument() {
        #expect(
            QueueServiceXML.error(code: "AuthenticationFailed", message: "no <", detail: "why")
                == QueueServiceXML.declaration
                + "<Error><Code>AuthenticationFailed</Code><Message>no &lt;</Message>"
                + "<AuthenticationErrorDetail>why</AuthenticationErrorDetail></Error>"
        )
    }

    @Test func theMessageTextIsReadWithEntitiesAndCDATADecoded() {
        func text(_ body: String) -> String? { QueueServiceXML.messageText(in: Data(body.utf8)) }
        #expect(text("<?xml version='1.0' encoding='utf-8'?>\n<QueueMessage><MessageText>hi</MessageText></QueueMessage>") == "hi")
        #expect(text("<QueueMessage><MessageText>a &lt;b&gt; &amp; &#233;&#x1F600; &apos;&quot;</MessageText></QueueMessage>") == "a <b> & é😀 '\"")
        #expect(text("<QueueMessage><MessageText><![CDATA[x<y]]>z</MessageText></QueueMessage>") == "x<yz")
        #expect(text("<QueueMessage><MessageText /></QueueMessage>") == "")
        #expect(text("<QueueMessage></QueueMessage>") == nil)
        #expect(text("hello") == nil)
    }

    @Test func escapingRoundTrips() {
        let original = "<a href=\"x\">'&'</a>"
        #expect(QueueServiceXML.unescape(QueueServiceXML.escape(original)) == original)
    }
}
