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
                try await Task.sleep(for: .milliseconds(300))
                let head = connection.received
                #expect(head.hasPrefix("HTTP/1.1 200") && head.hasSuffix("\r\n\r\n"), "\(head.debugDescription)")
                #expect(head.lowercased().contains("content-length: "))
                // The next response on the connection starts right after the head: no body bytes came in between.
                await connection.send("GET /v1/ HTTP/1.1\r\nHost: askbook.test\r\n\r\n")
                try await Task.sleep(for: .milliseconds(300))
                let get = RawResponse.parse(Array(connection.received.utf8.dropFirst(head.utf8.count)))
                #expect(get.first?.status == 200 && get.first?.body.contains("version") == true)
            }
        }
    }

    @Test func anImportWhileServingIsSearchableWithinTwoSeconds() async throws {
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
            while !found && ContinuousClock.now - imported < .seconds(2) {
                let response = try await client.execute(uri: query, method: .get, headers: environment.auth("acmeRead"))
                found = try response.decode(SearchResults.self).items.flatMap(\.pages).flatMap { $0.sections ?? [] }.contains { $0.id == "rooibos" }
                if !found { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(found, "the new section was not served within 2 s")
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

/// What the importer and the askers of `askingWhileReimportingNeverFailsOrMixesRevisions` share.
final class AskProgress: Sendable {
    let state = Mutex((answers: 0, importsDone: false))
}
