import ArgumentParser
import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import Hummingbird
import Logging

/// `askbook serve`: the GitBook-compatible HTTP API over the database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the GitBook-compatible HTTP API.")

    @Option(name: .long, help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .long, help: "Base of urls.app and urls.location (default: $ASKBOOK_PUBLIC_URL, else http://HOST:PORT).")
    var publicURL: String?

    @Option(name: .long, help: "Requests per token per minute before 429.")
    var rateLimit = 6000

    @Option(name: .long, help: "Days a deleted space is kept before it is purged.")
    var retentionDays = 7.0

    @Option(name: .long, help: "OpenBLAS threads per BLAS call (1 lets concurrent requests use the cores).")
    var blasThreads = 1

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard blasThreads >= 1 else { throw ValidationError("--blas-threads must be at least 1.") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535.") }
        guard rateLimit > 0 else { throw ValidationError("--rate-limit must be positive.") }
        guard retentionDays >= 0 else { throw ValidationError("--retention-days must not be negative.") }
    }

    func run() async throws {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.publicURL = publicURL ?? ProcessInfo.processInfo.environment["ASKBOOK_PUBLIC_URL"]
        configuration.rateLimit = rateLimit
        configuration.blasThreads = blasThreads
        configuration.retention = .seconds(Int64(retentionDays * 86_400))
        var logger = Logger(label: "askbook", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = storeOptions.verbose ? .debug : .info
        let store = try storeOptions.openStore(create: true)
        let app = await buildApplication(configuration: configuration, store: store, logger: logger)
        try await app.runService()
    }
}
