import Foundation
import HearthCore

/// host.json's `messageEncoding` applied to a message: what a function receives from a message's
/// text, and the text its output becomes.
enum QueueMessageCodec {
    /// The content a queue-triggered function receives for a message whose text is `text`.
    /// - Throws: ``QueueBindingError`` when the encoding is base64 and the text is not base64
    ///   (the message fails, as on Azure, and moves toward its poison queue).
    static func decode(_ text: Data, encoding: QueuesConfiguration.MessageEncoding) throws(QueueBindingError) -> Data {
        switch encoding {
        case .none:
            return text
        case .base64:
            guard let content = Data(base64Encoded: text) else {
                throw QueueBindingError(
                    "the message is not valid base64, which host.json's messageEncoding (base64, the default) requires; "
                        + "put base64 text, or set extensions.queues.messageEncoding to \"none\""
                )
            }
            return content
        }
    }

    /// The text stored for an output message with `content`.
    static func encode(_ content: Data, encoding: QueuesConfiguration.MessageEncoding) -> Data {
        switch encoding {
        case .none: content
        case .base64: Data(content.base64EncodedString().utf8)
        }
    }
}
