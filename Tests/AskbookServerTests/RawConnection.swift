import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A raw TCP connection to a test server, for sending what no HTTP client would: half requests, one byte at a time,
/// malformed framing. Everything the server sends is collected in the background; the methods wait on it.
final class RawConnection: Sendable {
    private struct State {
        var received: [UInt8] = []
        var closedAt: ContinuousClock.Instant?
    }

    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let state = Mutex(State())
    /// When the connection was opened.
    let openedAt = ContinuousClock.now

    private init(outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.outbound = outbound
    }

    /// Connects to `127.0.0.1:port`, runs `body` on the connection and closes it.
    static func with<T: Sendable>(port: Int, _ body: @Sendable (RawConnection) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        return try await channel.executeThenClose { inbound, outbound in
            let connection = RawConnection(outbound: outbound)
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    do {
                        for try await buffer in inbound { connection.state.withLock { $0.received += buffer.readableBytesView } }
                    } catch {}
                    if !Task.isCancelled { connection.state.withLock { $0.closedAt = .now } }
                    return nil
                }
                let result = try await body(connection)
                group.cancelAll()
                return result
            }
        }
    }

    /// Sends `text`; `false` when the server had closed the connection.
    @discardableResult
    func send(_ text: String) async -> Bool {
        do {
            try await outbound.write(ByteBuffer(string: text))
            return true
        } catch {
            return false
        }
    }

    /// Everything received so far, as text.
    var received: String { state.withLock { String(decoding: $0.received, as: UTF8.self) } }

    /// How long after opening the server closed the connection, waiting at most `limit` for it; `nil` while open.
    func closed(within limit: Duration) async -> Duration? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let closedAt = state.withLock({ $0.closedAt }) { return closedAt - openedAt }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return state.withLock { $0.closedAt }.map { $0 - openedAt }
    }

    /// Waits until what has been received satisfies `condition`, or `limit` passes; returns it either way.
    func received(until condition: (String) -> Bool, within limit: Duration) async -> String {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition(received) { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return received
    }

    /// Waits until `count` complete responses (heads, and bodies by `Content-Length`) have arrived, or `limit`
    /// passes or the connection closes; returns the complete ones.
    func responses(_ count: Int = 1, within limit: Duration) async -> [RawResponse] {
        let deadline = ContinuousClock.now + limit
        while true {
            let (bytes, closed) = state.withLock { ($0.received, $0.closedAt != nil) }
            let parsed = RawResponse.parse(bytes)
            if parsed.count >= count || closed || ContinuousClock.now >= deadline { return parsed }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Sends `GET /v1/` on a new connection and says whether it was answered 200 (within ten seconds, which only a
    /// server that no longer answers takes).
    static func serverAnswers(port: Int) async throws -> Bool {
        try await with(port: port) { connection in
            await connection.send("GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\n\r\n")
            return await connection.responses(within: .seconds(10)).first?.status == 200
        }
    }
}

/// One HTTP/1.1 response as raw bytes arrived.
struct RawResponse: Sendable {
    var status: Int
    /// Header fields, names lowercased.
    var headers: [String: String]
    var body: String

    /// The complete responses at the start of `bytes`; bodies are framed by `Content-Length` (0 when absent).
    static func parse(_ bytes: [UInt8]) -> [RawResponse] {
        var responses: [RawResponse] = []
        var rest = bytes[...]
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while let end = rest.firstRange(of: separator) {
            let head = String(decoding: rest[rest.startIndex..<end.lowerBound], as: UTF8.self)
            let lines = head.components(separatedBy: "\r\n")
            let statusLine = lines[0].split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else { break }
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            guard rest.distance(from: end.upperBound, to: rest.endIndex) >= length else { break }
            let bodyEnd = rest.index(end.upperBound, offsetBy: length)
            responses.append(RawResponse(status: status, headers: headers, body: String(decoding: rest[end.upperBound..<bodyEnd], as: UTF8.self)))
            rest = rest[bodyEnd...]
        }
        return responses
    }
}
