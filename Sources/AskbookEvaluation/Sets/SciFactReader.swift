import AskbookCore
import Foundation

/// Reads BEIR SciFact (`scifact/`): each abstract of `corpus.jsonl` a page with one section `abstract`; graded gold
/// from `qrels/train.tsv` (tuning side) and `qrels/test.tsv` (test side), question texts from `queries.jsonl`.
enum SciFactReader {
    /// A line of `corpus.jsonl`.
    struct Document: Decodable {
        var id: String?
        var title: String?
        var text: String?

        enum CodingKeys: String, CodingKey {
            case id = "_id"
            case title, text
        }
    }

    /// A line of `queries.jsonl`.
    struct Query: Decodable {
        var id: String?
        var text: String?

        enum CodingKeys: String, CodingKey {
            case id = "_id"
            case text
        }
    }

    /// The corpus and questions of the folder.
    ///
    /// - Throws: `AskbookError.unreadableFile` when a file is missing, `.malformedData` when a line is not the expected object.
    static func read(_ folder: URL) throws -> ([CorpusPage], [EvalQuestion]) {
        let pages = try DataSetLines.read(Document.self, folder.appendingPathComponent("corpus.jsonl")).map { doc in
            let id = doc.id ?? ""
            let title = doc.title ?? id
            return CorpusPage(page: id, title: title, sections: [.init(id: "abstract", title: title, text: doc.text ?? "")])
        }
        let texts = Dictionary(
            try DataSetLines.read(Query.self, folder.appendingPathComponent("queries.jsonl")).map { ($0.id ?? "", $0.text ?? "") },
            uniquingKeysWith: { a, _ in a }
        )
        var questions: [EvalQuestion] = []
        for (file, split) in [("qrels/train.tsv", "tune"), ("qrels/test.tsv", "test")] {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else {
                throw AskbookError.unreadableFile(folder.appendingPathComponent(file).path)
            }
            var relevant: [String: [String: Int]] = [:]
            var order: [String] = []
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                let fields = line.split(separator: "\t").map(String.init)
                guard fields.count >= 3, let grade = Int(fields[2]) else { continue }
                if relevant[fields[0]] == nil { order.append(fields[0]) }
                relevant[fields[0], default: [:]][fields[1]] = grade
            }
            for id in order {
                let graded = relevant[id]!
                let best = graded.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key
                questions.append(
                    EvalQuestion(
                        id: "scifact-\(id)",
                        question: texts[id] ?? "",
                        answers: [],
                        gold: .init(space: "scifact", page: best, section: "abstract"),
                        relevant: graded,
                        split: split
                    )
                )
            }
        }
        return (pages, questions)
    }
}
