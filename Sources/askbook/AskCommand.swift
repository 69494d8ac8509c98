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

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let question, question.trimmingWhitespace().isEmpty { throw ValidationError("The question is empty.") }
    }

    func run() async throws {
        let snapshot = try await storeOptions.loadSnapshot()
        for id in space where snapshot.segment(space: id) == nil { throw AskbookError.unknownSpace(id) }
        let answerer = AnswerEngine(snapshot: snapshot).answerer()
        let spaces = space.isEmpty ? nil : Set(space)
        if let question {
            try print(render(answerer.ask(question, spaces: spaces), pretty: true))
            return
        }
        let interactive = isatty(STDIN_FILENO) == 1
        while true {
            if interactive {
                FileHandle.standardOutput.write(Data("? ".utf8))
            }
            guard let line = readLine() else { break }
            guard !line.trimmingWhitespace().isEmpty else { continue }
            try print(render(answerer.ask(line, spaces: spaces), pretty: false))
            if !json { print() }
        }
    }

    private func render(_ result: AnswerResult, pretty: Bool) throws -> String {
        if json { return try JSONOutput.string(AskResponse(answer: result.answer), pretty: pretty) }
        let style = TerminalStyle.standardOutput
        var lines = result.retrieval.correction.map { [$0.line, ""] } ?? []
        lines.append(result.answer.answer.markdown ?? "")
        var numbered: [Int: Citation] = [:]
        for citation in result.composed.citations where numbered[citation.number] == nil { numbered[citation.number] = citation }
        if !numbered.isEmpty {
            lines.append("")
            lines.append(style.bold(result.composed.abstained ? "Closest pages" : "Sources"))
            for (number, citation) in numbered.sorted(by: { $0.key < $1.key }) {
                let title =
                    citation.sectionTitle == citation.pageTitle || citation.sectionTitle.isEmpty
                    ? citation.pageTitle : "\(citation.pageTitle) › \(citation.sectionTitle)"
                lines.append("  [\(number)] \(title) \(style.dim(AnswerComposer.link(path: citation.pagePath, section: citation.sectionID)))")
            }
        }
        if !result.answer.followupQuestions.isEmpty {
            lines.append("")
            lines.append(style.bold("Follow-up questions"))
            lines += result.answer.followupQuestions.map { "  • " + style.cyan($0) }
        }
        return lines.joined(separator: "\n")
    }
}
