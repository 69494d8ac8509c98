import AskbookCore
import AskbookStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing

@testable import AskbookServer

/// What an attacker with a read token, or none, would send to a live server on a real socket: forged cursors,
/// oversized fields, slow and malformed requests, too many connections. Each is refused or cut off, and the server
/// still answers `GET /v1/` afterwards. Timeouts are short here (a 1 s read timeout) so the suite takes seconds.
@Suite(.serialized) struct AbuseTests {
    // MARK: Cursors

    @Test func forgedCursorsAre400AndTheServerLives() async throws {
        // The default timeouts: nothing here is slow on purpose, and a loaded machine may take over 1 s to send.
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.live) { client in
            let search = "/v1/search?query=tea%20steep&limit=1"
            let first = try await client.execute(uri: search, method: .get, headers: environment.auth("acmeRead"))
            let cursor = try #require(try first.decode(SearchResults.self).next?.page)
            let parts = cursor.split(separator: ".").map(String.init)
            try #require(parts.count == 2)
            let payload = String(decoding: try #require(Data(base64Encoded: Self.base64(fromURL: parts[0]))), as: UTF8.self)
            let fingerprint = try #require(payload.split(separator: ":").first.map(String.init))
            let key = environment.configuration.cursorKey
            let otherKey = SymmetricKey(size: .bits256)

            let genuine = try await client.execute(uri: "\(search)&page=\(cursor)", method: .get, headers: environment.auth("acmeRead"))
            #expect(genuine.status == .ok)

            let forged = [
                Self.base64URL("\(fingerprint):9223372036854775807"),  // the reported crash: offset Int.max, unsigned
                Self.base64URL("\(fingerprint):9223372036854775807") + "." + parts[1],  // a genuine tag on another payload
                Self.base64URL("\(fingerprint):5") + "." + parts[1],
                Self.base64URL("\(fingerprint):-1"),
                SearchCursor(fingerprint: fingerprint, offset: 2).encoded(key: otherKey),  // signed with another key
                SearchCursor(fingerprint: fingerprint, offset: .max).encoded(key: key),  // signed, out of range
                SearchCursor(fingerprint: fingerprint, offset: -1).encoded(key: key),
                SearchCursor(fingerprint: fingerprint, offset: QueryPolicy.maxSearchResults + 1).encoded(key: key),
                parts[0] + "." + (parts[1].first == "A" ? "B" : "A") + parts[1].dropFirst(),  // tampered tag
                "!!!!", "%00", "", ".", "..", parts[1] + "." + parts[0], String(repeating: "A", count: 8000),
            ]
            for page in forged {
                let response = try await client.execute(uri: "\(search)&page=\(page)", method: .get, headers: environment.auth("acmeRead"))
                #expect(response.status == .badRequest && response.errorCode == 400, "page=\(page.prefix(60))")
                #expect(response.errorMessage?.contains("Unknown 'page' cursor") == true)
            }
            // A genuine cursor of another result list is stale, not unknown.
            let otherQuery = try await client.execute(
                uri: "/v1/search?query=milk&page=\(cursor)",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(otherQuery.status == .badRequest && otherQuery.errorMessage?.contains("no longer valid") == true)
            #expect(try await RawConnection.serverAnswers(port: try #require(client.port)))
        }
    }

    // MARK: Oversized and out-of-range fields

    @Test func oversizedAndOutOfRangeFieldsAre400() async throws {
        let environment = try await TestEnvironment.make()
        let long = String(repeating: "a", count: 513)
        // One character of 3,000 combining accents: 512 characters or fewer, but 6 KB of work.
        let zalgo = "a" + String(repeating: "\u{301}", count: 3000)
        let uris = [
            "/v1/search?query=\(long)", "/v1/search?query=\(Self.percentEncoded(zalgo))",
            "/v1/search?query=tea&limit=99999999999999999999", "/v1/search?query=tea&limit=-99999999999999999999",
            "/v1/search?query=tea&limit=-1", "/v1/search?query=tea&limit=1001", "/v1/search?query=tea&limit=1e3",
            "/v1/search?query=tea&limit=9223372036854775807", "/v1/search/ask?query=\(long)",
            "/v1/search/ask?query=\(Self.percentEncoded(zalgo))",
        ]
        let bodies = [
            #"{"query":"\#(long)"}"#,
            #"{"query":"tea","previousQueries":["\#(long)"]}"#,
            #"{"query":"tea","previousQueries":["a","\#(String(repeating: "b", count: 100_000))"]}"#,
            #"{"query":"tea","previousQueries":["\#(zalgo)"]}"#,
            #"{"query":"tea","previousQueries":[\#(Array(repeating: #""tea""#, count: 11).joined(separator: ","))]}"#,
            #"{"query":"tea","previousQueries":[1]}"#,
            #"{"query":"tea","previousQueries":"tea"}"#,
            #"{"query":99999999999999999999}"#,
            #"{"query":["tea"]}"#,
        ]
        try await environment.application().test(.live) { client in
            for uri in uris {
                let response = try await client.execute(uri: uri, method: .get, headers: environment.auth("acmeRead"))
                #expect(response.status == .badRequest && response.errorCode == 400, "\(uri.prefix(80))")
            }
            for body in bodies {
                let response = try await client.execute(
                    uri: "/v1/search/ask",
                    method: .post,
                    headers: environment.auth("acmeRead", json: true),
                    body: .text(body)
                )
                #expect(response.status == .badRequest && response.errorCode == 400, "\(body.prefix(80))")
                let message = response.errorMessage ?? ""
                #expect(!message.contains("Array") && !message.contains("String") && !message.contains("Swift"), "\(message)")
            }
            // The limits themselves are accepted: a 512-character query, ten 512-character previous queries.
            let longest = String(repeating: "tea ", count: 128)
            let atLimit = try await client.execute(
                uri: "/v1/search/ask",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"query":"\#(longest)","previousQueries":[\#(Array(repeating: "\"\(longest)\"", count: 10).joined(separator: ","))]}"#)
            )
            #expect(atLimit.status == .ok)
            #expect(try await RawConnection.serverAnswers(port: try #require(client.port)))
        }
    }

    // MARK: Slow clients

    @Test func aHalfSentHeadIsClosedAtTheReadTimeout() async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            let port = try #require(client.port)
            try await RawConnection.with(port: port) { connection in
                await connection.send("GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\n")
                let closed = await connection.closed(within: .seconds(5))
                #expect(closed.map { $0 >= .milliseconds(900) && $0 < .seconds(2) } == true, "closed after \(String(describing: closed))")
            }
            #expect(try await RawConnection.serverAnswers(port: port))
        }
    }

