import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing

/// An index that cannot be loaded is reported (503 to the tokens it affects, `GET /health` without a token), never
/// answered as if it were empty.
@Suite(.serialized) struct HealthTests {
    static let teaRevision = "(SELECT revisionId FROM space WHERE id = 'tea')"

    @Test func aHealthyIndexIsOK() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status == .ok)
            #expect(try response.decode(IndexHealth.self) == IndexHealth(status: .ok, servedSpaces: 3, unavailableSpaces: 0, reloadFailing: false))
        }
    }

    @Test(arguments: [
        "UPDATE revision SET model = x'00' WHERE id = \(teaRevision)",
        "UPDATE revision SET idf = x'00' WHERE id = \(teaRevision)",
        "UPDATE chunkContent SET vector = NULL WHERE contentHash IN (SELECT contentHash FROM pageVersionChunk JOIN revisionPage USING (pageVersion) WHERE revisionId = \(teaRevision))",
        "UPDATE chunkContent SET blocks = x'7b' WHERE contentHash IN (SELECT contentHash FROM pageVersionChunk JOIN revisionPage USING (pageVersion) WHERE revisionId = \(teaRevision))",
        "UPDATE chunkContent SET words = NULL WHERE contentHash IN (SELECT contentHash FROM pageVersionChunk JOIN revisionPage USING (pageVersion) WHERE revisionId = \(teaRevision))",
    ])
    func aDamagedSpaceIs503ForItsReadersAndCountedInHealth(damage: String) async throws {
        let environment = try await TestEnvironment.make()
        try environment.damage(damage)
        let logs = InMemoryLogHandler()
        try await environment.application(logger: Logger(label: "test") { _ in logs }).test(.router) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(
                try health.decode(IndexHealth.self) == IndexHealth(status: .degraded, servedSpaces: 2, unavailableSpaces: 1, reloadFailing: false)
            )
            #expect(!String(buffer: health.body).contains("tea"), "a tokenless endpoint names no space")

            // acme's tokens that may read tea: 503 with GitBook's body, naming the space.
            for name in ["acmeRead", "acmeAdmin"] {
                let search = try await client.execute(uri: "/v1/search?query=tea", method: .get, headers: environment.auth(name))
                #expect(search.status == .serviceUnavailable && search.errorCode == 503)
                #expect(search.errorMessage?.contains("'tea'") == true)
                let ask = try await client.execute(
                    uri: "/v1/search/ask",
                    method: .post,
                    headers: environment.auth(name, json: true),
                    body: .text(#"{"query":"How long do I steep green tea?"}"#)
                )
                #expect(ask.status == .serviceUnavailable && ask.errorCode == 503)
            }
            // Tokens that cannot read tea are served as before, and told nothing about it.
            let coffee = try await client.execute(uri: "/v1/search?query=grind", method: .get, headers: environment.auth("coffeeOnly"))
            let coffeeResults = try coffee.decode(SearchResults.self)
            #expect(coffee.status == .ok && coffeeResults.count > 0)
            let globex = try await client.execute(uri: "/v1/search?query=quokka", method: .get, headers: environment.auth("globexRead"))
            #expect(globex.status == .ok && !String(buffer: globex.body).contains("tea"))
        }
        #expect(logs.entries.contains { $0.level >= .warning && $0.metadata["space.id"] == "tea" })
    }

    @Test func anIndexThatCannotBeLoadedIsUnavailable() async throws {
        let environment = try await TestEnvironment.make()
        try environment.damage("DROP TABLE pageVersionSection")
        let logs = InMemoryLogHandler()
        try await environment.application(logger: Logger(label: "test") { _ in logs }).test(.router) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .serviceUnavailable)
            #expect(
                try health.decode(IndexHealth.self) == IndexHealth(status: .unavailable, servedSpaces: 0, unavailableSpaces: 0, reloadFailing: true)
            )
            for name in ["acmeRead", "coffeeOnly", "globexRead"] {
                let search = try await client.execute(uri: "/v1/search?query=tea", method: .get, headers: environment.auth(name))
                #expect(search.status == .serviceUnavailable && search.errorCode == 503)
                let ask = try await client.execute(uri: "/v1/search/ask?query=tea", method: .get, headers: environment.auth(name))
                #expect(ask.status == .serviceUnavailable && ask.errorCode == 503)
                #expect(ask.errorMessage.map { !$0.contains("section") && !$0.contains("no such table") } == true)
            }
        }
        #expect(logs.entries.contains { $0.level == .error && "\($0.message)".contains("cannot be loaded") })
    }

    @Test func aFailedReloadKeepsThePreviousSnapshotAndIsReported() async throws {
        let environment = try await TestEnvironment.make()
        let logs = InMemoryLogHandler()
        let holder = IndexHolder(store: environment.store, logger: Logger(label: "test") { _ in logs })
        await holder.refresh()
        let before = try #require(await holder.current())

        try environment.damage("DROP TABLE pageVersionSection")
        await holder.refresh(force: true)
        await holder.refresh(force: true)
        #expect(await holder.current()?.snapshot.index.rowCount == before.snapshot.index.rowCount)
        #expect(await holder.health() == IndexHealth(status: .degraded, servedSpaces: 3, unavailableSpaces: 0, reloadFailing: true))
        // Logged once when the failure starts, not on every retry.
        #expect(logs.entries.filter { $0.level == .error }.count == 1)
    }

    @Test func aFailingReloadIsRetriedWithBackoffAndRecovers() async throws {
        let environment = try await TestEnvironment.make()
        let holder = IndexHolder(store: environment.store, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        await holder.refresh()
        try environment.damage("ALTER TABLE pageVersionSection RENAME TO sectionAway")
        await holder.refresh(force: true)
        #expect(await holder.health().reloadFailing)

        try environment.damage("ALTER TABLE sectionAway RENAME TO pageVersionSection")
        await holder.refresh()  // within a second of the failure: not retried yet
        #expect(await holder.health().reloadFailing)
        try await Task.sleep(for: .milliseconds(1100))
        await holder.refresh()
        #expect(await holder.health() == IndexHealth(status: .ok, servedSpaces: 3, unavailableSpaces: 0, reloadFailing: false))
    }
}
