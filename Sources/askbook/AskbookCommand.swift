import ArgumentParser

/// The `askbook` command line: import documentation, ask questions, search, and inspect the vectorizer.
@main
struct AskbookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "askbook",
        abstract: "Self-hosted question answering over documentation, with GitBook's API shapes.",
        subcommands: [
            ImportCommand.self, AskCommand.self, SearchCommand.self, ServeCommand.self, MCPCommand.self, SpacesCommand.self, SitesCommand.self,
            TokensCommand.self,
            EvalCommand.self,
            BenchCommand.self, AnalyzeCommand.self, InsightsCommand.self,
        ]
    )
}
