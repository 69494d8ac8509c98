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

    func logger() -> Logger {
        var logger = Logger(label: "askbook", factory: { label in StreamLogHandler.standardError(label: label) })
        logger.logLevel = verbose ? Logger.Level.info : Logger.Level.warning
        return logger
    }

    /// Opens the database; unless `create`, it must exist (a one-line error otherwise).
    func openStore(create: Bool = false) throws -> Store {
        try Store.open(path: databasePath, create: create)
    }

    /// Opens an existing database and loads its index snapshot.
    ///
    /// - Throws: a one-line error when the database is missing or holds no space.
    func loadSnapshot() async throws -> IndexSnapshot {
        let store = try openStore()
        guard let snapshot = try await store.loadSnapshot(logger: logger()), snapshot.index.rowCount > 0 else {
            throw AskbookError.emptyIndex
        }
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
        try VectorizerModel.load(path: modelFolder() + "/\(model).json")
    }

    private func modelFolder() -> String {
        if let models { return models }
        if let env = ProcessInfo.processInfo.environment["ASKBOOK_MODELS"] { return env }
        if FileManager.default.fileExists(atPath: "Models/\(model).json") { return "Models" }
        // .build/<configuration>/askbook → the package root's Models/.
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("Models")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("\(model).json").path) { return candidate.path }
            folder = folder.deletingLastPathComponent()
        }
        return "Models"
    }
}