    @Test func aHeadSentOneByteAtATimeIsClosedAtTheReadTimeout() async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            let port = try #require(client.port)
            try await RawConnection.with(port: port) { connection in
                let closed = await Self.trickle(
                    "GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\nX-Slow: " + String(repeating: "a", count: 100),
                    on: connection
                )
                #expect(closed.map { $0 >= .milliseconds(900) && $0 < .seconds(2) } == true, "closed after \(String(describing: closed))")
            }
            #expect(try await RawConnection.serverAnswers(port: port))
        }
    }

    @Test func aHalfSentBodyIsClosedAtTheReadTimeout() async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            let port = try #require(client.port)
            let head = Self.askHead(environment, extra: "Content-Length: 100\r\n")
            try await RawConnection.with(port: port) { connection in
                await connection.send(head + #"{"query":"#)
                let closed = await connection.closed(within: .seconds(5))
                #expect(closed.map { $0 >= .milliseconds(900) && $0 < .seconds(2) } == true, "closed after \(String(describing: closed))")
            }
            try await RawConnection.with(port: port) { connection in
                let closed = await Self.trickle(head + String(repeating: " ", count: 99), on: connection, from: head.utf8.count)
                #expect(closed.map { $0 >= .milliseconds(900) && $0 < .seconds(2) } == true, "closed after \(String(describing: closed))")
            }
            #expect(try await RawConnection.serverAnswers(port: port))
        }
    }

    @Test func aKeptAliveConnectionMayWaitPastTheReadTimeoutForItsNextRequest() async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            try await RawConnection.with(port: try #require(client.port)) { connection in
                await connection.send("GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\n\r\n")
                #expect(await connection.responses(within: .seconds(2)).first?.status == 200)
                try await Task.sleep(for: .milliseconds(1500))
                await connection.send("GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\n\r\n")
                #expect(await connection.responses(2, within: .seconds(2)).last?.status == 200)
            }
        }
    }

    @Test func anIdleConnectionIsClosedAtTheIdleTimeout() async throws {
        var configured = try await Self.environment()
        configured.configuration.readTimeout = .seconds(10)
        configured.configuration.idleTimeout = .seconds(1)
        let environment = configured
        try await environment.application().test(.live) { client in
            try await RawConnection.with(port: try #require(client.port)) { connection in
                await connection.send("GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\n\r\n")
                #expect(await connection.responses(within: .seconds(2)).first?.status == 200)
                let closed = await connection.closed(within: .seconds(5))
                #expect(closed.map { $0 >= .milliseconds(900) && $0 < .milliseconds(2500) } == true, "closed after \(String(describing: closed))")
            }
        }
    }

    @Test func connectionsPastTheLimitWaitUntilOneCloses() async throws {
        var environment = try await Self.environment()
        environment.configuration.maxConnections = 2
        environment.configuration.readTimeout = .seconds(10)
        try await Self.serve(environment) { port in
            // Twelve clients at once, each holding its connection for a second. Hummingbird stops accepting at the
            // limit; NIO accepts up to 4 connections per read of the listening socket, so up to 3 more may get in.
            let start = ContinuousClock.now
            let answeredWhileHeld = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await RawConnection.with(port: port) { connection in
                            await connection.send("GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\n\r\n")
                            let answered = await connection.responses(within: start + .milliseconds(600) - .now).first?.status == 200
                            try await Task.sleep(until: start + .seconds(1))
                            return answered
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect((1...5).contains(answeredWhileHeld), "\(answeredWhileHeld) of 12 were served at once")
            #expect(try await RawConnection.serverAnswers(port: port))
        }
    }

    // MARK: Malformed HTTP

    @Test func malformedRequestsAre400AndTheServerLives() async throws {
        let environment = try await Self.environment()
        let ask = Self.askHead(environment, extra: "Transfer-Encoding: chunked\r\n")
        let requests = [
            "HELLO WORLD\r\n\r\n",
            "\u{1}\u{2}\u{3}\r\n\r\n",
            "GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\n" + String(repeating: "X-Bomb: a\r\n", count: 2000) + "\r\n",
            "GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n",
            "GET /v1/search?query=\(String(repeating: "a", count: 100_000)) HTTP/1.1\r\nHost: askbook.test\r\n\r\n",
            "POST /v1/search/ask HTTP/1.1\r\nHost: askbook.test\r\nContent-Length: -1\r\n\r\n",
            "POST /v1/search/ask HTTP/1.1\r\nHost: askbook.test\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "POST /v1/search/ask HTTP/1.1\r\nHost: askbook.test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            ask + "ZZ\r\n{}\r\n0\r\n\r\n",  // a chunk size that is not hexadecimal
            ask + "FFFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n",  // a chunk size past 64 bits
            ask + "2\r\n{}XX0\r\n\r\n",  // a chunk without its CRLF
        ]
        try await environment.application().test(.live) { client in
            let port = try #require(client.port)
            for request in requests {
                try await RawConnection.with(port: port) { connection in
                    await connection.send(request)
                    let responses = await connection.responses(within: .seconds(3))
                    #expect(responses.first?.status == 400, "\(request.prefix(60).debugDescription): \(responses.map(\.status))")
                    #expect(responses.allSatisfy { $0.status == 400 }, "one response per request")
                    #expect(await connection.closed(within: .seconds(3)) != nil, "the connection is closed after a parse error")
                }
                #expect(try await RawConnection.serverAnswers(port: port))
            }
        }
    }

    // MARK: Helpers

    /// Runs the server on a port of its own while `body` runs. HummingbirdTesting's live harness cannot be used for
    /// the connection limit: it rebinds the application with `ApplicationConfiguration.with(address:)`, which drops
    /// `availableConnectionsDelegate` (Hummingbird 2.28.1).
    static func serve(_ environment: TestEnvironment, _ body: @Sendable (Int) async throws -> Void) async throws {
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(probe.localAddress?.port)
        try await probe.close()
        var environment = environment
        environment.configuration.host = "127.0.0.1"
        environment.configuration.port = port
        let services = ServiceGroup(
            configuration: .init(services: [await environment.application()], logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            let deadline = ContinuousClock.now + .seconds(5)
            while (try? await RawConnection.serverAnswers(port: port)) != true, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            do {
                try await body(port)
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    /// The test environment with a 1 s read timeout and an idle timeout too long to close anything in these tests,
    /// so only the read timeout can.
    static func environment() async throws -> TestEnvironment {
        var environment = try await TestEnvironment.make()
        environment.configuration.readTimeout = .seconds(1)
        environment.configuration.idleTimeout = .seconds(30)
        return environment
    }

    /// The head of an authenticated JSON `POST /v1/search/ask`, with `extra` header lines.
    static func askHead(_ environment: TestEnvironment, extra: String) -> String {
        "POST /v1/search/ask HTTP/1.1\r\nHost: askbook.test\r\nAuthorization: Bearer \(environment.secrets["acmeRead"]!)\r\n"
            + "Content-Type: application/json\r\n\(extra)\r\n"
    }

    /// Sends `text` in one piece up to byte `from`, then a byte every 200 ms; returns when the server closed the
    /// connection (or `nil` after 5 s).
    static func trickle(_ text: String, on connection: RawConnection, from start: Int = 0) async -> Duration? {
        let bytes = Array(text.utf8)
        if start > 0 { await connection.send(String(decoding: bytes[..<start], as: UTF8.self)) }
        for byte in bytes[start...] {
            guard await connection.closed(within: .milliseconds(200)) == nil else { break }
            await connection.send(String(decoding: [byte], as: UTF8.self))
        }
        return await connection.closed(within: .seconds(5))
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64(fromURL text: String) -> String {
        let base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return base64 + String(repeating: "=", count: (4 - base64.count % 4) % 4)
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }
}
