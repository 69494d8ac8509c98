import AskbookCore
import Foundation
import GRDB
import GRDBSQLite
import Logging

/// Askbook's storage: SQLite through GRDB (GRDB's `AppDatabase` pattern). It runs migrations on open, exposes
/// intention-named async methods, and never leaks `Database`.
///
/// Use `Store.open(path:)` (a WAL `DatabasePool`, so readers never wait for an import) in production and
/// `Store.inMemory()` in tests.
public struct Store: Sendable {
    let writer: any DatabaseWriter

    /// A store over `writer`, migrated to the current schema.
    ///
    /// - Throws: a GRDB error when the migration fails.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Migrations.migrator.migrate(writer)
    }

    /// Opens (or, with `create`, creates) the database file at `path`.
    ///
    /// - Throws: `AskbookError.missingDatabase` when the file is missing and `create` is false.
    public static func open(path: String, create: Bool = true) throws -> Store {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw AskbookError.missingDatabase(path)
        }
        var configuration = Configuration()
        // 64 KiB pages for a new file (an existing one keeps its size): the vector BLOBs span a sixteenth of the pages,
        // so a snapshot load reads them in 64 KiB preads instead of 4 KiB ones. Runs before GRDB switches to WAL.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA page_size = 65536")
            // After a checkpoint the log shrinks back to this, however large one import made it.
            try db.execute(sql: "PRAGMA journal_size_limit = \(32 << 20)")
        }
        // A second writer (two imports at once) waits for the first instead of failing with "database is locked".
        configuration.busyMode = .timeout(Store.busyTimeout)
        return try Store(DatabasePool(path: path, configuration: configuration))
    }

    /// How long a writer waits for another process's write to finish, in seconds.
    public static let busyTimeout: TimeInterval = 60

    /// Copies the write-ahead log into the database and truncates it, waiting at most a quarter of a second for
    /// readers: a server loading a snapshot must not hold an import up. What readers still use is copied by a later
    /// checkpoint, and `journal_size_limit` shrinks the log when it restarts.
    ///
    /// - Throws: a GRDB error (`SQLITE_BUSY`) when readers kept it from finishing; it then did what it could, like a
    ///   passive checkpoint.
    public func checkpoint() async throws {
        try await writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA busy_timeout = 250")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(Store.busyTimeout * 1000))") }
            _ = try db.checkpoint(.truncate)
        }
    }

    /// SQLite's `PRAGMA integrity_check`: `["ok"]` for a sound database, else the problems it found.
    public func integrityCheck() async throws -> [String] {
        try await writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// A fresh in-memory store.
    public static func inMemory() throws -> Store {
        try Store(DatabaseQueue())
    }

    /// A new random 20-character id, like GitBook's.
    static func newID() -> String { randomString(length: 20) }

    /// Random letters and digits from the system's secure generator.
    static func randomString(length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
