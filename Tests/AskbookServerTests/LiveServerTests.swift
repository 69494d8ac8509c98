import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Tests on a real socket: the server as a client sees it, live re-imports, and asking while imports run.
@Suite struct LiveServerTests {
    @Test func answersOverARealSocket() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.live) { client in
            #expect(client.port != nil)
            let info = try await client.execute(uri: "/v1/", method: .get)
            #expect(info.status == .ok)
            let ask = try await client.execute(
                uri: "/v1/search/ask",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"query":"How fine should I grind the beans?"}"#)
            )
            #expect(ask.status == .ok)
            #expect(try ask.decode(AskResponse.self).answer?.sources.first?.space == "coffee")
        }
    }

    @Test func headSendsTheHeadersAndNoBodyBytesOnAKeptAliveConnection() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.live) { client in
            try await RawConnection.with(port: try #require(client.port)) { connection in
                await connection.send("HEAD /v1/ HTTP/1.1\r\nHost: askbook.test\r\n\r\n")
                _ = await connection.received(until: { $0.contains("\r\n\r\n") }, within: .seconds(10))
                // A little longer: body bytes, if the server wrongly sent any, would arrive now.
                try await Task.sleep(for: .milliseconds(300))
                let head = connection.received
                #expect(head.hasPrefix("HTTP/1.1 200") && head.hasSuffix("\r\n\r\n"), "\(head.debugDescription)")
                #expect(head.lowercased().contains("content-length: "))
                // The next response on the connection starts right after the head: no body bytes came in between.
                await connection.send("GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\n\r\n")
                let all = await connection.received(
                    until: { !RawResponse.parse(Array($0.utf8.dropFirst(head.utf8.count))).isEmpty },
                    within: .seconds(10)
                )
                let get = RawResponse.parse(Array(all.utf8.dropFirst(head.utf8.count)))
                #expect(get.first?.status == 200 && get.first?.body.contains("version") == true)
            }
        }
    }

    @Test func aStreamArrivesEventByEventOverARealSocket() async throws {
        let environment = try await TestEnvironment.make()
        let secret = try #require(environment.secrets["acmeRead"])
        try await environment.application().test(.live) { client in
            let port = try #require(client.port)
            let body = try await RawConnection.with(port: port) { connection in
                await connection.send(
                    "GET /v1/spaces/coffee/search/ask/stream?query=\(StreamTests.question) HTTP/1.1\r\n"
                        + "Host: askbook.test\r\nAuthorization: Bearer \(secret)\r\nAccept: text/event-stream\r\n\r\n"
                )
                let deadline = ContinuousClock.now + .seconds(20)
                var body = ChunkedBody.parse(Array(connection.received.utf8))
                while body?.complete != true, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                    body = ChunkedBody.parse(Array(connection.received.utf8))
                }
                return try #require(body)
            }
            #expect(body.complete)
            #expect(body.head.hasPrefix("HTTP/1.1 200"))
            #expect(body.head.lowercased().contains("content-type: text/event-stream"))
            #expect(body.head.lowercased().contains("transfer-encoding: chunked"))
            // Each event was written on its own as soon as it was ready: the first chunk is the lead alone.
            let first = try #require(body.chunks.first)
            #expect(first.hasPrefix("data: ") && first.hasSuffix("\n\n") && first.components(separatedBy: "data: ").count == 2)
            // Read as GitBook's client reads it, line by line: every data line is an event, the last before done the answer.
            let lines = body.chunks.joined().split(separator: "\n").map(String.init)
            let data = lines.filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
            #expect(data.last == "done" && data.count >= 3)
            let events = try data.dropLast().map { try JSONDecoder().decode(SearchAIAnswerStream.self, from: Data($0.utf8)).answer }
            let lead = try #require(events.first)
            let final = try #require(events.last)
            // The first event arrived before the answer was complete: no follow-ups yet, the lead only.
            #expect(lead.followupQuestions.isEmpty && !final.followupQuestions.isEmpty)
            #expect(lead.answer.markdown != final.answer.markdown && final.answer.markdown?.hasPrefix(lead.answer.markdown ?? "-") == true)
            #expect(lead.sources == final.sources)
        }
    }

    @Test func aClientLeavingMidStreamLeavesTheServerServing() async throws {
        let environment = try await TestEnvironment.make()
        let secret = try #require(environment.secrets["acmeRead"])
        try await environment.application().test(.live) { client in
            let port = try #require(client.port)
            for _ in 0..<5 {
                // Leave as soon as the head arrives, or without waiting at all.
                try await RawConnection.with(port: port) { connection in
                    await connection.send(
                        "GET /v1/orgs/acme/ask/stream?query=How%20fine%20should%20I%20grind%3F HTTP/1.1\r\n"
                            + "Host: askbook.test\r\nAuthorization: Bearer \(secret)\r\n\r\n"
                    )
                    let deadline = ContinuousClock.now + .seconds(5)
                    while !connection.received.contains("\r\n\r\n"), ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                }
                try await RawConnection.with(port: port) { connection in
                    await connection.send("GET /v1/orgs/acme/ask/stream?query=tea HTTP/1.1\r\nHost: askbook.test\r\n\r\n")
                }
            }
            #expect(try await RawConnection.serverAnswers(port: port))
            let ask = try await client.execute(uri: "/v1/orgs/acme/ask/stream?query=tea", method: .get, headers: environment.auth("acmeRead"))
            #expect(ask.status == .ok && ask.events.last?.data == "done")
        }
    }

    @Test func anImportWhileServingBecomesSearchableWithoutARestart() async throws {
        var configured = try await TestEnvironment.make()
        configured.configuration.reloadInterval = ServerConfiguration().reloadInterval  // the default the CLI serves with
        let environment = configured
        try await environment.application().test(.live) { client in
            let query = "/v1/search?query=rooibos%20caffeine"
            let before = try await client.execute(uri: query, method: .get, headers: environment.auth("acmeRead"))
            #expect(try before.decode(SearchResults.self).items.flatMap(\.pages).allSatisfy { $0.path != "green" })

            // Another connection, as another process's `askbook import` would be.
            let other = try Store.open(path: environment.directory.appendingPathComponent("askbook.sqlite").path)
            let importer = Importer(store: other, model: environment.model, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            _ = try await importer.run(
                path: try environment.writeTea(extra: "\n## Rooibos\n\nRooibos has no caffeine at all.\n"),
                spaceID: "tea",
                organizationID: "acme"
            )
            let imported = ContinuousClock.now
            var found = false
            // The reloader polls every 500 ms; the cap is generous so a loaded machine does not fail a behaviour test.
            while !found && ContinuousClock.now - imported < .seconds(15) {
                let response = try await client.execute(uri: query, method: .get, headers: environment.auth("acmeRead"))
                found = try response.decode(SearchResults.self).items.flatMap(\.pages).flatMap { $0.sections ?? [] }.contains { $0.id == "rooibos" }
                if !found { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(found, "the new section was not served within 15 s")
        }
    }

    @Test func askingWhileReimportingNeverFailsOrMixesRevisions() async throws {
        let environment = try await TestEnvironment.make()
        let initial = try #require(try await environment.store.space(id: "tea")?.revisionId)
        let (committed, observed) = try await environment.application().test(.live) { client in
            // Answers so far, and whether the imports are done: the askers stop when both are enough, so a loaded
            // machine (the whole suite runs in parallel on two cores) gives slower answers, not fewer.
            let progress = AskProgress()
            return try await withThrowingTaskGroup(of: (imported: [String], observed: [Set<String>]).self) { group in
                // Importer: three new revisions of `tea`, each with different text.
                group.addTask {
                    var imported: [String] = []
                    for round in 1...3 {
                        let summary = try await environment.importer().run(
                            path: try environment.writeTea(extra: "\nRound \(round): steep oolong for \(round + 2) minutes.\n"),
                            spaceID: "tea",
                            organizationID: "acme"
                        )
                        imported.append(summary[0].revisionID)
                        try await Task.sleep(for: .milliseconds(150))
                    }
                    progress.state.withLock { $0.importsDone = true }
                    return (imported, [])
                }
                // Askers: keep asking until the imports are done; every answer must come from one revision per space.
                for _ in 0..<3 {
                    group.addTask {
                        var observed: [Set<String>] = []
                        let minimum = ContinuousClock.now + .seconds(2)
                        let timeout = ContinuousClock.now + .seconds(30)
                        while ContinuousClock.now < minimum || progress.state.withLock({ !$0.importsDone || $0.answers < 10 }),
                            ContinuousClock.now < timeout
                        {
                            let response = try await client.execute(
                                uri: "/v1/search/ask",
                                method: .post,
                                headers: environment.auth("acmeRead", json: true),
                                body: .text(#"{"query":"How long do I steep tea with milk?"}"#)
                            )
                            #expect(response.status == .ok)
                            let sources = try response.decode(AskResponse.self).answer?.sources ?? []
                            let teaRevisions = Set(sources.filter { $0.space == "tea" }.map(\.revision))
                            #expect(teaRevisions.count <= 1, "one answer mixed revisions \(teaRevisions)")
                            observed.append(teaRevisions)
                            progress.state.withLock { $0.answers += 1 }
                        }
                        return ([], observed)
                    }
                }
                var committed: [String] = []
                var observed: [Set<String>] = []
                for try await part in group {
                    committed += part.imported
                    observed += part.observed
                }
                return (committed, observed)
            }
        }
        #expect(committed.count == 3)
        #expect(try await environment.store.space(id: "tea")?.revisionId == committed.last)
        // Every revision an answer cited was a real, committed revision of the space, and answers kept coming.
        #expect(observed.count >= 10)
        let cited = observed.reduce(into: Set<String>()) { $0.formUnion($1) }
        #expect(cited.isSubset(of: Set(committed + [initial])))
    }
}

/// A chunked HTTP/1.1 response as far as it has arrived: its head and the chunks of its body, in order.
struct ChunkedBody {
    var head: String
    var chunks: [String]
    /// Whether the last (empty) chunk arrived.
    var complete: Bool

    /// The response at the start of `bytes`; `nil` until its head is complete.
    static func parse(_ bytes: [UInt8]) -> ChunkedBody? {
        let crlf: [UInt8] = [13, 10]
        guard let headEnd = bytes.firstRange(of: crlf + crlf) else { return nil }
        var body = ChunkedBody(head: String(decoding: bytes[..<headEnd.lowerBound], as: UTF8.self), chunks: [], complete: false)
        var rest = bytes[headEnd.upperBound...]
        while let lineEnd = rest.firstRange(of: crlf), let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) {
            if size == 0 {
                body.complete = true
                break
            }
            guard rest.distance(from: lineEnd.upperBound, to: rest.endIndex) >= size + 2 else { break }
            let end = rest.index(lineEnd.upperBound, offsetBy: size)
            body.chunks.append(String(decoding: rest[lineEnd.upperBound..<end], as: UTF8.self))
            rest = rest[(end + 2)...]
        }
        return body
    }
}

/// What the importer and the askers of `askingWhileReimportingNeverFailsOrMixesRevisions` share.
final class AskProgress: Sendable {
    let state = Mutex((answers: 0, importsDone: false))
}
