import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The query log: what is recorded, written off the request path through a bounded queue, dropped and counted when
/// full, purged after its retention, and off with `insightsEnabled = false`.
@Suite struct QueryLogTests {
    @Test func searchesAndAsksAreRecordedWithoutTheTokenOrTheAddress() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.live) { client in
            let ask = try await client.execute(
                uri: "/v1/search/ask",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"query":"How fine should I grind the beans?"}"#)
            )
            let answerID = try #require(ask.headers[HTTPField.Name("X-Askbook-Answer-Id")!])
            let search = try await client.execute(
                uri: "/v1/spaces/tea/search?query=green%20tea&limit=1",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(search.status == .ok)
            // The second page of the same search is not a search of its own.
            let next = try #require(try search.decode(PageResultsBody.self).next?.page)
            let second = try await client.execute(
                uri: "/v1/spaces/tea/search?query=green%20tea&limit=1&page=\(next)",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(second.status == .ok)
            _ = try await client.execute(uri: "/v1/spaces/vault/search/ask?query=quokka", method: .get, headers: environment.auth("globexRead"))

            try await Self.waitUntil { try await environment.store.queryLogCount() == 3 }
            let rows = try await Self.rows(environment, "SELECT * FROM queryLog ORDER BY id")
            #expect(rows.map { $0["kind"] as String } == ["ask", "search", "ask"])
            #expect(rows.map { $0["organizationId"] as String } == ["acme", "acme", "globex"])
            #expect(rows[0]["query"] as String == "How fine should I grind the beans?")
            #expect(rows[0]["answerId"] as String? == answerID)
            #expect(rows[0]["abstained"] as Bool == false)
            #expect((rows[0]["resultCount"] as Int) > 0)
            #expect(rows[1]["query"] as String == "green tea")
            #expect(rows[1]["answerId"] as String? == nil)
            #expect(rows.allSatisfy { ($0["clientAddress"] as String?) == nil && ($0["origin"] as String) == "http" })
            #expect(rows.allSatisfy { ($0["latencyMilliseconds"] as Double) >= 0 })
            let spaces = try await Self.rows(environment, "SELECT entryId, spaceId FROM queryLogSpace ORDER BY entryId, spaceId")
            #expect(spaces.map { "\($0["entryId"] as Int64):\($0["spaceId"] as String)" } == ["1:coffee", "1:tea", "2:tea", "3:vault"])
            let cited = try await Self.rows(environment, "SELECT spaceId FROM queryLogPage WHERE entryId = 1")
            #expect(cited.first?["spaceId"] as String? == "coffee")
            // No token secret anywhere in the log's tables.
            let dump = try await Self.rows(environment, "SELECT * FROM queryLog").map { $0.description }.joined()
            for secret in environment.secrets.values { #expect(!dump.contains(secret)) }

            let health = try await client.execute(uri: "/health", method: .get)
            #expect(try health.json()["insights"]?["written"] == .number(3))
            #expect(try health.json()["insights"]?["dropped"] == .number(0))
        }
    }

    @Test func theCallersAddressIsRecordedOnlyWhenConfigured() async throws {
        let environment = try await Self.environment { $0.insightsRecordsClientAddress = true }
        try await environment.application().test(.live) { client in
            _ = try await client.execute(uri: "/v1/search?query=tea", method: .get, headers: environment.auth("acmeRead"))
            try await Self.waitUntil { try await environment.store.queryLogCount() == 1 }
            let rows = try await Self.rows(environment, "SELECT clientAddress FROM queryLog")
            #expect(rows.first?["clientAddress"] as String? == "127.0.0.1")
        }
    }

    /// The store's writer is held by another connection (a slow disk, a long import): asks still complete, the
    /// queue holds at most its capacity, the rest is dropped and counted, and what was queued is written once the
    /// store is free again.
    @Test func aBlockedStoreNeitherSlowsAsksNorGrowsTheQueue() async throws {
        let environment = try await Self.environment {
            $0.insightsQueueCapacity = 3
            $0.insightsBatchSize = 1
        }
        let blocker = try WriteLockHolder(path: environment.directory.appendingPathComponent("askbook.sqlite").path)
        try await environment.application().test(.live) { client in
            try await blocker.lock()
            let asks = 10
            for _ in 0..<asks {
                let response = try await client.execute(
                    uri: "/v1/search/ask",
                    method: .post,
                    headers: environment.auth("acmeRead", json: true),
                    body: .text(#"{"query":"How fine should I grind the beans?"}"#)
                )
                #expect(response.status == .ok)
            }
            // Every ask answered while nothing could be written.
            let blocked = try await Self.statistics(client)
            #expect(blocked.written == 0)
            #expect(blocked.queued <= 3)
            // At most one batch (of one) is in the writer's hands; everything else beyond the capacity is dropped.
            #expect(blocked.dropped >= asks - 3 - 1)
            let stored = try await Self.rows(environment, "SELECT COUNT(*) AS n FROM queryLog").first?["n"] as Int?
            #expect(stored == 0)

            blocker.unlock()
            try await Self.waitUntil {
                let statistics = try await Self.statistics(client)
                return statistics.queued == 0 && statistics.written + statistics.dropped == asks
            }
            let done = try await Self.statistics(client)
            #expect(try await environment.store.queryLogCount() == done.written)
            #expect(done.written >= 3)
        }
    }

    @Test func noInsightsRecordsNothing() async throws {
        let environment = try await Self.environment { $0.insightsEnabled = false }
        try await environment.application().test(.live) { client in
            let ask = try await client.execute(uri: "/v1/search/ask?query=grind", method: .get, headers: environment.auth("acmeRead"))
            #expect(ask.status == .ok)
            // Answer ids and feedback still work.
            let id = try #require(ask.headers[HTTPField.Name("X-Askbook-Answer-Id")!])
            let feedback = try await AnswerFeedbackTests.sendFeedback(client, environment: environment, id: id, body: #"{"rating":"good"}"#)
            #expect(feedback.status == .ok)
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(try health.json()["insights"] == nil)
        }
        #expect(try await environment.store.queryLogCount() == 0)
    }

    @Test func thePurgeRemovesInsightsPastTheirRetention() async throws {
        let environment = try await Self.environment {
            $0.insightsRetention = .seconds(10 * 86_400)
            $0.purgeInterval = .milliseconds(100)
        }
        let old = Date().addingTimeInterval(-11 * 86_400)
        let recent = Date().addingTimeInterval(-9 * 86_400)
        try await environment.store.appendQueryLog([
            Self.entry("old question", at: old), Self.entry("recent question", at: recent),
        ])
        _ = try await environment.store.saveAnswerFeedback(organizationID: "acme", answerID: "ans_old", rating: .bad, comment: nil, at: old)
        _ = try await environment.store.saveAnswerFeedback(organizationID: "acme", answerID: "ans_new", rating: .bad, comment: nil, at: recent)
        try await environment.application().test(.router) { _ in
            try await Self.waitUntil { try await environment.store.queryLogCount() == 1 }
        }
        #expect(try await Self.rows(environment, "SELECT query FROM queryLog").map { $0["query"] as String } == ["recent question"])
        // The old entry's spaces and pages went with it.
        #expect(try await Self.rows(environment, "SELECT DISTINCT entryId FROM queryLogSpace").count == 1)
        #expect(try await Self.rows(environment, "SELECT DISTINCT entryId FROM queryLogPage").count == 1)
        #expect(try await environment.store.answerFeedback(organizationID: "acme", answerID: "ans_old") == nil)
        #expect(try await environment.store.answerFeedback(organizationID: "acme", answerID: "ans_new") != nil)
    }

    // MARK: Helpers

    /// Holds the database's write lock from a connection of its own (`BEGIN IMMEDIATE` … `COMMIT`), on a thread of its
    /// own, as a long import in another process would.
    final class WriteLockHolder: Sendable {
        let queue: DatabaseQueue
        let release = DispatchSemaphore(value: 0)

        init(path: String) throws {
            // The server may be writing at that moment (its insights key, a retention purge): wait for it rather than
            // fail at once, as a second connection does by default.
            var configuration = Configuration()
            configuration.busyMode = .timeout(20)
            queue = try DatabaseQueue(path: path, configuration: configuration)
        }

        /// Returns once the lock is held.
        func lock() async throws {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                Thread {
                    do {
                        try self.queue.inDatabase { db in
                            try db.execute(sql: "BEGIN IMMEDIATE")
                            continuation.resume()
                            self.release.wait()
                            try db.execute(sql: "COMMIT")
                        }
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }.start()
            }
        }

        func unlock() { release.signal() }
    }

    /// The test environment with its server configuration changed by `configure`.
    static func environment(_ configure: (inout ServerConfiguration) -> Void) async throws -> TestEnvironment {
        var environment = try await TestEnvironment.make()
        configure(&environment.configuration)
        return environment
    }

    struct PageResultsBody: Decodable {
        struct Next: Decodable { var page: String }
        var next: Next?
    }

    static func entry(_ query: String, at date: Date, organization: String = "acme", spaces: [String] = ["coffee"]) -> QueryLogEntry {
        QueryLogEntry(
            kind: .ask,
            organizationID: organization,
            createdAt: date,
            spaces: spaces,
            query: query,
            resultCount: 1,
            pageHits: 1,
            sectionHits: 1,
            abstained: true,
            pages: spaces.map { QueryLogEntry.Page(spaceId: $0, pageId: "p-\($0)", path: "\($0)-page") },
            latencyMilliseconds: 1
        )
    }

    struct HealthBody: Decodable {
        var insights: InsightsLog.Statistics
    }

    static func statistics(_ client: some TestClientProtocol) async throws -> InsightsLog.Statistics {
        let health = try await client.execute(uri: "/health", method: .get)
        return try health.decode(HealthBody.self).insights
    }

    static func rows(_ environment: TestEnvironment, _ sql: String) async throws -> [Row] {
        try await DatabaseQueue(path: environment.directory.appendingPathComponent("askbook.sqlite").path).read { try Row.fetchAll($0, sql: sql) }
    }

    /// Waits until `condition` holds, checking every 20 ms, for at most 30 s.
    static func waitUntil(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("Condition not met within 30 s")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
