import Foundation
import HearthStore
import Logging

@testable import HearthWorker

/// A fresh SQLite store in a temporary folder and an app catalog on it (direct processes, no
/// Python pool), as a lone worker has it. ``remove()`` deletes the folder.
struct CatalogFixture {
    let root: URL
    let store: SQLiteStore
    let catalog: AppCatalog

    init(_ label: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )
        let logger = Logger(label: label)
        catalog = AppCatalog(
            store: store,
            configuration: WorkerConfiguration(dataDirectory: root.appendingPathComponent("worker")),
            launcher: DirectProcessLauncher(),
            rpcServer: FunctionRpcServer(maxMessageBytes: 1 << 20, logger: logger),
            pythonPool: nil,
            logger: logger
        )
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
