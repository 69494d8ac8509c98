import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation

/// `askbook search "QUERY"`: GitBook's search result shape, spaces › pages › sections.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search the imported documentation.")

    @Argument(help: "The search query (at most 512 characters).")
    var query: String

    @Option(name: .long, help: "Only search this space (repeatable).")
    var space: [String] = []

    @Option(name: .long, help: "Number of sections to return (0…1000).")
    var limit = 10

    @Option(name: .long, help: "Base URL of urls.app (default: $ASKBOOK_PUBLIC_URL, else http://127.0.0.1:8080).")
    var publicURL: String?

    @Flag(name: .long, help: "Print GitBook's search response body.")
    var json = false

    @Flag(name: .long, help: "Record the search in the query log, as the server records searches.")
    var logInsights = false

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        try ValidationError.checking {
            try QueryPolicy.checkQuery(query, field: "query")
            try QueryPolicy.checkLimit(limit, field: "--limit value")
        }
    }

    func run() async throws {
        let start = ContinuousClock.now
        let snapshot = try await storeOptions.loadSnapshot(holding: space)
        let base = publicURL ?? ProcessInfo.processInfo.environment["ASKBOOK_PUBLIC_URL"] ?? "http://127.0.0.1:8080"
        let results = try SearchComposer(baseURL: base).search(
            query,
            retriever: AnswerEngine(snapshot: snapshot).retriever,
            spaces: space.isEmpty ? nil : Set(space),
            limit: limit
        )
        if logInsights {
            let spaces = space.isEmpty ? Set(snapshot.segments.map(\.spaceID)) : Set(space)
            let entry = QueryLogEntry.search(query: query, organization: "", spaces: spaces, results: results, since: start)
            try await storeOptions.openStore().appendQueryLog(entry.cli(snapshot: snapshot))
        }
        if json {
            print(try JSONOutput.string(results))
            return
        }
        let style = TerminalStyle.standardOutput
        if let spelling = results.spelling { print(spelling.line) }
        print(style.dim("\(results.count) matching sections"))
        for space in results.items {
            print(style.bold(space.title))
            for page in space.pages {
                print("  \(page.title) \(style.dim(page.path.isEmpty ? "./" : page.path))")
                for section in page.sections ?? [] {
                    print("    § \(section.title.isEmpty ? page.title : section.title) \(style.dim("#" + section.id))")
                    print("      \(section.body)")
                }
            }
        }
    }
}
