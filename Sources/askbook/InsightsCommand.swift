import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation

/// `askbook insights unanswered|top`: what readers asked that the docs could not answer, grouped into topics, and
/// the most frequent searches and asks, from the query log.
struct InsightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights",
        abstract: "Read the query log: unanswered questions by topic, top searches and asks.",
        subcommands: [Unanswered.self, Top.self],
        defaultSubcommand: Unanswered.self
    )

    /// Options shared by the subcommands: the organization, the space and the period.
    struct Scope: ParsableArguments {
        @Option(name: .long, help: "The organization (default: the only one in the database).")
        var org: String?

        @Option(name: .long, help: "Only entries that searched this space.")
        var space: String?

        @Option(name: .long, help: "Entries since this date (YYYY-MM-DD) or this many days back (e.g. 7d); default 30d.")
        var since = "30d"

        /// The start date `--since` names.
        func start(now: Date = Date()) throws -> Date {
            if since.hasSuffix("d"), let days = Int(since.dropLast()), (0...36_500).contains(days) {
                return now.addingTimeInterval(-Double(days) * 86_400)
            }
            var format = Date.ISO8601FormatStyle().year().month().day()
            format.timeZone = TimeZone(identifier: "UTC")!
            if since.utf8.count <= 32, let date = try? format.parse(since) { return date }
            throw ValidationError("--since must be a date (YYYY-MM-DD) or a number of days (e.g. 7d).")
        }

        /// The filter these options describe, over `store`'s organizations.
        func filter(store: Store, kinds: Set<QueryLogEntry.Kind> = Set(QueryLogEntry.Kind.allCases)) async throws -> InsightsFilter {
            let organizations = Set(try await store.spaces(includeDeleted: true).map(\.organizationId))
            let organization: String
            if let org {
                organization = org
            } else if organizations.count == 1, let only = organizations.first {
                organization = only
            } else {
                throw ValidationError(
                    organizations.isEmpty
                        ? "The database holds no space." : "Choose an organization with --org: \(organizations.sorted().joined(separator: ", "))."
                )
            }
            return InsightsFilter(organizationID: organization, since: try start(), kinds: kinds, touching: space.map { [$0] })
        }
    }

    struct Unanswered: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Questions the docs could not answer (abstained, rated bad, or searches with no result), grouped into topics."
        )

        @OptionGroup var scope: Scope

        @Flag(name: .long, help: "Print the topics as JSON.")
        var json = false

        @Option(name: .long, help: "Topics to print (1…1000).")
        var limit = 20

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1…1000.") }
            _ = try scope.start()
        }

        func run() async throws {
            let store = try storeOptions.openStore()
            let filter = try await scope.filter(store: store)
            let entries = try await store.unansweredQueries(filter, limit: QuestionTopics.maxQuestions)
            let snapshot = try await storeOptions.loadSnapshot()
            let spaces = filter.touching ?? Set(snapshot.segments.filter { $0.organizationID == filter.organizationID }.map(\.spaceID))
            let topics = Array(
                QuestionTopics(model: snapshot.model).group(entries.map(\.unansweredQuestion), snapshot: snapshot, spaces: spaces).prefix(limit)
            )
            if json {
                print(try JSONOutput.string(topics))
                return
            }
            let style = TerminalStyle.standardOutput
            let day = Date.ISO8601FormatStyle().year().month().day()
            print(style.dim("\(entries.count) unanswered questions since \(try scope.start().formatted(day)), \(topics.count) topics"))
            for (number, topic) in topics.enumerated() {
                let asked = topic.lastAsked.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
                print(style.bold("\(number + 1). \(topic.terms.joined(separator: ", "))") + style.dim(" — \(topic.count)× , last asked \(asked)"))
                for example in topic.examples { print("   • \(example)") }
                if !topic.closestPages.isEmpty {
                    print(style.dim("   closest: " + topic.closestPages.map { "\($0.spaceID)/\($0.path) (\($0.questions))" }.joined(separator: ", ")))
                }
            }
        }
    }

    struct Top: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The most frequent searches and asks, with what they found.")

        @OptionGroup var scope: Scope

        @Flag(name: .long, help: "Print GitBook's AnalyticsTopSearches for searches and for asks, as JSON.")
        var json = false

        @Option(name: .long, help: "Queries to print per list (1…1000).")
        var limit = 20

        @OptionGroup var storeOptions: StoreOptions

        struct Output: Encodable {
            var searches: TopList
            var asks: TopList
        }

        /// GitBook's `AnalyticsTopSearches`.
        struct TopList: Encodable {
            var searches: Int
            var queries: [TopQuery]
        }

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1…1000.") }
            _ = try scope.start()
        }

        func run() async throws {
            let store = try storeOptions.openStore()
            var lists: [TopList] = []
            for kind in [QueryLogEntry.Kind.search, .ask] {
                let (count, queries) = try await store.topQueries(try await scope.filter(store: store, kinds: [kind]), limit: limit)
                lists.append(TopList(searches: count, queries: queries))
            }
            if json {
                print(try JSONOutput.string(Output(searches: lists[0], asks: lists[1])))
                return
            }
            let style = TerminalStyle.standardOutput
            for (title, list) in zip(["Top searches", "Top asks"], lists) {
                print(style.bold(title) + style.dim(" (\(list.searches) in all)"))
                for query in list.queries {
                    print(
                        "  \(String(query.searches).leftPadded(to: 5))  \(query.query)" + style.dim("  \(query.hits) hits, \(query.pageHits) pages")
                    )
                }
            }
        }
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
