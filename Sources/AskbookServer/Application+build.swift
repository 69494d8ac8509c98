import AskbookCore
import AskbookStore
@preconcurrency import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Builds the server: the router, the index holder loaded once, and the services that reload the index, purge
/// deleted spaces and old insights, and write the query log. The CLI's `serve` and the tests both call it.
///
/// Connections are limited to `configuration.maxConnections` (Hummingbird's `MaximumAvailableConnections`), closed
/// after `idleTimeout` without a request (Hummingbird's `idleTimeout`), and closed when a request's head or body takes
/// longer than `readTimeout` to arrive (`RequestReadTimeoutHandler`).
public func buildApplication(configuration: ServerConfiguration, store: Store, logger: Logger) async -> some ApplicationProtocol {
    if BLASThreads.set(configuration.blasThreads) {
        logger.info("OpenBLAS threads set", metadata: ["blas.threads": "\(configuration.blasThreads)"])
    }
    let holder = IndexHolder(store: store, logger: logger)
    await holder.refresh()
    let key: Data
    do {
        key = try await store.insightsKey()
    } catch {
        // Answer ids then hold until the server restarts; everything else works.
        logger.error("The key of answer ids cannot be read from the store; using one for this process only", metadata: ["error": "\(error)"])
        key = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }
    let log =
        configuration.insightsEnabled
        ? InsightsLog(capacity: configuration.insightsQueueCapacity, recordsClientAddress: configuration.insightsRecordsClientAddress) : nil
    let insights = Insights(key: key, log: log)
    let router = buildRouter(configuration: configuration, store: store, holder: holder, insights: insights)
    let readTimeout = TimeAmount(configuration.readTimeout)
    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestReadTimeoutHandler(timeout: readTimeout, logger: logger)],
                idleTimeout: TimeAmount(configuration.idleTimeout)
            )
        ),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "askbook",
            availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)
        ),
        logger: logger
    )
    app.addServices(
        SnapshotReloader(holder: holder, interval: configuration.reloadInterval),
        SpacePurger(
            store: store,
            retention: configuration.retention,
            insightsRetention: configuration.insightsRetention,
            interval: configuration.purgeInterval,
            logger: logger
        )
    )
    if let log {
        app.addServices(
            InsightsWriter(
                log: log,
                store: store,
                batchSize: max(1, configuration.insightsBatchSize),
                flushInterval: configuration.insightsFlushInterval,
                logger: logger
            )
        )
    }
    return app
}

/// The router: `GET /v1/` and `GET /health` without a token, and the web page and widget (`WebController`); every
/// other `/v1` route behind CORS for visitor keys' origins, bearer auth, the visitor-key check, the rate limit and the
/// JSON body check; CORS preflights answered by `PreflightMiddleware`; every error as GitBook's JSON error body; HEAD on every GET route; 405 with `Allow`
/// for a route's path with another method, from the router's own routes.
public func buildRouter(configuration: ServerConfiguration, store: Store, holder: IndexHolder, insights: Insights) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.addMiddleware {
        ErrorMiddleware<AppRequestContext>()
        LogRequestsMiddleware(.debug, redactHeaders: [.authorization])
        PreflightMiddleware(store: store)
    }
    InfoController().addRoutes(to: router)
    HealthController(holder: holder, insightsLog: insights.log).addRoutes(to: router)
    WebController(configuration: configuration).addRoutes(to: router)
    // One limiter for every route a token reaches, so each token has one allowance; visitor keys also count per
    // client address.
    let limits = RateLimitMiddleware(
        limiter: RateLimiter(limit: configuration.rateLimit, window: configuration.rateLimitWindow),
        addressLimiter: RateLimiter(limit: configuration.visitorAddressRateLimit, window: configuration.rateLimitWindow)
    )
    let v1 = router.group("v1")
        .add(middleware: VisitorCORSMiddleware(store: store))
        .add(middleware: BearerAuthMiddleware(store: store))
        .add(middleware: VisitorAccessMiddleware())
        .add(middleware: limits)
        .add(middleware: JSONBodyMiddleware<AppRequestContext>())
    let search = SearchController(holder: holder, baseURL: configuration.baseURL, cursorKey: configuration.cursorKey, insights: insights)
    search.addRoutes(to: v1)
    let ask = AskController(holder: holder, composer: configuration.composer, insights: insights)
    ask.addRoutes(to: v1)
    FeedbackController(store: store, answerIDs: insights.answerIDs).addRoutes(to: v1)
    SitesController(store: store, search: search, ask: ask).addRoutes(to: v1)
    QuestionsController(holder: holder).addRoutes(to: v1)
    InsightsController(store: store, holder: holder).addRoutes(to: v1)
    PageFeedbackController(store: store, baseURL: configuration.baseURL).addRoutes(to: v1)
    SiteEventsController(store: store).addRoutes(to: v1)
    SpacesController(store: store, holder: holder, baseURL: configuration.baseURL).addRoutes(to: v1)
    // LLM-ready text: a token as for search, or none for the spaces configured public.
    // Visitor keys are refused here (default deny in `VisitorAccessMiddleware`).
    let llms = router.group("v1")
        .add(middleware: BearerAuthMiddleware(store: store, optional: true))
        .add(middleware: VisitorAccessMiddleware())
        .add(middleware: limits)
    LLMTextController(store: store, baseURL: configuration.baseURL, publicSpaces: configuration.publicSpaces).addRoutes(to: llms)
    // The MCP server over Streamable HTTP, behind the same tokens and rate limit.
    let mcp = router.group("mcp")
        .add(middleware: BearerAuthMiddleware(store: store))
        .add(middleware: VisitorAccessMiddleware())
        .add(middleware: limits)
    MCPController(store: store, holder: holder, baseURL: configuration.baseURL, configuration: configuration).addRoutes(to: mcp)
    // Last: it wraps only the not-found responder, and reads every route added above.
    router.add(middleware: MethodNotAllowedMiddleware(routes: RouteTable(router, headForGet: true)))
    return router
}
