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

    @Option(name: .long, help: "Requests per client address per minute with visitor keys (whatever the key) before 429.")
    var visitorRateLimit = 300

    @Option(name: .long, help: "The visitor key the page GET /ask uses when its URL names none (askbook tokens create --role visitor).")
    var askKey: String?

    @Option(name: .long, help: "The spaces the page GET /ask covers when its URL names none, comma-separated.")
    var askSpaces: String?

    @Option(name: .long, help: "Days a deleted space is kept before it is purged.")
    var retentionDays = 7.0

    @Option(name: .long, help: "OpenBLAS threads per BLAS call (1 lets concurrent requests use the cores).")
    var blasThreads = 1

    @Option(name: .long, help: "Seconds a client may take to send a request's head, and then its body, before it is disconnected.")
    var readTimeout = 60.0

    @Option(name: .long, help: "Seconds a connection may stay open without a request before it is closed.")
    var idleTimeout = 75.0

    @Option(name: .long, help: "Connections served at once; more wait in the listen backlog.")
    var maxConnections = 1024

    @Option(
        name: .customLong("public"),
        parsing: .upToNextOption,
        help: "Spaces whose llms.txt, llms-full.txt and page markdown are readable without a token."
    )
    var publicSpaces: [String] = []

    @Flag(name: .long, help: "Do not record searches and asks in the query log (answer ids and feedback still work).")
    var noInsights = false

    @Option(name: .long, help: "Days query-log entries, feedback and site events are kept before they are purged.")
    var insightsRetentionDays = 90.0

    @Flag(name: .long, help: "Record the caller's IP address with each query-log entry (off by default).")
    var insightsLogIP = false

    @Flag(name: .long, help: "Create the database if it does not exist (otherwise a missing database is an error).")
    var create = false

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard blasThreads >= 1 else { throw ValidationError("--blas-threads must be at least 1.") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535.") }
        guard rateLimit > 0 else { throw ValidationError("--rate-limit must be positive.") }
        guard visitorRateLimit > 0 else { throw ValidationError("--visitor-rate-limit must be positive.") }
        if let askKey {
            guard (1...200).contains(askKey.count), askKey.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw ValidationError("--ask-key must be a token secret (letters, digits, '_' and '-', up to 200).")
            }
        }
        for space in askSpaceList {
            guard (1...64).contains(space.count), space.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw ValidationError("--ask-spaces must be space ids (1–64 letters, digits, '-' or '_') separated by commas.")
            }
        }
        guard (0...36_500).contains(retentionDays) else { throw ValidationError("--retention-days must be 0…36500.") }
        guard (0...36_500).contains(insightsRetentionDays) else { throw ValidationError("--insights-retention-days must be 0…36500.") }
        guard (0.001...86_400).contains(readTimeout) else { throw ValidationError("--read-timeout must be 0.001…86400 seconds.") }
        guard (0.001...86_400).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be 0.001…86400 seconds.") }
        guard (1...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections must be 1…1000000.") }
        for id in publicSpaces {
            do throws(AskbookError) { try Importer.validateID(id, what: "space id") } catch { throw ValidationError("--public: \(error)") }
        }
    }

    func run() async throws {
        let configuration = serverConfiguration(environment: ProcessInfo.processInfo.environment)
        let logger = storeOptions.logger(level: .info, verboseLevel: .debug)
        let store = try storeOptions.openStore(create: create)
        let app = await buildApplication(configuration: configuration, store: store, logger: logger)
        try await app.runService()
    }

    /// `--ask-spaces` split at commas.
    var askSpaceList: [String] {
        (askSpaces ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The server configuration these options describe.
    func serverConfiguration(environment: [String: String]) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.publicURL = publicURL ?? environment["ASKBOOK_PUBLIC_URL"]
        configuration.rateLimit = rateLimit
        configuration.visitorAddressRateLimit = visitorRateLimit
        configuration.askKey = askKey
        configuration.askSpaces = askSpaceList
        configuration.blasThreads = blasThreads
        configuration.retention = .seconds(Int64(retentionDays * 86_400))
        configuration.readTimeout = .milliseconds(Int64(readTimeout * 1000))
        configuration.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        configuration.maxConnections = maxConnections
        configuration.publicSpaces = Set(publicSpaces)
        configuration.insightsEnabled = !noInsights
        configuration.insightsRetention = .seconds(Int64(insightsRetentionDays * 86_400))
        configuration.insightsRecordsClientAddress = insightsLogIP
        if let secret = environment["ASKBOOK_CURSOR_KEY"], !secret.isEmpty { configuration.useCursorSecret(secret) }
        return configuration
    }
}
