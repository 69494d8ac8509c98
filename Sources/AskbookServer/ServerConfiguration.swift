import AskbookCore
@preconcurrency import Crypto
import Foundation

/// Everything the server needs to know, filled by the CLI from its options and the environment, and by tests directly.
public struct ServerConfiguration: Sendable {
    /// Interface to listen on.
    public var host: String = "127.0.0.1"
    /// Port to listen on; 0 picks a free one.
    public var port: Int = 8080
    /// Base of `urls.app` and `urls.location`; default `http://host:port`.
    public var publicURL: String?
    /// Spaces whose `llms.txt`, `llms-full.txt` and page markdown are readable without a token (`--public`).
    public var publicSpaces: Set<String> = []
    /// Requests one token may make per window; past it, 429.
    public var rateLimit: Int = 6000
    /// Requests one client address may make per window with visitor keys (whatever the key); past it, 429.
    public var visitorAddressRateLimit: Int = 300
    /// The visitor key `GET /ask` uses when its URL names none (`askbook serve --ask-key`).
    public var askKey: String?
    /// The spaces `GET /ask` covers when its URL names none (`askbook serve --ask-spaces`).
    public var askSpaces: [String] = []
    /// Length of a rate-limit window.
    public var rateLimitWindow: Duration = .seconds(60)
    /// How long a soft-deleted space is kept before it is purged.
    public var retention: Duration = .seconds(7 * 24 * 3600)
    /// How often soft-deleted spaces past retention are purged.
    public var purgeInterval: Duration = .seconds(3600)
    /// How often the server checks the store for new revisions (imports made by another process).
    public var reloadInterval: Duration = .milliseconds(500)
    /// OpenBLAS threads per BLAS call; 1 lets concurrent requests use the cores (see `BLASThreads`).
    public var blasThreads: Int = 1
    /// Answer composer thresholds.
    public var composer = ComposerConfiguration()
    /// Key of the HMAC-SHA256 that signs search `page` cursors, so clients cannot forge them.
    ///
    /// Defaults to a random key made once per process: cursors then stop working when the server restarts. Servers
    /// behind one load balancer need the same key.
    public var cursorKey: SymmetricKey = Self.processCursorKey
    /// How long a client may take to send a request head, and then its body (each counted from its start: the
    /// connection's opening or the request's first byte for the head, the end of the head for the body); past it the
    /// connection is closed. Like nginx's `client_header_timeout` and `client_body_timeout`, 60 s by default.
    public var readTimeout: Duration = .seconds(60)
    /// How long a connection may stay open with no request in progress and nothing received; nginx's
    /// `keepalive_timeout`, 75 s by default.
    public var idleTimeout: Duration = .seconds(75)
    /// The most connections served at once, 1,024 by default; further clients wait in the listen backlog until one
    /// closes. NIO accepts up to 4 connections per read of the listening socket, so up to 3 more may get in.
    public var maxConnections: Int = 1024
    /// Whether searches and asks are recorded in the query log (`--no-insights` turns it off). Answer ids and
    /// feedback work either way.
    public var insightsEnabled = true
    /// How long query-log entries, feedback and site events are kept (`--insights-retention-days`, 90 by default);
    /// purged with deleted spaces, every `purgeInterval`.
    public var insightsRetention: Duration = .seconds(90 * 24 * 3600)
    /// The most query-log entries waiting to be written; past it, entries are dropped and counted.
    public var insightsQueueCapacity = 10_000
    /// The most entries written in one transaction.
    public var insightsBatchSize = 256
    /// How long the writer gathers entries after the first one arrives before writing them in one transaction.
    public var insightsFlushInterval: Duration = .milliseconds(200)
    /// Whether the query log records the caller's IP address (off by default).
    public var insightsRecordsClientAddress = false

    /// Signs cursors with a key derived from `secret` (SHA-256 of its UTF-8), so that servers sharing the secret
    /// (`ASKBOOK_CURSOR_KEY`) accept each other's cursors and a restart keeps them valid.
    public mutating func useCursorSecret(_ secret: String) {
        cursorKey = SymmetricKey(data: SHA256.hash(data: Array(secret.utf8)))
    }

    /// The random cursor key of this process.
    static let processCursorKey = SymmetricKey(size: .bits256)

    public init() {}

    /// The public base URL without a trailing slash.
    public var baseURL: String {
        var url = publicURL ?? "http://\(host):\(port)"
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
