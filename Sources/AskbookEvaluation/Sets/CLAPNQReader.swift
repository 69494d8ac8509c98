import AskbookCore
import Foundation

/// Reads CLAP NQ dev (`clapnq-dev/`): the gold passages of the answerable and unanswerable files as the corpus (one
/// page per distinct passage, section `passage`), every question kept (the 300 unanswerable ones too). The first half
/// of each file is the tuning side.
enum CLAPNQReader {
    /// A line of `clapnq_dev_answerable.jsonl` or `clapnq_dev_unanswerable.jsonl`.
    struct Line: Decodable {
        struct Passage: Decodable {
            var title: String?
            var text: String?
        }
        struct Output: Decodable {
            var answer: String?
        }
        var id: String?
        var input: String?
        var passages: [Passage]?
        var output: [Output]?
    }

    static let files = ["clapnq_dev_answerable.jsonl", "clapnq_dev_unanswerable.jsonl"]

    /// The corpus and questions of the folder.
    ///
    /// - Throws: `AskbookError.unreadableFile` when a file is missing, `.malformedData` when a line is not the expected object.
    static func read(_ folder: URL) throws -> ([CorpusPage], [EvalQuestion]) {
        var pages: [CorpusPage] = []
        var pageByText: [String: String] = [:]
        var questions: [EvalQuestion] = []
        for file in files {
            let lines = try DataSetLines.read(Line.self, folder.appendingPathComponent(file))
            for (index, line) in lines.enumerated() {
                var goldPage: String?
                for passage in line.passages ?? [] {
                    let title = passage.title ?? ""
                    let text = passage.text ?? ""
                    let key = title + "\u{1F}" + text
                    if pageByText[key] == nil {
                        let id = "passage-\(pages.count)"
                        pageByText[key] = id
                        pages.append(CorpusPage(page: id, title: title, sections: [.init(id: "passage", title: title, text: text)]))
                    }
                    goldPage = goldPage ?? pageByText[key]
                }
                let answer = (line.output?.first?.answer ?? "").trimmingWhitespace()
                questions.append(
                    EvalQuestion(
                        id: "clapnq-\(line.id ?? "\(index)")",
                        question: line.input ?? "",
                        answers: answer.isEmpty ? [] : [answer],
                        gold: answer.isEmpty ? nil : goldPage.map { .init(space: "clapnq", page: $0, section: "passage") },
                        split: index < lines.count / 2 ? "tune" : "test",
                        notes: answer.isEmpty ? "unanswerable" : nil
                    )
                )
            }
        }
        return (pages, questions)
    }
}
