import ArgumentParser
import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import Testing

@testable import askbook

/// `askbook ask|search --log-insights`, `askbook insights unanswered|top`, and the serve options of the query log.
@Suite struct InsightsCLITests {
    @Test func loggedQuestionsAreListedByTopicAndCounted() throws {
        let db = CLI.temporaryDatabase()
        defer { CLI.removeDatabase(db) }
        let fixture = CLI.packageRoot.appendingPathComponent("Tests/AskbookCoreTests/Fixtures/gitsync").path
        #expect(try CLI.run(["import", fixture, "--space", "coffee", "--db", db]).status == 0)
        for question in ["Which zeppelin leaves at dawn?", "How much is a zeppelin ticket?"] {
            #expect(try CLI.run(["ask", question, "--log-insights", "--db", db]).status == 0)
        }
        // Not logged without the flag.
        #expect(try CLI.run(["ask", "Can I bring a dog on the zeppelin?", "--db", db]).status == 0)
        #expect(try CLI.run(["search", "grind size", "--log-insights", "--db", db]).status == 0)

        let json = try CLI.run(["insights", "unanswered", "--json", "--db", db])
        #expect(json.status == 0, "\(json.stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let topics = try decoder.decode([QuestionTopic].self, from: Data(json.stdout.utf8))
        #expect(topics.count == 1)
        #expect(topics.first?.count == 2 && topics.first?.terms.contains("zeppelin") == true)

        let text = try CLI.run(["insights", "--db", db])
        #expect(text.stdout.contains("How much is a zeppelin ticket?") && !text.stdout.contains("dog"))

        let top = try CLI.run(["insights", "top", "--json", "--db", db])
        struct Top: Decodable {
            struct List: Decodable { var searches: Int }
            var searches: List
            var asks: List
        }
        let counts = try decoder.decode(Top.self, from: Data(top.stdout.utf8))
        #expect(counts.searches.searches == 1 && counts.asks.searches == 2)

        let bad = try CLI.run(["insights", "unanswered", "--since", "yesterday", "--db", db])
        #expect(bad.status != 0 && bad.stderr.contains("--since"))
        let otherOrganization = try CLI.run(["insights", "top", "--org", "globex", "--json", "--db", db])
        #expect(try decoder.decode(Top.self, from: Data(otherOrganization.stdout.utf8)).asks.searches == 0)
    }

    @Test func serveOptionsFillTheInsightsConfiguration() throws {
        let defaults = try #require(try AskbookCommand.parseAsRoot(["serve"]) as? ServeCommand).serverConfiguration(environment: [:])
        #expect(defaults.insightsEnabled && defaults.insightsRetention == .seconds(90 * 86_400) && !defaults.insightsRecordsClientAddress)
        let serve = try #require(
            try AskbookCommand.parseAsRoot(["serve", "--no-insights", "--insights-retention-days", "7", "--insights-log-ip"]) as? ServeCommand
        )
        let configuration = serve.serverConfiguration(environment: [:])
        #expect(
            !configuration.insightsEnabled && configuration.insightsRetention == .seconds(7 * 86_400) && configuration.insightsRecordsClientAddress
        )
        for value in ["-1", "1e300", "nan"] {
            #expect(throws: (any Error).self) { _ = try AskbookCommand.parseAsRoot(["serve", "--insights-retention-days", value]) }
        }
    }
}
