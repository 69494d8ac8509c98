import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation
import Logging

/// Options shared by the commands that open the database.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (default: $ASKBOOK_DB, else askbook.sqlite).")
    var db: String?

    @Flag(name: .long, help: "Log progress to standard error.")
    var verbose = false

    /// The database path: `--db`, then `$ASKBOOK_DB`, then `askbook.sqlite`.
    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["ASKBOOK_DB"] ?? "askbook.sqlite"
    }

    /// A logger to standard error at `verboseLevel` with `--verbose`, else at `level`.
    func logger(level: Logger.Level = .warning, verboseLevel: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "askbook", factory: { label in StreamLogHandler.standardError(label: label) })
        logger.logLevel = verbose ? verboseLevel : level
        return logger
    }

    /// Opens the database; unless `create`, it must exist (a one-line error otherwise).
    func openStore(create: Bool = false) throws -> Store {
        try Store.open(path: databasePath, create: create)
    }

    /// Opens an existing database and loads its index snapshot, which must hold each of `spaces`.
    ///
    /// - Throws: a one-line error when the database is missing, holds no space or not one of `spaces`.
    func loadSnapshot(holding spaces: [String] = []) async throws -> IndexSnapshot {
        let store = try openStore()
        guard let snapshot = try await store.loadSnapshot(logger: logger()), snapshot.index.rowCount > 0 else {
            throw AskbookError.emptyIndex
        }
        for id in spaces where snapshot.segment(space: id) == nil { throw AskbookError.unknownSpace(id) }
        return snapshot
    }
}

/// Options naming the vectorizer model file.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of model files (default: $ASKBOOK_MODELS, else ./Models, else next to the executable).")
    var models: String?

    @Option(name: .long, help: "Model name: the file <models>/<name>.json.")
    var model = "hashed-v3"

    func load() throws -> VectorizerModel {
        let environment = ProcessInfo.processInfo.environment
        return try VectorizerModel.load(
            path: VectorizerModel.path(named: model, folder: models, environment: environment, executable: CommandLine.arguments[0])
        )
    }
}
