import Foundation
import HearthCore

/// How both backends seal a queue account's keys: each key bound to its account and slot, so a
/// key copied to another row or slot does not open.
enum QueueSealing {
    static func context(_ accountID: UUID, _ slot: QueueAccountKeys.Slot) -> String { "queue-key:\(accountID.uuidString):\(slot.rawValue)" }

    static func seal(_ keys: QueueAccountKeys, accountID: UUID, cipher: SecretCipher) throws -> (primary: Data, secondary: Data) {
        (
            try cipher.seal(keys.primary, context: context(accountID, .primary)),
            try cipher.seal(keys.secondary, context: context(accountID, .secondary))
        )
    }

    static func open(primary: Data, secondary: Data, accountID: UUID, cipher: SecretCipher) throws -> QueueAccountKeys {
        QueueAccountKeys(
            primary: try cipher.open(primary, context: context(accountID, .primary)),
            secondary: try cipher.open(secondary, context: context(accountID, .secondary))
        )
    }
}
