import AskbookStore
import HTTPTypes
import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the authenticated token.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `BearerAuthMiddleware` for every `/v1` route that needs a token.
    public var token: TokenRecord?
    /// The client's IP address (the connection's peer; a proxy in front is the peer): per-address rate limits of
    /// visitor keys, and the query log when configured.
    public var clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies over 1 MiB are refused with 413.
    public var maxUploadSize: Int { 1 << 20 }
}
