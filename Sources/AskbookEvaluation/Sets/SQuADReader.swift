import AskbookCore
import Foundation

/// Reads SQuAD v1.1 (`squad-v1.1-dev.json`): each article a page, each paragraph a section `p<n>`; a question's gold is
/// its paragraph. Articles 1–24 are the tuning side, the rest the test side.
enum SQuADReader {
    /// The file's shape (the fields read here).
    struct File: Decodable {
        struct Article: Decodable {
            var title: String?
            var paragraphs: [Paragraph]?
        }
        struct Paragraph: Decodable {
            var context: String?
            var qas: [QA]?
        }
        struct QA: Decodable {
            var id: String?
            var question: String?
            var answers: [Answer]?
        }
        struct Answer: Decodable {
            var text: String?
        }
        var data: [Article]
    }

    /// Articles before this index are the tuning side.
    static let tuningArticles = 24

    /// Decodes the file at `url`.
    ///
    /// - Throws: `AskbookError.unreadableFile`, or `.malformedData` when it is not SQuAD v1.1.
    static func file(_ url: URL) throws -> File {
        guard let data = try? Data(contentsOf: url) else { throw AskbookError.unreadableFile(url.path) }
        guard let file = try? JSONDecoder().decode(File.self, from: data) else {
            throw AskbookError.malformedData(path: url.path, reason: "not SQuAD v1.1 (see Evaluation/README.md for the file expected).")
        }
        return file
    }

    /// The corpus and questions of the file at `url`.
    static func read(_ url: URL) throws -> ([CorpusPage], [EvalQuestion]) {
        var pages: [CorpusPage] = []
        var questions: [EvalQuestion] = []
        for (index, article) in try file(url).data.enumerated() {
            let title = article.title ?? "article-\(index)"
            let paragraphs = article.paragraphs ?? []
            pages.append(
                CorpusPage(
                    page: title,
                    title: title.replacingOccurrences(of: "_", with: " "),
                    sections: paragraphs.enumerated().map { CorpusPage.Section(id: "p\($0.offset)", title: "", text: $0.element.context ?? "") }
                )
            )
            for (p, paragraph) in paragraphs.enumerated() {
                for qa in paragraph.qas ?? [] {
                    let answers = (qa.answers ?? []).compactMap(\.text)
                    questions.append(
                        EvalQuestion(
                            id: qa.id ?? UUID().uuidString,
                            question: qa.question ?? "",
                            answers: Array(Set(answers)).sorted(),
                            gold: .init(space: "squad", page: title, section: "p\(p)"),
                            split: index < tuningArticles ? "tune" : "test"
                        )
                    )
                }
            }
        }
        return (pages, questions)
    }
}
