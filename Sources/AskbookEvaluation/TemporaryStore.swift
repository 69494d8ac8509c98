import AskbookStore
import Foundation

/// A store in a new SQLite file that exists only while a measurement runs: `askbook eval` imports a set into one, and
/// `askbook bench` one per import run.
///
/// ```swift
/// let temporary = try TemporaryStore(prefix: "askbook-eval-squad")
/// defer { temporary.remove() }
/// let importer = Importer(store: temporary.store, model: model, logger: logger)
/// ```
public struct TemporaryStore: Sendable {
    /// The opened store.
    public let store: Store
    /// The database file's path.
    public let path: String

    /// Opens a new database `<prefix>-<UUID>.sqlite` in `folder` (default: the system's temporary folder).
    ///
    /// - Throws: what `Store.open` throws when the file cannot be created.
    public init(prefix: String, in folder: URL = FileManager.default.temporaryDirectory) throws {
        path = folder.appendingPathComponent("\(prefix)-\(UUID().uuidString).sqlite").path
        store = try Store.open(path: path)
    }

    /// Deletes the database file and its write-ahead log and shared-memory files.
    public func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
