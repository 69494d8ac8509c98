import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation

/// `askbook ask "QUESTION"`: prints a cited markdown answer, its sources and follow-up questions.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer a question from the imported documentation.",
        discussion: "Without a question, reads one question per line from standard input."
    )

    @Argument(help: "The question (omit to read questions from standard input).")
    var question: String?

    @Option(name: .long, help: "Only answer from this space (repeatable).")
    var space: [String] = []

    @Flag(name: .long, help: "Print GitBook's ask response body {\"answer\": {...}}.")
    var json = false

    @Flag(name: .long, help: "Record each question in the query log, as the server records asks.")
    var logInsights = false

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let question, question.trimmingWhitespace().isEmpty { throw ValidationError(AskbookError.emptyQuery.description) }
    }

    func run() async throws {
        let snapshot = try await storeOptions.loadSnapshot(holding: space)
        let answerer = AnswerEngine(snapshot: snapshot).answerer()
        let spaces = space.isEmpty ? nil : Set(space)
        let log = logInsights ? try storeOptions.openStore() : nil
        func answer(_ question: String, pretty: Bool) async throws {
            let start = ContinuousClock.now
            let result = try answerer.ask(question, spaces: spaces)
            if let log {
                let entry = QueryLogEntry.ask(
                    query: question,
                    organization: "",
                    spaces: spaces ?? Set(snapshot.segments.map(\.spaceID)),
                    sources: result.answer.sources,
                    abstained: result.composed.abstained,
                    retrieval: result.retrieval,
                    since: start,
                    answerID: nil
                )
                try await log.appendQueryLog(entry.cli(snapshot: snapshot))
            }
            try print(render(result, pretty: pretty))
        }
        if let question {
            try await answer(question, pretty: true)
            return
        }
        let interactive = isatty(STDIN_FILENO) == 1
        while true {
            if interactive {
                FileHandle.standardOutput.write(Data("? ".utf8))
            }
            guard let line = readLine() else { break }
            guard !line.trimmingWhitespace().isEmpty else { continue }
            try await answer(line, pretty: false)
            if !json { print() }
        }
    }

    private func render(_ result: AnswerResult, pretty: Bool) throws -> String {
        if json { return try JSONOutput.string(AskResponse(answer: result.answer), pretty: pretty) }
        let style = TerminalStyle.standardOutput
        var lines = result.retrieval.correction.map { [$0.line, ""] } ?? []
        lines.append(result.answer.answer.markdown ?? "")
        let sources = result.composed.numberedSources
        if !sources.isEmpty {
            lines += ["", style.bold(result.composed.abstained ? "Closest pages" : "Sources")]
            lines += sources.map { "  [\($0.number)] \($0.displayTitle) \(style.dim($0.link))" }
        }
        if !result.answer.followupQuestions.isEmpty {
            lines += ["", style.bold("Follow-up questions")]
            lines += result.answer.followupQuestions.map { "  • " + style.cyan($0) }
        }
        return lines.joined(separator: "\n")
    }
}
