import Foundation

/// One line of a question set (`Evaluation/questions/*.jsonl`).
///
/// `answers` are strings a correct answer contains; empty means the corpus does not answer the question, and then
/// `gold` is `null`. `gold` names the space, page path and section id whose text holds the answer.
public struct EvalQuestion: Codable, Sendable, Hashable {
    /// Where the answer is.
    public struct Gold: Codable, Sendable, Hashable {
        public var space: String
        public var page: String
        public var section: String

        public init(space: String, page: String, section: String) {
            self.space = space
            self.page = page
            self.section = section
        }
    }

    public var id: String
    public var question: String
    public var answers: [String]
    public var gold: Gold?
    /// Graded relevance by page path (corpus document id), for sets with qrels (SciFact).
    public var relevant: [String: Int]?
    /// `tune` or `test`: the side a question belongs to; tuning never looks at `test`.
    public var split: String?
    public var notes: String?

    public init(
        id: String,
        question: String,
        answers: [String],
        gold: Gold?,
        relevant: [String: Int]? = nil,
        split: String? = nil,
        notes: String? = nil
    ) {
        self.id = id
        self.question = question
        self.answers = answers
        self.gold = gold
        self.relevant = relevant
        self.split = split
        self.notes = notes
    }

    /// Whether the corpus answers the question (it has a gold section or relevant documents).
    public var isAnswerable: Bool { gold != nil || !(relevant?.isEmpty ?? true) }

    /// Writes a question set as JSON Lines.
    public static func write(_ questions: [EvalQuestion], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for question in questions {
            data.append(try encoder.encode(question))
            data.append(0x0A)
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Reads a JSON Lines question set; blank lines are skipped.
    ///
    /// - Throws: `AskbookError.invalidArgument` naming the first bad line.
    public static func load(path: String) throws -> [EvalQuestion] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AskbookError.invalidArgument("Cannot read the question set \(path).")
        }
        let decoder = JSONDecoder()
        var questions: [EvalQuestion] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                questions.append(try decoder.decode(EvalQuestion.self, from: Data(line.utf8)))
            } catch {
                throw AskbookError.invalidArgument("\(path):\(number + 1): not a question line (\(error)).")
            }
        }
        return questions
    }
}
