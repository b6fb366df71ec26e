import Foundation
import HearthCore

/// The XML bodies of the queue service's REST API, as Azure writes and reads them. No I/O.
enum QueueServiceXML {
    static let declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"

    /// List Queues' `EnumerationResults` (with each queue's metadata when `includeMetadata`).
    static func queueList(
        serviceEndpoint: String,
        prefix: String?,
        marker: String?,
        maxResults: Int?,
        queues: [QueueRecord],
        includeMetadata: Bool,
        nextMarker: String?
    ) -> String {
        var xml = declaration + "<EnumerationResults ServiceEndpoint=\"\(escape(serviceEndpoint))\">"
        if let prefix { xml += "<Prefix>\(escape(prefix))</Prefix>" }
        if let marker { xml += "<Marker>\(escape(marker))</Marker>" }
        if let maxResults { xml += "<MaxResults>\(maxResults)</MaxResults>" }
        xml += "<Queues>"
        for queue in queues {
            xml += "<Queue><Name>\(escape(queue.name.rawValue))</Name>"
            if includeMetadata {
                xml += "<Metadata>"
                for (name, value) in queue.metadata.sorted(by: { $0.key < $1.key }) {
                    xml += "<\(name)>\(escape(value))</\(name)>"
                }
                xml += "</Metadata>"
            }
            xml += "</Queue>"
        }
        xml += "</Queues>"
        xml += nextMarker.map { "<NextMarker>\(escape($0))</NextMarker>" } ?? "<NextMarker />"
        return xml + "</EnumerationResults>"
    }

    /// Put Message's answer: the message's id, times and pop receipt.
    static func putMessageResult(_ message: QueueMessage) -> String {
        var xml = declaration + "<QueueMessagesList><QueueMessage>"
        xml += "<MessageId>\(messageID(message.id))</MessageId>"
        xml += "<InsertionTime>\(QueueHTTPDate.format(message.insertedAt))</InsertionTime>"
        xml += "<ExpirationTime>\(QueueHTTPDate.format(message.expiresAt))</ExpirationTime>"
        xml += "<PopReceipt>\(escape(message.popReceipt ?? ""))</PopReceipt>"
        xml += "<TimeNextVisible>\(QueueHTTPDate.format(message.nextVisibleAt))</TimeNextVisible>"
        return xml + "</QueueMessage></QueueMessagesList>"
    }

    /// Get Messages' answer (with pop receipts and next-visible times) or, when `peeked`, Peek
    /// Messages' (without them).
    static func messageList(_ messages: [QueueMessage], peeked: Bool) -> String {
        var xml = declaration + "<QueueMessagesList>"
        for message in messages {
            xml += "<QueueMessage><MessageId>\(messageID(message.id))</MessageId>"
            xml += "<InsertionTime>\(QueueHTTPDate.format(message.insertedAt))</InsertionTime>"
            xml += "<ExpirationTime>\(QueueHTTPDate.format(message.expiresAt))</ExpirationTime>"
            if !peeked {
                xml += "<PopReceipt>\(escape(message.popReceipt ?? ""))</PopReceipt>"
                xml += "<TimeNextVisible>\(QueueHTTPDate.format(message.nextVisibleAt))</TimeNextVisible>"
            }
            xml += "<DequeueCount>\(message.dequeueCount)</DequeueCount>"
            xml += "<MessageText>\(escape(message.text))</MessageText></QueueMessage>"
        }
        return xml + "</QueueMessagesList>"
    }

    /// Azure's error body: `<Error><Code>…</Code><Message>…</Message></Error>`.
    static func error(code: String, message: String, detail: String? = nil) -> String {
        var xml = declaration + "<Error><Code>\(escape(code))</Code><Message>\(escape(message))</Message>"
        if let detail { xml += "<AuthenticationErrorDetail>\(escape(detail))</AuthenticationErrorDetail>" }
        return xml + "</Error>"
    }

    /// A message id as Azure shows it (a lower-case GUID).
    static func messageID(_ id: UUID) -> String { id.uuidString.lowercased() }

    /// The text of `<QueueMessage><MessageText>…</MessageText></QueueMessage>` (Put Message's and
    /// Update Message's body), entities decoded; `nil` when the body has no `MessageText` element.
    static func messageText(in body: Data) -> String? {
        let text = String(decoding: body, as: UTF8.self)
        guard text.contains("<QueueMessage") else { return nil }
        if text.contains("<MessageText/>") || text.contains("<MessageText />") { return "" }
        guard let open = text.range(of: "<MessageText>"),
            let close = text.range(of: "</MessageText>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return unescape(String(text[open.upperBound..<close.lowerBound]))
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` as entities.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `text` with the five named entities, numeric character references and CDATA sections decoded.
    static func unescape(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(where: { $0 == "&" || $0 == "<" }) {
            result += rest[..<amp]
            rest = rest[amp...]
            if rest.hasPrefix("<![CDATA["), let end = rest.range(of: "]]>") {
                result += rest[rest.index(rest.startIndex, offsetBy: 9)..<end.lowerBound]
                rest = rest[end.upperBound...]
                continue
            }
            guard rest.first == "&", let semicolon = rest.firstIndex(of: ";") else {
                result.append(rest.removeFirst())
                continue
            }
            let entity = rest[rest.index(after: rest.startIndex)..<semicolon]
            if let decoded = decodeEntity(entity) {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result.append(rest.removeFirst())
            }
        }
        return result + rest
    }

    private static func decodeEntity(_ entity: Substring) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            let value: UInt32?
            if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                value = UInt32(entity.dropFirst(2), radix: 16)
            } else if entity.hasPrefix("#") {
                value = UInt32(entity.dropFirst(), radix: 10)
            } else {
                value = nil
            }
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }
}
