import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client is too slow to send a request: its head must be complete within `timeout` of
/// its start, and then its body within `timeout` of the head. A head starts when the connection opens (the first
/// request) or with the first byte after the previous request (later requests on a kept-alive connection).
///
/// Both deadlines are totals, so a client that sends a byte every few seconds is still closed when they pass.
/// Hummingbird's `idleTimeout` (and NIO's `IdleStateHandler`) restart their clock on every request part or read, so they
/// bound the time between requests but not a trickled head or body: this handler adds that. It sits after the HTTP
/// decoder (added with `HTTP1Channel.Configuration.additionalChannelHandlers`) to see where heads and bodies end,
/// and puts a small `ByteWatcher` in front of the decoder to see a request's first byte.
final class RequestReadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    /// What the client is sending.
    private enum Phase {
        /// Nothing: the previous request was read completely, the next one has not started.
        case betweenRequests
        case head
        case body
    }

    private let timeout: TimeAmount
    private let logger: Logger
    private var phase = Phase.head
    private var deadline: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    /// - Parameters:
    ///   - timeout: the longest a head, and then a body, may take to arrive.
    ///   - logger: where closed connections are logged (at debug level).
    init(timeout: TimeAmount, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        do {
            try context.pipeline.syncOperations.addHandler(ByteWatcher(owner: self), position: .first)
        } catch {
            context.fireErrorCaught(error)
        }
        if context.channel.isActive { arm() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if deadline == nil, phase == .head { arm() }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            phase = .body
            arm()
        case .body:
            break
        case .end:
            phase = .betweenRequests
            disarm()
        }
        context.fireChannelRead(data)
    }

    /// Bytes came in, before the decoder read them: the start of the next request's head, when none is under way.
    fileprivate func bytesArrived() {
        guard phase == .betweenRequests else { return }
        phase = .head
        arm()
    }

    private func arm() {
        disarm()
        guard let context else { return }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            deadline = nil
            logger.debug(
                "Connection closed: the client sent a request too slowly",
                metadata: ["request.part": "\(phase == .body ? "body" : "head")", "client": "\(context.remoteAddress?.description ?? "?")"]
            )
            context.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

extension RequestReadTimeoutHandler {
    /// First in the pipeline, before the HTTP decoder: tells the timeout handler when bytes arrive.
    final class ByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer

        private let owner: RequestReadTimeoutHandler

        init(owner: RequestReadTimeoutHandler) {
            self.owner = owner
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            owner.bytesArrived()
            context.fireChannelRead(data)
        }
    }
}
